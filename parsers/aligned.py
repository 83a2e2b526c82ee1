"""Tables without ruling lines, recovered from word positions.

1. Find a header: a visual line (or two or three close ones) whose phrases read as
   column headers (:func:`normalize.columns.is_header_row`).
2. Column boundaries: between adjacent header phrases, at the x where the body
   words below leave the widest blank (or the fewest words) .
3. Extent: down to a block heading, a signature line, a large vertical gap, or the
   page end (then the columns stay open for the next page).
4. Rows: a new row starts where the No column holds a number; without a No
   column, where the gap between lines is clearly wider than the line pitch.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from statistics import median

from domain.pages import Edge, Page, Word, union_bbox
from domain.structure import Cell, Line, Table
from normalize.columns import is_header_row, map_headers
from parsers.lines import cluster_rows, make_line, word_height

_STOP = re.compile(
    r"^\s*(?:\d+\s*[.,]?\s*)?(?:nama\s+)?(?:jabatan|tugas|fungsi|perangkat\s+daerah|nama\s+organisasi)\b"
    r"|indikator\s+kinerja\s+(?:individu|utama)|^\s*(?:mengetahui|ditetapkan|atasan\s+langsung)\b"
    r"|^\s*nip\b|^[A-Z][A-Za-z .'-]{2,30},\s*\d{1,2}\s+\w+\s+\d{4}\s*$",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"^\(?\d{1,3}(?:[.):,;]|[.):,;]?[A-Za-z])?$")
"""A row number in the No column ("1", "1.", "(1)"; OCR reads the dot as , : ; or a
letter: "5s")."""

_WORDLIKE = re.compile(r"[^\W\d_]{2}")


@dataclass(slots=True)
class Columns:
    """Column boundaries (x positions between columns) and their headers."""

    bounds: list[float]
    headers: list[str]
    x0: float
    x1: float

    def index(self, x: float) -> int:
        for i, b in enumerate(self.bounds):
            if x < b:
                return i
        return len(self.bounds)


@dataclass(slots=True)
class AlignedResult:
    tables: list[Table] = field(default_factory=list)
    rest: list[Word] = field(default_factory=list)
    open_columns: Columns | None = None


def _phrases(row: list[Word], gap: float) -> list[list[Word]]:
    out = [[row[0]]]
    for w in row[1:]:
        if w.x0 - out[-1][-1].x1 > gap:
            out.append([w])
        else:
            out[-1].append(w)
    return out


def _text(ws: list[Word]) -> str:
    return " ".join(w.text for w in ws)


_SPECK_CONF = 50.0
"""An OCR'd header word of up to three characters read below this confidence,
alone and no header ("No" is one), is a speck ("ut" between two headers)."""


def _speck_word(p: list[Word]) -> bool:
    w = p[0]
    return (
        len(p) == 1
        and len(w.text) <= 3
        and w.conf is not None
        and w.conf < _SPECK_CONF
        and map_headers([w.text])[0].canonical is None
    )


def _header_phrases(row: list[Word], h: float) -> list[list[Word]]:
    """A header line's phrases; a speck read as "0", ":" or "ut" beside the header
    is no column of its own (a phrase needs two letters, and a known header's
    name when it is one short word read with little confidence)."""
    return [p for p in _phrases(row, 1.2 * h) if _WORDLIKE.search(_text(p)) and not _speck_word(p)]


def _find_header(
    rows: list[list[Word]], h: float, start: int
) -> tuple[int, int, list[list[Word]]] | None:
    """Index range of the header band and its column groups (words per column)."""
    for i in range(start, len(rows)):
        phrases = _header_phrases(rows[i], h)
        if len(phrases) < 3 or not is_header_row([_text(p) for p in phrases]):
            continue
        groups = [list(p) for p in phrases]
        end = i + 1
        # header cells wrapping onto one or two more close lines
        while end < len(rows) and end - i < 3:
            gap = rows[end][0].top - max(w.bottom for w in rows[end - 1])
            if gap > 0.8 * h:
                break
            extra = _header_phrases(rows[end], h)
            if any(len(p) > 5 for p in extra) or _looks_numbered(rows[end]):
                break
            for p in extra:
                g = _overlapping(groups, p)
                if g is None:
                    groups.append(list(p))
                else:
                    g.extend(p)
            end += 1
        groups.sort(key=lambda g: min(w.x0 for w in g))
        return i, end, groups
    return None


def _looks_numbered(row: list[Word]) -> bool:
    return bool(_NUMBER.match(row[0].text))


def _overlapping(groups: list[list[Word]], p: list[Word]) -> list[Word] | None:
    x0, x1 = min(w.x0 for w in p), max(w.x1 for w in p)
    best, overlap = None, 0.0
    for g in groups:
        gx0, gx1 = min(w.x0 for w in g), max(w.x1 for w in g)
        ov = min(x1, gx1) - max(x0, gx0)
        if ov > overlap:
            best, overlap = g, ov
    return best


def _bounds(groups: list[list[Word]], body: list[Word]) -> list[float]:
    """x of each boundary between adjacent header groups, from body whitespace."""
    spans = [(min(w.x0 for w in g), max(w.x1 for w in g)) for g in groups]
    bounds = []
    for (a0, a1), (b0, b1) in itertools.pairwise(spans):
        lo, hi = min(a1, b0), max(a1, b0)
        if hi - lo < 2:
            lo, hi = (a0 + a1) / 2, (b0 + b1) / 2
        best_x, best_key = (lo + hi) / 2, None
        x = lo
        while x <= hi:
            cover = sum(1 for w in body if w.x0 - 1 < x < w.x1 + 1)
            key = (cover, abs(x - (lo + hi) / 2))
            if best_key is None or key < best_key:
                best_x, best_key = x, key
            x += 1.0
        bounds.append(best_x)
    return bounds


def _line_pitch(tops: list[float], h: float) -> float:
    """Typical advance from one text line to the next inside a cell: the median
    of the advances that look like single lines (an "x 100%" set between a
    fraction's lines makes smaller ones, row gaps larger ones)."""
    steps = [b - a for a, b in itertools.pairwise(tops) if 0.7 * h <= b - a <= 1.6 * h]
    return median(steps) if steps else 1.2 * h


def _split_rows(
    lines: list[list[Word]],
    cols: Columns,
    no_col: int | None,
    h: float,
    edges: list[Edge] | None = None,
) -> list[list[list[Word]]]:
    """Group visual lines into table rows.

    A row starts after a blank wider than a line of text that no drawn rule
    bridges (a stacked fraction's bar does). In a numbered table it also starts at
    a number in the No column, and a wide gap starts one only when the line has
    text in a lead column (OCR drops or garbles some row numbers: "1," "3:").
    """
    if not lines:
        return []
    lead = {
        i
        for i, m in enumerate(map_headers(cols.headers))
        if m.canonical in ("no", "sasaran", "indikator")
    }

    def row_number(w: Word) -> bool:
        # a speck in the No column read as "1" is a sliver, not a printed digit
        return (
            cols.index(w.xc) == no_col
            and bool(_NUMBER.match(w.text))
            and w.bottom - w.top >= 0.5 * h
        )

    numbered = no_col is not None and any(any(map(row_number, ln)) for ln in lines)
    # median edges: a speck can stretch one OCR word box into the blank between lines
    tops = [median(w.top for w in ln) for ln in lines]
    bottoms = [median(w.bottom for w in ln) for ln in lines]
    rows: list[list[list[Word]]] = []
    for k, ln in enumerate(lines):
        # blank space between lines: 2-3 pt inside a row, 10 pt between rows (a
        # stacked fraction's wider gap is bridged by its bar)
        gap = (
            k > 0
            and tops[k] - bottoms[k - 1] > 1.15 * h
            and not _bridged(bottoms[k - 1], tops[k], cols, edges or [])
        )
        if numbered:
            number = any(map(row_number, ln))
            starts = number or (gap and any(cols.index(w.xc) in lead for w in ln))
        else:
            starts = k == 0 or gap
        if starts or not rows:
            rows.append([ln])
        else:
            rows[-1].append(ln)
    return rows


def _bridged(y0: float, y1: float, cols: Columns, edges: list[Edge]) -> bool:
    """Does a drawn horizontal rule (a fraction bar) lie in the gap between two lines?"""
    return any(
        e.orientation == "h" and y0 - 1 <= e.top <= y1 + 1 and e.x1 > cols.x0 and e.x0 < cols.x1
        for e in edges
    )


def _to_table(
    header: list[list[Word]] | None, body_rows: list[list[list[Word]]], cols: Columns, page: int
) -> Table:
    n = len(cols.bounds) + 1
    out_rows: list[list[Cell]] = []
    if header is not None:
        out_rows.append(
            [Cell(lines=[make_line(g, page)], bbox=union_bbox([w.bbox for w in g])) for g in header]
        )
    for row in body_rows:
        per_col: list[list[Word]] = [[] for _ in range(n)]
        for ln in row:
            for w in ln:
                per_col[cols.index(w.xc)].append(w)
        cells = []
        for ws in per_col:
            if ws:
                lines = [make_line(r, page) for r in cluster_rows(ws)]
                cells.append(Cell(lines=lines, bbox=union_bbox([w.bbox for w in ws])))
            else:
                cells.append(Cell())
        out_rows.append(cells)
    boxes = [c.bbox for r in out_rows for c in r if c.bbox]
    return Table(
        rows=out_rows,
        page=page,
        bbox=union_bbox(boxes) if boxes else None,
        ruled=False,
        source="aligned",
    )


def find_tables(
    words: list[Word], page: Page, carried: Columns | None = None
) -> tuple[list[Table], list[Word]]:
    """Unruled tables among ``words``; returns them and the words they did not use.

    ``carried``: open columns of a table running on from the previous page; the
    top of this page continues it (without a header) until the table ends.
    Use :func:`find_tables_state` to also learn whether a table stays open.
    """
    res = find_tables_state(words, page, carried)
    return res.tables, res.rest


def find_tables_state(
    words: list[Word], page: Page, carried: Columns | None = None
) -> AlignedResult:
    if not words:
        return AlignedResult(rest=[])
    h = word_height(words)
    rows = cluster_rows(words, h)
    used: set[int] = set()
    result = AlignedResult()
    i = 0
    if carried is not None:
        end = _extent(rows, 0, h, page)
        if end > 0 and _aligns(rows[:end], carried):
            body = rows[:end]
            no_col = _no_col(carried.headers)
            result.tables.append(
                _to_table(
                    None, _split_rows(body, carried, no_col, h, page.edges), carried, page.number
                )
            )
            used.update(range(end))
            if end >= len(rows):
                result.open_columns = carried
            i = end
    while i < len(rows):
        found = _find_header(rows, h, i)
        if found is None:
            break
        hs, he, groups = found
        end = _extent(rows, he, h, page)
        body_words = [w for r in rows[he:end] for w in r]
        bounds = _bounds(groups, body_words)
        x0 = min(w.x0 for g in groups for w in g)
        x1 = max(w.x1 for g in groups for w in g)
        cols = Columns(bounds, [_text(g) for g in groups], x0, x1)
        end = he + _trim_tail(rows[he:end], cols, page.edges)
        header = _header_cells(rows[hs:he], cols)
        no_col = _no_col(cols.headers)
        result.tables.append(
            _to_table(
                header, _split_rows(rows[he:end], cols, no_col, h, page.edges), cols, page.number
            )
        )
        used.update(range(hs, end))
        result.open_columns = cols if end >= len(rows) else None
        i = end
    result.rest = [w for k, r in enumerate(rows) if k not in used for w in r]
    return result


def _trim_tail(body: list[list[Word]], cols: Columns, edges: list[Edge]) -> int:
    """Number of body lines that belong to the table.

    The table's last row may have swallowed what follows the table (a
    signature block): lines after a blank gap (one no drawn rule crosses, unlike
    a fraction's) that have nothing in the No, sasaran or indicator columns,
    up to the end, are not the table's.
    """
    lead = {
        i
        for i, m in enumerate(map_headers(cols.headers))
        if m.canonical in ("no", "sasaran", "indikator")
    }
    if not lead or len(body) < 2:
        return len(body)
    tops = [min(w.top for w in r) for r in body]
    bottoms = [max(w.bottom for w in r) for r in body]
    line_pitch = _line_pitch(tops, word_height([w for r in body for w in r]))
    has_lead = [any(cols.index(w.xc) in lead for w in r) for r in body]
    last_lead = max((k for k, v in enumerate(has_lead) if v), default=-1)
    for k in range(max(last_lead + 1, 1), len(body)):
        gap_top, gap_bottom = bottoms[k - 1], tops[k]
        if tops[k] - tops[k - 1] <= 1.45 * line_pitch:
            continue
        bridged = any(
            e.orientation == "h"
            and gap_top - 1 <= e.top <= gap_bottom + 1
            and e.x1 > cols.x0
            and e.x0 < cols.x1
            for e in edges
        )
        if not bridged:
            return k
    return len(body)


def _header_cells(band: list[list[Word]], cols: Columns) -> list[list[Word]]:
    per_col: list[list[Word]] = [[] for _ in range(len(cols.bounds) + 1)]
    for r in band:
        for w in r:
            per_col[cols.index(w.xc)].append(w)
    return [sorted(ws, key=lambda w: (round(w.top), w.x0)) for ws in per_col]


def _no_col(headers: list[str]) -> int | None:
    for i, m in enumerate(map_headers(headers)):
        if m.canonical == "no":
            return i
    return None


def _extent(rows: list[list[Word]], start: int, h: float, page: Page) -> int:
    """Index after the last row of a table body starting at ``start``."""
    prev_bottom = None
    gaps: list[float] = []
    for k in range(start, len(rows)):
        r = rows[k]
        text = _text(r)
        if _STOP.search(text):
            return k
        top = min(w.top for w in r)
        if prev_bottom is not None:
            gap = top - prev_bottom
            typical = median(gaps) if gaps else h
            if gap > max(3.0 * h, 2.5 * typical):
                return k
            gaps.append(max(gap, 0.0))
        prev_bottom = max(w.bottom for w in r)
    return len(rows)


def _aligns(rows: list[list[Word]], cols: Columns) -> bool:
    """Do these lines sit in the carried columns (words within the table's span,
    none straddling a boundary)?"""
    words = [w for r in rows for w in r]
    if not words:
        return False
    inside = sum(cols.x0 - 20 <= w.x0 and w.x1 <= cols.x1 + 40 for w in words)
    straddle = sum(any(w.x0 + 2 < b < w.x1 - 2 for b in cols.bounds) for w in words)
    return inside >= 0.9 * len(words) and straddle <= 0.05 * len(words)


def lines_of(words: list[Word], page: int) -> list[Line]:
    return [make_line(r, page) for r in cluster_rows(words)]
