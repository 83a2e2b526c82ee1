"""Scan timing for ``benchmarks/speed.py``: the whole pipeline against the bare
``tesseract`` CLI on the same page images, and 1 vs 2 workers, in one run."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

import cv2
from pypdf import PdfReader, PdfWriter
from rich.console import Console
from rich.table import Table

from ingest.pipeline import Options, process_file
from ingest.raster import render_pdf_page

ROOT = Path(__file__).resolve().parents[1]


def _subset(src: Path, pages: int, dst: Path) -> int:
    reader = PdfReader(src)
    writer = PdfWriter()
    n = min(pages, len(reader.pages))
    for i in range(n):
        writer.add_page(reader.pages[i])
    with dst.open("wb") as fh:
        writer.write(fh)
    return n


def _bare_tesseract(pdf: Path, n: int, dpi: int, lang: str, tmp: Path) -> float:
    """Seconds for the tesseract CLI alone on each page image (rendered first,
    not timed), one process at a time, OpenMP off as in the pipeline."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    total = 0.0
    for page in range(1, n + 1):
        img = render_pdf_page(pdf, page, dpi)
        png = tmp / f"p{page}.png"
        cv2.imwrite(str(png), img.gray)
        t = time.perf_counter()
        subprocess.run(
            ["tesseract", str(png), str(tmp / f"p{page}"), "-l", lang, "--dpi", str(int(img.dpi))],
            env=env,
            capture_output=True,
            check=True,
        )
        total += time.perf_counter() - t
    return total


def scans(paths: list[Path] | None, max_pages: int, console: Console) -> None:
    os.environ["IKI_OCR_CACHE"] = "0"
    paths = paths or sorted((ROOT / "samples" / "scans").glob("*-medium.pdf"))[:2]
    if not paths:
        console.print("no scans: run `python samples/degrade.py` first")
        return
    table = Table(
        title="Scans: whole pipeline vs bare tesseract on the same pages (same run, OCR cache off)"
    )
    for col in (
        "file",
        "pages",
        "tesseract CLI s/page",
        "pipeline 1 worker s/page",
        "pipeline / tesseract",
        "pipeline 2 workers s/page",
        "speed-up 1 -> 2",
    ):
        table.add_column(col, justify="right" if col != "file" else "left")
    tmp = Path(tempfile.mkdtemp(prefix="iki-scan-speed-"))
    opts = Options()
    totals = [0.0, 0.0, 0.0, 0]
    for path in paths:
        sub = tmp / path.name
        n = _subset(path, max_pages, sub)
        bare = _bare_tesseract(sub, n, opts.dpi, opts.ocr_lang, tmp)
        t = time.perf_counter()
        process_file(sub, options=Options(workers=1))
        one = time.perf_counter() - t
        t = time.perf_counter()
        process_file(sub, options=Options(workers=2))
        two = time.perf_counter() - t
        totals = [totals[0] + bare, totals[1] + one, totals[2] + two, totals[3] + n]
        table.add_row(
            path.name,
            str(n),
            f"{bare / n:.2f}",
            f"{one / n:.2f}",
            f"{one / bare:.2f}x",
            f"{two / n:.2f}",
            f"{one / two:.2f}x",
        )
    bare, one, two, n = totals
    table.add_row(
        "all",
        str(n),
        f"{bare / n:.2f}",
        f"{one / n:.2f}",
        f"{one / bare:.2f}x",
        f"{two / n:.2f}",
        f"{one / two:.2f}x",
    )
    console.print(table)
