"""Tesseract word boxes (and orientation) for one page image, with an on-disk cache.

The image goes to tesseract as an uncompressed PGM file written by OpenCV (a PIL
image handed to pytesseract is re-encoded as PNG, which is slow, and loses its
resolution, which costs accuracy), with ``--dpi`` always given. Every call runs
with ``OMP_THREAD_LIMIT=1``: pages are parallelised across processes instead,
which is faster than tesseract's own OpenMP threads.

Cache (like OCRmyPDF's): ``$IKI_CACHE_DIR/ocr`` (default
``~/.cache/iki-ingest/ocr``), keyed by a hash of the exact image given to
tesseract + tesseract version + languages + config; ``IKI_OCR_CACHE=0`` turns it off.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytesseract

CACHE_VERSION = "1"
"""Bump when what is stored per key changes."""

OCR_TIMEOUT = 180.0
"""Seconds one tesseract call may take before the page is given up."""


class OcrError(Exception):
    """Tesseract failed or timed out on a page; the message says why."""


@dataclass(frozen=True, slots=True)
class PixWord:
    """A word as tesseract reports it: pixel box on the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


@dataclass(frozen=True, slots=True)
class OcrConfig:
    lang: str = "ind+eng"
    psm: int = 3
    dpi: int = 300
    timeout: float = OCR_TIMEOUT

    @property
    def args(self) -> str:
        return f"--psm {self.psm} --dpi {self.dpi}"


# -- environment --------------------------------------------------------------------------


@contextlib.contextmanager
def single_thread() -> Iterator[None]:
    """Run the enclosed tesseract calls with ``OMP_THREAD_LIMIT=1`` (restored after)."""
    old = os.environ.get("OMP_THREAD_LIMIT")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
        else:
            os.environ["OMP_THREAD_LIMIT"] = old


@functools.cache
def tesseract_version() -> str:
    try:
        return str(pytesseract.get_tesseract_version())
    except Exception:  # not installed: the first real call reports it
        return "unknown"


def cache_dir() -> Path | None:
    """Where OCR results are cached, or None when caching is off."""
    if os.environ.get("IKI_OCR_CACHE", "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    base = os.environ.get("IKI_CACHE_DIR") or str(Path.home() / ".cache" / "iki-ingest")
    return Path(base) / "ocr"


def cache_key(image: np.ndarray, kind: str, config: str) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{CACHE_VERSION}|{kind}|{tesseract_version()}|{config}|{image.shape}|".encode())
    h.update(np.ascontiguousarray(image).data)
    return h.hexdigest()


def _key(image: np.ndarray, kind: str, config: str) -> str | None:
    """:func:`cache_key`, or None when caching is off (hashing a 300 dpi page
    takes ~13 ms, wasted then)."""
    return cache_key(image, kind, config) if cache_dir() is not None else None


def _cache_get(key: str | None) -> object | None:
    root = cache_dir()
    if root is None or key is None:
        return None
    try:
        return json.loads((root / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _cache_put(key: str | None, value: object) -> None:
    root = cache_dir()
    if root is None or key is None:
        return
    folder = root / key[:2]
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(value, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, folder / f"{key}.json")  # atomic: parallel workers never see half a file
    except OSError:  # a read-only or full cache must not fail the page
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


@contextlib.contextmanager
def _pgm(image: np.ndarray) -> Iterator[str]:
    fd, name = tempfile.mkstemp(prefix="iki_ocr_", suffix=".pgm")
    os.close(fd)
    try:
        if not cv2.imwrite(name, image):
            raise OcrError("cannot write the page image for tesseract")
        yield name
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _image_to_data(name: str, config: OcrConfig) -> dict[str, list[object]]:
    """pytesseract's word table for the image file ``name``; errors as OcrError."""
    try:
        with single_thread():
            return pytesseract.image_to_data(
                name,
                lang=config.lang,
                config=config.args,
                timeout=config.timeout,
                output_type=pytesseract.Output.DICT,
            )
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            raise OcrError(f"tesseract timed out after {config.timeout:.0f} s") from exc
        raise OcrError(f"tesseract failed ({exc})") from exc
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrError("tesseract is not installed") from exc
    except pytesseract.TesseractError as exc:
        raise OcrError(f"tesseract failed ({str(exc.message).strip()[:160]})") from exc


# -- OCR ----------------------------------------------------------------------------------


def ocr_words(image: np.ndarray, config: OcrConfig) -> list[PixWord]:
    """Words tesseract reads on ``image`` (uint8 gray or binary), pixel boxes and
    confidences 0..100; entries with conf -1 (layout rows) or no text dropped."""
    key = _key(image, "words", f"{config.lang}|{config.args}")
    hit = _cache_get(key)
    if isinstance(hit, list):
        return [
            PixWord(str(t), int(x), int(y), int(w), int(h), float(c)) for t, x, y, w, h, c in hit
        ]
    with _pgm(image) as name:
        data = _image_to_data(name, config)
    words = []
    for i, raw in enumerate(data["text"]):
        text = str(raw or "").strip()
        conf = float(str(data["conf"][i]))
        if not text or conf < 0:
            continue
        left, top = int(str(data["left"][i])), int(str(data["top"][i]))
        width, height = int(str(data["width"][i])), int(str(data["height"][i]))
        words.append(PixWord(text, left, top, width, height, conf))
    _cache_put(key, [[w.text, w.left, w.top, w.width, w.height, w.conf] for w in words])
    return words


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_OCONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def osd(image: np.ndarray, dpi: int, timeout: float = 60.0) -> tuple[int, float] | None:
    """Tesseract's orientation detection (``--psm 0``): degrees to rotate the image
    clockwise to make it upright, and its confidence; None when it cannot tell
    (too few characters)."""
    args = f"--psm 0 --dpi {dpi}"
    key = _key(image, "osd", args)
    hit = _cache_get(key)
    if isinstance(hit, list):
        return (int(hit[0]), float(hit[1])) if hit else None
    with _pgm(image) as name:
        try:
            with single_thread():
                text = pytesseract.image_to_osd(name, config=args, timeout=timeout)
        except pytesseract.TesseractError:
            text = ""  # "Too few characters. Skipping this page"
        except RuntimeError as exc:
            raise OcrError(f"orientation detection timed out after {timeout:.0f} s") from exc
    rot, conf = _ROTATE.search(text), _OCONF.search(text)
    result = (int(rot[1]) % 360, float(conf[1])) if rot and conf else None
    _cache_put(key, list(result) if result else [])
    return result
