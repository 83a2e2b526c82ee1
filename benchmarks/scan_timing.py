"""Scan timing for ``benchmarks/speed.py``: the whole pipeline against the bare
``tesseract`` CLI on the same page images, and 1 vs 2 workers, in one run.

What is compared, per document (its first ``--max-pages`` pages):

- bare: ``tesseract page.pgm out -l LANG --dpi DPI`` (CLI defaults otherwise:
  ``--psm 3``, text output), ``OMP_THREAD_LIMIT=1``, on each page image as the
  pipeline renders it (same dpi, stamps dropped); rendering is not timed;
- pipeline: :func:`ingest.pipeline.process_file` on the same pages (a PDF of just
  those pages): render, orientation (OSD when needed), clean-up, ruling lines,
  tesseract (``--psm 4``, TSV, through the libtesseract helper process of
  :mod:`ingest.ocr`, started afresh for every document and timed), layout,
  parsing, normalising, metadata; OCR cache off; spaCy and the lexicon loaded
  beforehand (their one-time start-up is shown apart, as a batch pays it once);
- with 1 worker and with 2.

Each measure is taken in every round, interleaved (bare, 1 worker, 2 workers per
document), and the best round kept. Both wall-clock and CPU seconds (this process
and its waited-for children: pdftoppm, tesseract, the helper) are shown: on a
shared machine wall-clock swings with other jobs, CPU seconds less, so the ratio
is given in both. With 2 workers only wall-clock is shown (the workers' helpers
are not waited for by this process, so their CPU would be missed).
"""

from __future__ import annotations

import os
import resource
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import cv2
from pypdf import PdfReader, PdfWriter
from rich.console import Console
from rich.table import Table

import ingest.scan
from ingest import ocr
from ingest.pipeline import Options, process_file
from ingest.raster import render_pdf_page

ROOT = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class Spent:
    """Wall-clock and CPU seconds of one measure."""

    wall: float = 0.0
    cpu: float = 0.0

    def best(self, other: Spent) -> Spent:
        return Spent(min(self.wall, other.wall), min(self.cpu, other.cpu))

    def __add__(self, other: Spent) -> Spent:
        return Spent(self.wall + other.wall, self.cpu + other.cpu)


def _cpu(children_only: bool = False) -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = kids.ru_utime + kids.ru_stime
    if not children_only:
        me = resource.getrusage(resource.RUSAGE_SELF)
        total += me.ru_utime + me.ru_stime
    return total


@contextmanager
def _timed(children_only: bool = False) -> Iterator[Spent]:
    out = Spent()
    c, t = _cpu(children_only), time.perf_counter()
    try:
        yield out
    finally:
        out.wall, out.cpu = time.perf_counter() - t, _cpu(children_only) - c


def _subset(src: Path, pages: int, dst: Path) -> int:
    reader = PdfReader(src)
    writer = PdfWriter()
    n = min(pages, len(reader.pages))
    for i in range(n):
        writer.add_page(reader.pages[i])
    with dst.open("wb") as fh:
        writer.write(fh)
    return n


def _page_images(pdf: Path, n: int, dpi: int, tmp: Path) -> list[Path]:
    """The page images the pipeline OCRs from, as PGM (what it hands tesseract)."""
    out = []
    for page in range(1, n + 1):
        img = render_pdf_page(pdf, page, dpi)
        path = tmp / f"{pdf.stem}-p{page}.pgm"
        cv2.imwrite(str(path), img.gray)
        out.append(path)
    return out


