"""OCR repair (normalize.repair) and its lexicon (normalize.lexicon), on real seed strings."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from normalize import lexicon as lexmod
from normalize.lexicon import DIC_PATH, Lexicon, build_lexicon, get_lexicon
from normalize.repair import (
    BRACKET_SCORE,
    Repair,
    close_parenthesis,
    ocr_score,
    repair_text,
    strip_debris,
    token_counts,
)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "text"
NEEDS_HUNSPELL = pytest.mark.skipif(not DIC_PATH.exists(), reason="hunspell-id not installed")


def seed_line(seed: str, fragment: str) -> str:
    """The seed line containing ``fragment`` (so every test string is real)."""
    for line in (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").splitlines():
        if fragment in line:
            return line.strip()
    raise AssertionError(f"{fragment!r} not in seed {seed}")


@pytest.fixture(scope="module")
def lex(tmp_path_factory: pytest.TempPathFactory) -> Lexicon:
    if not DIC_PATH.exists():
        pytest.skip("hunspell-id not installed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("IKI_CACHE_DIR", str(tmp_path_factory.mktemp("lexcache")))
        return build_lexicon()


# --------------------------------------------------------------------------- repairs


def test_jumiah_dokumen_repaired_and_recorded(lex: Lexicon) -> None:
    line = seed_line("kutai_kartanegara", "Jumiah Dokumen - LKjiP")
    result = repair_text(line, lex)
    assert "Jumlah Dokumen" in result.text
    assert "Jumiah" not in result.text
    jumlah = [r for r in result.repairs if r.before == "Jumiah"]
    assert jumlah == [Repair("Jumiah", "Jumlah", jumlah[0].score)]
    assert 0.9 < jumlah[0].score <= 1.0
    # the mixed-case misreading of an acronym gets its canonical case; a word in
    # lower case that happens to spell an acronym is left alone
    assert "LKjIP" in result.text and "LKjiP" not in result.text
    assert repair_text("data pmks dan kab", lex).text == "data pmks dan kab"


def test_bracket_debris_stripped(lex: Lexicon) -> None:
    line = seed_line("kutai_kartanegara", "1. [Tersedianya Laporan Analisis")
    result = repair_text(line, lex)
    assert result.text.startswith("1. Tersedianya Laporan Analisis")
    assert "[" in result.removed
    assert "RPJMD" in result.text


@pytest.mark.parametrize(
    ("ocr", "read", "read_for"),
    [
        ("Buku Kas Umum - Register SP]", "Buku Kas Umum - Register SPJ", "SP]"),  # J read as ]
        ("pelayanan kesejahteraan sosia] bagi", "pelayanan kesejahteraan sosial bagi", "sosia]"),
        ("[ndikator Kinerja Utama", "Indikator Kinerja Utama", "[ndikator"),
        # no known word with a letter for the bracket: debris, stripped as before
        ("1. [Tersedianya Laporan", "1. Tersedianya Laporan", None),
        ("Data] kegiatan", "Data kegiatan", None),
        # closed, or not at the field's end: left
        ("Jumlah PPKS (orang) x 100%", "Jumlah PPKS (orang) x 100%", None),
        ("Laporan (LKjIP) tahunan.", "Laporan (LKjIP) tahunan.", None),
    ],
)
def test_brackets_read_for_letters_and_parentheses(
    lex: Lexicon, ocr: str, read: str, read_for: str | None
) -> None:
    result = repair_text(ocr, lex)
    assert result.text == read
    # a bracket read back is a repair (it lowers the field's confidence)
    assert [r.before for r in result.repairs if r.before == read_for] == (
        [read_for] if read_for else []
    )


@pytest.mark.parametrize("ocr", ["Layak Anak (KLA.", "Layak Anak (KLA]", "Layak Anak (KLA}."])
def test_closing_parenthesis_read_for_a_stop_or_bracket(ocr: str) -> None:
    assert close_parenthesis(ocr) == (
        "Layak Anak (KLA)",
        [Repair(ocr.split(" ")[-1], "(KLA)", BRACKET_SCORE)],
    )
    assert close_parenthesis("Laporan (LKjIP) tahunan.") == ("Laporan (LKjIP) tahunan.", [])


def test_ruling_line_debris(lex: Lexicon) -> None:
    text, removed = strip_debris("11. ... dilingkungan Dinas; dan\n\n~N»\n\n4. Indikator Kinerja")
    assert "~N»" not in text and removed == ["~N»"]
    line = seed_line("kutai_kartanegara", "2 |Tersedianya dokumen pendukuang|")
    result = repair_text(line, lex)
    assert "|" not in result.text
    assert result.text.startswith("2 Tersedianya dokumen pendukung 2 Dokumen pendukung")
    assert result.removed.count("|") == 2


def test_underscores_quotes_and_real_brackets() -> None:
    text, _ = strip_debris(seed_line("kutai_kartanegara", "penyanm_paian"))
    assert "penyanmpaian" in text and "_" not in text
    text, removed = strip_debris(seed_line("kutai_kartanegara", 'Dilaksanakan " Dokumen'))
    assert '"' not in text and '"' in removed
    text, removed = strip_debris(seed_line("kutai_kartanegara", "‘3. Terlaksananya"))
    assert text.startswith("3. Terlaksananya") and "‘" in removed
    line = seed_line("kutai_kartanegara", "Sasaran Kerja Pegawai (SKP), Daftar Urut")
    assert strip_debris(line)[0] == line  # (SKP) and (DUK) are real brackets


def test_rank_bar_is_the_numeral_one() -> None:
    # "Pembina TK.|" / "Pengatur TK.|": ruling-line bar where the rank numeral I stood
    assert strip_debris("Pengatur TK.|")[0] == "Pengatur TK. I"


def test_numbers_nip_acronyms_untouched(lex: Lexicon) -> None:
    for line in (
        seed_line("kutai_kartanegara", "NIP. 19680706 199403 1 013"),
        seed_line("kutai_kartanegara", "Lembaga kesejahteraan sosia] - DTKS"),
        "Dokumen RPJMD - LKjIP - Kewenangan Kabupaten/Kota - Kab/Kota",
        seed_line("kutai_kartanegara", "TASPEN.TAPERUM.KARPEG"),
    ):
        result = repair_text(line, lex)
        for token in re.findall(r"\d[\d ]*\d|RPJMD|LKjIP|Kab/Kota|TASPEN|TAPERUM|KARPEG", line):
            assert token in result.text
    nip = repair_text("NIP. 19680706 199403 1 013", lex)
    assert nip.text == "NIP. 19680706 199403 1 013" and nip.repairs == []


def test_clean_seed_sentences_unchanged(lex: Lexicon) -> None:
    for seed, fragment in (
        ("kapuas_hulu", "Sekretaris sebagaimana dimaksud dalam pasal 5"),
        ("kapuas_hulu", "Jalan Kom Yos Sudarso Nomor 122 Putussibau"),
        ("barito_kuala", "Menyelia (melakukan supervisi)"),
        ("sampang", "pelaksanaan koordinasi penyusunan program, rencana anggaran"),
    ):
        line = seed_line(seed, fragment)
        result = repair_text(line, lex)
        assert result.repairs == [], (line, result.repairs)
        assert result.text == re.sub(r"\s+", " ", line).strip()


def test_case_pattern_kept(lex: Lexicon) -> None:
    result = repair_text("JUMIAH Jumiah jumiah", lex)
    assert result.text == "JUMLAH Jumlah jumlah"
    assert [r.after for r in result.repairs] == ["JUMLAH", "Jumlah", "jumlah"]


def test_ocr_confusions_repaired(lex: Lexicon) -> None:
    cases = {
        "mengevaluasi sesual ppsedur": "sesuai",  # l for i
        "yang berlaku sebagal bahan": "sebagai",
        "Berkas Taglhan": "Tagihan",
        "kerja untuk keperiuan": "keperluan",
        "(FORMULAS! PERHITUNGAN)": "FORMULASI",  # ! for I
        "Kompilasi Perjaniian Kinerja": "Perjanjian",  # i for j
        "dipenntahkan oleh pimpinan": "diperintahkan",  # n for ri
        "secara lertulis maupun": "tertulis",  # l for t, first letter
    }
    for fragment, word in cases.items():
        line = seed_line("kutai_kartanegara", fragment)
        assert word in repair_text(line, lex).text, line


def test_names_and_places_left_alone(lex: Lexicon) -> None:
    for fragment in (
        "RIADI HADIWINOTO, S HUT",
        "Drs. Yuind# uherdiman",
        "Tenggarong, 31 Januari 2023",
        "Mohd. Ery Faisyal, S.Sos.,M.Si",
        "ASDIAN NOOR",
    ):
        line = seed_line("kutai_kartanegara", fragment)
        result = repair_text(line, lex)
        assert result.repairs == [], (line, result.repairs)


def test_hopeless_tokens_left(lex: Lexicon) -> None:
    line = seed_line("kutai_kartanegara", "Mﬁni'n.gkah'fya")
    result = repair_text(line, lex)
    assert "gkah" in result.text  # garbage is not turned into some other word
    line = seed_line("kutai_kartanegara", "bahanbahan kerja untuk keperiuan")
    assert "bahanbahan" in repair_text(line, lex).text


def test_recurring_typo_of_the_decree_kept(lex: Lexicon) -> None:
    # "Adminstrasi" is printed in three blocks of seed 001: the author's spelling
    # (TRUTH: typos of the decree are kept). Alone, it reads as OCR damage.
    line = seed_line("kutai_kartanegara", "Layanan Adminstrasi Kepegawaian Proses Laporaan")
    seed = (SEEDS / "kutai_kartanegara.txt").read_text(encoding="utf-8")
    counts = token_counts(strip_debris(seed)[0])
    assert counts["adminstrasi"] == 3
    assert "Adminstrasi" in repair_text(line, lex, doc_counts=counts).text
    assert "Administrasi Kepegawaian" in repair_text(line, lex, doc_counts={}).text
    # a recurring look-alike confusion is still OCR: Jumiah (30 times) is repaired
    assert counts["jumiah"] >= 10
    assert repair_text("Jumiah Dokumen", lex, doc_counts=counts).text == "Jumlah Dokumen"


def test_confident_ocr_token_needs_a_look_alike_edit(lex: Lexicon) -> None:
    assert repair_text("Jumah Laporan", lex).text == "Jumlah Laporan"  # dropped thin l
    confident = repair_text("Jumah Laporan", lex, token_conf={"Jumah": 96.0})
    assert confident.text == "Jumah Laporan"
    assert repair_text("Jumiah Laporan", lex, token_conf={"Jumiah": 96.0}).text == (
        "Jumlah Laporan"
    )
    # OCR words keep their punctuation and debris: "|Jumah," is the word "Jumah"
    confident = repair_text("|Jumah, Laporan", lex, token_conf={"|Jumah,": 96.0})
    assert confident.text == "Jumah, Laporan"


def test_compound_half_and_urls_untouched(lex: Lexicon) -> None:
    line = seed_line("kutai_kartanegara", "5 |Tersedianya laporan pertanggung- |")
    assert "pertanggung-" in repair_text(line, lex).text
    line = seed_line("kapuas_hulu", "Email:")
    assert repair_text(line, lex).repairs == []


def test_whole_ocr_seed(lex: Lexicon) -> None:
    seed = (SEEDS / "kutai_kartanegara.txt").read_text(encoding="utf-8")
    result = repair_text(seed, lex)
    before, after = seed.count("Jumlah"), result.text.count("Jumlah")
    assert after - before >= 30
    assert "|" not in result.text
    assert re.findall(r"\d+", result.text) == re.findall(r"\d+", strip_debris(seed)[0])
    assert all(not any(c.isdigit() for c in r.before) for r in result.repairs)


def test_ocr_score_prefers_look_alikes() -> None:
    assert ocr_score("jumiah", "jumlah") > 0.95  # i/l
    assert ocr_score("rnakan", "makan") > 0.9  # rn/m
    assert ocr_score("jumlah", "jumlah") == 1.0
    assert ocr_score("jumiah", "jumlah") > ocr_score("jumxah", "jumlah")
    assert ocr_score("mmebuat", "membuat") < 0.85  # transposition: a typist's error


# --------------------------------------------------------------------------- lexicon


def test_lexicon_knows_words_affixes_and_acronyms(lex: Lexicon) -> None:
    for word in (
        "Jumlah",
        "KESEJAHTERAAN",
        "menjumlahkan",
        "tersedianya",  # enclitic -nya
        "dibawah",  # joined preposition, as decrees write it
        "pertanggung-jawaban",
        "Akuntabilitas",  # curated: hunspell-id lacks it
        "RENSTRA",
        "Renstra",
        "LKjIP",
        "Presentase",  # a decree spelling: known, never proposed
    ):
        assert lex.is_known(word), word
    for token in ("Jumiah", "beriaku", "LKjiP", "Keglatan"):
        assert not lex.is_known(token), token
    assert not lex.proposable("presentase")
    assert lex.acronym("lkjip") == "LKjIP"
    assert all(len(w) == 8 for w in lex.candidates("keglatan", spread=0))
    assert "kegiatan" in lex.candidates("keglatan")


@NEEDS_HUNSPELL
def test_affix_expansion_of_hunspell_id() -> None:
    hun = lexmod.read_hunspell(lexmod.DIC_PATH, lexmod.AFF_PATH)
    assert hun is not None
    families = lexmod.expand_families(*hun)
    assert {"jumlah", "menjumlahkan", "penjumlahan", "dijumlahkan"} <= families["jumlah"]
    assert {"tersedia", "kesediaan", "bersedia"} <= families["sedia"]
    words = set().union(*families.values())
    assert 40_000 < len(words) < 200_000
    assert not any("/" in w for w in words)  # unmunch leaves "ter/A1|..." fragments


def test_lexicon_cache_is_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path))
    first = build_lexicon()
    files = list(tmp_path.glob("lexicon-*.json"))
    assert len(files) == 1

    def no_rebuild(*_: object) -> dict[str, set[str]]:
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(lexmod, "expand_families", no_rebuild)
    second = build_lexicon()
    assert second.words == first.words and second.domain == first.domain
    assert second.acronyms == first.acronyms and second.related == first.related
    # a changed input is a new cache key, not a stale hit
    acronyms = tmp_path / "acronyms.txt"
    acronyms.write_text("PMKS\nSIKS-NG\n", encoding="utf-8")
    monkeypatch.setattr(lexmod, "expand_families", lambda *_: {"jumlah": {"jumlah"}})
    other = build_lexicon(acronyms_path=acronyms)
    assert set(other.acronyms.values()) == {"PMKS", "SIKS-NG"}
    assert len(list(tmp_path.glob("lexicon-*.json"))) == 2


def test_missing_dictionary_degrades(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("IKI_CACHE_DIR", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="normalize.lexicon"):
        lex = build_lexicon(dic_path=tmp_path / "none.dic", aff_path=tmp_path / "none.aff")
    assert "hunspell dictionary unavailable" in caplog.text
    assert lex.is_known("Jumlah") and lex.is_known("PMKS")  # domain terms, acronyms
    assert repair_text("Jumiah Dokumen", lex).text == "Jumlah Dokumen"


def test_leave_one_out_drops_seed_only_terms(lex: Lexicon) -> None:
    loo = build_lexicon(exclude_sources=["barito_kuala"])
    assert lex.is_known("Akuntailitas")  # barito_kuala's own typo, mined as a variant
    assert not loo.is_known("Akuntailitas")
    assert loo.count("jumlah") < lex.count("jumlah")


def test_get_lexicon_is_a_singleton(monkeypatch: pytest.MonkeyPatch, lex: Lexicon) -> None:
    monkeypatch.setattr(lexmod, "_LEXICON", None)
    monkeypatch.setattr(lexmod, "build_lexicon", lambda: lex)
    assert get_lexicon() is lex
    assert get_lexicon() is get_lexicon()


def test_ocr_acronym_in_capitals_takes_its_canonical_case(lex: Lexicon) -> None:
    """Kutai Kartanegara medium scan (draw 6), row 2-5: "LKjIP" read as "LKJIP" at
    full confidence. OCR'd, the acronym takes its canonical case; typed, it stays."""
    assert repair_text("- LKJIP", lex, token_conf={"LKJIP": 96.0}).text == "- LKjIP"
    assert repair_text("- LKJIP", lex).text == "- LKJIP"
    assert repair_text("- DTKS", lex, token_conf={"DTKS": 96.0}).text == "- DTKS"


def test_confusable_real_words(lex: Lexicon) -> None:
    """A dictionary word the decrees never use, one letter from one they use
    often, is a likely misreading; decree words and acronyms are not."""
    for word in ("dati", "has", "tan"):
        assert lex.confusable(word), word
    for word in ("dari", "Kas", "data", "PUB", "luar", "sesuai"):
        assert lex.confusable(word) is None, word
    # on typed text of a decree not mined for the lexicon, few rows have one
    truth = json.loads((ROOT / "samples" / "truth" / "tanjung_seruni.json").read_text())
    rows = [r for p in truth["positions"] for r in p["indicators"]]
    texts = [
        " ".join(str(r.get(k) or "") for k in ("sasaran", "indikator", "formula")) for r in rows
    ]
    hit = [t for t in texts if any(lex.confusable(w) for w in re.findall(r"[^\W\d_]+", t))]
    assert len(rows) > 40 and len(hit) / len(rows) < 0.05
