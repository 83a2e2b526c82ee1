"""OCR repair of decree text against the lexicon (:mod:`normalize.lexicon`).

Three steps:

0. :func:`bracket_glyphs` reads a bracket glued to one end of a word as the letter
   OCR mistook for it when that makes a known word (``SP]`` -> ``SPJ``,
   ``sosia]`` -> ``sosial``, ``[ndikator`` -> ``Indikator``). (A cell's last line
   ending in ``.``/``,``/``]`` after an unclosed ``(`` is read as closing it by
   :func:`close_parenthesis`, called on that line only.)
1. :func:`strip_debris` removes what ruling lines and speckle turn into in OCR
   text: ``|``, ``[``/``]`` glued to words (``[Tersedianya``), ``~N»``, stray ``_``,
   lone quotes. Real brackets such as ``(SKP)`` are kept.
2. Unknown word tokens are matched against the lexicon and replaced only when the
   best candidate clears a threshold and beats the runner-up by a margin. The
   score is a weighted edit distance in which the usual OCR confusions (``i``/``l``/
   ``1``, ``rn``/``m``, ``ii``/``u``, ``c``/``e``, ``0``/``o``, ``f``/``t`` ...) cost little,
   so ``Jumiah`` -> ``Jumlah`` scores 0.97 while a one-letter typo of the decree
   itself (``Pentapan``) scores below the threshold in short words.

Never touched: known words and acronyms, tokens under four characters, numbers
and tokens with digits (NIPs, dates, ``LK3``), all-capital tokens of up to four
letters or without a vowel (acronym-like), tokens with inner capitals
(``YuIiandriQ``), tokens in name contexts (after ``Drs.``/``H.``, before ``, S.Sos``,
before ``, 31 Januari 2023``, next to another unknown capitalised word), URLs and
e-mail addresses. Longer capitalised tokens (``TAPERUM``, ``MARTHA``) need a
near-certain match. A misspelling the document repeats and whose repair needs a
letter the token lacks is the decree's own typo (``Adminstrasi``) and stays.

Call it on cell or line text (after the structure is parsed): ``|`` is removed.
"""

from __future__ import annotations

import math
import re
import unicodedata
import weakref
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from normalize.lexicon import Lexicon, get_lexicon

THRESHOLD = 0.85
"""Minimum score (1 - weighted cost / length) of a repair to a decree word."""
SHORT_THRESHOLD = 0.9
"""For tokens of up to five letters (``roses`` is not ``reses``)."""
RELATED_THRESHOLD = 0.88
"""For repairs to another form of a stem the decree vocabulary uses
(``pekerjgan`` -> ``pekerjaan``, family of ``kerja``)."""
GENERAL_THRESHOLD = 0.92
"""For repairs to a word only the general dictionary knows, not the decree
vocabulary (``prosedis`` is not ``prosodis``, ``amibah`` is not ``ambah``)."""
MAX_COST = 1.5
"""At most about one plain edit plus one look-alike edit, whatever the length."""
MARGIN = 0.05
"""Minimum lead of the best candidate over the runner-up (a different word)."""
CONFIDENT_OCR = 85.0
"""OCR confidence (0..100) above which only cheap, OCR-typical edits are repaired."""
CONFIDENT_THRESHOLD = 0.94
"""For tokens OCR read with confidence >= ``CONFIDENT_OCR``: look-alike edits only."""
STRICT_THRESHOLD = 0.94
"""For tokens that may be names: all capitals (``MARTHA``), or capitalised and
matching only a general-dictionary word (``Tenggarong`` is not ``Tenggarang``);
and for halves of hyphenated compounds (``pertanggung-`` is not ``bertanggung``)."""
MIN_LEN = 4
"""Shorter tokens are never repaired (too many words lie one edit away)."""
MAX_ACRONYM_LEN = 4
"""All-capital tokens up to this length are taken for acronyms (``DPPKB`` needs no
rule: it has no vowel)."""

