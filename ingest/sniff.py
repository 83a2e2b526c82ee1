"""Decide what kind of input a file is from its bytes, not its name."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

InputKind = Literal["pdf", "image", "text"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | IMAGE_SUFFIXES | PDF_SUFFIXES

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
    b"RIFF",
)


class InputError(Exception):
    """The file cannot be read as any supported input; the message says why."""


def sniff(path: Path) -> InputKind:
    """Classify ``path`` as pdf, image or text by its content.

    Raises :class:`InputError` with a clear message for empty files, HTML or other
    content behind a misleading extension, and binary files of unknown type.
    """
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file (0 bytes)")
    with path.open("rb") as fh:
        head = fh.read(2048)
    suffix = path.suffix.lower()
    if head.lstrip(b"\x00\t\r\n \xef\xbb\xbf")[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_IMAGE_MAGIC):
        if head.startswith(b"RIFF") and head[8:12] != b"WEBP":
            raise InputError("not a supported image (RIFF container that is not WebP)")
        return "image"
    sample = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in sample[:512]:
        what = "HTML" if b"html" in sample[:512] else "XML"
        if suffix in PDF_SUFFIXES:
            raise InputError(f"not a PDF: the file is {what} with a .pdf name")
        raise InputError(f"unsupported input: {what} document")
    if suffix in PDF_SUFFIXES:
        raise InputError("not a PDF: no %PDF- header (corrupt or another format)")
    if suffix in IMAGE_SUFFIXES:
        raise InputError("not a readable image: unknown image signature")
    if _looks_like_text(head):
        return "text"
    raise InputError("unsupported input: binary file of unknown type")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is fine.
        if exc.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    return True
