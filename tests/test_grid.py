"""Grid tables from ruling edges (shared by the PDF text layer and scans)."""

from domain.pages import Edge, Page, Word
from domain.structure import RULE
from parsers.grid import fill_grid, fill_holes, find_grids


def h(y: float, x0: float, x1: float) -> Edge:
    return Edge(x0, y, x1, y, "h")


def v(x: float, y0: float, y1: float) -> Edge:
    return Edge(x, y0, x, y1, "v")


def two_by_two(bottom_rule: bool = True) -> list[Edge]:
    edges = [h(0, 0, 200), h(20, 0, 200), v(0, 0, 60), v(100, 0, 60), v(200, 0, 60)]
    if bottom_rule:
        edges.append(h(60, 0, 200))
    return edges


def test_cells_from_edges() -> None:
    grids = find_grids(two_by_two())
    assert len(grids) == 1
    assert len(grids[0]) == 2 and len(grids[0][0]) == 2


def test_open_bottom_row_is_closed() -> None:
    # a table cut by a page break: column rules run on with no closing rule
    grids = find_grids(two_by_two(bottom_rule=False))
    assert len(grids) == 1 and len(grids[0]) == 2


def test_fraction_bar_inside_a_cell_becomes_a_rule() -> None:
    edges = [*two_by_two(), h(40, 110, 170)]  # bar floating in the right cell of row 2
    grids = find_grids(edges)
    assert len(grids[0]) == 2
    words = [
        Word("Jumlah", 115, 25, 140, 33),
        Word("A", 145, 25, 150, 33),
        Word("Jumlah", 115, 45, 140, 53),
        Word("B", 145, 45, 150, 53),
        Word("x", 175, 36, 180, 44),
        Word("100%", 182, 36, 198, 44),
    ]
    page = Page(1, 300, 100, "text", words=words, edges=edges)
    table, rest = fill_grid(grids[0], words, edges, page)
    assert not rest
    assert [ln.text for ln in table.rows[1][1].lines] == ["Jumlah A", "x 100%", RULE, "Jumlah B"]


def test_vertical_span_marked_spanned() -> None:
    # left column merged over rows 2-3, right column split
    edges = [
        h(0, 0, 200),
        h(20, 0, 200),
        h(40, 100, 200),
        h(60, 0, 200),
        v(0, 0, 60),
        v(100, 0, 60),
        v(200, 0, 60),
    ]
    grids = find_grids(edges)
    page = Page(1, 300, 100, "text", words=[], edges=edges)
    table, _ = fill_grid(grids[0], [], edges, page)
    assert len(table.rows) == 3
    assert table.rows[2][0].spanned and not table.rows[2][1].spanned


def test_cell_whose_rule_faded_is_a_hole_filled_with_its_words() -> None:
    """Barito Kuala heavy scan (another draw), page 4: the rule under the header
    faded in one column, so no cell was found there and the header's words went
    into the first data row's cell. The hole gets its own box."""
    boxes = [
        [(0.0, 0.0, 100.0, 20.0), None, (200.0, 0.0, 300.0, 20.0)],
        [(0.0, 20.0, 100.0, 60.0), (100.0, 20.0, 200.0, 60.0), (200.0, 20.0, 300.0, 60.0)],
    ]
    words = [
        Word("INDIKATOR", 110, 5, 150, 12),
        Word("KINERJA", 152, 5, 190, 12),
        Word("Persentase", 105, 30, 150, 37),
    ]
    filled = fill_holes(boxes, words)
    assert filled[0][1] == (100.0, 0.0, 200.0, 20.0)
    page = Page(4, 300, 100, "ocr", words=words, edges=[])
    table, _ = fill_grid(boxes, words, [], page)
    assert table.rows[0][1].text == "INDIKATOR KINERJA"
    assert table.rows[1][1].text == "Persentase"
    # a place a merged cell covers is no hole; an empty hole stays as it was
    merged = [[(0.0, 0.0, 200.0, 20.0), None], boxes[1][:2]]
    assert fill_holes(merged, words)[0][1] is None
    assert fill_holes(boxes, words[2:])[0][1] is None


def test_cell_spanning_two_columns_over_other_cells_is_cut_back() -> None:
    """Kutai Kartanegara heavy scan (draw 1), page 14: the rule between SASARAN and
    INDIKATOR faded beside one indicator, so pdfplumber closed the sasaran cell
    (which spans every row) at the next rule: one cell over both columns that
    also holds the indicator cells of the other rows. Cut back, the sasaran cell
    keeps its column and each indicator goes to its own row."""
    boxes = [
        [(0.0, 0.0, 100.0, 20.0), (100.0, 0.0, 200.0, 20.0), (200.0, 0.0, 300.0, 20.0)],
        [(0.0, 20.0, 200.0, 80.0), (100.0, 20.0, 200.0, 40.0), (200.0, 20.0, 300.0, 40.0)],
        [None, None, (200.0, 40.0, 300.0, 60.0)],
        [None, (100.0, 60.0, 200.0, 80.0), (200.0, 60.0, 300.0, 80.0)],
    ]
    words = [
        Word("SASARAN", 10, 5, 50, 12),
        Word("INDIKATOR", 110, 5, 150, 12),
        Word("Terselenggaranya", 5, 25, 90, 32),
        Word("Presentase", 105, 25, 150, 32),
        Word("Jumlah", 105, 45, 150, 52),  # where the rule faded: a hole
        Word("Dokumen", 105, 65, 150, 72),
    ]
    table, _ = fill_grid(boxes, words, [], Page(14, 300, 100, "ocr", words=words, edges=[]))
    assert table.rows[1][0].text == "Terselenggaranya"
    assert [r[1].text for r in table.rows[1:]] == ["Presentase", "Jumlah", "Dokumen"]