# --------------------------------------------------------------------------- debris

_TK_BAR = re.compile(r"\b(T[Kk]\.)\s?\|")  # "Pembina TK.|": the rank numeral I
_BAR = re.compile(r"[|¦]")
_TILDE = re.compile(r"\S*[~«»]\S*")  # "~N»"
_UNDERSCORE_IN_WORD = re.compile(r"(?<=[a-z])_(?=[a-z])")  # "penyanm_paian"
_UNDERSCORES = re.compile(r"_+")
_OPEN_BRACKET = re.compile(r"[\[{](?=[^\W\d_]|\s|$)")  # "[Tersedianya", lone "["
_CLOSE_BRACKET = re.compile(r"(?<=[^\W\d_])[\]}]|(?:(?<=\s)|^)[\]}]")  # "sosia]", lone "]"
_QUOTES = "\"'`‘’“”„"
_LONE_QUOTE = re.compile(rf"(?:(?<=\s)|^)[{_QUOTES}]+(?=\s|$)")
_EDGE_QUOTE = re.compile(rf"(?:(?<=\s)|^)[{_QUOTES}](?=\w)|(?<=\w)[{_QUOTES}](?=\s|$)")
_SPACES = re.compile(r"[ \t]+")


_GLUED = re.compile(r"(?<![^\s(/])([\[{]?)([^\W\d_]+)([\]}]?)(?=[\s.,;:)/]|$)")
"""A word with a bracket glued to one end (both ends: a real bracketed word)."""
_AS_LETTER = {
    ("close", True): "JI",  # an all-capital word: "SP]" is "SPJ"
    ("close", False): "ljI",  # "sosia]" is "sosial"
    ("open", True): "IJ",
    ("open", False): "Il",  # "[ndikator" is "Indikator"
}
"""Letters a bracket glued to a word's end is read for, most likely first."""
BRACKET_SCORE = 0.9
_UNCLOSED_END = re.compile(r"\(([^()]*[^\W_])(?:[\]}|][.,]?|[.,])\s*$")
"""A text ending in a word and a look-alike of ``)`` (``.``, ``]``, ``}.``) after
an unclosed ``(``."""


def close_parenthesis(text: str) -> tuple[str, list[Repair]]:
    """The last line of a field ending in a look-alike of ``)`` after an unclosed
    ``(`` (``Layak Anak (KLA.`` -> ``Layak Anak (KLA)``), and the repair made. Only
    for the field's last line: on another, ``(SKP,`` may go on in the next."""
    m = _UNCLOSED_END.search(text)
    if not m:
        return text, []
    fixed = f"({m.group(1)})"
    return text[: m.start()] + fixed, [Repair(m.group(0).strip(), fixed, BRACKET_SCORE)]


def bracket_glyphs(text: str, lexicon: Lexicon) -> tuple[str, list[Repair]]:
    """Brackets OCR read for a letter, read back (step 0 of the module
    docstring); the text and the repairs made."""
    repairs: list[Repair] = []

    def letter(m: re.Match[str]) -> str:
        opening, core, closing = m.groups()
        if bool(opening) == bool(closing):
            return m.group(0)
        side = "open" if opening else "close"
        for ch in _AS_LETTER[(side, core.isupper() and len(core) > 1)]:
            word = ch + core if opening else core + ch
            if lexicon.is_known(word):
                repairs.append(Repair(m.group(0), word, BRACKET_SCORE))
                return word
        return m.group(0)

    return _GLUED.sub(letter, text), repairs


