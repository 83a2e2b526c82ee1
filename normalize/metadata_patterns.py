"""The rule pipeline behind :mod:`normalize.metadata`: a blank spaCy ``id`` pipeline
with one ``entity_ruler`` that labels the pieces of a decree's heading and signatures.

No trained model is used; every label comes from a token pattern below. Labels:

``DATE``        ``31 Januari 2023`` (month matched fuzzily: OCR ``fanuari``, ``Januar``)
``NIP``         ``NIP. 19680706 199403 1 013`` (OCR ``NIF``), or a bare 8-6-1-3 group
``PANGKAT``     civil-service rank: ``Pembina Utama Muda``, ``Penata Tk. I (III/d)``
``TAHUN``       ``TAHUN 2023``, ``Tahun Anggaran 2023``, OCR ``TARUN 2023``
``JENIS_IKI`` / ``JENIS_IKU`` / ``JENIS_IK``   ``INDIKATOR KINERJA INDIVIDU`` ... or ``(IKU)``
``PEMDA``       ``KABUPATEN KUTAI KARTANEGARA``, ``Kab. Batola``, ``Kota ...``
``AGENCY``      ``DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK``, ``Badan ...``
``NOMOR_LBL``   ``NOMOR`` / ``Nomor :`` / ``No.``
``DITETAPKAN``  ``Ditetapkan di``;  ``TGL_LBL``  ``pada tanggal``
``COSIGN``      a second signer's caption: ``Mengetahui``, ``Atasan langsung`` ...
``TITLE``       a word that makes a line a position title (``Kepala``, ``Pengelola`` ...)
``OFFICE``      a word of a unit name or grade (``Keuangan``, ``Program``, ``Muda``)
``KEYWORD``     structural words of a decree (``KEPUTUSAN``, ``TENTANG``, ``Mengingat`` ...)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import spacy
from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.tokens import Doc

MONTHS: dict[str, int] = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,  # older spelling, still printed by some pemda
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,  # older spelling
    "desember": 12,
}
MONTH_ABBR: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "peb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agus": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "nop": 11,
    "des": 12,
}
YEAR_RE = r"^(19[5-9]\d|20\d\d)$"

# Ranks of civil servants (PNS golongan I-IV): Juru, Pengatur, Penata, Pembina, each
# with Muda / Tk. I / Utama (Muda|Madya) and an optional golongan "(IV/b)".
PANGKAT_BASES = ["pembina", "penata", "pengatur", "juru"]
PANGKAT_TAIL_RE = (
    r"^(?i:utama|muda|madya|tingkat|tk\.?[i1l|]?|i{1,3}|iv|[1l|]|il|[a-e]|"
    r"[ivl1]{1,3}[/.][a-e]|[()\[\]/.,:\-])$"
)

# Words that make a line a position title rather than a person's name. Long words
# are matched fuzzily (OCR: "fengelok" for "Pengelola", "Koowgdinator").
TITLE_WORDS_LONG = [
    "sekretaris",
    "pengelola",
    "pengadministrasi",
    "perencana",
    "koordinator",
    "subkoordinator",
    "penyuluh",
    "bendahara",
    "verifikator",
    "pelaksana",
    "fungsional",
    "mengetahui",
    "menyetujui",
    "direktur",
    "inspektur",
    "walikota",
    "administrator",
    "pengawas",
    "operator",
    "pendamping",
    "arsiparis",
    "pengolah",
    "kabupaten",
]
# Words of unit names and grades: a line with them is not a name, but they alone do
# not make a line a signer's caption (table residue is full of them).
OFFICE_WORDS = [
    "kepegawaian",
    "perencanaan",
    "administrasi",
    "keuangan",
    "pelaporan",
    "penyusunan",
    "evaluasi",
    "aparatur",
    "fasilitas",
    "perlindungan",
    "rehabilitasi",
    "pemberdayaan",
    "pelayanan",
    "sekretariat",
    "program",
    "data",
    "umum",
    "sosial",
    "gaji",
    "daftar",
    "urusan",
    "muda",
    "madya",
    "utama",
    "penyelia",
    "terampil",
]
# OCR-damaged or abbreviated stems of the same titles ("Pengadmini", "Kasubbag").
TITLE_PREFIX_RE = (
    r"^(pengadmin|pengelol|penyuluh|analis|perencan|koordin|subkoordin|verifik|"
    r"bendahar|sekretar|kasubb?ag|kabid|kasi|subbag)"
)
TITLE_WORDS_SHORT = [
    "kepala",
    "kabid",
    "kasubag",
    "kasubbag",
    "kasi",
    "kasie",
    "ka.",
    "plt",
    "plt.",
    "plh",
    "plh.",
    "pj",
    "pj.",
    "a.n.",
    "a.n",
    "an.",
    "u.b.",
    "bupati",
    "wakil",
    "camat",
    "lurah",
    "analis",
    "pranata",
    "staf",
    "staff",
    "ahli",
    "atasan",
    "pejabat",
    "pegawai",
    "bidang",
    "seksi",
    "bagian",
    "dinas",
    "badan",
    "kantor",
    "sub",
    "kota",
    "jabatan",
    "petugas",
    "auditor",
]

# Agency heads (instansi); "Inspektorat" is a complete name on its own.
AGENCY_HEADS = ["dinas", "badan", "kantor", "sekretariat", "inspektorat", "satuan", "kecamatan"]
REGION_HEADS = ["kabupaten", "kab", "kab.", "kota", "provinsi", "propinsi"]

# Tokens that end a region or agency name (what follows is another field).
NAME_STOP = {
    "tahun",
    "anggaran",
    "nomor",
    "no",
    "tentang",
    "dinas",
    "badan",
    "kantor",
    "sekretariat",
    "inspektorat",
    "kecamatan",
    "kelurahan",
    "desa",
    "kepala",
    "pada",
    "dan",
    "di",
    "ke",
    "dari",
    "yang",
    "untuk",
    "dengan",
    "sebagai",
    "dalam",
    "provinsi",
    "propinsi",
    "kabupaten",
    "kab",
    "kota",
    "nip",
    "pemerintah",
    "indikator",
    "kinerja",
    "lampiran",
    "keputusan",
    "peraturan",
    "periode",
    "layak",  # "Kabupaten/Kota Layak Anak" is a programme, not a place
    "sehat",
}
AGENCY_STOP = {
    "kabupaten",
    "kab",
    "kota",
    "provinsi",
    "propinsi",
    "tahun",
    "nomor",
    "tentang",
    "pada",
    "di",
    "nip",
    "yang",
    "kepala",
    "sebagai",
    "dalam",
    "untuk",
    "indikator",
    "kinerja",
    "lampiran",
    "keputusan",
    "jalan",
    "jl",
    "telp",
    "telepon",
    "website",
    "email",
}

COSIGN_PHRASES = [
    ["mengetahui"],
    ["menyetujui"],
    ["atasan", "langsung"],
    ["atasan", "pejabat", "penilai"],
    ["pejabat", "penilai"],
    ["pegawai", "yang", "dinilai"],
    ["pihak", "pertama"],
    ["pihak", "kedua"],
    ["yang", "menerima"],
    ["yang", "menyerahkan"],
]

# Structural words of a decree (Indonesian "Keputusan" layout).
KEYWORDS = [
    "keputusan",
    "peraturan",
    "tentang",
    "menimbang",
    "mengingat",
    "memperhatikan",
    "memutuskan",
    "menetapkan",
    "lampiran",
    "kesatu",
    "pertama",
]


def _edits(word: str) -> int:
    """spaCy's default FUZZY allowance: 2 edits, or 30% of a long word."""
    return max(2, round(0.3 * len(word)))


