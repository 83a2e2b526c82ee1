"""The dataset's rows, exactly as ``shared/SCHEMA.md`` defines them.

Added columns (allowed by the contract): ``indicators.provenance`` (JSON: where the
row came from, per-field confidences, OCR repairs, unmapped columns), and
``documents.pipeline_version`` / ``documents.ingested_at`` for resumable batches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

SourceKind = Literal["pdf-text", "pdf-scan", "image", "text"]
Status = Literal["ok", "partial", "failed"]
JenisIndikator = Literal["persentase", "jumlah", "indeks", "nilai", "status", "lainnya"]

INDICATOR_TEXT_FIELDS = (
    "no",
    "sasaran",
    "indikator",
    "formula",
    "pembilang",
    "penyebut",
    "penanggung_jawab",
    "alasan",
    "target",
)

DOCUMENT_META_FIELDS = (
    "pemda",
    "instansi",
    "jenis",
    "tahun",
    "nomor",
    "tanggal",
    "tempat",
    "penandatangan",
    "nip",
)
"""The document columns read from the decree's own text (metadata)."""
CANONICAL_ORDER = (
    "no",
    "sasaran",
    "indikator",
    "alasan",
    "formula",
    "penanggung_jawab",
    "sumber_data",
    "target",
)
"""The order the table columns appear in when a decree has them (used as a fallback)."""


@dataclass(slots=True)
class DocumentRecord:
    doc_id: str
    source_path: str
    source_kind: SourceKind | None = None
    pages: int | None = None
    pemda: str | None = None
    instansi: str | None = None
    jenis: str | None = None
    tahun: int | None = None
    nomor: str | None = None
    tanggal: date | None = None
    tempat: str | None = None
    penandatangan: str | None = None
    nip: str | None = None
    status: Status = "ok"
    error: str | None = None


@dataclass(slots=True)
class PositionRecord:
    position_id: str
    doc_id: str
    seq: int
    jabatan: str | None = None
    tugas: str | None = None
    fungsi: list[str] = field(default_factory=list)
    page_start: int | None = None
    page_end: int | None = None
    penandatangan: str | None = None
    nip: str | None = None
    tanggal: date | None = None


@dataclass(slots=True)
class IndicatorRecord:
    row_id: str
    doc_id: str
    position_id: str
    pemda: str | None = None
    tahun: int | None = None
    jabatan: str | None = None
    no: str | None = None
    sasaran: str | None = None
    indikator: str | None = None
    formula: str | None = None
    pembilang: str | None = None
    penyebut: str | None = None
    pengali: float | None = None
    jenis_indikator: JenisIndikator | None = None
    sumber_data: list[str] = field(default_factory=list)
    penanggung_jawab: str | None = None
    alasan: str | None = None
    target: str | None = None
    page: int | None = None
    bbox: str | None = None
    confidence: float = 1.0
    needs_review: bool = False
    flags: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DocumentResult:
    """Everything one input file produces: its document row, positions and indicators."""

    document: DocumentRecord
    positions: list[PositionRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
