"""Punctuation tesseract made of a speck.

A toner speck touching a word's end is read as a full stop or a comma ("DPA.",
"Penggandaan,", ".DTKS") with the confidence of the word: tesseract's symbol
confidences are as high for it as for a printed stop, and the text alone cannot
tell ("(LKH)." ends a printed sentence). The pixels can, on a scan sharp enough
(see ``ingest.scan.MARK_DPI``): measured against the page's stroke width, specks
read as stops on the medium sample scans (200 dpi) cover 0.32-0.52 stroke², and
printed stops mostly 0.8-1.6, the smallest 0.56 ("Kab.": a stop after an
abbreviation is always kept) and 0.64 ("(ABK).").
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from domain.vocabulary import ABBREVIATIONS
from ingest.cell_ocr import otsu_ink
from ingest.ocr import PixWord

MARKS = frozenset(".,'`‘’-")
"""Marks a speck is read as, at either end of a word."""
SPECK_AREA = 0.58
"""An end mark whose ink covers less than this share of the stroke width squared
is a speck."""
LETTER_HEIGHT = 0.55
"""... and the part beside it is a letter: at least this share of the word's
tallest part high (a lower-case letter is about 0.7 of a capital, a comma 0.45;
a speck beyond a printed comma is not the comma)."""
MARGIN_PX = 2
"""Pixels around the word box taken into its crop (boxes hug the ink)."""


def stroke_width(ink: np.ndarray) -> float:
    """Median length of the horizontal runs of ``ink`` (0/1): the letters' stroke width."""
    padded = np.pad(ink.astype(np.int8), ((0, 0), (1, 1)))
    steps = np.diff(padded, axis=1)
    starts, ends = np.nonzero(steps == 1), np.nonzero(steps == -1)
    if starts[0].size == 0:
        return 0.0
    return float(np.median(ends[1] - starts[1]))


def _crop(word: PixWord, image: np.ndarray) -> np.ndarray:
    h, w = image.shape[:2]
    x0, y0 = max(0, word.left - MARGIN_PX), max(0, word.top - MARGIN_PX)
    x1 = min(w, word.left + word.width + MARGIN_PX)
    y1 = min(h, word.top + word.height + MARGIN_PX)
    return image[y0:y1, x0:x1]


def page_stroke_width(words: list[PixWord], image: np.ndarray) -> float:
    """The page's usual stroke width: the median of its longer words' (a word of
    two letters, or a bold heading, says little on its own)."""
    widths = [
        stroke_width(otsu_ink(crop))
        for w in words
        if sum(ch.isalpha() for ch in w.text) >= 4 and (crop := _crop(w, image)).size
    ]
    return float(np.median(widths)) if widths else 0.0


def _speck_ends(word: PixWord, image: np.ndarray, sw: float) -> tuple[bool, bool]:
    """Are the word's first and last ink parts specks: tiny beside its strokes,
    apart from the rest, and next to a letter (not to a printed mark the speck
    lies beyond)?"""
    crop = _crop(word, image)
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 32:
        return False, False
    _count, _labels, stats, _ = cv2.connectedComponentsWithStats(otsu_ink(crop), connectivity=8)
    parts = stats[1:]
    if len(parts) < 3:  # the mark alone, or glued to the letters
        return False, False
    x, y, pw, ph, area = (parts[:, i] for i in range(5))
    by_left = np.argsort(x, kind="stable")
    by_right = np.argsort(x + pw, kind="stable")
    first, last = int(by_left[0]), int(by_right[-1])
    tall = LETTER_HEIGHT * ph.max()
    low = (y.min() + (y + ph).max()) / 2  # a stop or comma lies below the letters' middle

    def speck(i: int, beside: int, apart: bool, mark: str) -> bool:
        inside = x[i] > 0 and x[i] + pw[i] < crop.shape[1]  # not cut by the crop
        placed = mark not in ".," or y[i] + ph[i] / 2 > low
        return bool(
            area[i] < SPECK_AREA * sw * sw and apart and inside and placed and ph[beside] >= tall
        )

    lead = speck(
        first, int(by_left[1]), x[first] + pw[first] <= x[by_left[1:]].min() + 1, word.text[0]
    )
    rest = by_right[:-1]
    trail = speck(last, int(by_right[-2]), x[last] >= (x[rest] + pw[rest]).max() - 1, word.text[-1])
    return lead, trail


def trim_speck_marks(words: list[PixWord], image: np.ndarray) -> list[PixWord]:
    """``words`` with an end mark dropped where its ink on ``image`` (the gray
    page tesseract read) is a speck."""
    sw = page_stroke_width(words, image)
    if sw < 2:
        return words
    out = []
    for word in words:
        text = word.text
        lead, trail = len(text) > 1 and text[0] in MARKS, len(text) > 1 and text[-1] in MARKS
        if (lead or trail) and sum(ch.isalnum() for ch in text) >= 2:
            first, last = _speck_ends(word, image, sw)
            if trail and last and not (text[-1] == "." and text[:-1].lower() in ABBREVIATIONS):
                text = text[:-1]
            if lead and first:
                text = text[1:]
        out.append(word if text == word.text else replace(word, text=text))
    return out
