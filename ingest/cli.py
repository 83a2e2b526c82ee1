"""The ``iki`` command line."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.batch import collect_inputs, run_batch
from ingest.pipeline import PIPELINE_VERSION, Options

app = typer.Typer(
    help="iki-ingest: turn Indonesian IKI/IKU performance-indicator decrees (PDF, scans, "
    "images, OCR/markdown text dumps) into one clean dataset (SQLite + CSV + Parquet).",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder (dataset files go here).")]


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files and/or folders (searched recursively).")
    ],
    out: OutOpt = Path("output"),
    force: Annotated[
        bool, typer.Option(help="Re-ingest documents already ingested by this version.")
    ] = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes for OCR of scanned pages.")] = 2,
    dpi: Annotated[
        int, typer.Option(min=100, max=600, help="Rasterisation resolution for OCR.")
    ] = 300,
    ocr: Annotated[bool, typer.Option(help="OCR pages that have no text layer.")] = True,
    lang: Annotated[str, typer.Option(help="Tesseract languages.")] = "ind+eng",
    max_pages: Annotated[int, typer.Option(min=1, help="Refuse documents with more pages.")] = 2000,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details.")] = False,
) -> None:
    """Ingest decrees into the dataset in OUT; prints a summary, exits 1 if any document failed."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    missing = [p for p in paths if not p.exists()]
    for p in missing:
        err.print(f"[red]not found:[/red] {p}")
    inputs = collect_inputs([p for p in paths if p.exists()])
    if not inputs:
        err.print("[red]no input files[/red]")
        raise typer.Exit(2)
    options = Options(dpi=dpi, ocr_lang=lang, ocr=ocr, max_pages=max_pages, workers=workers)
    summary = run_batch(inputs, out, options, force=force, console=err)
    c = summary.counts
    table = Table(title=f"iki ingest -> {out} (pipeline {PIPELINE_VERSION})", show_header=False)
    table.add_row("documents ok", str(c.get("ok", 0)))
    table.add_row("documents partial", str(c.get("partial", 0)))
    table.add_row("documents failed", str(c.get("failed", 0)))
    if c.get("skipped"):
        table.add_row("documents skipped (already ingested)", str(c["skipped"]))
    table.add_row("positions (jabatan)", str(summary.positions))
    table.add_row("indicator rows", str(summary.indicators))
    table.add_row("rows flagged for review", str(summary.flagged))
    console.print(table)
    for path, status, error in summary.failures:
        colour = "red" if status == "failed" else "yellow"
        console.print(f"[{colour}]{status}[/{colour}] {path}: {error}")
    if summary.any_failed or missing:
        raise typer.Exit(1)


@app.command()
def review(
    out: OutOpt = Path("output"),
    doc: Annotated[str | None, typer.Option(help="Only this doc_id.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
) -> None:
    """List indicator rows flagged for review, weakest first."""
    from store.sqlite import Store

    store = Store(out)
    where, params = "WHERE needs_review = 1", ()
    if doc:
        where, params = where + " AND doc_id = ?", (doc,)
    rows = store.rows("indicators", where + " ORDER BY confidence ASC LIMIT ?", (*params, limit))
    t = Table(title=f"{len(rows)} rows flagged for review")
    for col in ("row_id", "conf", "flags", "jabatan", "indikator", "formula"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            r["row_id"],
            f"{r['confidence']:.2f}",
            ", ".join(r["flags"]),
            (r["jabatan"] or "")[:40],
            (r["indikator"] or "")[:60],
            (r["formula"] or "")[:60],
        )
    console.print(t)
    store.close()


@app.command()
def correct(
    row_id: Annotated[str, typer.Argument(help="The row_id of the indicator row.")],
    field: Annotated[
        str, typer.Argument(help="Field to correct (indikator, formula, sumber_data ...).")
    ],
    value: Annotated[
        str | None, typer.Argument(help="New value; lists separated by '; '. Omit to set empty.")
    ] = None,
    reviewer: Annotated[str, typer.Option(help="Who made the correction.")] = "reviewer",
    out: OutOpt = Path("output"),
) -> None:
    """Record a reviewer's correction; it is kept and re-applied on every re-run."""
    from store.export import export
    from store.sqlite import Store

    store = Store(out)
    try:
        rec = store.correct(row_id, field, value, reviewer)
    except (KeyError, ValueError) as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    export(store, out)
    store.close()
    console.print(
        f"corrected {rec['row_id']}.{rec['field']}: {rec['old_value']!r} -> {rec['new_value']!r}"
    )


@app.command()
def accept(
    row_ids: Annotated[list[str], typer.Argument(help="Rows a reviewer checked and found right.")],
    reviewer: Annotated[str, typer.Option(help="Who reviewed them.")] = "reviewer",
    out: OutOpt = Path("output"),
) -> None:
    """Mark flagged rows as reviewed and right (clears needs_review, kept across re-runs)."""
    from store.export import export
    from store.sqlite import Store

    store = Store(out)
    for rid in row_ids:
        try:
            store.correct(rid, "needs_review", "false", reviewer)
        except KeyError as exc:
            err.print(f"[red]{exc}[/red]")
    export(store, out)
    store.close()


@app.command("export")
def export_cmd(out: OutOpt = Path("output")) -> None:
    """Rewrite the CSV and Parquet files from the SQLite store."""
    from store.export import export
    from store.sqlite import Store

    store = Store(out)
    counts = export(store, out)
    store.close()
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()))


def main() -> None:  # pragma: no cover
    app()
