from pathlib import Path

import pytest

from ingest.sniff import InputError, sniff
from tests.conftest import SAMPLES


def test_kinds_of_real_samples() -> None:
    assert sniff(SAMPLES / "pdf" / "sampang.pdf") == "pdf"
    assert sniff(SAMPLES / "text" / "sampang.txt") == "text"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "empty file"),
        (
            "page.pdf",
            b"<!DOCTYPE html><html><body>404</body></html>",
            "not a PDF: the file is HTML",
        ),
        ("scan.pdf", b"PK\x03\x04 zip archive", "not a PDF"),
        ("blob.bin", bytes(range(256)) * 4, "binary file"),
        ("photo.png", b"GIF89a....", "not a readable image"),
    ],
)
def test_bad_inputs_are_named(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError, match=message):
        sniff(p)
