"""parsers.markdown: text dumps (seeds 000, 002, 003) -> stream of Line / Table."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from domain.structure import RULE, Cell, Line, Table
from parsers.html_cells import cell_lines, clean_inline
from parsers.latex import math_inline, math_lines
from parsers.markdown import parse_markdown

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "text"


@cache
def _seed_text(name: str) -> str:
    return (SAMPLES / f"{name}.txt").read_text(encoding="utf-8")


@cache
def _stream(name: str) -> tuple[Line | Table, ...]:
    return tuple(parse_markdown(_seed_text(name)))


def _tables(name: str) -> list[Table]:
    return [x for x in _stream(name) if isinstance(x, Table)]


def _texts(name: str) -> list[str]:
    return [x.text for x in _stream(name) if isinstance(x, Line)]


def _row(table: Table, i: int) -> list[str]:
    return [c.text for c in table.rows[i]]


def _lines(cell: Cell) -> list[str]:
    return [ln.text for ln in cell.lines]


def _seed_line(name: str, startswith: str) -> str:
    """The raw line of a seed that starts with ``startswith`` (a real string)."""
    return next(ln for ln in _seed_text(name).splitlines() if ln.startswith(startswith))


def _seed_cell(name: str, row_start: str, col: int) -> str:
    """Raw cell ``col`` of the seed's TSV row starting with ``row_start``."""
    return _seed_line(name, row_start).split("\t")[col]


# ---- whole seeds: table counts (counted by hand) and table edges -----------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # 10 jabatan blocks: Sekretaris 3, Sub Bagian Program 2, Administrasi Keuangan 3,
        # Sub Bagian Umum 3, Kepala Bidang Sosial 2, Perlindungan dan Jaminan Sosial 2,
        # Rehabilitas dan Pemberdayaan 3, Kepala Bidang PPPA 2, Pemberdayaan Perempuan 2,
        # Perlindungan Perempuan dan Anak 2 (a blank line splits a table).
        ("kapuas_hulu", 24),
        ("barito_kuala", 3),  # one 7-column table per Kepala Bidang
        # 7 blocks: 1 + 2 + 1 + 2 + 1 + 1 + 2
        ("sampang", 10),
    ],
)
def test_seed_table_count(name: str, expected: int) -> None:
    tables = _tables(name)
    assert len(tables) == expected
    for t in tables:
        assert (t.page, t.ruled, t.source) == (1, False, "markdown")
        assert len({len(r) for r in t.rows}) == 1  # short rows are padded


def test_kapuas_first_table_header_kept_and_last_row() -> None:
    t = _tables("kapuas_hulu")[0]
    assert _row(t, 0) == [
        "No",
        "Sasaran",
        "Indikator Kinerja",
        "Penjelasan/Formulasi Perhitungan",
        "Sumber Data",
    ]
    assert len(t.rows) == 3
    assert _row(t, -1)[:2] == ["2.", "Meningkatnya Kualitas Administrasi keuangan Perangkat Daerah"]


def test_kapuas_continuation_row_keeps_empty_leading_cells() -> None:
    t = _tables("kapuas_hulu")[1]
    assert _row(t, 0)[0] == "No"  # repeated header row stays
    cont = _row(t, 1)
    assert cont[:4] == ["", "", "", ""]
    assert cont[4].startswith("Register Penutupan Kas, BA Penerimaan Kas) - Dokumen Koordinasi")
    assert _row(t, 2)[0] == "3."


def test_kapuas_bold_header_row_is_plain_text() -> None:
    t = _tables("kapuas_hulu")[4]  # "<b>No</b>\t<b>Sasaran</b>..." header
    assert _row(t, 0)[:3] == ["No", "Sasaran", "Indikator Kinerja"]
    assert _row(t, -1)[:2] == ["7", "Terlaksananya Evaluasi Kinerja"]


def test_kapuas_dash_separator_row_dropped() -> None:
    last = _tables("kapuas_hulu")[-1]  # "2\tTersedianya ..." then "---\t---\t--\t---\t---"
    assert len(last.rows) == 1
    assert _row(last, 0)[0] == "2"
    assert _row(last, 0)[4] == "Bidang Pemberdayaan Perempuan dan Perlindungan Anak"
    assert not any(
        c.text.strip("-") == "" and c.text
        for t in _tables("kapuas_hulu")
        for r in t.rows
        for c in r
    )


