"""Cut one flattened OCR line into its cells' pieces (a small cost model, solved exactly).

A line's words are in column order (OCR reads left to right), so splitting it is
choosing where each column's piece starts. Each choice is scored:

- a cut at a cue is free (a ruling-line mark, ``Jumlah`` for the formula, ``Persentase``
  or the row's own number for the indicator, a list marker for the sources); a cut
  with no cue costs :data:`CUT`;
- a cue left inside a piece costs (a ``Jumlah`` inside a sasaran, a ``x 100%`` outside
  the formula, a marker inside an indicator ...);
- column widths (estimated from the table's own lines) and word wrapping: a piece
  longer than its column is unlikely, and a cell's next line cannot start with a word
  that would have fitted on its previous line (unless OCR dropped something);
- text repeating what a column already holds belongs to another column (formulas
  echo their indicator: "Persentase X" / "Jumlah X").

The two best splits are kept; their cost gap is the *margin*, which the row recovery
turns into certainty: a line cut only at cues with a wide margin is sure, a line cut
by width alone is a guess.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from parsers.flattened_cues import (
    Tok,
    ends_open,
    is_bullet,
    is_head_word,
    is_mult_number,
    is_mult_sign,
    is_pct,
    is_qty,
    number_of,
    starts_upper,
)

CUT = 0.8
"""A cut with no cue, when choosing the split: a prior that a line holds few cells."""
NEUTRAL_CUT = 0.4
"""The same, when measuring the margin: the prior is not evidence, so a split that wins
only through it is a guess."""
CUT_PIPE = 0.3
MAX_PIECE = 30
"""Longest piece considered, in words (a cell's line holds far fewer; this bounds the
work on the odd very long line)."""
PART = 0.2
INNER_QTY = 1.5
INNER_PIPE = 0.8
INNER_BULLET = 1.5
MULT_OUT = 2.0
OVER = 0.25
WRAP_FIT = 1.2
SKIPPED = 0.8
OPEN_BONUS = 0.6
NEW_COL = 1.0
CLOSED = 3.0
DUPLICATE = 1.2
BIGRAM = 0.8
PHRASE = 0.8
ECHO = 0.6
_WEAK_BULLETS = frozenset({".", "_", "~", "·"})
_NOT_ROW_BEFORE = frozenset({"nomor", "no", "no.", "tahun", "pasal", "ayat", "huruf", "angka"})


@dataclass(slots=True)
class LineFeatures:
    """Per-token cues of one line."""

    toks: list[Tok]
    qty: list[bool] = field(default_factory=list)
    pct: list[bool] = field(default_factory=list)
    bullet: list[bool] = field(default_factory=list)
    weak: list[bool] = field(default_factory=list)
    """A dash between two acronyms ("RKA - DPA", "TPP - UM"): a marker or a joiner."""
    mult: list[bool] = field(default_factory=list)
    num: list[int | None] = field(default_factory=list)

    @classmethod
    def of(cls, toks: list[Tok]) -> LineFeatures:
        f = cls(toks)
        n = len(toks)
        for k, t in enumerate(toks):
            nxt = toks[k + 1].text if k + 1 < n else ""
            f.qty.append(is_qty(t.text))
            f.pct.append(is_pct(t.text) and starts_upper(t.text))
            bullet = is_bullet(t.text) and bool(nxt) and starts_upper(nxt)
            if bullet and t.text in _WEAK_BULLETS and k > 0 and not t.pipe_before:
                # a lone "." mid-line is a stray full stop unless a ruling line or a
                # multiplier stands before it ("100 | . Dokumen Perjanjian Kinerja")
                bullet = bool(f.mult) and f.mult[k - 1]
            f.bullet.append(bullet)
            prev_tok = toks[k - 1].text if k > 0 else ""
            f.weak.append(bullet and t.text == "-" and _acronym(prev_tok) and _acronym(nxt))
            pipe_next = k + 1 < n and toks[k + 1].pipe_before
            sign = is_mult_sign(t.text) and (
                not nxt or is_mult_number(nxt) or k == n - 1 or pipe_next
            )
            prev_sign = k > 0 and is_mult_sign(toks[k - 1].text)
            f.mult.append(sign or (is_mult_number(t.text) and (prev_sign or "%" in t.text)))
            f.num.append(number_of(t.text))
        # "x 100" where the sign is followed by a pipe: "x| 100%"
        for k in range(n - 1):
            if is_mult_sign(toks[k].text) and is_mult_number(toks[k + 1].text):
                f.mult[k] = f.mult[k + 1] = True
        return f

    def text(self, i: int, j: int, skip_mult: bool = False) -> str:
        return " ".join(
            t.text
            for k, t in enumerate(self.toks[i:j], start=i)
            if not (skip_mult and self.mult[k])
        )


_FORMULA_HEADS = frozenset({"perhitungan", "penghitungan", "dihitung", "rumus"})


def _formula_head(word: str) -> bool:
    """A capitalised word opening a formula described in words, not as a quantity."""
    return word[:1].isupper() and word.lower().strip(".,:") in _FORMULA_HEADS


def _acronym(word: str) -> bool:
    w = word.strip(".,;:()/")
    return len(w) >= 2 and w.isupper() and w.isalpha()


def own_number(f: LineFeatures, k: int, row_no: int | None) -> bool:
    """Is token ``k`` the row's number (or one off) as printed in its indicator cell?"""
    n = f.num[k]
    return row_no is not None and n is not None and abs(n - row_no) <= 1


