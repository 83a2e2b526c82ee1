"""normalize.formula: formula cells and jenis indikator, on real seed cells and truth."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from domain.structure import RULE
from normalize.formula import FormulaParts, classify_jenis, formula_items, parse_formula

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@cache
def seed(name: str) -> str:
    return (SAMPLES / "text" / f"{name}.txt").read_text(encoding="utf-8")


@cache
def truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def real(name: str, s: str) -> str:
    assert s in seed(name), f"not in seed {name}: {s!r}"
    return s


def truth_rows(name: str) -> list[dict]:
    return [i for p in truth(name)["positions"] for i in p["indicators"]]


def key(p: FormulaParts) -> tuple:
    return (p.formula, p.pembilang, p.penyebut, p.pengali)


def truth_key(i: dict) -> tuple:
    return (i["formula"], i["pembilang"], i["penyebut"], i["pengali"])


def cell_lines(cell: str) -> list[str]:
    """A dump's HTML/LaTeX cell as visual lines, the way a printed cell stacks them:
    ``<p>`` paragraphs and ``<li>`` items are lines, ``<hr/>`` is the fraction bar,
    ``$...$`` math stays raw (parse_formula reads it)."""
    cell = re.sub(r"<hr\s*/?>", f"\n{RULE}\n", cell)
    cell = re.sub(r"</?(?:p|li|ul)[^>]*>", "\n", cell)
    cell = re.sub(r"(\$[^$]*\$)", r"\n\1\n", cell)
    return [ln.strip() for ln in cell.split("\n") if ln.strip()]


def tsv_cells(name: str, n_cols: int, col: int, header: str) -> list[str]:
    """Column ``col`` of every data row of the seed's ``n_cols``-column TSV tables."""
    out = []
    for line in seed(name).splitlines():
        cells = line.split("\t")
        if len(cells) != n_cols or header.lower() in line.lower() or cells[:2] == ["1", "2"]:
            continue
        if set(line) <= {"-", "\t"}:
            continue
        out.append(cells[col])
    return out


# ------------------------------------------------------------------ whole seeds vs truth


def test_barito_kuala_inline_ratios_match_truth() -> None:
    """ "A / B x 100 %", "A/Jumlah B x100 %": every formula of seed 002, in order."""
    cells = tsv_cells("barito_kuala", 7, 4, "FORMULASI")
    got = [key(parse_formula([c])) for c in cells]
    assert got == [truth_key(i) for i in truth_rows("barito_kuala")]
    assert len(got) == 11


def test_sampang_latex_and_hr_fractions_match_truth() -> None:
    """Σ, ``\\frac{..}{..} \\times 100\\%``, ``<hr/>`` bars, no multiplier, "-" cells."""
    cells = tsv_cells("sampang", 4, 2, "Formulasi")
    got = [key(parse_formula(cell_lines(c))) for c in cells]
    assert got == [truth_key(i) for i in truth_rows("sampang")]
    assert sum(1 for g in got if g[1] is not None) == 18


def test_kapuas_hulu_formulas_match_truth() -> None:
    """Dashed bars inline, in ``<p>`` lines and as LaTeX with a dashes numerator; lists."""
    want = {truth_key(i) for i in truth_rows("kapuas_hulu")}
    checked = ratios = 0
    for cell in tsv_cells("kapuas_hulu", 5, 3, "Formulasi"):
        lines = cell_lines(cell)
        if not lines:
            continue
        parts = formula_items(lines) if "<li>" in cell else [parse_formula(lines)]
        for p in parts:
            assert key(p) in want, (lines, key(p))
            checked += 1
            ratios += p.is_ratio
    assert checked == 54
    assert ratios == sum(i["pembilang"] is not None for i in truth_rows("kapuas_hulu")) == 13


# --------------------------------------------------------------------------- ratio forms


def test_dashes_glued_to_multiplier_on_one_line() -> None:
    s = real(
        "kapuas_hulu",
        "Jumlah PMKS yang mendapatkan bantuan BPJS -----x100% Jumlah PMKS Keseluruhan",
    )
    p = parse_formula([s])
    assert p == FormulaParts(
        "Jumlah PMKS yang mendapatkan bantuan BPJS / Jumlah PMKS Keseluruhan x 100%",
        "Jumlah PMKS yang mendapatkan bantuan BPJS",
        "Jumlah PMKS Keseluruhan",
        100.0,
        True,
        True,
    )


