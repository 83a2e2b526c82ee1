"""Punctuation tesseract made of a speck.

A toner speck touching a word's end is read as a full stop or a comma ("DPA.",
"Penggandaan,", ".DTKS") with the confidence of the word: tesseract's symbol
confidences are as high for it as for a printed stop, and the text alone cannot
tell ("(LKH)." ends a printed sentence). The pixels can, on a scan sharp enough
(see ``ingest.scan.MARK_DPI``): measured against the page's stroke width, specks
read as stops on the medium sample scans (200 dpi) cover 0.32-0.52 stroke², and
printed stops mostly 0.8-1.6, the smallest 0.56 ("Kab.": a stop after an
abbreviation is always kept) and 0.64 ("(ABK).").

The same test reads a speck in the space between two words, which tesseract
joins into one word around a mark ("Persentase'lanjut"), and a speck read as a
word of its own ("yang - mendapatkan", with confidence 91): a printed dash or
comma has more ink than a speck.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    found = _parts(word, image)
    if found is None or len(found.parts) < 3:  # the mark alone, or glued to the letters
        return False, False
    parts = found.parts
    x, y, pw, ph, area = (parts[:, i] for i in range(5))
    by_left = np.argsort(x, kind="stable")
    by_right = np.argsort(x + pw, kind="stable")
    first, last = int(by_left[0]), int(by_right[-1])
    tall = LETTER_HEIGHT * ph.max()
    low = (y.min() + (y + ph).max()) / 2  # a stop or comma lies below the letters' middle

    def speck(i: int, beside: int, apart: bool, mark: str) -> bool:
        inside = x[i] > 0 and x[i] + pw[i] < found.width  # not cut by the crop
        placed = mark not in ".," or _fits(mark, y[i] + ph[i] / 2, low)
        return bool(
            area[i] < SPECK_AREA * sw * sw and apart and inside and placed and ph[beside] >= tall
        )

    lead = speck(
        first, int(by_left[1]), x[first] + pw[first] <= x[by_left[1:]].min() + 1, word.text[0]
    )
    rest = by_right[:-1]
    trail = speck(last, int(by_right[-2]), x[last] >= (x[rest] + pw[rest]).max() - 1, word.text[-1])
    return lead, trail


SPACE_SW = 1.8
"""A speck inside a word lies in a space when the paper around it is at least this
many stroke widths wide: on the medium sample scans (stroke width 5 px), 9-16 px
around specks between words, 7 px around a printed comma with no space after it
("TAPERUM,KARPEG", the comma as small as a speck)."""
LONE_MARKS = MARKS - {"."}
"""Marks a word of its own is dropped as a speck for (a printed stop set apart by
tesseract, "Kab .", is too close in size to a speck to drop)."""
LONE_AREA = 0.8
"""A word made only of marks is a speck when its ink covers less than this share
of the stroke width squared. On the medium sample scans (draw 0): specks read as
a lone hyphen, quote or comma 0.36-0.64 (9-16 px at stroke width 5), printed list
dashes and commas mostly from 1.0 (a short bold dash, 8 x 6 px, 1.6)."""
BAR_SW = 1.2
BAR_RATIO = 1.5
"""A mark at least this many stroke widths long, and this many times as long as
high, is a printed bar (a dash), however little ink it has."""


@dataclass(frozen=True, slots=True)
class _Ink:
    """The ink parts of a word's crop (``x, y, w, h, area`` rows, crop pixels)."""

    parts: np.ndarray
    left: int
    """The crop's left edge on the page."""
    width: int


def _parts(word: PixWord, image: np.ndarray) -> _Ink | None:
    """The ink parts of the word's crop, or None when the crop has no contrast to
    tell ink from paper."""
    crop = _crop(word, image)
    if crop.size == 0 or int(crop.max()) - int(crop.min()) < 32:
        return None
    _count, _labels, stats, _ = cv2.connectedComponentsWithStats(otsu_ink(crop), connectivity=8)
    return _Ink(stats[1:], max(0, word.left - MARGIN_PX), crop.shape[1])