def test_barito_seven_columns_with_empty_cells() -> None:
    t = _tables("barito_kuala")[0]
    assert _row(t, 0) == [
        "No.",
        "SASARAN STRATEGIS",
        "INDIKATOR KINERJA UTAMA",
        "ALASAN MEMILIH INDIKATOR",
        "FORMULASI PERHITUNGAN",
        "PENANGGUNG JAWAB",
        "SUMBER DATA",
    ]
    second = _row(t, 2)  # an indicator row under the sasaran above it
    assert second[:2] == ["", ""]
    assert second[2] == "Persentase keluarga Miskin berumah tidak layak huni yang menerima bantuan."
    assert second[6] == ""  # empty Sumber Data cell kept, not trimmed
    last = _row(_tables("barito_kuala")[-1], -1)
    assert last[0] == ""
    assert last[1].startswith("Meningkatnya pelayanan sosial bagi penyandang penyakit sosial")


def test_sampang_column_number_row_kept_and_continued_table() -> None:
    tables = _tables("sampang")
    first = tables[0]
    assert _row(first, 0)[0] == "Sasaran / Kinerja Utama"
    assert _row(first, 1) == ["1", "2", "3", "4"]
    assert _row(first, -1)[:2] == [
        "Mewujudkan Implementasi Kabupaten Layak Anak (KLA)",
        "Status Capaian Kabupaten Layak Anak (KLA)",
    ]
    # Block 2's table is split by a blank line: the second part starts with a data row.
    assert _row(tables[2], 0)[0] == "Meningkatnya Kualitas Hidup dan Pemberdayaan Perempuan"
    assert _row(tables[-1], -1)[1] == (
        "Persentase Anak yang memerlukan Perlindungan Khusus yang ditangani"
    )


def test_stream_order_lines_then_table() -> None:
    stream = _stream("kapuas_hulu")
    first_table = next(i for i, x in enumerate(stream) if isinstance(x, Table))
    before = [x.text for x in stream[first_table - 10 : first_table] if isinstance(x, Line)]
    assert before[0] == "1. Jabatan : Sekretaris"
    assert before[2] == "3. Fungsi :"
    assert before[-1].startswith("g. Pelaksanaan Fungsi lain yang diberikan oleh Kepala Dinas")


# ---- cells: HTML, LaTeX and plain forms -------------------------------------------------


def test_cell_ul_li_items_keep_their_markers() -> None:
    raw = _seed_cell("kapuas_hulu", "1\tMeningkatnya Kualitas Perencanaan", 4)
    lines = _lines(Cell(cell_lines(raw)))
    assert len(lines) == 11
    assert lines[0] == "- Dokumen Renstra"
    assert lines[-1] == "- Dokumen LAKIP/LKjIP"


def test_cell_li_without_marker_gets_one() -> None:
    lines = cell_lines("<ul><li>Dokumen Renstra</li><li>- Dokumen Renja Awal</li></ul>")
    assert [ln.text for ln in lines] == ["- Dokumen Renstra", "- Dokumen Renja Awal"]
    ordered = cell_lines("<ol><li>Dokumen Renstra</li><li>Dokumen Renja Awal</li></ol>")
    assert [ln.text for ln in ordered] == ["1. Dokumen Renstra", "2. Dokumen Renja Awal"]


def test_cell_paragraphs_are_lines_and_dashes_stay_text() -> None:
    raw = _seed_cell("kapuas_hulu", "1\tMeningkatnya Kualitas Perencanaan", 3)
    assert [ln.text for ln in cell_lines(raw)] == [
        "Jumlah Dokumen yang disusun disampaikan Tepat Waktu -----x100%",
        "Jumlah Seluruh Dokumen yang disusun",
    ]


def test_cell_paragraph_then_frac_with_dash_numerator() -> None:
    raw = _seed_cell("kapuas_hulu", "4.\tMeningkatnya Jasa Penunjang", 3)
    lines = cell_lines(raw)
    assert [ln.text for ln in lines] == [
        "Jumlah Dokumen yang disusun disampaikan Tepat Waktu",
        RULE,
        "Jumlah Seluruh Dokumen yang disusun",
        "x 100%",
    ]
    assert [ln.is_rule for ln in lines] == [False, True, False, False]


