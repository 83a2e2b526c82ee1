"""Tesseract word boxes (and orientation) for one page image, with an on-disk cache.

The image goes to tesseract as an uncompressed PGM file written by OpenCV (a PIL
image handed to pytesseract is re-encoded as PNG, which is slow, and loses its
resolution, which costs accuracy), with ``--dpi`` always given. Every call runs
with ``OMP_THREAD_LIMIT=1``: pages are parallelised across processes instead,
which is faster than tesseract's own OpenMP threads.

Pages are read by a long-lived helper process holding libtesseract (through
ctypes), one per OCR process, with the languages loaded once: the CLI loads them
for every page (~0.2 s) and goes through a temporary image file and TSV file
(~0.15 s more per page). It runs the same library calls as the CLI on the same
pixels (``--psm``, ``--dpi`` as ``user_defined_dpi``) and reports confidences
truncated to whole numbers as the CLI's TSV does: identical words on the sample
scans. Being a separate process, a crash or a hang (killed after the page's
timeout) fails only that page, as with the CLI. When the library cannot be loaded
or its version differs from the CLI's, or with ``IKI_OCR_ENGINE=cli``, the CLI
(pytesseract) is used.

Cache (like OCRmyPDF's): ``$IKI_CACHE_DIR/ocr`` (default
``~/.cache/iki-ingest/ocr``), keyed by a hash of the exact image given to
tesseract + tesseract version + languages + config; ``IKI_OCR_CACHE=0`` turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes.util
import functools
import hashlib
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import time
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


# -- libtesseract in a helper process ----------------------------------------------------------

_SERVER = r"""
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
P, S, I = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
lib.TessVersion.restype = S
lib.TessBaseAPICreate.restype = P
lib.TessBaseAPIInit3.argtypes = [P, S, S]
lib.TessBaseAPISetVariable.argtypes = [P, S, S]
lib.TessBaseAPISetPageSegMode.argtypes = [P, I]
lib.TessBaseAPISetImage.argtypes = [P, S, I, I, I, I]
lib.TessBaseAPIRecognize.argtypes = [P, P]
lib.TessBaseAPIGetTsvText.argtypes = [P, I]
lib.TessBaseAPIGetTsvText.restype = P
lib.TessDeleteText.argtypes = [P]
lib.TessBaseAPIClear.argtypes = [P]
inp, out = sys.stdin.buffer, sys.stdout.buffer
out.write(b"READY " + lib.TessVersion() + b"\n")
out.flush()
apis = {}
while True:
    head = inp.readline().split()
    if not head:
        break
    w, h, psm, dpi, lang = int(head[0]), int(head[1]), int(head[2]), head[3], head[4]
    pixels = inp.read(w * h)
    if lang not in apis:
        api = lib.TessBaseAPICreate()
        lib.TessBaseAPISetVariable(api, b"debug_file", b"/dev/null")
        apis[lang] = api if lib.TessBaseAPIInit3(api, None, lang) == 0 else None
    api = apis[lang]
    if api is None:
        out.write(b"ERR cannot load languages " + lang + b"\n")
        out.flush()
        continue
    lib.TessBaseAPISetPageSegMode(api, psm)
    lib.TessBaseAPISetVariable(api, b"user_defined_dpi", dpi)
    lib.TessBaseAPISetImage(api, pixels, w, h, 1, w)
    if lib.TessBaseAPIRecognize(api, None) != 0:
        lib.TessBaseAPIClear(api)
        out.write(b"ERR recognition failed\n")
        out.flush()
        continue
    text = lib.TessBaseAPIGetTsvText(api, 0)
    tsv = ctypes.string_at(text) if text else b""
    if text:
        lib.TessDeleteText(text)
    lib.TessBaseAPIClear(api)
    out.write(b"OK %d\n" % len(tsv) + tsv)
    out.flush()