def test_stacked_with_rule_line_and_multiplier_below() -> None:
    # Sampang fraction as the markdown parser gives it: numerator, RULE, denominator, "x 100%"
    num = real("sampang", "Jumlah TMP yang dipelihara")
    p = parse_formula([f"Σ {num}", RULE, "Σ Jumlah seluruh TMP", "x 100%"])
    assert p.formula == "Σ Jumlah TMP yang dipelihara / Σ Jumlah seluruh TMP x 100%"
    assert (p.pembilang, p.penyebut, p.pengali, p.percent) == (
        "Σ Jumlah TMP yang dipelihara",
        "Σ Jumlah seluruh TMP",
        100.0,
        True,
    )


def test_summation_sign_variants() -> None:
    for sign in ("∑", "\\sum", "Σ"):
        p = parse_formula([f"{sign}PMKS yg ditangani", RULE, f"{sign} PMKS seluruhnya"])
        assert p.formula == "Σ PMKS yg ditangani / Σ PMKS seluruhnya"


def test_ocr_stacked_fraction_with_straddling_multiplier() -> None:
    """Seed 001 (Kutai scan): bar lost, "x" ends the numerator, "100" opens the denominator."""
    lines = [
        "Jumiah Kegiatan",
        "Yang Terealisasi x |",
        "Jumiah Kegiatan 100 |",
        "Yang Harus",
        "Dilaksanakan",
    ]
    for ln in lines:
        real("kutai_kartanegara", ln)
    p = parse_formula(lines)
    assert p.is_ratio
    assert p.pembilang == "Jumiah Kegiatan Yang Terealisasi"
    assert p.penyebut == "Jumiah Kegiatan Yang Harus Dilaksanakan"
    assert (p.pengali, p.percent) == (100.0, False)
    # an OCR caller that knows the indicator is a persentase restores the lost "%"
    assert parse_formula(lines, ocr=True, percent_hint=True).formula == (
        "Jumiah Kegiatan Yang Terealisasi / Jumiah Kegiatan Yang Harus Dilaksanakan x 100%"
    )
    assert not parse_formula(lines, percent_hint=True).percent  # not OCR: printed as is


def test_ocr_stacked_fraction_without_bar_splits_at_second_quantity() -> None:
    # Kutai, Pengadministrasi Umum: numerator and denominator stacked, "x | 100%" below
    lines = [
        "Jumlah Dokumen Administrasi",
        "Kepegawaian Yang Telah",
        "Disusun Sesuai Dengan",
        "Pedoman",
        "Jumlah Dokumen Yang Harus",
        "Disusun",
        "x | 100%",
    ]
    real("kutai_kartanegara", "\n".join(lines[:4]))
    p = parse_formula(lines)
    assert (
        p.pembilang
        == "Jumlah Dokumen Administrasi Kepegawaian Yang Telah Disusun Sesuai Dengan Pedoman"
    )
    assert p.penyebut == "Jumlah Dokumen Yang Harus Disusun"
    assert p.formula.endswith(" x 100%")
    # without a multiplier two "Jumlah" lines are not taken for a fraction
    assert not parse_formula(lines[:-1]).is_ratio


def test_ocr_multiplier_with_ruling_line_read_as_one() -> None:
    real("kutai_kartanegara", "Kepangkatan (DUK),Usulan kenaikan pangkat,Masa x 1 100%")
    lines = [
        "Jumlah Dokumen Administrasi Kepegawaian Yang Telah Disusun Sesuai Dengan Pedoman x 1 100%",
        "Jumlah Dokumen Yang Harus Disusun",
    ]
    p = parse_formula(lines)
    assert (p.is_ratio, p.pengali, p.percent) == (True, 100.0, True)


def test_dibagi_dengan() -> None:
    # Kutai "Jumlah data perencanaan yang selesai di entry dibagi dengan Jumlah seluruh data |"
    first = real(
        "kutai_kartanegara",
        "Jumlah data perencanaan yang selesai di entry dibagi dengan Jumlah seluruh data |",
    )
    p = parse_formula([first, "perencanaan yang harus dientry"])
    assert p.formula == (
        "Jumlah data perencanaan yang selesai di entry / "
        "Jumlah seluruh data perencanaan yang harus dientry"
    )
    assert p.pengali is None and p.is_ratio
    assert parse_formula(["Jumlah A dibagi Jumlah B"]).penyebut == "Jumlah B"


