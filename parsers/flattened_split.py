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

from dataclasses import dataclass

from parsers.flattened_cues import ends_open, is_mult_number, is_mult_sign, is_qty, starts_upper
from parsers.flattened_echo import (
    bigram_echo,
    echoes_before,
    repeat_boundaries,
    repeats,
    row_phrases,
    words,
)
from parsers.flattened_features import (
    LineFeatures,
    content_start,
    formula_head,
    ind_cue,
    own_number,
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
        self.repeat_cut = repeat_boundaries(f)
        self.phrase = row_phrases(f, state.lines)

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
        if col == "formula" and formula_head(f.toks[i].text):
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
        opens = f.qty[first] or formula_head(f.toks[first].text)
        if col == "formula" and not opens and not st.lines.get("formula"):
            cost += 0.5  # most formulas open with a quantity word
            if any(f.qty[k] and starts_upper(f.toks[k].text) for k in range(first + 1, j)):
                cost += INNER_QTY  # ... so a "Jumlah" further on is where it opens
        if col == "formula" and f.qty[first] and echoes_before(f, first, j):
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
            elif formula_head(f.toks[k].text) and col != "formula":
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
        if col != "sumber_data" and repeats(text, st.lines.get(col, [])):
            cost += DUPLICATE
        last_words, head_words = words(prev)[-1:], words(text)[:1]
        if last_words and last_words == head_words and not prev.endswith("-"):
            cost += DUPLICATE  # "... Rekonsiliasi" + "Rekonsiliasi ...": a word twice
        if col == "formula" and repeats(text, st.lines.get("indikator", []), fuzzy_only=True):
            cost -= ECHO  # a long stretch restating the indicator: the formula's wording
        if col == "sumber_data" and f.bullet[i]:
            return cost  # a new item: no wrap to test
        if bigram_echo(prev, f.toks[first].text, st.lines):
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
