"""The OCR path on real rendered pages of the born-digital samples.

Pages are rendered with poppler, turned into scan-like images (tilt, blur, gray
paper, noise, JPEG), and read back through tesseract. Word positions and ruling
lines are checked against the original PDF's text layer and drawn edges.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest
from PIL import Image

from domain.pages import Page
from domain.structure import Table
from ingest import ocr, preprocess, raster, scan
from ingest.pipeline import Options, process_file
from parsers import cv_lines
from parsers.layout import page_items

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "samples" / "pdf"
DPI = 300


def _need(name: str) -> Path:
    path = PDF / f"{name}.pdf"
    if not path.exists():
        subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "samples" / "generate.py")],
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
    if not path.exists():
        pytest.skip(f"{path} missing (samples/generate.py)")
    return path


def _render(name: str, page: int, dpi: int = DPI) -> np.ndarray:
    out = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page), str(_need(name))],
        capture_output=True,
        check=True,
    ).stdout
    return cv2.imdecode(np.frombuffer(out, np.uint8), cv2.IMREAD_UNCHANGED)


def _scanify(gray: np.ndarray, angle: float = 0.8, seed: int = 0) -> np.ndarray:
    """A scanner's version of a clean page: tilted, soft, gray paper, grain, JPEG."""
    rng = np.random.default_rng(seed)
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    g = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    g = cv2.GaussianBlur(g, (0, 0), 0.7).astype(np.float32) * 0.85 + 25
    g += rng.normal(0, 10, g.shape)
    g = np.clip(g, 0, 255).astype(np.uint8)
    _, buf = cv2.imencode(".jpg", g, [cv2.IMWRITE_JPEG_QUALITY, 75])
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def _text_layer(name: str, page: int) -> tuple[list[dict], list[dict]]:
    with pdfplumber.open(_need(name)) as pdf:
        p = pdf.pages[page - 1]
        words = p.extract_words(x_tolerance=2, y_tolerance=2)
        edges = [e for e in p.edges if e["orientation"] in ("h", "v")]
        return words, edges


def _word_match(gold: list[dict], page: Page, tol: float = 3.0) -> tuple[float, float]:
    """Share of text-layer words read with the same text at the same place
    (centre within ``tol`` points), and the worst centre offset among them."""
    hits, worst = 0, 0.0
    for g in gold:
        cx, cy = (g["x0"] + g["x1"]) / 2, (g["top"] + g["bottom"]) / 2
        for w in page.words:
            if w.text == g["text"] and abs(w.xc - cx) <= tol and abs(w.yc - cy) <= tol:
                hits += 1
                worst = max(worst, abs(w.xc - cx), abs(w.yc - cy))
                break
    return hits / len(gold), worst


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache private to the test session (the user's cache is never touched)."""
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "iki-cache"))


@pytest.fixture(scope="module")
def sampang_scan() -> np.ndarray:
    return _scanify(_render("sampang", 1), angle=0.8)


def _save_png(gray: np.ndarray, path: Path, dpi: int = DPI) -> Path:
    Image.fromarray(gray).save(path, dpi=(dpi, dpi))
    return path


# -- no tesseract -------------------------------------------------------------------------------


def test_ruling_lines_match_the_drawn_table() -> None:
    """Every rule drawn in the Sampang PDF (table grid, header rows, the stacked
    fraction's bar) is found in the scan-like image, and nothing in the text."""
    gray = _scanify(_render("sampang", 1), angle=0.0)
    prep = preprocess.prepare(gray, DPI, rotation=0)
    ink, strokes = cv_lines.rule_ink(prep.gray, DPI)
    found = cv_lines.to_edges(cv_lines.detect_rules(ink, DPI, strokes).segments, DPI)
    _, drawn = _text_layer("sampang", 1)
    long_drawn = [e for e in drawn if max(e["x1"] - e["x0"], e["bottom"] - e["top"]) >= 20]
    assert long_drawn

    def matched(e: dict) -> bool:
        for f in found:
            if f.orientation != e["orientation"]:
                continue
            if e["orientation"] == "h":
                near = abs(f.top - e["top"]) <= 2 and f.x0 <= e["x0"] + 4 and f.x1 >= e["x1"] - 4
            else:
                near = (
                    abs(f.x0 - e["x0"]) <= 2
                    and f.top <= e["top"] + 4
                    and f.bottom >= e["bottom"] - 4
                )
            if near:
                return True
        return False

    missing = [e for e in long_drawn if not matched(e)]
    assert not missing, missing[:3]
    bar = [f for f in found if f.orientation == "h" and f.x1 - f.x0 < 120]
    assert len(bar) == 1, "the stacked fraction's bar is kept as a short rule"
    table_top = min(e["top"] for e in drawn)
    assert not [f for f in found if f.bottom < table_top - 5], "no rules found in the header text"


