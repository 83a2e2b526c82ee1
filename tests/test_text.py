"""normalize.text: cleaning, line joins, list markers, title case (real seed strings)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from domain.structure import RULE
from normalize.text import clean_item, clean_text, join_lines, strip_marker, title_case_id

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@cache
def seed(name: str) -> str:
    return (SAMPLES / "text" / f"{name}.txt").read_text(encoding="utf-8")


@cache
def truth(name: str) -> dict:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def real(name: str, s: str) -> str:
    """``s`` exactly as it occurs in a seed (guards against tests on invented text)."""
    assert s in seed(name), f"not in seed {name}: {s!r}"
    return s


# ------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("name", "raw", "want"),
    [
        # garbage line under a signature in the Kutai scan
        ("kutai_kartanegara", "~N»", ""),
        # a lone quote between two flattened cells
        (
            "kutai_kartanegara",
            'Dilaksanakan " Dokumen Inventaris Barang',
            "Dilaksanakan Dokumen Inventaris Barang",
        ),
        # ruling lines read as pipes; "x| 100%" keeps its percent
        (
            "kutai_kartanegara",
            "Jumlah menerima dan meriksa tbyek kerja |x| 100%|",
            "Jumlah menerima dan meriksa tbyek kerja x 100%",
        ),
        # unbalanced square brackets glued to words (OCR of "I"/"l")
        ("kutai_kartanegara", "[Tersedianya Laporan Analisis", "Tersedianya Laporan Analisis"),
        (
            "kutai_kartanegara",
            "Jumlah Lembaga kesejahteraan sosia]",
            "Jumlah Lembaga kesejahteraan sosia",
        ),
        # stray underscores: inside a word joined, between tokens a space
        ("kutai_kartanegara", "Msningk_a_mya", "Msningkamya"),
        ("kutai_kartanegara", "Mohd/Ery Faisyal, S.S0S_M.Si", "Mohd/Ery Faisyal, S.S0S M.Si"),
        # ligature (fi) and a standalone unmatched ")" from a ruling line
        ("kutai_kartanegara", "Mﬁni'n.gkah'fya", "Mfini'n.gkah'fya"),
        (
            "kutai_kartanegara",
            "Administasi Perkantoran ) - Dokumen RKA dan DPA",
            "Administasi Perkantoran - Dokumen RKA dan DPA",
        ),
        # fancy dash
        ("barito_kuala", "(RPJPD) 2005 – 2025;", "(RPJPD) 2005 - 2025;"),
        # markdown emphasis around a phrase
        (
            "kapuas_hulu",
            "Orang dengan *Human Immunodeficiency Virus/Aquired Immuno Deficiency Syndrom* yang",
            "Orang dengan Human Immunodeficiency Virus/Aquired Immuno Deficiency Syndrom yang",
        ),
        # a word split at the original line break, kept split by the dump
        ("sampang", "penyusunan perundang- undangan;", "penyusunan perundang-undangan;"),
        ("sampang", "penyelenggaraan tugas- tugas bidang", "penyelenggaraan tugas-tugas bidang"),
    ],
)
def test_clean_text_removes_garbage(name: str, raw: str, want: str) -> None:
    assert clean_text(real(name, raw)) == want


@pytest.mark.parametrize(
    ("name", "s"),
    [
        # real brackets, slashes, hyphens and percent are kept as printed
        ("barito_kuala", "Jumlah potensi dan sumber kesejahteraan sosial (PSKS) yang aktif"),
        ("kapuas_hulu", "Dokumen Tanggapan terhadap Hasil Pemeriksaan APIP/BPKP/BPK/KPK"),
        ("kapuas_hulu", "Penyiapan Kebijakan dan Pengawasan Pemenuhan Hak-hak Anak"),
        # a dash separator printed with a space after it, and an upper-case word next
        ("kapuas_hulu", "Cakupan Daerah Kab/Kota- BPJS PBI dan Mandiri"),
        ("kapuas_hulu", "SK PA/KPA/ Bendahara Pengeluaran"),
        ("barito_kuala", "x 100 %"),
    ],
)
def test_clean_text_keeps_real_text(name: str, s: str) -> None:
    assert clean_text(real(name, s)) == s


def test_clean_text_whitespace_and_nbsp() -> None:
    s = real("kapuas_hulu", "Jumlah Dokumen yang disusun disampaikan Tepat Waktu")
    assert clean_text("  " + s.replace(" ", "\u00a0 \t", 2) + "\n") == s
    assert clean_text("") == "" and clean_text(None) == ""


# ------------------------------------------------------------------------- join_lines


def test_join_lines_keeps_a_real_hyphen() -> None:
    # Kutai scan: "Tersedianya laporan pertanggung- |" / "jawaban tugas"
    lines = [real("kutai_kartanegara", "Tersedianya laporan pertanggung- |"), "jawaban tugas"]
    assert join_lines(lines) == "Tersedianya laporan pertanggung-jawaban tugas"
    # with a word list: both halves are words -> a compound, hyphen kept
    words = {"pertanggung", "jawaban", "pertanggungjawaban"}
    assert join_lines(lines, words.__contains__) == "Tersedianya laporan pertanggung-jawaban tugas"
    # a long head before a word is a compound even when the list lacks the head
    words = {"jawaban", "pertanggungjawaban"}
    assert join_lines(lines, words.__contains__) == "Tersedianya laporan pertanggung-jawaban tugas"
    # a short head before a word is a syllable break: "pem-" + "bangunan"
    real("kutai_kartanegara", "rencana pembangunan")
    words = {"rencana", "bangunan", "pembangunan"}
    assert join_lines(["rencana pem-", "bangunan"], words.__contains__) == "rencana pembangunan"


def test_join_lines_reduplication_and_separator_dash() -> None:
    # Kutai: the sasaran cell "Terlaksananya Setoran Pajak-" / "Pajak" (flattened lines)
    real("kutai_kartanegara", "5 [Terlaksananya Setoran Pajak- 5 Setoran Pajak-Pajak\nPajak\n")
    assert (
        join_lines(["Terlaksananya Setoran Pajak-", "Pajak"]) == "Terlaksananya Setoran Pajak-Pajak"
    )
    # Kapuas "Kab/Kota- BPJS" wrapped after the dash: the space comes back
    real("kapuas_hulu", "Cakupan Daerah Kab/Kota- BPJS PBI dan Mandiri")
    got = join_lines(["Cakupan Daerah Kab/Kota-", "BPJS PBI dan Mandiri"], lambda w: True)
    assert got == "Cakupan Daerah Kab/Kota- BPJS PBI dan Mandiri"


def test_join_lines_drops_a_syllable_break_only_with_a_word_list() -> None:
    # Sampang's "pelaksanaan koordinasi penyelenggaraan tugas- tugas bidang", wrapped mid-word
    real("sampang", "pelaksanaan koordinasi penyelenggaraan tugas- tugas bidang")
    lines = ["pelaksanaan koordinasi penye-", "lenggaraan tugas- tugas bidang"]
    words = {"pelaksanaan", "koordinasi", "penyelenggaraan", "tugas", "bidang"}
    want = "pelaksanaan koordinasi penyelenggaraan tugas-tugas bidang"
    assert join_lines(lines, words.__contains__) == want
    # without a word list the hyphen is kept
    assert join_lines(lines) == "pelaksanaan koordinasi penye-lenggaraan tugas-tugas bidang"
    # joined form not a word: kept
    assert join_lines(lines, {"pelaksanaan"}.__contains__).startswith(
        "pelaksanaan koordinasi penye-l"
    )


def test_join_lines_plain_lines_ranges_and_rules() -> None:
    lines = [
        real("kutai_kartanegara", "Jumlah Dokumen Administrasi"),
        "Kepegawaian Yang Telah",
        RULE,
        "",
        "Disusun Sesuai Dengan",
    ]
    assert (
        join_lines(lines)
        == "Jumlah Dokumen Administrasi Kepegawaian Yang Telah Disusun Sesuai Dengan"
    )
    real("kapuas_hulu", "Tahun 2021-2026")
    assert (
        join_lines(["Kabupaten Kapuas Hulu Tahun 2021-", "2026;"])
        == "Kabupaten Kapuas Hulu Tahun 2021-2026;"
    )
    # a spaced dash at a line end is a word of its own: "RKA -" + "DPA"
    assert join_lines(["3 Dokumen RKA -", "DPA"]) == "3 Dokumen RKA - DPA"


# ------------------------------------------------------------------------ strip_marker


@pytest.mark.parametrize(
    ("name", "line", "marker", "rest"),
    [
        ("kapuas_hulu", "- Dokumen Renstra", "-", "Dokumen Renstra"),
        # markdown bullet before the printed letter: the letter is the marker
        (
            "kapuas_hulu",
            "  - a. Penyusunan Program Kerja Sekretariat;",
            "a.",
            "Penyusunan Program Kerja Sekretariat;",
        ),
        ("sampang", "- 1. JABATAN : SEKRETARIS", "1.", "JABATAN : SEKRETARIS"),
        ("kapuas_hulu", "10. Peraturan Bupati Kapuas Hulu", "10.", "Peraturan Bupati Kapuas Hulu"),
        # OCR: "-" read as "=", a number lost to ".", a dot read as ","
        ("kutai_kartanegara", "= LHKPN/LHKSN", "=", "LHKPN/LHKSN"),
        ("kutai_kartanegara", ". Dokumen Perjanjian Kinerja", ".", "Dokumen Perjanjian Kinerja"),
        (
            "kutai_kartanegara",
            "4, Pelaksanaan rencana pembangunan;",
            "4,",
            "Pelaksanaan rencana pembangunan;",
        ),
        ("kutai_kartanegara", "- - Mengelola, Pemeroses", "-", "Mengelola, Pemeroses"),
        (
            "kutai_kartanegara",
            "1. Laporan Formulasi Sajian Analisis",
            "1.",
            "Laporan Formulasi Sajian Analisis",
        ),
        ("kutai_kartanegara", "2.", "2.", ""),
    ],
)
def test_strip_marker(name: str, line: str, marker: str, rest: str) -> None:
    assert strip_marker(real(name, line)) == (marker, rest)


@pytest.mark.parametrize(
    "line",
    ["a) Pelaksanaan", "(1) Pelaksanaan", "(b) Pelaksanaan", "ii. Pelaksanaan", "• Pelaksanaan"],
)
def test_strip_marker_other_styles(line: str) -> None:
    marker, rest = strip_marker(line)
    assert marker == line.split()[0] and rest == "Pelaksanaan"


def test_strip_marker_en_dash_bullet() -> None:
    assert strip_marker("– Pelaksanaan") == ("-", "Pelaksanaan")


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("sampang", "1/3 (Ipar+IDM+Lin-Dist)"),
        ("kapuas_hulu", "2021-2026"),
        ("sampang", "-"),
        ("sampang", "- _____"),
        ("barito_kuala", "H. FUAD SYEKH, S. Sos, M. AP"),
        ("kapuas_hulu", "Jumlah Dokumen RKA"),
    ],
)
def test_not_a_marker(name: str, line: str) -> None:
    assert strip_marker(real(name, line)) == (None, line)


# -------------------------------------------------------------------------- clean_item


def _fungsi_blocks(name: str) -> list[list[str]]:
    """The lettered lines printed under each "Fungsi :" label of a seed."""
    blocks: list[list[str]] = []
    cur: list[str] | None = None
    for line in seed(name).splitlines():
        if re.search(r"\bfungsi\b\W*:", line, re.I):
            cur = []
            blocks.append(cur)
        elif cur is not None and re.match(r"^\s*(?:-\s+)?[a-z]\.\s", line):
            cur.append(line)
        elif cur is not None and line.strip():
            cur = None
    return [b for b in blocks if b]


@pytest.mark.parametrize("name", ["kapuas_hulu", "sampang"])
def test_clean_item_matches_truth_fungsi(name: str) -> None:
    want = [p["fungsi"] for p in truth(name)["positions"] if p["fungsi"]]
    got = [[clean_item(line) for line in block] for block in _fungsi_blocks(name)]
    assert len(got) == len(want)
    assert got == want


def test_clean_item_trailing_conjunctions() -> None:
    s = (
        "d. pelaksanaan administrasi dinas bidang Sosial, "
        "Pemberdayaan Perempuan dan Perlindungan Anak; dan"
    )
    assert clean_item(real("sampang", s)).endswith("Perlindungan Anak")
    # "; serta" inside the item stays
    s = "f. pengawasan penyelenggaraan perlindungan dan jaminan sosial; serta kebencanaan;"
    assert (
        clean_item(real("sampang", s))
        == "pengawasan penyelenggaraan perlindungan dan jaminan sosial; serta kebencanaan"
    )


# ---------------------------------------------------------------------- title_case_id


@pytest.mark.parametrize(
    ("name", "raw", "want"),
    [
        (
            "kapuas_hulu",
            "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
            "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        ),
        ("sampang", "DINAS SOSIAL PPPA", "Dinas Sosial PPPA"),
        ("barito_kuala", "KABUPATEN BARITO KUALA", "Kabupaten Barito Kuala"),
        (
            "sampang",
            "Ka. BIDANG REHABILITASI SOSIAL DINAS SOSIAL PPPA KABUPATEN SAMPANG",
            "Ka. Bidang Rehabilitasi Sosial Dinas Sosial PPPA Kabupaten Sampang",
        ),
        # a line of its own: the first word keeps its capital even when a particle
        ("kapuas_hulu", "Dan Perlindungan Anak", "Dan Perlindungan Anak"),
    ],
)
def test_title_case_id(name: str, raw: str, want: str) -> None:
    assert title_case_id(real(name, raw)) == want


def test_title_case_id_particles_and_keep_upper() -> None:
    # Kapuas signature, two printed lines: mixed case, "Dan" inside -> "dan"
    lines = [
        real("kapuas_hulu", "Kepala Dinas Sosial, Pemberdayaan Perempuan"),
        "Dan Perlindungan Anak",
    ]
    want = "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"
    assert title_case_id(join_lines(lines)) == want
    raw = real("kapuas_hulu", "KEPALA DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK")
    assert title_case_id(raw) == "Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"
    assert title_case_id("DINAS SOSIAL DAN PMD") == "Dinas Sosial dan PMD"
    assert title_case_id("DINAS KOMINFO", keep_upper={"kominfo"}) == "Dinas KOMINFO"
    assert title_case_id("DINAS KOMINFO") == "Dinas Kominfo"


def test_title_case_id_short_forms_are_words() -> None:
    # Sampang writes "yg" for "yang": a word without vowels, not an acronym
    raw = real("sampang", "PMKS yg ditangani").upper()
    assert title_case_id(raw) == "PMKS yg Ditangani"
