"""Text inside a table that the page pass did not read.

Tesseract's layout analysis sometimes drops a whole block of clear text: on
Kutai Kartanegara's heavy scan (draw 1, page 14) the sasaran cell, left to the
page pass because a faded rule did not close it, came back with no words at
all (``--psm 4``; ``--psm 11`` reads it at 92). After the page pass, ink inside
the tables that no word covers is grouped into blocks, and each block is read
on its own (``--psm 6``, as a cell is); a block read poorly (noise, a stamp's
ring) is dropped.
"""

from __future__ import annotations

import cv2
import numpy as np

from ingest import ocr
from ingest.cell_ocr import CELL_PSM, MIN_CONF, CellBox, mean_conf, read_block, rules_box
from parsers.cv_lines import Segment

GLYPH_PT = 2.5
"""Ink parts at least this tall are letters (specks and rule remnants are lower) ..."""
MAX_GLYPH_PT = 14.0
"""... and at most this tall (a vertical rule's remnant is taller)."""
JOIN_PT = (6.0, 3.0)
"""Letters closer than this (across, down) belong to one block."""
MIN_BLOCK_PT = (3.0, 5.0)
"""A block narrower or lower than this is no text worth reading (a stray mark)."""
COVER_PT = 2.0
"""Margin round each word read: ink this close to a word is that word's."""


def table_area(segments: list[Segment]) -> tuple[int, int, int, int] | None:
    """Pixel box (x0, y0, x1, y1) of the ruling lines, None without any."""
    return rules_box(segments) if segments else None


def _ink(crop: np.ndarray) -> np.ndarray:
    """Ink by Otsu's threshold over the paper left: the cells read are painted
    pure white (:func:`ingest.cell_ocr.blank_cells`) and would make the paper
    itself count as ink."""
    paper = crop[crop < 255]
    if paper.size == 0:
        return np.zeros_like(crop)
    t, _ = cv2.threshold(paper.reshape(1, -1), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return (crop <= t).astype(np.uint8)


def unread_blocks(
    image: np.ndarray, words: list[ocr.PixWord], area: tuple[int, int, int, int], dpi: float
) -> list[CellBox]:
    """Blocks of letter-sized ink inside ``area`` that no word in ``words`` covers."""
    x0, y0, x1, y1 = area
    crop = image[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    ink = _ink(crop)
    pad = round(COVER_PT * dpi / 72.0)
    for w in words:
        bx0, by0 = max(0, w.left - x0 - pad), max(0, w.top - y0 - pad)
        bx1, by1 = w.left - x0 + w.width + pad, w.top - y0 + w.height + pad
        if bx1 > 0 and by1 > 0:  # (a negative end would slice from the far side)
            ink[by0:by1, bx0:bx1] = 0
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    height = stats[:, cv2.CC_STAT_HEIGHT]
    # letters, or words whose letters run together; lower ink is specks or a
    # horizontal rule's remnant, taller ink a vertical rule's
    letter = (height >= GLYPH_PT * dpi / 72.0) & (height <= MAX_GLYPH_PT * dpi / 72.0)
    letter[0] = False
    if not letter.any():
        return []
    glyphs = letter[labels].astype(np.uint8)
    jx, jy = (round(v * dpi / 72.0) for v in JOIN_PT)
    joined = cv2.dilate(glyphs, np.ones((2 * jy + 1, 2 * jx + 1), np.uint8))
    m, _blabels, bstats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    wmin, hmin = (v * dpi / 72.0 for v in MIN_BLOCK_PT)
    out = []
    for i in range(1, m):
        bx, by, bw, bh, _ = (int(v) for v in bstats[i])
        # the block's own extent: the dilation added jx, jy round it
        bx, by, bw, bh = bx + jx, by + jy, bw - 2 * jx, bh - 2 * jy
        if bw >= wmin and bh >= hmin and bw * 4 >= bh:  # else a stray mark or rule remnant
            out.append(CellBox(x0 + bx, y0 + by, bw, bh))
    return out


def read_unread(
    image: np.ndarray,
    words: list[ocr.PixWord],
    segments: list[Segment],
    config: ocr.OcrConfig,
) -> list[ocr.PixWord]:
    """Words of the table text the page pass left unread (see the module doc)."""
    area = table_area(segments)
    if area is None:
        return []
    block_config = ocr.OcrConfig(config.lang, CELL_PSM, config.dpi, config.timeout)
    found: list[ocr.PixWord] = []
    for b in unread_blocks(image, words, area, config.dpi):
        crop = image[b.y : b.y + b.h, b.x : b.x + b.w]
        got = read_block(crop, _ink(crop), b.x, b.y, block_config)
        conf = mean_conf(got)
        if conf is not None and conf >= MIN_CONF:
            found += got
    return found