def test_cell_full_latex_fraction() -> None:
    raw = _seed_cell("kapuas_hulu", "1\tMeningkatnya Pengarusutamaan Gender", 3)
    assert [ln.text for ln in cell_lines(raw)] == [
        "Jumlah PNS Perempuan",
        RULE,
        "Penduduk usia Kerja Perempuan",
        "x 100%",
    ]


def test_cell_sum_sign_and_fraction_without_multiplier() -> None:
    raw = _seed_cell("sampang", "Meningkatnya Kesejahteraan Sosial PMKS\tPersentase PMKS yang t", 2)
    assert [ln.text for ln in cell_lines(raw)] == [
        "Σ PMKS yg ditangani",
        RULE,
        "Σ PMKS seluruhnya",
        "x 100%",
    ]
    raw = _seed_cell(
        "sampang", "Meningkatnya Kesejahteraan Sosial PMKS\tPersentase PMKS yang me", 2
    )
    assert [ln.text for ln in cell_lines(raw)] == [
        "Jumlah PMKS yang menertima pelayanan dan rahab sosial",
        RULE,
        "Jumlah PMKS",
    ]


def test_cell_hr_is_a_rule() -> None:
    raw = _seed_cell("sampang", "\t<p>Persentase lanjut usia", 2)
    lines = cell_lines(raw)
    assert [ln.text for ln in lines] == [
        "Jumlah Warga Kabupaten lanjut usia terlantar yang memperoleh Rehabilitasi sosial "
        "diluar panti",
        RULE,
        "Jumlah Warga Kabupaten lanjut usia terlantar diluar panti",
    ]
    assert lines[1].is_rule
    indikator = cell_lines(_seed_cell("sampang", "\t<p>Persentase lanjut usia", 1))
    assert [ln.text for ln in indikator] == [
        "Persentase lanjut usia terlantar yang terpenuhi kebutuhan dasarnya di luar panti"
    ]


def test_cell_inline_math_stays_in_line() -> None:
    idg_cells = [
        c
        for ln in _seed_text("sampang").splitlines()
        for c in ln.split("\t")
        if c.startswith("IDG:")
    ]
    assert any("$" in c for c in idg_cells)  # block 2 writes it as $1/3 (...)$
    expected = (
        "IDG: 1/3 (Ipar+IDM+Lin-Dist) Ipar= indeks keterwakilan di parlemen IDM= indeks "
        "pengambilan keputusan Linc= indeks distribusi pendapatan."
    )
    for raw in idg_cells:
        assert [ln.text for ln in cell_lines(raw)] == [expected]


def test_plain_cells_stay_one_line() -> None:
    formula = _seed_cell("kapuas_hulu", "3.\tMeningkatnya Kualitas Pelayanan", 3)
    assert [ln.text for ln in cell_lines(formula)] == [
        "Jumlah Laporan/Dokumen Administrasi Perkantoran yang disampaikan tepat waktu "
        "-----x 100% Jumlah Seluruh Laporan/Dokumen Administrasi Perkantoran yang disusun"
    ]
    sumber = _seed_cell("kapuas_hulu", "3.\tMeningkatnya Kualitas Pelayanan", 4)
    lines = cell_lines(sumber)
    assert len(lines) == 1
    assert lines[0].text.startswith("- Surat Perintah Tugas (SPK) - Sasaran Kinerja Pegawai (SKP)")


def test_cell_br_entities_and_bold() -> None:
    lines = cell_lines("<b>Dokumen Renstra</b><br>Laporan Aset &amp; BMD<br/>Dinsos&nbsp;PPPA")
    assert [ln.text for ln in lines] == ["Dokumen Renstra", "Laporan Aset & BMD", "Dinsos PPPA"]


def test_latex_helpers() -> None:
    assert math_inline(r"\sum \text{PMKS yg ditangani}") == "Σ PMKS yg ditangani"
    assert [ln.text for ln in math_lines(r"\frac{\text{-----}}{\text{Jumlah PMKS}}")] == [
        RULE,
        "Jumlah PMKS",
    ]
    assert [ln.text for ln in math_lines(r"\dfrac{A}{B}\times100\%")] == ["A", RULE, "B", "x 100%"]