def ind_cue(f: LineFeatures, k: int, row_no: int | None) -> bool:
    """Does an indicator start at token ``k``?"""
    n = len(f.toks)
    nxt_upper = k + 1 < n and starts_upper(f.toks[k + 1].text)
    if f.pct[k]:
        return True
    if is_head_word(f.toks[k].text) and (k == 0 or f.toks[k].pipe_before or f.bullet[k - 1]):
        return True
    if f.bullet[k] and k + 1 < n and (f.pct[k + 1] or is_head_word(f.toks[k + 1].text)):
        return True
    if row_no is not None and f.num[k] is not None and abs(f.num[k] - row_no) <= 1 and nxt_upper:
        # the row's own number (one off: "5 |... | 4 Laporan", a No cell misnumbered)
        prev = f.toks[k - 1].text.lower() if k > 0 else ""
        return prev not in _NOT_ROW_BEFORE
    return False


def content_start(f: LineFeatures, i: int, j: int, row_no: int | None) -> int:
    """First token of a piece after its own marker or number."""
    k = i
    while k < j - 1 and (f.bullet[k] or own_number(f, k, row_no)):
        k += 1
    return k


@dataclass(slots=True)
class ColumnState:
    """What the current row already holds, as the cost model needs it."""

    lines: dict[str, list[str]]
    own_sasaran: bool
    row_no: int | None
    has_content: bool
    skipped: frozenset[str] = frozenset()
    """Columns with text that the row's previous line (same paragraph) gave nothing."""
    marked_sources: bool = False
    """The table's source items carry list markers (so an unmarked one is unlikely)."""

    def last(self, col: str) -> str | None:
        ls = self.lines.get(col)
        return ls[-1] if ls else None

    def fraction(self) -> bool:
        """The formula is a stacked fraction (its lines wrap at the fraction's own
        width): a multiplier straddles lines (a sign or a number alone on a line), or
        a second line opens with a quantity word (the denominator)."""
        qty_lines = 0
        for line in self.lines.get("formula", []):
            toks = line.split()
            signs = sum(is_mult_sign(t) for t in toks)
            nums = sum(is_mult_number(t) for t in toks)
            if signs != nums and (signs or nums):
                return True
            qty_lines += bool(toks) and is_qty(toks[0])
        return qty_lines >= 2


