"""A scanned page read from its embedded JPEG: poppler's size and placement, pixels
within 2 grey levels of its render, and every page that is more than one
full-page JPEG left to poppler."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText
from pypdf.generic import DecodedStreamObject

from ingest import page_jpeg, raster
from tests.conftest import SAMPLES, degrade_sample


def _poppler(path: Path, page: int, dpi: float, monkeypatch: pytest.MonkeyPatch) -> np.ndarray:
    with monkeypatch.context() as m:
        m.setattr(page_jpeg, "full_page_jpeg", lambda *_: None)
        return raster.render_pdf_page(path, page, dpi).gray


@pytest.fixture(scope="module")
def medium_scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ = degrade_sample("sampang", "medium", tmp_path_factory.mktemp("jpeg"))
    return path


def test_scan_pages_come_from_their_jpeg_like_poppler_renders_them(
    medium_scan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = len(PdfReader(medium_scan).pages)
    for page in range(1, n + 1):
        assert page_jpeg.full_page_jpeg(medium_scan, page) is not None, page
        ours = raster.render_pdf_page(medium_scan, page, 300).gray.astype(int)
        theirs = _poppler(medium_scan, page, 300, monkeypatch).astype(int)
        assert ours.shape == theirs.shape, page
        diff = np.abs(ours - theirs)
        # OpenCV's rounding against poppler's truncation; a stamp's edge may
        # cross the coloured-ink threshold on one side and not the other
        assert np.percentile(diff, 99.9) <= 2, page
        assert diff.mean() < 0.6, (page, diff.mean())


def _truncating_bilinear(src: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Poppler's ``scaleImageYuXuBilinear`` (``expandRow`` then rows), in double
    precision with its truncations: the reference for the placement."""

    def axis(n_src: int, n_dst: int) -> tuple[np.ndarray, np.ndarray]:
        pos = np.cumsum(np.concatenate([[0.0], np.full(n_dst - 1, n_src / n_dst)]))
        whole = np.floor(pos).astype(np.intp)
        return whole, pos - whole

    img = src.astype(np.float64)
    p, f = axis(img.shape[1], size[0])
    padded = np.concatenate([img, img[:, -1:]], 1)
    rows = np.floor(padded[:, p] * (1 - f) + padded[:, p + 1] * f)
    rows = np.concatenate([rows, rows[-1:]], 0)
    q, g = axis(img.shape[0], size[1])
    return np.floor(rows[q] * (1 - g)[:, None] + rows[q + 1] * g[:, None]).astype(np.uint8)


@pytest.mark.parametrize(
    ("height_pt", "origin_y"),
    # the image's top edge a hair above the page's (image taller than the box, as
    # in the samples: 841.889771 under a box of 841.8897705078125) puts poppler's
    # scaled image one row up, with one row more; level or a hair below does not
    [("841.889772", -1), ("841.889771", 0), ("841.889770", 0)],
)
def test_placement_is_poppler_s_to_the_pixel(tmp_path: Path, height_pt: str, origin_y: int) -> None:
    img = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(img)
    for y in range(100, 2300, 37):
        draw.line([(80, y), (1570, y + 3)], fill=0, width=2)
    draw.text((200, 200), "Indikator Kinerja Individu", fill=0)
    pdf = tmp_path / "page.pdf"
    img.save(pdf, "PDF", resolution=200.0)
    writer = PdfWriter(clone_from=pdf)
    page = writer.pages[0]
    page.mediabox.upper_right = (595.275574, 841.889771)  # written as given
    page.cropbox = page.mediabox
    content = DecodedStreamObject()
    content.set_data(f"q 595.275574 0 0 {height_pt} 0 0 cm /image Do Q".encode())
    page.replace_contents(content)
    writer.write(pdf)
    jpeg = page_jpeg.full_page_jpeg(pdf, 1)
    assert jpeg is not None
    placement = page_jpeg.poppler_placement(jpeg, 300)
    assert placement.origin == (0, origin_y)
    (sw, sh), (x0, y0) = placement.scaled_size, placement.origin
    w, h = placement.page_size
    exact = _truncating_bilinear(jpeg.image, (sw, sh))[-y0 : -y0 + h, -x0 : -x0 + w]
    subprocess.run(
        ["pdftoppm", "-r", "300", "-gray", "-singlefile", str(pdf), str(tmp_path / "r")],
        check=True,
    )
    theirs = np.asarray(Image.open(tmp_path / "r.pgm"))
    assert np.array_equal(exact, theirs)
    ours = page_jpeg.scale_like_poppler(jpeg.image, placement)
    assert ours is not None
    assert np.abs(ours.astype(int) - theirs).max() <= 2


