"""End to end on every sample against its hand-checked ground truth, at the targets
the issues set. These run the real pipeline on the committed files."""

from pathlib import Path

import pytest

from evaluation.score import score_result
from ingest.pipeline import process_file
from tests.conftest import SAMPLES, truth

BORN_DIGITAL = ["kapuas_hulu", "kutai_kartanegara", "barito_kuala", "sampang", "tanjung_seruni"]
CLEAN_DUMPS = ["kapuas_hulu", "barito_kuala", "sampang"]


def _run(path: Path, name: str):
    result = process_file(path)
    return result, score_result(truth(name), result, name)


@pytest.mark.parametrize("name", BORN_DIGITAL)
def test_born_digital_pdf(name: str) -> None:
    result, sc = _run(SAMPLES / "pdf" / f"{name}.pdf", name)
    assert result.document.status == "ok", result.document.error
    assert result.document.source_kind == "pdf-text"
    assert sc.position_recall == 1.0
    assert sc.row_f1 >= 0.99, sc.errors[:10]
    assert sc.field_accuracy >= 0.99, sc.errors[:10]
    assert sc.position_field_accuracy >= 0.99, sc.errors[:10]
    assert not sc.document_wrong
    # the rows carry their page and a bbox on it (for review crops)
    assert all(i.page and i.bbox for i in result.indicators)


@pytest.mark.parametrize("name", CLEAN_DUMPS)
def test_clean_text_dump(name: str) -> None:
    result, sc = _run(SAMPLES / "text" / f"{name}.txt", name)
    assert result.document.source_kind == "text"
    assert sc.row_f1 >= 0.98, sc.errors[:10]
    assert sc.field_accuracy >= 0.97, sc.errors[:10]
    assert not sc.document_wrong


def test_raw_ocr_text_dump_kutai() -> None:
    result, sc = _run(SAMPLES / "text" / "kutai_kartanegara.txt", "kutai_kartanegara")
    assert result.document.source_kind == "text"
    assert sc.row_recall >= 0.85, sc.errors[:10]
    assert sc.catch_rate >= 0.9
    # rows are never silently dropped: anything recovered with doubt says why
    assert all(i.flags for i in result.indicators if i.needs_review)


def test_row_ids_stable_across_runs() -> None:
    path = SAMPLES / "pdf" / "sampang.pdf"
    a = [i.row_id for i in process_file(path).indicators]
    b = [i.row_id for i in process_file(path).indicators]
    assert a == b and len(set(a)) == len(a)
