"""Speed and memory of the pipeline.

Born-digital PDFs: pages per second of the whole pipeline (one process) next to
pdfplumber's bare ``extract_tables()`` on the same files in the same run, and
peak memory of the pipeline on long generated decrees (30 / 100 / 300 pages),
each in a fresh process, to show whether memory grows with pages.

Scans: seconds per page of the whole pipeline (rasterise, orientation, clean-up,
ruling lines, OCR, parsing, normalising) next to the bare ``tesseract`` CLI on the
same page images (same dpi, languages, ``OMP_THREAD_LIMIT=1``), in the same run,
wall-clock and CPU, their ratio, the speed-up from 1 to 2 workers, and where the
pipeline's time goes. The OCR cache is off for every timing (``IKI_OCR_CACHE=0``);
spaCy and the lexicon are loaded before timing (start-up shown apart). Details in
``benchmarks/scan_timing.py``.

    .venv/bin/python benchmarks/speed.py                 # both parts
    .venv/bin/python benchmarks/speed.py --part pdf
    .venv/bin/python benchmarks/speed.py --part scan --scan samples/scans/sampang-medium.pdf
    .venv/bin/python benchmarks/speed.py --part scan --rounds 3   # best of 3 (busy machine)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))
os.environ["IKI_OCR_CACHE"] = "0"

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

console = Console(width=160)

_MEMORY_CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from ingest.pipeline import process_file
t = time.perf_counter()
r = process_file(Path({path!r}))
dt = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"pages": r.document.pages, "rows": len(r.indicators), "seconds": dt,
                  "status": r.document.status, "peak_mb": peak}}))
"""


def _extract_tables_rate(path: Path) -> tuple[int, float]:
    import pdfplumber

    t = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        n = len(pdf.pages)
        for p in pdf.pages:
            p.extract_tables()
            p.close()
    return n, time.perf_counter() - t


def born_digital(pdfs: list[Path], big_pages: list[int]) -> None:
    from generate import make_big_pdf  # samples/generate.py

    from ingest.pipeline import process_file

    tmp = Path(tempfile.mkdtemp(prefix="iki-speed-"))
    bigs = {n: make_big_pdf(tmp / f"big{n}.pdf", n).path for n in big_pages}
    t0 = time.perf_counter()
    process_file(pdfs[0])  # loads spaCy, the lexicon: once per process
    startup = time.perf_counter() - t0
    table = Table(title="Born-digital PDFs, one process (same run)")
    for col in (
        "file",
        "pages",
        "extract_tables() p/s",
        "pipeline p/s",
        "pipeline / extract_tables time",
    ):
        table.add_column(col, justify="right" if col != "file" else "left")
    total_pages = total_pipe = total_bare = 0.0
    for path in [*pdfs, bigs[max(big_pages)]]:
        n, bare = _extract_tables_rate(path)
        t = time.perf_counter()
        process_file(path)
        pipe = time.perf_counter() - t
        total_pages += n
        total_pipe += pipe
        total_bare += bare
        table.add_row(
            path.name, str(n), f"{n / bare:.1f}", f"{n / pipe:.1f}", f"{pipe / bare:.2f}x"
        )
    table.add_row(
        "all",
        f"{total_pages:.0f}",
        f"{total_pages / total_bare:.1f}",
        f"{total_pages / total_pipe:.1f}",
        f"{total_pipe / total_bare:.2f}x",
    )
    console.print(table)
    console.print(
        f"one-time start-up (spaCy pipeline, lexicon) in the first document: {startup:.1f} s"
    )

    mem = Table(title="Peak memory of one process ingesting a long decree")
    for col in ("pages", "indicator rows", "seconds", "pages/s", "peak RSS MB"):
        mem.add_column(col, justify="right")
    for n in big_pages:
        code = _MEMORY_CHILD.format(root=str(ROOT), path=str(bigs[n]))
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        mem.add_row(
            str(r["pages"]),
            str(r["rows"]),
            f"{r['seconds']:.1f}",
            f"{r['pages'] / r['seconds']:.1f}",
            f"{r['peak_mb']:.0f}",
        )
    console.print(mem)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--part", choices=["pdf", "scan", "all"], default="all")
    ap.add_argument(
        "--big", type=int, nargs="+", default=[30, 100, 300], help="pages of generated decrees"
    )
    ap.add_argument(
        "--scan", type=Path, nargs="+", help="scanned PDFs to time (default: medium scans)"
    )
    ap.add_argument("--max-pages", type=int, default=8, help="scan pages to time per file")
    ap.add_argument(
        "--rounds", type=int, default=1, help="scan timings: repeat, interleaved; best kept"
    )
    args = ap.parse_args(argv)
    if args.part in ("pdf", "all"):
        pdfs = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))
        born_digital(pdfs, args.big)
    if args.part in ("scan", "all"):
        from scan_timing import scans  # benchmarks/scan_timing.py, beside this file

        scans(args.scan, args.max_pages, console, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