def test_multiplier_misplaced_in_numerator() -> None:
    num = real("barito_kuala", "Jumlah Korban Bencana Yang Mendapat Bantuan Tanggap Darurat")
    p = parse_formula([f"{num} x 100% / Jumlah korban bencana"])
    assert p.formula == f"{num} / Jumlah korban bencana x 100%"
    assert p.pembilang == num


@pytest.mark.parametrize(
    ("mult", "pengali", "percent", "suffix"),
    [
        ("× 100 %", 100.0, True, " x 100%"),
        ("X100%", 100.0, True, " x 100%"),
        ("x100", 100.0, False, " x 100"),
        ("* 100%", 100.0, True, " x 100%"),
        ("x 1.000", 1000.0, False, " x 1000"),
        ("", None, False, ""),
    ],
)
def test_multiplier_spellings(mult: str, pengali: float | None, percent: bool, suffix: str) -> None:
    cell = real(
        "barito_kuala",
        "Jumlah anak terlantar yang terpenuhi kebutuhan dasarnya/ "
        "Jumlah anak terlantar yang terdata",
    )
    p = parse_formula([f"{cell} {mult}"])
    assert (p.pengali, p.percent) == (pengali, percent)
    assert p.formula == (
        "Jumlah anak terlantar yang terpenuhi kebutuhan dasarnya / "
        "Jumlah anak terlantar yang terdata" + suffix
    )


def test_1000_read_for_100_percent_only_with_ocr_evidence() -> None:
    ratio = "Jumlah Korban Bencana Yang Mendapat Bantuan Tanggap Darurat/Jumlah korban bencana"
    real("barito_kuala", ratio)
    # the pipe of a ruling line glued to the sign: OCR of "x| 100%"
    assert parse_formula([f"{ratio} x| 1000"]).formula.endswith(" x 100%")
    assert parse_formula([f"{ratio} x 1000"], ocr=True).formula.endswith(" x 100%")
    # a born-digital "x 1000" (a per mille rate) stays
    p = parse_formula([f"{ratio} x 1000"])
    assert (p.pengali, p.percent) == (1000.0, False)
    # not a ratio: never rewritten
    assert (
        parse_formula(["Jumlah korban bencana x| 1000"]).formula == "Jumlah korban bencana x 1000"
    )


# --------------------------------------------------------------------------- not ratios


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # "/" meaning "or", spaced, no multiplier (Kapuas Hulu)
        (
            "kapuas_hulu",
            "Jumlah Laporan Penatausahaan dan Pengujian / Verifikasi Keuangan SKPD "
            "yang disusun setiap bulan",
        ),
        ("kapuas_hulu", "Jumlah Tanggapan terhadap Hasil Pemeriksaan APIP/BPKP/BPK/KPK"),
        (
            "kapuas_hulu",
            "Jumlah Laporan Koordinasi dan Penyusunan Laporan Keuangan Bulanan/Triwulan/Semesteran",
        ),
        # "1/3" in an index formula (Sampang)
        (
            "sampang",
            "IDG: 1/3 (Ipar+IDM+Lin-Dist) Ipar= indeks keterwakilan di parlemen IDM= indeks "
            "pengambilan keputusan Linc= indeks distribusi pendapatan.",
        ),
        # per-year rate in the Kutai scan: "/ Tahun" is not a quantity
        ("kutai_kartanegara", "Jumlah PMKS/ PPKS yang memelukan /"),
    ],
)
def test_explanations_stay_text(name: str, text: str) -> None:
    p = parse_formula([real(name, text)])
    assert not p.is_ratio and p.pembilang is None and p.penyebut is None
    assert p.formula == text


def test_unspaced_slashes_are_not_separators_even_with_a_multiplier() -> None:
    text = real("kapuas_hulu", "Jumlah Korban Bencana Alam/Sosial yang Mendapatkan Bantuan")
    p = parse_formula([f"{text} x 100%"])
    assert not p.is_ratio and p.formula == f"{text} x 100%" and p.pengali is None
    # ... but inside a real fraction they stay in the numerator
    s = real(
        "kapuas_hulu",
        "Jumlah Taman Makam Pahlawan Nasional Kabupaten/Kota yang dilakukan pemeliharaan "
        "----- x100% Jumlah Taman Makam Pahlawan Nasional",
    )
    assert parse_formula([s]).pembilang == (
        "Jumlah Taman Makam Pahlawan Nasional Kabupaten/Kota yang dilakukan pemeliharaan"
    )


