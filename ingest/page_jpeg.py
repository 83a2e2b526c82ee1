"""A scanned PDF page's pixels read straight from its one embedded JPEG.

Most scanned decrees are a JPEG per page drawn over the whole page and nothing
else. Rendering such a page with ``pdftoppm`` at 300 dpi and reading it back (a
26 MB file) took 0.30 s a page in ``benchmarks/speed.py``; decoding the JPEG with
OpenCV and enlarging it here, 0.08 s (both with the stamps dropped).

The enlargement puts the pixels where poppler puts them. Poppler (Splash) draws the
image over device rows ``floor(top) .. floor(bottom)`` inclusive, one more than the
page has when the image's top edge falls a hair above the page's (a box of
``841.8897705078125`` pt under an image ``841.889771`` pt tall), and samples source
row ``j * h / rows`` for scaled row ``j`` (likewise columns), bilinearly. Both
computed from the same numbers in the same order, with poppler's truncations,
give its exact pixels on the sample scans (``tests/test_page_jpeg.py`` checks
both cases); OpenCV's fixed-point bilinear, used here for speed, is within 2 grey
levels of them.

Only the plain case is taken: page not rotated, no annotations, a content stream
of ``q``/``cm``/``Do``/``Q`` drawing one 8-bit DeviceRGB or DeviceGray JPEG with no
mask over the whole page (media box, crop box the same), enlarged less than 4x
(poppler stops interpolating there) and not shrunk (poppler box-filters).
Anything else (text, vector marks, clips, ICC or CMYK colour, masks, several
images, a 600 dpi scan, a crop box) returns None and the page is rendered by
poppler.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, StreamObject

log = logging.getLogger(__name__)

PLACEMENT_TOLERANCE_PT = 0.5
"""How far the image's edges may sit from the page's and still count as
covering the page."""

MAX_ENLARGEMENT = 4
"""From this factor on poppler repeats pixels instead of interpolating."""

_ALLOWED_OPS = {b"q", b"Q", b"cm", b"Do"}
_COLOUR_SPACES = frozenset({"/DeviceRGB", "/DeviceGray"})

Matrix = tuple[float, float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class PageJpeg:
    """A page's one full-page JPEG, decoded, and where the page puts it."""

    image: np.ndarray
    """BGR or grayscale, as the JPEG holds it."""
    box: tuple[float, float, float, float]
    """The page's media box (x1, y1, x2, y2) in points."""
    cms: tuple[Matrix, ...]
    """The ``cm`` operands in force where the image is drawn, in order."""


def full_page_jpeg(path: Path, page: int) -> PageJpeg | None:
    """The page's (1-based) one full-page JPEG; None when the page is not one
    full-page JPEG, or anything about it cannot be read."""
    try:
        with _LOCK:
            found = _full_page_jpeg(_reader(path), page)
    except (OSError, PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.debug("page %s: no direct JPEG (%s: %s)", page, type(exc).__name__, exc)
        return None
    if found is None:
        return None
    data, box, cms, (w, h) = found
    img = cv2.imdecode(
        np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION
    )
    if img is None or img.shape[:2] != (h, w) or img.dtype != np.uint8:
        return None
    if img.ndim == 3 and img.shape[2] != 3:
        return None
    return PageJpeg(img, box, cms)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where poppler draws an image on a page rendered at some dpi: the page
    bitmap's size, and the scaled image's size and top-left corner in it."""

    page_size: tuple[int, int]
    scaled_size: tuple[int, int]
    origin: tuple[int, int]


def poppler_placement(jpeg: PageJpeg, dpi: float) -> Placement:
    """Poppler's arithmetic for an upright image (``GfxState``'s page matrix,
    ``concatCTM``, ``SplashOutputDev::drawImage``, ``imgCoordMunge*``)."""
    x1, y1, x2, y2 = jpeg.box
    k = dpi / 72.0
    a, _, c, d, e, f = _fold(jpeg.cms, (k, 0.0, 0.0, -k, -k * x1, k * y2))
    left, top = c + e, d + f  # mat[4], mat[5]
    right, bottom = a + left, -d + top  # mat[0] + mat[4], mat[3] + mat[5]
    x0, y0 = math.floor(left), math.floor(top)
    page_w = math.ceil((x2 - x1) * k)
    page_h = math.ceil((y2 - y1) * k)
    scaled = (math.floor(right) + 1 - x0, math.floor(bottom) + 1 - y0)
    return Placement((page_w, page_h), scaled, (x0, y0))


def scale_like_poppler(img: np.ndarray, placement: Placement) -> np.ndarray | None:
    """``img`` enlarged and cropped to the page as poppler draws it (within 2 grey
    levels); None when poppler would not interpolate (shrinking, or 4x and more)
    or the image does not cover the page bitmap."""
    h, w = img.shape[:2]
    (sw, sh), (x0, y0) = placement.scaled_size, placement.origin
    page_w, page_h = placement.page_size
    if sw < w or sh < h or sw // w >= MAX_ENLARGEMENT or sh // h >= MAX_ENLARGEMENT:
        return None
    if x0 > 0 or y0 > 0 or x0 + sw < page_w or y0 + sh < page_h:
        return None
    step_x, step_y = w / sw, h / sh
    # page pixel (x, y) is scaled pixel (x - x0, y - y0), sampled at source
    # (column, row) = (scaled column * step_x, scaled row * step_y)
    m = np.array([[step_x, 0.0, -x0 * step_x], [0.0, step_y, -y0 * step_y]])
    return cv2.warpAffine(
        img,
        m,
        (page_w, page_h),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def _fold(cms: tuple[Matrix, ...], ctm: Matrix) -> Matrix:
    """``ctm`` with each ``cm`` operand applied in turn, in ``GfxState::concatCTM``'s
    order of operations (the placement depends on the last bit of the result)."""
    for a, b, c, d, e, f in cms:
        a1, b1, c1, d1, e1, f1 = ctm
        ctm = (
            a * a1 + b * c1,
            a * b1 + b * d1,
            c * a1 + d * c1,
            c * b1 + d * d1,
            e * a1 + f * c1 + e1,
            e * b1 + f * d1 + f1,
        )
    return ctm


_LOCK = threading.Lock()
_open_pdf: tuple[tuple[int, str, int, int], BinaryIO, PdfReader] | None = None
"""The last PDF read, kept open: a worker reads page after page of one document,
and parsing a 580-page file's cross-reference table and page tree again for each
page took 0.07-0.14 s. Keyed by process too: a forked worker must not read
through its parent's file offset."""