def _lone_speck(word: PixWord, image: np.ndarray, sw: float) -> bool:
    """Is ``word``, made only of marks, a speck: all its ink speck-sized, and for a
    hyphen not a bar (a faded printed list dash, 7 x 3 px, has no more ink than a
    speck; specks are as high as they are wide)?"""
    found = _parts(word, image)
    if found is None or not len(found.parts):
        return False
    big = found.parts[int(np.argmax(found.parts[:, 4]))]
    if big[4] >= LONE_AREA * sw * sw:
        return False
    return not ("-" in word.text and big[2] >= max(BAR_SW * sw, BAR_RATIO * big[3]))


def _fits(mark: str, centre: float, middle: float) -> bool:
    """Could a mark at height ``centre`` be ``mark``: a stop or comma lies below the
    letters' middle, a quote above it, a hyphen anywhere between?"""
    if mark in ".,":
        return centre > middle
    return centre < middle if mark in "'`‘’" else True


def _inner_specks(word: PixWord, image: np.ndarray, sw: float, marks: str) -> list[tuple[int, int]]:
    """Speck-sized ink parts strictly inside the word that share no column with
    other ink, left to right, each as the paper around it: (right edge of the ink
    before, left edge of the ink after) in page pixels. Empty unless there is one
    such speck per mark in ``marks`` (the word's inner marks, in order), each at
    a height the mark can have and in a space (:data:`SPACE_SW`)."""
    found = _parts(word, image)
    if found is None:
        return []
    parts = found.parts
    x, y, pw, ph, area = (parts[:, i] for i in range(5))
    middle = (y.min() + (y + ph).max()) / 2
    specks = []
    for i in np.argsort(x, kind="stable"):
        if area[i] >= SPECK_AREA * sw * sw:
            continue
        others = np.arange(len(parts)) != i
        before = others & (x + pw <= x[i])
        after = others & (x >= x[i] + pw[i])
        if not before.any() or not after.any() or (before | after).sum() != others.sum():
            continue
        gap = (found.left + int((x + pw)[before].max()), found.left + int(x[after].min()))
        if gap[1] - gap[0] < SPACE_SW * sw:
            return []
        specks.append((gap, y[i] + ph[i] / 2))
    if len(specks) != len(marks):
        return []
    if not all(_fits(m, c, middle) for m, (_, c) in zip(marks, specks, strict=True)):
        return []
    return [gap for gap, _ in specks]


def _split_at_specks(word: PixWord, image: np.ndarray, sw: float) -> list[PixWord]:
    """``word`` split where tesseract read a speck between two words as a mark
    joining them (letters of one word stand too close for a speck to lie apart
    between them). Unchanged unless each such mark has its speck."""
    text = word.text
    marks = [
        i
        for i in range(1, len(text) - 1)
        if text[i] in MARKS and text[i - 1].isalnum() and text[i + 1].isalnum()
    ]
    if not marks:
        return [word]
    gaps = _inner_specks(word, image, sw, "".join(text[i] for i in marks))
    if not gaps:
        return [word]
    out, start, left = [], 0, word.left
    for i, (g0, g1) in zip(marks, gaps, strict=True):
        out.append(replace(word, text=text[start:i], left=left, width=max(1, g0 - left)))
        start, left = i + 1, g1
    right = word.left + word.width
    out.append(replace(word, text=text[start:], left=left, width=max(1, right - left)))
    return out


def _trim_ends(word: PixWord, image: np.ndarray, sw: float) -> PixWord:
    """``word`` without a first or last mark that is a speck."""
    text = word.text
    lead, trail = len(text) > 1 and text[0] in MARKS, len(text) > 1 and text[-1] in MARKS
    if (lead or trail) and sum(ch.isalnum() for ch in text) >= 2:
        first, last = _speck_ends(word, image, sw)
        if trail and last and not (text[-1] == "." and text[:-1].lower() in ABBREVIATIONS):
            text = text[:-1]
        if lead and first:
            text = text[1:]
    return word if text == word.text else replace(word, text=text)


def trim_speck_marks(words: list[PixWord], image: np.ndarray) -> list[PixWord]:
    """``words`` without the marks whose ink on ``image`` (the gray page tesseract
    read) is a speck: at a word's ends, between two words tesseract joined over
    it, or as a word of its own."""
    sw = page_stroke_width(words, image)
    if sw < 2:
        return words
    out = []
    for word in words:
        if word.text and set(word.text) <= LONE_MARKS:
            if not _lone_speck(word, image, sw):
                out.append(word)
            continue
        out.extend(_trim_ends(piece, image, sw) for piece in _split_at_specks(word, image, sw))
    return out
