"""The sample generator: it runs, is deterministic, and its PDFs carry the truth.

Every check reads the generated PDF back with pdfplumber (the text layer and the
drawn lines), so a renderer that drops, reorders or mangles a truth value fails."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.utils import extract_text

from tests.conftest import load_sample_script

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"


gen = load_sample_script("generate")
from render.common import is_ratio, load_truth  # noqa: E402  (path set up by generate.py)

# the small samples keep the suite fast; page ranges leave room for layout tweaks
PAGES = {
    "tanjung_seruni": (6, 12),
    "sampang": (5, 10),
    "barito_kuala": (5, 10),
    "kapuas_hulu": (9, 18),
    "kutai_kartanegara": (18, 30),
}
SMALL = [n for n in PAGES if n in gen.available()]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    return {n: gen.generate(n, out)[0] for n in SMALL}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def _regular_chars(pdf_path: Path) -> list[list[dict]]:
    """Per page, the regular-weight characters. Bold text (table headings repeated
    on each page, titles) is left out, so a cell split by a page break reads as one."""
    with pdfplumber.open(pdf_path) as pdf:
        return [[c for c in pg.chars if "Bold" not in c["fontname"]] for pg in pdf.pages]


def _column_text(pdf_path: Path, name: str, col: int) -> str:
    """All regular-weight text inside one table column, page after page, whitespace
    collapsed."""
    x0, x1 = gen.SAMPLES[name].LAYOUT.column_span(col)
    parts = [
        extract_text([c for c in chars if c["x0"] >= x0 and c["x1"] <= x1])
        for chars in _regular_chars(pdf_path)
    ]
    return _norm(" ".join(parts))


@pytest.mark.parametrize("name", SMALL)
def test_page_count_in_range(rendered: dict[str, Path], name: str) -> None:
    lo, hi = PAGES[name]
    with pdfplumber.open(rendered[name]) as pdf:
        assert lo <= len(pdf.pages) <= hi
        assert rendered[name].stat().st_size < 1_000_000


@pytest.mark.parametrize("name", SMALL)
def test_text_layer_has_every_value(rendered: dict[str, Path], name: str) -> None:
    """Every sasaran, indicator and source of the truth is in its column's text."""
    lay = gen.SAMPLES[name].LAYOUT
    truth = load_truth(name)
    col_ind = _column_text(rendered[name], name, lay.indicator_col)
    missing = [
        i["indikator"]
        for pos in truth["positions"]
        for i in pos["indicators"]
        if i["indikator"] and _norm(i["indikator"]) not in col_ind
    ]
    assert not missing, f"{name}: indicators not in the indicator column: {missing[:3]}"
    col_sas = _column_text(rendered[name], name, lay.indicator_col - 1)
    lost_sasaran = [
        i["sasaran"]
        for pos in truth["positions"]
        for i in pos["indicators"]
        if i["sasaran"] and _norm(i["sasaran"]) not in col_sas
    ]
    assert not lost_sasaran, f"{name}: sasaran not in the sasaran column: {lost_sasaran[:3]}"
    sources_col = len(lay.col_widths) - (2 if name == "tanjung_seruni" else 1)
    col_src = _column_text(rendered[name], name, sources_col)
    lost = [
        s
        for pos in truth["positions"]
        for i in pos["indicators"]
        for s in i["sumber_data"]
        if _norm(s) not in col_src
    ]
    assert not lost, f"{name}: sources not in the Sumber Data column: {lost[:3]}"


@pytest.mark.parametrize("name", SMALL)
def test_ratio_sides_are_printed(rendered: dict[str, Path], name: str) -> None:
    """Numerator and denominator of every ratio appear whole in the formula column
    (stacked: numerator lines, then the multiplier, then the denominator; or inline)."""
    text = _column_text(rendered[name], name, gen.SAMPLES[name].LAYOUT.formula_col)
    ratios = [i for pos in load_truth(name)["positions"] for i in pos["indicators"] if is_ratio(i)]
    assert ratios
    for i in ratios:
        assert _norm(i["pembilang"]) in text, i["pembilang"]
        assert _norm(i["penyebut"]) in text, i["penyebut"]


def _fraction_rules(page: pdfplumber.page.Page, x0: float, x1: float) -> list[dict]:
    """Horizontal lines inside a column that are not table rulings (fraction bars)."""
    return [
        ln
        for ln in page.lines
        if abs(ln["top"] - ln["bottom"]) < 0.5
        and ln["x0"] > x0 + 1
        and ln["x1"] < x1 - 1
        and ln["x1"] - ln["x0"] > 10
    ]


def test_sampang_fractions_are_drawn_rules(rendered: dict[str, Path]) -> None:
    """Sampang prints every ratio as a stacked fraction: one drawn bar each."""
    lay = gen.SAMPLES["sampang"].LAYOUT
    x0, x1 = lay.column_span(2)
    with pdfplumber.open(rendered["sampang"]) as pdf:
        bars = sum(len(_fraction_rules(pg, x0, x1)) for pg in pdf.pages)
    ratios = sum(is_ratio(i) for p in load_truth("sampang")["positions"] for i in p["indicators"])
    assert ratios > 0 and bars == ratios


