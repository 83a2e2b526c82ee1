"""Read PDF pages through their text layer with pdfplumber.

Each page becomes a :class:`domain.pages.Page` of words and ruling-line edges.
Pages without a usable text layer are returned with ``source="ocr"`` pending, so
the scan path can take them; a page that cannot be parsed at all is ``failed``.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from domain.pages import Edge, Page, Word
from ingest.sniff import InputError

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 25
"""Fewer visible characters than this and the page is treated as a scan."""

_CID = re.compile(r"\(cid:\d+\)")


@contextmanager
def open_pdf(path: Path) -> Iterator[pdfplumber.PDF]:
    """Open a PDF, turning pdfminer's failures into :class:`InputError`."""
    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError(f"encrypted PDF: a password is needed to open it ({exc!r})") from exc
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else exc
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputError("encrypted PDF: a password is needed to open it") from exc
        raise InputError(f"corrupt PDF: {_describe(inner)}") from exc
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"corrupt PDF: {_describe(exc)}") from exc
    try:
        try:
            n = len(pdf.pages)
        except PdfminerException as exc:
            inner = exc.args[0] if exc.args else exc
            if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
                raise InputError("encrypted PDF: a password is needed to open it") from exc
            raise InputError(f"corrupt PDF: {_describe(inner)}") from exc
        except Exception as exc:
            raise InputError(f"corrupt PDF: cannot list its pages ({_describe(exc)})") from exc
        if n == 0:
            raise InputError("PDF has no pages (truncated or corrupt)")
        yield pdf
    finally:
        pdf.close()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def read_page(pdf: pdfplumber.PDF, index: int) -> Page:
    """Read page ``index`` (0-based) into a Page; never raises.

    A page without a usable text layer comes back with ``source="ocr"`` and no
    words, for the scan path; an unreadable one with ``source="failed"``.
    """
    number = index + 1
    try:
        p = pdf.pages[index]
    except Exception as exc:
        return Page(number, 0, 0, "failed", error=f"page {number}: cannot load ({_describe(exc)})")
    try:
        width, height = float(p.width), float(p.height)
        chars, edges = layout_objects(p)
        text = "".join(c[0] for c in chars if not c[0].isspace())
        if len(text) < MIN_TEXT_CHARS or _is_garbage(text):
            return Page(number, width, height, "ocr")
        return Page(number, width, height, "text", words=group_words(chars), edges=edges)
    except Exception as exc:  # pdfminer raises many kinds on damaged content streams
        log.debug("page %s failed", number, exc_info=True)
        return Page(number, 0, 0, "failed", error=f"page {number}: unreadable ({_describe(exc)})")
    finally:
        p.close()


Char = tuple[str, float, float, float, float]
"""``(text, x0, top, x1, bottom)`` in page coordinates (top-left origin)."""


def layout_objects(p: pdfplumber.page.Page) -> tuple[list[Char], list[Edge]]:
    """Characters and ruling edges of a page, read straight off pdfminer's layout
    (which pdfplumber builds). pdfplumber's own ``chars``/``edges`` would turn every
    object into a dict of all its attributes first: about half the page time on
    these decrees, for attributes this pipeline never reads. The edges follow
    pdfplumber's rules (lines, the four sides of rects, straight curve segments)
    so its table functions see the same geometry."""
    height = float(p.height)
    mb_x0, mb_top = float(p.mediabox[0]), float(p.mediabox[1])
    chars: list[Char] = []
    edges: list[Edge] = []

    def y(v: float) -> float:
        return height - v + mb_top

    def walk(objs: list) -> None:  # type: ignore[type-arg]
        for o in objs:
            if isinstance(o, LTChar):
                chars.append((o.get_text(), o.x0 + mb_x0, y(o.y1), o.x1 + mb_x0, y(o.y0)))
            elif isinstance(o, LTRect):
                x0, x1, top, bottom = o.x0 + mb_x0, o.x1 + mb_x0, y(o.y1), y(o.y0)
                edges.extend(
                    (
                        Edge(x0, top, x1, top, "h"),
                        Edge(x0, bottom, x1, bottom, "h"),
                        Edge(x0, top, x0, bottom, "v"),
                        Edge(x1, top, x1, bottom, "v"),
                    )
                )
            elif isinstance(o, LTLine):
                x0, x1, top, bottom = o.x0 + mb_x0, o.x1 + mb_x0, y(o.y1), y(o.y0)
                edges.append(Edge(x0, top, x1, bottom, "h" if top == bottom else "v"))
            elif isinstance(o, LTCurve):
                pts = [(px + mb_x0, y(py)) for px, py in o.pts]
                for (ax, ay), (bx, by) in itertools.pairwise(pts):
                    if ax == bx or ay == by:
                        edges.append(
                            Edge(
                                min(ax, bx),
                                min(ay, by),
                                max(ax, bx),
                                max(ay, by),
                                "v" if ax == bx else "h",
                            )
                        )
            elif isinstance(o, LTContainer):
                walk(o._objs)

    walk(p.layout._objs)
    return chars, edges


def group_words(chars: list[Char], x_tol: float = 2.0, y_tol: float = 2.0) -> list[Word]:
    """Characters (in content-stream order) -> words, split at spaces, at gaps
    wider than ``x_tol`` and at line changes (pdfplumber's rule and tolerances)."""
    words: list[Word] = []
    buf: list[Char] = []

    def flush() -> None:
        if buf:
            words.append(
                Word(
                    "".join(c[0] for c in buf),
                    min(c[1] for c in buf),
                    min(c[2] for c in buf),
                    max(c[3] for c in buf),
                    max(c[4] for c in buf),
                )
            )
            buf.clear()

    for c in chars:
        if c[0].isspace():
            flush()
            continue
        if buf:
            last = buf[-1]
            if abs(c[2] - last[2]) > y_tol or c[1] - last[3] > x_tol or c[1] < last[1] - x_tol:
                flush()
        buf.append(c)
    flush()
    return words


def _is_garbage(text: str) -> bool:
    """True when the text layer is unusable: unmapped glyphs or mostly symbols."""
    if not text:
        return True
    cid = sum(len(m) for m in _CID.findall(text))
    if cid > 0.3 * len(text):
        return True
    alnum = sum(ch.isalnum() for ch in text)
    replacement = text.count("\ufffd")
    return alnum < 0.5 * len(text) or replacement > 0.1 * len(text)
