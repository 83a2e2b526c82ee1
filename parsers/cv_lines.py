"""Ruling lines of a scanned page, found with OpenCV morphology.

Rules are looked for on :func:`rule_ink`: Otsu's ink plus thin strokes darker
than the paper around them (a faded rule on white or on a shaded cell). An
opening with a long thin kernel keeps only runs of ink longer than any glyph
stroke: horizontal and vertical rules, joined segment by segment across small
gaps. Rules worn into dashes (photocopies, faded scans) are chained from short
thin pieces with paper on both sides (:func:`worn_rules`); a worn rule must be
part of a grid, or be a free-standing fraction bar. Rule ends that stop short of
a crossing rule are carried to it. The result is :class:`domain.pages.Edge`
values in PDF points, so a scanned table goes through the same grid code
(:mod:`parsers.grid`) as a drawn one. A short horizontal rule floating inside a
cell (a stacked fraction's bar, as in Kapuas Hulu's and Sampang's formula cells)
is kept: the grid code turns it into a fraction bar.
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

DASH_PT = 4.0
"""Shortest piece of a worn rule: a photocopied or faded rule breaks into dashes
and dots of a few points; a run this long, thin and with paper on both sides is
a rule piece (a glyph's horizontal stroke has glyph ink within a point or two)."""

BRIDGE_PT = 30.0
"""Widest gap inside one worn rule (the heavy sample scans drop out for a few to
a few dozen points at a time)."""

WORN_COVER = 0.45
"""Share of a worn rule's length that its pieces must cover: text never lines up
thin, isolated runs that densely."""

WORN_THICK_PT = 2.5
"""Thickest piece of a worn rule (a 1 pt rule blurred by a 150 dpi scan measures
about 1.5 pt on the black-hat ink of :func:`rule_ink`)."""

WORN_MIN_PT = 40.0
"""Shortest worn rule kept (a stacked fraction's bar, the narrowest seen, is ~40 pt)."""

REACH_PT = 16.0
"""A rule ending this close short of a crossing rule is carried to it: worn rules
often drop out just before the corner where they meet."""

LONG_RULE_PT = 150.0
LONG_REACH_PT = 48.0
"""A rule at least :data:`LONG_RULE_PT` long (longer than any fraction
bar seen, ~100 pt) is carried up to this far to a crossing rule: a stamp over a
table corner hides a stretch of the rules under it."""

RAGGED_PT = 12.0
"""Vertical rules that end this close to each other with no rule across their
ends (a table running on over the page break, worn rules giving out at
different heights) are evened out to the lowest (highest) end, so the row they
leave open can be closed (:func:`parsers.grid.closing_rules`)."""

MAX_THICK_PT = 4.0
"""A 'rule' thicker than this is a filled area (a shaded header cell, a black
scanner margin): it contributes its outline, not a centre line."""

MIN_FILL_PT = 9.0
"""A filled area is at least this thick (a shaded one-line header row is ~14 pt);
a run between :data:`MAX_THICK_PT` and this is a line of bold text run together
by blur (the heavy Kapuas Hulu scan's header) and is no rule at all."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A detected rule in pixels: centre line from (x0, y0) to (x1, y1)."""

    x0: float
    y0: float
    x1: float
    y1: float
    orientation: Literal["h", "v"]
    thickness: float
    outline: bool = False
    """One side of a filled area (see :func:`_segments`), not a drawn line."""

    @property
    def length(self) -> float:
        return self.x1 - self.x0 if self.orientation == "h" else self.y1 - self.y0


@dataclass(slots=True)
class RuleMap:
    """Detected rules and the mask of their ink (to erase before OCR)."""

    segments: list[Segment]
    mask: np.ndarray


RULE_CONTRAST = 30.0
"""Gray levels by which a thin line must be darker than the paper right around it
to count as rule ink (see :func:`rule_ink`)."""


def rule_ink(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Ink for finding rules (255 = ink), and the thin strokes of the page.

    Strokes: at least :data:`RULE_CONTRAST` darker than the paper right around
    them (a black-hat transform over 2 pt). Ink: strokes plus what Otsu's
    threshold calls ink (filled areas, thick rules). Photocopied rules fade long
    before the text does (the heavy sample scans fade them 35-70 % towards
    white), so Otsu loses them; a single lower threshold turns shaded header cells
    and shadowed margins into ink, and the rules crossing them drown. Measured
    against the local paper, a faded rule stands out on white and on shading
    alike, and shading itself is no stroke (:func:`detect_rules` looks for paper
    beside a rule among the strokes)."""
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    k = _px(2.0, dpi) | 1
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    hat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    # strokes for the paper-beside-a-rule tests on a 3x3 mean: grain on shaded
    # paper stands out from its own local maximum by as much as a faded rule
    # does, and would read as glyph ink beside a header's rules
    smooth = cv2.morphologyEx(cv2.blur(gray, (3, 3)), cv2.MORPH_BLACKHAT, kernel)
    _, strokes = cv2.threshold(smooth, RULE_CONTRAST, 255, cv2.THRESH_BINARY)
    _, thin = cv2.threshold(hat, RULE_CONTRAST, 255, cv2.THRESH_BINARY)
    return cv2.bitwise_or(ink, thin), strokes


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
    max_thick, min_fill = _px(MAX_THICK_PT, dpi), _px(MIN_FILL_PT, dpi)
    out: list[Segment] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        along, across = (w, h) if axis == "h" else (h, w)
        area = cv2.countNonZero(mask[y : y + h, x : x + w])
        thick = area / max(1, along)
        if across > max_thick and thick > 0.5 * across:
            if across < min_fill:
                continue  # thicker than a rule, thinner than a shaded cell: text run together
            # filled area: its two long sides are the rules a reader sees
            if axis == "h":
                out += [
                    Segment(x, y, x + w, y, "h", 1.0, True),
                    Segment(x, y + h, x + w, y + h, "h", 1.0, True),
                ]
            else:
                out += [
                    Segment(x, y, x, y + h, "v", 1.0, True),
                    Segment(x + w, y, x + w, y + h, "v", 1.0, True),
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
                outline = o.outline and s.outline
                out[k] = (
                    Segment(lo, c, hi, c, "h", thick, outline)
                    if axis == "h"
                    else Segment(c, lo, c, hi, "v", thick, outline)
                )
                break
        else:
            out.append(s)
    return out


def detect_rules(binary: np.ndarray, dpi: float, strokes: np.ndarray | None = None) -> RuleMap:
    """Horizontal and vertical rules on ``binary`` (ink = 255), in pixels, and
    the mask of their ink (only the rules kept: glyph strokes stay for OCR).
    ``strokes`` (default ``binary``) is where paper beside a rule is looked for
    (see :func:`rule_ink`: a rule bordering a shaded cell has paper beside it)."""
    side = binary if strokes is None else strokes
    integral = cv2.integral(cv2.threshold(side, 0, 1, cv2.THRESH_BINARY)[1], sdepth=cv2.CV_32S)
    h_mask = _direction_mask(binary, dpi, "h")
    v_mask = _direction_mask(binary, dpi, "v")
    gap, tol, min_len = _px(JOIN_PT, dpi), _px(1.5, dpi), _px(MIN_RULE_PT, dpi)
    hs = [s for s in join_segments(_segments(h_mask, "h", dpi), gap, tol) if s.length >= min_len]
    vs = [s for s in join_segments(_segments(v_mask, "v", dpi), gap, tol) if s.length >= min_len]
    hs = [s for s in hs if _ruleish(s, side, integral, dpi) and not _at_border(s, binary.shape)]
    vs = [s for s in vs if _ruleish(s, side, integral, dpi) and not _at_border(s, binary.shape)]
    lone, reach, fine = _px(LONE_PT, dpi), _px(3.0, dpi), _px(1.2, dpi)

    def free_bar(h: Segment) -> bool:  # a thin free-standing bar: a stacked fraction's
        return h.thickness <= fine and _isolated(h, side, dpi, strict=True)

    vs = [v for v in vs if v.length >= lone or any(_meets(v, h, reach) for h in hs)]
    # a short horizontal rule is part of a grid, or a thin free-standing bar (a
    # stacked fraction's); a short thick run is letters run together
    hs = [h for h in hs if h.length >= lone or any(_meets(v, h, reach) for v in vs) or free_bar(h)]
    worn_h, worn_v, dash_h, dash_v = worn_rules(binary, dpi, integral)
    # a worn rule is part of a grid (a vertical one crosses two rules: stems of
    # letters on consecutive lines line up too), or a free-standing fraction bar
    ext = _px(REACH_PT, dpi)
    worn_v = [v for v in worn_v if sum(_meets(v, h, ext) for h in hs + worn_h) >= 2]
    worn_h = [h for h in worn_h if sum(_meets(v, h, ext) for v in vs + worn_v) >= 2 or free_bar(h)]
    hs = join_segments(hs + worn_h, gap, tol)
    vs = join_segments(vs + worn_v, gap, tol)
    long_rule, long_ext = _px(LONG_RULE_PT, dpi), _px(LONG_REACH_PT, dpi)
    vs = [_extend(v, hs, long_ext if v.length >= long_rule else ext, reach) for v in vs]
    hs = [_extend(h, vs, long_ext if h.length >= long_rule else ext, reach) for h in hs]
    vs = _even_open_ends(vs, hs, _px(RAGGED_PT, dpi), reach)
    h_mask, v_mask = cv2.bitwise_or(h_mask, dash_h), cv2.bitwise_or(v_mask, dash_v)
    mask = np.zeros_like(binary)
    for seg, source in [(s, h_mask) for s in hs] + [(s, v_mask) for s in vs]:
        band = _band(seg, 3)
        mask[band] |= source[band]
    return RuleMap(hs + vs, mask)


def _band(seg: Segment, pad: int) -> tuple[slice, slice]:
    """Rows and columns of the pixels around ``seg``: ``pad`` px beyond its half
    thickness across, a pixel or two beyond its ends along."""
    half = int(seg.thickness / 2) + pad
    x0, y0, x1, y1 = (int(v) for v in (seg.x0, seg.y0, seg.x1, seg.y1))
    if seg.orientation == "h":
        return slice(max(0, y0 - half), y0 + half + 1), slice(max(0, x0 - 1), x1 + 2)
    return slice(max(0, y0 - 1), y1 + 2), slice(max(0, x0 - half), x0 + half + 1)


def worn_rules(
    binary: np.ndarray, dpi: float, integral: np.ndarray
) -> tuple[list[Segment], list[Segment], np.ndarray, np.ndarray]:
    """Rules worn into dashes: thin runs of at least :data:`DASH_PT` with paper on
    both sides (``integral``: of the ink beside them, see :func:`_clear_sides`),
    chained along one line across gaps up to :data:`BRIDGE_PT` and kept when they
    cover :data:`WORN_COVER` of at least :data:`WORN_MIN_PT`. Returns horizontal
    and vertical rules and the masks of their pieces."""
    out: list[list[Segment]] = []
    masks: list[np.ndarray] = []
    thin = _px(WORN_THICK_PT, dpi)
    for axis in ("h", "v"):
        n = _px(DASH_PT, dpi)
        size = (n, 1) if axis == "h" else (1, n)
        mask = cv2.morphologyEx(
            binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)
        )
        thin_runs = [s for s in _segments(mask, axis, dpi) if s.thickness <= thin]  # type: ignore[arg-type]
        clear = _clear_sides(thin_runs, axis, integral, dpi)  # type: ignore[arg-type]
        pieces = [s for s, ok in zip(thin_runs, clear, strict=True) if ok]
        chains = _chain(pieces, axis, dpi)  # type: ignore[arg-type]
        keep = np.zeros_like(mask)
        for _, used in chains:
            for s in used:
                keep[_band(s, 2)] = 255
        out.append([seg for seg, _ in chains])
        masks.append(cv2.bitwise_and(mask, keep))
    return out[0], out[1], masks[0], masks[1]


def _clear_sides(
    segs: list[Segment],
    axis: Literal["h", "v"],
    integral: np.ndarray,
    dpi: float,
    share: float = 0.3,
) -> np.ndarray:
    """Paper on each side of each of ``segs`` (all of one orientation; 1.2 pt
    beyond its half thickness) along all but ``share`` of its length, as a
    boolean array: a stroke inside text has glyph ink on one side at least.
    ``integral``: the integral image of the ink (0/1), so each side is counted
    in constant time."""
    if not segs:
        return np.zeros(0, dtype=bool)
    h, w = integral.shape[0] - 1, integral.shape[1] - 1
    a = np.array(
        [
            (s.x0, s.x1, s.y0, s.thickness) if axis == "h" else (s.y0, s.y1, s.x0, s.thickness)
            for s in segs
        ]
    )
    lo, hi = a[:, 0].astype(int), a[:, 1].astype(int)
    at = np.rint(a[:, 2]).astype(int)
    off = (a[:, 3] / 2).astype(int) + _px(1.2, dpi)
    limit = share * (hi - lo + 1)
    across_max = h - 1 if axis == "h" else w - 1
    along_max = w - 1 if axis == "h" else h - 1
    lo, hi = lo.clip(0, along_max), hi.clip(0, along_max)
    ok = np.ones(len(segs), dtype=bool)
    for line in (np.maximum(0, at - off), np.minimum(across_max, at + off)):
        if axis == "h":
            ink = (
                integral[line + 1, hi + 1]
                - integral[line, hi + 1]
                - integral[line + 1, lo]
                + integral[line, lo]
            )
        else:
            ink = (
                integral[hi + 1, line + 1]
                - integral[lo, line + 1]
                - integral[hi + 1, line]
                + integral[lo, line]
            )
        ok &= ink < limit
    return ok


def _chain(
    pieces: list[Segment], axis: Literal["h", "v"], dpi: float
) -> list[tuple[Segment, list[Segment]]]:
    """Worn rules from rule pieces, each with its pieces: pieces on one line
    (within 1.5 pt) with gaps up to :data:`BRIDGE_PT`, covering
    :data:`WORN_COVER` of at least :data:`WORN_MIN_PT`, two pieces or more, one
    of them a rule's length (:data:`MIN_RULE_PT`: the stems of letters on
    consecutive lines chain up too, in pieces no longer than a glyph)."""
    tol, bridge, min_len = _px(1.5, dpi), _px(BRIDGE_PT, dpi), _px(WORN_MIN_PT, dpi)
    longest = _px(MIN_RULE_PT, dpi)

    def span(s: Segment) -> tuple[float, float]:
        return (s.x0, s.x1) if axis == "h" else (s.y0, s.y1)

    def at(s: Segment) -> float:
        return s.y0 if axis == "h" else s.x0

    groups: list[list[Segment]] = []
    for s in sorted(pieces, key=lambda s: span(s)[0]):
        a = span(s)[0]
        for g in groups:
            if abs(at(g[-1]) - at(s)) <= tol and a <= max(span(o)[1] for o in g) + bridge:
                g.append(s)
                break
        else:
            groups.append([s])
    out = []
    for g in groups:
        lo, hi = min(span(o)[0] for o in g), max(span(o)[1] for o in g)
        covered = sum(o.length for o in g)
        if len(g) < 2 or hi - lo < min_len or covered < WORN_COVER * (hi - lo):
            continue
        if max(o.length for o in g) < longest:
            continue  # stems of letters on consecutive lines: every piece glyph-sized
        p = sum(at(o) * o.length for o in g) / max(1.0, covered)
        thick = max(o.thickness for o in g)
        seg = (
            Segment(lo, p, hi, p, "h", thick) if axis == "h" else Segment(p, lo, p, hi, "v", thick)
        )
        out.append((seg, g))
    return out


def _extend(seg: Segment, crossing: list[Segment], ext: float, reach: float) -> Segment:
    """``seg`` with each end carried to the farthest crossing rule at most ``ext``
    px beyond it (one whose span reaches ``seg``'s line within ``reach`` px: a
    worn rule's end may stop at a stray piece short of the real corner). An end
    that already meets a crossing rule stays (a sub-column's rule ends at its
    row's rule and must not run on into the next row)."""
    h = seg.orientation == "h"
    lo, hi = (seg.x0, seg.x1) if h else (seg.y0, seg.y1)
    at = seg.y0 if h else seg.x0
    stops = [
        c.x0 if h else c.y0
        for c in crossing
        if (c.y0 if h else c.x0) - reach <= at <= (c.y1 if h else c.x1) + reach
    ]
    new_lo, new_hi = lo, hi
    if not any(abs(p - lo) <= reach for p in stops):
        new_lo = min((p for p in stops if lo - ext <= p < lo), default=lo)
    if not any(abs(p - hi) <= reach for p in stops):
        new_hi = max((p for p in stops if hi < p <= hi + ext), default=hi)
    if (new_lo, new_hi) == (lo, hi):
        return seg
    if h:
        return Segment(new_lo, at, new_hi, at, "h", seg.thickness, seg.outline)
    return Segment(at, new_lo, at, new_hi, "v", seg.thickness, seg.outline)


def _even_open_ends(
    vs: list[Segment], hs: list[Segment], tol: float, reach: float
) -> list[Segment]:
    """``vs`` with open ends (no horizontal rule within ``reach``) that lie within
    ``tol`` of each other moved to the outermost of them."""
    out = list(vs)
    for end in (0, 1):  # 0: tops, 1: bottoms

        def pos(v: Segment, end: int = end) -> float:
            return v.y1 if end else v.y0

        open_ = sorted(
            (i for i, v in enumerate(out) if not any(_meets_at(v, h, pos(v), reach) for h in hs)),
            key=lambda i: pos(out[i]),
        )
        groups: list[list[int]] = []
        for i in open_:
            if groups and pos(out[i]) - pos(out[groups[-1][0]]) <= tol:
                groups[-1].append(i)
            else:
                groups.append([i])
        for g in groups:
            if len(g) < 2:
                continue
            y = max(pos(out[i]) for i in g) if end else min(pos(out[i]) for i in g)
            for i in g:
                v = out[i]
                out[i] = Segment(
                    v.x0, v.y0 if end else y, v.x1, y if end else v.y1, "v", v.thickness, v.outline
                )
    return out


def _meets_at(v: Segment, h: Segment, y: float, reach: float) -> bool:
    """Does horizontal ``h`` cross vertical ``v`` at height ``y`` (within ``reach``)?"""
    return h.x0 - reach <= v.x0 <= h.x1 + reach and abs(h.y0 - y) <= reach


def _ruleish(seg: Segment, binary: np.ndarray, integral: np.ndarray, dpi: float) -> bool:
    """A long run that looks like a rule: paper beside it (:func:`_isolated`),
    and on each side separately (:func:`_clear_sides`; ``integral`` is of
    ``binary``): a run through a line of bold text (its x-height band or along
    its tops) has glyph ink on one side."""
    return _isolated(seg, binary, dpi) and (
        seg.outline or bool(_clear_sides([seg], seg.orientation, integral, dpi, share=0.4)[0])
    )


def _isolated(seg: Segment, binary: np.ndarray, dpi: float, strict: bool = False) -> bool:
    """Is there paper on both sides of the rule along most of its length?

    A rule is a thin line with paper beside it; a long run of ink inside text
    (letters run together in a blurred, heavily inked scan, seen on the heavy
    Kutai Kartanegara scan) has glyph bodies beside it. Outlines of filled areas
    (see :func:`_segments`) are exempt. ``strict``: closer (1 pt)
    and both sides clear along 70 % of the length."""
    if seg.outline and not strict:
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