# ---- non-table lines --------------------------------------------------------------------


def test_kapuas_lines_cleaned() -> None:
    texts = _texts("kapuas_hulu")
    assert "Website: https://dissosialp3ap2kb.kapuashulukab.go.id" in texts
    assert "Email: dissosialp3ap2kb@kapuashulukab.go.id" in texts
    assert "Menetapkan :" in texts
    assert any(t.startswith("KESATU : Indikator Kinerja Individu") for t in texts)
    assert any(t.startswith("b. Sebagai alat ukur untuk menilai") for t in texts)
    assert "Ditetapkan di Putussibau" in texts  # trailing double-space break removed
    assert texts.count("INDIKATOR KINERJA INDIVIDU") == 9  # "###" and "## **...**" headings
    assert any("Orang dengan Human Immunodeficiency Virus" in t for t in texts)  # *italic*


def test_barito_lines_cleaned() -> None:
    texts = _texts("barito_kuala")
    assert texts[:3] == ["INDIKATOR KINERJA UTAMA (IKU)", "DAN", "INDIKATOR KINERJA"]
    assert "Nama Organisasi : Dinas Sosial" in texts  # from "- Nama Organisasi : ..."
    assert texts.count("Nama Organisasi : Dinas Sosial") == 3
    assert any(t.startswith("PERTAMA : Penetapan Indikator Kinerja Utama") for t in texts)
    assert any(t.startswith("Menimbang : a. Bahwa dalam rangka") for t in texts)
    assert any(t.startswith("b. Menyajikan rencana program") for t in texts)


def test_sampang_lines_cleaned() -> None:
    texts = _texts("sampang")
    assert "1. JABATAN : SEKRETARIS DINAS SOSIAL PPPA KABUPATEN SAMPANG" in texts  # "- 1. ..."
    assert any(t.startswith("1. JABATAN : Ka. BIDANG PEMBERDAYAAN PEREMPUAN") for t in texts)
    assert any(t.startswith("a. perumusan kebijakan bidang Sosial") for t in texts)
    assert texts[-1] == "NIP. 19680223 198803 1 001"


@pytest.mark.parametrize("name", ["kapuas_hulu", "barito_kuala", "sampang"])
def test_no_markup_left_in_lines(name: str) -> None:
    all_lines = [x for x in _stream(name) if isinstance(x, Line)]
    all_lines += [ln for t in _tables(name) for r in t.rows for c in r for ln in c.lines]
    for ln in all_lines:
        assert ln.text and ln.text == ln.text.strip()
        assert ln.page == 1 and ln.bbox is None
        for junk in ("**", "<b>", "<p>", "<li>", "\\frac", "\\text", "$", "\t"):
            assert junk not in ln.text, (junk, ln.text)


def test_bullet_before_plain_text_stays() -> None:
    line = "- " + _seed_cell("kapuas_hulu", "1\tTersedianya Gaji dan Tunjangan ASN", 2)
    assert [x.text for x in parse_markdown(line)] == [
        "- Terbayarnya Gaji dan Tunjangan ASN setiap bulan"
    ]
    assert clean_inline("- KEDUA** : Keputusan ini") == "- KEDUA : Keputusan ini"


# ---- other layouts: pipe and HTML tables, tab-aligned labels ----------------------------


def test_pipe_table_from_barito_rows() -> None:
    header = _seed_line("barito_kuala", "No.\tSASARAN\t").split("\t")[:3]
    row = _seed_line("barito_kuala", "2\tMeningkatnya perlindungan").split("\t")[:3]
    text = "\n".join(
        [
            "| " + " | ".join(header) + " |",
            "|---|:---|---|",
            "| " + " | ".join(row) + " |",
            "| 3 | Meningkatnya Validitas Data \\| PMKS |",
            "",
            "Nama Organisasi : Dinas Sosial",
        ]
    )
    stream = parse_markdown(text)
    assert isinstance(stream[0], Table)
    t = stream[0]
    assert [_row(t, i)[0] for i in range(len(t.rows))] == ["No.", "2", "3"]
    assert _row(t, 1)[2] == "Persentase Korban Bencana Yang Mendapat Bantuan Tanggap Darurat."
    assert _row(t, 2) == ["3", "Meningkatnya Validitas Data | PMKS", ""]
    assert isinstance(stream[1], Line) and stream[1].text == "Nama Organisasi : Dinas Sosial"