def strip_debris(text: str) -> tuple[str, list[str]]:
    """Remove ruling-line and speckle debris; return the text and what was removed."""
    removed: list[str] = []

    def drop(rx: re.Pattern[str], s: str, repl: str = " ") -> str:
        def sub(m: re.Match[str]) -> str:
            removed.append(m.group(0))
            return repl

        return rx.sub(sub, s)

    text = _TK_BAR.sub(r"\1 I", text)
    text = drop(_BAR, text)
    text = drop(_TILDE, text)
    text = drop(_UNDERSCORE_IN_WORD, text, "")
    text = drop(_UNDERSCORES, text)
    text = drop(_OPEN_BRACKET, text, "")
    text = drop(_CLOSE_BRACKET, text, "")
    text = drop(_LONE_QUOTE, text, "")
    text = _unpaired_edge_quotes(text, removed)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return "\n".join(lines), removed


def _unpaired_edge_quotes(text: str, removed: list[str]) -> str:
    """Drop a quote glued to one edge of a chunk (``‘3.``) unless the chunk is quoted
    at both ends (``"Ayo"``); quotes inside a word (``Jum'at``) stay."""

    def fix(m: re.Match[str]) -> str:
        chunk = m.group(0)
        if len(chunk) > 1 and chunk[0] in _QUOTES and chunk[-1] in _QUOTES:
            return chunk
        out = chunk
        if out[:1] in _QUOTES and len(out) > 1 and out[1].isalnum():
            removed.append(out[0])
            out = out[1:]
        if out[-1:] in _QUOTES and len(out) > 1 and out[-2].isalnum():
            removed.append(out[-1])
            out = out[:-1]
        return out

    return re.sub(r"\S+", fix, text) if _EDGE_QUOTE.search(text) else text


# --------------------------------------------------------------------------- scoring

# Substitutions OCR makes between similar glyphs, with their cost (a plain
# substitution costs 1). Seen in the Kutai Kartanegara scan: Jumiah, Keglatan,
# Pegawal, beriaku, mengevaluas!, kefentuan, fuges, dekumen, laporen.
_SUB: dict[frozenset[str], float] = {}
for _pairs, _cost in (
    ("il l1 i1 i! l! 1! jl ij", 0.2),
    ("o0 ce", 0.3),
    ("ft tl fl hb gq uv yv", 0.45),
    ("ea ao eo ns rn nu mn sa", 0.7),
):
    for _p in _pairs.split():
        _SUB[frozenset(_p)] = min(_cost, _SUB.get(frozenset(_p), 1.0))

# One glyph read as two, or two as one.
_SPLIT: dict[tuple[str, str], float] = {
    ("rn", "m"): 0.3,
    ("in", "m"): 0.4,
    ("ni", "m"): 0.4,
    ("ii", "u"): 0.3,
    ("ri", "n"): 0.4,
    ("cl", "d"): 0.4,
    ("vv", "w"): 0.3,
    ("li", "h"): 0.5,
}
_SPLIT_REV = {(b, a): c for (a, b), c in _SPLIT.items()}
_THIN = set("il1!.'j")
"""Narrow glyphs OCR drops or invents (``Jumilah``, ``Jumah``)."""
_THIN_INDEL = 0.6
_TRANSPOSE = 1.3
"""Swapped letters are a typist's error, not OCR's (``mmebuat``): leave them."""
_FIRST_SUB = 2.0
"""A plain substitution of the first letter usually turns one derivation into
another (``pertanggung``/``bertanggung``, ``Penatausahaan``/``Menatausahakan``),
an unknown but valid word rather than OCR damage."""


_SUB_PAIR: dict[tuple[str, str], float] = {}
for _pair, _cost in _SUB.items():
    _a, _b = sorted(_pair)
    _SUB_PAIR[_a, _b] = _SUB_PAIR[_b, _a] = _cost
_SPLIT_LAST = {pair[0][1] for pair in _SPLIT}  # last glyph of a two-glyph reading
_SPLIT_ONE = {pair[1] for pair in _SPLIT}  # the one glyph it stands for


def _indel(c: str) -> float:
    return _THIN_INDEL if c in _THIN else 1.0