def test_numerator_only_with_multiplier_keeps_text() -> None:
    s = real("kutai_kartanegara", "Jumlah menerima dan meriksa tbyek kerja |x| 100%|")
    p = parse_formula([s])
    # no pengali outside a ratio (validate_truth: "pengali set but the formula is not a ratio")
    assert p == FormulaParts(
        "Jumlah menerima dan meriksa tbyek kerja x 100%", None, None, None, True, False
    )
    # Kutai, three flattened lines: the multiplier in the first moves to the end
    lines = [
        real("kutai_kartanegara", "Jumlah mempelajari obyek kerjasesuai x| 100%"),
        "dengan ketentuan yang berlaku intuk",
        "mencapai hasil yang diharapkan",
    ]
    p = parse_formula(lines)
    assert not p.is_ratio and p.pengali is None
    assert p.formula == (
        "Jumlah mempelajari obyek kerjasesuai dengan ketentuan yang berlaku intuk "
        "mencapai hasil yang diharapkan x 100%"
    )


@pytest.mark.parametrize("lines", [["-"], ["- _____"], ["", "  "], [], [RULE]])
def test_no_formula(lines: list[str]) -> None:
    for ln in lines:
        if ln.strip() and ln != RULE:
            real("sampang", ln)
    assert parse_formula(lines) == FormulaParts(None)


def test_list_formula_joined_and_paired() -> None:
    cell = real(
        "kapuas_hulu", "- Kegiatan Peringatan Hari Berkabung - Kegiatan Peringatan Hari Pahlawan"
    )
    assert parse_formula([cell]).formula == (
        "Kegiatan Peringatan Hari Berkabung; Kegiatan Peringatan Hari Pahlawan"
    )
    items = formula_items([cell])
    assert [p.formula for p in items] == [
        "Kegiatan Peringatan Hari Berkabung",
        "Kegiatan Peringatan Hari Pahlawan",
    ]
    # one marked item: the marker goes, the text stays
    one = real("kapuas_hulu", "- Jumlah Keluarga Penerima bantuan Bencana/Sosial (Kartu Keluarga)")
    assert parse_formula([one]).formula == one[2:]


def test_list_of_ratios_pairs_each_formula() -> None:
    # several indicators in one cell, each with its own fraction (layout seen in the wild;
    # the fractions are Barito Kuala's)
    a = real(
        "barito_kuala", "Jumlah lanjut usia yang terpenuhi kebutuhan dasarnya / Jumlah lanjut usia"
    )
    b = real(
        "barito_kuala",
        "Jumlah penyandang disabilitas yang mandiri / penyandang disabilitas yang terdata x 100 %",
    )
    cell = [f"- {a} x 100%", f"- {b}"]
    items = formula_items(cell)
    assert [p.is_ratio for p in items] == [True, True]
    assert items[1].penyebut == "penyandang disabilitas yang terdata"
    joined = parse_formula(cell)
    assert not joined.is_ratio
    assert joined.formula == f"{a} x 100%; {items[1].formula}"


# ---------------------------------------------------------------------- jenis indikator


@pytest.mark.parametrize("name", ["kapuas_hulu", "barito_kuala", "sampang"])
def test_classify_jenis_matches_truth(name: str) -> None:
    rows = truth_rows(name)
    assert [classify_jenis(i["indikator"]) for i in rows] == [i["jenis_indikator"] for i in rows]


@pytest.mark.parametrize(
    ("name", "indikator", "want"),
    [
        # first by position: "Persentase Jumlah ..." is a persentase
        (
            "kapuas_hulu",
            "Persentase Jumlah Taman Makam Pahlawan Nasional Kabupaten/Kota",
            "persentase",
        ),
        ("kapuas_hulu", "Dokumen Jumlah Peralatan Kantor yang Disediakan", "jumlah"),
        # OCR and spelling variants (Kutai scan)
        ("kutai_kartanegara", "Presentase menerima dan meriksa obyek kerja", "persentase"),
        ("kutai_kartanegara", "Jumiah Orang Yang Menerima Gaji dan Tunjangan", "jumlah"),
        ("kutai_kartanegara", "Nilai Akuntabilitas Kinerja", "nilai"),
        # "Penilaian" is not "Nilai"
        (
            "kapuas_hulu",
            "Ditetapkan oleh Kementerian Berdasarkan Penilaian terhadap Pencapaian",
            "lainnya",
        ),
        ("kapuas_hulu", "Terbayarnya Gaji dan Tunjangan ASN setiap bulan", "lainnya"),
    ],
)
def test_classify_jenis(name: str, indikator: str, want: str) -> None:
    assert classify_jenis(real(name, indikator)) == want


