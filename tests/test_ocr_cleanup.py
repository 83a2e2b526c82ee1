"""OCR clean-up of scanned rows: specks, split multipliers, lost row numbers.

The words and lines below are what tesseract returned on the degraded samples
(samples/scans/*-medium.pdf, Kutai Kartanegara and Tanjung Seruni), with their
boxes (PDF points) and confidences."""

from __future__ import annotations

from typing import Any

from domain.pages import Word
from domain.records import IndicatorRecord
from domain.structure import RULE, Block, Cell, Line, ParsedDocument, Table
from normalize.formula import parse_formula
from normalize.indicators import FieldText, RowContext, list_items, read_cell
from normalize.lexicon import get_lexicon
from normalize.numbering import infer_numbers
from normalize.ocr_clean import clean_ocr_words
from normalize.rows import block_rows


def _clean(words: list[Word], field: str) -> str:
    return clean_ocr_words(words, field, get_lexicon().is_known).text


def _ocr_line(*texts: str) -> list[Word]:
    """One line of words read at 93, 8 pt wide and 10 pt apart."""
    return [Word(t, 10 * i, 0, 10 * i + 8, 7, 93.0) for i, t in enumerate(texts)]


def test_speck_lower_than_the_letters_is_dropped() -> None:
    # "Jumlah Laporan i": the "i" is 1 pt high in a 7 pt line (confidence alone
    # would keep it: 88 in this test)
    line = [
        Word("Jumlah", 412, 300, 438, 307, 95),
        Word("Laporan", 441, 300, 470, 307, 96),
        Word("i", 472, 306, 474, 307, 88),
    ]
    assert _clean(line, "formula") == "Jumlah Laporan"
    # a real short word at full height stays
    line[2] = Word("di", 472, 300, 480, 307, 88)
    assert _clean(line, "formula") == "Jumlah Laporan di"


def test_glued_speck_punctuation_and_trailing_colon() -> None:
    line = [Word(".Jumlah", 10, 0, 40, 7, 90), Word("PSKS", 42, 0, 60, 7, 96)]
    assert _clean(line, "formula") == "Jumlah PSKS"
    line = [Word("Laporan", 10, 0, 40, 7, 96), Word("SKPD:", 42, 0, 60, 7, 90)]
    assert _clean(line, "sumber_data") == "Laporan SKPD"
    # a colon standing between two quantities divides: kept
    line = [
        Word("Jumlah", 10, 0, 40, 7, 96),
        Word("A", 42, 0, 48, 7, 96),
        Word(":", 50, 0, 52, 7, 80),
        Word("Jumlah", 54, 0, 80, 7, 96),
        Word("B", 82, 0, 88, 7, 96),
    ]
    assert _clean(line, "formula") == "Jumlah A : Jumlah B"
    assert _clean([*line[:2], Word(":", 50, 0, 52, 7, 80)], "formula") == "Jumlah A"


def test_acronym_and_spelled_number_survive_low_confidence() -> None:
    line = [
        Word("Forum", 0, 0, 20, 7, 96),
        Word("Anak", 22, 0, 40, 7, 96),
        Word("(FAD)", 42, 0, 60, 7, 74),
    ]
    assert _clean(line, "formula") == "Forum Anak (FAD)"
    line = [
        Word("dalam", 0, 0, 20, 7, 96),
        Word("1", 22, 0, 26, 7, 60),
        Word("(satu)", 28, 0, 50, 7, 90),
    ]
    assert _clean(line, "formula") == "dalam 1 (satu)"


def test_multiplier_from_narrow_sub_cells() -> None:
    # Kutai: "x" and "100%" sit in narrow cells beside the fraction and come out
    # as lines of their own, before or after the bar
    num = ["Jumlah Dokumen Administrasi Kepegawaian Yang", "Telah Disusun Sesuai Dengan Pedoman"]
    den = ["Jumlah Dokumen Yang Harus Disusun"]
    for lines in ([*num, RULE, *den, "x", "100%"], [*num, "x", "100%", RULE, *den]):
        p = parse_formula(lines, ocr=True, percent_hint=True)
        assert p.penyebut == "Jumlah Dokumen Yang Harus Disusun"
        assert p.pengali == 100 and p.formula and p.formula.endswith(" x 100%")
        assert not p.guessed
    # the number lost: a persentase gets "x 100%", marked as a guess
    p = parse_formula([*num, RULE, *den, "X"], ocr=True, percent_hint=True)
    assert p.pengali == 100 and p.guessed == ["multiplier"]
    assert p.penyebut == "Jumlah Dokumen Yang Harus Disusun"


def test_speck_stop_before_a_bracketed_acronym() -> None:
    line = _ocr_line("Standar", "Operasional", "Prosedur.", "(SOP)", "dan")
    assert _clean(line, "formula") == "Standar Operasional Prosedur (SOP) dan"


def test_speck_stops_inside_and_at_the_end_of_a_value() -> None:
    # second random draw of the medium scans: speckle glued to a word reads as a stop
    is_known = get_lexicon().is_known
    # inside a formula (Kapuas row 5-2), and ending a line the cell goes on from
    # (Tanjung row 1-3: "Meningkatnya kualitas." / "pengelolaan keuangan Dinas")
    line = _ocr_line("Migran", "korban", "tindak.", "Kekerasan")
    assert _clean(line, "formula") == "Migran korban tindak Kekerasan"
    line = _ocr_line("Meningkatnya", "kualitas.")
    assert clean_ocr_words(line, "sasaran", is_known, "pengelolaan").text.endswith("kualitas")
    # the end of a source ("Bidang Sosial.") never has one; an indicator may
    assert _clean(_ocr_line("Bidang", "Sosial."), "sumber_data") == "Bidang Sosial"
    assert _clean(_ocr_line("menerima", "bantuan."), "indikator") == "menerima bantuan."
    # an abbreviation keeps its stop
    assert _clean(_ocr_line("Kab.", "Sampang"), "sasaran") == "Kab. Sampang"


