"""normalize.metadata on the real seed decrees (samples/text) and their truth files."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from domain.structure import Line
from normalize.metadata import (
    Signature,
    extract_document_meta,
    extract_signatures,
    extract_signatures_laid_out,
    normalize_nip,
    parse_date_id,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DOC_FIELDS = ("pemda", "instansi", "jenis", "tahun", "nomor", "tanggal", "tempat")
SIGNER_FIELDS = ("penandatangan", "nip")


def seed(name: str) -> list[str]:
    return (SAMPLES / "text" / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def truth(name: str) -> dict[str, object]:
    doc = json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    return doc["document"]


def before(lines: list[str], pattern: str) -> list[str]:
    """Lines before the first one matching ``pattern``."""
    k = next(i for i, ln in enumerate(lines) if re.search(pattern, ln))
    return lines[:k]


def around(lines: list[str], pattern: str, up: int, down: int, nth: int = 0) -> list[str]:
    """A window of lines around the ``nth`` line matching ``pattern``."""
    k = [i for i, ln in enumerate(lines) if re.search(pattern, ln)][nth]
    return lines[max(0, k - up) : k + down + 1]


def kutai_blocks(lines: list[str]) -> list[list[str]]:
    """Seed 001 cut at its block headings (each block's signature ends its chunk)."""
    starts = [
        i
        for i, ln in enumerate(lines)
        if re.match(r"(INDIKATOR KINERJA INDIVIDU|PERANGKAT DAERAH)\s*$", ln)
    ]
    return [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def as_truth(meta: object, field: str) -> object:
    value = getattr(meta, field)
    return value.isoformat() if isinstance(value, date) else value


# ----------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pada tanggal 1 Maret 2023", date(2023, 3, 1)),
        ("Pada tanggal : 14 September 2021", date(2021, 9, 14)),
        ("Tenggarong, 31 Januari 2023", date(2023, 1, 31)),
        ("Tenggarong, 31 fanuari 2023", date(2023, 1, 31)),  # seed 001 OCR
        ("Tenggarong, 31 Januar 2023", date(2023, 1, 31)),
        ("Tenggarong, 31 Januarl 2023", date(2023, 1, 31)),
        ("Tenggarong, 2 Januari 2023", date(2023, 1, 2)),
        ("Surabaya, 5 Nopember 2022", date(2022, 11, 5)),  # older spelling
        ("tanggal 01-03-2023", date(2023, 3, 1)),
        ("31Januari2023", date(2023, 1, 31)),
    ],
)
def test_parse_date_id(text: str, expected: date) -> None:
    assert parse_date_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tenggarong, anuari 2023",  # seed 001: the day is not in the OCR
        "31 Februari 2023",  # impossible
        "32 Januari 2023",
        "NOMOR 27 TAHUN 2023",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan",
    ],
)
def test_parse_date_id_rejects(text: str) -> None:
    assert parse_date_id(text) is None


# ------------------------------------------------------------------------- NIP


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIP. 19680706 199403 1 013", "196807061994031013"),
        ("NIP.19680708 199403 1 013", "196807081994031013"),
        ("NIF. 19790416 200701 1016", "197904162007011016"),  # OCR label
        ("NIP. 197010221991011001", "197010221991011001"),
        ("NIP. 19781115201212 2 001", "197811152012122001"),
        ("19651123 199203 2 006", "196511231992032006"),
    ],
)
def test_normalize_nip(text: str, expected: str) -> None:
    assert normalize_nip(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "NIP. 1904022010011029",  # seed 001: 16 digits read
        "NIP.19680708",  # the rest is on the next line
        "NIP. 19681306 199403 1 013",  # month 13 in the birth date
        "NIP. 19680706 197003 1 013",  # appointed at age 1
        "NIP. 19680706 199413 1 013",  # TMT month 13
        "NIP. 19680706 199403 5 013",  # sex digit 5
    ],
)
def test_normalize_nip_rejects(text: str) -> None:
    assert normalize_nip(text) is None


# ------------------------------------------------------------------ signatures


def test_decree_signature_kapuas_hulu() -> None:
    (sig,) = extract_signatures(before(seed("kapuas_hulu"), r"^LAMPIRAN"))
    t = truth("kapuas_hulu")
    assert sig.penandatangan == t["penandatangan"]
    assert sig.nip == t["nip"]
    assert sig.tempat == t["tempat"] and sig.tanggal == date.fromisoformat(str(t["tanggal"]))
    assert sig.pangkat == "Pembina Utama Muda"
    assert sig.jabatan is not None and sig.jabatan.startswith("Kepala Dinas Sosial")


