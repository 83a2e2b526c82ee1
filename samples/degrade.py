"""Make degraded, image-only "scanned" copies of the born-digital sample PDFs.

    python samples/degrade.py                          # every sample, every level
    python samples/degrade.py --only sampang --level heavy --out /tmp/scans
    python samples/degrade.py --level heavy --draw 1 --out /tmp/scans-draw1

Writes ``<out>/<name>-<level>.pdf`` (no text layer; each page the size in points of
the original page, or its transpose when stored turned by 90°) and merges an entry per
file into ``<out>/manifest.json``. Output is deterministic: the seed is derived from
sample name + level, and every page draws from its own ``(seed, page)`` stream.
Levels are described in ``samples/SCANS.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
from pdf2image import convert_from_path
from PIL import Image, ImageDraw, ImageFont

from ingest.procpool import forked_pool

HERE = Path(__file__).resolve().parent
PDF_DIR = HERE / "pdf"
TRUTH_DIR = HERE / "truth"
SCAN_DIR = HERE / "scans"
MANIFEST = "manifest.json"
CHUNK = 4  # pages rasterised per pdftoppm call: bounded memory on long decrees
FIXED_DATE = time.strptime("2024-01-01", "%Y-%m-%d")  # PDF dates: keeps bytes stable
FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)
INKS = ((38, 62, 168), (92, 48, 150), (30, 40, 120))  # blue / violet stamp-pad ink

Array = np.ndarray[Any, Any]


@dataclass(frozen=True)
class Level:
    """How hard one degradation level hits a page."""

    name: str
    dpi: int
    color: bool = False  # a colour scan (coloured stamp) or a grey photocopy
    blur: float = 0.0  # Gaussian sigma in pixels (scanner optics)
    skew: float = 0.0  # max |skew| in degrees, uniform per page
    noise: float = 0.0  # grain sigma (grey levels)
    specks: float = 0.0  # dark toner specks per megapixel
    jpeg: tuple[int, int] | None = None  # re-encode quality range (JPEG artefacts)
    stamp_p: float = 0.0  # chance a page carrying a ruled table gets a stamp
    rotate_p: float = 0.0  # chance a landscape page is stored turned by 90°
    lighting: bool = False  # smooth brightness gradient + vignette + lid shadow
    fade: bool = False  # faded / broken ruling lines, white pin holes
    store_q: int = 85  # JPEG quality of the image embedded in the PDF


LEVELS: dict[str, Level] = {
    "light": Level("light", 300, blur=0.7, store_q=92),
    "medium": Level(
        "medium",
        200,
        color=True,
        blur=0.5,
        skew=1.5,
        noise=4.0,
        specks=60.0,
        jpeg=(40, 60),
        stamp_p=0.4,
        rotate_p=0.25,
        store_q=80,
    ),
    "heavy": Level(
        "heavy",
        150,
        blur=0.6,
        skew=3.0,
        noise=9.0,
        specks=150.0,
        stamp_p=0.25,
        rotate_p=0.4,
        lighting=True,
        fade=True,
        store_q=75,
    ),
}


def seed_for(name: str, level: str, draw: int = 0) -> int:
    """Stable seed per sample + level (not Python's salted ``hash``); ``draw`` > 0
    gives another random draw of the same degradation (the committed scans are
    draw 0), to see how much a figure owes to one draw."""
    key = f"{name}:{level}" if draw == 0 else f"{name}:{level}:{draw}"
    return zlib.crc32(key.encode())


# --- page geometry -------------------------------------------------------------------


def page_sizes(src: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    doc = pdfium.PdfDocument(str(src))
    try:
        sizes = []
        for i in range(len(doc)):
            w, h = doc[i].get_size()
            sizes.append((float(w), float(h)))
        return sizes
    finally:
        doc.close()


def _rasterise(src: Path, n_pages: int, dpi: int, color: bool) -> Iterator[Image.Image]:
    """Pages rendered by pdftoppm, a few at a time."""
    for first in range(1, n_pages + 1, CHUNK):
        last = min(n_pages, first + CHUNK - 1)
        yield from convert_from_path(
            src, dpi=dpi, first_page=first, last_page=last, grayscale=not color, fmt="ppm"
        )


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], cell: int) -> Array:
    """Smooth random values in [0, 1] with a correlation length of about ``cell`` px."""
    h, w = shape
    coarse = rng.random((h // cell + 2, w // cell + 2), dtype=np.float32)
    return cv2.resize(coarse, (w, h), interpolation=cv2.INTER_CUBIC).clip(0.0, 1.0)


def _line_masks(gray: Array) -> tuple[Array, Array]:
    """Long horizontal and vertical dark strokes (ruling lines, fraction bars)."""
    ink = (gray < 150).astype(np.uint8)
    h, w = gray.shape
    horiz = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(25, w // 30)), np.uint8))
    vert = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((max(25, h // 30), 1), np.uint8))
    return horiz, vert


def table_box(gray: Array) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of the ruled table, from its vertical rules.

    Vertical rules are required: a letterhead's double rule under the kop, or a
    signature underline is horizontal only. Unruled tables (Tanjung Seruni layout)
    give None and the caller falls back to the text area."""
    _, vert = _line_masks(gray)
    pts = cv2.findNonZero(vert)
    if pts is None:
        return None
    x, y, w, h = cv2.boundingRect(pts)
    return (x, y, x + w, y + h) if h > gray.shape[0] // 8 else None


def content_box(gray: Array) -> tuple[int, int, int, int]:
    """Bounding box of the printed area (whole page if blank)."""
    pts = cv2.findNonZero((gray < 128).astype(np.uint8))
    if pts is None:
        return (0, 0, gray.shape[1], gray.shape[0])
    x, y, w, h = cv2.boundingRect(pts)
    return (x, y, x + w, y + h)


# --- stamp ---------------------------------------------------------------------------


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


def _fit_lines(words: list[str], width: float, size: int) -> list[str]:
    """Greedy word wrap at ``size`` px to ``width``."""
    lines: list[str] = []
    for word in words:
        if lines and _font(size).getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _text_block(
    draw: ImageDraw.ImageDraw, text: str, centre: tuple[float, float], width: float, height: float
) -> None:
    """Draw ``text`` wrapped and centred in a width x height box, as large as fits."""
    words = text.split()
    size = max(6, int(height / 2))
    while size > 6:
        lines = _fit_lines(words, width, size)
        if len(lines) * size * 1.15 <= height and all(
            _font(size).getlength(ln) <= width for ln in lines
        ):
            break
        size -= 1
    lines = _fit_lines(words, width, size)
    top = centre[1] - len(lines) * size * 1.15 / 2 + size * 0.575
    for i, ln in enumerate(lines):
        draw.text((centre[0], top + i * size * 1.15), ln, font=_font(size), fill=255, anchor="mm")


def _ring_text(img: Image.Image, text: str, centre: float, radius: float, size: int) -> None:
    """Characters along the top of a circle, reading clockwise, upright outward."""
    font = _font(size)
    advances = [font.getlength(ch) * 1.08 for ch in text]
    span = sum(advances) / radius
    if span > 1.7 * math.pi:  # too long for the ring: shrink and retry
        _ring_text(img, text, centre, radius, int(size * 0.9))
        return
    pos = -span / 2
    for ch, adv in zip(text, advances, strict=True):
        theta = pos + adv / 2 / radius
        pos += adv / radius
        if ch == " ":
            continue
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size, size), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(theta), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(theta) - size
        y = centre - radius * math.cos(theta) - size
        img.paste(255, (round(x), round(y)), glyph)