def ocr_cost(src: str, dst: str, missing_scale: float = 1.0, cutoff: float = math.inf) -> float:
    """Weighted edit distance from an OCR reading to a word (both lower case).

    ``missing_scale`` multiplies the cost of letters of ``dst`` absent from ``src``
    (used to ask whether a repair needs a letter the token lacks). Once every
    partial alignment costs more than ``cutoff``, that lower bound is returned."""
    n, m = len(src), len(dst)
    miss = [_indel(c) * missing_scale for c in dst]
    prev2: list[float] = []
    prev = [0.0] * (m + 1)
    for j in range(1, m + 1):
        prev[j] = prev[j - 1] + miss[j - 1]
    sub = _SUB_PAIR.get
    for i in range(1, n + 1):
        a = src[i - 1]
        extra = _indel(a)
        cur = [prev[0] + extra] + [0.0] * m
        a_prev = src[i - 2] if i > 1 else ""
        split_src = a_prev + a if a in _SPLIT_LAST and i > 1 else ""
        split_dst = a in _SPLIT_ONE
        for j in range(1, m + 1):
            b = dst[j - 1]
            if a == b:
                best = prev[j - 1]
            else:
                best = prev[j - 1] + sub((a, b), _FIRST_SUB if i == j == 1 else 1.0)
                if i > 1 and j > 1 and a == dst[j - 2] and a_prev == b:
                    x = prev2[j - 2] + _TRANSPOSE * missing_scale
                    if x < best:
                        best = x
            x = prev[j] + extra
            if x < best:
                best = x
            x = cur[j - 1] + miss[j - 1]
            if x < best:
                best = x
            if split_src:  # "rn" read for "m"
                c = _SPLIT.get((split_src, b))
                if c is not None and prev2[j - 1] + c < best:
                    best = prev2[j - 1] + c
            if split_dst and j > 1:  # "m" read for "rn"
                c = _SPLIT_REV.get((a, dst[j - 2 : j]))
                if c is not None and prev[j - 2] + c < best:
                    best = prev[j - 2] + c
            cur[j] = best
        if min(cur) > cutoff:
            return min(cur)
        prev2, prev = prev, cur
    return prev[m]


def ocr_score(src: str, dst: str) -> float:
    """1 - weighted cost / length: 1.0 identical, ~0.97 for one i/l confusion."""
    return max(0.0, 1.0 - ocr_cost(src, dst) / max(len(src), len(dst), 1))


_SKELETON_MULTI = (("rn", "m"), ("ii", "u"), ("vv", "w"), ("cl", "d"))
_SKELETON_SINGLE = str.maketrans(
    {"i": "l", "1": "l", "!": "l", "j": "l", "0": "o", "c": "e", "f": "t"}
)


def _first_alternatives() -> dict[str, tuple[str, ...]]:
    alts: dict[str, set[str]] = {}
    for pair, cost in _SUB.items():
        if cost <= 0.45 and len(pair) == 2:
            a, b = (skeleton(c) for c in sorted(pair))
            if a != b:
                alts.setdefault(a, set()).add(b)
                alts.setdefault(b, set()).add(a)
    return {k: tuple(sorted(v)) for k, v in alts.items()}


def skeleton(word: str) -> str:
    """A lower-case key that merges the cheapest OCR confusions (for retrieval only)."""
    s = word.lower()
    for a, b in _SKELETON_MULTI:
        s = s.replace(a, b)
    return s.translate(_SKELETON_SINGLE)


_RETRIEVE_CUTOFF = 0.7
_RESCORE = 6
"""Candidates (by skeleton similarity) scored exactly, plus the best 3 decree terms."""
_MAX_RESCORE_COST = 1.2
"""DP rows are abandoned past this x sqrt(length): far beyond any acceptable repair."""

_FIRST_ALTS = _first_alternatives()
"""Skeleton first letters OCR confuses (l/t, h/b ...): buckets searched together."""

# --------------------------------------------------------------------------- matcher