def test_decree_signature_barito_kuala_without_rank() -> None:
    (sig,) = extract_signatures(around(seed("barito_kuala"), r"^Ditetapkan di", 0, 8))
    assert (sig.tempat, sig.tanggal) == ("Marabahan", date(2021, 9, 14))
    assert sig.penandatangan == "H. FUAD SYEKH, S. Sos, M. AP"
    assert sig.pangkat is None and sig.jabatan == "KEPALA DINAS SOSIAL"


def test_closing_signature_sampang_without_place() -> None:
    lines = seed("sampang")
    tail = lines[max(i for i, ln in enumerate(lines) if "\t" in ln) + 1 :]
    (sig,) = extract_signatures(tail)
    assert sig.tempat is None and sig.tanggal is None
    assert sig.penandatangan == "MOHAMMAD FADELL S.Pd. M.S"
    assert sig.nip == "196802231988031001"
    assert sig.jabatan is not None and sig.jabatan.endswith("KABUPATEN SAMPANG")


def test_ocr_signature_kutai_first_block() -> None:
    (sig,) = extract_signatures(around(seed("kutai_kartanegara"), r"31 fanuari 2023", 2, 8))
    assert (sig.tempat, sig.tanggal) == ("Tenggarong", date(2023, 1, 31))
    assert sig.pangkat == "Pembina Tk. 1 (IV/b)"
    assert sig.nip == "196807061994031013"
    assert sig.penandatangan is not None and sig.penandatangan.startswith("Drs.")


def test_side_by_side_holder_and_atasan() -> None:
    holder, atasan = extract_signatures(
        around(seed("kutai_kartanegara"), r"^Atasan langsung", 11, 3)
    )
    assert holder.penandatangan == "Mohd. Ery Faisyal, S.Sos.,M.Si"
    assert holder.nip == "197905162001121001" and holder.pangkat == "Penata TK.I"
    assert holder.jabatan is not None and "Kepegawaian" in holder.jabatan
    # the atasan's name is not in the OCR: None, not the holder's
    assert atasan.penandatangan is None and atasan.nip == "196807081994031013"
    assert atasan.pangkat == "Pembina TK.I"  # "Pembina TK.|" read as a Roman one
    # one place and date for the signature area
    assert atasan.tanggal == holder.tanggal == date(2023, 1, 2)


def test_nip_split_over_two_lines() -> None:
    sigs = extract_signatures(around(seed("kutai_kartanegara"), r"^NIP\.19680708\s*$", 10, 8))
    assert "196807081994031013" in [s.nip for s in sigs]


def test_two_nips_on_one_line_share_no_name() -> None:
    sigs = extract_signatures(around(seed("kutai_kartanegara"), r"^NIF\. 19790416", 4, 4))
    assert [s.nip for s in sigs] == [
        "197904162007011016",
        "196908162009021001",
        "196508191989021001",
    ]
    assert [s.penandatangan for s in sigs] == [None, None, None]  # whose is ASDIAN NOOR?


def test_kutai_names_and_nips_against_truth() -> None:
    lines = seed("kutai_kartanegara")
    sigs = [s for block in kutai_blocks(lines) for s in extract_signatures(block)]
    positions = json.loads((SAMPLES / "truth" / "kutai_kartanegara.json").read_text())["positions"]
    nips = {s.nip for s in sigs}
    assert {p["nip"] for p in positions if p["nip"]} <= nips
    names = {s.penandatangan for s in sigs}
    assert {"Mohd. Ery Faisyal, S.Sos.,M.Si", "NOVITASARI"} <= names
    # names cut by the scan are not names (TRUTH: null)
    for cut in ("EGUH", "mi Mariati", "O RIEWANTO", "Jiands", "nuddin"):
        assert cut not in names
    # a NIP read with 16 digits leaves the signer without a NIP, not with a wrong one
    assert all(n is None or len(n) == 18 for n in nips)


