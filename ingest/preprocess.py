"""Scan clean-up before OCR: orientation, deskew, denoise, contrast, binarisation.

Everything runs on grayscale ``uint8`` arrays. Analyses that need no detail run on a
copy downscaled to :data:`ANALYSIS_DPI`: geometry ~0.07 s and clean-up ~0.03 s per
A4 page at 300 dpi, against ~1.8 s of OCR. Orientation, measured on the 174 pages
of the degraded sample scans (``samples/scans``, manifest as truth): 171 right,
tesseract's OSD needed on 23; skew within 0.05 degrees on all but two
near-empty pages.
"""

from __future__ import annotations

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

ORIENT_MIN_SCORE = 0.15
"""Up/down ink asymmetry needed to trust the cheap orientation check (see
:func:`updown_score`); below it, tesseract's OSD decides."""

ORIENT_MIN_VOTES = 5
"""Text lines that must vote (more ink above or below their band) for the cheap check."""

ORIENT_MIN_INK = 1500
"""Ink pixels (at :data:`ANALYSIS_DPI`) outside the x-height bands needed to trust it."""

NOISE_RATIO = 0.12
"""Share of ink pixels a 3x3 median removes above which a page counts as noisy
(clean 300 dpi text measures 0.02-0.04, the degraded sample scans up to 0.09:
their grain is grey noise that thresholding absorbs; salt-and-pepper speckle on
1 % of the pixels measures 0.26)."""


@dataclass(slots=True)
class Prepared:
    """A page image ready for OCR, and what was done to it."""

    gray: np.ndarray
    """Upright, deskewed, cleaned grayscale (what tesseract reads, lines removed later)."""
    binary: np.ndarray
    """Ink = 255 on 0, same geometry as ``gray``, at :func:`rule_threshold` so
    faded rules count (for ruling-line detection; tesseract reads ``gray``)."""
    dpi: float
    rotation: int = 0
    """Degrees the image was turned clockwise to make it upright (0/90/180/270)."""
    orientation_by: str = "none"
    """``cheap`` (ink asymmetry), ``osd`` (tesseract), ``none`` (no text to
    tell), ``given`` (the caller knew)."""
    skew: float = 0.0
    """Degrees of skew corrected (positive: the scan was tilted counter-clockwise)."""
    noisy: bool = False
    notes: list[str] = field(default_factory=list)
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
    """Ink of glyph-sized components only (ruling grids, logos, photos dropped)."""
    _, lab, st, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    w, h = st[:, 2], st[:, 3]
    ok = (h <= 30 * px_pt) & (w <= 60 * px_pt)
    ok[0] = False
    return (ok[lab]).astype(np.uint8) * 255