@dataclass(frozen=True, slots=True)
class Repair:
    before: str
    after: str
    score: float


@dataclass(slots=True)
class RepairResult:
    text: str
    repairs: list[Repair] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    """Debris removed by :func:`strip_debris`."""


class _Bucket:
    """Skeletons and their words, appended in order of length."""

    def __init__(self) -> None:
        self.skels: list[str] = []
        self.words: list[str] = []
        self.starts: dict[int, int] = {}

    def add(self, sk: str, word: str) -> None:
        self.starts.setdefault(len(sk), len(self.skels))
        self.skels.append(sk)
        self.words.append(word)

    def window(self, lo: int, hi: int) -> tuple[list[str], list[str]]:
        """Entries whose skeleton length is within ``lo..hi``."""
        a = next((self.starts[n] for n in range(lo, hi + 1) if n in self.starts), None)
        if a is None:
            return [], []
        b = next((self.starts[n] for n in range(hi + 1, hi + 64) if n in self.starts), None)
        return self.skels[a:b], self.words[a:b]


class _Matcher:
    """Skeleton-indexed candidate search over one lexicon, with result caches."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        entries = sorted(
            (len(sk), sk, w)
            for length in range(1, 64)
            for w in lexicon.bucket(length)
            if (sk := skeleton(w))
        )
        # Per first skeleton letter, and for decree terms: skeletons sorted by length,
        # so a length window is one slice and one compiled search.
        self._by_first: dict[str, _Bucket] = {}
        self._domain = _Bucket()
        for _, sk, w in entries:
            self._by_first.setdefault(sk[0], _Bucket()).add(sk, w)
            if w in lexicon.domain:
                self._domain.add(sk, w)
        self.best = lru_cache(maxsize=65536)(self._best)
        self.candidate = lru_cache(maxsize=65536)(self._candidate)

    def cache_clear(self) -> None:
        self.best.cache_clear()
        self.candidate.cache_clear()

    def _candidate(self, tok: str) -> _Candidate | None:
        """The best repair of a token seen on its own (no context), or None."""
        if _skip_reason(tok, self.lexicon) is not None:
            return None
        low = unicodedata.normalize("NFKC", tok).lower()
        low = _CONFUSABLE_DIGITS.sub(lambda m: _DIGIT_AS_LETTER[m.group(0)], low)
        best, score, margin = self.best(low)
        if not best or best == low:
            return None
        return _Candidate(tok, best, score, margin)

    def _retrieve(self, low: str) -> dict[str, float]:
        """Candidate words with their skeleton similarity (compiled, cheap)."""
        sk = skeleton(low)
        n = len(sk)
        lo, hi = max(1, n - (1 if n < 7 else 2)), n + (1 if n < 7 else 2)
        found: dict[str, float] = {}
        # Same first letter or a look-alike ("lertulis"); then decree terms with
        # any first letter ("ersedianya").
        buckets = [self._by_first.get(c) for c in (sk[0], *_FIRST_ALTS.get(sk[0], ()))]
        for bucket, limit in [(b, 12) for b in buckets if b] + [(self._domain, 6)]:
            skels, words = bucket.window(lo, hi)
            for _, sim, idx in process.extract(
                sk,
                skels,
                scorer=Levenshtein.normalized_similarity,
                score_cutoff=_RETRIEVE_CUTOFF,
                limit=limit,
            ):
                w = words[idx]
                found[w] = max(sim, found.get(w, 0.0))
        return found

    def _best(self, low: str) -> tuple[str, float, float]:
        """Best word for ``low``, its score, and its lead over the runner-up."""
        found = self._retrieve(low)
        # Exact scoring (pure Python) only for the most similar few.
        ranked = sorted(found, key=lambda w: (-found[w], w))
        domain = [w for w in ranked if w in self.lexicon.domain][:3]
        bound = _MAX_RESCORE_COST * max(len(low), 1) ** 0.5
        scored: list[tuple[float, float, str]] = []
        for w in dict.fromkeys(ranked[:_RESCORE] + domain):
            s = 1.0 - ocr_cost(low, w, cutoff=bound) / max(len(low), len(w), 1)
            # Ranking prior (<= 0.05): decree vocabulary beats rare dictionary words
            # ("Jumah" is Jumlah, not jumrah), frequent terms beat rare ones, forms
            # of the vocabulary's stems beat unrelated words.
            if w in self.lexicon.domain:
                prior = 0.03 + min(0.02, 0.01 * math.log10(1 + self.lexicon.count(w)))
            else:
                prior = 0.015 if w in self.lexicon.related else 0.0
            scored.append((s + prior, max(s, 0.0), w))
        if not scored:
            return "", 0.0, 0.0
        scored.sort(reverse=True)
        _, best_score, best = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0.0
        return best, best_score, scored[0][0] - runner


_MATCHERS: weakref.WeakKeyDictionary[Lexicon, _Matcher] = weakref.WeakKeyDictionary()


def _matcher(lexicon: Lexicon) -> _Matcher:
    m = _MATCHERS.get(lexicon)
    if m is None:
        m = _MATCHERS[lexicon] = _Matcher(lexicon)
    return m


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"[^\W_]+(?:!(?![^\W_]))?")
_URLISH = re.compile(r"\S*(?:@|://|www\.|\.go\.id|\.com)\S*", re.I)
_TITLES = frozenset(
    ("drs", "dra", "dr", "ir", "h", "hj", "prof", "mohd", "moh", "muh", "hi", "sdr", "bapak", "ibu")
)
# "Mohd. Ery Faisyal, S.Sos.,M.Si", "H. FUAD SYEKH, S. Sos, M. AP": a degree after a
# comma (abbreviations with a dot; not a list such as "Jumlah, SPP, SPM").
_DEGREE_AFTER = re.compile(r"\s*,\s*[A-Z][A-Za-z]{0,3}\.\s?[A-Z]")
# "Tenggarong, 31 Januari 2023": the place of a signature.
_PLACE_DATE = re.compile(r"\s*,\s*(?:\d{1,2}\s+)?[^\W\d_]+\s+\d{4}")
_CONFUSABLE_DIGITS = re.compile(r"(?<=[a-z])[015](?=[a-z])")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_DIGIT_AS_LETTER = {"0": "o", "1": "l", "5": "s"}


def match_case(src: str, dst: str) -> str:
    """``dst`` in the case pattern of ``src`` (JUMIAH -> JUMLAH, Jumiah -> Jumlah)."""
    letters = [c for c in src if c.isalpha()]
    if not letters:
        return dst
    if all(c.isupper() for c in letters) and len(letters) > 1:
        return dst.upper()
    if letters[0].isupper():
        return dst[:1].upper() + dst[1:].lower()
    return dst.lower()


def _mixed_case(tok: str) -> bool:
    """Upper and lower case letters, other than a plain capitalised word."""
    return not (tok.islower() or tok.isupper() or tok.istitle())


def _has_inner_capital(tok: str) -> bool:
    return any(a.islower() and b.isupper() for a, b in pairwise(tok))


def _skip_reason(tok: str, lexicon: Lexicon) -> str | None:
    """Why a token must not be repaired, or None."""
    letters = tok.rstrip("!")
    if len(letters) < MIN_LEN:
        return "short"
    if any(c.isdigit() for c in letters) and any(
        c.isdigit() for c in _CONFUSABLE_DIGITS.sub("o", letters.lower())
    ):
        return "digits"  # NIPs, dates, LK3, P3AP2KB; "Pr0gram" may still be repaired
    if lexicon.is_known(letters):
        return "known"
    if letters.isupper() and (
        len(letters) <= MAX_ACRONYM_LEN or not re.search(r"[AEIOU]", letters)
    ):
        return "acronym-like"
    if _has_inner_capital(letters):
        return "inner-capital"  # YuIiandriQ, DPAKegiatan
    return None


@dataclass(slots=True)
class _Candidate:
    token: str
    word: str
    score: float
    margin: float


class _Text:
    """One text's tokens, with the context rules that need neighbours."""

    def __init__(
        self, text: str, lex: Lexicon, matcher: _Matcher, counts: Mapping[str, int]
    ) -> None:
        self.text = text
        self.lex = lex
        self.matcher = matcher
        self.counts = counts
        self.spans = [m.span() for m in _TOKEN.finditer(text)]
        self.urls = [m.span() for m in _URLISH.finditer(text)]

    def token(self, i: int) -> str:
        a, b = self.spans[i]
        return self.text[a:b]

    def candidate(self, i: int) -> _Candidate | None:
        return self.matcher.candidate(self.token(i))

    def hyphenated(self, i: int) -> bool:
        """Token i is half of a hyphenated compound (``pertanggung-``/``-jawaban``)."""
        start, end = self.spans[i]
        return self.text[end : end + 1] == "-" or self.text[start - 1 : start] == "-"

    def in_url(self, i: int) -> bool:
        start = self.spans[i][0]
        return any(a <= start < b for a, b in self.urls)

    def _adjacent(self, i: int, j: int) -> bool:
        """Tokens i and j are neighbours on one line (only spaces or a dot between)."""
        if not 0 <= j < len(self.spans):
            return False
        a, b = (
            (self.spans[j][1], self.spans[i][0]) if j < i else (self.spans[i][1], self.spans[j][0])
        )
        gap = self.text[a:b]
        return "\n" not in gap and not gap.strip(" .")

    def _looks_like_name(self, j: int) -> bool:
        """An unknown capitalised word that is no confident misreading of a word."""
        other = self.token(j)
        if not (other.istitle() or other.isupper()) or self.lex.is_known(other):
            return False  # names are Title or CAPITALS; LKjiP, 2023 are not
        if self.lex.acronym(other) or any(c.isdigit() for c in other):
            return False
        cand = self.candidate(j)
        return cand is None or cand.score < STRICT_THRESHOLD

    def name_context(self, i: int, cand: _Candidate) -> bool:
        """A capitalised token where a personal or place name is likely."""
        tok = self.token(i)
        if not tok[:1].isupper():
            return False
        end = self.spans[i][1]
        if _DEGREE_AFTER.match(self.text, end) or _PLACE_DATE.match(self.text, end):
            return True
        if self._adjacent(i, i - 1) and self.token(i - 1).lower() in _TITLES:
            return True
        if cand.score >= CONFIDENT_THRESHOLD and cand.word in self.lex.domain:
            return False  # "Jumiah Teaahan": a look-alike of a decree word is no name
        return any(self._adjacent(i, j) and self._looks_like_name(j) for j in (i - 1, i + 1))


