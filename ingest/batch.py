"""Run the pipeline over many files: resumable, one transaction per document.

Each document is written to the store as soon as it is done, so an interrupted
batch keeps everything finished so far, and a re-run skips documents this
pipeline version already ingested (``--force`` re-does them).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from domain.records import DocumentResult
from ingest.pipeline import PIPELINE_VERSION, Options, doc_id_of, process_file
from ingest.sniff import SUPPORTED_SUFFIXES
from store.export import export
from store.sqlite import Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    positions: int = 0
    indicators: int = 0
    flagged: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    """(path, status, error) of every document that is not ok."""

    @property
    def any_failed(self) -> bool:
        return self.counts.get("failed", 0) > 0

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        self.counts[doc.status] += 1
        self.positions += len(result.positions)
        self.indicators += len(result.indicators)
        self.flagged += sum(i.needs_review for i in result.indicators)
        if doc.status != "ok":
            self.failures.append((doc.source_path, doc.status, doc.error or ""))


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files named, and supported files under folders named (recursively), in a
    stable order without duplicates. A named file is kept whatever its suffix
    (the pipeline reports what it is)."""
    seen: set[Path] = set()
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not f.name.startswith(".")
            )
        else:
            found = [p]
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def run_batch(
    inputs: list[Path],
    out_dir: Path,
    options: Options | None = None,
    force: bool = False,
    console: Console | None = None,
) -> Summary:
    """Ingest ``inputs`` into ``out_dir`` and export the dataset."""
    options = options or Options()
    console = console or Console(stderr=True)
    store = Store(out_dir)
    run_id = store.start_run(PIPELINE_VERSION, [str(p) for p in inputs])
    summary = Summary()
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
        disable=len(inputs) < 2 or not console.is_terminal,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=len(inputs), current="")
            for path in inputs:
                progress.update(task, current=path.name)
                _one(path, store, options, force, summary)
                progress.advance(task)
    finally:
        store.finish_run(run_id, dict(summary.counts))
        export(store, out_dir)
        store.close()
    return summary


def _one(path: Path, store: Store, options: Options, force: bool, summary: Summary) -> None:
    if not force and path.is_file():
        try:
            if store.is_done(doc_id_of(path), PIPELINE_VERSION):
                summary.counts["skipped"] += 1
                return
        except OSError:
            pass
    result = process_file(path, str(path), options)
    store.write(result, PIPELINE_VERSION)
    summary.add(result)
