"""Per-token cues of one flattened OCR line (see :mod:`parsers.flattened_cues` for the
word tests): which words open a formula, an indicator, a source item, which are a
multiplier, and which number is the row's own."""

from __future__ import annotations

from dataclasses import dataclass, field

from parsers.flattened_cues import (
    Tok,
    is_bullet,
    is_head_word,
    is_mult_number,
    is_mult_sign,
    is_pct,
    is_qty,
    number_of,
    starts_upper,
)

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


FORMULA_HEADS = frozenset({"perhitungan", "penghitungan", "dihitung", "rumus"})


def formula_head(word: str) -> bool:
    """A capitalised word opening a formula described in words, not as a quantity."""
    return word[:1].isupper() and word.lower().strip(".,:") in FORMULA_HEADS


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