# Words matched with OCR tolerance, with the edits allowed for each.
FUZZY_WORDS: dict[str, int] = {
    **{m: _edits(m) for m in MONTHS if len(m) > 4},  # "fanuari", "Januar"
    "juni": 1,
    "juli": 1,
    **{w: _edits(w) for w in TITLE_WORDS_LONG},  # "fengelok", "Koowgdinator"
    **{w: 1 for w in KEYWORDS},
    **{w: 1 for w in PANGKAT_BASES},
    "tahun": 1,  # OCR "TARUN"
    "nomor": 1,  # "NOMER"
    "indikator": 1,
    "kinerja": 1,
    "individu": 2,  # OCR "[NDIVIDU" -> "ndividu"
    "utama": 1,
    "ditetapkan": 1,
    "dikeluarkan": 1,  # "Dikeluarkan di" (older decrees)
    "tanggal": 1,
}


@lru_cache(maxsize=200_000)
def canonical(lower: str) -> str | None:
    """The fuzzy word a lower-cased token stands for (``tarun`` -> ``tahun``), or None.

    The rule of spaCy's ``FUZZY`` operator, applied once per distinct word and
    process (a pipeline component writes it to ``Token.norm_``) so that patterns
    match on ``NORM`` at native speed. The closest word wins; a tie is no match."""
    best: list[tuple[int, str]] = []
    for word, k in FUZZY_WORDS.items():
        if abs(len(lower) - len(word)) <= k:
            d = Levenshtein.distance(lower, word, score_cutoff=k)
            if d <= k:
                best.append((d, word))
    if not best:
        return None
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0]:
        return None
    return best[0][1]


