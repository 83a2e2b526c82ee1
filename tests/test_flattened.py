"""parsers.flattened: raw Tesseract text of a scanned decree whose tables were
flattened into lines (seed 001, Kabupaten Kutai Kartanegara) -> blocks and rows.

Excerpts are cut from the real seed by their first and last lines."""

from __future__ import annotations

from functools import cache

import pytest

from domain.structure import Block, ParsedDocument, Table
from evaluation.score import score_result
from ingest.pipeline import process_file
from normalize.formula import parse_formula
from parsers.flattened import parse_flattened
from parsers.flattened_cues import header_kinds, is_pct, is_qty, tokenize
from parsers.flattened_features import LineFeatures
from parsers.flattened_split import ColumnState, split_line
from tests.conftest import SAMPLES, truth

SEED = SAMPLES / "text" / "kutai_kartanegara.txt"
COLS = ["sasaran", "indikator", "formula", "sumber_data"]


@cache
def _lines() -> tuple[str, ...]:
    return tuple(SEED.read_text(encoding="utf-8").splitlines())


def _excerpt(first: str, last: str, after: str = "") -> str:
    """Seed lines from the one starting with ``first`` (the first such line after
    one starting with ``after``) to the next one starting with ``last``."""
    lines = _lines()
    k = next(i for i, ln in enumerate(lines) if ln.startswith(after)) if after else 0
    a = next(i for i in range(k, len(lines)) if lines[i].startswith(first))
    b = next(i for i in range(a, len(lines)) if lines[i].startswith(last))
    return "\n".join(lines[a : b + 1])


@cache
def _whole() -> ParsedDocument:
    return parse_flattened(SEED.read_text(encoding="utf-8"))


def _only_block(text: str) -> Block:
    doc = parse_flattened(text)
    assert len(doc.blocks) == 1
    return doc.blocks[0]


def _data(table: Table) -> list[list[list[str]]]:
    """Data rows as cell line texts (header row dropped)."""
    return [[[ln.text for ln in c.lines] for c in row] for row in table.rows[1:]]


def _texts(lines: list) -> list[str]:
    return [ln.text for ln in lines]


# ---- cues -------------------------------------------------------------------------


def test_ruling_line_debris_becomes_a_flag_not_a_word() -> None:
    toks = tokenize("1. Mﬁni'n.gkah'fya Kualitas Pelayanan| - Persentase Pelayanan")
    assert [t.text for t in toks][:5] == ["1.", "Mﬁni'n.gkah'fya", "Kualitas", "Pelayanan", "-"]
    assert [t.pipe_before for t in toks][3:5] == [False, True]


@pytest.mark.parametrize("word", ["Jumlah", "Jumiah", "Jumilah", "Jumah", "[Jumlah"])
def test_quantity_word_in_its_ocr_forms(word: str) -> None:
    assert is_qty(word)


def test_persentase_spellings_but_not_other_p_words() -> None:
    assert is_pct("Persentase") and is_pct("Presentase")
    assert not is_pct("Pelaksanaan") and not is_pct("Perencanaan")


def test_damaged_header_lines_still_name_their_columns() -> None:
    kinds = header_kinds("No. Sasaran Program Indikator Kinerja =Are Bertvegon. | Sumber Data")
    assert kinds is not None and {"sasaran", "indikator", "sumber_data"} <= set(kinds)
    assert header_kinds("INDIKATOR KINERJA PENJELASAN (FORMULASIPERHITUNGAN)") == [
        "indikator",
        "formula",
    ]
    # a data line that mentions a sasaran is not a header
    assert header_kinds("Tersedianya Dokumen Rencana Program dan Kegiatan Lintas Sektoral") is None


