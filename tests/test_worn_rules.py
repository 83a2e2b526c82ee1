"""Ruling lines of worn scans: the heavy degraded samples fade rules and break
them into dashes; the grid must still come out as drawn, and glyph stems of an
unruled table must not turn into rules. No tesseract: rules only."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

from domain.pages import BBox, Edge
from ingest import preprocess, raster
from parsers import cv_lines, grid

ROOT = Path(__file__).resolve().parents[1]


def _degrade() -> ModuleType:
    spec = importlib.util.spec_from_file_location("samples_degrade", ROOT / "samples/degrade.py")
    assert spec and spec.loader
    mod = sys.modules.get("samples_degrade") or importlib.util.module_from_spec(spec)
    sys.modules["samples_degrade"] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def degraded(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    mod = _degrade()
    out = tmp_path_factory.mktemp("worn")
    made = {}
    for name, level in [
        ("sampang", "heavy"),
        ("kapuas_hulu", "heavy"),
        ("tanjung_seruni", "light"),
    ]:
        src = ROOT / "samples" / "pdf" / f"{name}.pdf"
        if not src.exists():
            pytest.skip(f"{src} missing (samples/generate.py)")
        dst = out / f"{name}-{level}.pdf"
        mod.degrade_pdf(src, dst, level, mod.seed_for(name, level))
        made[(name, level)] = dst
    return made


def _scan_edges(pdf: Path, page: int) -> list[Edge]:
    img = raster.render_pdf_page(pdf, page, 300)
    prep = preprocess.prepare(img.gray, img.dpi)
    ink, strokes = cv_lines.rule_ink(prep.gray, img.dpi)
    rules = cv_lines.detect_rules(ink, img.dpi, strokes)
    return cv_lines.to_edges(rules.segments, img.dpi)


def _layout(grids: list[list[list[BBox | None]]]) -> list[tuple[list[float], list[float]]]:
    """Per table: the left edges of its columns (first row) and the tops of the
    rows that open a new indicator (a cell in column 2). Rows split by a stacked
    fraction's rule differ between a PDF (a free-floating bar) and a scan (a bar
    carried to the cell's sides), so they are left out."""
    return [
        (
            [c[0] for c in g[0] if c is not None],
            [r[1][1] for r in g if len(r) > 1 and r[1] is not None],
        )
        for g in grids
    ]


def _drawn(name: str, page: int) -> list[tuple[list[float], list[float]]]:
    with pdfplumber.open(ROOT / "samples" / "pdf" / f"{name}.pdf") as pdf:
        p = pdf.pages[page - 1]
        edges = [
            Edge(e["x0"], e["top"], e["x1"], e["bottom"], e["orientation"])
            for e in p.edges
            if e["orientation"] in ("h", "v")
        ]
    return _layout(grid.find_grids(edges))


def _same(a: list[float], b: list[float], tol: float = 3.0) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize(("name", "page"), [("sampang", 4), ("kapuas_hulu", 3)])
def test_worn_rules_rebuild_the_drawn_grid(
    degraded: dict[tuple[str, str], Path], name: str, page: int
) -> None:
    """Faded, broken rules under uneven light and a 150 dpi blur give the table
    the born-digital page draws: same columns, same rows, within 3 pt."""
    drawn = _drawn(name, page)
    assert len(drawn) == 1, "the born-digital page has one ruled table"
    found = _layout(grid.find_grids(_scan_edges(degraded[(name, "heavy")], page), grid.SCAN))
    assert len(found) == 1
    (cols, rows), ((want_cols, want_rows),) = found[0], drawn
    assert _same(cols, want_cols), (cols, want_cols)
    assert _same(rows, want_rows), (rows, want_rows)


def test_glyph_stems_of_an_unruled_table_are_no_rules(
    degraded: dict[tuple[str, str], Path],
) -> None:
    """Tanjung Seruni's table has no vertical rules: stems of letters lined up on
    consecutive lines (sharp 300 dpi serif text) must not chain into one."""
    edges = _scan_edges(degraded[("tanjung_seruni", "light")], 2)
    assert not [e for e in edges if e.orientation == "v"]