def line_direction(mask: np.ndarray, px_pt: float) -> tuple[int, int]:
    """Text-line fragments found by smearing glyphs horizontally and vertically:
    ``(horizontal, vertical)`` counts. Upright or upside-down pages have
    horizontal lines; pages turned 90 degrees vertical ones. Runs at half the
    resolution of ``mask`` (a line's direction needs no detail)."""
    half = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half = (half > 0).astype(np.uint8) * 255
    px_pt /= 2
    k = max(3, round(2.5 * px_pt))

    def count(kernel: tuple[int, int], axis: int) -> int:
        sm = cv2.dilate(half, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        _, _, st, _ = cv2.connectedComponentsWithStats(sm, connectivity=8)
        long, short = st[1:, 2 + axis], st[1:, 3 - axis]
        return int(((long > 5 * short) & (long > 20 * px_pt)).sum())

    return count((k, 1), 0), count((1, k), 1)


@dataclass(frozen=True, slots=True)
class UpDown:
    """Evidence for upright (positive) vs upside-down text, see :func:`updown_score`."""

    score: float
    """(ink above - ink below) / (above + below) over all lines, -1..1."""
    ink: float
    """Ink pixels outside the x-height bands (how much evidence there is)."""
    up: int
    """Lines with clearly more ink above their band than below."""
    down: int

    def verdict(self, strict: bool = True) -> int | None:
        """+1 upright, -1 upside down, None when unclear.

        Strict: both measures agree (asymmetry >= :data:`ORIENT_MIN_SCORE` and
        2:1 line votes); on the 174 pages of the degraded sample scans this
        decides 113 with no error, either measure alone errs on 3-6. Relaxed:
        a strong asymmetry (>= 0.3) the votes do not contradict; it errs only by
        judging heavily degraded upright pages upside down, so it is used only
        to choose between 90 and 270 degrees (see :func:`page_geometry`).
        """
        if self.ink < ORIENT_MIN_INK:
            return None
        sign = 1 if self.score > 0 else -1
        hi, lo = max(self.up, self.down), min(self.up, self.down)
        votes_agree = hi + lo >= ORIENT_MIN_VOTES and hi >= 2 * max(1, lo)
        votes_agree = votes_agree and (self.up > self.down) == (sign > 0)
        if abs(self.score) >= ORIENT_MIN_SCORE and votes_agree:
            return sign
        against = self.down if sign > 0 else self.up
        along = self.up if sign > 0 else self.down
        if not strict and abs(self.score) >= 0.3 and against < 2 * max(1, along):
            return sign
        return None


def updown_score(mask: np.ndarray, px_pt: float, max_lines: int = 300) -> UpDown:
    """Ink above vs below the x-height band of horizontal text lines.

    Latin script has more ascenders and capitals (b d f h k l t, A-Z, digits)
    than descenders (g j p q y): upright text puts clearly more ink above its
    x-height band than below it, upside-down text the reverse. The lines must be
    level (deskewed): a tilt smears each line's profile.
    """
    k = max(3, round(6 * px_pt))  # word gap: fragments are runs of words
    sm = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (k, 1)))
    n, lab, st, _ = cv2.connectedComponentsWithStats(sm, connectivity=8)
    x, y, w, h = st[:, 0], st[:, 1], st[:, 2], st[:, 3]
    cand = [i for i in range(1, n) if w[i] >= 20 * px_pt and w[i] >= 4 * h[i] and h[i] >= 4]
    cand.sort(key=lambda i: -int(w[i]))
    ink = mask > 0
    above = below = 0.0
    up = down = 0
    for i in cand[:max_lines]:
        sl = (slice(y[i], y[i] + h[i]), slice(x[i], x[i] + w[i]))
        prof = (ink[sl] & (lab[sl] == i)).sum(axis=1).astype(np.float64)
        peak = float(prof.max())
        top = bot = int(np.argmax(prof))
        while top > 0 and prof[top - 1] >= 0.4 * peak:
            top -= 1
        while bot < len(prof) - 1 and prof[bot + 1] >= 0.4 * peak:
            bot += 1
        a, b = float(prof[:top].sum()), float(prof[bot + 1 :].sum())
        above += a
        below += b
        if a + b > 0.1 * float(prof.sum()):
            up += a > 1.5 * b
            down += b > 1.5 * a
    total = above + below
    return UpDown((above - below) / total if total else 0.0, total, up, down)


@dataclass(frozen=True, slots=True)
class Geometry:
    """How a page image sits: quarter turn, skew, and how the turn was decided."""

    rotation: int
    """Degrees to turn the image clockwise to make it upright."""
    skew: float
    """Skew of the upright content in degrees (see :func:`estimate_skew`)."""
    how: str


