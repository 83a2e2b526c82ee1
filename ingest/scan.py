"""The OCR path: scanned PDF pages and image files -> lines and tables.

"One structure, two sources": every scanned page becomes a
:class:`domain.pages.Page` (``source="ocr"``) of tesseract words and OpenCV ruling
lines in PDF points on the upright page, and goes through the same
:func:`parsers.layout.page_items` as a born-digital page.

Per page, in a worker process (one task = one page, rasterised exactly once):
rasterise -> orientation / contrast / denoise / deskew (:mod:`ingest.preprocess`)
-> ruling lines (:mod:`parsers.cv_lines`), erased from the image -> tesseract
words (:mod:`ingest.ocr`, cached). Layout runs in the main process in page
order with one :class:`parsers.layout.LayoutState`, so tables continue over
pages. A page that fails is reported, never raised: the others still come out.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import cv2
import numpy as np

from domain.pages import Page, Word
from domain.structure import Line, ParsedDocument, Table
from ingest import cell_ocr, missed_text, ocr, preprocess, raster, speck_marks
from ingest.procpool import forked_pool
from ingest.sniff import InputError
from parsers import cv_lines
from parsers.layout import LayoutState, page_items
from parsers.segment import segment

if TYPE_CHECKING:
    from ingest.pipeline import Options

log = logging.getLogger(__name__)

PSM = 4
"""Tesseract page segmentation mode. Word recall at the right place against the
text layer (rules erased, grayscale input), and debris words (no letter or digit,
matching nothing):

- 5 rendered table pages (Sampang, Barito Kuala, Kapuas Hulu, Tanjung Seruni,
  Kutai Kartanegara): psm 3 0.964 / 31 debris, psm 4 0.974 / 42, psm 6 0.975 /
  40, psm 11 0.930 / 17;
- 45 pages of the sample scans (3 per file), after :func:`clean_words`: psm 3
  0.926 / 187, psm 4 0.930 / 207, psm 6 0.939 / 633; row numbers standing alone
  in a No column: psm 3 finds 148 of 195, psm 4 178, psm 6 177 (psm 3's layout
  analysis drops lone short tokens as noise, and a lost number merges rows).