def test_skew_is_measured_and_undone() -> None:
    gray = _render("barito_kuala", 4)
    for angle in (1.5, -2.2):
        tilted = _scanify(gray, angle=angle)
        small = preprocess.otsu_inv(preprocess.downscale(tilted, DPI))
        assert preprocess.estimate_skew(small) == pytest.approx(angle, abs=0.1)
    assert preprocess.estimate_skew(preprocess.otsu_inv(preprocess.downscale(gray, DPI))) == 0.0


def test_orientation_of_turned_pages() -> None:
    """Each quarter turn of a text page is undone. Upright and sideways pages are
    decided by the cheap check alone; an upside-down one is confirmed by
    tesseract's OSD (the cheap check never turns a level page over by itself)."""
    gray = preprocess.downscale(_render("kapuas_hulu", 3), DPI, 150)
    for turned in (0, 90, 270, 180):
        img = preprocess.rotate_quadrant(gray, turned)
        want = (360 - turned) % 360
        assert preprocess.detect_orientation(img, 150) == (
            want,
            "osd" if turned == 180 else "cheap",
        )


def test_speckle_is_detected_and_removed() -> None:
    clean = _render("sampang", 2)
    noisy = clean.copy()
    rng = np.random.default_rng(1)
    dots = rng.random(noisy.shape)
    noisy[dots < 0.01] = 0
    noisy[dots > 0.99] = 255
    assert not preprocess.prepare(clean, DPI, rotation=0).noisy
    prep = preprocess.prepare(noisy, DPI, rotation=0)
    assert prep.noisy
    assert preprocess.noise_ratio(prep.gray, 128) < preprocess.NOISE_RATIO


def test_image_dpi_from_metadata_or_assumed() -> None:
    assert raster.image_dpi((200, 200), (1654, 2339)) == 200.0  # A4 at 200 dpi
    assert raster.image_dpi((72, 72), (2480, 3508)) == raster.DEFAULT_IMAGE_DPI  # 49 inch page?
    assert raster.image_dpi(None, (2480, 3508)) == raster.DEFAULT_IMAGE_DPI


def test_multipage_tiff_frames(tmp_path: Path) -> None:
    a, b = _render("sampang", 1, 100), _render("sampang", 2, 100)
    path = tmp_path / "two.tif"
    Image.fromarray(a).save(path, save_all=True, append_images=[Image.fromarray(b)], dpi=(100, 100))
    assert raster.image_frame_count(path) == 2
    second = raster.read_image_frame(path, 1)
    assert second.dpi == 100.0
    assert second.gray.shape == b.shape and np.array_equal(second.gray, b)


def test_corrupt_page_fails_to_rasterise(tmp_path: Path) -> None:
    pdf = _corrupt_scan(tmp_path, [_render("sampang", 2, 100)] * 3, bad=2, dpi=100)
    assert raster.render_pdf_page(pdf, 1, 100).gray.shape[0] > 1000
    with pytest.raises(raster.RasterError, match="error"):
        raster.render_pdf_page(pdf, 2, 100)


def _corrupt_scan(tmp_path: Path, pages: list[np.ndarray], bad: int, dpi: int) -> Path:
    """A scanned PDF (one JPEG per page) whose page ``bad`` has its image data
    destroyed."""
    path = tmp_path / "scan.pdf"
    ims = [Image.fromarray(p) for p in pages]
    ims[0].save(path, save_all=True, append_images=ims[1:], resolution=dpi)
    data = bytearray(path.read_bytes())
    starts = [i for i in range(len(data)) if data.startswith(b"/DCTDecode", i)]
    s = data.index(b"stream", starts[bad - 1]) + len("stream\n")
    data[s : s + 4000] = b"\x13" * 4000
    path.write_bytes(bytes(data))
    return path


