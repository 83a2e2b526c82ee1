"""OCR table cells one by one.

Read as one page, a ruled table confuses tesseract's layout analysis: lines of
neighbouring cells with different font sizes run together (words come out in
the wrong order, or twice), a stamp's ring text joins the header line it
crosses, and a lone row number is dropped as noise. A cell closed by ruling
lines on all four sides is read on its own instead (``--psm 6``, one uniform
block), and the rest of the page is read with those cells painted white.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import cv2
import numpy as np

from ingest import ocr
from parsers.cv_lines import Segment

CELL_PSM = 6
"""A cell is one block of text."""
MIN_CELL_PT = 6.0
"""A closed area lower or narrower than this is the gap between double rules."""
MAX_CELL_SHARE = 0.5
"""A closed area over this share of the page is a frame around the page, not a cell."""
FILL = 0.92
"""A cell's area fills at least this share of its bounding box: an L-shaped area
is two cells a worn rule failed to separate, left to the page pass."""
SPLIT_PT = 10.0
"""A blank vertical band this wide through the whole cell separates two blocks
read apart ("x 100%" beside a stacked fraction): ``--psm 6`` would run their
lines together."""
DIVIDES = 0.3
"""A vertical rule reaching over this share of an area's height into it divides it."""
MIN_CONF = 60.0
"""A cell whose words average a lower confidence is read again with the page
(noise or a layout ``--psm 6`` cannot follow)."""
SPECK_PT = 1.5
"""Ink no taller or wider than this is a speck unless it lies beside a glyph ..."""
NEAR_PT = 4.0
"""... within this distance (a full stop, a comma, the dot of an i)."""
GLYPH_PT = 12.0
"""Ink touching a cell's edge along no more than this is a glyph the edge cut ..."""
CUT_DEPTH_PT = 1.8
"""... when it reaches at least this far into the cell (specks are smaller)."""
PAD_PX = 12
"""White margin around a cell crop: tesseract misses glyphs touching the edge."""


@dataclass(frozen=True, slots=True)
class CellBox:
    """A closed cell in pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int


def closed_cells(segments: list[Segment], shape: tuple[int, ...], dpi: float) -> list[CellBox]:
    """Areas enclosed by ruling lines on every side, in pixels."""
    if not segments:
        return []
    h, w = shape[:2]
    # Only the rules' bounding box (and a 1 px ring of paper round it) is
    # labelled: an area reaching that ring is joined to the paper outside it, so
    # it is open to the page edge either way; the rest are labelled the same.
    widths = [max(3, round(s.thickness) + 2) for s in segments]  # as drawn below
    pad = max(widths)
    bx0, by0, bx1, by1 = rules_box(segments)
    x0, y0 = max(0, bx0 - pad), max(0, by0 - pad)
    x1, y1 = min(w, bx1 + pad + 1), min(h, by1 + pad + 1)
    grid = np.zeros((y1 - y0, x1 - x0), np.uint8)
    for s, t in zip(segments, widths, strict=True):
        a, b = (round(s.x0) - x0, round(s.y0) - y0), (round(s.x1) - x0, round(s.y1) - y0)
        cv2.line(grid, a, b, 255, t)
    n, _, stats, _ = cv2.connectedComponentsWithStats(255 - grid, connectivity=4)
    least = MIN_CELL_PT * dpi / 72.0
    out = []
    for i in range(1, n):
        x, y, cw, ch, area = (int(v) for v in stats[i])
        if x == 0 or y == 0 or x + cw >= x1 - x0 or y + ch >= y1 - y0:
            continue  # open to the page edge: outside every table
        x, y = x + x0, y + y0
        if cw < least or ch < least or cw * ch > MAX_CELL_SHARE * w * h:
            continue
        if area < FILL * cw * ch:
            continue
        box = CellBox(x, y, cw, ch)
        if not any(_divides(s, box) for s in segments):
            out.append(box)
    return out


def rules_box(segments: list[Segment]) -> tuple[int, int, int, int]:
    """Pixel box (x0, y0, x1, y1) round the ruling lines ``segments`` (not empty)."""
    x0 = min(min(s.x0, s.x1) for s in segments)
    y0 = min(min(s.y0, s.y1) for s in segments)
    x1 = max(max(s.x0, s.x1) for s in segments)
    y1 = max(max(s.y0, s.y1) for s in segments)
    return round(x0), round(y0), round(x1), round(y1)


def _divides(s: Segment, c: CellBox) -> bool:
    """Does rule ``s`` reach well into cell ``c`` (a worn rule between two cells
    that did not close: the area is several cells, read as one block it runs
    their lines together)? A stacked fraction's bar inside a cell is shorter."""
    m = 4
    if s.orientation == "v":
        inside = c.x + m < s.x0 < c.x + c.w - m
        reach = min(s.y1, c.y + c.h) - max(s.y0, c.y)
        return inside and reach > DIVIDES * c.h
    inside = c.y + m < s.y0 < c.y + c.h - m
    reach = min(s.x1, c.x + c.w) - max(s.x0, c.x)
    return inside and reach > 0.7 * c.w


