"""Scan clean-up before OCR: orientation, deskew, denoise, contrast, binarisation.

Everything runs on grayscale ``uint8`` arrays. Analyses that need no detail run on a
copy downscaled to :data:`ANALYSIS_DPI`: geometry ~0.08 s and clean-up ~0.03 s per
A4 page at 300 dpi, against ~1.8 s of OCR. Measured by ``benchmarks/geometry.py``
on the 174 pages of the degraded sample scans (``samples/scans``, manifest as
truth): every page turned right, tesseract needed on 13 (OSD 7, reading test 6);
skew within 0.12 degrees (mean 0.011). Each page also turned all four ways (696
pages): all right.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from ingest import ocr

ANALYSIS_DPI = 150.0
"""Resolution of the copy used for orientation, skew and illumination estimates."""

MAX_SKEW = 5.0
"""Largest skew (degrees) corrected; a page tilted more than this is not a scan skew."""

DIRECTION_MIN_PT = 60.0
"""Length of text lines (points, all fragments together) needed to tell the
line direction; a page with less is left as it is."""

DIRECTION_RATIO = 3.0
"""How much longer the lines of one direction must be than the other's (on the
174 pages of the degraded sample scans, each turned all four ways: 5.3 or more)."""

ORIENT_MIN_Z = 3.0
"""Combined up/down evidence (:attr:`UpDown.z`) needed to decide without
tesseract. On the 174 sample scan pages, each turned all four ways: never
below -1.7 the right way (near-empty pages: a title in capitals, a signature
block), most pages with some lines of text over 3."""

ORIENT_MAX_AGAINST = 1.5
"""A cue leaning the other way by more than this leaves the page undecided."""

OSD_MIN_CONF = 1.5
"""OSD confidence below which the reading test is asked instead (OSD's wrong
answers on the blurred 150 dpi sample scans came at 0.0-1.1)."""

READ_MAX_LINES = 6
"""Text lines read (both ways) by :func:`reads_upright`."""

READ_MAX_PT = 200.0
"""Length of each line read (points from its start): a few words tell enough."""

READ_MIN_CHARS = 12
"""Characters of confident words the better reading needs."""

NOISE_RATIO = 0.12
"""Share of ink pixels a 3x3 median removes above which a page counts as noisy
(clean 300 dpi text measures 0.02-0.04, the degraded sample scans up to 0.09:
their grain is grey noise that thresholding absorbs; salt-and-pepper speckle on
1 % of the pixels measures 0.26)."""

UNEVEN_LEVELS = 40.0
"""Spread of the paper's grey level (5th to 95th percentile of the estimated
background) above which illumination is divided out rather than stretched.
Measured: medium sample pages spread 0-2 levels, heavy ones 27-52. Dividing out
from 15 levels helped tesseract read some heavy pages but lightened faded ruling
lines below the rule detector's contrast (a heavy Kapuas Hulu table lost its
bottom rule, ``tests/test_worn_rules.py``), so the bar stays at 40 for the
image rules are found on ..."""
OCR_UNEVEN_LEVELS = 15.0
"""... and tesseract reads a copy divided out from this spread. On a grey,
grainy top of a heavy page (a 39-level spread, stretched only) tesseract's page
layout ran the title into the duty line below it and lost the labels."""

SHADOW_LEVELS = 12.0
"""An edge line whose median grey is this much darker than the paper is shadow..."""
SHADOW_SHARE = 0.04
"""... and a shadow band reaches at most this share of the page in from the edge."""


@dataclass(slots=True)
class Prepared:
    """A page image ready for OCR, and what was done to it."""

    gray: np.ndarray
    """Upright, deskewed, cleaned grayscale (what tesseract reads, lines removed later)."""
    dpi: float
    rotation: int = 0
    """Degrees the image was turned clockwise to make it upright (0/90/180/270)."""
    orientation_by: str = "none"
    """``cheap`` (ascender and alignment cues), ``osd`` (tesseract's OSD),
    ``read`` (tesseract read the lines both ways), ``none`` (nothing to tell
    by), ``given`` (the caller knew)."""
    skew: float = 0.0
    """Degrees of skew corrected (positive: the scan was tilted counter-clockwise)."""
    noisy: bool = False
    notes: list[str] = field(default_factory=list)
    ocr_gray: np.ndarray | None = None
    """What tesseract reads instead of ``gray`` when it differs: the page with
    a milder uneven illumination divided out (:data:`OCR_UNEVEN_LEVELS`)."""
    timings: dict[str, float] = field(default_factory=dict)


def downscale(gray: np.ndarray, dpi: float, target: float = ANALYSIS_DPI) -> np.ndarray:
    s = target / dpi
    if s >= 1.0:
        return gray
    return cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)


def otsu_inv(gray: np.ndarray) -> np.ndarray:
    """Ink = 255 on 0 by Otsu's threshold."""
    _, b = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return b


def rotate_quadrant(img: np.ndarray, degrees: int) -> np.ndarray:
    """Turn ``img`` clockwise by 0/90/180/270 degrees."""
    codes = {
        90: cv2.ROTATE_90_CLOCKWISE,
        180: cv2.ROTATE_180,
        270: cv2.ROTATE_90_COUNTERCLOCKWISE,
    }
    return cv2.rotate(img, codes[degrees]) if degrees % 360 else img


# -- orientation --------------------------------------------------------------------------


def _glyph_mask(binary: np.ndarray, px_pt: float) -> np.ndarray:
    """Ink of glyph- and word-sized components only (ruling grids, logos, photos,
    a scanner's dark edge dropped). The size test is the same both ways: a page
    may still be turned, and on blurred low-resolution scans the letters of a
    word touch, so a sideways word is a tall component."""
    _, lab, st, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h = st[:, 2], st[:, 3]
    ok = (np.minimum(w, h) <= 30 * px_pt) & (np.maximum(w, h) <= 60 * px_pt)
    ok[0] = False
    return (ok[lab]).astype(np.uint8) * 255


def line_direction(mask: np.ndarray, px_pt: float) -> tuple[float, float]:
    """Text-line fragments found by smearing glyphs horizontally and vertically:
    ``(horizontal, vertical)`` total length in points. Upright or upside-down
    pages have horizontal lines; pages turned 90 degrees vertical ones. Lengths
    rather than counts, so that a page with two lines of text is clear too; thin
    fragments (a dashed or faded rule, under 2 pt across) do not count. Runs at
    half the resolution of ``mask`` (a line's direction needs no detail)."""
    half = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half = (half > 0).astype(np.uint8) * 255
    px_pt /= 2
    k = max(3, round(2.5 * px_pt))

    def length(kernel: tuple[int, int], axis: int) -> float:
        sm = cv2.dilate(half, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        _, _, st, _ = cv2.connectedComponentsWithStats(sm, connectivity=8)
        long, short = st[1:, 2 + axis], st[1:, 3 - axis]
        ok = (long > 5 * short) & (long > 20 * px_pt) & (short >= 2 * px_pt)
        return float(long[ok].sum()) / px_pt

    return length((k, 1), 0), length((1, k), 1)


def direction_is_clear(horiz: float, vert: float) -> bool:
    """One direction has :data:`DIRECTION_MIN_PT` of text lines and
    :data:`DIRECTION_RATIO` times the other's."""
    hi, lo = max(horiz, vert), min(horiz, vert)
    return hi >= DIRECTION_MIN_PT and hi >= DIRECTION_RATIO * lo


@dataclass(frozen=True, slots=True)
class UpDown:
    """Evidence for upright (positive) vs upside-down text, see :func:`updown_score`.

    Two independent cues, each as a vote count: ascenders against descenders
    (glyph shapes; weak on Indonesian, rich in g/p/y, and on blurred scans) and
    left against right alignment of successive lines (layout; blind on centred
    text). Each is turned into ``(for - against) / sqrt(for + against)``.
    """

    up: int
    """Text lines with clearly more ink above their x-height band than below."""
    down: int
    left: int
    """Pairs of successive lines sharing their left edge but not their right."""
    right: int

    @property
    def ascender_z(self) -> float:
        return (self.up - self.down) / math.sqrt(max(1, self.up + self.down))

    @property
    def align_z(self) -> float:
        return (self.left - self.right) / math.sqrt(max(1, self.left + self.right))

    @property
    def z(self) -> float:
        """Both cues together; positive: upright."""
        return self.ascender_z + self.align_z

    def verdict(self) -> int | None:
        """+1 upright, -1 upside down, None when unclear: the cues together reach
        :data:`ORIENT_MIN_Z` and neither leans the other way by more than
        :data:`ORIENT_MAX_AGAINST`."""
        if abs(self.z) < ORIENT_MIN_Z:
            return None
        sign = 1 if self.z > 0 else -1
        if min(sign * self.ascender_z, sign * self.align_z) < -ORIENT_MAX_AGAINST:
            return None
        return sign


def _text_lines(mask: np.ndarray, px_pt: float) -> tuple[np.ndarray, np.ndarray]:
    """Labels and ``x, y, w, h`` stats (background row included) of the mask's
    glyphs joined into line fragments (runs of words)."""
    k = max(3, round(6 * px_pt))  # word gap
    sm = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    _, lab, st, _ = cv2.connectedComponentsWithStats(sm, connectivity=8)
    return lab, st[:, :4]


def _ascender_votes(
    mask: np.ndarray, lab: np.ndarray, st: np.ndarray, px_pt: float, max_lines: int = 300
) -> tuple[int, int]:
    """Lines with clearly more ink above their x-height band than below, and the
    reverse. Each line is measured in pieces about 60 pt long (a residual tilt
    does not smear the band); a piece whose ink spans over 2.5 bands (lines
    joined through a stroke or a rule) or whose band is under 3 px (a rule) is
    left out."""
    x, y, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    cand = np.nonzero((w >= 15 * px_pt) & (w >= 3 * h) & (h >= 4) & (h <= 40 * px_pt))[0]
    cand = cand[cand > 0]
    cand = cand[np.argsort(-w[cand], kind="stable")][:max_lines]
    ink = mask > 0
    piece = max(16, round(60 * px_pt))
    up = down = 0
    for i in cand:
        sl = (slice(y[i], y[i] + h[i]), slice(x[i], x[i] + w[i]))
        mine = ink[sl] & (lab[sl] == i)
        n = max(1, round(w[i] / piece))
        above = below = 0.0
        for j in range(n):
            prof = mine[:, j * w[i] // n : (j + 1) * w[i] // n].sum(axis=1).astype(np.float64)
            if prof.sum() < 20:
                continue
            rows = np.nonzero(prof)[0]
            peak = float(prof.max())
            top = bot = int(np.argmax(prof))
            while top > 0 and prof[top - 1] >= 0.4 * peak:
                top -= 1
            while bot < len(prof) - 1 and prof[bot + 1] >= 0.4 * peak:
                bot += 1
            band = bot - top + 1
            if band < 3 or rows[-1] - rows[0] + 1 > 2.5 * band:
                continue
            above += float(prof[:top].sum())
            below += float(prof[bot + 1 :].sum())
        up += above > 1.5 * below
        down += below > 1.5 * above
    return up, down


def _alignment_votes(st: np.ndarray, px_pt: float) -> tuple[int, int]:
    """Pairs of successive line fragments (the next one below, overlapping it)
    whose left edges agree within 1.5 pt and right edges do not, and the
    reverse: text is left-aligned and ragged on the right, in paragraphs and in
    table cells alike."""
    x, y, w, h = (st[1:, i].astype(np.int64) for i in range(4))
    ok = (w >= 8 * px_pt) & (w >= 2 * h) & (h >= 3 * px_pt) & (h <= 30 * px_pt)
    order = np.argsort(y[ok], kind="stable")
    x, y, w, h = x[ok][order], y[ok][order], w[ok][order], h[ok][order]
    x1 = x + w
    tol = 1.5 * px_pt
    left = right = 0
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            if y[j] > y[i] + 3 * h[i]:
                break
            if y[j] < y[i] + 0.6 * h[i]:
                continue
            if min(x1[i], x1[j]) - max(x[i], x[j]) < 0.3 * min(w[i], w[j]):
                continue
            same_left, same_right = abs(x[i] - x[j]) <= tol, abs(x1[i] - x1[j]) <= tol
            left += same_left and not same_right
            right += same_right and not same_left
            break
    return int(left), int(right)


def updown_score(mask: np.ndarray, px_pt: float) -> UpDown:
    """Up/down evidence of a page whose text lines are horizontal and level.

    Latin script has more ascenders and capitals (b d f h k l t, A-Z, digits)
    than descenders (g j p q y): upright text puts more ink above its x-height
    band than below it, upside-down text the reverse. And lines start at a
    common left edge and end where their words run out.
    """
    lab, st = _text_lines(mask, px_pt)
    return UpDown(*_ascender_votes(mask, lab, st, px_pt), *_alignment_votes(st, px_pt))


def _reading_strip(small: np.ndarray, mask: np.ndarray, px_pt: float) -> np.ndarray | None:
    """The longest horizontal text lines (up to :data:`READ_MAX_LINES`, each
    cut at :data:`READ_MAX_PT`), stacked, for :func:`reads_upright`; None
    without any."""
    _, st = _text_lines(mask, px_pt)
    x, y, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    cand = np.nonzero((w >= 15 * px_pt) & (w >= 3 * h) & (h >= 4 * px_pt) & (h <= 30 * px_pt))[0]
    cand = cand[cand > 0]  # a rule is thinner than a line of text
    if not len(cand):
        return None
    cand = cand[np.argsort(-w[cand], kind="stable")][:READ_MAX_LINES]
    pad = round(3 * px_pt)
    width = min(int(w[cand].max()), round(READ_MAX_PT * px_pt)) + 2 * pad
    rows = []
    for i in sorted(cand, key=lambda i: (y[i], x[i])):
        y0, y1 = max(0, y[i] - pad), min(small.shape[0], y[i] + h[i] + pad)
        x0 = max(0, x[i] - pad)
        x1 = min(small.shape[1], x[i] + w[i] + pad, x0 + width)
        row = np.full((y1 - y0, width), 255, np.uint8)
        row[:, : x1 - x0] = small[y0:y1, x0:x1]
        rows += [row, np.full((2 * pad, width), 255, np.uint8)]
    return np.vstack(rows)


def reads_upright(small: np.ndarray, mask: np.ndarray, dpi: float) -> int | None:
    """+1 when the longest text lines of a page turned so that they are
    horizontal (``small`` and ``mask`` deskewed) read better as they are than
    turned over, -1 the reverse, None when neither reading is clearly better.

    Tesseract reads them both ways (``--psm 11``: sparse text, no layout to get
    wrong; 0.05-0.3 s each on the strip); a reading scores the
    characters of its words at confidence 60 or more. Upside-down text comes out
    as letter salad at low confidence. This decides where OSD gives up: it needs
    more text (a title page, a signature block), and on blurred 150 dpi scans it
    often declines or guesses.
    """
    strip = _reading_strip(small, mask, dpi / 72.0)
    if strip is None:
        return None
    config = ocr.OcrConfig(psm=11, dpi=round(dpi))
    good = []
    for turn in (0, 180):
        words = ocr.ocr_words(rotate_quadrant(strip, turn), config)
        good.append(sum(len(wd.text) for wd in words if wd.conf >= 60))
    hi, lo = max(good), min(good)
    if hi < READ_MIN_CHARS or hi < 1.5 * lo:
        return None
    return 1 if good[0] > good[1] else -1


@dataclass(frozen=True, slots=True)
class Geometry:
    """How a page image sits: quarter turn, skew, and how the turn was decided."""

    rotation: int
    """Degrees to turn the image clockwise to make it upright."""
    skew: float
    """Skew of the upright content in degrees (see :func:`estimate_skew`)."""
    how: str


def page_geometry(gray: np.ndarray, dpi: float) -> Geometry:
    """Orientation and skew of a page, on the downscaled copy (~0.08 s).

    1. Line direction (glyphs smeared both ways): horizontal for upright or
       upside-down pages, vertical for pages turned 90 degrees. Decrees are often
       landscape pages scanned in portrait (Kutai Kartanegara's tables). A page
       with next to no text is left as it is.
    2. Skew, measured with the lines horizontal, and undone on the copy.
    3. Up or down from the ascender and alignment cues (:func:`updown_score`)
       when they are clear. A page they leave unclear (a title page, a signature
       block), and a level page they call upside down (rare: confirmed), go to
       tesseract: OSD (``--psm 0``, 0.3-0.8 s) on the copy turned so that its lines
       are horizontal (on vertical lines it declines), taken when sure and not
       against the cues; else the reading test (:func:`reads_upright`).
    """
    small = downscale(gray, dpi)
    sdpi = min(dpi, ANALYSIS_DPI)
    px_pt = sdpi / 72.0
    flat, _ = normalise_contrast(small, sdpi)
    binary = otsu_inv(flat)
    mask = _glyph_mask(binary, px_pt)
    horiz, vert = line_direction(mask, px_pt)
    if not direction_is_clear(horiz, vert):
        skew = estimate_skew(binary, dpi=sdpi)
        if max(horiz, vert) < DIRECTION_MIN_PT:
            return Geometry(0, skew, "none")  # next to no text: nothing to tell
        found = ocr.osd(small, round(sdpi))
        if found is None or found[1] < OSD_MIN_CONF:
            return Geometry(0, skew, "none")
        if found[0] % 180:  # skew is measured with the lines horizontal
            skew = estimate_skew(rotate_quadrant(binary, found[0]), dpi=sdpi)
        return Geometry(found[0], skew, "osd")
    base = 0 if horiz >= vert else 90
    binary, mask, flat = (rotate_quadrant(im, base) for im in (binary, mask, flat))
    skew = estimate_skew(binary, dpi=sdpi)
    if skew:
        mask = ((rotate_small_angle(mask, skew, 0) > 127) * 255).astype(np.uint8)
        flat = rotate_small_angle(flat, skew, 255)
    evidence = updown_score(mask, px_pt)
    verdict = evidence.verdict()
    if verdict is not None and (verdict > 0 or base == 90):
        return Geometry(base if verdict > 0 else (base + 180) % 360, skew, "cheap")
    # tesseract: OSD on the page turned so that its lines are horizontal (it
    # declines on vertical ones), taken when sure and not against the cues;
    # otherwise the reading test
    cue = None if verdict is None else (0 if verdict > 0 else 180)
    found = ocr.osd(rotate_quadrant(small, base), round(sdpi))
    turn: int | None = None
    if found is not None and found[0] % 180 == 0:
        turn = found[0]
        if found[1] >= OSD_MIN_CONF and cue in (None, turn):
            return Geometry((base + turn) % 360, skew, "osd")
    read = reads_upright(flat, mask, sdpi)
    if read is not None:
        return Geometry(base if read > 0 else (base + 180) % 360, skew, "read")
    # nothing sure: a sideways page by OSD's guess or the cues, a level one upright
    if base == 90 and turn is not None:
        return Geometry((base + turn) % 360, skew, "osd")
    flip = base == 90 and evidence.z < 0
    return Geometry((base + 180) % 360 if flip else base, skew, "none")


def detect_orientation(gray: np.ndarray, dpi: float) -> tuple[int, str]:
    """Degrees to turn the page clockwise to make it upright, and how it was
    decided (``cheap``, ``osd``, ``read`` or ``none``); see :func:`page_geometry`."""
    g = page_geometry(gray, dpi)
    return g.rotation, g.how


# -- skew -------------------------------------------------------------------------------


def estimate_skew(
    binary_small: np.ndarray, max_angle: float = MAX_SKEW, dpi: float = ANALYSIS_DPI
) -> float:
    """Skew in degrees (positive = content rotated counter-clockwise) from the
    sharpest horizontal projections of the ink: text lines and ruling lines line
    up when sheared back by the right angle. Steps of 0.5, 0.1, then 0.05 degrees.

    Each line fragment (ink smeared 12 pt sideways at ``dpi``: a run of words, a
    rule, a table) is projected on its own and the sharpness summed. One
    projection of the whole page also rewards lining up lines of different
    columns: on a signature page of a few short lines in two staggered blocks it
    preferred 0.35 degrees of tilt to none. A 4 % margin is left out and specks
    are removed (3x3 median): a scanner's dark edge or lid shadow is
    axis-aligned and would pull the answer to 0 (measured on the heavy Kapuas
    Hulu scan, whose signature page has little text).
    """
    h0, w0 = binary_small.shape
    my, mx = int(0.04 * h0), int(0.04 * w0)
    core = cv2.medianBlur(np.ascontiguousarray(binary_small[my : h0 - my, mx : w0 - mx]), 3)
    ys, xs = np.nonzero(core)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 80_000:  # subsample: the profiles' shape survives
        step = len(ys) // 80_000 + 1
        ys, xs = ys[::step], xs[::step]
    # fragments found at half resolution (4x fewer pixels to label)
    half = cv2.resize(
        core, ((core.shape[1] + 1) // 2, (core.shape[0] + 1) // 2), interpolation=cv2.INTER_AREA
    )
    smear = max(3, round(6 * dpi / 72))
    half = cv2.dilate(
        (half > 0).astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, (smear, 1))
    )
    n, lab, st, _ = cv2.connectedComponentsWithStats(half, connectivity=8)
    st = st * 2
    frag = lab[ys // 2, xs // 2]
    keep = np.bincount(frag, minlength=n) >= 30  # lone specks sharpen at no angle
    keep[0] = False
    sel = keep[frag]
    ys, xs, frag = ys[sel], xs[sel], frag[sel]
    if len(ys) < 500:
        return 0.0
    # each kept fragment gets its own run of histogram bins, tall enough for its
    # ink at any angle tried, and turns about its own centre
    x0, y0, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    pad = (w * math.tan(math.radians(max_angle + 0.5)) / 2).astype(np.int64) + 2
    size = np.where(keep, h + 2 * pad, 0)
    start = np.cumsum(size) - size
    xs = xs - (x0 + w / 2)[frag]
    ys = (ys - y0[frag] + pad[frag] + start[frag]).astype(np.float64) + 0.5  # floor rounds
    n_bins = int(size.sum())

    @functools.cache
    def sharpness(angle: float) -> float:
        yy = (ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        hist = np.bincount(yy, minlength=n_bins).astype(np.float64)
        return float(hist @ hist)

    angle = 0.0
    for step, span in ((0.5, max_angle), (0.1, 0.5), (0.05, 0.1)):
        grid = np.arange(angle - span, angle + span + 1e-9, step)
        angle = float(max(grid, key=sharpness))
    if sharpness(angle) <= sharpness(0.0) * 1.0001:
        return 0.0
    return round(angle, 2)


def rotate_small_angle(img: np.ndarray, angle: float, border: int) -> np.ndarray:
    """Undo a skew of ``angle`` degrees (:func:`estimate_skew`'s sign: turn the
    image clockwise by ``angle``) about the centre; same size, new corners
    filled with ``border``."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    return cv2.warpAffine(
        img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
    )


# -- noise, contrast, binarisation -------------------------------------------------------------


def noise_ratio(gray: np.ndarray, thresh: float) -> float:
    """Share of ink pixels that a 3x3 median turns to paper or vice versa
    (speckle), relative to the ink."""
    if gray.shape[0] > 1024:  # a third of the page in strips is plenty
        rows = np.arange(gray.shape[0]) % 192 < 64
        gray = gray[rows]
    med = cv2.medianBlur(gray, 3)
    ink = gray < thresh
    ink_med = med < thresh
    flipped = int(np.count_nonzero(ink != ink_med))
    return flipped / max(1, int(np.count_nonzero(ink_med)))


def normalise_contrast(gray: np.ndarray, dpi: float) -> tuple[np.ndarray, bool]:
    """Paper to white, ink to black. Uneven illumination (a shadow, a yellowed
    edge: background range over :data:`UNEVEN_LEVELS`) is divided out using the background
    estimated on the downscaled copy; otherwise a linear stretch. Returns the
    image and whether illumination was flattened."""
    out, flattened, _ = _normalised(gray, dpi, None)
    return out, flattened


def _normalised(
    gray: np.ndarray, dpi: float, divide_from: float | None
) -> tuple[np.ndarray, bool, np.ndarray | None]:
    """:func:`normalise_contrast`, and the page with the background divided out
    when that was not done but its spread exceeds ``divide_from`` levels."""
    small = downscale(gray, dpi, 50.0)
    bg_small = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    )
    bg_small = cv2.medianBlur(bg_small, 5)
    lo_bg, hi_bg = np.percentile(bg_small, [5, 95])

    def divided() -> np.ndarray:
        bg = cv2.resize(bg_small, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
        return cv2.divide(gray, np.maximum(bg, 1), scale=255)

    if hi_bg - lo_bg > UNEVEN_LEVELS:
        return divided(), True, None
    also = divided() if divide_from is not None and hi_bg - lo_bg > divide_from else None
    paper = float(np.percentile(bg_small, 50))
    ink = float(np.percentile(small, 0.5))
    if paper - ink < 30 or (paper >= 245 and ink <= 10):
        return gray, False, also
    lut = np.clip((np.arange(256, dtype=np.float64) - ink) * 255.0 / (paper - ink), 0, 255)
    return cv2.LUT(gray, lut.astype(np.uint8)), False, also


def clear_edge_shadows(gray: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The page with a dark band running along an edge (a scanner lid's shadow,
    a photocopy's grey border) painted white, and the sides cleared.

    Tesseract's layout analysis takes such a band and the text beside it for a
    picture and drops that text: the "1. Jabatan" labels of a heavy sample scan,
    150 px from a 27 px shadow, went unread until the band was painted out. A
    side counts when its outermost line of pixels is darker than the paper
    (median of each line along the edge, :data:`SHADOW_LEVELS` below the paper
    further in); the band ends where the paper starts, and is never wider than
    :data:`SHADOW_SHARE` of the page (a darker stretch further in is content).
    A rule or text at the edge does not darken a line's median."""
    cleared: list[str] = []
    out = gray
    for side in ("left", "right", "top", "bottom"):
        view = _from_left(gray, side)  # the side as the left edge (a numpy view)
        depth = max(4, int(view.shape[1] * SHADOW_SHARE))
        profile = np.median(view[::8, : 2 * depth], axis=0)
        paper = float(np.median(profile[depth:]))
        dark = profile < paper - SHADOW_LEVELS
        if not dark[0]:
            continue
        end = int(np.argmin(dark[:depth])) if not dark[:depth].all() else depth
        end += 2  # the shadow's soft edge
        if out is gray:
            out = gray.copy()
        _from_left(out, side)[:, :end] = 255
        cleared.append(side)
    return out, cleared


def _from_left(img: np.ndarray, side: str) -> np.ndarray:
    """A view of ``img`` turned or mirrored so that ``side`` is its left edge."""
    if side == "left":
        return img
    if side == "right":
        return img[:, ::-1]
    return img.T if side == "top" else img[::-1].T


def upscale_if_clean(gray: np.ndarray, dpi: float, target: float) -> tuple[np.ndarray, float]:
    """A low-resolution image (under 3/4 of ``target`` dpi) enlarged to ``target``
    when it is clean: tesseract reads small glyphs better enlarged (word recall
    0.914 vs 0.894 on 150-200 dpi scans rendered at 300 vs at their own
    resolution), but enlarging speckle turns it into glyph-like blobs, so a
    noisy image keeps its resolution. PDF pages get this from rendering at the
    requested dpi; this is for image files."""
    if dpi <= 0 or dpi >= 0.75 * target:
        return gray, dpi
    thresh, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    if noise_ratio(gray, thresh) > NOISE_RATIO:
        return gray, dpi
    f = target / dpi
    return cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_CUBIC), target


# -- the whole step ---------------------------------------------------------------------------


def prepare(
    gray: np.ndarray, dpi: float, rotation: int | None = None, denoise: bool | None = None
) -> Prepared:
    """Upright, deskewed, denoised, contrast-normalised page (rules are found on
    it by :func:`parsers.cv_lines.rule_ink`).

    ``rotation``: known clockwise turn to apply; None detects it. ``denoise``:
    force the median filter on or off; None decides from the speckle. ``timings``
    gets seconds for ``orient`` (or ``osd`` when tesseract had to decide) and
    ``clean``.
    """
    t0 = time.perf_counter()
    skew: float | None = None
    how = "given"
    if rotation is None:
        geo = page_geometry(gray, dpi)
        rotation, skew, how = geo.rotation, geo.skew, geo.how
    t1 = time.perf_counter()
    notes: list[str] = []
    gray, cleared = clear_edge_shadows(gray)  # along the scan's edges, before turning
    if cleared:
        notes.append(f"edge shadow cleared ({', '.join(cleared)})")
    gray = rotate_quadrant(gray, rotation)
    gray, flattened, ocr_gray = _normalised(gray, dpi, OCR_UNEVEN_LEVELS)
    if flattened:
        notes.append("uneven illumination flattened")
    elif ocr_gray is not None:
        notes.append("uneven illumination flattened for OCR")
    thresh, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    noisy = noise_ratio(gray, thresh) > NOISE_RATIO if denoise is None else denoise
    if noisy:  # never upscale a noisy image; a 3x3 median removes speckle, keeps strokes
        gray = cv2.medianBlur(gray, 3)
        ocr_gray = None if ocr_gray is None else cv2.medianBlur(ocr_gray, 3)
        notes.append("median 3x3 (speckle)")
    if skew is None:
        skew = estimate_skew(otsu_inv(downscale(gray, dpi)), dpi=min(dpi, ANALYSIS_DPI))
    if skew:
        gray = rotate_small_angle(gray, skew, 255)
        ocr_gray = None if ocr_gray is None else rotate_small_angle(ocr_gray, skew, 255)
    prep = Prepared(gray, dpi, rotation, how, skew, noisy, notes, ocr_gray=ocr_gray)
    key = "osd" if how in ("osd", "read") else "orient"  # tesseract decided or not
    prep.timings = {key: t1 - t0, "clean": time.perf_counter() - t1}
    return prep
