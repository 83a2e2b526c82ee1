"""Ruled cells read one by one (``ingest.cell_ocr``): which areas count as cells,
how a cell splits into side-by-side blocks, and real tesseract on a rendered
page whose cells tesseract's page layout runs together."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest

from ingest import cell_ocr, ocr, scan
from parsers.cv_lines import Segment

ROOT = Path(__file__).resolve().parents[1]
DPI = 300


def _h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y, "h", 2.0)


def _v(x: float, y0: float, y1: float) -> Segment:
    return Segment(x, y0, x, y1, "v", 2.0)


def _grid(xs: list[float], ys: list[float]) -> list[Segment]:
    return [_h(y, xs[0], xs[-1]) for y in ys] + [_v(x, ys[0], ys[-1]) for x in xs]


def test_cells_of_a_ruled_grid() -> None:
    segs = _grid([100, 400, 900], [100, 300, 600])
    cells = cell_ocr.closed_cells(segs, (1000, 1200), DPI)
    assert len(cells) == 4
    lefts = sorted({c.x for c in cells})
    assert lefts[0] == pytest.approx(102, abs=3) and lefts[1] == pytest.approx(402, abs=3)
    assert all(c.w > 250 and c.h > 150 for c in cells)  # nothing outside the table


def test_area_a_worn_rule_half_divides_is_no_cell() -> None:
    # the rule between the two right-hand cells of the top row broke off halfway
    segs = [*_grid([100, 400, 900], [100, 300, 600]), _v(650, 100, 200)]
    cells = cell_ocr.closed_cells(segs, (1000, 1200), DPI)
    assert len(cells) == 3
    assert not any(c.x < 650 < c.x + c.w and c.y < 200 for c in cells)


def test_fraction_bar_inside_a_cell_keeps_it_one_cell() -> None:
    segs = [*_grid([100, 900], [100, 400]), _h(250, 200, 500)]
    assert len(cell_ocr.closed_cells(segs, (1000, 1200), DPI)) == 1


def test_multiplier_beside_a_stacked_fraction_is_its_own_block() -> None:
    crop = np.full((160, 1000), 255, np.uint8)
    font = cv2.FONT_HERSHEY_SIMPLEX
    cv2.putText(crop, "Jumlah PMKS", (20, 60), font, 1.2, 0, 3)
    cv2.putText(crop, "Jumlah seluruh", (20, 130), font, 1.2, 0, 3)
    cv2.putText(crop, "x 100%", (800, 95), font, 1.2, 0, 3)
    blocks = cell_ocr._blocks(cell_ocr.otsu_ink(crop), DPI)
    assert len(blocks) == 2
    assert blocks[0][1] < 800 < blocks[1][1]
    one_line = np.full((60, 1000), 255, np.uint8)
    cv2.putText(one_line, "Dokumen RKA - DPA", (20, 45), font, 1.2, 0, 3)
    assert len(cell_ocr._blocks(cell_ocr.otsu_ink(one_line), DPI)) == 1  # word spaces do not split


def _text_layer(pdf: Path, page: int, box: tuple[float, float, float, float]) -> Counter[str]:
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[page - 1].extract_words()
    x0, y0, x1, y1 = box
    inside = [
        w["text"]
        for w in words
        if x0 <= (w["x0"] + w["x1"]) / 2 <= x1 and y0 <= (w["top"] + w["bottom"]) / 2 <= y1
    ]
    return Counter(inside)


def test_cell_of_larger_type_reads_as_printed() -> None:
    """Kutai Kartanegara's page 17: the sasaran cell's type is larger than the
    indicator beside it; read as one page, tesseract ran the two cells' lines
    together ("i dokumen i", "d ikineria k d an evaluasi"). Real tesseract."""
    pdf = ROOT / "samples" / "pdf" / "kutai_kartanegara.pdf"
    if not pdf.exists():
        pytest.skip(f"{pdf} missing (samples/generate.py)")
    page = scan.scan_page(scan.PageTask("pdf", str(pdf), 17, DPI)).page
    box = (72.0, 290.0, 212.0, 345.0)
    got = Counter(
        w.text
        for w in page.words
        if box[0] <= (w.x0 + w.x1) / 2 <= box[2] and box[1] <= (w.top + w.bottom) / 2 <= box[3]
    )
    assert got == _text_layer(pdf, 17, box)


def _parts(crop: np.ndarray) -> np.ndarray:
    """Boxes of every connected part of the crop's ink, specks included."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(cell_ocr.otsu_ink(crop), connectivity=8)
    return stats[1:n]


def test_glyph_cut_by_the_cell_edge_leaves_the_cell_to_the_page() -> None:
    cell = np.full((100, 60), 255, np.uint8)
    cv2.putText(cell, "x", (18, 20), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)  # top half cut off
    assert cell_ocr._cut(_parts(cell[12:]), cell[12:].shape, DPI)
    specks = np.full((100, 600), 255, np.uint8)
    cv2.putText(specks, "Jumlah Laporan", (20, 50), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    for x, y in [(0, 5), (300, 97), (597, 60), (120, 0)]:  # specks on the edges
        cv2.circle(specks, (x, y), 2, 0, -1)
    specks[:, :2] = 0  # the remnant of an erased rule along the left edge
    assert not cell_ocr._cut(_parts(specks), specks.shape, DPI)


def test_slash_alone_in_its_cell_is_a_slash() -> None:
    """Kutai Kartanegara prints the "/" of "... / Tahun" in a narrow cell of its
    own; read alone, tesseract calls the stroke "|" (then dropped as rule
    debris). The cell as cut from the medium scan's page 23. Real tesseract."""
    crop = cv2.imread(str(ROOT / "tests" / "data" / "kutai_slash_cell.png"), cv2.IMREAD_GRAYSCALE)
    cell = cell_ocr.CellBox(0, 0, crop.shape[1], crop.shape[0])
    words, read = cell_ocr.ocr_cells(crop, [cell], ocr.OcrConfig(dpi=DPI))
    assert read == [cell]
    assert [w.text for w in words] == ["/"]


def test_page_despeckle_matches_the_cell_despeckle_on_a_real_page(tmp_path: Path) -> None:
    """The whole-page despeckle (contour boxes) paints out exactly the pixels the
    cell despeckle (pixel labels) does, on a heavy sample page full of specks;
    specks are painted out and glyphs stay. (The page keeps its ruling lines:
    specks inside a table's cells lie in the holes of the grid's ink.)"""
    from ingest import preprocess
    from ingest.raster import render_pdf_page
    from tests.conftest import degrade_sample

    path = ROOT / "samples" / "scans" / "sampang-heavy.pdf"
    if not path.exists():
        path, _ = degrade_sample("sampang", "heavy", tmp_path)
    raster = render_pdf_page(path, 2, DPI)
    page = preprocess.prepare(raster.gray, raster.dpi).gray
    fast = cell_ocr.despeckled(page, DPI)
    slow = cell_ocr._despeckle(page, DPI)[0]
    painted = fast != page
    assert painted.sum() > 500  # the heavy scan's specks
    assert np.array_equal(fast, slow)
    # only small marks went: what is left of the ink has every large part it had
    ink_before, ink_after = cell_ocr.otsu_ink(page), cell_ocr.otsu_ink(fast)

    def big(ink: np.ndarray) -> int:
        stats = cv2.connectedComponentsWithStats(ink)[2][1:]
        return sum(1 for s in stats if max(s[2], s[3]) >= 7)

    assert big(ink_after) == big(ink_before)