def test_side_by_side_columns_read_apart() -> None:
    """Seed 001's last signature area put back in its two columns (Kepala Bidang left,
    the holder right): read top to bottom the columns interleave; with boxes they
    are read apart."""
    lines = [ln for ln in around(seed("kutai_kartanegara"), r"^NOVITASARI", 10, 1) if ln.strip()]
    kabid, _scrawl, riadi, nip_l, date_, analis, novi, nip_r = lines
    layout = [  # (line, column x0, top) as such a page prints them
        (date_, 621, 392),
        (kabid, 355, 403),
        (analis, 635, 405),
        (riadi, 371, 454),
        (novi, 650, 455),
        (nip_l, 375, 466),
        (nip_r, 621, 468),
    ]
    laid = [Line(text=t, page=3, bbox=(x, y, x + 110, y + 10)) for t, x, y in layout]
    kabid_sig, holder = extract_signatures_laid_out(laid)
    assert (kabid_sig.jabatan, kabid_sig.penandatangan) == (kabid, riadi)
    assert kabid_sig.nip == "196812212003121002"
    assert (holder.jabatan, holder.penandatangan) == (analis, novi)
    assert holder.nip == "198612152010012029"
    assert holder.tanggal == kabid_sig.tanggal == date(2023, 1, 31)  # printed once, right
    # the same lines without boxes: plain text in reading order, names mismatched
    plain = extract_signatures_laid_out([Line(text=t) for t, _, _ in layout])
    assert [(s.penandatangan, s.nip) for s in plain] != [
        (s.penandatangan, s.nip) for s in (kabid_sig, holder)
    ]


def test_ditetapkan_without_nip() -> None:
    """A Bupati signs without a NIP: the block still yields place, date, name."""
    lines = [
        "Ditetapkan di Sampang",
        "pada tanggal 12 Mei 2022",
        "BUPATI SAMPANG,",
        "ttd",
        "H. SLAMET JUNAIDI",
    ]
    (sig,) = extract_signatures(lines)
    assert (sig.tempat, sig.tanggal, sig.penandatangan) == (
        "Sampang",
        date(2022, 5, 12),
        "H. SLAMET JUNAIDI",
    )
    assert sig.jabatan == "BUPATI SAMPANG" and sig.nip is None


def test_no_signature_in_body_text() -> None:
    assert extract_signatures(before(seed("kapuas_hulu"), r"^Ditetapkan di")) == []


# ---------------------------------------------------------------- document


def kapuas() -> tuple[list[str], list[str], list[str], list[list[Signature]]]:
    lines = seed("kapuas_hulu")
    heads = [ln for ln in lines if re.search(r"INDIKATOR KINERJA|Jabatan :", ln)]
    return before(lines, r"Jabatan :"), [], heads, []


def barito() -> tuple[list[str], list[str], list[str], list[list[Signature]]]:
    lines = seed("barito_kuala")
    heads = [
        ln
        for ln in lines
        if re.search(r"^INDIKATOR KINERJA|^DINAS SOSIAL KAB|^TAHUN|Jabatan :", ln)
    ]
    return before(lines, r"Nama Organisasi"), [], heads, []


def sampang() -> tuple[list[str], list[str], list[str], list[list[Signature]]]:
    lines = seed("sampang")
    tail = lines[max(i for i, ln in enumerate(lines) if "\t" in ln) + 1 :]
    heads = [ln for ln in lines if re.search(r"INDIKATOR KINERJA|JABATAN", ln)]
    return before(lines, r"JABATAN"), tail, heads, []


def kutai() -> tuple[list[str], list[str], list[str], list[list[Signature]]]:
    lines = seed("kutai_kartanegara")
    blocks = kutai_blocks(lines)
    heads = [b[0] for b in blocks]
    return (
        before(lines, r"^INDIKATOR KINERJA INDIVIDU\s*$"),
        [],
        heads,
        [extract_signatures(b) for b in blocks],
    )


@pytest.mark.parametrize(
    ("name", "inputs"),
    [
        ("kapuas_hulu", kapuas),
        ("barito_kuala", barito),
        ("sampang", sampang),
        ("kutai_kartanegara", kutai),
    ],
)
def test_document_meta_matches_truth(name: str, inputs) -> None:  # type: ignore[no-untyped-def]
    meta = extract_document_meta(*inputs())
    t = truth(name)
    assert {f: as_truth(meta, f) for f in DOC_FIELDS + SIGNER_FIELDS} == {
        f: t[f] for f in DOC_FIELDS + SIGNER_FIELDS
    }