def ocr_cells(
    image: np.ndarray, cells: list[CellBox], config: ocr.OcrConfig
) -> tuple[list[ocr.PixWord], list[CellBox]]:
    """Words of each cell read on its own, in page pixels, and the cells read
    (a cell read poorly is left out: the page pass reads it)."""
    cell_config = ocr.OcrConfig(config.lang, CELL_PSM, config.dpi, config.timeout)
    words: list[ocr.PixWord] = []
    done: list[CellBox] = []
    for c in cells:
        crop = image[c.y : c.y + c.h, c.x : c.x + c.w]
        if crop.size == 0 or int(crop.min()) > 160:
            done.append(c)  # blank: no ink darker than the speckle tesseract ignores
            continue
        crop, ink, glyphs = _despeckle(crop, config.dpi)
        if _cut(glyphs, ink.shape, config.dpi):
            continue
        found: list[ocr.PixWord] = []
        for x0, x1 in _blocks(ink, config.dpi):
            found += read_block(crop[:, x0:x1], ink[:, x0:x1], c.x + x0, c.y, cell_config)
        conf = mean_conf(found)
        if conf is not None and conf < MIN_CONF:
            continue
        words += found
        done.append(c)
    return words, done


def mean_conf(words: list[ocr.PixWord]) -> float | None:
    """Mean confidence of the words with a letter or digit; None without any."""
    confs = [w.conf for w in words if any(ch.isalnum() for ch in w.text)]
    return sum(confs) / len(confs) if confs else None


def read_block(
    crop: np.ndarray, ink: np.ndarray, left: int, top: int, config: ocr.OcrConfig
) -> list[ocr.PixWord]:
    """Words of one block, in page pixels: the block's ink, cut out with a margin."""
    ys, xs = np.nonzero(ink)
    if ys.size == 0:
        return []
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    paper = int(np.median(crop))  # a shaded cell keeps its shade: a white margin
    # would make tesseract's threshold take the shade for ink
    pad = PAD_PX
    padded = cv2.copyMakeBorder(
        crop[y0:y1, x0:x1], pad, pad, pad, pad, cv2.BORDER_CONSTANT, value=paper
    )
    left, top = left + x0 - pad, top + y0 - pad
    words = ocr.ocr_words(padded, config)
    if len(words) == 1 and words[0].text == "|" and (x1 - x0) * 4 >= y1 - y0:
        words = [replace(words[0], text="/")]  # a slanted stroke read alone
    return [replace(w, left=w.left + left, top=w.top + top) for w in words]


def otsu_ink(crop: np.ndarray) -> np.ndarray:
    """The crop's ink (1 on 0) by Otsu's threshold."""
    return cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]


