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

import numpy as np
import pytest

from ingest import preprocess
from ingest.raster import render_pdf_page
from ingest.scan import PageTask, scan_page
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
            stale = entry is not None and level == "heavy" and "shadow" not in entry["pages"][0]
            if entry is None or stale or not path.exists():
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


@pytest.mark.parametrize("page", [2, 3, 6, 13, 15])
def test_lid_shadow_is_found_on_its_edge_and_painted_out(scan: Any, page: int) -> None:
    """The heavy scan's lid shadow (a different edge per page, some pages stored
    sideways) is found on the edge the manifest names, before the page is turned,
    and painted white; the rest of the page is left as it was."""
    path, truth = scan("heavy")
    gray = render_pdf_page(path, page, DPI).gray
    out, sides = preprocess.clear_edge_shadows(gray)
    assert sides == [truth[page]["shadow"]]
    edge = {"left": out[:, 0], "right": out[:, -1], "top": out[0], "bottom": out[-1]}
    assert (edge[sides[0]] == 255).all()
    changed = np.argwhere(out != gray)
    h, w = gray.shape
    depth = {"left": changed[:, 1].max(), "right": w - changed[:, 1].min()}
    depth |= {"top": changed[:, 0].max(), "bottom": h - changed[:, 0].min()}
    across = w if sides[0] in ("left", "right") else h
    assert depth[sides[0]] <= preprocess.SHADOW_SHARE * across + 3


def test_pages_without_a_shadow_are_left_alone(scan: Any) -> None:
    path, _ = scan("medium")
    for page in (2, 3):
        gray = render_pdf_page(path, page, DPI).gray
        out, sides = preprocess.clear_edge_shadows(gray)
        assert sides == [] and out is gray


def test_labels_beside_a_lid_shadow_are_read(scan: Any) -> None:
    """Real tesseract: the form labels of a heavy page, 150 px from a shadow on
    the left edge, were dropped by tesseract's layout analysis (taken for part
    of a picture) until the shadow was painted out."""
    path, truth = scan("heavy")
    assert truth[2]["shadow"] == "left"
    res = scan_page(PageTask("pdf", str(path), 2, DPI, source_dpi=150))
    left = {w.text for w in res.page.words if w.x1 < 100}
    assert {"Jabatan", "Tugas", "Fungsi"} <= left, sorted(left)