def test_slash_ending_a_line_that_goes_on() -> None:
    # Kutai medium, row 4-1: "... berkas tagihan /" (the "/" at 93), then "permintaan
    # pembayaran" on the next line of the cell
    words = [
        Word("Terlaksananya", 73, 300, 122, 310, 96.0),
        Word("verifikasi", 125, 300, 153, 307, 96.0),
        Word("berkas", 156, 300, 178, 307, 96.0),
        Word("tagihan", 180, 300, 204, 309, 93.0),
        Word("/", 206, 300, 209, 307, 93.0),
    ]
    is_known = get_lexicon().is_known
    assert clean_ocr_words(words, "sasaran", is_known, "permintaan").text.endswith("tagihan /")
    # the cell's last line: nothing follows the "/"
    assert clean_ocr_words(words, "sasaran", is_known).text.endswith("tagihan")


def test_speck_stop_ending_the_line_before_a_bracketed_acronym() -> None:
    # Kutai medium, row 12-5: "Prosedur." (conf 78) ends a line, "(SOP)" opens the next
    def line(y: float, texts: list[tuple[str, float]]) -> Line:
        ws = [Word(t, 405 + 40 * i, y, 440 + 40 * i, y + 7, c) for i, (t, c) in enumerate(texts)]
        return Line(" ".join(t for t, _ in texts), bbox=(405, y, 588, y + 7), words=ws)

    cell = Cell(
        [
            line(
                70,
                [("Kinerja,", 96.0), ("Standar", 96.0), ("Operasional", 96.0), ("Prosedur.", 78.0)],
            ),
            line(80, [("(SOP)", 96.0), ("dan", 96.0), ("Standar", 96.0), ("Pelayanan", 96.0)]),
        ]
    )
    ft = read_cell(cell, RowContext(is_word=get_lexicon().is_known), "formula")
    assert ft.lines == ["Kinerja, Standar Operasional Prosedur", "(SOP) dan Standar Pelayanan"]
    assert ft.debris == ["."]


def test_multiplication_sign_read_twice_over() -> None:
    # a lone "x" in its own narrow cell comes out "xX" at confidence 64-70
    words = [Word("xX", 589, 192, 592, 197, 64.0)]
    assert _clean(words, "formula") == "x"
    assert _clean([Word("xX", 589, 192, 592, 197, 64.0)], "sasaran") == ""


def test_sign_debris_before_the_multiplier() -> None:
    cases = {
        "Jumlah Aset / Jumlah Seluruh Aset x x 100%": "Jumlah Seluruh Aset",
        "Jumlah A / Jumlah B sosial dan umum: x 100%": "Jumlah B sosial dan umum",
        "Jumlah A / Jumlah B x -100%": "Jumlah B",
        "Jumlah A / Jumlah B syarat kenaikan pangkat.x 100%": "Jumlah B syarat kenaikan pangkat",
    }
    for text, penyebut in cases.items():
        p = parse_formula([text], ocr=True, percent_hint=True)
        assert (p.penyebut, p.pengali) == (penyebut, 100), text
    # "x 1009 100%": "100%" read twice (Tanjung Seruni)
    p = parse_formula(
        ["Jumlah realisasi belanja", "x 1009 100%", "Jumlah pagu anggaran belanja"], ocr=True
    )
    assert p.formula == "Jumlah realisasi belanja / Jumlah pagu anggaran belanja x 100%"


def _row(i: int, no: str | None, ocr: bool = True) -> IndicatorRecord:
    prov = {"ocr": {"no": {"mean": 80.0, "min": 80.0}}} if ocr else {}
    return IndicatorRecord(row_id=f"r{i}", doc_id="d", position_id="p", no=no, provenance=prov)


def test_row_number_restored_between_neighbours() -> None:
    rows = [_row(0, None), _row(1, "2"), _row(2, "5s"), _row(3, "4"), _row(4, None), _row(5, "6")]
    infer_numbers(rows)
    assert [r.no for r in rows] == ["1", "2", "3", "4", "5", "6"]
    assert rows[2].provenance["no_read"] == "5s" and "no_inferred" in rows[2].flags
    assert "no_inferred" not in rows[1].flags


def test_row_number_left_alone_without_evidence() -> None:
    # no bracketing neighbours, a text layer, or a split cell's shared number
    rows = [_row(0, "1"), _row(1, None), _row(2, None), _row(3, "4")]
    infer_numbers(rows)
    assert [r.no for r in rows] == ["1", None, None, "4"]
    rows = [_row(0, "1", ocr=False), _row(1, None, ocr=False), _row(2, "3", ocr=False)]
    infer_numbers(rows)
    assert rows[1].no is None
    rows = [_row(0, "1"), _row(1, "1"), _row(2, "2")]
    infer_numbers(rows)
    assert [r.no for r in rows] == ["1", "1", "2"]


def test_split_cell_rows_share_the_restored_number() -> None:
    # one cell of two indicators (split in two rows) whose "2" came out "2s"
    rows = [_row(0, "1"), _row(1, "2s"), _row(2, "2s"), _row(3, "3")]
    infer_numbers(rows)
    assert [r.no for r in rows] == ["1", "2", "2", "3"]
    assert all("no_inferred" in r.flags for r in rows[1:3])
    assert not rows[0].flags and not rows[3].flags
    # the same run between 1 and 4 is two rows' worth of numbers: left as read
    rows = [_row(0, "1"), _row(1, "2s"), _row(2, "2s"), _row(3, "4")]
    infer_numbers(rows)
    assert [r.no for r in rows] == ["1", "2s", "2s", "4"]


def test_bullet_lost_by_ocr_after_a_deliberate_break() -> None:
    # Kutai medium: "- Anggaran Kas" / "NPD Kegiatan" (the second dash unread); "NPD"
    # would have fitted after "Kas", so the break is deliberate: two sources
    words = [Word("-", 639, 300, 643, 301, 93), Word("Anggaran", 647, 296, 678, 305, 96)]
    ft = FieldText(
        lines=["- Anggaran Kas", "NPD Kegiatan"],
        boxes=[(639.0, 296.0, 692.0, 305.0), (647.0, 308.0, 697.0, 317.0)],
        words=words,
        cell_bbox=(636.0, 291.0, 800.0, 345.0),
    )
    assert list_items(ft) == ["Anggaran Kas", "NPD Kegiatan"]
    # a wrapped item (the next word would not have fitted) stays one source
    ft.lines = ["- Laporan Evaluasi Kinerja Bulanan / Triwulan /", "Semesteran"]
    ft.boxes = [(639.0, 296.0, 796.0, 305.0), (647.0, 308.0, 690.0, 317.0)]
    assert list_items(ft) == ["Laporan Evaluasi Kinerja Bulanan / Triwulan / Semesteran"]