@Language.component("iki_fuzzy_norm")
def fuzzy_norm(doc: Doc) -> Doc:
    """Set ``norm_`` of OCR-damaged decree words to the word they stand for."""
    for tok in doc:
        if tok.is_alpha and (word := canonical(tok.lower_)):
            tok.norm_ = word
    return doc


def fz(*words: str) -> dict[str, Any]:
    """A token pattern: the token is (an OCR-damaged form of) one of ``words``."""
    return {"NORM": {"IN": list(words)}}


_NAME_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": r"^[A-Z][A-Za-z'\-]*$"}}
_ACRONYM_TOKEN = r"^[A-Z0-9]{2,}$"


def _patterns() -> list[dict[str, Any]]:
    day = {"TEXT": {"REGEX": r"^(0?[1-9]|[12]\d|3[01])$"}}
    year = {"TEXT": {"REGEX": YEAR_RE}}
    month_tokens: list[dict[str, Any]] = [
        fz(*(m for m in MONTHS if len(m) > 4)),
        fz("juni", "juli"),
        {"LOWER": {"IN": ["mei", *MONTH_ABBR, *(a + "." for a in MONTH_ABBR)]}},
    ]
    pats: list[dict[str, Any]] = []
    for mt in month_tokens:
        pats.append({"label": "DATE", "pattern": [day, mt, {"ORTH": ".", "OP": "?"}, year]})
    sep = {"ORTH": {"IN": ["-", "/", "."]}}
    pats.append(
        {"label": "DATE", "pattern": [day, sep, {"TEXT": {"REGEX": r"^\d{1,2}$"}}, sep, year]}
    )

    digits = {"TEXT": {"REGEX": r"^(?=.*\d)[\dOo]{1,18}$"}}
    nip_label = {"LOWER": {"IN": ["nip", "nif", "n1p", "nlp", "njp", "nip.", "nip:", "nif."]}}
    punct = {"ORTH": {"IN": [".", ":", "-", ","]}, "OP": "*"}
    pats.append({"label": "NIP", "pattern": [nip_label, punct, {**digits, "OP": "{1,6}"}]})
    grp = [r"^\d{8}$", r"^\d{6}$", r"^\d$", r"^\d{3}$"]
    pats.append({"label": "NIP", "pattern": [{"TEXT": {"REGEX": g}} for g in grp]})
    pats.append({"label": "NIP", "pattern": [{"TEXT": {"REGEX": r"^\d{18}$"}}]})

    pats.append(
        {
            "label": "PANGKAT",
            "pattern": [
                fz(*PANGKAT_BASES),
                {"TEXT": {"REGEX": PANGKAT_TAIL_RE}, "OP": "{0,8}"},
            ],
        }
    )

    tahun = fz("tahun")
    pats.append(
        {
            "label": "TAHUN",
            "pattern": [
                tahun,
                {"LOWER": "anggaran", "OP": "?"},
                {"ORTH": ":", "OP": "?"},
                year,
            ],
        }
    )

    indikator = fz("indikator")
    kinerja = fz("kinerja")
    junk = {"IS_PUNCT": True, "OP": "?"}  # OCR "[NDIVIDU"
    pats += [
        {
            "label": "JENIS_IKI",
            "pattern": [indikator, kinerja, junk, fz("individu")],
        },
        {
            "label": "JENIS_IKU",
            "pattern": [indikator, kinerja, junk, fz("utama")],
        },
        {"label": "JENIS_IK", "pattern": [indikator, kinerja]},
        {"label": "JENIS_IKI", "pattern": [{"TEXT": "IKI"}]},
        {"label": "JENIS_IKU", "pattern": [{"TEXT": "IKU"}]},
        {"label": "JENIS_IK", "pattern": [{"ORTH": "("}, {"TEXT": "IK"}, {"ORTH": ")"}]},
    ]

    pats.append(
        {
            "label": "PEMDA",
            "pattern": [
                {"LOWER": {"IN": REGION_HEADS}},
                {"ORTH": ".", "OP": "?"},
                {**_NAME_TOKEN, "LOWER": {"NOT_IN": sorted(NAME_STOP)}, "OP": "{1,4}"},
            ],
        }
    )
    body = {
        "TEXT": {"REGEX": r"^([A-Z][A-Za-z'\-]*|[A-Z0-9]{2,}|dan|serta|&|,)$"},
        "LOWER": {"NOT_IN": sorted(AGENCY_STOP)},
        "OP": "{0,14}",
    }
    pats.append({"label": "AGENCY", "pattern": [{"LOWER": {"IN": AGENCY_HEADS}}, body]})
    pats.append({"label": "AGENCY", "pattern": [{"LOWER": "rumah"}, {"LOWER": "sakit"}, body]})

    pats.append(
        {
            "label": "NOMOR_LBL",
            "pattern": [
                fz("nomor"),
                {"ORTH": {"IN": [".", ":"]}, "OP": "*"},
            ],
        }
    )
    pats.append({"label": "NOMOR_LBL", "pattern": [{"LOWER": {"IN": ["no", "no."]}}, punct]})
    pats.append(
        {
            "label": "DITETAPKAN",
            "pattern": [fz("ditetapkan", "dikeluarkan"), {"LOWER": "di"}, punct],
        }
    )
    pats.append(
        {
            "label": "TGL_LBL",
            "pattern": [{"LOWER": "pada", "OP": "?"}, fz("tanggal"), punct],
        }
    )
    # OCR glues the two words when the space between them is narrow ("Padatanggal")
    pats.append({"label": "TGL_LBL", "pattern": [{"LOWER": {"REGEX": r"^pada[t7]ang+al$"}}, punct]})
    for phrase in COSIGN_PHRASES:
        pats.append({"label": "COSIGN", "pattern": [{"LOWER": w} for w in phrase]})
    pats.append({"label": "TITLE", "pattern": [fz(*TITLE_WORDS_LONG)]})
    pats.append({"label": "TITLE", "pattern": [{"LOWER": {"IN": TITLE_WORDS_SHORT}}]})
    pats.append({"label": "TITLE", "pattern": [{"LOWER": {"REGEX": TITLE_PREFIX_RE}}]})
    pats.append({"label": "OFFICE", "pattern": [{"LOWER": {"IN": OFFICE_WORDS}}]})
    pats.append({"label": "KEYWORD", "pattern": [fz(*KEYWORDS)]})
    return pats


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The process-wide pipeline (built on first use, ~2 s; then shared)."""
    nlp = spacy.blank("id")
    nlp.add_pipe("iki_fuzzy_norm")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    ruler.add_patterns(_patterns())  # type: ignore[attr-defined]
    return nlp


_HTML = re.compile(r"<[^>]+>")
_GARBAGE = re.compile(r"[|~»«§“”*#_\\]")
_TK_BAR = re.compile(r"(?i)(\btk\s*\.?\s*)\|")
_NIP_GLUE = re.compile(r"(?i)\b(NI[PF]|N1P|NLP)\s*([.:]?)\s*(?=\d)")
_NOMOR_GLUE = re.compile(r"(?i)\b(nomor|nomer|no)\s*([.:])\s*(?=\d)")
_DATE_GLUE = re.compile(r"\b(\d{1,2})([A-Za-z]{3,9})((?:19|20)\d\d)\b")
_BULLET = re.compile(r"^\s*(?:[-•]\s+)+")
_DIGIT_SPECK = re.compile(r"(?<=\d)\s+[.,'`]+(?=\d)")
_NIP_GROUPS = re.compile(r"\b(\d{8})[\s.,'`-]+(\d{6})[\s.,'`-]+(\d)[\s.,'`-]+(\d{3})\b")
"""A NIP's 8-6-1-3 digit groups with specks between them (``19720415.-199803``)."""


def prep(text: str) -> str:
    """Clean one line for matching: markup, OCR garbage characters, glued tokens.

    ``TK.|`` -> ``TK.I`` (a bar after Tk. is a Roman one), ``NIP.1968`` ->
    ``NIP. 1968``, ``Nomor:800/...`` -> ``Nomor: 800/...``, ``31Januari2023`` ->
    ``31 Januari 2023``, ``19720415 .199803`` or ``19720415.-199803`` ->
    ``19720415 199803`` (specks between a NIP's digit groups); a leading list bullet
    (markdown ``- ``) is dropped. Everything else is kept as printed.
    """
    s = _HTML.sub(" ", text)
    s = _TK_BAR.sub(r"\1I", s)
    s = _GARBAGE.sub(" ", s)
    s = _DIGIT_SPECK.sub(" ", s)
    s = _NIP_GROUPS.sub(r"\1 \2 \3 \4", s)
    s = _NIP_GLUE.sub(lambda m: f"{m.group(1)}{m.group(2) or '.'} ", s)
    s = _NOMOR_GLUE.sub(r"\1\2 ", s)
    s = _DATE_GLUE.sub(r"\1 \2 \3", s)
    s = _BULLET.sub("", s)
    return " ".join(s.split())