def _despeckle(crop: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cell without specks far from any glyph, its ink, and the boxes
    (``x, y, w, h, area`` rows) of the ink's connected parts. Read in a tall,
    nearly empty cell, specks make ``--psm 6`` see lines of text that are not
    there (a row number "1" among specks came out "ay"); a full stop or the dot
    of an i lies beside a glyph and stays."""
    ink = otsu_ink(crop)
    _count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    size = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    glyph = size >= SPECK_PT * dpi / 72.0
    glyph[0] = False
    if not glyph.any():
        return np.full_like(crop, int(np.median(crop))), np.zeros_like(ink), stats[:0]
    reach = round(NEAR_PT * dpi / 72.0)
    near = cv2.dilate(glyph[labels].astype(np.uint8), np.ones((2 * reach + 1,) * 2, np.uint8))
    keep = glyph.copy()
    keep[np.unique(labels[(near > 0) & (ink > 0)])] = True
    keep[0] = False
    specks = ~keep[labels] & (ink > 0)
    if not specks.any():
        return crop, ink, stats[keep]
    out = crop.copy()
    out[specks] = int(np.median(crop))
    return out, (keep[labels]).astype(np.uint8), stats[keep]


def despeckled(image: np.ndarray, dpi: int) -> np.ndarray:
    """``image`` (a whole page) with specks far from any glyph painted paper, as
    :func:`_despeckle` does in a cell, from the ink's outer contours instead of
    its pixel labels (~0.03 s a page at 300 dpi, labelling takes ~0.17 s). A
    speck lies beside a glyph when other ink lies within :data:`NEAR_PT` of its
    box."""
    ink = otsu_ink(image)
    contours, hierarchy = cv2.findContours(ink, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return image
    outer = np.flatnonzero(hierarchy[0][:, 3] < 0)  # one per part of the ink
    boxes = np.array([cv2.boundingRect(contours[i]) for i in outer])
    small = np.maximum(boxes[:, 2], boxes[:, 3]) < SPECK_PT * dpi / 72.0
    if small.all() or not small.any():
        return image
    specks = [contours[i] for i in outer[small]]
    glyphs = ink.copy()
    cv2.drawContours(glyphs, specks, -1, 0, thickness=-1)
    reach = round(NEAR_PT * dpi / 72.0)
    far = [
        c
        for c, (x, y, w, h) in zip(specks, boxes[small].tolist(), strict=True)
        if not glyphs[max(0, y - reach) : y + h + reach, max(0, x - reach) : x + w + reach].any()
    ]
    if not far:
        return image
    out = image.copy()
    cv2.drawContours(out, far, -1, int(np.median(image[::4, ::4])), thickness=-1)
    return out


def _cut(glyphs: np.ndarray, shape: tuple[int, ...], dpi: int) -> bool:
    """Does a glyph run into the cell's edge? A rule found through a line of
    text (or a fraction bar carried through the "x" beside it) cuts glyphs in
    two, and each half read alone is another letter: such a cell is left to the
    page pass, which sees both halves. A rule's own remnant runs the length of
    the edge; a speck is small and round. ``glyphs``: the boxes of the ink's
    connected parts (see :func:`_despeckle`), in a cell of ``shape``."""
    band = max(2, round(dpi / 100))
    deep, longest = CUT_DEPTH_PT * dpi / 72.0, GLYPH_PT * dpi / 72.0
    h, w = shape[:2]
    for x, y, cw, ch, _area in glyphs.tolist():
        if cw > longest or ch > longest:
            continue  # a rule's remnant, or text run together
        if (y < band or y + ch > h - band) and ch >= deep:
            return True
        if (x < band or x + cw > w - band) and cw >= deep:
            return True
    return False


def _blocks(ink: np.ndarray, dpi: int) -> list[tuple[int, int]]:
    """Column spans of the cell's side-by-side blocks: ink separated by a blank
    band at least :data:`SPLIT_PT` wide over the cell's full height."""
    cols = np.flatnonzero(ink.sum(axis=0) > 0)
    if cols.size == 0:
        return [(0, ink.shape[1])]
    at = np.flatnonzero(np.diff(cols) > SPLIT_PT * dpi / 72.0)
    cuts = [0, *((cols[at] + cols[at + 1]) // 2).tolist(), ink.shape[1]]
    return list(itertools.pairwise(cuts))


def blank_cells(image: np.ndarray, cells: list[CellBox]) -> np.ndarray:
    """``image`` with the cells painted white (for the page pass)."""
    out = image.copy()
    for c in cells:
        out[c.y : c.y + c.h, c.x : c.x + c.w] = 255
    return out