def test_sources_after_a_complete_citation() -> None:
    # Kutai row 18-1 (text layer boxes): "Permensos" would not quite have fitted
    # after "... Tahun 2022", yet a new regulation starts after a complete citation
    ft = FieldText(
        lines=[
            "Aplikasi SIKS NG",
            "Kepmensos Nomor 150 Tahun 2022",
            "Permensos Nomor 3 Tahun 2021",
        ],
        boxes=[
            (639.0, 183.8, 696.4, 192.8),
            (639.0, 194.6, 758.0, 203.6),
            (639.0, 205.4, 748.1, 214.4),
        ],
        cell_bbox=(636.0, 178.9, 800.0, 218.3),
    )
    assert list_items(ft) == [
        "Aplikasi SIKS NG",
        "Kepmensos Nomor 150 Tahun 2022",
        "Permensos Nomor 3 Tahun 2021",
    ]
    # a citation's title runs on: "Tentang" (which had no room left) continues it
    ft.lines = ["Peraturan Menteri Sosial Nomor 3 Tahun 2021", "Tentang Standar Teknis"]
    ft.boxes = [(639.0, 194.6, 790.0, 203.6), (639.0, 205.4, 720.0, 214.4)]
    assert list_items(ft) == ["Peraturan Menteri Sosial Nomor 3 Tahun 2021 Tentang Standar Teknis"]


def _grid(rows: list[list[str]]) -> Table:
    return Table(rows=[[Cell(lines=[Line(t, 4)] if t else []) for t in r] for r in rows], page=4)


def test_garbled_column_number_row_is_no_data() -> None:
    """The heavy Sampang scan reads the "1 | 2 | 3 | 4" row under its grey header
    as "hey | ok | aes | 4 4": it is dropped like the clean numbers are, and the
    first real row stays."""
    header = [
        "Sasaran / Kinerja Utama",
        "Indikator Kinerja",
        "Penjelasan / Formulasi",
        "Sumber Data",
    ]
    data = ["Meningkatnya Kesejahteraan", "Persentase PMKS", "Jumlah PMKS", "Dinsos PPPA"]
    for labels in (["hey", "ok", "aes", "4 4"], ["1", "2", "3", "4"], ["I", "II", "III", "IV"]):
        rows, _ = block_rows(Block(tables=[_grid([header, labels, data])]))
        assert [r.text("indikator") for r in rows] == ["Persentase PMKS"], labels
    # a first row with a real indicator is data, however short its other cells
    rows, _ = block_rows(Block(tables=[_grid([header, ["-", "Indeks IDG", "-", "BPS"], data])]))
    assert [r.text("indikator") for r in rows] == ["Indeks IDG", "Persentase PMKS"]


def test_list_items_under_a_repeated_header_end_the_row_before() -> None:
    """Kapuas Hulu medium scans: the last row of page 4 ends at the top of page 5,
    under the repeated header, and the rule between went: the header cell reads
    "Sumber Data" then "- Dokumen Rencana Aksi". The item joins the row before,
    which is marked joined across the page break; the header still maps."""
    header = ["No", "Sasaran", "Indikator Kinerja", "Penjelasan", "Sumber Data"]
    first = Table(
        rows=[
            [Cell([Line(t, 4)]) for t in header],
            [Cell([Line(t, 4)]) for t in ["1", "Tersusunnya", "Jumlah Dokumen", "Jumlah", "- RKA"]],
        ],
        page=4,
    )
    cells = [Cell([Line(t, 5)]) for t in header]
    cells[4] = Cell([Line("Sumber Data", 5), Line("- Dokumen Rencana Aksi", 5)])
    data = [Cell([Line(t, 5)]) for t in ["2", "Tersusunnya", "Jumlah", "Jumlah", "- DPA"]]
    second = Table(rows=[cells, data], page=5)
    rows, _ = block_rows(Block(tables=[first, second]))
    assert [r.text("no") for r in rows] == ["1", "2"]
    assert [ln.text for ln in rows[0].cells["sumber_data"].lines] == [
        "- RKA",
        "- Dokumen Rencana Aksi",
    ]
    assert rows[0].joined_pages == [5] and not rows[1].joined_pages


def _ocr_cell(text: str) -> Cell:
    words = [
        Word(t, 215 + 40 * i, 204, 250 + 40 * i, 211, 96.0) for i, t in enumerate(text.split())
    ]
    return Cell(lines=[Line(text, 16, (215, 204, 400, 211), words)])


def test_bare_row_number_in_an_ocr_indicator_cell() -> None:
    """Kutai Kartanegara numbers its indicators inside the indicator cell ("1
    Persentase ..."); where the scan's No cell came out empty, the bare number is
    still the row's number, not part of the indicator."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    raw = RawRow(cells={"no": Cell(), "indikator": _ocr_cell("2 Persentase Rekapitulasi LKH")})
    (rec,) = row_records(raw, RowContext(is_word=get_lexicon().is_known))
    assert rec["no"] == "2" and rec["indikator"] == "Persentase Rekapitulasi LKH"
    # typed text keeps a leading count that has no row number to be
    raw = RawRow(cells={"no": Cell(), "indikator": _grid([["5 Kluster KLA"]]).rows[0][0]})
    (rec,) = row_records(raw, RowContext(is_word=get_lexicon().is_known))
    assert rec["indikator"] == "5 Kluster KLA"


def test_percentage_whose_formula_lost_its_fraction_is_flagged() -> None:
    """Barito Kuala row 2-1 on a second draw of the medium scan: the fraction bar
    and the "x 100%" were not read, so the formula parses to neither a ratio nor a
    multiplier; every word was read with confidence, so nothing else flagged it."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    indikator = _ocr_cell("Persentase keluarga miskin yang terpenuhi kebutuhan dasarnya")
    formula = Cell(
        [
            *_ocr_cell("Jumlah keluarga penerima manfaat yang terpenuhi").lines,
            *_ocr_cell("Jumlah keluarga miskin yang terdata").lines,
        ]
    )
    ctx = RowContext(is_word=get_lexicon().is_known)
    (rec,) = row_records(RawRow(cells={"indikator": indikator, "formula": formula}), ctx)
    assert rec["pengali"] is None and "formula_incomplete" in rec["flags"]
    assert rec["needs_review"]
    # read whole, the same row is not flagged for it
    bar = Line("", is_rule=True)
    whole = Cell([formula.lines[0], bar, formula.lines[1], *_ocr_cell("x 100%").lines])
    (rec,) = row_records(RawRow(cells={"indikator": indikator, "formula": whole}), ctx)
    assert rec["pengali"] == 100 and "formula_incomplete" not in rec["flags"]


