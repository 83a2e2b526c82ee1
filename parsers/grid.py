"""Tables from ruling lines: edges -> cell grid -> cells filled with words.

The grid is built with pdfplumber's own table functions (snap/join edges,
intersections, cells, tables) over :class:`domain.pages.Edge` values, so a PDF's
drawn lines and the lines OpenCV finds in a scan go through one code path.
A horizontal rule floating inside a cell (a stacked fraction's bar) becomes a
``RULE`` line in that cell, between numerator and denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

from pdfplumber import table as pt

from domain.pages import BBox, Edge, Page, Word, union_bbox
from domain.structure import Cell, Line, Table
from parsers.lines import cluster_rows, make_line


@dataclass(frozen=True, slots=True)
class GridSettings:
    snap: float = 3.0
    join: float = 3.0
    intersect: float = 3.0
    min_edge: float = 3.0
    min_rows: int = 2
    min_cols: int = 2


TEXT_LAYER = GridSettings()
SCAN = GridSettings(snap=4.0, join=6.0, intersect=4.0, min_edge=8.0)


def find_grids(
    edges: list[Edge], settings: GridSettings = TEXT_LAYER
) -> list[list[list[BBox | None]]]:
    """Return each table found in ``edges`` as rows of cell boxes (None = covered
    by a merged cell), top to bottom."""
    if not edges:
        return []
    raw = [e.as_dict() for e in edges]
    merged = pt.merge_edges(raw, settings.snap, settings.snap, settings.join, settings.join)
    merged = [
        e
        for e in merged
        if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"])
        >= settings.min_edge
    ]
    if not any(e["orientation"] == "v" for e in merged):
        return []
    merged = merged + closing_rules(merged, settings.intersect)
    inter = pt.edges_to_intersections(merged, settings.intersect, settings.intersect)
    cells = pt.intersections_to_cells(inter)
    grids = []
    for group in pt.cells_to_tables(cells):
        rows = [list(r.cells) for r in pt.Table(None, group).rows]
        n_cols = max(len(r) for r in rows)
        if len(rows) >= settings.min_rows and n_cols >= settings.min_cols:
            grids.append(rows)
    return grids


def closing_rules(edges: list[dict], tol: float) -> list[dict]:
    """Horizontal rules a table lacks where its vertical rules end together.

    A table broken by a page often leaves its last (or first) row open: the
    column rules run on past the last drawn row rule. Where two or more vertical
    edges that meet the grid end at the same height beyond any horizontal edge,
    a rule joining them closes the row so its cells can be found.
    """
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = [e for e in edges if e["orientation"] == "h"]
    if len(vs) < 2 or not hs:
        return []
    added: list[dict] = []
    for end in ("bottom", "top"):
        open_ends: list[tuple[float, float]] = []
        for v in vs:
            y = v[end]
            crossing = [
                h["top"]
                for h in hs
                if h["x0"] - tol <= v["x0"] <= h["x1"] + tol
                and v["top"] - tol <= h["top"] <= v["bottom"] + tol
            ]
            if not crossing:
                continue
            near = min(abs(c - y) for c in crossing)
            if near > 2 * tol:
                open_ends.append((y, v["x0"]))
        open_ends.sort()
        group: list[tuple[float, float]] = []
        for y, x in [*open_ends, (float("inf"), 0.0)]:
            if group and y - group[0][0] > tol:
                if len(group) >= 2:
                    gy = sum(g[0] for g in group) / len(group)
                    x0, x1 = min(g[1] for g in group), max(g[1] for g in group)
                    added.append(
                        {
                            "x0": x0,
                            "x1": x1,
                            "top": gy,
                            "bottom": gy,
                            "width": x1 - x0,
                            "height": 0.0,
                            "orientation": "h",
                        }
                    )
                group = []
            group.append((y, x))
    return added


def grid_bbox(rows: list[list[BBox | None]]) -> BBox:
    return union_bbox([c for r in rows for c in r if c is not None])


def _inside(w: Word, b: BBox) -> bool:
    return b[0] <= w.xc <= b[2] and b[1] <= w.yc <= b[3]


def _cell_rules(words: list[Word], box: BBox, edges: list[Edge], page: int) -> list[Line]:
    """Horizontal rules strictly inside ``box`` with text above and below them."""
    out = []
    for e in edges:
        if e.orientation != "h" or e.x1 - e.x0 < 12:
            continue
        if not (box[1] + 2 < e.top and e.bottom < box[3] - 2):
            continue
        if not (box[0] - 1 <= e.x0 and e.x1 <= box[2] + 1):
            continue
        overlaps = [w for w in words if w.x1 > e.x0 and w.x0 < e.x1]
        above = any(w.bottom <= e.top + 1.5 for w in overlaps)
        below = any(w.top >= e.bottom - 1.5 for w in overlaps)
        if above and below:
            out.append(Line.rule(page, (e.x0, e.top, e.x1, e.bottom)))
    return out


def cell_lines(words: list[Word], rules: list[Line], page: int) -> list[Line]:
    """A cell's words as visual lines, with fraction rules placed by height."""
    lines = [make_line(r, page) for r in cluster_rows(words)]
    if rules:
        # by centre: a speck of noise can stretch an OCR word box upwards
        lines = sorted(
            lines + rules, key=lambda ln: (ln.bbox[1] + ln.bbox[3]) / 2 if ln.bbox else 0.0
        )
        # a rule and a line at the same height: the line ("x 100%") goes after the rule
    return lines