def test_decree_number_is_not_the_amended_or_a_cited_one() -> None:
    pre, *_ = kapuas()
    meta = extract_document_meta(pre, [], [], [])
    assert meta.nomor == "27 TAHUN 2023"  # not "30 TAHUN 2022" (the amended decree)
    # only the Mengingat list left: numbers of laws are not the decree's
    cited = [ln for ln in pre if re.match(r"(Mengingat|\d+\. (Undang|Peraturan))", ln)]
    assert len(cited) >= 5
    assert extract_document_meta(cited, [], [], []).nomor is None
    assert extract_document_meta(cited, [], [], []).pemda is None


def test_generic_kabupaten_kota_is_not_a_pemda() -> None:
    lines = [ln.split("\t")[1] for ln in seed("kapuas_hulu") if "Kewenangan Kabupaten/Kota" in ln]
    assert lines
    assert extract_document_meta(lines, [], lines, []).pemda is None


def test_period_is_not_a_year_and_title_beats_table_labels() -> None:
    lines = seed("barito_kuala")
    cover = before(lines, r"^PEMERINTAH KABUPATEN")  # "... TAHUN 2017 - 2022"
    assert any("2017 - 2022" in ln for ln in cover)
    assert extract_document_meta(cover, [], [], []).tahun is None
    labels = ["INDIKATOR KINERJA (IK)", "DINAS SOSIAL KABUPATEN BARITO KUALA", "TAHUN 2021"]
    only_labels = extract_document_meta([], [], labels, [])
    assert (only_labels.jenis, only_labels.tahun) == ("IK", 2021)
    pre, *_ = barito()
    assert extract_document_meta(pre, [], labels, []).jenis == "IKU"  # the decree's subject


def test_block_places_must_agree() -> None:
    lines, trailer, heads, sigs = kutai()
    assert extract_document_meta(lines, trailer, heads, sigs).tempat == "Tenggarong"
    other = [*sigs, [Signature(tempat="Samarinda", tanggal=date(2023, 1, 31))]]
    meta = extract_document_meta(lines, trailer, heads, other)
    assert meta.tempat is None and meta.tanggal is None and meta.penandatangan is None


def test_other_layout_kota_and_one_line_title() -> None:
    """A Kota decree whose number sits on the title line and whose agency name wraps."""
    pre = [
        "PEMERINTAH KOTA TANJUNG SERUNI",
        "DINAS PEKERJAAN UMUM DAN PENATAAN",
        "RUANG",
        "KEPUTUSAN KEPALA DINAS PEKERJAAN UMUM DAN PENATAAN RUANG NOMOR 050/12/DPUPR/2024",
        "TENTANG INDIKATOR KINERJA INDIVIDU TAHUN ANGGARAN 2024",
        "Ditetapkan di Tanjung Seruni pada tanggal 15 Januari 2024",
        "KEPALA DINAS,",
        "Dra. RATNA KUSUMAWATI, M.Si",
        "NIP 19720415 199803 2 004",
    ]
    meta = extract_document_meta(pre, [], [], [])
    assert meta.pemda == "Kota Tanjung Seruni"
    assert meta.instansi == "Dinas Pekerjaan Umum dan Penataan Ruang"
    assert (meta.jenis, meta.tahun, meta.nomor) == ("IKI", 2024, "050/12/DPUPR/2024")
    assert (meta.tempat, meta.tanggal) == ("Tanjung Seruni", date(2024, 1, 15))
    assert (meta.penandatangan, meta.nip) == ("Dra. RATNA KUSUMAWATI, M.Si", "197204151998032004")


def test_other_wording_dikeluarkan_and_nip_label_alone() -> None:
    """Older decrees: "Dikeluarkan di", the NIP label on its own line, "Nomor:800"."""
    sig_lines = [
        "Dikeluarkan di : Sampang",
        "Pada tanggal : 1 Maret 2023",
        "KEPALA DINAS SOSIAL",
        "KABUPATEN SAMPANG,",
        "BUDI SANTOSO, S.Sos",
        "Pembina",
        "NIP.",
        "19651123 199203 2 006",
    ]
    (sig,) = extract_signatures(sig_lines)
    assert (sig.tempat, sig.tanggal) == ("Sampang", date(2023, 3, 1))
    assert (sig.penandatangan, sig.pangkat, sig.nip) == (
        "BUDI SANTOSO, S.Sos",
        "Pembina",
        "196511231992032006",
    )
    assert sig.jabatan == "KEPALA DINAS SOSIAL KABUPATEN SAMPANG"
    pre = ["KEPUTUSAN KEPALA DINAS SOSIAL", "Nomor:800/12/Dinsos/2023", "TENTANG", *sig_lines]
    meta = extract_document_meta(pre, [], [], [])
    assert (meta.nomor, meta.tempat, meta.pemda) == (
        "800/12/Dinsos/2023",
        "Sampang",
        "Kabupaten Sampang",
    )


