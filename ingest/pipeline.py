"""One input file -> its dataset rows: sniff, read pages, parse, normalise.

Every failure ends up in the document's ``status``/``error``; nothing here raises
for bad input, so a batch always carries on.
"""

from __future__ import annotations

import hashlib
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from domain.records import DocumentRecord, DocumentResult, SourceKind
from domain.structure import Line, ParsedDocument, Table
from ingest.sniff import InputError, sniff
from normalize.document import normalize_document
from normalize.noise import make_context
from parsers.layout import LayoutState, page_items
from parsers.segment import segment

log = logging.getLogger(__name__)

PIPELINE_VERSION = "0.3.0"
"""Bump when output for the same input changes; batches re-ingest older rows."""


@dataclass(frozen=True, slots=True)
class Options:
    dpi: int = 300
    ocr_lang: str = "ind+eng"
    ocr: bool = True
    """OCR pages without a text layer (scans). Off: such pages are reported as not read."""
    max_pages: int = 2000
    workers: int = 2
    """Processes OCR'ing pages in parallel."""


def doc_id_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def process_file(
    path: Path, source_path: str | None = None, options: Options | None = None
) -> DocumentResult:
    """Run the whole pipeline on one file. Never raises for bad input."""
    options = options or Options()
    source_path = source_path if source_path is not None else str(path)
    try:
        doc_id = doc_id_of(path)
    except OSError as exc:
        doc = DocumentRecord(
            doc_id=hashlib.sha256(source_path.encode()).hexdigest()[:16], source_path=source_path
        )
        return _failed(doc, f"cannot read file: {exc.strerror or exc}")
    doc = DocumentRecord(doc_id=doc_id, source_path=source_path)
    try:
        kind = sniff(path)
        if kind == "pdf":
            parsed, source_kind = read_pdf(path, options)
        elif kind == "image":
            parsed, source_kind = read_image(path, options)
        else:
            parsed, source_kind = read_text(path)
    except InputError as exc:
        return _failed(doc, str(exc))
    except Exception as exc:  # a bug or an unforeseen file: report it, keep the batch going
        log.error("internal error on %s\n%s", source_path, traceback.format_exc())
        return _failed(doc, f"internal error while reading: {type(exc).__name__}: {exc}")
    doc.source_kind = source_kind
    doc.pages = parsed.pages
    try:
        result = normalize_document(parsed, doc, make_context(parsed, source_kind))
    except Exception as exc:
        log.error("internal error on %s\n%s", source_path, traceback.format_exc())
        return _failed(doc, f"internal error while normalising: {type(exc).__name__}: {exc}")
    _set_status(result, parsed)
    return result


def _failed(doc: DocumentRecord, error: str) -> DocumentResult:
    doc.status = "failed"
    doc.error = error
    return DocumentResult(document=doc)


def _set_status(result: DocumentResult, parsed: ParsedDocument) -> None:
    doc = result.document
    problems = [parsed.failed_pages[p] for p in sorted(parsed.failed_pages)]
    if not result.indicators:
        if problems and len(parsed.failed_pages) >= parsed.pages:
            doc.status, doc.error = "failed", "; ".join(problems)
        else:
            doc.status = "failed"
            what = "no IKI/IKU indicator table found"
            doc.error = f"{what}; " + "; ".join(problems) if problems else what
        return
    if problems:
        doc.status, doc.error = "partial", "; ".join(problems)


# -- input adapters -----------------------------------------------------------------------


def read_pdf(path: Path, options: Options) -> tuple[ParsedDocument, SourceKind]:
    """PDF -> structure: text-layer pages through pdfplumber, the others by OCR."""
    from ingest.pdf_text import open_pdf, read_page

    failed: dict[int, str] = {}
    scanned: list[int] = []
    items: list[Line | Table] = []
    state = LayoutState()
    with open_pdf(path) as pdf:
        n = len(pdf.pages)
        if n > options.max_pages:
            raise InputError(
                f"PDF has {n} pages, more than the limit of {options.max_pages} (--max-pages)"
            )
        for i in range(n):
            # one page at a time, laid out at once, so memory stays flat
            page = read_page(pdf, i)
            if page.source == "failed":
                failed[page.number] = page.error or f"page {page.number}: unreadable"
            elif page.source == "ocr":
                scanned.append(page.number)
            else:
                items.extend(page_items(page, state))
    if scanned:
        ocr_pages = _ocr_pdf_pages(path, scanned, options, failed)
        items = _merge_by_page(items, ocr_pages)
    parsed = segment(items, pages=n)
    parsed.failed_pages = failed
    parsed.scanned_pages = scanned
    kind: SourceKind = "pdf-scan" if scanned and len(scanned) * 2 >= n else "pdf-text"
    return parsed, kind


def _merge_by_page(
    items: list[Line | Table], extra: dict[int, list[Line | Table]]
) -> list[Line | Table]:
    pages: dict[int, list[Line | Table]] = {}
    for it in items:
        pages.setdefault(it.page, []).append(it)
    for p, its in extra.items():
        pages[p] = its
    return [it for p in sorted(pages) for it in pages[p]]


OcrHook = Callable[[Path, list[int], Options, dict[int, str]], dict[int, list[Line | Table]]]


def _ocr_pdf_pages(
    path: Path, pages: list[int], options: Options, failed: dict[int, str]
) -> dict[int, list[Line | Table]]:
    if not options.ocr:
        for p in pages:
            failed[p] = f"page {p}: no text layer (scanned) and OCR is off"
        return {}
    try:
        from ingest.scan import ocr_pdf_pages
    except ImportError:
        for p in pages:
            failed[p] = f"page {p}: no text layer (scanned); OCR is not available"
        return {}
    return ocr_pdf_pages(path, pages, options, failed)


def read_image(path: Path, options: Options) -> tuple[ParsedDocument, SourceKind]:
    try:
        from ingest.scan import ocr_image_file
    except ImportError as exc:
        raise InputError("image input needs the OCR path, which is not available") from exc
    return ocr_image_file(path, options), "image"


def read_text(path: Path) -> tuple[ParsedDocument, SourceKind]:
    from ingest.textdump import parse_text_dump

    return parse_text_dump(path), "text"