def token_counts(text: str) -> Counter[str]:
    """Lower-cased word tokens of a text and how often each occurs (pass a whole
    document's counts to :func:`repair_text` when repairing it cell by cell)."""
    return Counter(t.lower() for t in _TOKEN.findall(text))


def repair_text(
    text: str,
    lexicon: Lexicon | None = None,
    token_conf: Mapping[str, float] | None = None,
    doc_counts: Mapping[str, int] | None = None,
) -> RepairResult:
    """Strip OCR debris from ``text`` and repair unknown words.

    ``token_conf`` maps a word as OCR read it (``Word.text``; edge punctuation is
    ignored) to its OCR confidence (0..100); a confidently read token is repaired
    only by cheap OCR-typical edits.
    ``doc_counts`` (see :func:`token_counts`) tells which spellings recur in the
    document; by default the counts of ``text`` itself are used.
    """
    lex = lexicon if lexicon is not None else get_lexicon()
    text, repairs = bracket_glyphs(text, lex)
    clean, removed = strip_debris(text)
    counts = doc_counts if doc_counts is not None else token_counts(clean)
    doc = _Text(clean, lex, _matcher(lex), counts)
    if token_conf is not None:  # OCR words carry their punctuation and debris
        token_conf = {_EDGE_PUNCT.sub("", k): v for k, v in token_conf.items() if v is not None}
    out: list[str] = []
    pos = 0
    for i, (start, end) in enumerate(doc.spans):
        tok = doc.token(i)
        fixed = _decide(doc, i, token_conf)
        if fixed is None:
            continue
        after, score = fixed
        out.append(clean[pos:start])
        out.append(after)
        pos = end
        repairs.append(Repair(tok, after, round(score, 3)))
    out.append(clean[pos:])
    return RepairResult("".join(out), repairs, removed)