def test_percent_sign_read_as_96_in_a_percentage_target() -> None:
    """Tanjung Seruni rows 4-2 and 4-3 on a second draw of the medium scan: the
    target "100%" read as "10096", as tesseract reads a % sign in a formula."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    cells = {"indikator": _ocr_cell("Persentase anak terlantar"), "target": _ocr_cell("10096")}
    (rec,) = row_records(RawRow(cells=cells), ctx)
    assert rec["target"] == "100%"
    # a count is a count
    cells = {"indikator": _ocr_cell("Jumlah dokumen"), "target": _ocr_cell("10096")}
    (rec,) = row_records(RawRow(cells=cells), ctx)
    assert rec["target"] == "10096"


def test_stop_between_a_word_and_an_acronym_and_a_lone_letter() -> None:
    """Second draw of the medium scans: "Pegawai non.ASN setiap" (Kapuas row 4-8) and
    "sosial yang i terdata" (Barito row 3-2), both read with confidence."""
    assert _clean(_ocr_line("Pegawai", "non.ASN", "setiap"), "formula") == "Pegawai non ASN setiap"
    assert _clean(_ocr_line("sosial", "yang", "i", "terdata"), "formula") == "sosial yang terdata"
    # real forms stay: a prefix, the multiplication sign, a list letter
    assert _clean(_ocr_line("Laporan", "Per-triwulan"), "sumber_data") == "Laporan Per-triwulan"
    assert _clean(_ocr_line("Jumlah", "SPJ", "x", "100%"), "formula") == "Jumlah SPJ x 100%"
    assert _clean(_ocr_line("a", "Menyusun", "rencana"), "fungsi") == "a Menyusun rencana"


def _cell_of(*lines: list[Word]) -> Cell:
    return Cell(lines=[Line(" ".join(w.text for w in ws), 0, None, ws) for ws in lines])


def _words_at(x: float, top: float, *texts: str, conf: float = 93.0) -> list[Word]:
    """A line of words from ``x`` on, 7 pt high, each as wide as its text."""
    out, cur = [], x
    for t in texts:
        out.append(Word(t, cur, top, cur + 4 * len(t), top + 7, conf))
        cur += 4 * len(t) + 3
    return out


def test_speck_alone_on_a_line_and_dash_specks_glued_to_words() -> None:
    """Other draws of the medium scans: a speck read as a letter on a line of its
    own ("yang" / "i" / "terdata", Barito 3-2), and dashes glued to words by specks
    ("keluarga -miskin", "Darurat /-Jumlah", "Evaluasi-dan", "sosial-(eks")."""
    ctx = RowContext(is_word=get_lexicon().is_known)
    speck = Word("i", 60, 9.6, 62, 10.3, 90.0)  # 0.7 pt high under 7 pt letters
    cell = _cell_of(_words_at(10, 0, "sosial", "yang"), [speck], _words_at(10, 12, "terdata"))
    assert read_cell(cell, ctx, "formula").lines == ["sosial yang", "terdata"]
    # a real one-letter line at full height stays (a list letter)
    tall = Word("a", 10, 12, 14, 19, 90.0)
    cell = _cell_of(_words_at(10, 0, "Jumlah", "SPJ"), [tall])
    assert read_cell(cell, ctx, "formula").lines == ["Jumlah SPJ", "a"]

    assert _clean(_ocr_line("keluarga", "-miskin"), "sasaran") == "keluarga miskin"
    assert _clean(_ocr_line("-miskin"), "sasaran") == "miskin"
    assert (
        _clean(_ocr_line("Darurat", "/-Jumlah", "korban"), "formula") == "Darurat / Jumlah korban"
    )
    assert _clean(_ocr_line("Tim", "Evaluasi-dan", "Penilaian"), "formula") == (
        "Tim Evaluasi dan Penilaian"
    )
    assert _clean(_ocr_line("penyakit", "sosial-(eks"), "indikator") == "penyakit sosial (eks"
    # real hyphens stay: reduplication, a range's minus, a list marker opening a line
    assert _clean(_ocr_line("isu-isu", "sosial"), "indikator") == "isu-isu sosial"
    assert _clean(_ocr_line("Tahun", "2020", "-2024"), "sasaran") == "Tahun 2020 -2024"
    assert _clean(_ocr_line("-", "Laporan"), "sumber_data") == "- Laporan"


def test_dash_indented_past_the_cells_text_is_no_list_marker() -> None:
    """Tanjung Seruni 3-1, medium scan draw 1: a stacked fraction's centred second
    line read with a speck before it ("- dalam Kartu Inventaris Barang"). Taken as a
    list marker it cut the formula into two items; a marker stands at the left edge."""
    ctx = RowContext(is_word=get_lexicon().is_known)
    cell = _cell_of(
        _words_at(424, 0, "Jumlah", "barang", "yang", "tercatat"),
        [Word("-", 443, 12, 446, 13, 88.0), *_words_at(447, 9, "dalam", "Kartu")],
        _words_at(606, 18, "x", "100%"),
        _words_at(436, 27, "Jumlah", "seluruh", "barang"),
    )
    assert read_cell(cell, ctx, "formula").lines[1] == "dalam Kartu"
    # at the left edge it is a marker, even when a speck read "ip" stands further left
    ip = Word("ip", 649, 0, 656, 7, 51.0)
    cell = _cell_of(
        [ip, *_words_at(662, 0, "Laporan", "KUBE")],
        [Word("-", 654, 12, 657, 13, 93.0), *_words_at(662, 9, "Keputusan", "Kepala")],
        _words_at(660, 18, "tentang", "KUBE"),
    )
    assert read_cell(cell, ctx, "sumber_data").lines[1] == "- Keputusan Kepala"


def test_doubtful_two_letter_tokens_must_be_common_words() -> None:
    """Kutai 4-3 and Tanjung 3-7, medium scans draw 1: "he" and "Pi" read at 70 from
    specks beside a source; the dictionary knows both, so they were kept as text."""
    low = [Word("Arsip", 10, 0, 40, 7, 96.0), Word("Pi", 44, 0, 52, 7, 70.0)]
    assert _clean(low, "sumber_data") == "Arsip"
    assert _clean([low[0], Word("he", 44, 0, 52, 7, 70.0)], "sumber_data") == "Arsip"
    # common short words and three-letter dictionary words stay
    assert _clean(
        [Word("Jumlah", 10, 0, 40, 7, 96.0), Word("di", 44, 0, 52, 7, 70.0)], "formula"
    ) == ("Jumlah di")
    assert _clean(
        [Word("sosial", 10, 0, 40, 7, 96.0), Word("(eks", 44, 0, 60, 7, 40.0)], "formula"
    ) == ("sosial (eks")
    assert _clean(
        [Word("a.", 10, 0, 16, 7, 60.0), Word("Menyusun", 20, 0, 60, 7, 96.0)], "fungsi"
    ) == ("a. Menyusun")


def test_formulas_of_a_multi_indicator_cell_whose_bullet_was_lost() -> None:
    """Tanjung Seruni 5-2..5-4, medium scan draw 1: three bulleted indicators, and
    their three formulas with the second "-" lost. Each formula still ends in "x
    100%", so the cell is cut there and every indicator gets its own formula."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    ind = _cell_of(
        _words_at(238, 0, "-", "Persentase", "data", "DTKS"),
        _words_at(238, 9, "-", "Persentase", "kelurahan"),
        _words_at(238, 18, "-", "Persentase", "usulan"),
    )
    frm = _cell_of(
        _words_at(418, 0, "-", "Jumlah", "data", "DTKS", "valid", "/"),
        _words_at(423, 9, "Jumlah", "data", "DTKS", "x", "100%"),
        _words_at(424, 18, "Jumlah", "kelurahan", "/", "Jumlah", "seluruh", "kelurahan"),
        _words_at(423, 27, "x", "100%"),
        _words_at(418, 36, "-", "Jumlah", "usulan", "/", "Jumlah", "usulan", "dikirim"),
        _words_at(424, 45, "x", "100%"),
    )
    recs = row_records(RawRow(cells={"indikator": ind, "formula": frm}), ctx)
    assert [r["penyebut"] for r in recs] == [
        "Jumlah data DTKS",
        "Jumlah seluruh kelurahan",
        "Jumlah usulan dikirim",
    ]
    # a stacked fraction's multiplier beside its bar closes no formula: the cell stays
    # one fraction (given whole to each indicator, as any unpaired formula is)
    frm = _cell_of(
        _words_at(424, 0, "Jumlah", "izin", "diterbitkan"),
        _words_at(492, 9, "kerja", "x", "100%"),
        _words_at(439, 18, "Jumlah", "permohonan", "izin"),
    )
    two = _cell_of(
        _words_at(238, 0, "-", "Persentase", "izin"), _words_at(238, 9, "-", "Jumlah", "izin")
    )
    recs = row_records(RawRow(cells={"indikator": two, "formula": frm}), ctx)
    assert [r["penyebut"] for r in recs] == ["Jumlah permohonan izin"] * 2