End to end (row F1 against the truth, all five sample scans per level): light
0.978 with psm 3 or 4; medium 0.867 (psm 3) vs 0.874 (psm 4); heavy 0.538 vs
0.585. psm 6 floods cells with punctuation from specks; 11 drops words."""

OCR_CELLS = True
"""Read each cell closed by ruling lines on its own (:mod:`ingest.cell_ocr`), then
the rest of the page. All sample scans (``benchmarks/accuracy.py``), against
reading each page whole with the same normalising: row F1 heavy 0.880 vs 0.860
(light and medium 1.000 / 0.998 both ways); field accuracy light 0.964 vs 0.956,
medium 0.917 vs 0.915, heavy 0.764 vs 0.746. Later steps in :mod:`ingest.cell_ocr`
(specks painted out, glyphs cut by an edge, a lone slash) took medium field
accuracy to 0.949 and heavy row F1 to 0.906."""

DESPECKLE_PAGE = True
"""Paint out specks far from any glyph before the page pass, as in each cell."""

ERASE_RULES = True
"""Paint detected ruling lines white before OCR. Rendered table pages, psm 3:
recall 0.964 vs 0.959 and debris 31 vs 62 without erasing; on the degraded scans
it is neutral (0.914 vs 0.915). Grayscale beats our binarisation as tesseract's
input (0.948 vs 0.942 on noisy pages), so the binary is only used for rules."""


@dataclass(frozen=True, slots=True)
class PageTask:
    """One page to OCR: a PDF page (``kind="pdf"``) or an image frame."""

    kind: Literal["pdf", "image"]
    path: str
    number: int
    """1-based page number in the document."""
    dpi: float
    """Render resolution for PDF pages; for images (read at their own dpi), the
    resolution a clean low-resolution image is enlarged to."""
    lang: str = "ind+eng"
    psm: int | None = None
    """Tesseract --psm; None: :data:`PSM`."""
    timeout: float = ocr.OCR_TIMEOUT
    source_dpi: float | None = None
    """Resolution the page was scanned at (a PDF page's image); None: unknown."""


@dataclass(slots=True)
class PageResult:
    page: Page
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# -- one page (runs in a worker) --------------------------------------------------------------


def scan_page(task: PageTask) -> PageResult:
    """Rasterise, clean up and OCR one page. Never raises: a failure comes back
    as a ``failed`` Page whose error says which step failed and why."""
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        timings[name] = now - t
        t = now

    n = task.number
    try:
        if task.kind == "pdf":
            img = raster.render_pdf_page(Path(task.path), n, task.dpi)
        else:
            img = raster.read_image_frame(Path(task.path), n - 1)
            task = replace(task, source_dpi=img.dpi)
            gray, dpi = preprocess.upscale_if_clean(img.gray, img.dpi, task.dpi)
            img = raster.Raster(gray, dpi)
    except raster.RasterError as exc:
        return PageResult(_failed(n, f"rasterisation failed ({exc})"), timings)
    except Exception as exc:
        log.debug("page %s: rasterise\n%s", n, traceback.format_exc())
        return PageResult(
            _failed(n, f"rasterisation failed ({type(exc).__name__}: {exc})"), timings
        )
    lap("rasterise")
    try:
        return _ocr_raster(img, task, timings, lap)
    except ocr.OcrError as exc:
        return PageResult(_failed(n, f"OCR failed ({exc})"), timings)
    except Exception as exc:  # a bug or an unforeseen image: this page only
        log.debug("page %s: OCR\n%s", n, traceback.format_exc())
        return PageResult(_failed(n, f"OCR failed ({type(exc).__name__}: {exc})"), timings)


def _ocr_raster(
    img: raster.Raster, task: PageTask, timings: dict[str, float], lap: Callable[[str], None]
) -> PageResult:
    """Prepare, find rules, OCR: a Page in PDF points on the upright page."""
    dpi = img.dpi
    prep = preprocess.prepare(img.gray, dpi)
    ink, strokes = cv_lines.rule_ink(prep.gray, dpi)
    rules = cv_lines.detect_rules(ink, dpi, strokes)
    seen = prep.gray if prep.ocr_gray is None else prep.ocr_gray
    image = cv_lines.erase_rules(seen, rules) if ERASE_RULES else seen
    lap("preprocess")
    timings.update(prep.timings)
    psm = task.psm if task.psm is not None else PSM
    config = ocr.OcrConfig(lang=task.lang, psm=psm, dpi=round(dpi), timeout=task.timeout)
    if OCR_CELLS:
        cells = cell_ocr.closed_cells(rules.segments, image.shape, dpi)
        pix, read = cell_ocr.ocr_cells(image, cells, config)
        blank = cell_ocr.blank_cells(image, read)
        if DESPECKLE_PAGE:
            blank = cell_ocr.despeckled(blank, round(dpi))
        pix += ocr.ocr_words(blank, config)
        pix += missed_text.read_unread(blank, pix, rules.segments, config)
    else:
        pix = ocr.ocr_words(image, config)
    lap("ocr")
    k = 72.0 / dpi
    words = [
        Word(w.text, w.left * k, w.top * k, (w.left + w.width) * k, (w.top + w.height) * k, w.conf)
        for w in clean_words(_trimmed(pix, image, task.source_dpi))
    ]
    h, w = prep.gray.shape[:2]
    page = Page(
        number=task.number,
        width=w * k,
        height=h * k,
        source="ocr",
        words=words,
        edges=cv_lines.to_edges(rules.segments, dpi),
        rotation=prep.rotation,
    )
    notes = [*prep.notes]
    if prep.rotation:
        notes.append(f"turned {prep.rotation} degrees ({prep.orientation_by})")
    if prep.skew:
        notes.append(f"deskewed {prep.skew:+.2f} degrees")
    return PageResult(page, timings, notes)


MARK_DPI = 200.0
"""Scans from this resolution up have their specks told from printed stops by
size (:mod:`ingest.speck_marks`). Below it a body-text stop is 2-3 pixels across,
as small as the specks: at 150 dpi (the heavy sample scans) the ink areas of
printed stops and of specks read as stops overlap over most of their range."""

_RULE_DEBRIS = frozenset("|¦_—–[]")
"""Characters tesseract makes of ruling-line remnants (a broken rule the detector
did not erase, the end of a rule touching a glyph)."""

JUNK_CONF = 50.0
"""A word without letters or digits below this confidence is dropped. Measured on
the first three pages of each degraded sample scan: it removes 140 of 535
debris words (specks read as ``.`` ``:`` ``'``) and 4 of 232 real ones."""


def _trimmed(
    words: list[ocr.PixWord], image: np.ndarray, source_dpi: float | None
) -> list[ocr.PixWord]:
    """``words`` without the end marks that are specks, where the scan is sharp
    enough to tell (:data:`MARK_DPI`)."""
    if source_dpi is None or source_dpi < MARK_DPI:
        return words
    return speck_marks.trim_speck_marks(words, image)


def clean_words(words: list[ocr.PixWord]) -> list[ocr.PixWord]:
    """Drop OCR debris: words made only of rule-remnant characters (``|`` alone is
    201 of the 535 debris words above, and none of the real ones), words
    without letters or digits below :data:`JUNK_CONF`, and tiny punctuation lying
    inside another word's box (tesseract 5 sometimes reports the dots of i and j
    as extra words: "Kesejahteraan . Sosial , PMKS" on the rendered Sampang
    table; real punctuation sits beside a word, not inside it).

    Rule-remnant characters in a box the size of a word are kept: a remnant of a
    rule is thin one way or the other, so that is a word tesseract could not read
    (a speck above "Anggota" made it box the two together and read "—", with
    confidence 66), and the row must show the debris rather than silently lose
    the word."""
    heights = [w.height for w in words if sum(ch.isalpha() for ch in w.text) >= 3]
    word_h = float(np.median(heights)) if heights else 0.0
    out = []
    for w in words:
        if any(ch.isalnum() for ch in w.text):
            out.append(w)
            continue
        if set(w.text) <= _RULE_DEBRIS:
            if word_h and w.height >= word_h and w.width >= 2 * word_h:
                out.append(w)  # an unreadable word (see above)
            continue
        if w.conf < JUNK_CONF:
            continue
        if any(
            o is not w and o.width * o.height > 4 * w.width * w.height and _covered(w, o) >= 0.7
            for o in words
        ):
            continue
        out.append(w)
    return out


def _covered(a: ocr.PixWord, b: ocr.PixWord) -> float:
    """Share of ``a``'s box inside ``b``'s."""
    ix = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    iy = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    if ix <= 0 or iy <= 0:
        return 0.0
    return ix * iy / max(1, a.width * a.height)


def _failed(number: int, why: str) -> Page:
    return Page(number, 0.0, 0.0, "failed", error=f"page {number}: {why}")


# -- many pages -------------------------------------------------------------------------------


def _init_worker() -> None:
    """Worker processes: tesseract and OpenCV single-threaded (pages are the unit
    of parallelism; OpenMP threads on top only contend for the same cores)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)


def _pool(workers: int) -> contextlib.AbstractContextManager[ProcessPoolExecutor]:
    """Page workers: forked (:func:`ingest.procpool.forked_pool`), tesseract and
    OpenCV single-threaded in each."""
    return forked_pool(workers, _init_worker)


def scan_pages(tasks: list[PageTask], workers: int) -> Iterator[PageResult]:
    """Results of ``tasks`` in task order, pages in parallel across ``workers``
    processes. A worker that dies (out of memory, a crash in a library) fails
    only its page: the pages it left are retried one per fresh process."""
    if not tasks:
        return
    workers = max(1, min(workers, len(tasks)))
    if workers == 1:
        for task in tasks:
            yield scan_page(task)
        return
    with _pool(workers) as pool:
        futures: list[Future[PageResult]] = [pool.submit(scan_page, t) for t in tasks]
        try:
            for task, fut in zip(tasks, futures, strict=True):
                try:
                    yield fut.result()
                except BrokenProcessPool:
                    yield _isolated(task)
                except Exception as exc:
                    why = f"OCR failed ({type(exc).__name__}: {exc})"
                    yield PageResult(_failed(task.number, why))
        finally:  # abandoned early (interrupt): do not OCR the rest
            for fut in futures:
                fut.cancel()


def _isolated(task: PageTask) -> PageResult:
    """Run one page in a process of its own (after a worker crash)."""
    try:
        with _pool(1) as pool:
            return pool.submit(scan_page, task).result()
    except BrokenProcessPool:
        return PageResult(_failed(task.number, "OCR failed (the OCR process crashed)"))


def _layout(results: Iterator[PageResult], failed: dict[int, str]) -> dict[int, list[Line | Table]]:
    state = LayoutState()
    out: dict[int, list[Line | Table]] = {}
    for res in results:
        page = res.page
        if page.source == "failed":
            failed[page.number] = page.error or f"page {page.number}: OCR failed"
            continue
        if res.notes:
            log.debug("page %s: %s", page.number, "; ".join(res.notes))
        try:
            out[page.number] = page_items(page, state)
        except Exception as exc:  # layout bug on an odd page: report it, keep the rest
            log.error("page %s layout\n%s", page.number, traceback.format_exc())
            failed[page.number] = f"page {page.number}: layout failed ({type(exc).__name__}: {exc})"
    return out


# -- entry points (called by ingest.pipeline) ----------------------------------------------------


def ocr_pdf_pages(
    path: Path, pages: list[int], options: Options, failed: dict[int, str]
) -> dict[int, list[Line | Table]]:
    """OCR the given 1-based ``pages`` of a PDF; returns ``{page: items}`` and
    records pages that could not be read in ``failed``."""
    if not pages:
        return {}
    sizes = raster.pdf_page_sizes(path, min(pages), max(pages))
    scanned_at = raster.pdf_image_ppi(path, min(pages), max(pages))
    tasks = [
        PageTask(
            "pdf",
            str(path),
            p,
            raster.render_dpi(sizes.get(p), float(options.dpi)),
            lang=options.ocr_lang,
            source_dpi=scanned_at.get(p),
        )
        for p in sorted(pages)
    ]
    return _layout(scan_pages(tasks, options.workers), failed)


def ocr_image_file(path: Path, options: Options) -> ParsedDocument:
    """OCR an image file (PNG, JPEG, multi-page TIFF ...) into a ParsedDocument."""
    try:
        n = raster.image_frame_count(path)
    except raster.RasterError as exc:
        raise InputError(str(exc)) from exc
    if n > options.max_pages:
        raise InputError(
            f"image has {n} frames, more than the limit of {options.max_pages} (--max-pages)"
        )
    dpi = float(options.dpi)
    tasks = [PageTask("image", str(path), i + 1, dpi, lang=options.ocr_lang) for i in range(n)]
    failed: dict[int, str] = {}
    by_page = _layout(scan_pages(tasks, options.workers), failed)
    items = [it for p in sorted(by_page) for it in by_page[p]]
    parsed = segment(items, pages=n)
    parsed.failed_pages = failed
    parsed.scanned_pages = list(range(1, n + 1))
    return parsed