@dataclass(slots=True)
class Split:
    parts: list[tuple[str, int, int]]
    cost: float
    margin: float
    guessed: bool
    """A cut without any cue was needed (where one column ends is a guess)."""


class _Model:
    def __init__(
        self,
        f: LineFeatures,
        cols: list[str],
        widths: dict[str, float],
        state: ColumnState,
        cut: float | None = None,
    ) -> None:
        self.f, self.cols, self.widths, self.state = f, cols, widths, state
        self.cut = CUT if cut is None else cut
        self._cache: dict[tuple[int, int, int], float] = {}
        self.repeat_cut = _repeat_boundaries(f)
        self.phrase = _row_phrases(f, state.lines)

    def start_cost(self, ci: int, i: int) -> tuple[float, bool]:
        """Cost of column ``ci`` starting at token ``i``; True when no cue supports it."""
        f, col, st = self.f, self.cols[ci], self.state
        if i == 0:
            if st.has_content:
                return 0.0, False
            if col == "sasaran":
                return 0.0, False
            if col == "indikator":
                if ind_cue(f, 0, st.row_no) or f.qty[0]:
                    return 0.0, False
                return (1.0 if st.own_sasaran and "sasaran" in self.cols else 0.2), False
            if col == "formula":
                return (0.0, False) if f.qty[0] else (self.cut, True)
            if col == "sumber_data":
                return (0.0, False) if f.bullet[0] else (self.cut, True)
            return self.cut, True
        if col == "indikator" and ind_cue(f, i, st.row_no):
            return 0.0, False
        if col == "formula" and f.qty[i]:
            return (0.0 if starts_upper(f.toks[i].text) else 0.5), False
        if col == "formula" and _formula_head(f.toks[i].text):
            return 0.0, False  # "Perhitungan dari Tim ...": a formula told in words
        if col == "sumber_data" and f.bullet[i] and not ind_cue(f, i, st.row_no):
            return 0.0, False
        if col == "sumber_data" and f.mult[i - 1]:
            return CUT_PIPE, False
        if self.repeat_cut[i]:
            return 0.0, False  # "Tunjangan ASN | ASN": side by side cells repeat a phrase
        if f.toks[i - 1].text.endswith("/"):
            return self.cut + 1.0, True  # "Jumlah PMKS / | Tahun": a division awaits its divisor
        inside = PHRASE if self.phrase[i] else 0.0
        if f.toks[i].pipe_before:
            return CUT_PIPE + inside, False
        return self.cut + inside, True

    def part_cost(self, ci: int, i: int, j: int) -> float:
        key = (ci, i, j)
        if key not in self._cache:
            self._cache[key] = self._part_cost(ci, i, j)
        return self._cache[key]

    def _part_cost(self, ci: int, i: int, j: int) -> float:
        f, col, st = self.f, self.cols[ci], self.state
        cost = PART
        first = content_start(f, i, j, st.row_no)
        if (
            first == j - 1
            and (f.bullet[first] or f.num[first] is not None)
            and j - i == 1 + (first - i)
        ):
            cost += CLOSED  # a marker or number with nothing after it in its piece
        opens = f.qty[first] or _formula_head(f.toks[first].text)
        if col == "formula" and not opens and not st.lines.get("formula"):
            cost += 0.5  # most formulas open with a quantity word
            if any(f.qty[k] and starts_upper(f.toks[k].text) for k in range(first + 1, j)):
                cost += INNER_QTY  # ... so a "Jumlah" further on is where it opens
        if col == "formula" and f.qty[first] and _echoes_before(f, first, j):
            cost -= ECHO  # "Surat Masuk Jumiah Surat Masuk": the formula restates the indicator
        if (
            col == "sumber_data"
            and st.marked_sources
            and not f.bullet[i]
            and not st.lines.get("sumber_data")
        ):
            cost += NEW_COL  # this table marks its source items
        # a formula's opening word at the head of another cell: only an indicator may
        # open with "Jumlah", after its number or marker or on its row's first line
        # ("8 Jumiah Orang ...", "1. Jumlah Lembaga ...")
        indicator_head = col == "indikator" and (first > i or not st.has_content)
        if col != "formula" and f.qty[first] and starts_upper(f.toks[first].text):
            cost += 0.0 if indicator_head else INNER_QTY
        if (
            f.bullet[i]
            and col != "sumber_data"
            and not (col == "indikator" and ind_cue(f, i, st.row_no))
        ):
            cost += INNER_BULLET  # a list marker opens a source item
        if col != "indikator" and f.pct[first]:
            cost += 1.0 if col == "formula" else 1.5  # "Persentase" opens an indicator
        if col == "sumber_data" and not f.bullet[i] and any(f.bullet[i:j]):
            cost += 1.0  # an unmarked item before marked ones: items are marked alike
        if col == "formula" and j - first == 1 and f.qty[first] and not st.lines.get("formula"):
            cost += 0.8  # "Jumlah" alone: a formula does not stop at its first word
        if col == "formula":
            nums = [
                k for k in range(i, j) if f.mult[k] and any(c.isdigit() for c in f.toks[k].text)
            ]
            if nums and any(not f.mult[k] for k in range(nums[0] + 1, j)):
                cost += 1.0  # "x 100%" closes a formula line: what follows is another cell
        for k in range(i, j):
            if f.mult[k] and col != "formula":
                cost += MULT_OUT
            if k > i and self.repeat_cut[k] and col != "sumber_data":
                cost += PHRASE  # one cell rarely says the same thing twice in a row
            if col != "indikator" and own_number(f, k, st.row_no) and ind_cue(f, k, st.row_no):
                cost += 1.0  # the row's number printed in the indicator cell, elsewhere
            if k <= i:
                continue
            if f.toks[k].pipe_before:
                near_mult = f.mult[k] or f.mult[k - 1]
                if col in ("sasaran", "indikator"):
                    cost += INNER_PIPE
                elif not near_mult:
                    cost += INNER_PIPE / 2
            if f.qty[k] and starts_upper(f.toks[k].text) and k != first and col != "formula":
                cost += INNER_QTY
            elif _formula_head(f.toks[k].text) and col != "formula":
                cost += INNER_QTY / 2
            if f.pct[k] and k != first:
                cost += {"sasaran": 1.5, "indikator": 0.6}.get(col, 1.0)
            elif col != "indikator" and ind_cue(f, k, st.row_no) and f.bullet[k]:
                cost += 1.0  # "- Nilai ...": a marked indicator inside another cell
            if f.bullet[k] and col != "sumber_data" and k != first - 1:
                list_item = col == "indikator" and ind_cue(f, k, st.row_no)
                cost += 0.0 if list_item else (0.5 if f.weak[k] else INNER_BULLET)
            own_no = own_number(f, k, st.row_no)
            if col == "indikator" and own_no and k != first - 1 and ind_cue(f, k, st.row_no):
                cost += 1.0
        cost += self._width_cost(col, f.text(first, j, skip_mult=True))
        cost += self._continuation_cost(col, first, i, j)
        return cost

    def _width_cost(self, col: str, text: str) -> float:
        w = self.widths.get(col)
        if not w:
            return 0.0
        over = len(text) - 1.05 * w
        return OVER * over if over > 0 else 0.0

    def _continuation_cost(self, col: str, first: int, i: int, j: int) -> float:
        f, st = self.f, self.state
        if col == "sasaran" and not st.own_sasaran:
            return CLOSED
        if not st.has_content:
            return 0.0
        prev = st.last(col)
        cost = 0.0
        if prev is None:
            if (col == "formula" and not f.qty[first]) or (
                col == "sumber_data" and not f.bullet[i]
            ):
                cost += NEW_COL
            elif col in ("sasaran", "indikator"):
                cost += 0.3
            return cost
        text = f.text(i, j, skip_mult=True)
        if col != "sumber_data" and _repeats(text, st.lines.get(col, [])):
            cost += DUPLICATE
        last_words, head_words = _words(prev)[-1:], _words(text)[:1]
        if last_words and last_words == head_words and not prev.endswith("-"):
            cost += DUPLICATE  # "... Rekonsiliasi" + "Rekonsiliasi ...": a word twice
        if col == "formula" and _repeats(text, st.lines.get("indikator", []), fuzzy_only=True):
            cost -= ECHO  # a long stretch restating the indicator: the formula's wording
        if col == "sumber_data" and f.bullet[i]:
            return cost  # a new item: no wrap to test
        if _bigram_echo(prev, f.toks[first].text, st.lines):
            cost -= BIGRAM
        if col == "formula" and (st.fraction() or f.qty[first] or any(f.mult[i:j])):
            return cost  # stacked fraction lines wrap at the fraction's own width
        if col in st.skipped:
            cost += SKIPPED  # a cell's lines are consecutive: it ended when it skipped one
        w = self.widths.get(col)
        if ends_open(prev):
            cost -= OPEN_BONUS
        elif w and not prev.endswith("-"):
            need = len(prev) + 1 + len(f.toks[first].text)
            if need <= 0.8 * w:
                cost += WRAP_FIT
            elif need <= 0.95 * w:
                cost += WRAP_FIT / 2
        return cost