# -- real tesseract ------------------------------------------------------------------------------


def test_scanned_page_words_in_pdf_points(
    sampang_scan: np.ndarray, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scanned PDF page read with the cache off: words come back in PDF points
    on the page of the original, where its text layer has them."""
    monkeypatch.setenv("IKI_OCR_CACHE", "0")
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "scan.pdf"
    Image.fromarray(sampang_scan).save(path, resolution=DPI)
    res = scan.scan_page(scan.PageTask("pdf", str(path), 1, DPI))
    page = res.page
    assert page.source == "ocr", page.error
    assert page.width == pytest.approx(595.3, abs=1) and page.height == pytest.approx(841.9, abs=1)
    gold, _ = _text_layer("sampang", 1)
    share, worst = _word_match(gold, page)
    assert share >= 0.85
    assert worst <= 3.0
    assert all(w.conf is not None and 0 <= w.conf <= 100 for w in page.words)
    assert not [w for w in page.words if w.text in {"|", "_", "—"}], "rules were erased before OCR"
    assert not list(tmp_path.glob("cache/**/*.json"))  # cache off: nothing written
    table = next(it for it in page_items(page) if isinstance(it, Table))
    assert table.ruled and table.n_cols == 4
    assert "Indikator Kinerja" in table.rows[0][1].text


def test_landscape_page_scanned_sideways(tmp_path: Path) -> None:
    """Barito Kuala's landscape table page, scanned in portrait (turned 90
    degrees), comes back upright with boxes on the landscape page."""
    sideways = cv2.rotate(_scanify(_render("barito_kuala", 4), angle=-0.6), cv2.ROTATE_90_CLOCKWISE)
    path = _save_png(sideways, tmp_path / "sideways.png")
    page = scan.scan_page(scan.PageTask("image", str(path), 1, DPI)).page
    assert page.rotation == 270
    assert page.width > page.height
    gold, _ = _text_layer("barito_kuala", 4)
    share, _ = _word_match(gold, page)
    assert share >= 0.85
    tables = [it for it in page_items(page) if isinstance(it, Table)]
    assert tables and tables[0].ruled


def test_bad_page_reported_others_read(tmp_path: Path, sampang_scan: np.ndarray) -> None:
    """Page 2 of 3 has a destroyed image stream: it is reported in ``failed``
    and pages 1 and 3 still come out (two worker processes)."""
    small = cv2.resize(sampang_scan, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    pdf = _corrupt_scan(tmp_path, [small, small, small], bad=2, dpi=150)
    failed: dict[int, str] = {}
    out = scan.ocr_pdf_pages(pdf, [1, 2, 3], Options(dpi=150, workers=2), failed)
    assert sorted(out) == [1, 3]
    assert list(failed) == [2]
    assert failed[2].startswith("page 2: rasterisation failed")
    assert any(isinstance(it, Table) for it in out[3])


def test_ocr_cache_hit(sampang_scan: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second read of the same prepared image comes from the cache."""
    monkeypatch.setenv("IKI_OCR_CACHE", "1")  # conftest turns it off for the suite
    img = cv2.resize(sampang_scan[700:1700], None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    config = ocr.OcrConfig(dpi=150)
    t = time.perf_counter()
    first = ocr.ocr_words(img, config)
    cold = time.perf_counter() - t
    t = time.perf_counter()
    again = ocr.ocr_words(img, config)
    warm = time.perf_counter() - t
    assert first == again and first
    assert warm < cold / 5
    key = ocr.cache_key(img, "words", f"{config.lang}|{config.args}")
    root = ocr.cache_dir()
    assert root is not None and (root / key[:2] / f"{key}.json").exists()


def test_unruled_table_from_ocr_words(tmp_path: Path) -> None:
    """Tanjung Seruni's table has no ruling lines: the word-alignment fallback
    rebuilds its columns from OCR word boxes. The image is a clean 150 dpi scan,
    enlarged to 300 dpi before OCR; boxes stay in the page's points."""
    gray = _scanify(_render("tanjung_seruni", 3, 150), angle=0.5)
    path = _save_png(gray, tmp_path / "ts.png", dpi=150)
    res = scan.scan_page(scan.PageTask("image", str(path), 1, DPI))
    page = res.page
    assert page.width == pytest.approx(935.4, abs=1) and page.height == pytest.approx(609.4, abs=1)
    assert not [e for e in page.edges if e.orientation == "v"]
    gold, _ = _text_layer("tanjung_seruni", 3)
    assert _word_match(gold, page)[0] >= 0.85
    tables = [it for it in page_items(page) if isinstance(it, Table)]
    assert tables and all(t.source == "aligned" for t in tables)
    table = max(tables, key=lambda t: len(t.rows))
    assert table.n_cols == 6 and len(table.rows) == 7  # header + rows numbered 1.-6.
    assert [r[0].text.rstrip(".") for r in table.rows[1:]] == ["1", "2", "3", "4", "5", "6"]


@pytest.fixture
def sampang_png(tmp_path: Path, sampang_scan: np.ndarray, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The scanned Sampang page as a PNG (OCR cache on, in the private dir)."""
    monkeypatch.setenv("IKI_OCR_CACHE", "1")
    return _save_png(sampang_scan, tmp_path / "sampang.png")


def test_image_file_end_to_end(sampang_png: Path) -> None:
    """A PNG scan of Sampang's first page ingests to its three indicator rows."""
    result = process_file(sampang_png, options=Options(workers=1))
    doc = result.document
    assert doc.source_kind == "image" and doc.pages == 1 and doc.status == "ok"
    assert len(result.positions) == 1
    rows = result.indicators
    assert [r.indikator for r in rows] == [
        "Persentase PMKS yang terpulihkan kembali fungsi sosialnya",
        "Indeks Pemberdayaan Gender (IDG)",
        "Status Capaian Kabupaten Layak Anak (KLA)",
    ]
    assert all(r.sumber_data == ["Dinsos PPPA"] for r in rows)
    assert rows[0].pengali == 100 and rows[0].penyebut and "seluruhnya" in rows[0].penyebut
    box = [float(v) for v in (rows[1].bbox or "").split(",")]
    assert box[0] == pytest.approx(51, abs=3) and box[2] == pytest.approx(555, abs=3)


def _dies_on_page_two(task: scan.PageTask) -> scan.PageResult:
    """A stand-in for scan_page whose worker process dies on page 2 (as when the
    kernel kills an OCR worker for memory)."""
    if task.number == 2:
        os._exit(1)
    return scan.PageResult(Page(task.number, 595.0, 842.0, "ocr"))


def test_worker_crash_fails_only_its_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies breaks the process pool; the pages it took down with it
    are retried one per fresh process, and only the page that kills its worker
    again is reported."""
    monkeypatch.setattr(scan, "scan_page", _dies_on_page_two)
    tasks = [scan.PageTask("pdf", "unused.pdf", n, DPI) for n in (1, 2, 3, 4)]
    pages = [r.page for r in scan.scan_pages(tasks, workers=2)]
    assert [p.number for p in pages] == [1, 2, 3, 4]
    assert [p.source for p in pages] == ["ocr", "failed", "ocr", "ocr"]
    assert pages[1].error == "page 2: OCR failed (the OCR process crashed)"


def test_a_word_read_as_a_rule_remnant_is_kept_as_debris() -> None:
    """A speck above "Anggota" (Tanjung Seruni medium scan, draw 5) made tesseract
    box the two together and read "—": a word-sized box, where a rule remnant is
    thin. Kept, it marks the row for review; dropped, the cell silently lost its
    first word. Thin remnants of rules still go."""
    words = [
        ocr.PixWord("mengikuti", 1496, 879, 169, 35, 92.0),
        ocr.PixWord("—", 1737, 847, 145, 67, 66.0),  # "Anggota" and the speck
        ocr.PixWord("Tagana", 1892, 880, 125, 36, 91.0),
        ocr.PixWord("yang", 2028, 886, 81, 28, 93.0),
        ocr.PixWord("—", 2200, 950, 150, 6, 80.0),  # a horizontal rule's remnant
        ocr.PixWord("|", 2400, 860, 5, 60, 80.0),  # a vertical one's
    ]
    assert [w.text for w in scan.clean_words(words)] == ["mengikuti", "—", "Tagana", "yang"]