def test_row_first_line_is_cut_at_its_cues() -> None:
    line = (
        "Tersedianya Dokumen Rencana 2. Dokumen Rencana Kebijakan Strategis Jangka Pendek "
        "Jumilah Dokumen - Dokumen RENJA /| RKT"
    )
    f = LineFeatures.of(tokenize(line))
    split = split_line(f, COLS, {}, ColumnState({}, True, 2, False))
    pieces = {col: f.text(i, j) for col, i, j in split.parts}
    assert pieces == {
        "sasaran": "Tersedianya Dokumen Rencana",
        "indikator": "2. Dokumen Rencana Kebijakan Strategis Jangka Pendek",
        "formula": "Jumilah Dokumen",
        "sumber_data": "- Dokumen RENJA / RKT",
    }
    assert not split.guessed and split.margin > 0.5


def test_side_by_side_cells_repeating_a_phrase_are_cut_at_the_repeat() -> None:
    line = "Sumber Daya Manusia dan Sumber Daya Manusia dan Lembaga"
    f = LineFeatures.of(tokenize(line))
    state = ColumnState(
        {
            "sasaran": ["Meningkatnya Kemampuan"],
            "indikator": ["Jumlah Sertifikat yang dari Hasil Peningkatan"],
            "formula": ["Jumlah sertifikat"],
            "sumber_data": ["- DTKS"],
        },
        True,
        2,
        True,
    )
    widths = {"sasaran": 28.0, "indikator": 48.0, "formula": 34.0, "sumber_data": 20.0}
    split = split_line(f, COLS, widths, state)
    assert [(c, f.text(i, j)) for c, i, j in split.parts] == [
        ("sasaran", "Sumber Daya Manusia dan"),
        ("indikator", "Sumber Daya Manusia dan Lembaga"),
    ]


# ---- blocks and header forms ---------------------------------------------------------


def test_whole_seed_segments_into_its_eighteen_jabatan_blocks() -> None:
    doc = _whole()
    jabatan = [" ".join(_texts(b.jabatan)) for b in doc.blocks]
    assert len(jabatan) == 18
    assert jabatan[:3] == [
        "Sekretaris",
        "Perencana Muda / Sub Koordinator Penyusunan Program dan Keuangan",
        "Bendahara Pengeluaran",
    ]
    assert jabatan[9] == "PENGELOLA FASILITAS SOSIAL DAN UMUM"
    assert jabatan[-1] == "ANALIS MASALAH SOSIAL"
    assert "KABUPATEN KUTAI KARTANEGARA" in _texts(doc.preamble)
    # every block got its table, and the rows under each
    assert all(len(b.tables) == 1 and len(b.tables[0].rows) > 1 for b in doc.blocks)


def test_signature_under_a_table_belongs_to_its_block() -> None:
    doc = _whole()
    first = _texts(doc.blocks[0].signature)
    assert first[0] == "Tenggarong, 31 fanuari 2023"
    assert first[-1] == "NIP. 19680706 199403 1 013"
    # caption, name and rank printed above a NIP, with no date line before them
    assert _texts(doc.blocks[13].signature)[:2] == [
        "Analis SDM Aparatur Sub Koordinator Kepegawaian,",
        "Mohd. Ery Faisyal, S.Sos. .M.",
    ]
    assert doc.blocks[2].signature == []  # the Bendahara block ends without one


def test_inline_header_form() -> None:
    block = _only_block(
        _excerpt("INDIKATOR KINERJA INDIVIDU", "Tenggarong, 31 Januar 2023", after="NIP. 1968")
    )
    assert _texts(block.jabatan) == [
        "Perencana Muda / Sub Koordinator Penyusunan Program dan Keuangan"
    ]
    assert _texts(block.tugas)[0].startswith("Menyiapkan, mengkaji, merumuskan kebijakan")
    assert len(block.fungsi) == 6 and block.fungsi[0].text.startswith("1. Identifikasi")


def test_labels_first_header_form() -> None:
    block = _only_block(_excerpt("PERANGKAT DAERAH", "NIP. 19661208"))
    assert _texts(block.organisasi) == ["DINAS SOSIAL"]
    assert _texts(block.jabatan) == ["PENGELOLA FASILITAS SOSIAL DAN UMUM"]
    assert block.tugas[-1].text == "dapat berjalan sesuai dengan yang diinginkan."
    fungsi = _texts(block.fungsi)
    assert len(fungsi) == 3
    assert fungsi[0].startswith("Mengkoordinasikan dengan unit-unit terkait")
    assert fungsi[1].startswith("- Mengevaluasi") and fungsi[2].startswith("- Melaksanakan")


