"""The SQLite store and its CSV/Parquet exports: replace by doc_id, stable row ids,
corrections that survive re-runs."""

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from ingest.pipeline import PIPELINE_VERSION, process_file
from store.export import export
from store.schema import DOCUMENT_COLUMNS, INDICATOR_COLUMNS, POSITION_COLUMNS
from store.sqlite import Store
from tests.conftest import SAMPLES

BARITO = SAMPLES / "text" / "barito_kuala.txt"


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path)
    yield s
    s.close()


def test_rewrite_replaces_rows_and_keeps_row_ids(store: Store) -> None:
    first = process_file(BARITO)
    store.write(first, PIPELINE_VERSION)
    ids = [r["row_id"] for r in store.rows("indicators", "ORDER BY row_id")]
    store.write(process_file(BARITO), PIPELINE_VERSION)
    again = [r["row_id"] for r in store.rows("indicators", "ORDER BY row_id")]
    assert ids == again and len(ids) == len(first.indicators) == 11
    assert len(store.rows("documents")) == 1
    assert len(store.rows("positions")) == 3
    assert store.is_done(first.document.doc_id, PIPELINE_VERSION)
    assert not store.is_done(first.document.doc_id, "0.0.0")


def test_correction_survives_rerun(store: Store) -> None:
    store.write(process_file(BARITO), PIPELINE_VERSION)
    row = store.rows("indicators", "ORDER BY row_id LIMIT 1")[0]
    store.correct(row["row_id"], "indikator", "Persentase keluarga miskin yang mandiri", "dina")
    store.correct(row["row_id"], "sumber_data", "Data BPS; Laporan Bidang", "dina")
    store.write(process_file(BARITO), PIPELINE_VERSION)
    fixed = store.rows("indicators", "WHERE row_id = ?", (row["row_id"],))[0]
    assert fixed["indikator"] == "Persentase keluarga miskin yang mandiri"
    assert fixed["sumber_data"] == ["Data BPS", "Laporan Bidang"]
    assert "corrected" in fixed["flags"] and not fixed["needs_review"]
    assert len(store.rows("indicators")) == 11


def test_correction_on_a_row_that_changed_is_a_conflict(store: Store) -> None:
    result = process_file(BARITO)
    store.write(result, PIPELINE_VERSION)
    rid = result.indicators[0].row_id
    store.correct(rid, "formula", "A / B x 100%", "dina")
    # the pipeline now produces a different row under the same id (e.g. after a change)
    result.indicators[0].indikator = "Jumlah sesuatu yang lain sama sekali"
    result.indicators[0].sasaran = "Sasaran lain"
    store.write(result, PIPELINE_VERSION)
    row = store.rows("indicators", "WHERE row_id = ?", (rid,))[0]
    assert row["formula"] != "A / B x 100%"
    assert "correction_conflict" in row["flags"] and row["needs_review"]


def test_bad_correction_field_rejected(store: Store) -> None:
    store.write(process_file(BARITO), PIPELINE_VERSION)
    rid = store.rows("indicators", "LIMIT 1")[0]["row_id"]
    with pytest.raises(ValueError):
        store.correct(rid, "row_id", "x", "dina")
    with pytest.raises(KeyError):
        store.correct("nope-1-1", "formula", "x", "dina")


def test_exports_follow_schema(store: Store, tmp_path: Path) -> None:
    store.write(process_file(BARITO), PIPELINE_VERSION)
    counts = export(store, tmp_path)
    assert counts["indicators"] == 11
    for name, cols in (
        ("documents", DOCUMENT_COLUMNS),
        ("positions", POSITION_COLUMNS),
        ("indicators", INDICATOR_COLUMNS),
    ):
        with (tmp_path / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert header == list(cols)
        table = pq.read_table(tmp_path / f"{name}.parquet")
        assert table.column_names == list(cols)
    rows = list(csv.DictReader((tmp_path / "indicators.csv").open(encoding="utf-8", newline="")))
    assert rows[0]["needs_review"] in ("true", "false")
    pos = list(csv.DictReader((tmp_path / "positions.csv").open(encoding="utf-8", newline="")))
    assert pos[0]["fungsi"] == ""  # Barito Kuala has no fungsi
    docs = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert str(docs[0]["tanggal"]) == "2021-09-14"
    ind = pq.read_table(tmp_path / "indicators.parquet").to_pylist()
    assert isinstance(ind[0]["flags"], list)
    assert json.loads(ind[0]["provenance"])["source"] == "markdown"