def test_header_cell_over_two_numbered_columns_is_shared_out() -> None:
    """Sampang heavy scan, another draw: the rule between the "Indikator Kinerja" and
    "Penjelasan / Formulasi" header cells faded, so they read as one cell merged
    across two columns, like a header over sub-columns. The row numbering the
    columns shows they are two: the header words go by the column edge."""

    def cell(text: str, x0: float, top: float) -> Cell:
        words = _words_at(x0, top, *text.split())
        return Cell(lines=[Line(text, 6, None, words)], bbox=(x0, top, x0 + 100, top + 10))

    header = [
        cell("Sasaran", 51, 0),
        cell("Indikator Kinerja", 169, 0),
        Cell(joined_left=True),
        cell("Sumber Data", 487, 0),
    ]
    header[1].lines[0].words.extend(_words_at(300, 0, "Penjelasan", "/", "Formulasi"))
    numbers = [cell(str(i), x, 15) for i, x in ((1, 51), (2, 169), (3, 297), (4, 487))]
    data = [
        cell("Meningkatnya", 51, 30),
        cell("Persentase PMKS", 169, 30),
        cell("Jumlah PMKS", 297, 30),
        cell("Dinsos", 487, 30),
    ]
    table = Table(rows=[header, numbers, data], page=6, ruled=True, source="grid")
    rows, _ = block_rows(Block(tables=[table]))
    assert [(r.text("indikator"), r.text("formula")) for r in rows] == [
        ("Persentase PMKS", "Jumlah PMKS")
    ]
    # without the numbers the merged header owns both columns, as over sub-columns
    table = Table(rows=[header, data], page=6, ruled=True, source="grid")
    rows, _ = block_rows(Block(tables=[table]))
    assert rows[0].text("formula") == ""