def stamp_mask(dpi: int, ring: str, centre: str, rng: np.random.Generator) -> tuple[Array, str]:
    """An official stamp as an ink-coverage mask in [0, 1] and its shape.

    Round: agency name in the middle, "PEMERINTAH KABUPATEN ..." round the ring, a
    star at the bottom (the common Dinas stamp). Rectangular: a double-ruled
    "DITERIMA" (received) box. Ink is patchy and the stamp is set at an angle."""
    shape = "round" if rng.random() < 0.7 else "rect"
    diam = int(dpi * rng.uniform(1.35, 1.65))
    lw = max(2, diam // 45)
    if shape == "round":
        side = diam + 2 * lw
        img = Image.new("L", (side, side), 0)
        draw = ImageDraw.Draw(img)
        c, r_out, r_in = side / 2, diam / 2, diam / 2 * 0.66
        draw.ellipse([c - r_out, c - r_out, c + r_out, c + r_out], outline=255, width=lw)
        draw.ellipse([c - r_in, c - r_in, c + r_in, c + r_in], outline=255, width=max(1, lw // 2))
        size = int((r_out - r_in) * 0.55)
        _ring_text(img, ring.upper(), c, (r_out + r_in) / 2, size)
        draw.text((c, c + (r_out + r_in) / 2), "★", font=_font(size), fill=255, anchor="mm")
        draw.text((c, c - r_in * 0.62), "★", font=_font(int(size * 0.8)), fill=255, anchor="mm")
        _text_block(draw, centre.upper(), (c, c + r_in * 0.12), r_in * 1.45, r_in * 0.9)
    else:
        w, h = int(diam * 1.5), int(diam * 0.62)
        img = Image.new("L", (w + 2 * lw, h + 2 * lw), 0)
        draw = ImageDraw.Draw(img)
        draw.rectangle([lw, lw, w + lw, h + lw], outline=255, width=lw)
        g = 3 * lw
        draw.rectangle([g, g, w + 2 * lw - g, h + 2 * lw - g], outline=255, width=max(1, lw // 2))
        cx = (w + 2 * lw) / 2
        _text_block(draw, centre.upper(), (cx, lw + h * 0.22), w * 0.85, h * 0.26)
        _text_block(draw, ring.upper(), (cx, lw + h * 0.5), w * 0.85, h * 0.2)
        _text_block(draw, "DITERIMA TGL. ..........", (cx, lw + h * 0.76), w * 0.8, h * 0.18)
    img = img.rotate(float(rng.uniform(-35, 35)), resample=Image.Resampling.BICUBIC, expand=True)
    mask = np.asarray(img, dtype=np.float32) / 255.0
    mask = cv2.GaussianBlur(mask, (0, 0), 0.8)  # ink spreads into the paper
    patchy = 0.45 + 0.55 * _smooth_field(rng, mask.shape, max(4, diam // 14))  # uneven pad
    return mask * patchy, shape


def apply_stamp(
    img: Array, mask: Array, ink: tuple[int, ...], at: tuple[int, int], opacity: float
) -> None:
    """Multiply-blend the stamp ink onto ``img`` (HxW or HxWx3) centred at ``at``, in place."""
    mh, mw = mask.shape
    x0, y0 = at[0] - mw // 2, at[1] - mh // 2
    h, w = img.shape[:2]
    sx0, sy0 = max(0, -x0), max(0, -y0)
    sx1, sy1 = min(mw, w - x0), min(mh, h - y0)
    if sx1 <= sx0 or sy1 <= sy0:
        return
    alpha = mask[sy0:sy1, sx0:sx1] * opacity
    region = img[y0 + sy0 : y0 + sy1, x0 + sx0 : x0 + sx1].astype(np.float32)
    ink_f = np.asarray(ink, dtype=np.float32) / 255.0
    if img.ndim == 3:
        factor = 1.0 - alpha[..., None] * (1.0 - ink_f[None, None, :])
    else:
        factor = 1.0 - alpha * (1.0 - float(ink_f.mean()))
    img[y0 + sy0 : y0 + sy1, x0 + sx0 : x0 + sx1] = (region * factor).astype(np.uint8)


def _stamp_spot(gray: Array, rng: np.random.Generator) -> tuple[int, int, str]:
    """Where the stamp lands: a corner of the ruled table, else the lower right of the
    text area (on a decree's last page that is the signature, where stamps sit)."""
    box = table_box(gray)
    if box is None:
        x0, y0, x1, y1 = content_box(gray)
        corner = "text"
        x, y = x1 - (x1 - x0) // 5, y1 - (y1 - y0) // 8
    else:
        x0, y0, x1, y1 = box
        corner = str(rng.choice(["top-left", "top-right", "bottom-left", "bottom-right"]))
        x = x0 if "left" in corner else x1
        y = y0 if "top" in corner else y1
    jitter = gray.shape[1] // 40
    return (
        x + int(rng.integers(-jitter, jitter + 1)),
        y + int(rng.integers(-jitter, jitter + 1)),
        corner,
    )


# --- per-page degradations -----------------------------------------------------------


def fade_lines(gray: Array, rng: np.random.Generator) -> Array:
    """Lighten ruling lines and break them up, as on a worn photocopy.

    Line pixels are pulled 35-70 % towards white along a smooth random profile, and
    dropped entirely where the profile is low (gaps of a few to a few dozen px)."""
    horiz, vert = _line_masks(gray)
    lines = cv2.dilate(horiz | vert, np.ones((3, 3), np.uint8)).astype(bool)
    field = _smooth_field(rng, gray.shape, 10)
    lift = np.where(field < 0.3, 1.0, 0.35 + 0.5 * (field - 0.3)).astype(np.float32)
    out = gray.astype(np.float32)
    out[lines] += (255.0 - out[lines]) * lift[lines]
    return out.astype(np.uint8)


def _skew(img: Array, angle: float) -> Array:
    """Turn by ``angle`` degrees (positive = counter-clockwise) on a white bed."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    white = (255, 255, 255) if img.ndim == 3 else 255
    return cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=white)


SHADOW_SIDES = ("left", "right", "top", "bottom")


def _lighting(img: Array, rng: np.random.Generator) -> tuple[Array, str]:
    """Uneven exposure: a linear gradient, a vignette and a dark lid shadow on one
    edge; returns the image and the shadowed side (of the image as stored)."""
    h, w = img.shape[:2]
    sh, sw = max(2, h // 4), max(2, w // 4)  # smooth: compute small, then upscale
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    xx, yy = xx / (sw - 1) - 0.5, yy / (sh - 1) - 0.5
    phi = rng.uniform(0, 2 * math.pi)
    grad = (xx * math.cos(phi) + yy * math.sin(phi)) / 0.71 * 0.5 + 0.5  # 0..1
    illum = 1.0 - rng.uniform(0.12, 0.25) * grad - rng.uniform(0.08, 0.18) * (xx**2 + yy**2) * 2
    side = int(rng.integers(4))
    dist = [xx + 0.5, 0.5 - xx, yy + 0.5, 0.5 - yy][side]
    illum -= rng.uniform(0.25, 0.45) * np.exp(-dist / 0.012)
    illum = cv2.resize(illum.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    out = img.astype(np.float32) * (illum[..., None] if img.ndim == 3 else illum)
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8), SHADOW_SIDES[side]


def _noise(img: Array, level: Level, rng: np.random.Generator) -> Array:
    """Sensor noise plus dark toner specks (and white dropouts on the heavy level)."""
    out = img.astype(np.int16)
    h, w = img.shape[:2]
    if level.noise:
        # sum of two uniform bytes: near-Gaussian grain (sd of a+b is 104), 10x faster
        a, b = (rng.integers(0, 256, (h, w), dtype=np.uint8).astype(np.int16) for _ in "ab")
        grain = ((a + b - 255) * round(level.noise * 256 / 104) + 128) >> 8
        out += grain[..., None] if img.ndim == 3 else grain
    n = int(level.specks * h * w / 1e6)
    if n:
        specks = np.zeros((h, w), np.uint8)
        specks[rng.integers(0, h, n), rng.integers(0, w, n)] = 1
        specks = cv2.dilate(specks, np.ones((2, 2), np.uint8)).astype(bool)
        dark = rng.integers(30, 140, int(specks.sum()), dtype=np.int16)
        out[specks] = np.minimum(out[specks], dark[:, None] if img.ndim == 3 else dark)
    if level.fade:  # toner dropouts: white pin holes, 0.4 % of pixels
        flat = out.reshape(h * w, -1)
        holes = rng.integers(0, h * w, int(0.004 * h * w))
        flat[holes] = np.maximum(flat[holes], 200)
    np.clip(out, 0, 255, out=out)
    return out.astype(np.uint8)


def _jpeg(img: Array, quality: int) -> Array:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_UNCHANGED)


def degrade_page(
    img: Array,
    level: Level,
    rng: np.random.Generator,
    rotation: int,
    force_stamp: bool,
    stamp_text: tuple[str, str],
) -> tuple[Array, dict[str, Any]]:
    """Degrade one rasterised page; returns the image as stored and what was done.

    Order follows the physical process: the paper copy (stamp, worn lines), the scanner
    (skew, page fed turned, exposure, optics blur), then the sensor/codec (noise, JPEG)."""
    gray = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    info: dict[str, Any] = {"skew_deg": 0.0, "rotation": rotation, "stamp": None}
    if force_stamp or (level.stamp_p and table_box(gray) and rng.random() < level.stamp_p):
        mask, shape = stamp_mask(level.dpi, *stamp_text, rng)
        x, y, corner = _stamp_spot(gray, rng)
        # a stamp is pressed onto the sheet: at most a sliver hangs over the edge
        (mh, mw), (h, w) = mask.shape, gray.shape
        x = int(np.clip(x, 0.4 * mw, max(0.4 * mw, w - 0.4 * mw)))
        y = int(np.clip(y, 0.4 * mh, max(0.4 * mh, h - 0.4 * mh)))
        ink = INKS[int(rng.integers(len(INKS)))] if level.color else (95, 95, 95)
        apply_stamp(img, mask, ink, (x, y), float(rng.uniform(0.6, 0.85)))
        at = [round(x * 72 / level.dpi, 1), round(y * 72 / level.dpi, 1)]
        info["stamp"] = {"shape": shape, "where": corner, "centre_pt": at}
    if level.fade:
        img = fade_lines(img, rng)
    if level.skew:
        info["skew_deg"] = round(float(rng.uniform(-level.skew, level.skew)), 2)
        img = _skew(img, info["skew_deg"])
    if rotation:
        img = cv2.rotate(
            img, cv2.ROTATE_90_CLOCKWISE if rotation == 90 else cv2.ROTATE_90_COUNTERCLOCKWISE
        )
    if level.lighting:
        img, info["shadow"] = _lighting(img, rng)
    if level.blur:
        img = cv2.GaussianBlur(img, (0, 0), level.blur)
    img = _noise(img, level, rng)
    if level.jpeg:
        info["jpeg_quality"] = int(rng.integers(level.jpeg[0], level.jpeg[1] + 1))
        img = _jpeg(img, info["jpeg_quality"])
    return img, info


# --- documents -----------------------------------------------------------------------


def _plan_rotations(sizes: list[tuple[float, float]], level: Level, seed: int) -> list[int]:
    """Clockwise quarter turn (0, 90, 270) per page: some landscape pages are stored
    as a scanner fed them portrait, at least one per landscape-bearing document."""
    rng = np.random.default_rng([seed, 1_000_000])
    turns = [int(rng.choice([90, 270])) if rng.random() < level.rotate_p else 0 for _ in sizes]
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    turns = [t if i in landscape else 0 for i, t in enumerate(turns)]
    if level.rotate_p and landscape and not any(turns):
        turns[landscape[int(rng.integers(len(landscape)))]] = int(rng.choice([90, 270]))
    return turns


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def degrade_pdf(
    src: Path,
    dst: Path,
    level: str,
    seed: int,
    *,
    stamp_text: tuple[str, str] = ("Pemerintah Kabupaten", "Dinas Sosial"),
) -> dict[str, Any]:
    """Write an image-only degraded copy of ``src`` to ``dst``; returns its manifest entry.

    ``stamp_text`` is (ring, centre) for the stamp: e.g. ("Pemerintah Kabupaten
    Kapuas Hulu", "Dinas Sosial"). Same arguments give byte-identical output."""
    lv = LEVELS[level]
    src, dst = Path(src), Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    sizes = page_sizes(src)
    turns = _plan_rotations(sizes, lv, seed)
    pages: list[dict[str, Any]] = []
    stamped = False
    for i, page in enumerate(_rasterise(src, len(sizes), lv.dpi, lv.color)):
        w_pt, h_pt = sizes[i]
        if (page.width > page.height) != (w_pt > h_pt):  # a /Rotate'd page: pdftoppm turns it
            w_pt, h_pt = h_pt, w_pt
        rng = np.random.default_rng([seed, i])
        last = i == len(sizes) - 1
        img, info = degrade_page(
            np.array(page), lv, rng, turns[i], last and lv.stamp_p > 0 and not stamped, stamp_text
        )
        stamped = stamped or info["stamp"] is not None
        if turns[i]:
            w_pt, h_pt = h_pt, w_pt
        out = Image.fromarray(img)
        res = (out.width * 72.0 / w_pt, out.height * 72.0 / h_pt)  # exact page size in points
        kw: dict[str, Any] = {"dpi": res, "quality": lv.store_q}
        if i == 0:
            kw |= {
                "creationDate": FIXED_DATE,
                "modDate": FIXED_DATE,
                "producer": "samples/degrade.py",
            }
        else:
            kw["append"] = True
        out.save(dst, "PDF", **kw)
        pages.append(
            {"page": i + 1, "width_pt": round(w_pt, 3), "height_pt": round(h_pt, 3), **info}
        )
    return {
        "file": dst.name,
        "source": str(src),
        "level": level,
        "dpi": lv.dpi,
        "seed": seed,
        "color": lv.color,
        "sha256": _sha256(dst),
        "source_sha256": _sha256(src),
        "pages": pages,
    }


def stamp_text_for(name: str) -> tuple[str, str]:
    """(ring, centre) stamp text from a sample's truth: pemda and agency."""
    path = TRUTH_DIR / f"{name}.json"
    doc = json.loads(path.read_text(encoding="utf-8")).get("document", {}) if path.exists() else {}
    pemda = doc.get("pemda") or "Kabupaten"
    agency = (doc.get("instansi") or "Dinas Sosial").split(",")[0]
    return f"Pemerintah {pemda}", agency


def available() -> list[str]:
    """Samples with both a generated PDF and a truth file."""
    return sorted(p.stem for p in PDF_DIR.glob("*.pdf") if (TRUTH_DIR / f"{p.stem}.json").exists())


def _job(args: tuple[str, str, Path, int]) -> dict[str, Any]:
    name, level, out, draw = args
    cv2.setNumThreads(1)  # one process per core already
    t0 = time.perf_counter()
    src = PDF_DIR / f"{name}.pdf"
    entry = degrade_pdf(
        src,
        out / f"{name}-{level}.pdf",
        level,
        seed_for(name, level, draw),
        stamp_text=stamp_text_for(name),
    )
    entry |= {
        "sample": name,
        "source": f"samples/pdf/{name}.pdf",
        "truth": f"samples/truth/{name}.json",
    }
    print(
        f"{out / entry['file']}: {len(entry['pages'])} pages, {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    return entry


def write_manifest(out: Path, entries: list[dict[str, Any]]) -> Path:
    """Merge ``entries`` into ``out/manifest.json`` (kept entries must still exist)."""
    path = out / MANIFEST
    old = json.loads(path.read_text(encoding="utf-8")).get("files", []) if path.exists() else []
    files = {e["file"]: e for e in old if (out / e["file"]).exists()}
    files |= {e["file"]: e for e in entries}
    levels = {
        n: {"dpi": lv.dpi, "color": lv.color, "max_skew_deg": lv.skew} for n, lv in LEVELS.items()
    }
    doc = {"version": 1, "levels": levels, "files": [files[k] for k in sorted(files)]}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", action="append", metavar="NAME", help="sample(s) to degrade")
    ap.add_argument("--level", action="append", choices=list(LEVELS), help="level(s) to make")
    ap.add_argument("--out", type=Path, default=SCAN_DIR, help="output folder")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument(
        "--draw", type=int, default=0, help="another random draw (use with --out elsewhere)"
    )
    args = ap.parse_args(argv)
    names = args.only or available()
    missing = [n for n in names if n not in available()]
    for n in missing:
        print(f"skip {n}: no {PDF_DIR / (n + '.pdf')} or truth file", file=sys.stderr)
    jobs = [
        (n, lv, args.out, args.draw)
        for n in names
        if n not in missing
        for lv in args.level or LEVELS
    ]
    # heaviest first (300 dpi, long decrees) so the pool finishes evenly
    jobs.sort(key=lambda j: -(LEVELS[j[1]].dpi ** 2) * len(page_sizes(PDF_DIR / f"{j[0]}.pdf")))
    t0 = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    # forked with OpenCV held to one thread: a caller that used OpenCV before (as a
    # test run does) would otherwise deadlock its workers
    with forked_pool(max(1, args.jobs)) as pool:
        entries = list(pool.map(_job, jobs))
    path = write_manifest(args.out, entries)
    print(f"{path}: {len(entries)} files in {time.perf_counter() - t0:.1f}s")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