def _bare_tesseract(images: list[Path], dpi: int, lang: str, tmp: Path) -> Spent:
    """The tesseract CLI alone on each page image, one at a time, OpenMP off as in
    the pipeline; CPU of the tesseract processes only."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with _timed(children_only=True) as spent:
        for png in images:
            subprocess.run(
                ["tesseract", str(png), str(tmp / "out"), "-l", lang, "--dpi", str(dpi)],
                env=env,
                capture_output=True,
                check=True,
            )
    return spent


@contextmanager
def _step_timings(into: dict[str, float]) -> Iterator[None]:
    """Add up the per-step seconds :func:`ingest.scan.scan_page` reports (1 worker:
    pages run in this process)."""
    original: Callable[[ingest.scan.PageTask], ingest.scan.PageResult] = ingest.scan.scan_page

    def timed(task: ingest.scan.PageTask) -> ingest.scan.PageResult:
        res = original(task)
        for k, v in res.timings.items():
            into[k] += v
        return res

    ingest.scan.scan_page = timed
    try:
        yield
    finally:
        ingest.scan.scan_page = original


def _pipeline(pdf: Path, workers: int, steps: dict[str, float] | None = None) -> Spent:
    with _timed() as spent:
        if steps is None:
            process_file(pdf, options=Options(workers=workers))
        else:
            with _step_timings(steps):
                process_file(pdf, options=Options(workers=workers))
        # end this process's tesseract helper inside the timing: its CPU is counted
        # once it is reaped, and each document pays the helper's start-up
        ocr.stop_engine()
    return spent


def scans(paths: list[Path] | None, max_pages: int, console: Console, rounds: int = 1) -> None:
    os.environ["IKI_OCR_CACHE"] = "0"
    paths = paths or sorted((ROOT / "samples" / "scans").glob("*-medium.pdf"))[:2]
    if not paths:
        console.print("no scans: run `python samples/degrade.py` first")
        return
    opts = Options()
    tmp = Path(tempfile.mkdtemp(prefix="iki-scan-speed-"))
    texts = sorted((ROOT / "samples" / "text").glob("*.txt"))
    with _timed() as startup:
        if texts:  # loads spaCy and the lexicon, as the first document of a batch does
            process_file(texts[0])

    subsets = []
    for path in paths:
        sub = tmp / path.name
        n = _subset(path, max_pages, sub)
        subsets.append((path, sub, n, _page_images(sub, n, opts.dpi, tmp)))

    inf = Spent(float("inf"), float("inf"))
    best: dict[tuple[str, str], Spent] = defaultdict(lambda: inf)
    steps: dict[str, float] = defaultdict(float)
    first_one = 0.0  # 1-worker wall of the round whose steps are recorded
    for r in range(rounds):
        for path, sub, _n, images in subsets:
            measures = {
                "bare": _bare_tesseract(images, opts.dpi, opts.ocr_lang, tmp),
                "one": _pipeline(sub, 1, steps if r == 0 else None),
                "two": _pipeline(sub, 2),
            }
            if r == 0:
                first_one += measures["one"].wall
            for k, v in measures.items():
                best[path.name, k] = best[path.name, k].best(v)

    table = Table(
        title=(
            f"Scans: whole pipeline vs bare tesseract CLI on the same page images "
            f"({opts.dpi} dpi, -l {opts.ocr_lang}, OMP_THREAD_LIMIT=1, OCR cache off; "
            f"best of {rounds} round(s), same run)"
        )
    )
    for col in (
        "file",
        "pages",
        "tesseract s/page\nwall (CPU)",
        "pipeline 1 worker s/page\nwall (CPU)",
        "pipeline / tesseract\nwall (CPU)",
        "pipeline 2 workers\ns/page wall",
        "speed-up\n1 -> 2",
    ):
        table.add_column(col, justify="right" if col != "file" else "left")

    def row(name: str, n: int, bare: Spent, one: Spent, two: Spent) -> None:
        table.add_row(
            name,
            str(n),
            f"{bare.wall / n:.2f} ({bare.cpu / n:.2f})",
            f"{one.wall / n:.2f} ({one.cpu / n:.2f})",
            f"{one.wall / bare.wall:.2f}x ({one.cpu / bare.cpu:.2f}x)",
            f"{two.wall / n:.2f}",
            f"{one.wall / two.wall:.2f}x",
        )

    total = {k: Spent() for k in ("bare", "one", "two")}
    pages = 0
    for path, _sub, n, _images in subsets:
        got = {k: best[path.name, k] for k in total}
        row(path.name, n, got["bare"], got["one"], got["two"])
        total = {k: total[k] + got[k] for k in total}
        pages += n
    row("all", pages, total["bare"], total["one"], total["two"])
    console.print(table)

    where = Table(title="Where the pipeline's time goes: 1 worker, first round, wall s/page")
    where.add_column("step")
    where.add_column("s/page", justify="right")
    prep = steps["preprocess"]
    parts = {
        "rasterise (the page's JPEG, or pdftoppm; stamps dropped)": steps["rasterise"],
        "preparing the page, of which:": prep,
        "  orientation + skew estimate (no OSD)": steps["orient"],
        "  orientation by tesseract OSD (pages the estimate cannot tell)": steps["osd"],
        "  contrast, denoise, deskew": steps["clean"],
        "  ruling lines found and erased": prep - steps["orient"] - steps["osd"] - steps["clean"],
        "tesseract (ruled cells psm 6, rest of the page psm 4; libtesseract helper)": steps["ocr"],
        "layout, parsing, normalising, metadata (the rest)": first_one
        - steps["rasterise"]
        - prep
        - steps["ocr"],
    }
    for label, secs in parts.items():
        where.add_row(label, f"{secs / pages:.3f}")
    console.print(where)
    console.print(
        f"one-time start-up (spaCy pipeline, lexicon), paid by a batch's first document: "
        f"{startup.wall:.1f} s, not counted above"
    )