def test_stops_glued_to_an_acronym_or_a_number_mid_phrase() -> None:
    """Tanjung Seruni 4-1 and 1-7, medium scan draw 3: "Jumlah PPKS.yang" and
    "minimal 20. jam pelajaran", read with confidence."""
    assert _clean(_ocr_line("Jumlah", "PPKS.yang", "mendapatkan"), "formula") == (
        "Jumlah PPKS yang mendapatkan"
    )
    assert _clean(_ocr_line("minimal", "20.", "jam", "pelajaran"), "indikator") == (
        "minimal 20 jam pelajaran"
    )
    # a list number opening a line, or before a capital, stays
    assert _clean(_ocr_line("2.", "Menyusun"), "indikator") == "2. Menyusun"
    assert _clean(_ocr_line("Nomor", "5.", "Tahun"), "sumber_data") == "Nomor 5. Tahun"


def test_specks_joining_a_function_word_or_splitting_a_word() -> None:
    """Medium scans, other draws: "dan-Evaluasi" (Kutai Kartanegara, draw 5),
    "dan.Pendamping" (Tanjung Seruni, draw 3), "Y.ang" (Barito Kuala, draw 4) and
    "diterima - x 100%" (Tanjung Seruni, draw 5), all read with confidence."""
    line = _ocr_line("Pengendalian", "dan-Evaluasi", "Pelaksanaan")
    assert _clean(line, "sasaran") == "Pengendalian dan Evaluasi Pelaksanaan"
    assert _clean(_ocr_line("TKSK", "dan.Pendamping", "KUBE"), "formula") == (
        "TKSK dan Pendamping KUBE"
    )
    assert _clean(_ocr_line("Kecamatan", "Y.ang", "Memiliki"), "indikator") == (
        "Kecamatan Yang Memiliki"
    )
    line = _ocr_line("yang", "diterima", "-", "x", "100%")
    assert _clean(line, "formula") == "yang diterima x 100%"
    assert _clean(_ocr_line("-", "100%"), "formula") == "100%"  # the line after "... x"
    assert _clean(_ocr_line("-", "Jumlah", "PMKS"), "formula") == "- Jumlah PMKS"
    # a dash between words, a split that joins into no word, and "a.n" stay
    assert _clean(_ocr_line("Aplikasi", "M", "-", "Gaji"), "sumber_data") == "Aplikasi M - Gaji"
    assert _clean(_ocr_line("Data", "K.bpk", "Desa"), "sumber_data") == "Data K.bpk Desa"
    assert _clean(_ocr_line("Surat", "a.n", "Kepala"), "sumber_data") == "Surat a.n Kepala"


def _text_cell(text: str, x0: float, top: float, page: int = 7) -> Cell:
    words = _words_at(x0, top, *text.split()) if text else []
    return Cell(
        lines=[Line(text, page, None, words)] if text else [], bbox=(x0, top, x0 + 90, top + 10)
    )


def test_column_split_by_noise_lines_is_folded_back() -> None:
    """Kapuas Hulu heavy scan, draw 3, page 7: two stray vertical lines split the
    sasaran column in three; its header word sat in the third part, its text in the
    first. The empty parts fold into the first, so the sasaran is read."""
    header = [
        _text_cell("No", 40, 0),
        _text_cell("", 60, 0),
        _text_cell("", 100, 0),
        _text_cell("Sasaran", 140, 0),
        _text_cell("Indikator Kinerja", 200, 0),
        _text_cell("Sumber Data", 300, 0),
    ]
    rows = [
        [
            _text_cell(str(k), 40, 20 * k),
            _text_cell(f"Tersedianya Jasa {k}", 60, 20 * k),
            _text_cell("", 100, 20 * k),
            _text_cell("", 140, 20 * k),
            _text_cell(f"Jumlah Laporan {k}", 200, 20 * k),
            _text_cell("Daftar Rapat", 300, 20 * k),
        ]
        for k in (1, 2)
    ]
    raw, _ = block_rows(Block(tables=[Table(rows=[header, *rows], page=7, source="grid")]))
    assert [(r.text("sasaran"), r.text("indikator")) for r in raw] == [
        ("Tersedianya Jasa 1", "Jumlah Laporan 1"),
        ("Tersedianya Jasa 2", "Jumlah Laporan 2"),
    ]
    # an empty column with a header of its own ("Target" left blank) stays
    header[2] = _text_cell("Target", 100, 0)
    raw, _ = block_rows(Block(tables=[Table(rows=[header, *rows], page=7, source="grid")]))
    assert all(r.text("sasaran") == "" for r in raw)


def test_header_cell_over_columns_that_hold_text_is_shared_out() -> None:
    """Kapuas Hulu heavy scan, draw 1, page 9: "Indikator Kinerja Penjelasan /
    Formulasi Perhitungan Sumber Data" read as one header cell over three columns,
    each of which holds text in every row; no column-number row. The words go by
    the columns' edges. Sub-columns holding "x" and "100%" keep their header's."""
    head = _text_cell("Indikator Kinerja", 100, 0)
    head.lines[0].words.extend(_words_at(200, 0, "Penjelasan", "/", "Formulasi"))
    head.lines[0].words.extend(_words_at(300, 0, "Sumber", "Data"))
    header = [_text_cell("Sasaran", 10, 0), head, Cell(joined_left=True), Cell(joined_left=True)]
    rows = [
        [
            _text_cell(f"Terlaksananya Data {k}", 10, 20 * k),
            _text_cell(f"Jumlah Laporan {k}", 100, 20 * k),
            _text_cell("Pengelolaan Data Terpadu", 200, 20 * k),
            _text_cell("Bidang Sosial", 300, 20 * k),
        ]
        for k in (1, 2)
    ]
    raw, _ = block_rows(Block(tables=[Table(rows=[header, *rows], page=9, source="grid")]))
    assert [(r.text("indikator"), r.text("formula"), r.text("sumber_data")) for r in raw] == [
        (f"Jumlah Laporan {k}", "Pengelolaan Data Terpadu", "Bidang Sosial") for k in (1, 2)
    ]
    # "x" and "100%" under a formula header are its sub-columns
    frm = _text_cell("Penjelasan Formulasi", 100, 0)
    header = [
        _text_cell("Indikator Kinerja", 10, 0),
        frm,
        Cell(joined_left=True),
        Cell(joined_left=True),
    ]
    rows = [
        [
            _text_cell(f"Persentase Dokumen {k}", 10, 20 * k),
            _text_cell("Jumlah Dokumen", 100, 20 * k),
            _text_cell("x", 200, 20 * k),
            _text_cell("100%", 230, 20 * k),
        ]
        for k in (1, 2)
    ]
    raw, _ = block_rows(Block(tables=[Table(rows=[header, *rows], page=9, source="grid")]))
    assert [r.text("formula") for r in raw] == ["Jumlah Dokumen x 100%"] * 2