def test_date_label_glued_by_ocr() -> None:
    """Barito Kuala's scans (every level) read "Pada tanggal" as one word."""
    meta = extract_document_meta(
        ["Ditetapkan di : Marabahan", "Padatanggal : 14 September 2021"], [], [], []
    )
    assert (meta.tempat, meta.tanggal) == ("Marabahan", date(2021, 9, 14))


def test_title_word_misread_in_an_ocr_heading() -> None:
    """Kutai Kartanegara light scan: the heading "KABUPATEN KUTAI KARTANEGARA" read
    as "KABUPAIEN ..." lost the pemda; a title word one letter off is mended in OCR'd
    lines only, and never into another word ("UTARA" is not "UTAMA")."""
    from domain.pages import Word
    from normalize.document import title_lines

    def ocr(text: str) -> Line:
        return Line(text, words=[Word(t, 0, 0, 1, 1, 91.0) for t in text.split()])

    lines = [ocr("INDIKATOR KINERJA INDIVIDU"), ocr("DINAS SOSIAL")]
    lines.append(ocr("KABUPAIEN KUTAI KARTANEGARA"))
    texts = title_lines(lines)
    assert texts[2] == "KABUPATEN KUTAI KARTANEGARA"
    meta = extract_document_meta(texts, [], [], [])
    assert meta.pemda == "Kabupaten Kutai Kartanegara" and meta.instansi == "Dinas Sosial"
    assert title_lines([ocr("PROVINSI KALIMANTAN UTARA")]) == ["PROVINSI KALIMANTAN UTARA"]
    # a text layer's line is left as it is
    assert title_lines([Line("KABUPAIEN KUTAI")]) == ["KABUPAIEN KUTAI"]


def test_ocr_specks_in_a_signature_block() -> None:
    """What the medium and heavy sample scans read under the decree's signature:
    a colon speck before the name (Kapuas Hulu medium), a stop glued before the
    comma after it or read for it (Kapuas Hulu heavy), specks before or between
    NIP groups (Tanjung Seruni medium). Each lost the signer or the NIP."""
    head = ["Ditetapkan di Putussibau", "pada tanggal 1 Maret 2023", "Kabupaten Kapuas Hulu,"]
    tail = ["Pembina Utama Muda", "NIP. 19651123 199203 2 006"]
    for name in (
        ": MARTHA BANANG, S.H., M.M",
        "MARTHA BANANG., S.H., M.M",
        "MARTHA BANANG. S.H., M.M",
        ". MARTHA BANANG, S.H., M.M",
    ):
        (sig,) = extract_signatures([*head, name, *tail])
        assert sig.penandatangan == "MARTHA BANANG, S.H., M.M"
        assert sig.nip == "196511231992032006"
    assert normalize_nip("NIP. 19720415 .199803 2 004") == "197204151998032004"
    (sig,) = extract_signatures([*head, "Drs. H. ANI, M.Si", "NIP. 19720415.-199803 2 004"])
    assert sig.nip == "197204151998032004"
    assert sig.penandatangan == "Drs. H. ANI, M.Si"
    # an abbreviation's own stop stays
    (sig,) = extract_signatures([*head, "Drs. ANI, M.Kesos., S.H.", *tail])
    assert sig.penandatangan == "Drs. ANI, M.Kesos., S.H."


def test_ditetapkan_place_on_the_next_line() -> None:
    """Barito Kuala heavy scan: the colon column lost, "Ditetapkan di" and
    "Marabahan" come out as two lines."""
    pre = [
        "sebagaimana mestinya.",
        "Ditetapkan di",
        "Marabahan",
        "Padatanggal",
        "14 September 2021",
        "KEPALA DINAS SOSIAL,",
        "H. FUAD SYEKH, S. Sos, M. AP",
        "NIP. 197010221991011001",
    ]
    meta = extract_document_meta(pre, [], [], [])
    assert (meta.tempat, meta.tanggal) == ("Marabahan", date(2021, 9, 14))
    assert meta.penandatangan == "H. FUAD SYEKH, S. Sos, M. AP"
    # the signer's title under an empty "Ditetapkan di" is not a place
    meta = extract_document_meta([pre[1], *pre[5:]], [], [], [])
    assert meta.tempat is None and meta.nip == "197010221991011001"