def fill_grid(
    rows: list[list[BBox | None]], words: list[Word], edges: list[Edge], page: Page
) -> tuple[Table, list[Word]]:
    """Assign ``words`` to the cells of ``rows``; return the table and the words
    it did not take (outside its box)."""
    box = grid_bbox(rows)
    inside = [w for w in words if _inside(w, box)]
    rest = [w for w in words if not _inside(w, box)]
    rows = fill_holes(narrow_overlaps(rows), inside)
    flat = [(ri, ci, c) for ri, r in enumerate(rows) for ci, c in enumerate(r) if c is not None]
    buckets: dict[tuple[int, int], list[Word]] = {(ri, ci): [] for ri, ci, _ in flat}
    for w in inside:
        best = None
        for ri, ci, c in flat:
            if _inside(w, c):
                best = (ri, ci)
                break
        if best is None:  # on a border: nearest cell centre
            best = min(
                flat,
                key=lambda t: (
                    abs((t[2][0] + t[2][2]) / 2 - w.xc) + abs((t[2][1] + t[2][3]) / 2 - w.yc)
                ),
            )[:2]
        buckets[best].append(w)
    inner_edges = [e for e in edges if e.orientation == "h" and _edge_in(e, box)]
    table_rows: list[list[Cell]] = []
    for ri, r in enumerate(rows):
        cells: list[Cell] = []
        row_top = min((c[1] for c in r if c is not None), default=0.0)
        for ci, c in enumerate(r):
            if c is None:
                above = _covered_from_above(rows, ri, ci, row_top)
                cells.append(Cell(spanned=above, joined_left=not above and ci > 0))
                continue
            ws = buckets[(ri, ci)]
            rules = _cell_rules(ws, c, inner_edges, page.number) if ws else []
            cells.append(Cell(lines=cell_lines(ws, rules, page.number), bbox=c))
        table_rows.append(cells)
    table = Table(rows=table_rows, page=page.number, bbox=box, ruled=True, source="grid")
    return table, rest


def narrow_overlaps(rows: list[list[BBox | None]]) -> list[list[BBox | None]]:
    """Cut back cells that overlap other cells: in a true grid none do.

    A column rule that faded in one row of a scan (Kutai Kartanegara heavy, page
    14: the rule between SASARAN and INDIKATOR lost beside one indicator) makes
    pdfplumber close the sasaran cell, which spans every row, at the next rule
    that runs the whole height: one cell over two columns that also holds the
    indicator cells found in the other rows. The wide cell ends where the first
    cell inside it begins; the places it covered become holes (:func:`fill_holes`).
    """
    cells = [c for r in rows for c in r if c is not None]
    out = [list(r) for r in rows]
    for r in out:
        for ci, c in enumerate(r):
            if c is None:
                continue
            inner = [d for d in cells if d is not c and _overlap(c, d) and d[0] > c[0] + 1]
            if inner and all(d[2] <= c[2] + 1 for d in inner):
                r[ci] = (c[0], c[1], min(d[0] for d in inner), c[3])
    return out


def fill_holes(rows: list[list[BBox | None]], words: list[Word]) -> list[list[BBox | None]]:
    """Give a box to each grid position that no cell covers but words fill.

    When a rule under a cell is lost (faded on a scan), pdfplumber finds no cell
    there and no merged cell covers the place either: a hole. Its words would go
    to the nearest cell (a header's "INDIKATOR KINERJA" into the first data row's
    cell). The hole's box is its column's sides, its row's top and the next row's
    top (or its row's lowest cell bottom)."""
    n = max((len(r) for r in rows), default=0)
    cols: list[tuple[float, float] | None] = []
    for ci in range(n):
        spans = [(r[ci][0], r[ci][2]) for r in rows if ci < len(r) and r[ci] is not None]
        cols.append(min(spans, key=lambda s: s[1] - s[0]) if spans else None)
    cells = [c for r in rows for c in r if c is not None]
    out = [list(r) for r in rows]
    for ri, r in enumerate(rows):
        present = [c for c in r if c is not None]
        if not present:
            continue
        top, bottom = min(c[1] for c in present), min(c[3] for c in present)
        below = [c[1] for c in rows[ri + 1] if c is not None] if ri + 1 < len(rows) else []
        bottom = min([bottom, *below])
        for ci, c in enumerate(r):
            span = cols[ci]
            if c is not None or span is None:
                continue
            hole = (span[0], top, span[1], bottom)
            if any(_overlap(hole, other) for other in cells):
                continue  # a merged cell covers it: not a hole
            if any(_inside(w, hole) for w in words):
                out[ri][ci] = hole
    return out


def _overlap(a: BBox, b: BBox) -> bool:
    """Do the boxes share area (not just a border)?"""
    return min(a[2], b[2]) - max(a[0], b[0]) > 1.0 and min(a[3], b[3]) - max(a[1], b[1]) > 1.0


def _covered_from_above(rows: list[list[BBox | None]], ri: int, ci: int, row_top: float) -> bool:
    """Is position (ri, ci) inside a cell merged down from an earlier row (as
    opposed to one merged across from the left)?"""
    for k in range(ri - 1, -1, -1):
        above = rows[k][ci] if ci < len(rows[k]) else None
        if above is not None:
            return above[3] > row_top + 1.0
    return False


def _edge_in(e: Edge, box: BBox) -> bool:
    return box[0] - 2 <= e.x0 and e.x1 <= box[2] + 2 and box[1] <= e.top <= box[3]
