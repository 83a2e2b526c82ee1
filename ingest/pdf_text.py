"""Read PDF pages through their text layer with pdfplumber.

Each page becomes a :class:`domain.pages.Page` of words and ruling-line edges.
Pages without a usable text layer are returned with ``source="ocr"`` pending, so
the scan path can take them; a page that cannot be parsed at all is ``failed``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
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
        chars = p.chars
        visible = [c for c in chars if not c["text"].isspace()]
        text = "".join(c["text"] for c in visible)
        if len(visible) < MIN_TEXT_CHARS or _is_garbage(text):
            return Page(number, width, height, "ocr")
        words = [
            Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
            for w in p.extract_words(x_tolerance=2, y_tolerance=2, keep_blank_chars=False)
        ]
        edges = [
            Edge(
                float(e["x0"]),
                float(e["top"]),
                float(e["x1"]),
                float(e["bottom"]),
                e["orientation"],
            )
            for e in p.edges
            if e.get("orientation") in ("h", "v")
        ]
        return Page(number, width, height, "text", words=words, edges=edges)
    except Exception as exc:  # pdfminer raises many kinds on damaged content streams
        log.debug("page %s failed", number, exc_info=True)
        return Page(number, 0, 0, "failed", error=f"page {number}: unreadable ({_describe(exc)})")
    finally:
        p.close()


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
