"""End marks tesseract made of a speck (``ingest.speck_marks``): told from printed
stops and commas by their ink, on a sample scan read by real tesseract and on
rendered words."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ingest import scan
from ingest.ocr import PixWord
from ingest.speck_marks import trim_speck_marks
from tests.conftest import degrade_sample

ROOT = Path(__file__).resolve().parents[1]
FONT = Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def _cell_words(result: scan.PageResult, x0: float, x1: float, y0: float, y1: float) -> list[str]:
    return [w.text for w in result.page.words if x0 < w.x0 < x1 and y0 < w.top < y1]


def test_speck_read_as_a_stop_on_a_medium_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kutai Kartanegara medium scan, page 4: a speck after "Jumlah Laporan" reads
    "Laporan." with confidence; the printed stops and commas of the page stay."""
    monkeypatch.setenv("IKI_OCR_CACHE", "1")  # read once, with real tesseract
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path))
    path = ROOT / "samples/scans/kutai_kartanegara-medium.pdf"
    if not path.exists():  # samples/scans is made on demand: make this one
        path, _ = degrade_sample("kutai_kartanegara", "medium", tmp_path)
    sharp = scan.scan_page(scan.PageTask("pdf", str(path), 4, 300, source_dpi=200))
    blurred = scan.scan_page(scan.PageTask("pdf", str(path), 4, 300, source_dpi=150))
    assert _cell_words(blurred, 402, 636, 477, 506) == ["Jumlah", "Laporan."]
    assert _cell_words(sharp, 402, 636, 477, 506) == ["Jumlah", "Laporan"]
    printed = {"bulanan,", "triwulanan,", "pembangunan.", "pembangunan,", "keuangan."}
    assert printed <= {w.text for w in sharp.page.words}
    marked = [w.text for w in blurred.page.words if w.text[-1] in ".,"]
    assert len(marked) - len([w.text for w in sharp.page.words if w.text[-1] in ".,"]) == 1


def _render(
    printed: list[str], read: list[str], specks: dict[int, tuple[int, int]]
) -> tuple[np.ndarray, list[PixWord]]:
    """``printed`` words in 11 pt Liberation Sans at 300 dpi on one line, and the
    words tesseract would report (``read``), boxes around their ink. ``specks``:
    word index -> (dx, dy) of a 3 px grey speck from the word's right bottom corner,
    taken into its box."""
    font = ImageFont.truetype(str(FONT), 46)
    img = Image.new("L", (2400, 140), 255)
    draw = ImageDraw.Draw(img)
    words, x = [], 20
    for i, (text, seen) in enumerate(zip(printed, read, strict=True)):
        left, top, right, bottom = draw.textbbox((x, 40), text, font=font)
        draw.text((x, 40), text, font=font, fill=0)
        if i in specks:
            dx, dy = specks[i]
            draw.rectangle((right + dx, bottom + dy - 3, right + dx + 2, bottom + dy - 1), fill=90)
            right = right + dx + 3
        words.append(PixWord(seen, left, top, right - left, bottom - top, 95.0))
        x = right + 24
    return np.asarray(img), words


@pytest.mark.skipif(not FONT.exists(), reason="fonts-liberation (scripts/bootstrap.sh)")
def test_printed_marks_stay_and_specks_go() -> None:
    printed = ["Dokumen", "DPA", "(LKH).", "Batola,", "SOSIAL,", "Jumlah", "Gaji", "x."]
    read = ["Dokumen", "DPA.", "(LKH).", "Batola,", "SOSIAL,", ".Jumlah", "Gaji-", "x."]
    # a speck beside "DPA" is read as its stop and one beside "Gaji" as a hyphen; a
    # speck beyond the printed comma of "SOSIAL," (higher up) is not the comma
    image, words = _render(printed, read, {1: (3, 0), 4: (4, -26), 6: (3, -12)})
    lead = words[5]  # a speck in front of "Jumlah"
    image = image.copy()
    image[lead.top + lead.height - 3 : lead.top + lead.height, lead.left - 6 : lead.left - 3] = 90
    words[5] = PixWord(".Jumlah", lead.left - 6, lead.top, lead.width + 6, lead.height, 95.0)
    out = [w.text for w in trim_speck_marks(words, image)]
    assert out == ["Dokumen", "DPA", "(LKH).", "Batola,", "SOSIAL,", "Jumlah", "Gaji", "x."]


