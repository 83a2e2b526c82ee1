"""Accuracy of the pipeline on every sample against its ground truth.

Prints, per input (born-digital PDF, text dump, degraded scans at each level):
position recall, row precision / recall / F1, field accuracy, character error
rate of the text fields, catch rate (share of wrong rows flagged for review),
clean precision (share of unflagged rows fully right), rows flagged, and whether
the document metadata is right; then accuracy per field.

    .venv/bin/python benchmarks/accuracy.py                  # everything available
    .venv/bin/python benchmarks/accuracy.py --kind pdf text  # no OCR
    .venv/bin/python benchmarks/accuracy.py --kind scan --level medium -v
    .venv/bin/python benchmarks/accuracy.py --kind scan --scans /tmp/scans-draw1

Scans come from ``samples/scans`` (``python samples/degrade.py`` makes them).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from evaluation.score import ROW_FIELDS, Score, load_truth, score_result  # noqa: E402
from ingest.pipeline import Options, process_file  # noqa: E402

SAMPLES = ROOT / "samples"
LEVELS = ("light", "medium", "heavy")


@dataclass(slots=True)
class Case:
    kind: str
    name: str
    path: Path


def cases(
    kinds: list[str], levels: list[str], names: list[str] | None, scans: Path | None = None
) -> list[Case]:
    out: list[Case] = []
    truths = sorted(p.stem for p in (SAMPLES / "truth").glob("*.json"))
    for name in truths:
        if names and name not in names:
            continue
        if "pdf" in kinds and (SAMPLES / "pdf" / f"{name}.pdf").exists():
            out.append(Case("pdf", name, SAMPLES / "pdf" / f"{name}.pdf"))
        if "text" in kinds and (SAMPLES / "text" / f"{name}.txt").exists():
            out.append(Case("text", name, SAMPLES / "text" / f"{name}.txt"))
        if "scan" in kinds:
            for level in levels:
                p = (scans or SAMPLES / "scans") / f"{name}-{level}.pdf"
                if p.exists():
                    out.append(Case(f"scan-{level}", name, p))
    return out


def pct(x: float) -> str:
    return f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--kind", nargs="+", default=["pdf", "text", "scan"], choices=["pdf", "text", "scan"]
    )
    ap.add_argument("--level", nargs="+", default=list(LEVELS), choices=LEVELS)
    ap.add_argument("--only", nargs="+", help="sample names")
    ap.add_argument("--workers", type=int, default=2, help="OCR processes")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every difference")
    ap.add_argument(
        "--scans",
        type=Path,
        help="read scans from this folder (another draw: samples/degrade.py --draw)",
    )
    args = ap.parse_args(argv)
    console = Console(width=200)
    todo = cases(args.kind, args.level, args.only, args.scans)
    if not todo:
        console.print(
            "nothing to measure (generate samples/scans with `python samples/degrade.py`)"
        )
        return 1
    options = Options(workers=args.workers)
    results: list[tuple[Case, Score, float]] = []
    for case in todo:
        t0 = time.perf_counter()
        result = process_file(case.path, str(case.path), options)
        dt = time.perf_counter() - t0
        sc = score_result(load_truth(SAMPLES / "truth" / f"{case.name}.json"), result, case.name)
        if result.document.status != "ok":
            sc.errors.insert(
                0, f"document status {result.document.status}: {result.document.error}"
            )
        results.append((case, sc, dt))
        if args.verbose:
            console.rule(f"{case.kind} {case.name}")
            for e in sc.document_wrong + sc.errors:
                console.print("  " + e, markup=False)

    t = Table(title="Accuracy against ground truth", show_lines=False)
    for col in (
        "input",
        "sample",
        "pos recall",
        "row P",
        "row R",
        "row F1",
        "field acc",
        "CER",
        "catch",
        "clean prec",
        "flagged",
        "rows",
        "doc meta",
        "s",
    ):
        t.add_column(col, justify="right" if col not in ("input", "sample") else "left")
    for case, sc, dt in results:
        meta = "ok" if not sc.document_wrong else f"{len(sc.document_wrong)} wrong"
        t.add_row(
            case.kind,
            case.name,
            pct(sc.position_recall),
            pct(sc.row_precision),
            pct(sc.row_recall),
            pct(sc.row_f1),
            pct(sc.field_accuracy),
            pct(sc.cer),
            pct(sc.catch_rate),
            pct(sc.clean_precision),
            f"{sc.flagged}/{sc.pred_rows}",
            f"{sc.matched_rows}/{sc.truth_rows}",
            meta,
            f"{dt:.1f}",
        )
    console.print(t)

    kinds = sorted({c.kind for c, _, _ in results})
    agg = Table(title="Totals per input kind (rows pooled)")
    for col in ("input", "row F1", "field acc", "CER", "catch", "clean prec", "position fields"):
        agg.add_column(col, justify="right" if col != "input" else "left")
    for kind in kinds:
        group = [sc for c, sc, _ in results if c.kind == kind]
        pooled = _pool(group)
        agg.add_row(
            kind,
            pct(pooled.row_f1),
            pct(pooled.field_accuracy),
            pct(pooled.cer),
            pct(pooled.catch_rate),
            pct(pooled.clean_precision),
            pct(pooled.position_field_accuracy),
        )
    console.print(agg)

    ft = Table(title="Field accuracy per field (pooled per input kind)")
    ft.add_column("field")
    for kind in kinds:
        ft.add_column(kind, justify="right")
    pooled_by_kind = {k: _pool([sc for c, sc, _ in results if c.kind == k]) for k in kinds}
    for f in ROW_FIELDS:
        vals = []
        for k in kinds:
            acc = pooled_by_kind[k].field_acc(f)
            vals.append("-" if acc is None else pct(acc))
        ft.add_row(f, *vals)
    console.print(ft)
    for case, sc, _ in results:
        if sc.document_wrong:
            console.print(
                f"[yellow]{case.kind} {case.name} metadata:[/yellow] "
                + "; ".join(sc.document_wrong),
                markup=True,
            )
    return 0


def _pool(group: list[Score]) -> Score:
    out = Score(name="pooled")
    for sc in group:
        for attr in (
            "truth_positions",
            "pred_positions",
            "matched_positions",
            "truth_rows",
            "pred_rows",
            "matched_rows",
            "cer_edits",
            "cer_chars",
            "wrong_rows",
            "wrong_flagged",
            "unflagged",
            "unflagged_right",
            "flagged",
        ):
            setattr(out, attr, getattr(out, attr) + getattr(sc, attr))
        for d in ("field_right", "field_total", "position_field_right", "position_field_total"):
            tgt = getattr(out, d)
            for k, v in getattr(sc, d).items():
                tgt[k] = tgt.get(k, 0) + v
    return out


if __name__ == "__main__":
    raise SystemExit(main())
