"""Text dumps (``.txt``/``.md``): OCR output or document conversions.

Markdown/TSV conversions keep their tables (:mod:`parsers.markdown`); raw OCR text
of a scan, whose tables were flattened into interleaved lines, goes to the
recovery parser (:mod:`parsers.flattened`).
"""

from __future__ import annotations

from pathlib import Path

from domain.structure import ParsedDocument, Table
from ingest.sniff import InputError
from parsers.markdown import parse_markdown
from parsers.segment import segment


def decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_text_dump(path: Path) -> ParsedDocument:
    text = decode(path.read_bytes())
    if not text.strip():
        raise InputError("empty text file (whitespace only)")
    items = parse_markdown(text)
    if any(isinstance(it, Table) for it in items):
        return segment(items, pages=1)
    from parsers.flattened import parse_flattened

    return parse_flattened(text)
