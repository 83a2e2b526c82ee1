"""Page orientation and skew on real pages of the degraded sample scans.

Truth comes from the scans' manifest (``samples/SCANS.md``): a page stored turned
clockwise by ``rotation`` must be turned clockwise by ``(360 - rotation) % 360``,
and the skew found must match ``skew_deg``. The pages are the ones that once went
wrong on the heavy Kutai Kartanegara scan (150 dpi, blurred, lid shadow, faded
rules): sideways table pages, a sideways signature page with two lines of text,
a title page, and a signature page whose staggered blocks faked a tilt. Scans come
from ``samples/scans`` or, when missing, are made afresh (deterministic).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ingest import preprocess
from ingest.raster import render_pdf_page
from tests.conftest import degrade_sample

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "samples" / "scans"
NAME = "kutai_kartanegara"
DPI = 300


def _degrade(level: str, out: Path) -> tuple[Path, dict[str, Any]]:
    """The scan made afresh, as ``samples/degrade.py`` makes it, and its entry."""
    return degrade_sample(NAME, level, out)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cache private to the test session (the user's cache is never touched)."""
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "iki-cache"))


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``scan(level)`` -> (path, page number -> manifest entry)."""
    made: dict[str, tuple[Path, dict[int, dict[str, Any]]]] = {}
    manifest = SCANS / "manifest.json"
    known = (
        {e["file"]: e for e in json.loads(manifest.read_text(encoding="utf-8"))["files"]}
        if manifest.exists()
        else {}
    )

    def get(level: str) -> tuple[Path, dict[int, dict[str, Any]]]:
        if level not in made:
            path = SCANS / f"{NAME}-{level}.pdf"
            entry = known.get(path.name)
            if entry is None or not path.exists():
                path, entry = _degrade(level, tmp_path_factory.mktemp("scans"))
            made[level] = (path, {p["page"]: p for p in entry["pages"]})
        return made[level]

    return get


def _check(scan: Any, level: str, page: int) -> preprocess.Prepared:
    path, truth = scan(level)
    raster = render_pdf_page(path, page, DPI)
    prep = preprocess.prepare(raster.gray, raster.dpi)
    want = truth[page]
    assert prep.rotation == (360 - want["rotation"]) % 360, (page, prep.orientation_by)
    assert abs(prep.skew - want["skew_deg"]) < 0.25, (page, prep.skew, want["skew_deg"])
    return prep


@pytest.mark.parametrize("page", [14, 16])
def test_sideways_table_pages_turn_the_right_way_without_tesseract(scan: Any, page: int) -> None:
    """Blurred 150 dpi text whose letters touch: whole words are glyph components,
    tall ones on a sideways page. They must count, and the ascender and alignment
    cues decide 90 against 270 on their own."""
    assert _check(scan, "heavy", page).orientation_by == "cheap"


def test_sideways_page_with_two_lines_of_text(scan: Any) -> None:
    """A signature page: two short vertical lines make the direction clear, and
    tesseract (OSD declines) reads them both ways."""
    _check(scan, "heavy", 5)


def test_title_page_is_deskewed(scan: Any) -> None:
    """Four centred lines in capitals: no up/down evidence, but the skew counts."""
    _check(scan, "heavy", 1)


def test_staggered_signature_blocks_fake_no_tilt(scan: Any) -> None:
    """A straight page of short lines in two blocks at different heights: one
    projection of the whole page lined up lines of both blocks at 0.35 degrees."""
    assert abs(_check(scan, "light", 18).skew) < 0.1


def test_every_quarter_turn_of_a_page_is_undone(scan: Any) -> None:
    """The same sideways heavy page turned all four ways; the two level ones
    included (upside down is confirmed by tesseract)."""
    path, truth = scan("heavy")
    raster = render_pdf_page(path, 4, DPI)
    small = preprocess.downscale(raster.gray, raster.dpi)
    stored = (360 - truth[4]["rotation"]) % 360
    for turn in (0, 90, 180, 270):
        geo = preprocess.page_geometry(preprocess.rotate_quadrant(small, turn), 150)
        assert geo.rotation == (stored - turn) % 360, (turn, geo)
        assert abs(geo.skew - truth[4]["skew_deg"]) < 0.25, (turn, geo)