def page_geometry(gray: np.ndarray, dpi: float) -> Geometry:
    """Orientation and skew of a page, on the downscaled copy (~70 ms).

    1. Line direction (glyphs smeared both ways): horizontal for upright or
       upside-down pages, vertical for pages turned 90 degrees. Decrees are often
       landscape pages scanned in portrait (Kutai Kartanegara's tables).
    2. Skew, measured with the lines horizontal, and undone on the copy: a tilt
       of 2-3 degrees smears each line's ink profile so much that step 3 fails
       (measured on the heavy degraded scans: 20 of 58 pages judged upside down).
    3. Up or down from the ascender/descender asymmetry (:func:`updown_score`)
       when it is clear; otherwise tesseract's OSD (``--psm 0``, ~0.6 s) decides.
    """
    small = downscale(gray, dpi)
    sdpi = min(dpi, ANALYSIS_DPI)
    px_pt = sdpi / 72.0
    small, _ = normalise_contrast(small, sdpi)
    binary = otsu_inv(small)
    mask = _glyph_mask(binary, px_pt)
    horiz, vert = line_direction(mask, px_pt)
    base = 0 if horiz >= vert else 90
    binary, mask, small = (rotate_quadrant(im, base) for im in (binary, mask, small))
    skew = estimate_skew(binary)
    if skew:
        mask = ((rotate_small_angle(mask, skew, 0) > 127) * 255).astype(np.uint8)
        small = rotate_small_angle(small, skew, 255)
    clear_direction = horiz + vert >= 3 and max(horiz, vert) >= 2 * max(1, min(horiz, vert))
    evidence = updown_score(mask, px_pt)
    verdict = evidence.verdict(strict=base == 0) if clear_direction else None
    if verdict is not None and (verdict > 0 or base == 90):
        return Geometry(base if verdict > 0 else (base + 180) % 360, skew, "cheap")
    # a level page that looks upside down goes to OSD: heavy degradation biases
    # the asymmetry that way (2 of 58 heavy upright pages judged upside down)
    leaning = evidence.score >= 0 and evidence.up >= evidence.down
    if clear_direction and base == 0 and leaning and evidence.ink >= ORIENT_MIN_INK:
        # level lines leaning upright: upside-down scans are rare, so OSD (~0.6 s)
        # is kept for pages whose evidence leans the other way. On the degraded
        # sample scans this takes 33 more pages without error, leaving OSD 2 of 58
        # light pages, 3 of 58 medium, 20 of 58 heavy
        return Geometry(0, skew, "cheap")
    # OSD on the plain downscaled page: on the flattened, deskewed copy it was
    # confidently wrong on 9 of 59 degraded pages; on this one it errs on none
    # (it declines instead, on 12)
    found = ocr.osd(downscale(gray, dpi), round(sdpi))
    if found is not None:
        turned = (found[0] - base) % 360  # relative to the line direction found above
        return Geometry(found[0], 0.0 if turned % 180 else skew, "osd")
    if not clear_direction:
        return Geometry(0, 0.0, "none")
    # no verdict either way: a sideways page by the weak asymmetry (right on ~80 %
    # of such pages); a page with level lines is taken as upright (upside-down
    # scans are rare, and the weak asymmetry is biased on heavy degradation)
    flip = base == 90 and evidence.score < 0
    return Geometry((base + 180) % 360 if flip else base, skew, "none")


def detect_orientation(gray: np.ndarray, dpi: float) -> tuple[int, str]:
    """Degrees to turn the page clockwise to make it upright, and how it was
    decided (``cheap``, ``osd`` or ``none``); see :func:`page_geometry`."""
    g = page_geometry(gray, dpi)
    return g.rotation, g.how


# -- skew -------------------------------------------------------------------------------


