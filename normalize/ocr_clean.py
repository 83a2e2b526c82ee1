"""Remove speck debris from OCR'd lines, word by word, before repair.

Scans carry specks, stamp fragments and ruling-line remnants that tesseract reads
as tokens. Measured on the degraded samples (medium level, 7,045 real words):
real words have a median OCR confidence of 96 and only 5% are below 79, while
short tokens that are neither words nor acronyms ("i", "re", "ey", "Tg") have a
median of 42 and three in four are below 70. Punctuation standing alone (".",
":", ",", "+", "©") is not separable by confidence (median 90) but is never a
value in these fields, except list markers at the start of a line, "/" between
words, "&", and "=" / ":" / "%" in formulas. Specks between two words are also
read as a hyphen or a dot joining them ("Jasa-Komunikasi", "Renja.Kerja").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from domain.pages import Word
from domain.vocabulary import ABBREVIATIONS

JUNK_CONF = 75.0
"""A short token that is not a known word is dropped below this confidence."""
SPECK_HEIGHT = 0.4
"""A letter or digit token lower than this share of the line's word height is a
speck: the smallest real glyphs (x-height letters, "-" aside) are about 0.55."""
DASH_CONF = 90.0
"""A hyphen standing alone inside a line is kept only from this confidence up."""

MARKER_LOOKALIKES = frozenset({"-", "–", "—", "=", "•", "~", "»", "«", "+", "*", "·"})
"""How tesseract reads a "-" list marker at the start of a line."""
LIST_FIELDS = frozenset({"indikator", "formula", "sumber_data", "fungsi", "tugas"})
"""Fields whose lines may start with a list marker."""
FORMULA_SIGNS = frozenset({"=", ":", "%", "x", "X", "×", "/"})

_ALNUM = re.compile(r"[^\W_]")
_MULTIPLIER = re.compile(r"^[xX×*]?\d{2,4}(?:[%°]|96|9)?[|)!.,]?$")
_TIMES = re.compile(r"^(?:[xX×]{2,3})$")
_REPEATED_PUNCT = re.compile(r"([.:;,])[.:;,]+$")
PHRASE_FIELDS = frozenset({"jabatan", "sasaran", "indikator", "penanggung_jawab", "alasan"})
"""Single phrases: a period inside one is a speck, not a sentence end."""
INNER_STOP_FIELDS = PHRASE_FIELDS | {"formula", "sumber_data"}
"""Fields where a stop glued to a word with more text after it in the cell, on its
line or the next, is a speck. In the 1,263 text values of the sample truths
(sasaran, indikator, formula, pembilang, penyebut, sumber data, alasan) no
sentence ends inside a value; speckle glued to a word reads as one ("yang." /
"menerima bantuan", "tindak. Kekerasan")."""
END_STOP_FIELDS = frozenset({"jabatan", "sasaran", "sumber_data", "penanggung_jawab"})
"""Fields whose values never end in a stop (none of the 617 sasaran and source
values of the truths does; 10 of 230 indikator values do, so those keep theirs)."""
SPECK_PUNCT = ".,:;'\"‘’“”`"
_LEADING_SPECK = re.compile(r"^[.,:;'\"‘’“”`]+[^\W\d_]{2,}")
_SPECKED_NUMBER = re.compile(r"^[*~.,:;'\"‘’“”`]+\d")
_BRACKETED_ACRONYM = re.compile(r"^\([A-Z]{2,4}\)[.,;:]?$")
"""An acronym spelled out just before: "Forum Anak Daerah (FAD)"."""
_ALPHA_MARKER = re.compile(r"^\(?[a-h][.)]$")
"""A lettered list marker ("a.", "b)") opening a line."""
_SPELLED_NUMBER = re.compile(r"^\([a-z]+\)")
"""A number written out after its digits: "1 (satu) tahun"."""
_GLUED_STOP = re.compile(r"^([^\W\d_]{3,})[.:;]$")
"""A period, colon or semicolon glued to a word inside a phrase: a speck."""
_JOINED = re.compile(r"^([^\W\d_]{4,})([-.])([^\W\d_]{4,})([.,;:]?)$")
_STOP_ACRONYM = re.compile(r"^([^\W\d_][a-z]{2,})\.([A-Z]{2,6})([.,;:]?)$")
"""A word and an acronym a speck joined: "non.ASN", "Sosial.PSKS"."""
_ACRONYM_STOP = re.compile(r"^([A-Z]{2,6})[.:;]([a-z][^\W\d_]{2,})([.,;:]?)$")
"""An acronym and a word a speck joined: "PPKS.yang", "PD:yang"."""
_NUMBER_STOP = re.compile(r"^\d{1,4}\.$")
_LEADING_DASH = re.compile(r"^(/?)[-–]([^\W\d_]{2,}.*)$")
"""A dash glued to the front of a word inside a line ("keluarga -miskin",
"Darurat /-Jumlah"): a speck; a minus or a range would stand before a number."""
_JOINING_WORDS = "dan|yang|atau|dari|pada|serta"
"""Function words Indonesian never hyphenates to a neighbour."""
_DASH_BEFORE = re.compile(rf"^([^\W\d_]{{3,}})[-–'‘’`]((?:\(|(?:{_JOINING_WORDS}|di|ke)\b).*)$")
"""A dash or a quote joining a word to a bracket or a function word ("sosial-(eks",
"Evaluasi-dan", "dasar'di"): Indonesian never hyphenates those, so it is a speck."""
_DASH_AFTER = re.compile(rf"^({_JOINING_WORDS}|untuk|dengan)[-–.'‘’`]([^\W\d_]{{3,}}.*)$")
"""A function word joined to the next word by a dash, a stop or a quote
("dan-Evaluasi", "dan.Pendamping"): a speck, as in :data:`_DASH_BEFORE`."""
_MARKER_SPECK = re.compile(r"^(\d{1,2}[.)])[-–'‘’`]([A-Z][^\W\d_]+.*)$")
"""An item number joined to its first word by a speck ("3.-Dokumen")."""
_SPLIT_LETTER = re.compile(r"^([^\W\d_])[.,'’‘`]([a-z]{2,})([.,;:]?)$")
"""A word a speck split after its first letter ("Y.ang"); kept apart when the
joined word is not a word ("a.n", "s.d")."""
_SPECKED_TIMES = re.compile(r"^[.,:;'\"`]*[xX×][.,:;'\"`]*$")
"""The multiplication sign with a speck glued on (".x", "x.")."""


@dataclass(slots=True)
class Cleaned:
    text: str
    removed: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)


def clean_ocr_words(
    words: list[Word],
    field_name: str,
    is_known: Callable[[str], bool],
    following: str = "",
    *,
    cell_body: float = 0.0,
    left: float | None = None,
) -> Cleaned:
    """Rebuild one OCR line from its words without the debris. `following` is the
    first word of the cell's next line, if any; `cell_body` the height of the cell's
    real words (for a line with none of its own) and `left` the left edge of the
    cell's lines (a list marker stands there)."""
    out: list[Word] = []
    removed: list[str] = []
    last = len(words) - 1
    body = body_height(words) or cell_body or tallest_glyph(words)
    for i, w in enumerate(words):
        text = w.text
        conf = w.conf if w.conf is not None else 100.0
        if not _ALNUM.search(text):
            if (
                i == 0
                and (text in MARKER_LOOKALIKES or _specked_marker(text))
                and field_name in LIST_FIELDS
                and last > 0
                and _at_left_edge(w, left, body)
                and not (field_name == "formula" and _MULTIPLIER.match(words[1].text))
            ):  # "- 100%" under "... yang diterima x": the multiplier goes on, no item
                out.append(_with(w, "-"))
            elif _keeps_sign(text, conf, i, words, field_name, following):
                out.append(w)
            else:
                removed.append(text)
            continue
        core = "".join(ch for ch in text if ch.isalnum())
        if field_name == "formula" and (
            _TIMES.match(text)
            or (_SPECKED_TIMES.match(text) and i < last and _MULTIPLIER.match(words[i + 1].text))
        ):
            out.append(_with(w, "x"))  # a lone "x" read twice over ("xX") or specked (".x")
            continue
        if field_name == "formula" and (text in FORMULA_SIGNS or _MULTIPLIER.match(text)):
            out.append(w)  # "x", "100%", "10096": the multiplier, however faint
            continue
        if body and len(core) <= 2 and w.bottom - w.top < SPECK_HEIGHT * body:
            removed.append(text)  # a letter flattened to a dot: a speck ("Laporan i")
            continue
        if i > 0 and len(text) == 1 and text.islower() and text != "x":
            removed.append(text)  # "yang i terdata": no Indonesian word is one letter
            continue
        numeric_value = core.isdigit() and field_name in ("no", "target")
        if (
            len(core) <= 3
            and conf < JUNK_CONF
            and not numeric_value
            and not _known_short(core, is_known)
            and not _BRACKETED_ACRONYM.match(text)
            and not (i == 0 and _ALPHA_MARKER.match(text) and field_name in LIST_FIELDS)
            and not (core.isdigit() and i < last and _SPELLED_NUMBER.match(words[i + 1].text))
        ):
            removed.append(text)
            continue
        text = _REPEATED_PUNCT.sub(r"\1", text)
        if i == 0 and field_name in ("no", "target") and _SPECKED_NUMBER.match(text):
            removed.append(text[0])  # "*95%": no number or target opens with a sign
            text = text.lstrip(SPECK_PUNCT + "*~")
        if i == 0 and _LEADING_SPECK.match(text):
            removed.append(text[0])  # ".Jumlah PSKS", "'Dokumen": a speck glued on
            text = text.lstrip(SPECK_PUNCT)
        if i == last and len(text) > 3 and text[-1] in ":;" and text[-2].isalnum():
            removed.append(text[-1])  # "Laporan Keuangan SKPD:": a speck, not a label
            text = text[:-1]
        stop = _GLUED_STOP.match(text)
        after = words[i + 1].text if i < last else following
        if (
            stop
            and stop.group(1).lower() not in ABBREVIATIONS
            and (
                (after and field_name in INNER_STOP_FIELDS)
                or (after.startswith("(") and text.endswith("."))
                or (not after and field_name in END_STOP_FIELDS)
            )
        ):  # "Prosedur. (SOP)": no sentence ends before the acronym it spells out
            removed.append(text[-1])
            text = stop.group(1)
        m = _MARKER_SPECK.match(text) if i == 0 and field_name in LIST_FIELDS else None
        if m:
            removed.append(text[len(m.group(1))])
            text = f"{m.group(1)} {m.group(2)}"
        m = _LEADING_DASH.match(text) if i > 0 or field_name not in LIST_FIELDS else None
        if m:
            removed.append("-")
            text = m.group(1) + (" " if m.group(1) else "") + m.group(2)
        m = _DASH_BEFORE.match(text)
        if m and is_known(m.group(1)):
            removed.append("-")
            text = f"{m.group(1)} {m.group(2)}"
        m = _DASH_AFTER.match(text)
        if m:
            removed.append(text[len(m.group(1))])
            text = f"{m.group(1)} {m.group(2)}"
        m = _SPLIT_LETTER.match(text)
        if m and is_known(m.group(1) + m.group(2)):
            removed.append(text[1])
            text = m.group(1) + m.group(2) + m.group(3)
        m = _STOP_ACRONYM.match(text)
        if m and is_known(m.group(1)):
            removed.append(".")
            out.append(_with(w, f"{m.group(1)} {m.group(2)}{m.group(3)}"))
            continue
        m = _ACRONYM_STOP.match(text)
        if m and is_known(m.group(2)):
            removed.append(text[len(m.group(1))])
            out.append(_with(w, f"{m.group(1)} {m.group(2)}{m.group(3)}"))
            continue
        if (
            i > 0
            and field_name in INNER_STOP_FIELDS
            and _NUMBER_STOP.match(text)
            and after[:1].islower()
        ):
            removed.append(".")  # "minimal 20. jam pelajaran": no sentence ends mid-phrase
            text = text[:-1]
        m = _JOINED.match(text)
        if m and _speck_join(m, is_known):
            out.append(_with(w, f"{m.group(1)} {m.group(3)}{m.group(4)}"))
            continue
        out.append(_with(w, text) if text != w.text else w)
    return Cleaned(" ".join(w.text for w in out), removed, out)