def test_row_number_read_with_a_comma_in_the_indicator_cell() -> None:
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    cells = {"indikator": _ocr_cell("4, Dokumen Rencana Program")}
    (rec,) = row_records(RawRow(cells=cells), ctx)
    assert (rec["no"], rec["indikator"]) == ("4", "Dokumen Rencana Program")


def test_quote_and_dash_specks_between_a_number_or_function_word_and_a_word() -> None:
    """Draw 6 medium scans: "rehabilitasi sosial dasar'di luar panti" (Tanjung
    Seruni 4-1) and an indicator numbered "3.-Dokumen" (Kutai Kartanegara 2-3)."""
    assert _clean(_ocr_line("sosial", "dasar'di", "luar"), "formula") == "sosial dasar di luar"
    assert _clean(_ocr_line("dan’Evaluasi"), "indikator") == "dan Evaluasi"
    assert _clean(_ocr_line("3.-Dokumen", "Rencana"), "indikator") == "3. Dokumen Rencana"
    # a name's apostrophe and a number's range stay
    assert _clean(_ocr_line("hari", "Jum'at"), "formula") == "hari Jum'at"
    assert _clean(_ocr_line("2020-2024"), "indikator") == "2020-2024"


def test_speck_before_a_target_number() -> None:
    """Tanjung Seruni medium scan (draw 5), row 1-2: target "*95%"."""
    assert _clean(_ocr_line("*95%"), "target") == "95%"
    assert _clean(_ocr_line("'14", "Laporan"), "target") == "14 Laporan"


def test_real_word_one_letter_from_a_frequent_decree_word_is_flagged() -> None:
    """Kapuas Hulu medium scans: "Kekerasan dati Titik Debarkasi" (draw 2) and
    "Register Penutupan has" (draw 5) were read at full confidence; both are real
    words, so only their closeness to a frequent decree word ("dari", "kas")
    makes them doubtful. Typed text is not checked."""
    from normalize.indicators import row_records
    from normalize.noise import make_context
    from normalize.rows import RawRow

    ctx = make_context(ParsedDocument(), "pdf-scan")

    def flags(cell: Cell) -> tuple[list[str], dict[str, Any]]:
        (rec,) = row_records(
            RawRow(cells={"no": Cell(), "sasaran": cell, "indikator": _ocr_cell("Jumlah Laporan")}),
            ctx,
        )
        return rec["flags"], rec["provenance"].get("ocr", {}).get("sasaran", {})

    flagged, evidence = flags(_ocr_cell("Korban Kekerasan dati Titik Debarkasi"))
    assert "confusable_word" in flagged and evidence["confusable"][0].startswith("dati -> ")
    flagged, _ = flags(_ocr_cell("Korban Kekerasan dari Titik Debarkasi"))
    assert "confusable_word" not in flagged
    flagged, _ = flags(_grid([["Korban Kekerasan dati Titik Debarkasi"]]).rows[0][0])
    assert "confusable_word" not in flagged


def test_speck_beside_a_row_number() -> None:
    """Tanjung Seruni medium scan (draw 6), page 8: the No cell read "2." and a
    speck "1" (1 pt high beside a 6.5 pt digit); the speck goes, the number stays."""
    ctx = RowContext(is_word=get_lexicon().is_known)
    number, speck = Word("2.", 65, 250, 72, 256.5, 96.0), Word("1", 65, 257, 66, 258, 39.0)
    assert read_cell(_cell_of([number], [speck]), ctx, "no").lines == ["2."]
    assert _clean([number, Word("1", 75, 255, 76, 256, 39.0)], "no") == "2."
    assert read_cell(_cell_of([Word("12", 65, 250, 75, 256.5, 96.0)]), ctx, "no").lines == ["12"]


def test_list_marker_with_a_speck_after_it() -> None:
    """Tanjung Seruni heavy scan (draw 6), page 6: the second of three indicators
    in one cell opened "-. Persentase kelurahan"; read as no marker, it ran into
    the first."""
    assert _clean(_ocr_line("-.", "Persentase", "kelurahan"), "indikator") == (
        "- Persentase kelurahan"
    )
    assert _clean(_ocr_line("-,", "Data", "KUBE"), "sumber_data") == "- Data KUBE"


def test_colon_speck_between_an_acronym_and_a_word() -> None:
    """Sampang medium scan (draw 7), row 7-1: "Jumlah PD:yang melaksanakan PPRG"."""
    assert _clean(_ocr_line("Jumlah", "PD:yang", "melaksanakan"), "formula") == (
        "Jumlah PD yang melaksanakan"
    )


def test_capital_letter_alone_between_words_is_flagged() -> None:
    """Kutai Kartanegara medium scans (draws 2, 5, 6, 7), row 6-2: the thin dash of
    "Aplikasi M - Gaji" is never read, leaving "Aplikasi M Gaji" at confidence 96.
    No key field of a decree has a capital standing alone between words."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    cells = {"no": Cell(), "indikator": _ocr_cell("Jumlah Laporan Gaji")}
    (rec,) = row_records(RawRow(cells={**cells, "sumber_data": _ocr_cell("Aplikasi M Gaji")}), ctx)
    assert "lone_letter" in rec["flags"]
    (rec,) = row_records(
        RawRow(cells={**cells, "sumber_data": _ocr_cell("Aplikasi M - Gaji")}), ctx
    )
    assert "lone_letter" not in rec["flags"]
    typed = _grid([["Aplikasi M Gaji"]]).rows[0][0]
    (rec,) = row_records(RawRow(cells={**cells, "sumber_data": typed}), ctx)
    assert "lone_letter" not in rec["flags"]


def test_indicator_left_with_its_list_bullet_is_flagged() -> None:
    """Tanjung Seruni medium scan (draw 10), row 7-3: the cell lists two indicators,
    each after a dash; the second dash was not read, so both came out as one
    indicator still opening with the first dash, unflagged at confidence 0.95."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    first = "Jumlah anak yang memerlukan perlindungan khusus yang didampingi"
    second = "Jumlah anak yang dirujuk ke Lembaga Kesejahteraan Sosial Anak (LKSA)"
    lost = row_records(
        RawRow(cells={"no": Cell(), "indikator": _ocr_lines(f"- {first}", second)}), ctx
    )
    assert len(lost) == 1 and "lone_bullet" in lost[0]["flags"] and lost[0]["needs_review"]
    both = row_records(
        RawRow(cells={"no": Cell(), "indikator": _ocr_lines(f"- {first}", f"- {second}")}), ctx
    )
    assert [r["indikator"] for r in both] == [first, second]
    assert not any("lone_bullet" in r["flags"] for r in both)


