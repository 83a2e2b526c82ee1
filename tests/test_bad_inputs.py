"""Bad input never stops a batch: each file gets a clear status/error on its document
row, the others go on, and what was already written stays."""

from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from ingest.batch import run_batch
from ingest.pipeline import Options, process_file
from store.sqlite import Store
from tests.conftest import SAMPLES

SAMPANG = SAMPLES / "pdf" / "sampang.pdf"


def _text_only_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 760, "SURAT EDARAN KEPALA DINAS SOSIAL")
    c.drawString(
        72,
        740,
        "Dalam rangka peningkatan disiplin pegawai, seluruh pegawai diminta hadir tepat waktu.",
    )
    c.showPage()
    c.save()


def _encrypted(path: Path) -> None:
    writer = PdfWriter()
    for page in PdfReader(SAMPANG).pages:
        writer.add_page(page)
    writer.encrypt(user_password="rahasia", owner_password="pemilik")
    with path.open("wb") as fh:
        writer.write(fh)


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("bad")
    files = {
        "empty": d / "empty.pdf",
        "truncated": d / "truncated.pdf",
        "encrypted": d / "encrypted.pdf",
        "html": d / "download.pdf",
        "no_tables": d / "surat_edaran.pdf",
        "garbage": d / "notes.txt",
    }
    files["empty"].write_bytes(b"")
    data = SAMPANG.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 3])
    _encrypted(files["encrypted"])
    files["html"].write_bytes(
        b"<!DOCTYPE html>\n<html><head><title>Error 404</title></head><body>Not found</body></html>"
    )
    _text_only_pdf(files["no_tables"])
    files["garbage"].write_bytes(b"   \n\n  \t\n")
    return files


@pytest.mark.parametrize(
    ("key", "status", "message"),
    [
        ("empty", "failed", "empty file"),
        ("encrypted", "failed", "encrypted PDF"),
        ("html", "failed", "not a PDF: the file is HTML"),
        ("no_tables", "failed", "no IKI/IKU indicator table found"),
        ("garbage", "failed", "empty text file"),
    ],
)
def test_each_bad_file_has_a_clear_error(
    bad_files: dict[str, Path], key: str, status: str, message: str
) -> None:
    result = process_file(bad_files[key])
    assert result.document.status == status
    assert message in (result.document.error or "")
    assert not result.indicators


def test_truncated_pdf_is_failed_or_partial_never_silent(bad_files: dict[str, Path]) -> None:
    result = process_file(bad_files["truncated"])
    doc = result.document
    assert doc.status in ("failed", "partial")
    assert doc.error
    if doc.status == "partial":  # pages pdfminer could still read come out
        assert result.indicators


def test_batch_carries_on_and_keeps_what_was_written(
    bad_files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    good = SAMPLES / "text" / "barito_kuala.txt"
    first = run_batch([good], out)
    assert first.counts["ok"] == 1
    summary = run_batch([*bad_files.values(), SAMPANG], out)
    assert summary.counts["ok"] == 1  # Sampang
    assert summary.counts["skipped"] == 0
    assert summary.any_failed
    store = Store(out)
    docs = {d["source_path"]: d for d in store.rows("documents")}
    store.close()
    assert docs[str(good)]["status"] == "ok"  # written by the first batch, still there
    assert docs[str(SAMPANG)]["status"] == "ok"
    for p in bad_files.values():
        assert docs[str(p)]["status"] in ("failed", "partial") and docs[str(p)]["error"]
    assert (out / "indicators.csv").exists() and (out / "documents.parquet").exists()


def test_rerun_skips_done_documents(tmp_path: Path) -> None:
    good = SAMPLES / "text" / "sampang.txt"
    run_batch([good], tmp_path)
    again = run_batch([good], tmp_path)
    assert again.counts["skipped"] == 1 and again.indicators == 0
    forced = run_batch([good], tmp_path, force=True)
    assert forced.counts["ok"] == 1


def test_page_limit(tmp_path: Path) -> None:
    result = process_file(SAMPANG, options=Options(max_pages=3))
    assert result.document.status == "failed"
    assert "more than the limit" in (result.document.error or "")


def test_300_page_pdf(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(SAMPLES))
    from generate import make_big_pdf

    info = make_big_pdf(tmp_path / "big.pdf", pages=300)
    assert info.pages >= 300
    summary = run_batch([info.path], tmp_path / "out")
    assert summary.counts["ok"] == 1
    assert summary.positions == info.positions
    assert abs(summary.indicators - info.indicators) <= 0.01 * info.indicators