def _decide(doc: _Text, i: int, token_conf: Mapping[str, float] | None) -> tuple[str, float] | None:
    """The repaired form of token ``i`` and its score, or None to leave it."""
    tok = doc.token(i)
    if doc.in_url(i):
        return None
    canon = doc.lex.acronym(tok)
    if canon is not None and tok != canon and _mixed_case(tok) and not doc.lex.is_known(tok):
        return canon, 0.95  # LKjiP -> LKjIP, kGB -> KGB (not "kab" -> "Kab")
    if canon is not None and token_conf is not None and tok.isupper() and _mixed_case(canon):
        return canon, 0.9  # OCR lost a small letter's case: LKJIP -> LKjIP
    cand = doc.candidate(i)
    if cand is None or cand.margin < MARGIN - 1e-9:
        return None
    letters = tok.rstrip("!")
    cost = (1.0 - cand.score) * max(len(letters), len(cand.word))
    domain, related = cand.word in doc.lex.domain, cand.word in doc.lex.related
    if cost > MAX_COST + 1e-9 and not _unrivalled_long(cand, cost, domain):
        return None
    threshold = THRESHOLD if domain else RELATED_THRESHOLD if related else GENERAL_THRESHOLD
    if len(letters) <= 5:
        threshold = max(threshold, SHORT_THRESHOLD)
    if letters.isupper() or (letters[:1].isupper() and not domain) or doc.hyphenated(i):
        threshold = STRICT_THRESHOLD
    if token_conf is not None and token_conf.get(letters, 0.0) >= CONFIDENT_OCR:
        threshold = max(threshold, CONFIDENT_THRESHOLD)
    if cand.score < threshold - 1e-9 or doc.name_context(i, cand):
        return None
    if doc.counts.get(tok.lower(), 0) >= 2 and _needs_missing_letter(cand):
        return None  # a recurring spelling short of a letter: the decree's own typo
    return match_case(tok, cand.word), cand.score


LONG_TOKEN = 10
LONG_MAX_COST = 2.5
LONG_MARGIN = 0.3
"""A long token far from every word but one decree word ("Terselenanaranya" ->
Terselenggaranya, nothing else within reach) may take a costlier repair."""


def _unrivalled_long(cand: _Candidate, cost: float, domain: bool) -> bool:
    return (
        domain
        and len(cand.token) >= LONG_TOKEN
        and cand.margin >= LONG_MARGIN
        and cost <= LONG_MAX_COST + 1e-9
    )


def _needs_missing_letter(cand: _Candidate) -> bool:
    """The repair adds a letter the token lacks, or swaps two: typists' errors.

    OCR invents glyphs and confuses look-alikes; a misspelling the document
    repeats identically (``Adminstrasi`` in three blocks, ``melaksnakan`` in two
    cells of one row) is the author's, and stays (TRUTH: typos are kept)."""
    low = unicodedata.normalize("NFKC", cand.token).lower()
    return ocr_cost(low, cand.word, missing_scale=3.0) > ocr_cost(low, cand.word) + 0.3
