"""Column definitions of the dataset (``shared/SCHEMA.md``), shared by the SQLite
store and the CSV/Parquet exports."""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1

DOCUMENT_COLUMNS: dict[str, pa.DataType] = {
    "doc_id": pa.string(),
    "source_path": pa.string(),
    "source_kind": pa.string(),
    "pages": pa.int64(),
    "pemda": pa.string(),
    "instansi": pa.string(),
    "jenis": pa.string(),
    "tahun": pa.int64(),
    "nomor": pa.string(),
    "tanggal": pa.date32(),
    "tempat": pa.string(),
    "penandatangan": pa.string(),
    "nip": pa.string(),
    "status": pa.string(),
    "error": pa.string(),
    "pipeline_version": pa.string(),
    "ingested_at": pa.timestamp("s", tz="UTC"),
}

POSITION_COLUMNS: dict[str, pa.DataType] = {
    "position_id": pa.string(),
    "doc_id": pa.string(),
    "seq": pa.int64(),
    "jabatan": pa.string(),
    "tugas": pa.string(),
    "fungsi": pa.list_(pa.string()),
    "page_start": pa.int64(),
    "page_end": pa.int64(),
    "penandatangan": pa.string(),
    "nip": pa.string(),
    "tanggal": pa.date32(),
}

INDICATOR_COLUMNS: dict[str, pa.DataType] = {
    "row_id": pa.string(),
    "doc_id": pa.string(),
    "position_id": pa.string(),
    "pemda": pa.string(),
    "tahun": pa.int64(),
    "jabatan": pa.string(),
    "no": pa.string(),
    "sasaran": pa.string(),
    "indikator": pa.string(),
    "formula": pa.string(),
    "pembilang": pa.string(),
    "penyebut": pa.string(),
    "pengali": pa.float64(),
    "jenis_indikator": pa.string(),
    "sumber_data": pa.list_(pa.string()),
    "penanggung_jawab": pa.string(),
    "alasan": pa.string(),
    "target": pa.string(),
    "page": pa.int64(),
    "bbox": pa.string(),
    "confidence": pa.float64(),
    "needs_review": pa.bool_(),
    "flags": pa.list_(pa.string()),
    "provenance": pa.string(),
}

CORRECTION_COLUMNS: dict[str, pa.DataType] = {
    "row_id": pa.string(),
    "field": pa.string(),
    "old_value": pa.string(),
    "new_value": pa.string(),
    "reviewer": pa.string(),
    "at": pa.timestamp("s", tz="UTC"),
}

TABLES: dict[str, dict[str, pa.DataType]] = {
    "documents": DOCUMENT_COLUMNS,
    "positions": POSITION_COLUMNS,
    "indicators": INDICATOR_COLUMNS,
}

KEYS = {"documents": "doc_id", "positions": "position_id", "indicators": "row_id"}

CORRECTABLE = frozenset(
    {
        "no",
        "sasaran",
        "indikator",
        "formula",
        "pembilang",
        "penyebut",
        "pengali",
        "jenis_indikator",
        "sumber_data",
        "penanggung_jawab",
        "alasan",
        "target",
        "needs_review",
    }
)
"""Indicator fields a reviewer may correct."""


def sql_type(t: pa.DataType) -> str:
    if pa.types.is_integer(t) or pa.types.is_boolean(t):
        return "INTEGER"
    if pa.types.is_floating(t):
        return "REAL"
    return "TEXT"