@pytest.mark.skipif(not FONT.exists(), reason="fonts-liberation (scripts/bootstrap.sh)")
def test_speck_stop_after_an_abbreviation_stays() -> None:
    image, words = _render(["Jumlah", "Kab"], ["Jumlah", "Kab."], {1: (3, 0)})
    assert [w.text for w in trim_speck_marks(words, image)] == ["Jumlah", "Kab."]
    image, words = _render(["Jumlah", "Kat"], ["Jumlah", "Kat."], {1: (3, 0)})
    assert [w.text for w in trim_speck_marks(words, image)] == ["Jumlah", "Kat"]


def _joined(image: np.ndarray, words: list[PixWord], i: int, text: str) -> list[PixWord]:
    """``words`` with words ``i`` and ``i + 1`` read as one word ``text``."""
    a, b = words[i], words[i + 1]
    one = PixWord(text, a.left, min(a.top, b.top), b.left + b.width - a.left, a.height, 91.0)
    return [*words[:i], one, *words[i + 2 :]]


def _speck(image: np.ndarray, x: int, y: int) -> np.ndarray:
    out = image.copy()
    out[y : y + 3, x : x + 3] = 90
    return out


@pytest.mark.skipif(not FONT.exists(), reason="fonts-liberation (scripts/bootstrap.sh)")
def test_speck_in_the_space_between_two_words_splits_them() -> None:
    """A speck in the space between "Persentase" and "lanjut": tesseract reads one
    word, "Persentase'lanjut"; its ink says two words and no mark."""
    image, words = _render(["Persentase", "lanjut", "usia"], ["Persentase", "lanjut", "usia"], {})
    gap = (words[0].left + words[0].width + words[1].left) // 2
    image = _speck(image, gap - 1, words[0].top + 4)
    out = trim_speck_marks(_joined(image, words, 0, "Persentase'lanjut"), image)
    assert [w.text for w in out] == ["Persentase", "lanjut", "usia"]
    assert out[0].left + out[0].width < gap < out[1].left  # each keeps its own box
    assert out[1].left + out[1].width == words[1].left + words[1].width


@pytest.mark.skipif(not FONT.exists(), reason="fonts-liberation (scripts/bootstrap.sh)")
def test_printed_marks_inside_words_stay() -> None:
    """A printed hyphen, apostrophe or stop inside a word is no speck."""
    printed = ["anak-anak", "Jum'at", "Kab.Kapuas", "isu-isu"]
    image, words = _render(printed, printed, {})
    assert [w.text for w in trim_speck_marks(words, image)] == printed


@pytest.mark.skipif(not FONT.exists(), reason="fonts-liberation (scripts/bootstrap.sh)")
def test_speck_read_as_a_word_of_its_own_goes_and_a_printed_dash_stays() -> None:
    """ "yang - mendapatkan": a speck read as a hyphen, confidently, between two
    words; a printed dash ("Aplikasi M - Gaji") is a bar and stays."""
    image, words = _render(["yang", "mendapatkan"], ["yang", "mendapatkan"], {})
    x = (words[0].left + words[0].width + words[1].left) // 2
    y = words[0].top + words[0].height // 2
    image = _speck(image, x - 1, y)
    speck = PixWord("-", x - 1, y, 3, 3, 91.0)
    out = trim_speck_marks([words[0], speck, words[1]], image)
    assert [w.text for w in out] == ["yang", "mendapatkan"]
    printed = ["Aplikasi", "M", "-", "Gaji"]
    image, words = _render(printed, printed, {})
    assert [w.text for w in trim_speck_marks(words, image)] == printed
    # a list dash faded to 7 x 3 px at stroke width 5 (here 6 x 2 at 4) has no
    # more ink than a speck, but is a bar (Tanjung Seruni medium scan, draw 9:
    # "- Aplikasi SP4N-LAPOR!")
    image, words = _render(["Register", "Aplikasi"], ["Register", "Aplikasi"], {})
    x = words[1].left - 14
    image = image.copy()
    image[y : y + 2, x : x + 6] = 90
    dash = PixWord("-", x, y, 6, 2, 92.0)
    out = trim_speck_marks([words[0], dash, words[1]], image)
    assert [w.text for w in out] == ["Register", "-", "Aplikasi"]
