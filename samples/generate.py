"""Regenerate the born-digital sample PDFs from their ground truth.

    python samples/generate.py                 # all samples -> samples/pdf/<name>.pdf
    python samples/generate.py --only sampang  # one sample
    python samples/generate.py --big 300 --out /tmp/big.pdf   # long decree for benchmarks

Output is deterministic (fixed fonts, invariant PDF metadata): regenerating gives
byte-identical files. Layouts live in ``samples/render/``, one module per sample.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from render import (  # noqa: E402
    barito_kuala,
    kapuas_hulu,
    kutai_kartanegara,
    sampang,
    tanjung_seruni,
)
from render.big import BigPdfInfo  # noqa: E402
from render.big import make_big_pdf as _make_big  # noqa: E402
from render.common import TRUTH_DIR, load_truth  # noqa: E402
from render.layout import Renderer, render  # noqa: E402

PDF_DIR = HERE / "pdf"
SAMPLES: dict[str, Renderer] = {
    "kapuas_hulu": kapuas_hulu,
    "kutai_kartanegara": kutai_kartanegara,
    "barito_kuala": barito_kuala,
    "sampang": sampang,
    "tanjung_seruni": tanjung_seruni,
}


def available() -> list[str]:
    """Samples whose truth file exists (a seed's truth may still be being written)."""
    return [n for n in SAMPLES if (TRUTH_DIR / f"{n}.json").exists()]


def generate(name: str, out_dir: Path = PDF_DIR) -> tuple[Path, int]:
    """Render one sample to ``out_dir/<name>.pdf``; returns the path and its page count."""
    path = out_dir / f"{name}.pdf"
    return path, render(SAMPLES[name], load_truth(name), path)


def make_big_pdf(path: Path | str, pages: int = 300) -> BigPdfInfo:
    """A long decree (at least ``pages`` pages) built by repeating every sample
    layout's jabatan blocks after one preamble; fast enough for benchmarks."""
    return _make_big(Path(path), pages, {n: SAMPLES[n] for n in available()})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", choices=sorted(SAMPLES), action="append", help="sample(s) to render")
    ap.add_argument("--out-dir", type=Path, default=PDF_DIR, help="where sample PDFs go")
    ap.add_argument("--big", type=int, metavar="N", help="write a long decree of about N pages")
    ap.add_argument("--out", type=Path, help="output path for --big")
    args = ap.parse_args(argv)
    if args.big:
        if not args.out:
            ap.error("--big needs --out PATH")
        info = make_big_pdf(args.out, args.big)
        print(f"{info.path}: {info.pages} pages, {info.positions} jabatan, {info.indicators} rows")
        return 0
    names = args.only or list(SAMPLES)
    missing = [n for n in names if n not in available()]
    for n in missing:
        print(f"skip {n}: no truth file {TRUTH_DIR / (n + '.json')}", file=sys.stderr)
    for n in names:
        if n in missing:
            continue
        path, pages = generate(n, args.out_dir)
        print(f"{path}: {pages} pages")
    return 1 if missing and args.only else 0


if __name__ == "__main__":
    raise SystemExit(main())
