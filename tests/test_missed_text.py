"""Table text the page pass leaves unread is read block by block (ingest.missed_text)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ingest import missed_text, scan
from ingest.ocr import PixWord
from parsers.cv_lines import Segment
from tests.conftest import load_degrade

ROOT = Path(__file__).resolve().parents[1]


def test_sasaran_block_the_page_pass_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kutai Kartanegara heavy scan, draw 1, page 14 (landscape): a faded rule
    left the sasaran cell open, and tesseract's page pass (--psm 4) returned no
    word of its clear text. Real tesseract, on the page made afresh."""
    monkeypatch.setenv("IKI_OCR_CACHE", "0")
    mod = load_degrade()
    src = mod.PDF_DIR / "kutai_kartanegara.pdf"
    if not src.exists():
        pytest.skip(f"{src} missing (samples/generate.py)")
    dst = tmp_path / "kutai-heavy-draw1.pdf"
    seed = mod.seed_for("kutai_kartanegara", "heavy", 1)
    mod.degrade_pdf(src, dst, "heavy", seed, stamp_text=mod.stamp_text_for("kutai_kartanegara"))
    result = scan.scan_page(scan.PageTask("pdf", str(dst), 14, 300, source_dpi=150))
    sasaran = [w.text for w in result.page.words if 70 < w.x0 < 210 and 200 < w.top < 260]
    assert sasaran[:3] == ["Terselenggaranya", "dan", "terkoordinasinya"]
    assert "kesetiakawanan" in sasaran


def test_only_ink_no_word_covers_is_read() -> None:
    """Blocks come from ink outside the words read; specks and rule remnants make none."""
    image = np.full((400, 800), 230, np.uint8)
    image[100:130, 100:400] = 20  # a "line of text" the page pass read
    image[200:230, 100:160] = 20  # one it did not
    image[300:302, 50:750] = 20  # a faded rule's remnant
    image[350:352, 600:602] = 20  # a speck
    read = [PixWord("read", 100, 100, 300, 30, 95.0)]
    rules = [Segment(40, 40, 760, 40, "h", 3.0), Segment(40, 380, 760, 380, "h", 3.0)]
    area = missed_text.table_area(rules)
    assert area == (40, 40, 760, 380)
    blocks = missed_text.unread_blocks(image, read, area, 300)
    assert [(b.x, b.y, b.w, b.h) for b in blocks] == [(100, 200, 60, 30)]