def test_label_broken_over_lines_by_ocr() -> None:
    block = _only_block(_excerpt("PERANG", "NIP. 19861215", after="NIP. 1904022010011029"))
    assert _texts(block.organisasi) == ["DINAS SOSIAL"]
    assert _texts(block.jabatan) == ["ANALIS MASALAH SOSIAL"]
    assert _texts(block.tugas) == [
        "Melakukan Analisa Masalah Sosial berdasarkan Data Terpadu Kesejahteraan Sosial"
    ]


def test_fungsi_items_that_lost_their_markers_are_marked_again() -> None:
    block = _only_block(
        _excerpt("PERANGKAT DAERAH", "NIP. 19790416 200701 1 016", after="Mengetahui")
    )
    fungsi = _texts(block.fungsi)
    assert len(fungsi) == 9  # one item per printed line, each closed by ";" or ","
    assert fungsi[0].startswith("Menganalisis") and fungsi[1].startswith("- Menyusun")


# ---- rows ---------------------------------------------------------------------------


def test_clean_rows_are_sure_and_guessed_ones_are_not() -> None:
    block = _only_block(
        _excerpt("INDIKATOR KINERJA INDIVIDU", "Tenggarong, 31 Januar 2023", after="NIP. 1968")
    )
    table = block.tables[0]
    rows = _data(table)
    assert len(rows) == 9
    assert rows[0] == [
        ["1"],
        ["Tersedianya Laporan Analisis", "Program dan Kegiatan"],
        ["Laporan Formulasi Sajian Analisis"],
        ["Jumlah Laporan"],
        ["- Dokumen RPJMD", "- Dokumen RENSTRA"],
    ]
    assert table.row_certainty[1] >= 0.9 and table.row_notes[1] == []
    # row 8's indicator opens with "Jumiah" after its number: the formula is the next one
    assert rows[7][2][0] == "Jumiah Orang Yang Menerima Gaji dan Tunjangan"
    assert rows[7][3][0] == "Jumilah Orang Yang Dibayarkan Gaji dan Tunjangan ASN"
    # "Pengendalian dan Evaluasi Perencanaan Pembangunan" cannot be cut by a cue
    assert table.row_certainty[7] < 0.8 and "columns_guessed" in table.row_notes[7]


def test_stacked_fraction_keeps_its_lines() -> None:
    block = _only_block(_excerpt("INDIKATOR KINERJA INDIVIDU", "NIP. 19680706"))
    row = _data(block.tables[0])[0]
    assert row[2] == ["Persentase Pelayanan Administrasi Perkantoran"]
    assert row[3] == [
        "Jumiah Kegiatan",
        "Yang Terealisasi x",
        "Jumiah Kegiatan 100",
        "Yang Harus",
        "Dilaksanakan",
    ]
    parts = parse_formula(row[3])
    assert parts.is_ratio and parts.pengali == 100
    assert parts.penyebut == "Jumiah Kegiatan Yang Harus Dilaksanakan"
    # eight source items, their OCR'd markers ("=", ".", '"') read as "-"
    assert len(row[4]) == 8 and all(item.startswith("- ") for item in row[4])
    assert row[4][2] == "- Dokumen Rencana Kinerja Tahunan (RKT)"


def test_sources_printed_after_the_table_are_kept_and_flagged() -> None:
    block = _only_block(_excerpt("INDIKATOR KINERJA INDIVIDU", "NIP. 19660501", after="Pajak"))
    table = block.tables[0]
    rows = _data(table)
    assert [r[0] for r in rows] == [["1"], ["2"], ["3"], ["5"]]
    assert rows[-1][4] == [
        "- Peraturan Bupati tentang Pertanggung Jawaban Belanja",
        "- SPP-SPM",
    ]
    assert "orphan_text" in table.row_notes[-1] and table.row_certainty[-1] < 0.8
    assert "row_number_skipped" in table.row_notes[-1]
    # the rows with no source of their own may be the owners: flagged too
    for k in (2, 3):
        assert "sumber_unassigned" in table.row_notes[k] and table.row_certainty[k] < 0.8