"""
"""The helper: one request per page (``w h psm dpi lang`` and the pixels), one
reply (``OK <n>`` and n bytes of TSV, or ``ERR <why>``)."""


@functools.cache
def _library() -> str | None:
    if os.environ.get("IKI_OCR_ENGINE", "").strip().lower() == "cli":
        return None
    return ctypes.util.find_library("tesseract")


class _Engine:
    """A helper process reading pages with libtesseract (see the module docstring)."""

    def __init__(self, library: str) -> None:
        env = dict(os.environ, OMP_THREAD_LIMIT="1")  # read once, when libgomp loads
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _SERVER, library],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        hello = self._read_line(30.0).split()
        if len(hello) != 2 or hello[0] != b"READY":
            self.close()
            raise OcrError("the tesseract library did not start")
        self.version = hello[1].decode("ascii", "replace")

    def _read_exact(self, n: int, deadline: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        chunks: list[bytes] = []
        while n > 0:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _read_line(self, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n"):
            line += self._read_exact(1, deadline)
        return line

    def tsv(self, image: np.ndarray, config: OcrConfig) -> str:
        """Tesseract's TSV for ``image``; a failure, a crash or a timeout raises
        OcrError (the helper is then closed: the next page starts a new one)."""
        assert self.proc.stdin is not None
        h, w = image.shape
        head = f"{w} {h} {config.psm} {config.dpi} {config.lang}\n".encode()
        try:
            self.proc.stdin.write(head)
            self.proc.stdin.write(np.ascontiguousarray(image).data)
            self.proc.stdin.flush()
            deadline = time.monotonic() + config.timeout
            reply = b""
            while not reply.endswith(b"\n"):
                reply += self._read_exact(1, deadline)
            kind, _, rest = reply.strip().partition(b" ")
            if kind != b"OK":
                raise OcrError(f"tesseract failed ({rest.decode('utf-8', 'replace')[:160]})")
            return self._read_exact(int(rest), deadline).decode("utf-8", "replace")
        except TimeoutError:
            self.close()
            raise OcrError(f"tesseract timed out after {config.timeout:.0f} s") from None
        except (OSError, EOFError, ValueError) as exc:
            self.close()
            raise OcrError(f"tesseract failed ({type(exc).__name__}: the process ended)") from exc

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.proc.wait(5)
        for fh in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                if fh is not None:
                    fh.close()


_engine: _Engine | None = None
_engine_pid = 0
_engine_off = False
"""Set when the library cannot be used in this process: the CLI reads every page."""


def _get_engine() -> _Engine | None:
    """This process's helper, started on first use (a forked worker starts its own;
    the parent's belongs to the parent)."""
    global _engine, _engine_pid, _engine_off
    if _engine_pid != os.getpid():
        _engine, _engine_pid, _engine_off = None, os.getpid(), False
    if _engine_off:
        return None
    if _engine is not None and _engine.proc.poll() is None:
        return _engine
    library = _library()
    if library is None:
        _engine_off = True
        return None
    try:
        engine = _Engine(library)
    except (OSError, OcrError, TimeoutError, EOFError):
        _engine_off = True
        return None
    if engine.version != tesseract_version():  # words must match the CLI's (and cache keys)
        engine.close()
        _engine_off = True
        return None
    _engine = engine
    return engine


@atexit.register
def stop_engine() -> None:
    """End this process's helper (at exit; the next page would start a new one)."""
    global _engine
    if _engine is not None and _engine_pid == os.getpid():
        _engine.close()
        _engine = None


def _words_from_tsv(tsv: str) -> list[PixWord]:
    """Words of tesseract's TSV (no header line), as :func:`ocr_words` keeps them;
    confidences truncated to whole numbers, as the CLI writes them."""
    words = []
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) < 12:
            continue
        text, conf = cells[11].strip(), float(cells[10])
        if not text or conf < 0:
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        words.append(PixWord(text, left, top, width, height, float(int(conf))))
    return words


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
    engine = _get_engine() if image.ndim == 2 and image.dtype == np.uint8 else None
    if engine is not None:
        words = _words_from_tsv(engine.tsv(image, config))
        _cache_put(key, [[w.text, w.left, w.top, w.width, w.height, w.conf] for w in words])
        return words
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