def _jpeg_pdf(path: Path, size: tuple[int, int] = (850, 1100), mode: str = "RGB") -> Path:
    """A one-page PDF of one JPEG over the page, as scanners and img2pdf write it."""
    img = Image.new(mode, size, "white")
    ImageDraw.Draw(img).text((100, 100), "Indikator Kinerja", fill="black")
    img.save(path, "PDF", resolution=100.0)
    return path


def _rewrite(src: Path, dst: Path, change: object) -> Path:
    writer = PdfWriter(clone_from=src)
    change(writer)  # type: ignore[operator]
    writer.write(dst)
    return dst


def test_a_plain_jpeg_page_is_read_directly(tmp_path: Path) -> None:
    pdf = _jpeg_pdf(tmp_path / "scan.pdf")
    found = page_jpeg.full_page_jpeg(pdf, 1)
    assert found is not None
    assert found.image.shape == (1100, 850, 3)
    assert found.box == pytest.approx((0.0, 0.0, 612.0, 792.0))
    assert found.cms == ((612.0, 0.0, 0.0, 792.0, 0.0, 0.0),)
    gray = page_jpeg.full_page_jpeg(_jpeg_pdf(tmp_path / "gray.pdf", mode="L"), 1)
    assert gray is not None and gray.image.ndim == 2


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda w: w.pages[0].rotate(90), id="rotated"),
        pytest.param(
            lambda w: w.add_annotation(0, FreeText(text="paraf", rect=(50, 50, 200, 100))),
            id="annotated",
        ),
        pytest.param(
            lambda w: w.pages[0].mediabox.__setattr__("right", 700), id="image-not-covering"
        ),
        pytest.param(lambda w: w.pages[0].cropbox.__setattr__("right", 500), id="cropped"),
        pytest.param(
            lambda w: w.pages[0].merge_page(PdfReader(SAMPLES / "pdf" / "sampang.pdf").pages[0]),
            id="text-over-scan",
        ),
    ],
)
def test_pages_with_more_than_one_jpeg_are_left_to_poppler(tmp_path: Path, change: object) -> None:
    pdf = _rewrite(_jpeg_pdf(tmp_path / "scan.pdf"), tmp_path / "changed.pdf", change)
    assert page_jpeg.full_page_jpeg(pdf, 1) is None
    assert raster.render_pdf_page(pdf, 1, 100).gray.size > 0


def test_non_jpeg_and_born_digital_pages_are_left_to_poppler(tmp_path: Path) -> None:
    bilevel = tmp_path / "bilevel.pdf"
    Image.new("1", (850, 1100), 1).save(bilevel, "PDF", resolution=100.0)
    assert page_jpeg.full_page_jpeg(bilevel, 1) is None
    assert page_jpeg.full_page_jpeg(SAMPLES / "pdf" / "sampang.pdf", 1) is None
    assert page_jpeg.full_page_jpeg(tmp_path / "missing.pdf", 1) is None
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nnot a pdf at all")
    assert page_jpeg.full_page_jpeg(junk, 1) is None


def test_a_broken_jpeg_stream_is_left_to_poppler(tmp_path: Path) -> None:
    pdf = _jpeg_pdf(tmp_path / "scan.pdf")
    data = pdf.read_bytes()
    start = data.index(b"\xff\xd8")  # the JPEG's first bytes: make them not a JPEG
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(data[:start] + b"\x00\x00" + data[start + 2 :])
    assert page_jpeg.full_page_jpeg(broken, 1) is None
