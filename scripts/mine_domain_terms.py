"""Mine the domain vocabulary of IKI decrees into ``normalize/data/domain_terms.txt``.

Usage: ``.venv/bin/python scripts/mine_domain_terms.py [TEXT ...] [--out PATH]``
(default: the clean seed dumps kapuas_hulu, barito_kuala and sampang; the OCR seed
kutai_kartanegara is deliberately not mined: its noise would enter the lexicon).

Every alphabetic token of three letters or more is counted (lower-cased) per
source. Acronym-like tokens (all capitals, or inner capitals as in LKjIP) absent
from the dictionary are reported, not mined (curate them in ``acronyms.txt``). A mined
token absent from the dictionary that lies one or two edits from a much commoner
word is a ``variant`` (a typo of the decree such as ``Pentapan``, or a common
misspelling such as ``Presentase``): kept as known so it is never "repaired",
but never proposed as a repair. Curated government words (``CURATED``: many
missing from hunspell-id, others common in decrees such as month names) have kind
``curated``: those the seeds use keep their counts, the others are appended with
count 0. Curated words stay in leave-one-out lexicons.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize.lexicon import (  # noqa: E402
    AFF_PATH,
    DIC_PATH,
    DOMAIN_TERMS_PATH,
    ENCLITICS,
    expand_hunspell,
    read_hunspell,
)

CLEAN_SEEDS = ("kapuas_hulu", "barito_kuala", "sampang")

# Government and social-affairs vocabulary of Indonesian regional planning and
# performance documents (RPJMD, Renstra, Renja, LKjIP, IKI/IKU decrees), much of it
# missing from hunspell-id, plus the non-standard spellings decrees use (obyek).
_CURATED_TEXT = """
akuntabilitas individu fasilitasi difasilitasi memfasilitasi terfasilitasi pengevaluasian
penatausahaan menatausahakan disabilitas penyandang terdata pendataan monitoring evaluasi
verifikasi diverifikasi memverifikasi verifikator validasi divalidasi verivali asesmen
assesmen reviu mereviu direviu renstra renja rpjmd rpjpd rkpd bappeda bapenda sakip
subkegiatan subbag subbagian kasubbag kabid kasi sekretariat kesekretariatan kepegawaian
penganggaran pelaporan realisasi capaian outcome output persentase prosentase indeks
inventaris aset bansos dinsos pemda pemkab pemkot puskesos tagana narkoba narkotika
psikotropika lansia rehabilitasi resosialisasi reintegrasi kebencanaan kesiapsiagaan
pengarusutamaan gender responsif website online aplikasi entry input database internet
sertifikat kwitansi materai meterai standar operasional prosedur juknis juklak tupoksi
kluster klaster pemutakhiran monev bimtek sosialisasi sinkronisasi harmonisasi
optimalisasi digitalisasi implementasi identifikasi inventarisasi rekapitulasi
rekonsiliasi pengadministrasi pengolah pengelola analis penyuluh perencana bendahara
pranata fungsional struktural eselon administrator pengawas pelaksana triwulan
triwulanan semester semesteran persemester kepmensos permensos perbup perda pergub
permendagri permenpan kemensos kemendagri kementerian tatalaksana ketatalaksanaan
akuntansi perbendaharaan retribusi hibah penyaluran pemerlu kesejahteraan keprotokolan
kearsipan kepangkatan pensiunan gratifikasi whistleblowing survei survey e-government
e-planning e-budgeting e-kinerja pengkoordinasian terkoordinasi terkoordinasinya
terselenggaranya terlaksananya tersedianya meningkatnya terpenuhinya tercapainya
terpetakannya terencanakannya terbahasnya terpastikannya terpulihkan pemulihan
pemeliharaan rumah tangga perlengkapan perkantoran kendaraan dinas operasional
mengkoordinasikan dikoordinasikan pengkoordinasian koordinator validasi narkotika kwitansi
instruksi analisa menganalisa dianalisa taruna pemulangan dipulangkan
obyek subyek resiko aktifitas efektifitas produktifitas praktek standart index update
upload download government whistle blowing sekretariatan subkoordinator
januari februari maret april mei juni juli agustus september oktober november desember
senin selasa rabu kamis jumat sabtu minggu
"""
CURATED = tuple(_CURATED_TEXT.split())


def clean_markup(text: str) -> str:
    """Drop the markup of the markdown/HTML/LaTeX dumps (tags, commands, URLs)."""
    text = re.sub(r"<[^>]+>", " ", text)  # <ul><li style=...>
    text = re.sub(r"\\[A-Za-z]+", " ", text)  # \frac \text \times \sum
    text = re.sub(r"\b(?:https?://|mailto:|www\.)\S+", " ", text)
    text = re.sub(r"\S+@\S+", " ", text)
    return text


def tokens(text: str) -> list[str]:
    """Letter tokens; hyphenated words are split, joined ``SumberData`` split too."""
    out: list[str] = []
    for tok in re.findall(r"[^\W\d_]+", clean_markup(text)):
        # "KendaraanDinas", "SumberData": two words glued by a lost space.
        out.extend(
            re.findall(r"[A-Z][a-z]+|[^A-Z]+|[A-Z]+(?![a-z])", tok)
            if re.fullmatch(r"(?:[A-Z][a-z]+){2,}", tok)
            else [tok]
        )
    return [t for t in out if len(t) >= 3]


def _in_dictionary(word: str, dictionary: set[str]) -> bool:
    """In the expanded dictionary, directly or after an enclitic (``seluruhnya``)."""
    if word in dictionary:
        return True
    return any(
        word.endswith(c) and len(word) - len(c) >= 3 and word[: -len(c)] in dictionary
        for c in ENCLITICS
    )


def mine(paths: list[Path], dictionary: set[str]) -> list[tuple[str, int, dict[str, int], str]]:
    per_source: dict[str, Counter[str]] = {}
    caps_only: dict[str, bool] = defaultdict(lambda: True)
    for path in paths:
        counter: Counter[str] = Counter()
        for tok in tokens(path.read_text(encoding="utf-8")):
            low = tok.lower()
            counter[low] += 1
            if tok.islower() or tok.istitle():  # not an acronym (PMKS, LKjIP)
                caps_only[low] = False
        per_source[path.stem] = counter
    total: Counter[str] = Counter()
    for c in per_source.values():
        total.update(c)

    acronyms = sorted(t for t in total if caps_only[t] and t not in dictionary)
    if acronyms:
        print("skipped (acronym-like, not in dictionary):", " ".join(a.upper() for a in acronyms))
    terms = [t for t in total if t not in acronyms]

    # Variant: absent from the dictionary, one or two edits from a commoner word.
    pool = sorted(dictionary | set(terms))
    by_len: dict[int, list[str]] = defaultdict(list)
    for w in pool:
        by_len[len(w)].append(w)
    curated = set(CURATED)
    rows = []
    for t in terms:
        kind = "term"
        if t in curated:
            kind = "curated"  # kept as known even when its seed is left out
        elif not _in_dictionary(t, dictionary):
            max_d = 1 if len(t) < 8 else 2
            near = [w for n in range(len(t) - max_d, len(t) + max_d + 1) for w in by_len[n]]
            for w, _, _ in process.extract(
                t, near, scorer=Levenshtein.distance, score_cutoff=max_d, limit=20
            ):
                if w == t:
                    continue
                if total[w] >= 3 * total[t] or (w in dictionary and total[t] <= 2):
                    kind = "variant"
                    break
        sources = {name: c[t] for name, c in per_source.items() if c[t]}
        rows.append((t, total[t], sources, kind))
    mined = {r[0] for r in rows}
    for word in dict.fromkeys(CURATED):
        if word not in mined:
            rows.append((word, 0, {}, "curated"))
    rows.sort(key=lambda r: (-r[1], r[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("texts", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=DOMAIN_TERMS_PATH)
    args = ap.parse_args(argv)
    paths = args.texts or [ROOT / "samples" / "text" / f"{s}.txt" for s in CLEAN_SEEDS]
    hun = read_hunspell(DIC_PATH, AFF_PATH)
    dictionary = expand_hunspell(*hun) if hun else set()
    rows = mine(paths, dictionary)
    lines = [
        "# IKI domain vocabulary, written by scripts/mine_domain_terms.py: do not edit by hand.",
        f"# Mined from: {', '.join(p.stem for p in paths)}; plus curated government words.",
        "# term<TAB>count<TAB>source:count,...<TAB>kind (term | variant | curated)",
    ]
    for term, count, sources, kind in rows:
        src = ",".join(f"{k}:{v}" for k, v in sorted(sources.items()))
        lines.append(f"{term}\t{count}\t{src}\t{kind}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds = Counter(r[3] for r in rows)
    print(f"wrote {args.out}: {len(rows)} terms ({dict(kinds)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