def _reader(path: Path) -> PdfReader:
    """A reader over ``path``, reused while the file is unchanged."""
    global _open_pdf
    st = path.stat()
    key = (os.getpid(), str(path.resolve()), st.st_mtime_ns, st.st_size)
    if _open_pdf is None or _open_pdf[0] != key:
        if _open_pdf is not None:
            _open_pdf[1].close()
            _open_pdf = None
        fh = path.open("rb")
        try:
            reader = PdfReader(fh, strict=False)
        except BaseException:
            fh.close()
            raise
        _open_pdf = (key, fh, reader)
    return _open_pdf[2]


def _full_page_jpeg(
    reader: PdfReader, page: int
) -> tuple[bytes, tuple[float, float, float, float], Matrix, tuple[int, int]] | None:
    """(JPEG bytes, media box, the `cm` operands at the image, image size in pixels)
    of a page that is one JPEG over the whole page; None otherwise."""
    pg = reader.pages[page - 1]
    if pg.rotation % 360 or "/Annots" in pg:
        return None
    box = pg.mediabox  # what pdftoppm renders (without -cropbox)
    if [float(v) for v in pg.cropbox] != [float(v) for v in box]:
        return None
    contents = pg.get_contents()
    if contents is None:
        return None
    ops = ContentStream(contents, reader).operations
    if any(op not in _ALLOWED_OPS for _, op in ops):
        return None
    draws = [(args, i) for i, (args, op) in enumerate(ops) if op == b"Do"]
    if len(draws) != 1:
        return None
    cms = _cms_at(ops, draws[0][1])
    if cms is None or not _covers(_fold(cms, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)), box):
        return None
    resources = _resolved(pg, "/Resources")
    xobjects = _resolved(resources, "/XObject") if isinstance(resources, DictionaryObject) else None
    if not isinstance(xobjects, DictionaryObject):
        return None
    image = _resolved(xobjects, draws[0][0][0])
    if not isinstance(image, StreamObject) or not _plain_jpeg(image):
        return None
    size = (int(image["/Width"]), int(image["/Height"]))
    corners = (float(box.left), float(box.bottom), float(box.right), float(box.top))
    return image.get_data(), corners, cms, size


def _resolved(d: DictionaryObject, key: object) -> object:
    """``d[key]`` with an indirect reference followed; None when absent."""
    value = d.get(key)
    return value.get_object() if value is not None else None


def _cms_at(ops: list, stop: int) -> tuple[Matrix, ...] | None:
    """The ``cm`` operands in force at operation ``stop``, after the ``q`` and
    ``Q`` before it; None if they do not add up to a plain scale and shift."""
    cms: tuple[Matrix, ...] = ()
    stack: list[tuple[Matrix, ...]] = []
    for args, op in ops[:stop]:
        if op == b"q":
            stack.append(cms)
        elif op == b"Q":
            if not stack:
                return None
            cms = stack.pop()
        elif op == b"cm":
            if len(args) != 6:
                return None
            a, b, c, d, e, f = (float(v) for v in args)
            cms = (*cms, (a, b, c, d, e, f))
    _, b, c, _, _, _ = _fold(cms, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))
    return None if b or c else cms


def _covers(ctm: Matrix, box: object) -> bool:
    """The unit square under ``ctm`` is the page box, upright, within tolerance."""
    a, _, _, d, e, f = ctm
    left, bottom = float(box.left), float(box.bottom)  # type: ignore[attr-defined]
    right, top = float(box.right), float(box.top)  # type: ignore[attr-defined]
    tol = PLACEMENT_TOLERANCE_PT
    return (
        a > 0
        and d > 0
        and abs(e - left) <= tol
        and abs(f - bottom) <= tol
        and abs(e + a - right) <= tol
        and abs(f + d - top) <= tol
    )


def _plain_jpeg(image: StreamObject) -> bool:
    """An 8-bit RGB or gray baseline image stream with only the DCT filter, no
    mask, no decode array."""
    if image.get("/Subtype") != "/Image" or image.get("/ImageMask"):
        return False
    if any(k in image for k in ("/SMask", "/Mask", "/Decode", "/DecodeParms")):
        return False
    flt = image.get("/Filter")
    filters = list(flt) if isinstance(flt, list) else [flt]
    if filters != ["/DCTDecode"]:
        return False
    space = image.get("/ColorSpace")
    return (
        image.get("/BitsPerComponent") == 8 and isinstance(space, str) and space in _COLOUR_SPACES
    )