def estimate_skew(binary_small: np.ndarray, max_angle: float = MAX_SKEW) -> float:
    """Skew in degrees (positive = content rotated counter-clockwise) from the
    sharpest horizontal projection of the ink: text lines and ruling lines line
    up when sheared back by the right angle. Steps of 0.5, 0.1, then 0.05 degrees.

    A 4 % margin is left out and specks are removed (3x3 median): a scanner's
    dark edge or lid shadow is axis-aligned and would pull the answer to 0
    (measured on the heavy Kapuas Hulu scan, whose signature page has little text).
    """
    h0, w0 = binary_small.shape
    my, mx = int(0.04 * h0), int(0.04 * w0)
    core = cv2.medianBlur(np.ascontiguousarray(binary_small[my : h0 - my, mx : w0 - mx]), 3)
    ys, xs = np.nonzero(core)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 80_000:  # subsample: the profile shape survives
        step = len(ys) // 80_000 + 1
        ys, xs = ys[::step], xs[::step]
    xs = xs.astype(np.float64) - core.shape[1] / 2
    pad = int(core.shape[1] * math.tan(math.radians(max_angle + 0.5)) / 2) + 2
    ys = ys.astype(np.float64) + pad  # every point stays in the histogram at every angle
    n_rows = core.shape[0] + 2 * pad

    def sharpness(angle: float) -> float:
        yy = np.rint(ys + xs * math.tan(math.radians(angle))).astype(np.int64)
        yy = yy[(yy >= 0) & (yy < n_rows)]
        hist = np.bincount(yy, minlength=n_rows).astype(np.float64)
        return float((hist * hist).sum())

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
    edge: background range over 40 levels) is divided out using the background
    estimated on the downscaled copy; otherwise a linear stretch. Returns the
    image and whether illumination was flattened."""
    small = downscale(gray, dpi, 50.0)
    bg_small = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    )
    bg_small = cv2.medianBlur(bg_small, 5)
    lo_bg, hi_bg = np.percentile(bg_small, [5, 95])
    if hi_bg - lo_bg > 40:
        bg = cv2.resize(bg_small, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
        flat = cv2.divide(gray, np.maximum(bg, 1), scale=255)
        return flat, True
    paper = float(np.percentile(bg_small, 50))
    ink = float(np.percentile(small, 0.5))
    if paper - ink < 30 or (paper >= 245 and ink <= 10):
        return gray, False
    lut = np.clip((np.arange(256, dtype=np.float64) - ink) * 255.0 / (paper - ink), 0, 255)
    return cv2.LUT(gray, lut.astype(np.uint8)), False


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


def rule_threshold(gray: np.ndarray, otsu: float) -> float:
    """Gray level below which a pixel counts as ink for rule detection: halfway
    from Otsu's threshold to the paper, at most 25 levels under the paper.

    Photocopied rules fade long before the text does (the heavy sample scans fade
    them 35-70 % towards white): at Otsu's threshold most of them vanish.
    Light shading (a header row filled at ~90 % grey) stays paper.
    """
    paper = float(np.median(gray[::4, ::4]))
    return max(otsu, min(paper - 25.0, (otsu + paper) / 2))


# -- the whole step ---------------------------------------------------------------------------


def prepare(
    gray: np.ndarray, dpi: float, rotation: int | None = None, denoise: bool | None = None
) -> Prepared:
    """Upright, deskewed, denoised, contrast-normalised page and its binary.

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
    gray = rotate_quadrant(gray, rotation)
    gray, flattened = normalise_contrast(gray, dpi)
    if flattened:
        notes.append("uneven illumination flattened")
    thresh, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    noisy = noise_ratio(gray, thresh) > NOISE_RATIO if denoise is None else denoise
    if noisy:  # never upscale a noisy image; a 3x3 median removes speckle, keeps strokes
        gray = cv2.medianBlur(gray, 3)
        notes.append("median 3x3 (speckle)")
    if skew is None:
        skew = estimate_skew(otsu_inv(downscale(gray, dpi)))
    if skew:
        gray = rotate_small_angle(gray, skew, 255)
    _, binary = cv2.threshold(gray, rule_threshold(gray, thresh), 255, cv2.THRESH_BINARY_INV)
    prep = Prepared(gray, binary, dpi, rotation, how, skew, noisy, notes)
    prep.timings = {"osd" if how == "osd" else "orient": t1 - t0, "clean": time.perf_counter() - t1}
    return prep
