"""Cleaning of cell and header text: garbage characters, line joins, list markers.

Pure functions over strings, shared by every input path (PDF text layer, OCR,
markdown/TSV dumps). Conventions: ``shared/SCHEMA.md`` "Text conventions" and
``samples/TRUTH.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

from domain.structure import RULE

IsWord = Callable[[str], bool]

# Characters mapped before anything else: quotes, dashes, odd spaces, invisible marks.
# (Ligatures, non-breaking and thin spaces, the ellipsis are handled by NFKC first.)
_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2500": "-",  # box-drawing rule (domain.structure.RULE) read as text
        "\u00a6": "|",
        "\t": " ",
        "\u00ad": "",  # soft hyphen: only ever a line-break artefact
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
    }
)

_WS = re.compile(r"\s+")
# Markdown emphasis left by text dumps (Kapuas Hulu: "*Human Immunodeficiency ... Syndrom*").
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*\d])([^*]+?)(?<=\S)\*(?![\w*])")
_STRAY_STARS = re.compile(r"(?<=\w)\*\*|\*\*(?=\w)")
# OCR garbage characters that never belong to the decree text (Kutai Kartanegara scan:
# "~N»" under a signature, "«" / "»" from ruling-line speckle).
_GARBAGE_CHARS = "~»«"
_UNDERSCORE_IN_WORD = re.compile(r"(?<=[a-z])_+(?=[a-z])")
# "perundang- undangan", "tugas- tugas" (Sampang): a hyphenated word the dump split
# at its original line break. Only lower case on both sides, so "Kab/Kota- BPJS"
# (Kapuas Hulu, a dash separator printed that way) stays as printed.
_SPLIT_HYPHEN = re.compile(r"(?<=[a-z])- +(?=[a-z])")
_SPACE_BEFORE_PCT = re.compile(r"(?<=\d) +%")


def _normalize_chars(s: str) -> str:
    return unicodedata.normalize("NFKC", s).translate(_CHAR_MAP)


def _drop_garbage_tokens(tokens: list[str]) -> list[str]:
    """Strip ``~ » «`` from tokens; a token left with at most one letter goes ("~N»")."""
    out: list[str] = []
    for tok in tokens:
        if any(c in tok for c in _GARBAGE_CHARS):
            rest = "".join(c for c in tok if c not in _GARBAGE_CHARS)
            if sum(c.isalnum() for c in rest) <= 1:
                continue
            tok = rest
        out.append(tok)
    return out


def _fix_underscores(tok: str) -> str:
    """OCR reads speckle as ``_``: inside a lower-case word it is dropped
    ("Msningk_a_mya"), elsewhere it separates ("S.S0S_M.Si"), alone it goes ("____")."""
    if "_" not in tok or "@" in tok or "://" in tok or tok.startswith("www."):
        return tok
    tok = _UNDERSCORE_IN_WORD.sub("", tok)
    return tok.replace("_", " ")


def _drop_lone_quotes(tokens: list[str]) -> list[str]:
    """A ``"`` standing alone is OCR speckle (Kutai: 'Dilaksanakan " Dokumen'); one
    left unpaired and glued to a word goes too. Paired quotes stay."""
    tokens = [t for t in tokens if t.strip("\"'") or not t]
    if sum(t.count('"') for t in tokens) == 1:
        tokens = [t.replace('"', "") if t.startswith('"') or t.endswith('"') else t for t in tokens]
    # an apostrophe opening a token with no closing one anywhere ("'3. Terlaksananya")
    if sum(t.count("'") for t in tokens) == 1:
        tokens = [t[1:] if t.startswith("'") else t for t in tokens]
    return [t for t in tokens if t]


def _drop_unbalanced(s: str, open_ch: str, close_ch: str, glued: bool) -> str:
    """Remove unmatched brackets. Square brackets are dropped wherever unmatched
    (OCR reads "I" / "l" at a word edge as "[" / "]": "[Tersedianya", "sosia]");
    parentheses only when they stand alone as a token ("Perkantoran ) -")."""
    stack: list[int] = []
    bad: set[int] = set()
    for i, ch in enumerate(s):
        if ch == open_ch:
            stack.append(i)
        elif ch == close_ch:
            if stack:
                stack.pop()
            else:
                bad.add(i)
    bad.update(stack)
    if not bad:
        return s
    out = []
    for i, ch in enumerate(s):
        if i in bad:
            alone = (i == 0 or s[i - 1].isspace()) and (i + 1 == len(s) or s[i + 1].isspace())
            if glued or alone:
                out.append(" ")
                continue
        out.append(ch)
    return "".join(out)


def clean_text(s: str | None) -> str:
    """One tidy line: characters normalised, OCR garbage removed, whitespace collapsed.

    Kept: real (balanced) brackets, ``/``, ``-``, ``%``, original capitalisation.
    """
    if not s:
        return ""
    s = _normalize_chars(s)
    s = _BOLD.sub(r"\1", s)
    s = _ITALIC.sub(r"\1", s)
    s = _STRAY_STARS.sub("", s)
    s = s.replace("|", " ")
    s = s.replace("$", " ") if s.count("$") % 2 == 0 and "$" in s else s
    tokens = _drop_garbage_tokens(s.split())
    tokens = [t for tok in tokens for t in _fix_underscores(tok).split()]
    tokens = _drop_lone_quotes(tokens)
    s = " ".join(tokens)
    s = _drop_unbalanced(s, "[", "]", glued=True)
    s = _drop_unbalanced(s, "(", ")", glued=False)
    s = _SPLIT_HYPHEN.sub("-", s)
    return _WS.sub(" ", s).strip()


def is_rule(line: str) -> bool:
    """True for the synthetic fraction-bar line (``domain.structure.RULE``)."""
    return line.strip() == RULE


# ----------------------------------------------------------------------------- joins

_TRAIL_WORD = re.compile(r"([^\W\d_]+)-$")
_LEAD_WORD = re.compile(r"^([^\W\d_]+)")


def pre_clean(line: str) -> str:
    """Per-line pre-clean so the true line end is visible ("pertanggung- |")."""
    soft = line.rstrip().endswith("\u00ad")
    t = _normalize_chars(line).replace("|", " ")
    t = _WS.sub(" ", t).strip()
    return t + "\u00ad" if soft else t


def _hyphen_join(left: str, right: str, is_word: IsWord | None) -> str:
    """Join ``left`` (ending in ``-``) and ``right`` across a line break."""
    tail = _TRAIL_WORD.search(left)
    head = _LEAD_WORD.match(right)
    if tail is None or head is None:
        if left[-2:-1].isdigit() and right[:1].isdigit():  # "2021-" + "2026"
            return left + right
        return left + " " + right  # "-----" + "Jumlah ..."

    lw, rw = tail.group(1), head.group(1)
    if lw.lower() == rw.lower():  # reduplication: "Pajak-" + "Pajak", "hak-" + "hak"
        return left + right
    if len(rw) >= 2 and rw.isupper() and not lw.isupper():
        # a dash separating a new acronym: "Kab/Kota-" + "BPJS" -> "Kab/Kota- BPJS"
        return left + " " + right
    if is_word is None:
        return left + right  # without a word list a hyphen is kept ("pertanggung-jawaban")
    lo, ro = lw.lower(), rw.lower()
    if (is_word(lo) and is_word(ro)) or not is_word(lo + ro):
        return left + right  # a compound of two words ("Alat-Alat"), or no word when joined
    # A syllable break leaves a tail that is no word ("penye-" + "lenggaraan") or a short
    # head ("pem-" + "bangunan"). A long head before a word is a compound the word
    # list lacks: Kutai prints "pertanggung-jawaban" (and "pertanggung" is no entry).
    if not is_word(ro) or len(lo) <= 6:
        return left[:-1] + right
    return left + right


def join_lines(lines: Iterable[str], is_word: IsWord | None = None) -> str:
    """Visual lines -> one clean string; rule lines and blanks dropped.

    A line ending in a hyphen glued to a word is joined to the next without a
    space; the hyphen is dropped only where ``is_word`` says the joined form is a
    word and the break looks like a syllable break (see :func:`_hyphen_join`).
    Without ``is_word`` every hyphen is kept.
    """
    out = ""
    for raw in lines:
        if raw is None or is_rule(raw):
            continue
        line = pre_clean(raw)
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad"):
            out = out[:-1] + line
        elif out.endswith("-") and len(out) > 1 and not out[-2].isspace():
            out = _hyphen_join(out, line, is_word)
        else:
            out = out + " " + line
    return clean_text(out.replace("\u00ad", ""))


# --------------------------------------------------------------------------- markers

# Bullets: "-", "•", Wingdings bullets as extracted from Word PDFs (private-use
# glyphs, "Ø", "§", "ü"), "*" in markdown dumps. A run of them ("- - Mengelola",
# Kutai) is one marker.
_BULLETS = "-•·▪■●◦○➢►▸‣⁃\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8Ø§*"
_BULLET = re.compile(rf"^([{re.escape(_BULLETS)}])(?:\s*[{re.escape(_BULLETS)}](?=\s))*\s+(?=\S)")
# A bullet glued to a capitalised word ("-Dokumen").
_BULLET_GLUED = re.compile(r"^([-•])(?=[A-Z][a-z])")
# OCR bullets seen in the Kutai Kartanegara scan: "-" read as "=" or lost to "."
# ("= LHKPN/LHKSN", ". Dokumen Perjanjian Kinerja"); "o" is Word's second-level bullet.
_OCR_BULLET = re.compile(r"^([=.o])\s+(?=[A-Z])")
_NUM = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)([.)])(?!\d)(?:\s+|$|(?=[A-Z]))")
_NUM_OCR_COMMA = re.compile(r"^(\d{1,2}),\s+(?=[A-Z])")  # "4, Pelaksanaan" (Kutai OCR)
_PAREN = re.compile(r"^\((\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)\s*(?=\S|$)")
_LETTER = re.compile(r"^([a-z])([.)])(?:\s+(?=\S)|(?=[A-Z][a-z]))")
_LETTER_UPPER = re.compile(r"^([A-Z])\)\s+(?=\S)")  # "A." is kept out: an initial ("H. FUAD")
_ROMAN = re.compile(
    r"^((?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})|(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3}))([.)])\s+"
)


def _has_content(s: str) -> bool:
    return any(c.isalnum() for c in s)


def strip_marker(s: str) -> tuple[str | None, str]:
    """Split a leading list marker off: ``(marker, rest)``; ``(None, s)`` when none.

    Markers: bullets (``-``, ``–``, ``•``, ``*``), ``a.``, ``a)``, ``(a)``, ``1.``,
    ``1)``, ``(1)``, ``i.``. Not markers: "1/3 (Ipar...", "2021-2026", and a dash
    with nothing after it ("-", "- ____": a placeholder, not an item).
    """
    t = _normalize_chars(s).strip()
    for rx in (_BULLET, _BULLET_GLUED, _OCR_BULLET):
        m = rx.match(t)
        if m:
            rest = t[m.end() :].strip()
            if not _has_content(rest) or (m.group(1) == "*" and rest[:1].isdigit()):
                return None, t  # "- ____" is a placeholder; "* 100%" a multiplier
            inner, inner_rest = _enumerator(rest)
            if inner is not None:  # markdown bullet before the printed one: "- a. Penyusunan"
                return inner, inner_rest
            return m.group(1), rest
    return _enumerator(t)


def _enumerator(t: str) -> tuple[str | None, str]:
    """A numbering or lettering marker at the start of ``t``: ``1.``, ``(a)``, ``ii.``."""
    for rx in (_PAREN, _NUM, _NUM_OCR_COMMA, _ROMAN, _LETTER, _LETTER_UPPER):
        m = rx.match(t)
        if m:
            return m.group(0).strip(), t[m.end() :].strip()
    return None, t


_TRAILING_CONJ = re.compile(r"[;,:]\s*(?:dan|serta|atau)\s*[.;,:]*$", re.IGNORECASE)
"""A trailing "; dan" (":" too: OCR reads a semicolon as a colon)."""


def clean_item(s: str) -> str:
    """A list item as stored (fungsi): marker, trailing ``;`` ``,`` ``.`` (and ``:``,
    a semicolon as OCR reads it) and a trailing "; dan" / "; serta" removed."""
    _, rest = strip_marker(s)
    t = clean_text(rest)
    prev = None
    while t != prev:
        prev = t
        t = _TRAILING_CONJ.sub("", t).rstrip(" ;,.:")
    return t


# ------------------------------------------------------------------------ title case

_LOWER_WORDS = frozenset(
    {"dan", "di", "ke", "dari", "yang", "untuk", "atau", "pada", "serta", "dengan", "oleh"}
)
# Acronyms common in agency names; any token without a vowel is treated as one too.
_ACRONYMS = frozenset(
    {
        "PPPA", "P3A", "KB", "PPKB", "P2KB", "P3AP2KB", "DP3A", "DP3AP2KB", "UPT", "UPTD",
        "SKPD", "OPD", "BPBD", "RSUD", "DPRD", "ASN", "PNS", "KLA", "PMKS", "PSKS",
        "BAPPEDA", "BPKAD", "BPKPD", "DPMPTSP", "DPMD", "PUPR", "PKP", "PU", "ESDM",
        "UMKM", "TIK", "IKI", "IKU", "IK", "RI", "NTB", "NTT", "DKI", "DIY",
    }
)  # fmt: skip
# Indonesian short forms written without vowels: words, not acronyms ("YG" -> "yg").
_SHORT_FORMS = frozenset({"yg", "dgn", "dg", "dll", "dsb", "tsb", "utk", "pd", "krn", "sbg", "thd"})
_ROMAN_UP = re.compile(r"^(?=[IVXLC]+$)C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_WORD_PART = re.compile(r"([^\W_]+)")


def _is_acronym(word: str, keep: set[str]) -> bool:
    up = word.upper()
    if word.lower() in _SHORT_FORMS and up not in keep:
        return False
    if up in keep or up in _ACRONYMS or (len(up) >= 2 and _ROMAN_UP.match(up)):
        return True
    if any(c.isdigit() for c in word):
        return True
    return len(word) >= 2 and word.isupper() and not any(c in "AEIOU" for c in up)


def title_case_id(s: str, keep_upper: set[str] | None = None) -> str:
    """Indonesian title case: particles (dan, di, ke, dari, yang, untuk, atau, pada,
    serta) lower case except first, acronyms upper (``Dinas Sosial PPPA``).

    In a mixed-case input an all-caps token is taken as an acronym and kept.
    """
    text = clean_text(s)
    keep = {k.upper() for k in (keep_upper or set())}
    letters = [c for c in text if c.isalpha()]
    # mostly capitals ("Ka. BIDANG REHABILITASI SOSIAL"): every word is re-cased
    all_caps = bool(letters) and sum(c.isupper() for c in letters) >= 0.7 * len(letters)
    first = True

    def fix(m: re.Match[str]) -> str:
        nonlocal first
        word = m.group(1)
        is_first, first = first, False
        low = word.lower()
        if _is_acronym(word, keep) or (not all_caps and word.isupper() and len(word) >= 2):
            return word.upper()
        if (low in _LOWER_WORDS or low in _SHORT_FORMS) and not is_first:
            return low
        return low[:1].upper() + low[1:]

    return _WORD_PART.sub(fix, text)
