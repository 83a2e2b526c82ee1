"""The ``iki`` command line, run as a user would (typer's test runner)."""

import csv
from pathlib import Path

from typer.testing import CliRunner

from ingest.cli import app
from tests.conftest import SAMPLES

runner = CliRunner()


def test_help_lists_every_command() -> None:
    out = runner.invoke(app, ["--help"]).output
    for cmd in ("ingest", "review", "correct", "accept", "export"):
        assert cmd in out
    assert "--out" in runner.invoke(app, ["ingest", "--help"]).output


def test_ingest_summary_review_and_correct(tmp_path: Path) -> None:
    bad = tmp_path / "in" / "broken.pdf"
    bad.parent.mkdir()
    bad.write_bytes(b"%PDF-1.4\n% nothing else")
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["ingest", str(SAMPLES / "text" / "sampang.txt"), str(bad.parent), "--out", str(out)]
    )
    assert res.exit_code == 1  # one document failed
    assert "documents ok" in res.output and "documents failed" in res.output
    assert "indicator rows" in res.output and "24" in res.output
    assert "broken.pdf" in res.output
    for name in (
        "iki.sqlite",
        "documents.csv",
        "positions.csv",
        "indicators.csv",
        "indicators.parquet",
    ):
        assert (out / name).exists()

    res = runner.invoke(app, ["review", "--out", str(out)], env={"COLUMNS": "220"})
    assert res.exit_code == 0 and "missing_indicator" in res.output

    rows = list(csv.DictReader((out / "indicators.csv").open(encoding="utf-8")))
    flagged = next(r for r in rows if r["needs_review"] == "true")
    res = runner.invoke(
        app,
        [
            "correct",
            flagged["row_id"],
            "indikator",
            "Persentase PNS perempuan",
            "--reviewer",
            "dina",
            "--out",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    rows = {r["row_id"]: r for r in csv.DictReader((out / "indicators.csv").open(encoding="utf-8"))}
    assert rows[flagged["row_id"]]["indikator"] == "Persentase PNS perempuan"
    assert (
        next(iter(csv.DictReader((out / "corrections.csv").open(encoding="utf-8"))))["reviewer"]
        == "dina"
    )

    # a re-run keeps the correction and skips the finished document
    res = runner.invoke(
        app, ["ingest", str(SAMPLES / "text" / "sampang.txt"), "--out", str(out), "--force"]
    )
    assert res.exit_code == 0
    rows = {r["row_id"]: r for r in csv.DictReader((out / "indicators.csv").open(encoding="utf-8"))}
    assert rows[flagged["row_id"]]["indikator"] == "Persentase PNS perempuan"


def test_bad_correction_is_refused(tmp_path: Path) -> None:
    runner.invoke(
        app, ["ingest", str(SAMPLES / "text" / "barito_kuala.txt"), "--out", str(tmp_path)]
    )
    res = runner.invoke(app, ["correct", "no-such-row", "indikator", "x", "--out", str(tmp_path)])
    assert res.exit_code == 2


def test_missing_input_path(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(tmp_path / "nope.pdf"), "--out", str(tmp_path)])
    assert res.exit_code == 2