def _norm_words(f: LineFeatures) -> list[str]:
    return ["".join(c for c in t.text.lower() if c.isalnum()) for t in f.toks]


def _repeat_boundaries(f: LineFeatures) -> list[bool]:
    """Positions where the words before repeat right after ("Sumber Daya Manusia dan |
    Sumber Daya Manusia dan Lembaga"): neighbouring cells of a row restating each
    other (sasaran and indicator) wrap side by side, so the line repeats at the edge.
    Words are compared one by one, allowing OCR damage in each."""
    w = _norm_words(f)
    n = len(w)
    out = [False] * (n + 1)
    for i in range(1, n):
        for m in range(1, min(i, n - i, 6) + 1):
            a, b = w[i - m : i], w[i : i + m]
            if len("".join(a)) < 3 or not any(c.isalpha() for c in "".join(a)):
                continue
            if all(
                x == y or (len(x) > 3 and fuzz.ratio(x, y) >= 80) for x, y in zip(a, b, strict=True)
            ):
                out[i] = True
                break
    return out


def _row_phrases(f: LineFeatures, cells: dict[str, list[str]]) -> list[bool]:
    """Positions inside a word pair the row already holds: a cut there would split a
    phrase the row repeats ("Lembaga Kesejahteraan | Sosial" beside "Kesejahteraan
    Sosial")."""
    pairs: set[tuple[str, str]] = set()
    for lines in cells.values():
        pairs.update(itertools.pairwise(_words(" ".join(lines))))
    w = _norm_words(f)
    line_pairs = list(itertools.pairwise(w))
    pairs.update(p for p in line_pairs if line_pairs.count(p) >= 2 and all(p))
    out = [False] * (len(w) + 1)
    for i in range(1, len(w)):
        out[i] = (w[i - 1], w[i]) in pairs
    return out


