"""A flattened table's OCR lines -> indicator rows, with a certainty and notes per row.

Rows are found by cues that do not depend on a pemda's wording:

- ``number``: a line opening with the next row number (``2 |Tersedianya``, ``3.``);
  one number may be skipped (OCR, or a decree numbering 1, 2, 3, 5);
- ``inner``: the next row number printed inside the indicator cell, mid-line, when the
  No cell was lost (``Tersedianya laporan ... | 4 Laporan ...``);
- ``indicator``: a line opening with ``Persentase`` (or a marker and it) once the
  current row has its indicator: rows under a spanning No/sasaran cell;
- ``formula``: a second formula with its own ``x 100%`` (a formula holds one
  multiplier), or a line opening with ``Jumlah ... x 100%`` when the current formula
  is complete (OCR read that row's formula cell before its indicator);
- ``sasaran_line``: a line holding a sasaran, then ``Persentase ...`` and ``Jumlah ...``
  once the current row is complete (a row whose No was lost);
- ``header``: the first line after a repeated column header (a table's next page).

A cue-free paragraph (OCR reads a cell on its own when it sits lower than its
neighbours) just above a row that has no sasaran of its own is that row's sasaran.
Everything else is a continuation of the current row, cut into columns by
:mod:`parsers.flattened_split`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from parsers.flattened_blocks import RawLine
from parsers.flattened_cues import (
    ends_open,
    has_letters,
    header_kinds,
    is_bullet,
    leading_number,
    starts_upper,
    tokenize,
)
from parsers.flattened_features import LineFeatures, ind_cue, own_number
from parsers.flattened_split import ColumnState, Split, split_line

SURE = 0.92
"""Certainty of a row whose every line was cut at cues with a clear margin."""
CLEAR_MARGIN = 1.0
"""A line whose best split beats every other by less than this (see
:func:`parsers.flattened_split.split_line`) makes its row ``columns_guessed``."""


@dataclass(slots=True)
class RowBuild:
    """One recovered row while it is being filled."""

    kind: str
    no: int | None = None
    no_how: str = ""
    own_sasaran: bool = True
    cells: dict[str, list[str]] = field(default_factory=dict)
    certainty: float = SURE
    notes: list[str] = field(default_factory=list)
    lines: int = 0
    """Lines of the row read so far."""
    last_line: dict[str, int] = field(default_factory=dict)
    """Per column, the row line that last gave it text."""

    def has(self, col: str) -> bool:
        return any(t.strip() for t in self.cells.get(col, []))

    def add(self, col: str, text: str) -> None:
        if text.strip():
            self.cells.setdefault(col, []).append(text.strip())

    def doubt(self, note: str, cap: float) -> None:
        self.certainty = min(self.certainty, cap)
        if note not in self.notes:
            self.notes.append(note)

    @property
    def has_content(self) -> bool:
        return any(self.has(c) for c in self.cells)

    def formula_mult(self) -> str:
        """``complete`` (a sign and its number), ``sign`` (a lone ``x`` waiting for its
        number on the next line) or ``none``."""
        feats = [LineFeatures.of(tokenize(t)) for t in self.cells.get("formula", [])]
        state = "none"
        for f in feats:
            nums = [
                k for k, t in enumerate(f.toks) if f.mult[k] and any(c.isdigit() for c in t.text)
            ]
            if nums:
                return "complete"
            if any(f.mult):
                state = "sign"
        return state


@dataclass(slots=True)
class _Para:
    lines: list[RawLine]

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self.lines]


def paragraphs(lines: list[RawLine]) -> list[_Para]:
    out: list[_Para] = []
    cur: list[RawLine] = []
    for r in lines:
        if r.text:
            cur.append(r)
        elif cur:
            out.append(_Para(cur))
            cur = []
    if cur:
        out.append(_Para(cur))
    return out


def header_lines(lines: list[RawLine]) -> set[int]:
    """Positions of column-header lines: runs of header-like lines (blanks and dust
    between them allowed) that together name two columns or more."""
    out: set[int] = set()
    k = 0
    while k < len(lines):
        if not lines[k].text or header_kinds(lines[k].text) is None:
            k += 1
            continue
        run: list[int] = []
        kinds: set[str] = set()
        j = k
        while j < len(lines):
            t = lines[j].text
            if t and (kk := header_kinds(t)) is not None:
                run.append(j)
                kinds.update(kk)
            elif t and has_letters(t):
                break
            j += 1
        if len(kinds) >= 2:
            out.update(run)
        k = max(j, k + 1)
    return out


def _restart_between(restarts: set[int], a: int, b: int) -> bool:
    return any(a < i < b for i in restarts)


def _cue_free(text: str) -> bool:
    """No cue at all: no quantity word, Persentase, multiplier or list marker."""
    f = LineFeatures.of(tokenize(text))
    starts_marked = bool(f.toks) and is_bullet(f.toks[0].text)
    return not (any(f.qty) or any(f.pct) or any(f.mult) or any(f.bullet) or starts_marked)


class TableRecovery:
    """Walks a table span's lines and builds its rows."""

    def __init__(
        self, cols: list[str], widths: dict[str, float], marked_sources: bool = False
    ) -> None:
        self.cols = cols
        self.widths = widths
        self.marked_sources = marked_sources
        self.rows: list[RowBuild] = []
        self.last_no: int | None = None
        self.numbered = False
        self.pending: list[str] = []
        self.orphans: list[str] = []
        self.after_header = False
        self.splits: list[tuple[RowBuild, str, Split]] = []

    # ------------------------------------------------------------------ row starts

    @property
    def cur(self) -> RowBuild | None:
        return self.rows[-1] if self.rows else None

    def expected(self) -> int:
        return (self.last_no or 0) + 1

    def row_start(self, text: str) -> tuple[str, int | None, bool] | None:
        """(kind, number, own sasaran) when ``text`` opens a new row."""
        cur = self.cur
        lead = leading_number(text)
        if lead is not None:
            n, rest = lead
            exp = self.expected()
            # a number alone on its line opens a row only when it is the very next one
            # (OCR lists a cell's lost markers "2." / "5." / "6." on lines of their own)
            if (exp <= n <= exp + 1 and has_letters(rest)) or (n == exp and not rest):
                f = LineFeatures.of(tokenize(rest))
                own = not (f.toks and (ind_cue(f, 0, n) or f.qty[0]))
                return "number", n, own
        f = LineFeatures.of(tokenize(text))
        if not f.toks:
            return None
        if cur is None:
            return "first", None, not (ind_cue(f, 0, None) or f.qty[0])
        if self.after_header and (starts_upper(f.toks[0].text) or is_bullet(f.toks[0].text)):
            return "header", None, not ind_cue(f, 0, None)
        if self.numbered and cur.has("indikator"):
            exp = self.expected()
            for k in range(1, len(f.toks)):
                if f.num[k] == exp and ind_cue(f, k, exp):
                    return "inner", exp, True
        first = 1 if is_bullet(f.toks[0].text) and len(f.toks) > 1 else 0
        if f.pct[first] and cur.has("indikator"):
            return "indicator", None, False
        state = cur.formula_mult()
        qtys = [k for k in range(len(f.toks)) if f.qty[k] and starts_upper(f.toks[k].text)]
        pcts = [k for k in range(2, len(f.toks)) if f.pct[k]]
        # "Terlaksananya Pendataan ... Presentase fakir miskin ... |Jumlah Fakir ...": a
        # sasaran, then an indicator and its formula: a row whose No was lost
        complete = cur.has("indikator") and cur.has("formula")
        if pcts and complete and starts_upper(f.toks[0].text) and any(q > pcts[0] for q in qtys):
            return "sasaran_line", None, True
        if qtys and state == "complete" and cur.has("formula"):
            k = qtys[0]
            own_mult = any(f.mult[k:]) and any(
                any(c.isdigit() for c in f.toks[x].text) for x in range(k, len(f.toks)) if f.mult[x]
            )
            if own_mult and k <= first:
                return "formula_first", None, False
            if own_mult:
                return "formula", None, False
        return None

    # ------------------------------------------------------------------ walking

    def run(self, lines: list[RawLine]) -> list[RowBuild]:
        heads = header_lines(lines)
        body: list[RawLine] = []
        restarts: set[int] = set()
        for k, r in enumerate(lines):
            if k in heads:
                if body and body[-1].text:
                    body.append(RawLine(r.idx, ""))
                restarts.add(r.idx)
                continue
            body.append(r)
        paras = paragraphs(body)
        prev_idx = -1
        for pi, para in enumerate(paras):
            if self.rows and _restart_between(restarts, prev_idx, para.lines[0].idx):
                self.after_header = True
            prev_idx = para.lines[-1].idx
            if self._is_pending_sasaran(para, paras[pi + 1 :]):
                self.pending = para.texts
                continue
            if self._is_orphan(para, paras[pi + 1 :]):
                self.orphans.extend(para.texts)
                continue
            gap = True
            for r in para.lines:
                self.line(r, gap)
                gap = False
        self.orphans.extend(self.pending)
        if self.orphans:
            self._orphan(self.orphans)
        return self.rows

    def _is_orphan(self, para: _Para, rest: list[_Para]) -> bool:
        """A cue-free paragraph after the last row that continues none of its cells: a
        cell OCR read apart from its row (its owner is unknown)."""
        cur = self.cur
        if cur is None or not starts_upper(para.texts[0]) or leading_number(para.texts[0]):
            return False
        if not all(_cue_free(t) for t in para.texts) or self.row_start(para.texts[0]):
            return False
        if any(self.row_start(p.texts[0]) is not None for p in rest):
            return False
        return not any(
            ends_open(lines[-1]) for c, lines in cur.cells.items() if lines and c != "sumber_data"
        )

    def _is_pending_sasaran(self, para: _Para, rest: list[_Para]) -> bool:
        """A cue-free paragraph right above a row without a sasaran of its own."""
        if "sasaran" not in self.cols or not starts_upper(para.texts[0]):
            return False
        if not all(_cue_free(t) for t in para.texts) or leading_number(para.texts[0]):
            return False
        w = self.widths.get("sasaran")
        if w and any(
            len(a) + 1 + len(b.split()[0]) <= 0.8 * w
            for a, b in itertools.pairwise(para.texts)
            if b.split()
        ):
            return False  # not wrapped at the sasaran's width: a narrower cell's lines
        nxt = rest[0] if rest else None
        if nxt is None:
            return False
        start = self.row_start(nxt.texts[0])
        return start is not None and not start[2]

    def line(self, r: RawLine, gap: bool) -> None:
        text = r.text
        start = self.row_start(text)
        if start is not None:
            kind, no, own = start
            self._open(kind, no, own)
            if kind == "number" and own:
                # the number is the No cell; without a sasaran of its own the number
                # stays, as the indicator cell's (it tells the split where that starts)
                lead = leading_number(text)
                text = lead[1] if lead else text
            if not text.strip():
                return
        cur = self.cur
        if cur is None:
            return
        self.after_header = False
        toks = tokenize(text)
        if not toks or (start is None and not any(c.isalpha() for c in text)):
            return  # nothing but a list marker or a number whose text OCR put elsewhere
        f = LineFeatures.of(toks)
        skipped = frozenset(
            c
            for c in cur.cells
            if cur.has(c) and not gap and cur.last_line.get(c, -1) < cur.lines - 1
        )
        state = ColumnState(
            cur.cells, cur.own_sasaran, cur.no, cur.has_content, skipped, self.marked_sources
        )
        split = split_line(f, self.cols, self.widths, state)
        self.splits.append((cur, text, split))
        self._apply(cur, f, split, gap)
        cur.lines += 1

    def _open(self, kind: str, no: int | None, own: bool) -> None:
        row = RowBuild(kind=kind, no=no, own_sasaran=own)
        if no is not None:
            row.no_how = "printed" if kind == "number" else "inner"
            self.last_no = no
            self.numbered = True
        if self.pending:
            row.cells["sasaran"] = list(self.pending)
            row.own_sasaran = True
            row.doubt("sasaran_from_paragraph", 0.85)
            self.pending = []
        cap = {
            "number": SURE,
            "inner": 0.88,
            "indicator": 0.88,
            "first": 0.85,
            "header": 0.8,
            "formula": 0.8,
            "formula_first": 0.6,
            "sasaran_line": 0.75,
        }[kind]
        prev_no = self.rows[-1].no if self.rows else None
        if kind == "number" and no is not None and prev_no is not None and no != prev_no + 1:
            row.doubt("row_number_skipped", 0.75)
        row.certainty = min(row.certainty, cap)
        if kind in ("formula_first", "sasaran_line"):
            row.notes.append("row_boundary_guessed")
        self.rows.append(row)

    def _apply(self, row: RowBuild, f: LineFeatures, split: Split, gap: bool) -> None:
        for col, i, j in split.parts:
            row.last_line[col] = row.lines
            if col == "sumber_data":
                # a source paragraph of its own opens a new item even without a marker
                new_item = gap and i == 0 and starts_upper(f.toks[0].text)
                self._sources(row, f, i, j, new_item)
                continue
            k = i
            if col == "indikator":
                while k < j - 1 and (f.bullet[k] or own_number(f, k, row.no)):
                    k += 1
            row.add(col, f.text(k, j))
        if split.guessed or split.margin < CLEAR_MARGIN:
            cap = 0.55 + 0.1 * min(max(split.margin, 0.0), 2.0)
            row.doubt("columns_guessed", cap)
        if split.cost > 3.0:
            row.doubt("layout_conflict", 0.7)

    def _sources(self, row: RowBuild, f: LineFeatures, i: int, j: int, new_item: bool) -> None:
        cur: list[str] = []
        marked = new_item
        items: list[tuple[bool, str]] = []
        for k in range(i, j):
            if f.bullet[k]:
                if cur:
                    items.append((marked, " ".join(cur)))
                cur, marked = [], True
                continue
            cur.append(f.toks[k].text)
        if cur:
            items.append((marked, " ".join(cur)))
        for marked, text in items:
            row.add("sumber_data", f"- {text}" if marked or not row.has("sumber_data") else text)

    def _orphan(self, texts: list[str]) -> None:
        """Lines no row claimed (cell paragraphs OCR read after the last row): kept as
        source items of the last row, which is flagged, and every row without sources
        is flagged too (they may be the owners)."""
        if not self.rows:
            return
        row = self.rows[-1]
        for text in texts:
            row.add("sumber_data", f"- {text}")
        row.doubt("orphan_text", 0.6)
        for r in self.rows[:-1]:
            if not r.has("sumber_data"):
                r.doubt("sumber_unassigned", 0.7)
