"""Column mapping with the header variants found in the four seed decrees."""

import pytest

from normalize.columns import is_column_number_row, is_header_row, map_headers


def canon(headers: list[str]) -> list[str | None]:
    return [m.canonical for m in map_headers(headers)]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (  # seed 000 Kapuas Hulu
            [
                "No",
                "Sasaran",
                "Indikator Kinerja",
                "Penjelasan/Formulasi Perhitungan",
                "Sumber Data",
            ],
            ["no", "sasaran", "indikator", "formula", "sumber_data"],
        ),
        (  # seed 002 Barito Kuala (7 columns)
            [
                "No.",
                "SASARAN STRATEGIS",
                "INDIKATOR KINERJA UTAMA",
                "ALASAN MEMILIH INDIKATOR",
                "FORMULASI PERHITUNGAN",
                "PENANGGUNG JAWAB",
                "SUMBER DATA",
            ],
            ["no", "sasaran", "indikator", "alasan", "formula", "penanggung_jawab", "sumber_data"],
        ),
        (  # seed 003 Sampang
            [
                "Sasaran / Kinerja Utama",
                "Indikator Kinerja",
                "Penjelasan / Formulasi Penghitungan",
                "SumberData",
            ],
            ["sasaran", "indikator", "formula", "sumber_data"],
        ),
        (  # seed 001 Kutai Kartanegara variants
            [
                "No.",
                "Sasaran Sub Kegiatan",
                "Indikator Kinerja",
                "Cara Perhitungan / Penjelasan",
                "Sumber Data",
            ],
            ["no", "sasaran", "indikator", "formula", "sumber_data"],
        ),
        (
            [
                "No",
                "SASARAN AKTIVITAS",
                "INDIKATOR KINERJA",
                "PENJELASAN/FORMULA/PENGHITUNGAN",
                "SUMBER DATA",
            ],
            ["no", "sasaran", "indikator", "formula", "sumber_data"],
        ),
        (  # misspelt / OCR-damaged but readable
            [
                "No",
                "Sasaran Program",
                "Indikator Kinerja",
                "PENJELAS/N (FORMULAS! PERHTUNGAN)",
                "SUMBER DATA",
            ],
            ["no", "sasaran", "indikator", "formula", "sumber_data"],
        ),
    ],
)
def test_seed_header_variants(headers: list[str], expected: list[str]) -> None:
    assert canon(headers) == expected


def test_unreadable_header_falls_back_to_column_order() -> None:
    # Kutai's "Cara Perhitungan / Penjelasan" comes out of OCR as "=Are Bertvegon."
    matches = map_headers(
        ["No.", "Sasaran Program", "Indikator Kinerja", "=Are Bertvegon.", "Sumber Data"]
    )
    assert matches[3].canonical == "formula"
    assert matches[3].inferred
    assert not matches[2].inferred


def test_unknown_column_is_kept_unmapped_and_known_extras_named() -> None:
    matches = map_headers(
        ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Catatan Khusus Auditor", "Sumber Data"]
    )
    assert matches[3].canonical is None and matches[3].extra == "satuan"
    assert matches[4].canonical is None and matches[4].extra is None


def test_header_row_detection() -> None:
    assert is_header_row(
        ["No", "Sasaran", "Indikator Kinerja", "Penjelasan/Formulasi Perhitungan", "Sumber Data"]
    )
    data = [
        "1",
        "Meningkatnya Kualitas Perencanaan, Penganggaran dan Evaluasi Kinerja Perangkat Daerah",
        "Persentase Ketepatan Waktu dalam Penyampaian Dokumen Perencanaan",
        "Jumlah Dokumen yang disusun disampaikan Tepat Waktu",
        "- Dokumen Renstra",
    ]
    assert not is_header_row(data)


def test_column_number_row() -> None:
    assert is_column_number_row(["1", "2", "3", "4"])
    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)", "(5)"])
    assert not is_column_number_row(
        ["1", "Meningkatnya Kesejahteraan Sosial PMKS", "", "Dinsos PPPA"]
    )
    assert not is_column_number_row(["3", "7"])


def test_unread_runs_left_unassigned_do_not_break_later_inference() -> None:
    # a readable unknown header stays unmapped; a damaged one further right is still inferred
    matches = map_headers(["No", "Catatan Khusus", "Indikator Kinerja", "##~~", "Sumber Data"])
    assert [m.canonical for m in matches] == ["no", None, "indikator", "formula", "sumber_data"]
