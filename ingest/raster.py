"""Page images for the OCR path: one PDF page or one image frame at a time.

A PDF page that is one full-page JPEG (most scans) is read from the JPEG and
enlarged as poppler would place it (:mod:`ingest.page_jpeg`). Other PDF pages are
rendered by poppler's ``pdftoppm`` (the tool pdf2image drives) to a
PPM file, one page per call, so a long scanned decree never sits in memory as a
whole. The file is read in one go and its pixels used in place (a 300 dpi A4 page is
26 MB: through a pipe it came in 32 KB reads, was joined and decoded again, ~0.06 s
a page). Called directly rather than through pdf2image: pdf2image runs two more
processes per call (``pdfinfo``, a version probe) and drops poppler's error output,
which is what tells a corrupt page from a blank one here. Image files (PNG, JPEG,
multi-page TIFF ...) are read frame by frame with Pillow.

Coloured ink is removed while converting to grayscale: official stamps and
signatures are blue, purple or red, decree text and ruling lines black. A stamp
over a table corner otherwise adds rules to the grid and fragments to the text.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from ingest import page_jpeg

DEFAULT_IMAGE_DPI = 300.0
"""Resolution assumed for an image that does not state a plausible one."""

MAX_PIXELS = 60_000_000
"""Render budget per page (A4 at 600 dpi is 35 MP); larger pages get a lower dpi."""

RENDER_TIMEOUT = 120.0

_SIZE = re.compile(r"^Page\s+(\d+)\s+size:\s+([\d.]+)\s+x\s+([\d.]+)", re.MULTILINE)
_ROT = re.compile(r"^Page\s+(\d+)\s+rot:\s+(\d+)", re.MULTILINE)
_IMAGE = re.compile(
    r"^\s*(\d+)\s+\d+\s+image\s+(\d+)\s+(\d+)\s+(?:\S+\s+){7}([\d.]+)\s+([\d.]+)", re.MULTILINE
)
"""A ``pdfimages -list`` row: page, width, height, ..., x-ppi, y-ppi."""


class RasterError(Exception):
    """A page could not be turned into an image; the message says why."""


@dataclass(frozen=True, slots=True)
class Raster:
    """A grayscale page image and the resolution that maps it to PDF points."""

    gray: np.ndarray
    dpi: float

    @property
    def width_pt(self) -> float:
        return self.gray.shape[1] * 72.0 / self.dpi

    @property
    def height_pt(self) -> float:
        return self.gray.shape[0] * 72.0 / self.dpi


def _page_range_listing(tool: list[str], path: Path, first: int, last: int) -> str:
    """What a poppler listing tool prints for pages ``first``..``last``; empty
    when it cannot run or takes over a minute."""
    try:
        return subprocess.run(
            [*tool, "-f", str(first), "-l", str(last), str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return ""


def pdf_page_sizes(path: Path, first: int, last: int) -> dict[int, tuple[float, float]]:
    """Page number -> (width, height) in points as displayed (``/Rotate`` applied),
    from one ``pdfinfo`` call; pages it cannot size are left out."""
    out = _page_range_listing(["pdfinfo"], path, first, last)
    rot = {int(m[1]): int(m[2]) for m in _ROT.finditer(out)}
    sizes: dict[int, tuple[float, float]] = {}
    for m in _SIZE.finditer(out):
        n, w, h = int(m[1]), float(m[2]), float(m[3])
        sizes[n] = (h, w) if rot.get(n, 0) % 180 else (w, h)
    return sizes


def pdf_image_ppi(path: Path, first: int, last: int) -> dict[int, float]:
    """Page number -> resolution (pixels per inch) of the page's largest image, from
    one ``pdfimages -list`` call: what a scanned page was scanned at. Pages without
    an image, or that cannot be listed, are left out."""
    out = _page_range_listing(["pdfimages", "-list"], path, first, last)
    best: dict[int, tuple[int, float]] = {}
    for m in _IMAGE.finditer(out):
        page, pixels = int(m[1]), int(m[2]) * int(m[3])
        ppi = min(float(m[4]), float(m[5]))
        if page not in best or pixels > best[page][0]:
            best[page] = (pixels, ppi)
    return {page: ppi for page, (_, ppi) in best.items()}


def render_dpi(size_pt: tuple[float, float] | None, dpi: float) -> float:
    """``dpi``, lowered so the page stays within :data:`MAX_PIXELS` (a poster-sized
    page in a decree annex would otherwise need gigabytes)."""
    if not size_pt:
        return dpi
    px = size_pt[0] * size_pt[1] * (dpi / 72.0) ** 2
    if px <= MAX_PIXELS:
        return dpi
    return float(int(dpi * (MAX_PIXELS / px) ** 0.5))


def render_pdf_page(path: Path, page: int, dpi: float, timeout: float = RENDER_TIMEOUT) -> Raster:
    """Render one page (1-based) to grayscale; raises :class:`RasterError`.

    A page that is one full-page JPEG is read from the JPEG itself
    (:mod:`ingest.page_jpeg`); the rest are rendered by poppler. A page poppler
    reports errors on *and* renders blank is treated as failed (a corrupt content
    or image stream), not as an empty page.
    """
    jpeg = page_jpeg.full_page_jpeg(path, page)
    if jpeg is not None:
        # enlarged before the stamps are dropped, as a render is: dropping them first
        # moved 16x more pixels by over 2 grey levels, around the stamp
        img = page_jpeg.scale_like_poppler(jpeg.image, page_jpeg.poppler_placement(jpeg, dpi))
        if img is not None:
            return Raster(drop_coloured_ink(img) if img.ndim == 3 else img, dpi)
    with tempfile.TemporaryDirectory(prefix="iki_render_") as tmp:
        base = os.path.join(tmp, "page")
        cmd = ["pdftoppm", "-r", f"{dpi:g}", "-f", str(page), "-l", str(page), "-singlefile"]
        try:
            proc = subprocess.run(
                [*cmd, str(path), base], capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise RasterError(f"rendering timed out after {timeout:.0f} s") from exc
        except OSError as exc:
            raise RasterError(f"cannot run pdftoppm ({exc.strerror or exc})") from exc
        errors = _poppler_errors(proc.stderr)
        try:
            data = Path(base + ".ppm").read_bytes() if proc.returncode == 0 else b""
        except OSError:
            data = b""
    if not data:
        raise RasterError(f"pdftoppm failed (exit {proc.returncode}){_tail(errors)}")
    rgb = _ppm_pixels(data)
    if rgb is not None:
        gray = _drop_coloured_ink(rgb, cv2.COLOR_RGB2HSV, cv2.COLOR_RGB2GRAY)
    else:  # not the plain 8-bit P6 pdftoppm writes: let OpenCV decode it
        img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
        if img is None or img.size == 0:
            raise RasterError(f"pdftoppm produced no readable image{_tail(errors)}")
        gray = drop_coloured_ink(img) if img.ndim == 3 else img
    if errors and _blank(gray):
        raise RasterError(f"page renders blank with errors{_tail(errors)}")
    return Raster(gray, dpi)


_PPM_HEADER = re.compile(rb"P6\s+(\d+)\s+(\d+)\s+255\s")


def _ppm_pixels(data: bytes) -> np.ndarray | None:
    """RGB pixels of an 8-bit binary PPM, without copying; None for anything else."""
    m = _PPM_HEADER.match(data)
    if not m:
        return None
    w, h = int(m[1]), int(m[2])
    if w <= 0 or h <= 0 or len(data) - m.end() != w * h * 3:
        return None
    return np.frombuffer(data, np.uint8, w * h * 3, m.end()).reshape(h, w, 3)


def _poppler_errors(stderr: bytes) -> list[str]:
    lines = stderr.decode("utf-8", "replace").splitlines()
    return [ln.strip() for ln in lines if "error" in ln.lower()]


def _tail(errors: list[str]) -> str:
    return f": {errors[0][:160]}" if errors else ""


def _blank(gray: np.ndarray) -> bool:
    small = gray[::8, ::8]
    return bool((small < 160).mean() < 0.0005)


# -- image files --------------------------------------------------------------------------


def image_frame_count(path: Path) -> int:
    """Frames in an image file (pages of a multi-page TIFF); raises RasterError."""
    try:
        with Image.open(path) as im:
            return int(getattr(im, "n_frames", 1))
    except Exception as exc:  # Pillow raises many kinds on damaged files
        raise RasterError(f"cannot open image ({type(exc).__name__}: {exc})") from exc


def read_image_frame(path: Path, index: int) -> Raster:
    """Frame ``index`` (0-based) as grayscale, upright per EXIF, with its dpi."""
    try:
        with Image.open(path) as im:
            im.seek(index)
            frame = ImageOps.exif_transpose(im) if index == 0 else im.copy()
            dpi = image_dpi(frame.info.get("dpi") or im.info.get("dpi"), frame.size)
            gray = _to_gray(frame)
    except Exception as exc:
        raise RasterError(
            f"cannot decode image frame {index + 1} ({type(exc).__name__}: {exc})"
        ) from exc
    return Raster(gray, dpi)


def image_dpi(meta: object, size: tuple[int, int]) -> float:
    """The image's own resolution when it is plausible for a document page
    (4 to 24 inches on the long side), else :data:`DEFAULT_IMAGE_DPI`.

    Screenshots and phone exports often say 72 or 96 dpi for a 300 dpi scan; a
    A4 page of 3508 px at "72 dpi" would be 49 inches long, so that is ignored.
    """
    try:
        x, y = (float(v) for v in meta)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return DEFAULT_IMAGE_DPI
    dpi = (x + y) / 2 if x > 0 and y > 0 else max(x, y)
    if dpi <= 0:
        return DEFAULT_IMAGE_DPI
    long_in = max(size) / dpi
    return float(round(dpi)) if 4.0 <= long_in <= 24.0 else DEFAULT_IMAGE_DPI


STAMP_SATURATION = 70
"""HSV saturation (0..255) from which ink counts as coloured (a stamp, a signature)..."""
STAMP_VALUE = 70
"""...when it is not too dark either: black text under a stamp keeps its pixels."""
FADED_SATURATION = 18
FADED_VALUE = 120
"""A faded or photocopied stamp keeps little colour (JPEG compression washes it out
to a saturation of 20-80, median 42, on the medium samples) but stays light
(value 150-200); black text is dark and grey (saturation 0 there)."""


def drop_coloured_ink(bgr: np.ndarray) -> np.ndarray:
    """Grayscale of a colour page with saturated (stamp and signature) ink turned
    to paper. Greyish pixels, including black text a stamp overlaps, are kept."""
    return _drop_coloured_ink(bgr, cv2.COLOR_BGR2HSV, cv2.COLOR_BGR2GRAY)


_COLOURED = (
    ((0, STAMP_SATURATION + 1, STAMP_VALUE + 1), (255, 255, 255)),
    ((0, FADED_SATURATION + 1, FADED_VALUE + 1), (255, 255, 255)),
)
"""The coloured-ink thresholds as inclusive HSV ranges for ``cv2.inRange``."""


def _drop_coloured_ink(img: np.ndarray, to_hsv: int, to_gray: int) -> np.ndarray:
    """:func:`drop_coloured_ink` for channels in either order (``to_hsv``/``to_gray``:
    the matching ``cv2.COLOR_*`` codes). OpenCV's range test and ``max`` with the
    255/0 mask replace numpy boolean masks (~3x faster on a 300 dpi page)."""
    hsv = cv2.cvtColor(img, to_hsv)
    coloured = cv2.inRange(hsv, *_COLOURED[0])
    cv2.bitwise_or(coloured, cv2.inRange(hsv, *_COLOURED[1]), dst=coloured)
    gray = cv2.cvtColor(img, to_gray)
    return np.ascontiguousarray(cv2.max(gray, coloured))


def _to_gray(im: Image.Image) -> np.ndarray:
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(im, dtype=np.float32)
        hi = float(arr.max()) or 1.0
        return np.ascontiguousarray((arr * (255.0 / hi)).clip(0, 255).astype(np.uint8))
    if im.mode in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        rgb = np.ascontiguousarray(np.asarray(im.convert("RGB"), dtype=np.uint8))
        return _drop_coloured_ink(rgb, cv2.COLOR_RGB2HSV, cv2.COLOR_RGB2GRAY)
    return np.ascontiguousarray(np.asarray(im.convert("L"), dtype=np.uint8))