def _specked_marker(text: str) -> bool:
    """A list marker with a speck read after it ("-.", "-,")."""
    return len(text) == 2 and text[0] in MARKER_LOOKALIKES and text[1] in SPECK_PUNCT


def body_height(words: list[Word]) -> float:
    """Median height of the line's real words (2+ letters or digits), 0 if none."""
    hs = sorted(w.bottom - w.top for w in words if sum(ch.isalnum() for ch in w.text) >= 2)
    return hs[len(hs) // 2] if hs else 0.0


def tallest_glyph(words: list[Word]) -> float:
    """Height of the tallest letter or digit token: the scale of a line or cell of
    short tokens only ("2." and a speck read as "1" in a No cell), 0 if none."""
    return max((w.bottom - w.top for w in words if _ALNUM.search(w.text)), default=0.0)


def text_left(lines: list[list[Word]]) -> float | None:
    """Left edge of a cell's text: the leftmost first real word of its lines (2+
    letters or digits, and read with confidence unless longer than 3); None when
    there is none. A bullet read as "ip" at conf 51 is no word."""
    starts = [next((w.x0 for w in ws if _real(w)), None) for ws in lines]
    return min((x for x in starts if x is not None), default=None)


def _real(w: Word) -> bool:
    core = sum(ch.isalnum() for ch in w.text)
    return core >= 4 or (core >= 2 and (w.conf is None or w.conf >= JUNK_CONF))


def _at_left_edge(w: Word, left: float | None, body: float) -> bool:
    """Does the word start at the cell's left text edge, where a list marker stands?
    A dash indented past it is a speck (a centred fraction's line, "- dalam ...")."""
    return left is None or w.x0 <= left + max(body, 4.0) * 0.6


def _with(w: Word, text: str) -> Word:
    return Word(text, w.x0, w.top, w.x1, w.bottom, w.conf)


_SHORT_WORDS = (
    "di ke se ya yg dan dgn utk pd ini itu ada per pun tak tdk dll dsb sbb sbg thn tgl"
    " bln hal apa dua hak kas jam tim air api tua ibu pos rp no ka kab kec kel bid sub"
    " ttg kpd"
)
SHORT_WORDS = frozenset(_SHORT_WORDS.split())
"""Common Indonesian words of up to three letters (and their short forms) in these
fields. The dictionary also knows rare two-letter ones ("he", "re", "pi") that are
more often a speck read as letters, so a doubtful two-letter token must be one of
these; a three-letter one may be any dictionary word ("eks")."""


def _known_short(core: str, is_known: Callable[[str], bool]) -> bool:
    """Short tokens that are real: common words and acronyms ("di", "ke", "PD",
    "KK"); numbers read with confidence are handled by the caller."""
    if core.isupper() and len(core) >= 2:
        return is_known(core)
    return core.lower() in SHORT_WORDS or (len(core) >= 3 and is_known(core))


def _keeps_sign(
    text: str, conf: float, i: int, words: list[Word], field_name: str, following: str
) -> bool:
    """Is this punctuation token a real part of the value? (``following``: the first
    word of the cell's next line, if any.)"""
    if field_name == "formula" and text in FORMULA_SIGNS:
        if text in (":", "=", ";"):
            return 0 < i < len(words) - 1  # "A : B" divides; "Jumlah Surat Masuk :" is a speck
        return True  # "/ Tahun" in a cell of its own, "x" whose number is on the next line
    if text in ("/", "&"):  # "berkas tagihan /" + "permintaan pembayaran": the line goes on
        return i > 0 and (i < len(words) - 1 or bool(following))
    # "Dokumen RKA - DPA", "Aplikasi M - Gaji": a dash inside a line read with confidence;
    # none stands before a formula's multiplication sign ("yang diterima - x 100%")
    return (
        text in ("-", "–")
        and 0 < i < len(words) - 1
        and conf >= DASH_CONF
        and not (field_name == "formula" and words[i + 1].text in ("x", "X", "×"))
    )


def _speck_join(m: re.Match[str], is_known: Callable[[str], bool]) -> bool:
    """ "Jasa-Komunikasi" / "Renja.Kerja": two different known words that a speck
    joined. Reduplications ("Pajak-Pajak"), acronym pairs ("RKA-DPA"), a part that
    is not a word ("pertanggung-jawaban") and short prefixes ("Per-triwulan",
    "e-Monev") are real and stay."""
    a, b = m.group(1), m.group(3)
    if a.isupper() or b.isupper() or a.lower() == b.lower():
        return False
    if a.lower().endswith(b.lower()) or b.lower().endswith(a.lower()):
        return False
    return is_known(a) and is_known(b)