def test_classify_jenis_ocr_misspelling_and_empty() -> None:
    assert (
        classify_jenis("Persentasc PMKS yang terpulihkan kembali fungsi sosialnya") == "persentase"
    )
    assert classify_jenis("Prosentase Kecamatan") == "persentase"
    assert classify_jenis("Status Capaian Kabupaten Layak Anak (KLA)") == "status"
    assert classify_jenis("Index Pemberdayaan Gender") == "indeks"
    assert (
        classify_jenis("") is None
        and classify_jenis(None) is None
        and classify_jenis(" - ") is None
    )


def test_ocr_stacked_fraction_with_lone_multiplier_line_and_sigma_pairs() -> None:
    """Tanjung Seruni 6-1 (medium scan, draw 1): "x 100%" read "x 1004:" on its own
    line beside the bar; Sampang 1-1 (draw 2): one side's "Σ" read as "-"."""
    lines = ["Jumlah PSKS yang aktif", "x 1004:", "Jumlah PSKS yang terdata"]
    p = parse_formula(lines, ocr=True, percent_hint=True)
    assert (p.pembilang, p.penyebut, p.pengali) == (
        "Jumlah PSKS yang aktif",
        "Jumlah PSKS yang terdata",
        100,
    )
    assert parse_formula(["Jumlah A x 1004"]).formula == "Jumlah A x 1004"  # not OCR: a number
    # both signs read "=", which OCR clean-up turns into list dashes; below the bar a
    # dash is a sigma, and so then is the one above it
    p = parse_formula(["- PMKS yg ditangani", "x 100%", RULE, "- PMKS seluruhnya"], ocr=True)
    assert p.formula == "Σ PMKS yg ditangani / Σ PMKS seluruhnya x 100%"
    assert p.guessed == ["sigma", "sigma"]
    # without the other side's sign, a leading dash above the bar is not a sigma
    p = parse_formula(["- PMKS yg ditangani", "x 100%", RULE, "PMKS seluruhnya"], ocr=True)
    assert p.pembilang == "- PMKS yg ditangani" and not p.guessed


def test_dash_glued_to_a_fraction_side_is_a_speck() -> None:
    """Kapuas Hulu 1-5, medium scan draw 3: "... Kondisi BAIK / -Jumlah Sarana ..."."""
    p = parse_formula(["Jumlah Aset Kondisi BAIK / -Jumlah Aset Keseluruhan x 100%"], ocr=True)
    assert p.penyebut == "Jumlah Aset Keseluruhan"
    # Kutai Kartanegara 13-3, medium scan draw 1: a speck read as a final stop on the
    # denominator, its multiplier printed in cells of its own
    p = parse_formula(["Jumlah Dokumen Disusun", RULE, "Jumlah Yang Harus Disusun.", "x 100%"])
    assert p.penyebut == "Jumlah Yang Harus Disusun"


def test_fraction_sides_opening_with_one_word_in_two_cases() -> None:
    """Tanjung Seruni medium scan (draw 12), row 2-4: the stacked denominator's
    "Jumlah" was read "jumlah" at confidence 95. Both sides open with the word; a
    capital on one side only is a misread capital (J/j, S/s look alike), so the
    side gets it and the formula is marked guessed (the row goes to review)."""
    p = parse_formula(
        ["Jumlah SPJ yang lolos verifikasi", RULE, "jumlah SPJ yang diajukan", "x 100%"], ocr=True
    )
    assert p.penyebut == "Jumlah SPJ yang diajukan"
    assert p.formula == "Jumlah SPJ yang lolos verifikasi / Jumlah SPJ yang diajukan x 100%"
    assert p.guessed == ["side_case"]
    label = parse_formula(["Persentase X = jumlah A / Jumlah A semua x 100%"], ocr=True)
    assert label.formula == "Persentase X = Jumlah A / Jumlah A semua x 100%"
    # one case on both sides, other opening words, or typed text: as printed
    for lines in (["jumlah a / jumlah b x 100%"], ["Jumlah A / total B x 100%"]):
        assert parse_formula(lines, ocr=True).guessed == []
    typed = parse_formula(["Jumlah A / jumlah B x 100%"])
    assert typed.penyebut == "jumlah B" and typed.guessed == []