def _echoes_before(f: LineFeatures, first: int, j: int) -> bool:
    """Do the piece's words after its quantity word repeat the words just before it?"""
    words = [t.text.lower() for t in f.toks[first + 1 : j] if not t.text.isdigit()]
    m = len(words)
    if m == 0 or first < m:
        return False
    before = [t.text.lower() for t in f.toks[first - m : first]]
    return fuzz.ratio(" ".join(words), " ".join(before)) >= 85


def _words(text: str) -> list[str]:
    """Lower-case alphabetic words; hyphenated words split ("pertanggung-jawaban")."""
    out: list[str] = []
    for x in text.replace("-", " ").split():
        w = x.strip(".,;:()|[]").lower()
        if w.isalpha():
            out.append(w)
    return out


def _bigram_echo(prev: str, first: str, cells: dict[str, list[str]]) -> bool:
    """Does the column's last word followed by ``first`` occur elsewhere in the row?

    IKI tables repeat their phrases: the sasaran restates the indicator ("Tersedianya
    Dokumen Rencana Kebijakan Strategis Jangka" + "Pendek" / "... Jangka Pendek"), a
    fraction's denominator restates its numerator ("Jumiah Kegiatan" + "Yang Harus" /
    "Jumiah Kegiatan Yang Terealisasi"). Such a pair says which cell a wrapped line
    continues."""
    last = _words(prev)
    head = _words(first)
    if not last or not head:
        return False
    pair = (last[-1], head[0])
    for lines in cells.values():
        ws = _words(" ".join(lines))
        if pair in set(itertools.pairwise(ws)):
            return True
    return False