def test_parenthesis_closed_only_on_a_cell_s_last_line() -> None:
    """Sampang medium scan (draw 4), row 1-3: the sasaran's last line "(KLA}."; a
    parenthesis left open at the end of another line goes on in the next."""
    from normalize.noise import make_context

    ctx = make_context(ParsedDocument(), "pdf-scan")
    sasaran = _ocr_lines("Mewujudkan Implementasi Kabupaten", "Layak Anak (KLA}.")
    assert read_cell(sasaran, ctx, "sasaran").lines[-1] == "Layak Anak (KLA)"
    listed = _ocr_lines("Laporan Kinerja (LKjIP,", "SKP dan LKH)")
    assert read_cell(listed, ctx, "sumber_data").lines == [
        "Laporan Kinerja (LKjIP,",
        "SKP dan LKH)",
    ]


def test_fraction_side_ending_in_a_bare_number_is_flagged() -> None:
    """Tanjung Seruni medium scan (draw 13), row 5-1: the numerator came out
    "... pada masa tanggap darurat 09", unflagged at confidence 0.95."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    ctx = RowContext(is_word=get_lexicon().is_known)
    ind = {"no": Cell(), "indikator": _ocr_cell("Persentase korban bencana")}

    def flags(formula: str) -> list[str]:
        (rec,) = row_records(RawRow(cells={**ind, "formula": _ocr_cell(formula)}), ctx)
        return rec["flags"]

    assert "stray_number" in flags("Jumlah korban darurat 09 / Jumlah korban bencana x 100%")
    assert "stray_number" not in flags("Jumlah korban darurat / Jumlah korban bencana x 100%")
    assert "stray_number" not in flags("Jumlah korban tahun 2023 / Jumlah korban x 100%")


def test_speck_read_as_a_digit_leaves_the_sasaran_cell_empty() -> None:
    """Tanjung Seruni medium scan (draw 8), page 6: row 5 prints no sasaran (it
    shares row 4's), but a 1 pt speck in its sasaran cell was read as "5", so
    the cell did not take row 4's sasaran. A full-height "5" is text and stays."""
    header = [_text_cell(t, 10 + 100 * i, 0) for i, t in enumerate(["No", "Sasaran", "Indikator"])]
    row4 = [_text_cell("4.", 10, 20), _text_cell("Meningkatnya kesiapsiagaan", 110, 20)]
    row4.append(_text_cell("Jumlah anggota Tagana", 210, 20))
    speck = Cell(lines=[Line("5", 7, None, [Word("5", 175, 52, 176, 53, 40.0)])])
    row5 = [_text_cell("5.", 10, 40), speck, _text_cell("Jumlah Kampung Siaga", 210, 40)]
    table = Table(rows=[header, row4, row5], page=7, source="aligned")
    raw, _ = block_rows(Block(tables=[table]))
    assert raw[1].text("sasaran") == "Meningkatnya kesiapsiagaan" and "sasaran" in raw[1].inherited
    row5[1] = _text_cell("5", 110, 40)
    raw, _ = block_rows(Block(tables=[Table(rows=[header, row4, row5], page=7, source="aligned")]))
    assert raw[1].text("sasaran") == "5"


def test_stop_speck_between_a_capitalised_word_and_an_acronym() -> None:
    """Kutai Kartanegara medium scan (draw 8), row 17-2: "Kelembagaan Sosial.PSKS"."""
    assert _clean(_ocr_line("Kelembagaan", "Sosial.PSKS"), "sasaran") == "Kelembagaan Sosial PSKS"


def _ocr_lines(*texts: str) -> Cell:
    lines = []
    for k, text in enumerate(texts):
        top = 204 + 12 * k
        words = [
            Word(t, 215 + 40 * i, top, 250 + 40 * i, top + 7, 96.0)
            for i, t in enumerate(text.split())
        ]
        lines.append(Line(text, 16, (215, top, 400, top + 7), words))
    return Cell(lines=lines)


def test_item_numbers_standing_in_for_an_unread_row_number_are_flagged() -> None:
    """Tanjung Seruni row 6-2 on a medium scan (draw 7): the row's No cell ("2")
    was not read, and its cell lists two numbered indicators; the items' own "1."
    and "2." became the rows' numbers, the first clashing with the row above.
    Every word was read with confidence: only the missing number tells."""
    from normalize.indicators import row_records
    from normalize.rows import RawRow

    indikator = _ocr_lines(
        "1. Jumlah Kelompok Usaha Bersama yang dibentuk",
        "2. Jumlah KUBE yang mendapatkan bantuan",
    )
    formula = _ocr_lines("KUBE yang ditetapkan", "KUBE penerima bantuan")
    ctx = RowContext(is_word=get_lexicon().is_known)
    cells = {"no": Cell(), "indikator": indikator, "formula": formula}
    recs = row_records(RawRow(cells=cells), ctx)
    assert [r["no"] for r in recs] == ["1", "2"]
    assert all("missing_no" in r["flags"] and r["needs_review"] for r in recs)
    # with the row's own number read, both items take it, and nothing is missing
    recs = row_records(RawRow(cells={**cells, "no": _ocr_cell("2")}), ctx)
    assert [r["no"] for r in recs] == ["2", "2"]
    assert not any("missing_no" in r["flags"] for r in recs)
