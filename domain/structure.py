"""Document structure produced by the parsers and read by the normalisers.

Every input path (PDF text layer, OCR, markdown/TSV dump, flattened OCR text) ends
up as a :class:`ParsedDocument`: a preamble, then one :class:`Block` per jabatan
with its header fields and its tables, each cell keeping its lines, words and
confidences so normalisation can score what it is unsure of.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.pages import BBox, Word

RULE = "\u2500" * 5
"""Text of a synthetic line standing for a drawn rule inside a cell (a fraction bar)."""


@dataclass(slots=True)
class Line:
    """One line of text: in a cell, a header, a preamble or a signature block."""

    text: str
    page: int = 1
    bbox: BBox | None = None
    words: list[Word] = field(default_factory=list)
    is_rule: bool = False

    @property
    def conf(self) -> float | None:
        """Mean OCR confidence (0..100) of the line's words; None when not OCR."""
        confs = [w.conf for w in self.words if w.conf is not None]
        return sum(confs) / len(confs) if confs else None

    @classmethod
    def rule(cls, page: int = 1, bbox: BBox | None = None) -> Line:
        return cls(text=RULE, page=page, bbox=bbox, is_rule=True)


@dataclass(slots=True)
class Cell:
    """One table cell. ``lines`` keeps the visual line structure (list items,
    stacked fractions as numerator / rule / denominator)."""

    lines: list[Line] = field(default_factory=list)
    bbox: BBox | None = None
    spanned: bool = False
    """True when this position is covered by a cell merged down from the row above."""
    joined_left: bool = False
    """True when this position is covered by a cell merged across from the left
    (a header over several sub-columns, e.g. formula | "x" | "100%")."""

    @property
    def text(self) -> str:
        return " ".join(ln.text for ln in self.lines if not ln.is_rule and ln.text).strip()

    @property
    def words(self) -> list[Word]:
        return [w for ln in self.lines for w in ln.words]

    @property
    def is_empty(self) -> bool:
        return not self.text


@dataclass(slots=True)
class Table:
    """A table as found on one page (a table running over pages is several of
    these, joined during normalisation)."""

    rows: list[list[Cell]]
    page: int
    bbox: BBox | None = None
    ruled: bool = True
    """True when the grid came from drawn ruling lines; False when inferred from
    text alignment or from a text dump's separators (a less certain structure)."""
    source: str = "grid"
    """How the grid was built: ``grid`` (ruling lines), ``aligned`` (word
    positions), ``markdown`` (a text dump's table), ``flattened`` (recovered from
    OCR text whose table was flattened into lines)."""
    row_certainty: list[float] = field(default_factory=list)
    """Optional per-row certainty (0..1) of the structure recovery, aligned with
    ``rows``; empty means the source's usual certainty. Recovery parsers set it
    so rows they rebuilt cleanly are not scored like ones they had to guess."""
    row_notes: list[list[str]] = field(default_factory=list)
    """Optional per-row reasons for doubt (flag codes), aligned with ``rows``."""

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(slots=True)
class Block:
    """One jabatan block: its header fields as printed, its tables, its signature."""

    jabatan: list[Line] = field(default_factory=list)
    tugas: list[Line] = field(default_factory=list)
    fungsi: list[Line] = field(default_factory=list)
    organisasi: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    heading: list[Line] = field(default_factory=list)
    """Title lines of the block (``INDIKATOR KINERJA INDIVIDU``, ``INDIKATOR KINERJA (IK)``...)."""
    page_start: int = 1
    page_end: int = 1
    unlabelled: bool = False
    """Opened without a Jabatan/Tugas/Fungsi label (a scan garbled them): the
    fields were filled from values printed after ":" in order, a guess."""


@dataclass(slots=True)
class ParsedDocument:
    """A whole decree as structure, before normalisation."""

    preamble: list[Line] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    trailer: list[Line] = field(default_factory=list)
    """Lines after the last block (a closing signature, for instance)."""
    pages: int = 1
    failed_pages: dict[int, str] = field(default_factory=dict)
    """Page number -> why it could not be read."""
    scanned_pages: list[int] = field(default_factory=list)
    """Pages that had no usable text layer (and were OCR'd, or skipped)."""
