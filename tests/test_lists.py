"""normalize.lists: list cells -> items, on real seed cells."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from normalize.lists import is_list, looks_numbered, split_items

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


def seed_lines(name: str, first: int, last: int) -> list[str]:
    """Lines ``first..last`` (1-based, inclusive) of a seed file."""
    return seed(name).splitlines()[first - 1 : last]


def li_cells(name: str) -> list[list[str]]:
    """Every ``<ul>`` cell of a seed as its ``<li>`` lines (what an HTML cell holds)."""
    return [
        re.findall(r"<li>(.*?)</li>", ul) for ul in re.findall(r"<ul[^>]*>.*?</ul>", seed(name))
    ]


def test_html_list_cells_match_truth_sources() -> None:
    """Kapuas Hulu: each ``<li>- ...</li>`` line is an item, marker stripped."""
    cells = li_cells("kapuas_hulu")
    first = split_items(cells[0])
    assert first == truth("kapuas_hulu")["positions"][0]["indicators"][0]["sumber_data"]
    assert len(first) == 11
    rows = [i for p in truth("kapuas_hulu")["positions"] for i in p["indicators"]]
    # <ul> cells hold sources, and in rows 9-10 also the indicators and their formulas
    known = {s for i in rows for s in i["sumber_data"]}
    known |= {i["indikator"] for i in rows} | {i["formula"] for i in rows}
    items = [it for cell in cells for it in split_items(cell)]
    unknown = [it for it in items if it not in known]
    # only the item broken by the page (its tail is in the next table) is incomplete
    assert len(items) == 65
    assert unknown == [
        "Dokumen Penatausahaan dan Pengujian/verifikasi Keuangan (SPJ Fungsional, "
        "Laporan Realisasi Fisik Keuangan, Pungut Setor Pajak, BKU,"
    ]


def test_flattened_ul_splits_on_dashes() -> None:
    cell = real(
        "kapuas_hulu",
        "- Pengelolaan Data Terpadu Kesejahteraan Sosial (DTKS) - "
        "SK PBI Daerah Kabupaten Kapuas Hulu",
    )
    assert split_items([cell]) == [
        "Pengelolaan Data Terpadu Kesejahteraan Sosial (DTKS)",
        "SK PBI Daerah Kabupaten Kapuas Hulu",
    ]
    assert is_list([cell])


def test_continuation_of_a_page_broken_item_comes_first() -> None:
    # Kapuas Hulu: the Sumber Data cell after a page break starts with the tail of an item
    cell = real(
        "kapuas_hulu",
        "Register Penutupan Kas, BA Penerimaan Kas) - Dokumen Koordinasi dan Pelaksanaan "
        "Akuntansi - Dokumen Laporan Akhir Tahun dan Lampirannya - Dokumen Tanggapan terhadap "
        "Hasil Pemeriksaan APIP/BPKP/BPK/KPK - Laporan Keuangan Bulanan/Triwulan",
    )
    want = truth("kapuas_hulu")["positions"][0]["indicators"][1]["sumber_data"][3:]
    items = split_items([cell])
    assert items[0] == "Register Penutupan Kas, BA Penerimaan Kas)"
    assert items[1:] == want


def test_numbered_lines_with_wrapped_continuations() -> None:
    # Kutai Sekretaris fungsi: 11 items; 6-8 lost their numbers to OCR (". Mengkoordinasikan")
    lines = seed_lines("kutai_kartanegara", 19, 39)
    lines[0] = lines[0].split(";", 1)[1]  # "3. Fungsi ;1. Memimpin ..." -> "1. Memimpin ..."
    items = split_items(lines)
    assert len(items) == 11
    assert items[3].startswith("Mengkoordinasikan pelaksanaan kebijakan administrasi umum")
    assert items[3].endswith("peraturan perundang-undangan yang berlaku;")
    assert "pemeliharaan, keamanan" in items[3]
    assert items[5].startswith("Mengkoordinasikan pelaksanaan SIMPAG")


def test_numbers_that_lost_their_dot_continue_a_sequence() -> None:
    # Kutai: "2. Menyusun ...", "3 Melaksanakan ...", ..., "7 Merencanakan", "8 Merencanakan"
    lines = seed_lines("kutai_kartanegara", 601, 614)
    lines[0] = lines[0].split("& ", 1)[1]  # "3. Fungsi . & Menganalisis" (lost "1.")
    items = split_items(lines)
    assert len(items) == 8
    assert items[2].startswith("Melaksanakan Administrasi Kepegawaian Meliputi")
    assert items[-1] == (
        "Merencanakan, melaksanakan dan melaporkan tugas kedinasan lainnya yang diberikan "
        "oleh atasan."
    )


def test_number_whose_stop_was_read_as_a_colon_continues_a_sequence() -> None:
    """Kutai Kartanegara medium scan (draw 12), a sumber data cell: "6." read "6:"
    ran item 6 into item 5. Only the next number of a running list counts."""
    lines = [
        "5. Laporan Prognosis Bulanan/Triwulan/Semester/Tahunan",
        "6: Dokumen urusan Pemberdayaan Potensi Kesetiakawanan dan Restorasi Sosial",
        "7. RKA dan DPA",
    ]
    assert split_items(lines) == [
        "Laporan Prognosis Bulanan/Triwulan/Semester/Tahunan",
        "Dokumen urusan Pemberdayaan Potensi Kesetiakawanan dan Restorasi Sosial",
        "RKA dan DPA",
    ]
    lines[1] = "8: Dokumen urusan Pemberdayaan"  # out of sequence: text, not an item
    assert split_items(lines)[0] == (
        "Laporan Prognosis Bulanan/Triwulan/Semester/Tahunan 8: Dokumen urusan Pemberdayaan"
    )


def test_numbered_items_on_one_line_split_in_sequence() -> None:
    a, b = seed_lines("kutai_kartanegara", 333, 334)
    a = a.split(": ", 1)[1]  # "3. Fungsi : 1. Identifikasi ..."
    assert split_items([a + " " + b]) == [
        "Identifikasi masalah/isu strategis;",
        "Penyusunan kebijakan rencana pembangunan;",
    ]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # numbers inside a sentence never split it
        (
            "kapuas_hulu",
            "Sekretaris sebagaimana dimaksud dalam pasal 5 ayat (1) huruf b, dipimpin oleh seorang "
            "Sekretaris dan berada dibawah serta bertanggung jawab kepada Kepala Dinas untuk "
            "melaksanakan tugas sebagaimana maksud dalam pasal 9",
        ),
        ("kapuas_hulu", "NOMOR 27 TAHUN 2023"),
        # a range is not two items
        ("barito_kuala", "Rencana Pembangunan Jangka Panjang Daerah (RPJPD) 2005 – 2025;"),
        # a spaced slash is not a marker
        (
            "kapuas_hulu",
            "Kwitansi/ Nota / Tagihan/ Lunas Pembayaran Telepon/ Internet, Air dan Listrik",
        ),
    ],
)
def test_not_lists(name: str, text: str) -> None:
    assert split_items([real(name, text)]) == [text.replace("–", "-")]
    assert not is_list([text])


def test_numbered_item_keeps_numbers_that_are_out_of_sequence() -> None:
    line = real(
        "kapuas_hulu",
        "1. Undang-Undang Nomor 27 Tahun 1959 tentang penetapan Undang-Undang Darurat Nomor 3 "
        "Tahun 1953 tentang Pembentukan Daerah Tingkat II di Kalimantan",
    )
    assert split_items([line]) == [line[3:]]


def test_placeholders_and_empty_cells() -> None:
    assert split_items([real("sampang", "-")]) == ["-"]
    assert not is_list(["-"])
    assert split_items([]) == []
    assert split_items(["", "  "]) == []
    # a bullet line whose text wrapped to the next line
    assert split_items(["-", real("kapuas_hulu", "Dokumen Renstra")]) == ["Dokumen Renstra"]


def test_single_unmarked_and_single_marked_sources() -> None:
    assert split_items([real("sampang", "Dinsos PPPA")]) == ["Dinsos PPPA"]
    assert split_items([real("kapuas_hulu", "- RKA")]) == ["RKA"]
    assert is_list(["- RKA"])
    assert not is_list(["Dinsos PPPA"])


@pytest.mark.parametrize(
    ("name", "text", "bare", "want"),
    [
        ("kutai_kartanegara", "1. Laporan Formulasi Sajian Analisis", False, "1"),
        ("kapuas_hulu", "2.", False, "2"),
        ("kutai_kartanegara", "8 Jumiah Orang Yang Menerima Gaji dan Tunjangan", True, "8"),
        ("kutai_kartanegara", "8 Jumiah Orang Yang Menerima Gaji dan Tunjangan", False, None),
        ("sampang", "1/3 (Ipar+IDM+Lin-Dist)", True, None),
        ("kapuas_hulu", "2021-2026", True, None),
        ("kapuas_hulu", "Jumlah Dokumen RKA", True, None),
    ],
)
def test_looks_numbered(name: str, text: str, bare: bool, want: str | None) -> None:
    assert looks_numbered(real(name, text), bare=bare) == want


def test_dash_between_acronyms_closing_an_item_is_not_a_new_item() -> None:
    # Kutai fungsi "... penyelesaian dokumen RKA - DPA" behind a bullet
    text = real(
        "kutai_kartanegara",
        "Melakukan pengumpulan data perencanaan dan penyelesaian dokumen RKA - DPA",
    )
    assert split_items([f"- {text}"]) == [text]
    # acronyms that are items of their own still split ("- RKA" / "- DPA" flattened)
    assert split_items([f"- {real('kapuas_hulu', 'RKA')} - DPA - LKjIP"]) == ["RKA", "DPA", "LKjIP"]


def test_item_ending_in_an_operator_runs_on_past_a_speck_dash() -> None:
    """Tanjung Seruni's formula cell as tesseract read it on the medium scan: a
    speck before the second denominator reads as "-". An item ending in "/"
    cannot end there, so the dash opens no third item."""
    lines = [
        "- Jumlah usulan kenaikan pangkat yang diproses",
        "tepat waktu / Jumlah pegawai yang memenuhi",
        "syarat kenaikan pangkat x 100%",
        "- Jumlah usulan KGB yang diproses tepat waktu /",
        "- Jumlah pegawai yang memenuhi syarat KGB x 100%",
    ]
    assert split_items(lines) == [
        "Jumlah usulan kenaikan pangkat yang diproses tepat waktu / Jumlah pegawai yang"
        " memenuhi syarat kenaikan pangkat x 100%",
        "Jumlah usulan KGB yang diproses tepat waktu / Jumlah pegawai yang memenuhi syarat"
        " KGB x 100%",
    ]
    # a label ending in ":" still opens a list
    assert split_items(["Dokumen:", "- SK Kenaikan Pangkat", "- SK Gaji Berkala"]) == [
        "Dokumen:",
        "SK Kenaikan Pangkat",
        "SK Gaji Berkala",
    ]
