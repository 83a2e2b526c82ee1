"""Ruling lines of a scanned page, found with OpenCV morphology.

On the binarised page (ink = 255), an opening with a long thin kernel keeps only
runs of ink longer than any glyph stroke: horizontal and vertical rules. Broken
rules (faint scans, photocopies of photocopies) are joined segment by segment
across small gaps; short vertical pieces that meet no other rule are dropped.
The result is :class:`domain.pages.Edge` values in PDF points, so a scanned
table goes through the same grid code (:mod:`parsers.grid`) as a drawn one. A
short horizontal rule floating inside a cell (a stacked fraction's bar, as in
Kapuas Hulu's and Sampang's formula cells) is kept: the grid code turns it into
a fraction bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np

from domain.pages import Edge

MIN_RULE_PT = 12.0
"""Shortest rule kept (points). Longer than any glyph stroke of body text (an
em dash in 11 pt type is 11 pt); shorter than the narrowest fraction bar seen
(~40 pt) and than a one-line table row (~16 pt)."""

LONE_PT = 30.0
"""A vertical rule shorter than this must meet a horizontal one to count: a lone
short vertical run is a glyph stem (or stems of letters on consecutive lines)."""

JOIN_PT = 7.0
"""Collinear segments closer than this are joined into one rule."""

MAX_THICK_PT = 4.0
"""A 'rule' thicker than this is a filled area (a shaded header cell, a black
scanner margin): it contributes its outline, not a centre line."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A detected rule in pixels: centre line from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    orientation: Literal["h", "v"]
    thickness: float

    @property
    def length(self) -> float:
        return self.x1 - self.x0 if self.orientation == "h" else self.y1 - self.y0


@dataclass(slots=True)
class RuleMap:
    """Detected rules and the mask of their ink (to erase before OCR)."""

    segments: list[Segment]
    mask: np.ndarray


def _px(points: float, dpi: float) -> int:
    return max(1, round(points * dpi / 72.0))


def _direction_mask(binary: np.ndarray, dpi: float, axis: Literal["h", "v"]) -> np.ndarray:
    """Ink belonging to runs along ``axis`` at least :data:`MIN_RULE_PT` long.

    No morphological bridging: closing gaps at the pixel level joins the stems of
    letters on consecutive text lines into false vertical rules (measured on the
    Sampang page); broken rules are joined later, segment by segment."""
    n = _px(MIN_RULE_PT, dpi)
    size = (n, 1) if axis == "h" else (1, n)
    return cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))


