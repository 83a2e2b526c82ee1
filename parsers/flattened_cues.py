"""Token-level cues in raw OCR lines whose table was flattened (seed 001 and alike).

Tesseract reads a table row left to right, so one OCR line holds the pieces of
several cells in column order, with nothing but a space between them. What is left
to find the cell edges with are cues that hold in any pemda's IKI/IKU table:

- ruling-line debris: ``|``, ``[``, ``]``, ``{``, ``}`` between words;
- a formula opens with a quantity word (``Jumlah``, OCR ``Jumiah``/``Jumilah``/``Jumah``);
- an indicator opens with ``Persentase`` (``Presentase``, ``Prosentase``), or with the
  row's own number printed inside the indicator cell (``1. Laporan ...``, ``8 Jumiah``);
- a data-source item opens with a list marker, which OCR reads as ``-``, ``=``, ``.``,
  ``"``, ``»``;
- a percentage multiplier (``x 100%``, ``x| 100%``, ``x 1 100%``, ``100%``) closes a formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

SEPARATORS = "|[]{}"
"""Characters OCR makes of a vertical ruling line."""

_SEP_SPLIT = re.compile(r"([|\[\]{}])")
_QTY = re.compile(r"^(?:jum[l1i|!]{0,2}ah|jurnlah|jml\.?|banyaknya|total)[:.,]?$", re.IGNORECASE)
_PCT_STEMS = ("persentas", "presentas", "prosentas", "persentasi")
_HEAD_WORDS = frozenset({"rasio", "indeks", "nilai", "tingkat", "rata-rata", "angka", "capaian"})
"""Words that open an indicator in many decrees; weaker than ``Persentase`` (they also
occur inside a sasaran), so they only count right after a ruling line or a marker."""
_BULLETS = frozenset({"-", "–", "—", "=", ".", "•", "*", '"', "“", "”", "»", "«", "·", "~", "_"})
_MULT_SIGN = frozenset({"x", "X", "×", "*", "x|", "|x"})
_MULT_NUM = re.compile(r"^\(?(?:100|1000|10\.000|100\.000)(?:[%c]|%[)!.]*|c[)!.]*)?[)!.]*$")
_PCT_NUM = re.compile(r"^\d{2,3}%[)!.]*$")
_NUMBER = re.compile(r"^(\d{1,2})[.,_]?$")
_ROW_NO = re.compile(r"^\s*(\d{1,2})\s*[.,_]?\s*(?=[|\[{(]|\s|$)")
_LETTERS = re.compile(r"[^\W\d_]{3,}")
CONNECTORS = frozenset(
    {
        "dan",
        "yang",
        "di",
        "ke",
        "dari",
        "untuk",
        "pada",
        "dengan",
        "serta",
        "atau",
        "oleh",
        "bagi",
        "dalam",
        "tentang",
        "terhadap",
        "sesuai",
        "sebagai",
        "melalui",
        "agar",
        "&",
        "/",
    }
)
"""Words a cell line cannot end on unless the cell wraps (Indonesian function words)."""


@dataclass(slots=True)
class Tok:
    """One word of an OCR line, with what stood before it."""

    text: str
    pipe_before: bool = False
    """A ruling-line mark stood between this word and the previous one."""


def tokenize(line: str) -> list[Tok]:
    """Words of ``line``; ruling-line marks become ``pipe_before`` flags, not words."""
    toks: list[Tok] = []
    pipe = False
    for chunk in line.split():
        for piece in _SEP_SPLIT.split(chunk):
            if not piece:
                continue
            if piece in SEPARATORS:
                pipe = True
                continue
            piece = piece.strip("_") if piece.strip("_") else piece
            toks.append(Tok(piece, pipe))
            pipe = False
    return toks


def has_letters(text: str) -> bool:
    """At least one run of three letters (a word, not OCR dust like ``~N»``)."""
    return bool(_LETTERS.search(text))


def is_qty(word: str) -> bool:
    """A quantity word opening a formula: ``Jumlah`` and its OCR misreadings."""
    return bool(_QTY.match(word.strip("([")))


def is_pct(word: str) -> bool:
    """``Persentase`` and its spellings/OCR variants (an indicator's first word)."""
    w = word.lower().strip("([\"'")
    if w.startswith(_PCT_STEMS):
        return True
    return w[:1] == "p" and 9 <= len(w) <= 11 and fuzz.ratio(w[:10], "persentase") >= 80


def is_head_word(word: str) -> bool:
    return word[:1].isupper() and word.lower().strip(".,") in _HEAD_WORDS


def is_bullet(word: str) -> bool:
    """A list marker as OCR reads it (``-``, ``=``, ``.``, ``"`` ...)."""
    return word in _BULLETS


def is_mult_sign(word: str) -> bool:
    return word in _MULT_SIGN


def is_mult_number(word: str) -> bool:
    """``100``, ``100%``, ``100%)``, ``1000`` (OCR of ``100%``), ``100c`` ..."""
    return bool(_MULT_NUM.match(word) or _PCT_NUM.match(word))


def starts_upper(word: str) -> bool:
    w = word.lstrip("([\"'“")
    return bool(w) and w[0].isupper()


def number_of(word: str) -> int | None:
    """``3`` for ``3``, ``3.``, ``3,`` or ``3_``."""
    m = _NUMBER.match(word)
    return int(m.group(1)) if m else None


def leading_number(line: str) -> tuple[int, str] | None:
    """``(2, "Tersedianya ...")`` for ``2 |Tersedianya ...``; a row number opening a line."""
    m = _ROW_NO.match(line)
    if not m:
        return None
    return int(m.group(1)), line[m.end() :].strip()


def ends_open(text: str) -> bool:
    """A cell line that cannot be the cell's last: it ends on a function word, a
    comma, a slash or a hyphen glued to a word (``pertanggung-``)."""
    t = text.rstrip(" |")
    if not t:
        return False
    if t.endswith((",", "/", "&")) or (t.endswith("-") and len(t) > 1 and t[-2].isalpha()):
        return True
    last = t.split()[-1].lower()
    return last in CONNECTORS


# ------------------------------------------------------------------------------- headers

HEADER_VOCAB = (
    "no",
    "nomor",
    "sasaran",
    "program",
    "kegiatan",
    "sub",
    "aktivitas",
    "strategis",
    "indikator",
    "kinerja",
    "cara",
    "perhitungan",
    "penghitungan",
    "penjelasan",
    "formulasi",
    "formula",
    "sumber",
    "data",
    "utama",
    "target",
    "satuan",
    "alasan",
    "memilih",
    "penanggung",
    "jawab",
    "keterangan",
    "definisi",
    "operasional",
    "rumus",
    "tujuan",
)
COLUMN_STEMS: dict[str, tuple[str, ...]] = {
    "sasaran": ("sasaran",),
    "indikator": ("indikator",),
    "alasan": ("alasan",),
    "formula": ("perhitungan", "penghitungan", "formulasi", "formula", "penjelasan", "rumus"),
    "penanggung_jawab": ("penanggung",),
    "sumber_data": ("sumber",),
    "target": ("target",),
}
"""Keywords naming a column, matched fuzzily (OCR: ``PERHTUNGAN``, ``FORMULAS!``)."""
_ALPHA = re.compile(r"[a-z]+")


def _fuzzy_in(word: str, vocab: tuple[str, ...], cutoff: float = 75.0) -> str | None:
    best, best_s = None, 0.0
    for v in vocab:
        if len(word) >= 4 and (v in word or (len(v) >= 6 and word.startswith(v[:6]))):
            return v
        s = fuzz.ratio(word, v)
        if s > best_s:
            best, best_s = v, s
    return best if best_s >= cutoff and len(word) >= 4 else None


def header_kinds(text: str) -> list[str] | None:
    """Columns a table-header line names, in order (``["no", "sasaran", ...]``), or
    None when the line is not header text (most of its words must be header words)."""
    words = [w for w in _ALPHA.findall(text.lower()) if len(w) >= 2]
    if not words:
        return None
    kinds: list[str] = []
    vocab_hits = 0
    for k, w in enumerate(words):
        if w in ("no", "nomor") and k == 0:
            vocab_hits += 1
            kinds.append("no")
            continue
        if w in ("dan", "sub", "no"):
            vocab_hits += 1
            continue
        hit = _fuzzy_in(w, HEADER_VOCAB)
        if hit is None:
            continue
        vocab_hits += 1
        for kind, stems in COLUMN_STEMS.items():
            if any(hit == s or s in w for s in stems) and kind not in kinds:
                kinds.append(kind)
    if vocab_hits / len(words) < 0.6 or not kinds:
        return None
    return kinds