def test_sampang_column_number_row_and_spanning_sasaran(rendered: dict[str, Path]) -> None:
    with pdfplumber.open(rendered["sampang"]) as pdf:
        tables = [t for pg in pdf.pages for t in pg.extract_tables()]
    assert tables
    for t in tables:
        assert len(t[0]) == 4 and t[1] == ["1", "2", "3", "4"]
    # a sasaran spanning rows leaves the covered cells of column 1 empty
    assert any(row[0] in (None, "") and row[1] for t in tables for row in t[2:])


def test_barito_has_seven_columns_and_merged_cells(rendered: dict[str, Path]) -> None:
    with pdfplumber.open(rendered["barito_kuala"]) as pdf:
        tables = [t for pg in pdf.pages for t in pg.extract_tables() if len(t[0]) == 7]
    assert len(tables) == len(load_truth("barito_kuala")["positions"])
    assert any(t[0][1] == "SASARAN STRATEGIS" for t in tables)
    merged = [row for t in tables for row in t[1:] if row[0] in (None, "") and row[2]]
    assert merged, "no row under a merged No/Sasaran cell"


def test_tanjung_seruni_has_no_table_rulings(rendered: dict[str, Path]) -> None:
    """Only fraction bars are drawn: no rectangles, and every line is a short bar
    inside the formula column."""
    lay = gen.SAMPLES["tanjung_seruni"].LAYOUT
    x0, x1 = lay.column_span(3)
    with pdfplumber.open(rendered["tanjung_seruni"]) as pdf:
        for pg in pdf.pages:
            assert not pg.rects
            assert len(_fraction_rules(pg, x0, x1)) == len(pg.lines)
            assert not pg.find_tables()  # nothing a line-based finder could use


def test_tanjung_seruni_table_continues_on_next_page(rendered: dict[str, Path]) -> None:
    """Some page opens with the repeated table header, not a block title."""
    with pdfplumber.open(rendered["tanjung_seruni"]) as pdf:
        firsts = [(pg.extract_text() or "").splitlines()[0] for pg in pdf.pages]
    assert any(f.startswith("No Sasaran Kegiatan") for f in firsts[1:])


def test_tanjung_seruni_truth_shape() -> None:
    truth = load_truth("tanjung_seruni")
    inds = [i for p in truth["positions"] for i in p["indicators"]]
    assert len(truth["positions"]) >= 6 and len(inds) >= 40
    # split multi-indicator cells: same no and sasaran on consecutive rows
    shared = [
        (a["no"], a["sasaran"]) == (b["no"], b["sasaran"])
        for pos in truth["positions"]
        for a, b in zip(pos["indicators"], pos["indicators"][1:], strict=False)
    ]
    assert sum(shared) >= 5
    keys = {"no", "formula", "pembilang", "penyebut", "pengali", "target", "sumber_data"}
    assert all(set(i) >= keys for i in inds)


@pytest.mark.skipif("kapuas_hulu" not in SMALL, reason="kapuas_hulu truth not written yet")
def test_kapuas_hulu_row_split_by_page_break(rendered: dict[str, Path]) -> None:
    """A page starts with a continued row: empty No/Sasaran, the rest of a list."""
    continued = 0
    with pdfplumber.open(rendered["kapuas_hulu"]) as pdf:
        for pg in pdf.pages[1:]:
            tables = pg.find_tables()
            if not tables or tables[0].bbox[1] > 80:
                continue
            rows = tables[0].extract()
            if len(rows) > 1 and not rows[1][0] and not rows[1][1] and rows[1][4]:
                continued += 1
    assert continued >= 1


def test_regeneration_is_byte_identical(tmp_path: Path, rendered: dict[str, Path]) -> None:
    name = SMALL[0]
    again, _ = gen.generate(name, tmp_path)
    assert again.read_bytes() == rendered[name].read_bytes()


def _page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [pg.extract_text() or "" for pg in pdf.pages]


@pytest.mark.parametrize("name", SMALL)
def test_committed_pdf_is_up_to_date(rendered: dict[str, Path], name: str) -> None:
    # compared by text, page by page: bytes also depend on the machine's font files
    # and reportlab build, which a fresh CI machine may not share
    committed = SAMPLES_DIR / "pdf" / f"{name}.pdf"
    assert committed.exists() and _page_texts(committed) == _page_texts(rendered[name]), (
        f"samples/pdf/{name}.pdf is stale: run `python samples/generate.py --only {name}`"
    )


def test_big_pdf(tmp_path: Path) -> None:
    info = gen.make_big_pdf(tmp_path / "big.pdf", pages=30)
    with pdfplumber.open(info.path) as pdf:
        assert len(pdf.pages) == info.pages
        assert 30 <= info.pages <= 60
        text = " ".join(pg.extract_text() or "" for pg in pdf.pages[:3])
    assert info.positions >= 5 and info.indicators >= 20
    assert "INDIKATOR KINERJA" in text


def test_cli_only_writes_one_pdf(tmp_path: Path) -> None:
    assert gen.main(["--only", "sampang", "--out-dir", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["sampang.pdf"]
