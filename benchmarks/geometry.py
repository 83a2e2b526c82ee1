"""Page geometry of the degraded sample scans: quarter turn and skew found by
:func:`ingest.preprocess.prepare` against ``samples/scans/manifest.json``.

    .venv/bin/python benchmarks/geometry.py                       # every scan
    .venv/bin/python benchmarks/geometry.py --only kutai_kartanegara --level heavy -v

Conventions (``samples/SCANS.md``): a page stored turned clockwise by ``rotation``
is upright again after turning it clockwise by ``(360 - rotation) % 360``, which is
what ``Prepared.rotation`` must be. ``skew_deg`` is the counter-clockwise tilt
given to the content before the turn; ``Prepared.skew`` is the counter-clockwise
tilt it found and undid, so the residual is ``|skew - skew_deg|`` (on pages turned
the right way; a wrong turn makes it meaningless).

Pages are rendered at ``--dpi`` (300, as the pipeline does); only ``prepare`` is
timed (wall clock). The OCR cache is off unless ``--cache``, so tesseract's time
on doubtful pages counts; its helper process is started beforehand, as the
pipeline's OCR has it running anyway.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from ingest import ocr  # noqa: E402
from ingest.preprocess import prepare  # noqa: E402
from ingest.raster import render_pdf_page  # noqa: E402

SCANS = ROOT / "samples" / "scans"
LEVELS = ("light", "medium", "heavy")
HOWS = ("cheap", "osd", "read", "none")
COLUMNS = (
    "file",
    "pages",
    "rotation wrong",
    "decided by",
    "skew err mean°",
    "max°",
    "≥0.3°",
    "s/page",
    "max s",
)


@dataclass(slots=True)
class PageResult:
    page: int
    want_rot: int
    got_rot: int
    want_skew: float
    got_skew: float
    how: str
    seconds: float

    @property
    def rot_ok(self) -> bool:
        return self.want_rot == self.got_rot

    @property
    def residual(self) -> float:
        return abs(self.got_skew - self.want_skew)


@dataclass(slots=True)
class FileResult:
    name: str
    pages: list[PageResult] = field(default_factory=list)


def expected_rotation(stored: int) -> int:
    """Clockwise turn that undoes a page stored turned clockwise by ``stored``."""
    return (360 - stored) % 360


def run_file(path: Path, truth: list[dict], dpi: float, verbose: bool, con: Console) -> FileResult:
    res = FileResult(path.name)
    for entry in truth:
        n = int(entry["page"])
        raster = render_pdf_page(path, n, dpi)
        t0 = time.perf_counter()
        prep = prepare(raster.gray, raster.dpi)
        spent = time.perf_counter() - t0
        pr = PageResult(
            n,
            expected_rotation(int(entry["rotation"])),
            prep.rotation,
            float(entry["skew_deg"]),
            prep.skew,
            prep.orientation_by,
            spent,
        )
        res.pages.append(pr)
        if verbose:
            mark = "" if pr.rot_ok else f"  [red]ROTATION want {pr.want_rot}[/]"
            con.print(
                f"  {path.name} p{n:>2}: rot {pr.got_rot:>3} ({pr.how:<5}) "
                f"skew {pr.got_skew:+.2f} want {pr.want_skew:+.2f} "
                f"err {pr.residual:.2f}  {spent:.2f}s{mark}"
            )
    return res


def _row(name: str, pages: list[PageResult], list_pages: bool = True) -> list[str]:
    wrong = [p for p in pages if not p.rot_ok]
    residuals = [p.residual for p in pages if p.rot_ok]
    worst = max((p for p in pages if p.rot_ok), key=lambda p: p.residual, default=None)
    secs = [p.seconds for p in pages]
    hows = Counter(p.how for p in pages)
    bad = str(len(wrong))
    if wrong:
        bad = f"[red]{len(wrong)}[/]"
        if list_pages:
            bad += " (" + ", ".join(f"p{p.page} {p.got_rot}≠{p.want_rot}" for p in wrong) + ")"
    return [
        name,
        str(len(pages)),
        bad,
        " ".join(f"{k} {hows[k]}" for k in HOWS if hows[k]),
        f"{sum(residuals) / len(residuals):.3f}" if residuals else "-",
        f"{worst.residual:.2f}" + (f" (p{worst.page})" if list_pages else "") if worst else "-",
        str(sum(r >= 0.3 for r in residuals)),
        f"{sum(secs) / len(secs):.3f}" if secs else "-",
        f"{max(secs):.2f}" if secs else "-",
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", help="sample name (repeatable)")
    ap.add_argument("--level", action="append", choices=LEVELS, help="level (repeatable)")
    ap.add_argument("--dpi", type=float, default=300.0, help="render resolution")
    ap.add_argument("--cache", action="store_true", help="keep the OCR cache on (OSD)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per page")
    args = ap.parse_args(argv)
    if not args.cache:
        os.environ["IKI_OCR_CACHE"] = "0"
    # the OCR helper process runs anyway in the pipeline: started before timing
    ocr.ocr_words(np.full((64, 64), 255, np.uint8), ocr.OcrConfig(psm=11, dpi=150))
    manifest = json.loads((SCANS / "manifest.json").read_text(encoding="utf-8"))
    con = Console(width=max(Console().width, 150))
    results: list[FileResult] = []
    for entry in sorted(manifest["files"], key=lambda e: e["file"]):
        name, level = entry["file"].removesuffix(".pdf").rsplit("-", 1)
        if (args.only and name not in args.only) or (args.level and level not in args.level):
            continue
        path = SCANS / entry["file"]
        if not path.exists():
            con.print(f"[yellow]{path} missing (samples/degrade.py)[/]")
            continue
        results.append(run_file(path, entry["pages"], args.dpi, args.verbose, con))
    table = Table(title=f"Page geometry by prepare() at {args.dpi:.0f} dpi")
    for col in COLUMNS:
        left = col in ("file", "rotation wrong", "decided by")
        table.add_column(col, justify="left" if left else "right", no_wrap=col == "file")
    for r in results:
        table.add_row(*_row(r.name, r.pages))
    everything = [p for r in results for p in r.pages]
    if everything:
        table.add_section()
        table.add_row(*_row("total", everything, list_pages=False))
    con.print(table)


if __name__ == "__main__":
    main()