def test_ocr_pipes_are_not_tables() -> None:
    """Kutai Kartanegara's raw OCR has '|' from ruling lines: no pipe table from it."""
    assert not any(isinstance(x, Table) for x in parse_markdown(_seed_text("kutai_kartanegara")))


def test_html_table_with_spans() -> None:
    html = (
        "<table><tr><th>Sasaran / Kinerja Utama</th><th>Indikator Kinerja</th></tr>\n"
        "<tr><td rowspan=2>Meningkatnya Kesejahteraan Sosial PMKS</td>"
        "<td><p>Persentase PMKS penerima program perlindungan dan jaminan sosial</p></td></tr>\n"
        "<tr><td>Persentase bantuan KSB korban bencana alam dan Korban Sosial yg tertangani"
        "</table>\nKABUPATEN SAMPANG"
    )
    stream = parse_markdown(html)
    t = stream[0]
    assert isinstance(t, Table)
    assert len(t.rows) == 3 and t.n_cols == 2
    assert t.rows[2][0].spanned and t.rows[2][0].is_empty
    assert t.rows[2][1].text.startswith("Persentase bantuan KSB")
    assert isinstance(stream[1], Line) and stream[1].text == "KABUPATEN SAMPANG"


def test_tab_aligned_labels_are_lines_not_a_table() -> None:
    text = (
        "Nama Organisasi\t:\tDinas Sosial\n"
        "Jabatan\t:\tKepala Bidang Rehabilitasi Sosial\n"
        "Tugas :\t\n"
        "\ta. Menyusun dan menetapkan rencana koordinasi operasional\n"
        "3.\tFungsi\t:\t"
    )
    assert [x.text for x in parse_markdown(text)] == [
        "Nama Organisasi : Dinas Sosial",
        "Jabatan : Kepala Bidang Rehabilitasi Sosial",
        "Tugas :",
        "a. Menyusun dan menetapkan rencana koordinasi operasional",
        "3. Fungsi :",
    ]


def test_never_raises_on_cut_or_broken_input() -> None:
    text = _seed_text("kapuas_hulu") + _seed_text("sampang")
    broken = [
        text[i : i + 700] for i in range(0, len(text), 997)
    ]  # cuts mid-tag, mid-$...$, mid-row
    broken += [
        "<ul><li>- Dokumen Renstra<li>",
        "$\\frac{\\text{Jumlah PMKS}",
        "IDG: $1/3 (Ipar",
        "<table><tr><td>1<td colspan=x>2",
        "}}}{{{\\\\$$",
        "<p>Jumlah</p></p></ul><hr",
    ]
    for chunk in broken:
        for item in parse_markdown(chunk):
            lines = (
                [item]
                if isinstance(item, Line)
                else [ln for r in item.rows for c in r for ln in c.lines]
            )
            assert all(ln.text == ln.text.strip() for ln in lines)


def test_spreadsheet_quoted_tsv_cell_spans_lines() -> None:
    """Excel's tab-separated export quotes a cell with line breaks across lines."""
    items = ["- Dokumen Renstra", "- Dokumen Renja (Renwal)", '- Dokumen "Perjanjian" Kinerja']
    quoted = '"' + "\n".join(items).replace('"', '""') + '"'
    text = (
        "No\tSasaran\tSumber Data\n"
        f"1\tTerlaksananya sistem Perencanaan, Perangkat Daerah\t{quoted}\n"
        '2\tTersusunnya Dokumen "RKA"\t- RKA\n'
        "\n"
        "INDIKATOR KINERJA INDIVIDU"
    )
    stream = parse_markdown(text)
    t = stream[0]
    assert isinstance(t, Table) and len(t.rows) == 3
    assert _lines(t.rows[1][2]) == items
    assert _row(t, 2) == ["2", 'Tersusunnya Dokumen "RKA"', "- RKA"]
    assert [x.text for x in stream[1:]] == ["INDIKATOR KINERJA INDIVIDU"]