def _repeats(text: str, lines: list[str], fuzzy_only: bool = False) -> bool:
    """Does ``text`` open with words (two or more) that ``lines`` already hold in a row,
    or (five words or more) repeat them fuzzily?"""
    if not lines:
        return False
    head = _words(text)[:4]
    if len(head) >= 2 and not fuzzy_only:
        have = _words(" ".join(lines))
        k = len(head)
        if any(have[x : x + k] == head for x in range(len(have) - k + 1)):
            return True
    if len(text.split()) < 5:
        return False
    return fuzz.partial_ratio(text.lower(), " ".join(lines[-4:]).lower()) >= 85


Path = tuple[tuple[int, int, int], ...]


def _solve(m: _Model) -> list[tuple[float, bool, Path]]:
    """The two best splits (cost, guessed, parts as (column, start, end))."""
    n, ncol = len(m.f.toks), len(m.cols)
    best: dict[tuple[int, int], list[tuple[float, bool, Path]]] = {(0, -1): [(0.0, False, ())]}
    for i in range(n):
        for cp in range(-1, ncol):
            entries = best.get((i, cp))
            if not entries:
                continue
            for ci in range(cp + 1, ncol):
                sc, guess = m.start_cost(ci, i)
                for j in range(i + 1, min(n, i + MAX_PIECE) + 1):
                    pc = sc + m.part_cost(ci, i, j)
                    slot = best.setdefault((j, ci), [])
                    for cost, g, parts in entries:
                        slot.append((cost + pc, g or guess, (*parts, (ci, i, j))))
                    if len(slot) > 2:
                        slot.sort(key=lambda e: e[0])
                        del slot[2:]
    return sorted((e for ci in range(ncol) for e in best.get((n, ci), [])), key=lambda e: e[0])


def _path_cost(m: _Model, parts: Path) -> float:
    return sum(m.start_cost(ci, i)[0] + m.part_cost(ci, i, j) for ci, i, j in parts)


def split_line(
    f: LineFeatures, cols: list[str], widths: dict[str, float], state: ColumnState
) -> Split:
    """The best split of a line into column pieces, and its margin: how much worse the
    best other split is once cuts without a cue cost no more than cuts with one."""
    if not f.toks:
        return Split([], 0.0, 99.0, False)
    finals = _solve(_Model(f, cols, widths, state))
    if not finals:  # a line too long for the pieces allowed: kept whole, as a guess
        col = next((c for c in reversed(cols) if state.lines.get(c)), cols[0])
        return Split([(col, 0, len(f.toks))], 0.0, 0.0, True)
    cost, guessed, parts = finals[0]
    neutral = _Model(f, cols, widths, state, cut=NEUTRAL_CUT)
    alts = _solve(neutral)
    mine = _path_cost(neutral, parts)
    others = [c for c, _, p in alts if p != parts]
    margin = (min(others) - mine) if others else 99.0
    return Split([(cols[c], i, j) for c, i, j in parts], cost, max(margin, 0.0), guessed)
