"""Raw OCR text whose tables were flattened into lines -> :class:`ParsedDocument`.

This is the recovery path for a plain-text OCR dump of a scanned decree (seed 001,
Kabupaten Kutai Kartanegara: Tesseract output of a landscape scan). The text has no
table structure left: a row's cells share OCR lines, wrapped cell lines of several
columns are merged, some cells come out as paragraphs of their own.

Steps: :mod:`parsers.flattened_blocks` splits the text into blocks (header, table and
signature lines), :mod:`parsers.flattened_header` reads the header fields (both the
inline and the labels-first form), :mod:`parsers.flattened_rows` rebuilds the rows,
cutting each line with :mod:`parsers.flattened_split`. Every row carries the
certainty of its recovery and the reasons for doubt (``Table.row_certainty`` /
``Table.row_notes``): the normaliser starts its confidence from them, so a row built
on guesses goes to review. Nothing that was read is dropped: text that no row
claims is attached to the nearest row and flagged.
"""

from __future__ import annotations

import logging

from domain.records import CANONICAL_ORDER
from domain.structure import Cell, Line, ParsedDocument, Table
from parsers.flattened_blocks import RawLine, split_blocks
from parsers.flattened_cues import header_kinds, is_bullet, tokenize
from parsers.flattened_features import LineFeatures
from parsers.flattened_header import header_block
from parsers.flattened_rows import RowBuild, TableRecovery, header_lines
from parsers.segment import has_signature

log = logging.getLogger(__name__)

CONTENT_ORDER = tuple(c for c in CANONICAL_ORDER if c != "no")
CORE = ("sasaran", "indikator", "formula", "sumber_data")
HEADER_NAMES = {
    "no": "No.",
    "sasaran": "Sasaran",
    "indikator": "Indikator Kinerja",
    "alasan": "Alasan Memilih Indikator",
    "formula": "Formulasi Perhitungan",
    "penanggung_jawab": "Penanggung Jawab",
    "sumber_data": "Sumber Data",
    "target": "Target",
}
"""Header texts written into the rebuilt table (its columns are known by now; the
OCR'd header line is often too damaged to map: "=Are Bertvegon." for "Cara
Perhitungan /")."""
MIN_WIDTH_SAMPLES = 2


def parse_flattened(text: str) -> ParsedDocument:
    """Rebuild preamble, jabatan blocks (header fields, one recovered table each,
    signature lines) and trailer from a raw OCR text."""
    preamble, spans = split_blocks(text)
    doc = ParsedDocument(preamble=[r.line() for r in preamble], pages=1)
    firsts = [_first_pass(s.table) for s in spans]
    fallback = _median_widths([w for w, _ in firsts])
    for span, (own, marked) in zip(spans, firsts, strict=True):
        widths = _combine(own, fallback)
        block = header_block(span.header, span.heading)
        block.signature = [r.line() for r in span.signature]
        try:
            table = recover_table(span.table, widths, marked)
        except Exception:  # a bug must not lose the block's text: keep it, flagged
            log.exception("flattened table recovery failed; lines kept as one row each")
            table = fallback_table(span.table)
        if table is not None:
            block.tables.append(table)
        doc.blocks.append(block)
    _closing_signature(doc)
    return doc


Widths = dict[str, tuple[float, int]]


def _first_pass(lines: list[RawLine]) -> tuple[Widths, bool]:
    """Column widths (with their sample counts) and source-marking style, from a first
    pass over a table span without width costs."""
    if not any(r.text for r in lines):
        return {}, False
    rec = TableRecovery(columns_of(lines), {})
    rec.run(lines)
    return measure_widths(rec), marks_sources(rec)


def marks_sources(rec: TableRecovery) -> bool:
    """Do most source items of the table carry a list marker ("- Dokumen RPJMD")?"""
    firsts = [
        t.split()[0] if t.split() else ""
        for _row, t, split in rec.splits
        for col, i, _j in split.parts
        if col == "sumber_data"
        for t in [" ".join(x.text for x in tokenize(t)[i : i + 1])]
    ]
    marked = sum(is_bullet(w) for w in firsts)
    return len(firsts) >= 2 and marked >= 0.7 * len(firsts)


def _combine(own: Widths, doc: dict[str, float]) -> dict[str, float]:
    """A table's widths, floored by the decree's: a column whose cells are all short
    measures narrower than it is (the longest first line of a cell that does not wrap
    is shorter than the column), and the tables of one decree share a template."""
    out = dict(doc)
    for col, (w, _n) in own.items():
        out[col] = max(w, 0.9 * doc.get(col, 0.0))
    return out


