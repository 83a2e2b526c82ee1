"""A block's tables -> raw indicator rows keyed by canonical column.

- Header rows are recognised by their text (:mod:`normalize.columns`); a table
  without one continues the previous table (same column count), else takes the
  previous block's columns, else the layout usual for its column count (flagged).
- Column-number rows ("1 2 3 4") and repeated headers are not data.
- The first row of a continued table whose leading cells are empty is the tail
  of the row the page break split: it is joined to that row.
- A row with no sasaran, indicator or formula is a wrapped remainder of the row
  above (a grid line drawn through a cell) and is joined to it.
- An empty or merged sasaran cell takes the sasaran above (a spanning cell); its
  No follows it when the No cell is empty too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace

from domain.pages import BBox, union_bbox
from domain.structure import Block, Cell, Line, Table
from normalize.columns import (
    ColumnMatch,
    is_column_number_row,
    is_header_row,
    map_headers,
    positional_mapping,
    score_header,
)

LEADING = ("no", "sasaran", "indikator")
CONTENT = ("sasaran", "indikator", "formula")


@dataclass(slots=True)
class RawRow:
    """One table row with its cells under canonical column names."""

    cells: dict[str, Cell]
    extra: dict[str, str] = field(default_factory=dict)
    unmapped: dict[str, str] = field(default_factory=dict)
    page: int = 1
    bbox: BBox | None = None
    source: str = "grid"
    ruled: bool = True
    inferred: list[str] = field(default_factory=list)
    joined_pages: list[int] = field(default_factory=list)
    joined_rows: int = 0
    inherited: list[str] = field(default_factory=list)
    table_index: int = 0
    row_index: int = 0
    certainty: float | None = None
    """Structure certainty the parser gave this row (None: the source's usual)."""
    notes: list[str] = field(default_factory=list)
    """Reasons for doubt the parser gave this row (flag codes)."""

    def text(self, col: str) -> str:
        c = self.cells.get(col)
        return c.text if c is not None else ""


@dataclass(slots=True)
class Columns:
    matches: list[ColumnMatch]
    source: str
    """``header`` (read from a header row), ``continued`` (from the previous table),
    ``positional`` (assumed from the column count)."""


def _texts(row: list[Cell]) -> list[str]:
    return [c.text for c in row]


def _header_end(table: Table) -> int:
    """Number of leading header rows (0 when the table has none).

    The header may run over several rows: a second header line ("Cara Perhitungan
    /" + "Penjelasan"), or, on a scan whose rule under the header faded, a row
    mixing the last header cells with the column numbers ("1 | 2 | Penjelasan /
    Formulasi Penghitungan | SumberData 4"). Column-number rows right under the
    header are left to the caller (they are skipped as data)."""
    if not table.rows or not is_header_row(_texts(table.rows[0])):
        return 0
    k = 1
    while k < min(4, len(table.rows)):
        texts = _texts(table.rows[k])
        if is_header_row(texts) or (_header_part(texts) and not is_column_number_row(texts)):
            k += 1
        else:
            break
    return k


def _header_part(texts: list[str]) -> bool:
    """Every filled cell is its column's number or a short header phrase."""
    filled = [(i, t) for i, t in enumerate(texts) if t.strip()]
    if not filled:
        return False
    phrases = 0
    for i, t in filled:
        bare = re.sub(r"[^0-9a-zA-Z ]", " ", t).split()
        if bare and all(w.isdigit() for w in bare) and int(bare[0]) in (i, i + 1):
            continue
        if len(t.split()) <= 6 and max(score_header(t).values()) >= 85:
            phrases += 1
            continue
        return False
    return phrases > 0


def _merged_header(table: Table, end: int) -> list[str]:
    n = table.n_cols
    heads = [""] * n
    for r in table.rows[:end]:
        for i, c in enumerate(r):
            if c.text:
                heads[i] = f"{heads[i]} {c.text}".strip()
    return heads


def _header_matches(table: Table, end: int) -> list[ColumnMatch]:
    """Map the header; a sub-column under a header cell merged across it (formula
    | "x" | "100%") belongs to the column of that header cell, unless it is a
    column of its own (numbered, or holding text in most rows): then the rule
    between the header cells was lost (a faded scan) and the header cell's words
    are shared out by the columns' edges."""
    heads = _merged_header(table, end)
    numbers = table.rows[end] if end < len(table.rows) else []
    if not is_column_number_row(_texts(numbers)):
        numbers = []
    owner = list(range(len(heads)))
    source = list(range(len(heads)))  # the column whose header cell covers this one
    starts: dict[int, float] = {}  # left edge of a column given words of a shared cell
    for i in range(1, len(heads)):
        if not heads[i] and any(i < len(r) and r[i].joined_left for r in table.rows[:end]):
            source[i] = source[i - 1]
            edge = _own_column_edge(table, end, numbers, i)
            if edge is not None:
                src = source[i]
                words = [w for r in table.rows[:end] if src < len(r) for w in r[src].words]
                left = owner[i - 1]
                lo = starts.get(left, float("-inf"))
                mine = [w.text for w in words if lo <= w.xc < edge]
                theirs = [w.text for w in words if w.xc >= edge]
                if mine and theirs:
                    heads[left], heads[i], starts[i] = " ".join(mine), " ".join(theirs), edge
                    continue
            owner[i] = owner[i - 1]
    own = sorted(set(owner))
    mapped = dict(zip(own, map_headers([heads[i] for i in own]), strict=True))
    return [mapped[owner[i]] for i in range(len(heads))]


def _own_column_edge(table: Table, end: int, numbers: list[Cell], i: int) -> float | None:
    """The left edge of column ``i`` when it is a column of its own under a header
    cell merged across it: a column-number row numbers it, or most data rows hold
    text of their own there (sub-columns hold "x" and "100%"). None otherwise."""
    if i < len(numbers) and numbers[i].text.strip() and numbers[i].bbox is not None:
        return numbers[i].bbox[0]
    data = [r[i] for r in table.rows[end:] if i < len(r) and not r[i].spanned]
    texts = [c for c in data if sum(w.isalpha() for w in c.text.split()) >= 2]
    boxes = [c.bbox for c in texts if c.bbox is not None]
    if len(data) >= 2 and len(texts) * 2 >= len(data) and boxes:
        return min(b[0] for b in boxes)
    return None


def merge_phantom_columns(table: Table) -> Table:
    """Fold into the column on its left each ruled column that no data row fills
    and that brings no header of its own to a headed neighbour: lines a scan's
    noise or a stamp drew through a column split it in three, its header word in
    one part and its text in another (Kapuas Hulu heavy scan, page 7)."""
    n = table.n_cols
    if table.source != "grid" or n < 3:
        return table
    rows = [r + [Cell() for _ in range(n - len(r))] for r in table.rows]
    heads = {
        i for i, r in enumerate(rows) if is_header_row(_texts(r)) or is_column_number_row(_texts(r))
    }
    data = [r for i, r in enumerate(rows) if i not in heads]
    if len(data) < 2:
        return table
    filled = [any(r[c].text.strip() for r in data) for c in range(n)]
    # a header place covered by the header cell on its left counts as headed
    headed = [
        any(rows[i][c].text.strip() or rows[i][c].joined_left for i in heads) for c in range(n)
    ]
    groups: list[list[int]] = [[0]]
    for c in range(1, n):
        if not filled[c] and not (headed[c] and any(headed[k] for k in groups[-1])):
            groups[-1].append(c)
        else:
            groups.append([c])
    if len(groups) == n:
        return table
    merged = []
    for r in rows:
        cells = []
        for g in groups:
            cell = r[g[0]]
            for c in g[1:]:
                cell = side_by_side(cell, r[c])
            cells.append(cell)
        merged.append(cells)
    return replace(table, rows=merged)


def block_rows(block: Block, carry: Columns | None = None) -> tuple[list[RawRow], Columns | None]:
    """Raw rows of every table of ``block``; returns them and the column mapping
    in force at the end (for a table continuing into the next block)."""
    rows: list[RawRow] = []
    cols: Columns | None = None
    for ti, table in enumerate(block.tables):
        if not table.rows:
            continue
        table = merge_phantom_columns(table)
        hend = _header_end(table)
        if hend:
            cols = Columns(_header_matches(table, hend), "header")
        elif cols is not None and len(cols.matches) == table.n_cols:
            cols = Columns(cols.matches, "continued")
        elif carry is not None and len(carry.matches) == table.n_cols:
            cols = Columns(carry.matches, "continued")
        else:
            pos = positional_mapping(table.n_cols)
            if pos is None:
                continue
            cols = Columns(pos, "positional")
        continuing = ti > 0 or (hend == 0 and cols.source == "continued")
        if hend and rows:
            _header_tails(table.rows[:hend], cols, rows[-1], table.page)
        first_data = True
        for ri, r in enumerate(table.rows[hend:], start=hend):
            texts = _texts(r)
            if not any(texts) or is_column_number_row(texts) or (ri > 0 and is_header_row(texts)):
                continue
            if ri == hend and hend > 0 and _column_labels(texts):
                continue
            raw = _raw_row(r, cols, table, ti, ri)
            prev = rows[-1] if rows else None
            ind = raw.cells.get("indikator")
            if prev is not None and ind is not None and ind.spanned:
                # the indicator cell is merged down over this grid row: same indicator.
                # A rule drawn across the formula cell alone (a fraction bar touching the
                # cell's borders) makes such a row: its formula part is the denominator.
                _join(prev, raw, page_break=raw.page != prev.page, rule_between={"formula"})
            elif prev is not None and first_data and continuing and _is_tail(raw, prev):
                _join(prev, raw, page_break=True)
            elif prev is not None and not any(raw.text(c) for c in CONTENT) and not raw.text("no"):
                _join(prev, raw, page_break=raw.page != prev.page)
            else:
                rows.append(raw)
            first_data = False
    _propagate(rows)
    return rows, cols


_BULLET_LINE = re.compile(r"^\s*[-–•]\s+\S")


def _header_tails(header: list[list[Cell]], cols: Columns, prev: RawRow, page: int) -> None:
    """Move list items found under a repeated header's label into ``prev``: the
    end of the last row of the page before, printed under the header on this
    page, in a header cell whose rule below the scan lost ("Sumber Data",
    "- Dokumen Rencana Aksi"). The row is marked joined across the page break."""
    for row in header:
        for c, m in zip(row, cols.matches, strict=False):
            starts = [i for i, ln in enumerate(c.lines) if i and _BULLET_LINE.match(ln.text)]
            if not m.canonical or not starts:
                continue
            tail = c.lines[starts[0] :]
            base = prev.cells.get(m.canonical)
            lines = (base.lines if base is not None else []) + tail
            prev.cells[m.canonical] = Cell(lines=lines, bbox=base.bbox if base else c.bbox)
            if page != prev.page and page not in prev.joined_pages:
                prev.joined_pages.append(page)


def _raw_row(r: list[Cell], cols: Columns, table: Table, ti: int, ri: int) -> RawRow:
    cells: dict[str, Cell] = {}
    extra: dict[str, str] = {}
    unmapped: dict[str, str] = {}
    inferred: list[str] = []
    for c, m in zip(r, cols.matches, strict=False):
        if m.canonical:
            if m.canonical in cells:  # two columns read as one: keep both texts
                cells[m.canonical] = Cell(
                    lines=cells[m.canonical].lines + c.lines, bbox=cells[m.canonical].bbox
                )
            else:
                cells[m.canonical] = c
            if m.inferred or cols.source == "positional":
                inferred.append(m.canonical)
        elif c.text:
            key = m.extra or m.header or f"column {len(extra) + len(unmapped) + 1}"
            (extra if m.extra else unmapped)[key] = c.text
    boxes = [c.bbox for c in r if c.bbox]
    bbox = union_bbox(boxes) if boxes else None
    certainty = table.row_certainty[ri] if ri < len(table.row_certainty) else None
    notes = list(table.row_notes[ri]) if ri < len(table.row_notes) else []
    return RawRow(
        certainty=certainty,
        notes=notes,
        cells=cells,
        extra=extra,
        unmapped=unmapped,
        page=table.page,
        bbox=bbox,
        source=table.source,
        ruled=table.ruled,
        inferred=inferred,
        table_index=ti,
        row_index=ri,
    )


def side_by_side(a: Cell, b: Cell) -> Cell:
    """Merge two adjacent cells of one column: lines at the same height become one
    line, left to right (formula | "x" | "100%"); without positions, b follows a."""
    if b.is_empty and not any(ln.is_rule for ln in b.lines):
        return a
    if a.is_empty and not any(ln.is_rule for ln in a.lines):
        return b
    lines = a.lines + b.lines
    if any(ln.bbox is None for ln in lines):
        return Cell(lines=lines, bbox=a.bbox, spanned=a.spanned)
    rules = [ln for ln in lines if ln.is_rule]
    text = sorted((ln for ln in lines if not ln.is_rule), key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    merged: list[Line] = []
    for ln in text:
        last = merged[-1] if merged else None
        if last is not None and last.bbox is not None and ln.bbox is not None:
            h = min(last.bbox[3] - last.bbox[1], ln.bbox[3] - ln.bbox[1]) or 1.0
            if abs((last.bbox[1] + last.bbox[3]) / 2 - (ln.bbox[1] + ln.bbox[3]) / 2) < 0.5 * h:
                first, second = (last, ln) if last.bbox[0] <= ln.bbox[0] else (ln, last)
                box = union_bbox([last.bbox, ln.bbox])
                merged[-1] = Line(
                    f"{first.text} {second.text}", ln.page, box, first.words + second.words
                )
                continue
        merged.append(ln)
    out = sorted(merged + rules, key=lambda ln: ln.bbox[1] if ln.bbox else 0.0)
    boxes = [c.bbox for c in (a, b) if c.bbox]
    box = union_bbox(boxes) if boxes else None
    return Cell(lines=out, bbox=box, spanned=a.spanned)


def _is_tail(raw: RawRow, prev: RawRow) -> bool:
    """Is ``raw`` the part of ``prev`` that a page break pushed onto the next page?"""
    lead = [raw.cells[c] for c in LEADING if c in raw.cells]
    if lead and all(c.is_empty for c in lead):
        return True
    ind = raw.text("indikator")
    return not raw.text("no") and not raw.text("sasaran") and ind[:1].islower()


def _join(
    prev: RawRow, tail: RawRow, page_break: bool, rule_between: set[str] | None = None
) -> None:
    for col, cell in tail.cells.items():
        if cell.is_empty or cell.spanned:
            continue
        base = prev.cells.get(col)
        if base is None or base.is_empty:
            prev.cells[col] = cell
        else:
            sep = [Line.rule(tail.page)] if rule_between and col in rule_between else []
            prev.cells[col] = Cell(lines=base.lines + sep + cell.lines, bbox=base.bbox)
    for k, v in tail.unmapped.items():
        prev.unmapped[k] = f"{prev.unmapped.get(k, '')} {v}".strip()
    for k, v in tail.extra.items():
        prev.extra[k] = f"{prev.extra.get(k, '')} {v}".strip()
    if tail.certainty is not None:
        prev.certainty = (
            tail.certainty if prev.certainty is None else min(prev.certainty, tail.certainty)
        )
    prev.notes.extend(n for n in tail.notes if n not in prev.notes)
    if page_break and tail.page not in prev.joined_pages:
        prev.joined_pages.append(tail.page)
    prev.joined_rows += 1


def _column_labels(texts: list[str]) -> bool:
    """The row under a header labelling its columns when they are no plain numbers
    (``I | II | III``, ``a | b | c``) or when a scan garbled the numbers (the
    heavy Sampang scan read ``1 | 2 | 3 | 4`` on a grey header row as ``hey | ok |
    aes | 4 4``): two or more cells, none longer than 4 characters. No data row of
    an indicator table is that short."""
    filled = [t.strip() for t in texts if t.strip()]
    return len(filled) >= 2 and all(len(t) <= 4 for t in filled)


_SPECKS = re.compile(r"[\s.,:;'`\"‘’“”]*")


SPECK_PT = 2.0
"""An OCR'd token lower than this is a speck whatever it was read as: the lowest
glyph of 8 pt type that is no dash, a lower-case letter, stands 3.5 pt."""


def _specks_only(cell: Cell) -> bool:
    """Empty, or holding only dots and ticks (specks of a scan read as ``.``), or
    only OCR'd tokens no taller than a speck (one read as "5" in an otherwise
    empty sasaran cell): a dash is kept, a decree may write one for "none"."""
    if _SPECKS.fullmatch(cell.text) is not None:
        return True
    words = cell.words
    return bool(words) and all(
        w.conf is not None and w.bottom - w.top < SPECK_PT and any(c.isalnum() for c in w.text)
        for w in words
    )


def _propagate(rows: list[RawRow]) -> None:
    """Copy cells merged down from above (drawn spans, any column) and empty
    sasaran cells (spans a text dump cannot show) to the rows they cover; the
    No follows an inherited sasaran when its cell is empty too."""
    for prev, row in itertools.pairwise(rows):
        for col, cell in list(row.cells.items()):
            if col not in prev.cells or prev.cells[col].is_empty:
                continue
            # a merged cell runs on over this row; one that a page break cut shows
            # up empty at the top of the continued table, below a row it spanned
            page_cut = (
                row.table_index != prev.table_index and col in prev.inherited and cell.is_empty
            )
            if cell.spanned or (page_cut and prev.ruled):
                row.cells[col] = prev.cells[col]
                row.inherited.append(col)
        sas = row.cells.get("sasaran")
        if sas is None or not _specks_only(sas) or not prev.text("sasaran"):
            continue
        if "sasaran" not in row.cells and sas is None:
            continue
        row.cells["sasaran"] = prev.cells["sasaran"]
        if "sasaran" not in row.inherited:
            row.inherited.append("sasaran")
        no = row.cells.get("no")
        if no is not None and no.is_empty and prev.text("no"):
            row.cells["no"] = prev.cells["no"]
            row.inherited.append("no")