def test_sasaran_read_as_its_own_paragraph_goes_to_the_row_below() -> None:
    block = _only_block(
        _excerpt("INDIKATOR KINERJA INDIVIDU", "NIP. 197908172001121006", after="NIP. 19850730")
    )
    table = block.tables[0]
    row = _data(table)[-1]
    assert row[0] == ["4"]
    assert row[1] == [
        "Terpenuhinya Keluarga pada KAT",
        "yang Mendapatkan Fasilitas",
        "Pemberdayaan Sosial",
        "Kewenangan Kabupaten/Kota",
    ]
    assert row[2][0] == "Jumlah Keluarga pada KAT yang Mendapatkan"
    assert row[3] == ["Jumiah keluarga"] and row[4] == ["- DTKS"]
    assert "sasaran_from_paragraph" in table.row_notes[-1]


def test_rows_under_a_spanning_sasaran_start_at_persentase() -> None:
    block = _only_block(_excerpt("PERANGKAT DAERAH", "NIP. 19661208"))
    rows = _data(block.tables[0])
    assert len(rows) == 7
    assert rows[0][0] == ["1"] and all(r[0] == [] and r[1] == [] for r in rows[1:])
    assert all(r[2][0].startswith("Presentase") for r in rows)
    assert all(r[3][0].split()[0] in ("Jumlah", "Jumiah") and "x 100%" in r[3][0] for r in rows)


# ---- end to end -----------------------------------------------------------------------


def test_end_to_end_recall_and_catch_rate() -> None:
    result = process_file(SEED)
    sc = score_result(truth("kutai_kartanegara"), result, "kutai_kartanegara")
    assert result.document.status == "ok"
    assert sc.position_recall == 1.0
    assert sc.row_recall >= 0.85, sc.errors[:10]
    assert sc.catch_rate >= 0.9
    # rows are not all flagged, and the unflagged ones are mostly right
    assert sc.unflagged >= 5 and sc.clean_precision >= 0.7
    assert all(i.flags for i in result.indicators if i.needs_review)


def test_nothing_read_is_dropped() -> None:
    """Every word of the seed's table spans ends up in some cell (header lines aside)."""
    doc = _whole()
    cells = " ".join(
        ln.text
        for b in doc.blocks
        for t in b.tables
        for r in t.rows[1:]
        for c in r
        for ln in c.lines
    )
    for word in ("Peraturan", "SPP-SPM", "Inspektorat", "Prognesis", "Puskesos"):
        assert word in cells


def test_a_failing_recovery_keeps_the_lines_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    import parsers.flattened as flattened

    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(flattened, "recover_table", broken)
    block = _only_block(_excerpt("INDIKATOR KINERJA INDIVIDU", "NIP. 19660501", after="Pajak"))
    table = block.tables[0]
    rows = _data(table)
    assert rows[0][2][0].startswith("1. |Terlaksananya verifikasi berkas 1. Dokumen")
    assert rows[-1][2] == ["SPP-SPM"]
    assert all(c == 0.2 for c in table.row_certainty[1:])
    assert all(n == ["recovery_failed"] for n in table.row_notes[1:])


def test_a_table_without_its_block_header_still_gives_rows() -> None:
    doc = parse_flattened(
        _excerpt(
            "No. Sasaran Aktivitas", "5 [Terlaksananya Setoran Pajak-", after="2. Tugas . Membantu"
        )
    )
    assert len(doc.blocks) == 1 and doc.blocks[0].jabatan == []
    rows = _data(doc.blocks[0].tables[0])
    assert [r[0] for r in rows] == [["1"], ["2"], ["3"], ["4"], ["5"]]
    assert rows[2][2:4] == [["Setoran Sisa Pembayaran"], ["Jumlah Setoran Sisa Pembayaran"]]