def _median_widths(measured: list[Widths]) -> dict[str, float]:
    """A decree prints its tables alike: a table whose rows are too few to measure a
    column borrows the median width of the others (measured on two rows or more)."""
    out: dict[str, float] = {}
    for col in CONTENT_ORDER:
        vals = sorted(m[col][0] for m in measured if col in m and m[col][1] >= MIN_WIDTH_SAMPLES)
        if vals:
            out[col] = vals[len(vals) // 2]
    return out


def columns_of(lines: list[RawLine]) -> list[str]:
    """Content columns of a table: the core four plus any other its header names."""
    kinds: set[str] = set(CORE)
    for i in header_lines(lines):
        kinds.update(header_kinds(lines[i].text) or [])
    return [c for c in CONTENT_ORDER if c in kinds]


def recover_table(
    lines: list[RawLine], widths: dict[str, float] | None = None, marked: bool | None = None
) -> Table | None:
    """The rows of one table span, as a ``flattened`` Table (None when no row).
    ``widths`` (column widths in characters) and ``marked`` (source items carry
    markers) are measured on the span itself when not given."""
    if not any(r.text for r in lines):
        return None
    cols = columns_of(lines)
    if widths is None or marked is None:
        w0, m0 = _first_pass(lines)
        widths = {c: w for c, (w, _n) in w0.items()} if widths is None else widths
        marked = m0 if marked is None else marked
    rec = TableRecovery(cols, widths, marked)
    rows = rec.run(lines)
    if not rows:
        return None
    finish_rows(rows, rec.numbered)
    return build_table(rows, cols)


def measure_widths(rec: TableRecovery) -> dict[str, tuple[float, int]]:
    """Column widths in characters: the longest piece a row's first line gave a column,
    cut at cues with some margin.

    A cell's first line is filled up to the column edge when the cell wraps, so the
    longest one measures the column (proportional fonts make this approximate; the
    cost model allows 5%). The source column, the last, is measured on its marked
    items, from any line. Returns each width with its number of samples."""
    samples: dict[str, list[int]] = {}
    seen: set[int] = set()
    for row, text, split in rec.splits:
        first = id(row) not in seen
        seen.add(id(row))
        if split.guessed or split.margin < 0.5:
            continue
        f = LineFeatures.of(tokenize(text))
        for col, i, j in split.parts:
            if col == "sumber_data" and f.bullet[i]:
                # items: from their marker to the line end (the last column)
                ends = [k for k in range(i + 1, j) if f.bullet[k]] + [j]
                samples.setdefault(col, []).append(len(f.text(i + 1, ends[0])))
            elif first and col != "sumber_data":
                samples.setdefault(col, []).append(len(f.text(i, j, skip_mult=True)))
    return {c: (float(max(v)), len(v)) for c, v in samples.items() if v}


def finish_rows(rows: list[RowBuild], numbered: bool) -> None:
    """Whole-table checks: row numbers, missing cells, spanning source cells."""
    last: int | None = None
    for row in rows:
        if row.no is not None:
            last = row.no
        elif numbered and row.own_sasaran and last is not None:
            row.no = last + 1
            row.no_how = "sequence"
            last = row.no
            row.doubt("no_guessed", 0.7)
    with_formula = sum(r.has("formula") for r in rows)
    for row in rows:
        if not row.has("indikator"):
            row.doubt("indicator_missing", 0.5)
        if not row.has("formula") and with_formula * 2 > len(rows):
            row.doubt("formula_missing", 0.75)
    _spanning_sources(rows)


def _spanning_sources(rows: list[RowBuild]) -> None:
    """A source cell printed once beside the rows under a spanning sasaran (a merged
    cell, as in most templates): one row of the group got the sources, the others
    none. They are copied onto the group, flagged; and when a table shows that
    pattern, its other rows without sources are flagged too."""
    groups: list[list[RowBuild]] = []
    for row in rows:
        if row.own_sasaran or not groups:
            groups.append([row])
        else:
            groups[-1].append(row)
    spanned = False
    for g in groups:
        having = [r for r in g if r.has("sumber_data")]
        if len(g) < 2 or len(having) != 1:
            continue
        spanned = True
        for r in g:
            if r is not having[0]:
                r.cells["sumber_data"] = list(having[0].cells["sumber_data"])
                r.doubt("sumber_spanning", 0.75)
    if spanned:
        for r in rows:
            if not r.has("sumber_data"):
                r.doubt("sumber_unassigned", 0.7)


def build_table(rows: list[RowBuild], cols: list[str]) -> Table:
    header = [Cell(lines=[Line(HEADER_NAMES[c])]) for c in ("no", *cols)]
    out: list[list[Cell]] = [header]
    certainty: list[float] = [1.0]
    notes: list[list[str]] = [[]]
    for row in rows:
        cells = [Cell(lines=[Line(str(row.no))] if row.no is not None else [])]
        cells.extend(Cell(lines=[Line(t) for t in row.cells.get(c, [])]) for c in cols)
        out.append(cells)
        certainty.append(round(row.certainty, 3))
        notes.append(list(row.notes))
    return Table(
        rows=out,
        page=1,
        ruled=False,
        source="flattened",
        row_certainty=certainty,
        row_notes=notes,
    )


def fallback_table(lines: list[RawLine]) -> Table | None:
    """Every non-blank line as an indicator cell of its own row, flagged: what a table
    span becomes when its recovery fails."""
    heads = header_lines(lines)
    rows = [
        RowBuild(kind="fallback", cells={"indikator": [r.text]})
        for k, r in enumerate(lines)
        if r.text and k not in heads
    ]
    for row in rows:
        row.doubt("recovery_failed", 0.2)
    return build_table(rows, list(CORE)) if rows else None


def _closing_signature(doc: ParsedDocument) -> None:
    """The last block's signature is the document's when no other block is signed."""
    if len(doc.blocks) < 2 or not has_signature(doc.blocks[-1].signature):
        return
    if any(has_signature(b.signature) for b in doc.blocks[:-1]):
        return
    doc.trailer = doc.blocks[-1].signature
    doc.blocks[-1].signature = []