def _segments(mask: np.ndarray, axis: Literal["h", "v"], dpi: float) -> list[Segment]:
    """One segment per blob of ``mask`` (outer contours: ~10x faster than
    connected-component labelling of a whole 300 dpi page)."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    max_thick = _px(MAX_THICK_PT, dpi)
    out: list[Segment] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        along, across = (w, h) if axis == "h" else (h, w)
        area = cv2.countNonZero(mask[y : y + h, x : x + w])
        thick = area / max(1, along)
        if across > max_thick and thick > 0.5 * across:
            # filled area: its two long sides are the rules a reader sees
            if axis == "h":
                out += [
                    Segment(x, y, x + w, y, "h", 1.0),
                    Segment(x, y + h, x + w, y + h, "h", 1.0),
                ]
            else:
                out += [
                    Segment(x, y, x, y + h, "v", 1.0),
                    Segment(x + w, y, x + w, y + h, "v", 1.0),
                ]
            continue
        if axis == "h":
            yc = y + h / 2.0
            out.append(Segment(float(x), yc, float(x + w), yc, "h", thick))
        else:
            xc = x + w / 2.0
            out.append(Segment(xc, float(y), xc, float(y + h), "v", thick))
    return out


def join_segments(segs: list[Segment], gap: float, tol: float) -> list[Segment]:
    """Join segments of one orientation lying on one line (within ``tol`` px
    across) with at most ``gap`` px between them."""
    if not segs:
        return []
    axis = segs[0].orientation

    def pos(s: Segment) -> float:
        return s.y0 if axis == "h" else s.x0

    def span(s: Segment) -> tuple[float, float]:
        return (s.x0, s.x1) if axis == "h" else (s.y0, s.y1)

    out: list[Segment] = []
    for s in sorted(segs, key=lambda s: (round(pos(s) / max(tol, 1.0)), span(s)[0])):
        for k in range(len(out) - 1, max(-1, len(out) - 6), -1):
            o = out[k]
            (a0, a1), (b0, b1) = span(o), span(s)
            if abs(pos(o) - pos(s)) <= tol and b0 <= a1 + gap and a0 <= b1 + gap:
                lo, hi = min(a0, b0), max(a1, b1)
                c = (pos(o) * o.length + pos(s) * s.length) / max(1.0, o.length + s.length)
                thick = max(o.thickness, s.thickness)
                out[k] = (
                    Segment(lo, c, hi, c, "h", thick)
                    if axis == "h"
                    else Segment(c, lo, c, hi, "v", thick)
                )
                break
        else:
            out.append(s)
    return out


def detect_rules(binary: np.ndarray, dpi: float) -> RuleMap:
    """Horizontal and vertical rules on ``binary`` (ink = 255), in pixels, and
    the mask of their ink (only the rules kept: glyph strokes stay for OCR)."""
    h_mask = _direction_mask(binary, dpi, "h")
    v_mask = _direction_mask(binary, dpi, "v")
    gap, tol, min_len = _px(JOIN_PT, dpi), _px(1.5, dpi), _px(MIN_RULE_PT, dpi)
    hs = [s for s in join_segments(_segments(h_mask, "h", dpi), gap, tol) if s.length >= min_len]
    vs = [s for s in join_segments(_segments(v_mask, "v", dpi), gap, tol) if s.length >= min_len]
    hs = [s for s in hs if _isolated(s, binary, dpi) and not _at_border(s, binary.shape)]
    vs = [s for s in vs if _isolated(s, binary, dpi) and not _at_border(s, binary.shape)]
    lone, reach, fine = _px(LONE_PT, dpi), _px(3.0, dpi), _px(1.2, dpi)
    vs = [v for v in vs if v.length >= lone or any(_meets(v, h, reach) for h in hs)]
    # a short horizontal rule is part of a grid, or a thin free-standing bar (a
    # stacked fraction's); a short thick run is letters run together
    hs = [
        h
        for h in hs
        if h.length >= lone
        or any(_meets(v, h, reach) for v in vs)
        or (h.thickness <= fine and _isolated(h, binary, dpi, strict=True))
    ]
    mask = np.zeros_like(binary)
    for seg, source in [(s, h_mask) for s in hs] + [(s, v_mask) for s in vs]:
        half = int(seg.thickness / 2) + 3
        if seg.orientation == "h":
            y0, y1 = max(0, int(seg.y0) - half), int(seg.y0) + half + 1
            x0, x1 = max(0, int(seg.x0) - 1), int(seg.x1) + 2
        else:
            x0, x1 = max(0, int(seg.x0) - half), int(seg.x0) + half + 1
            y0, y1 = max(0, int(seg.y0) - 1), int(seg.y1) + 2
        mask[y0:y1, x0:x1] |= source[y0:y1, x0:x1]
    return RuleMap(hs + vs, mask)


def _isolated(seg: Segment, binary: np.ndarray, dpi: float, strict: bool = False) -> bool:
    """Is there paper on both sides of the rule along most of its length?

    A rule is a thin line with paper beside it; a long run of ink inside text
    (letters run together in a blurred, heavily inked scan, seen on the heavy
    Kutai Kartanegara scan) has glyph bodies beside it. Outlines of filled areas
    (thickness 1, see :func:`_segments`) are exempt. ``strict``: closer (1 pt)
    and both sides clear along 70 % of the length."""
    if seg.thickness <= 1.0 and not strict:
        return True
    off = int(seg.thickness / 2) + _px(1.0 if strict else 1.5, dpi)
    h, w = binary.shape
    if seg.orientation == "h":
        xs = np.arange(int(seg.x0), int(seg.x1), 3).clip(0, w - 1)
        y = int(seg.y0)
        near = binary[max(0, y - off), xs] | binary[min(h - 1, y + off), xs]
    else:
        ys = np.arange(int(seg.y0), int(seg.y1), 3).clip(0, h - 1)
        x = int(seg.x0)
        near = binary[ys, max(0, x - off)] | binary[ys, min(w - 1, x + off)]
    return bool(np.count_nonzero(near) < (0.3 if strict else 0.5) * len(near))


def _at_border(seg: Segment, shape: tuple[int, ...]) -> bool:
    """A rule lying in the outer 3 % of the image is the scanner's: the page
    edge, the lid's shadow."""
    h, w = shape[:2]
    mx, my = 0.03 * w, 0.03 * h
    return (
        seg.x1 < mx or seg.x0 > w - mx or max(seg.y0, seg.y1) < my or min(seg.y0, seg.y1) > h - my
    )


def _meets(v: Segment, h: Segment, reach: float) -> bool:
    """Does vertical ``v`` touch or cross horizontal ``h`` (within ``reach`` px)?"""
    return h.x0 - reach <= v.x0 <= h.x1 + reach and v.y0 - reach <= h.y0 <= v.y1 + reach


def to_edges(segments: list[Segment], dpi: float) -> list[Edge]:
    """Pixel segments -> PDF-point edges (rules as zero-width centre lines, as
    pdfplumber reports drawn lines)."""
    k = 72.0 / dpi
    return [Edge(s.x0 * k, s.y0 * k, s.x1 * k, s.y1 * k, s.orientation) for s in segments]


def erase_rules(gray: np.ndarray, rules: RuleMap) -> np.ndarray:
    """``gray`` with the rules' ink painted white (tesseract reads rules as
    ``|``, ``_`` and ``—`` debris and segments columns worse with them)."""
    if not rules.segments:
        return gray
    grown = cv2.dilate(rules.mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
    out = gray.copy()
    out[grown > 0] = 255
    return out
