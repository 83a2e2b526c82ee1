"""List cells (sumber data, fungsi, multi-indicator cells) -> their items.

A cell arrives as its visual lines. A line opening with a list marker starts an
item; a line without one continues the item before it. Lists flattened onto one
line are split too: "- A - B - C" (a ``<ul>`` flattened by a text dump, Kapuas
Hulu) and "1. A 2. B" (numbered items run together; markers must follow in
sequence, so "Pasal 5 ayat (1) huruf b" or "Nomor 27 Tahun 2023" never split).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from normalize.text import IsWord, is_rule, join_lines, pre_clean, strip_marker

# A bullet or a placeholder line with no text of its own ("-", "- ____", "•").
_LONE_BULLET = re.compile(r"^[-•*·▪●◦]\s*[-_\s]*$")
# An inline bullet inside a line: whitespace, a dash/bullet, whitespace, then a word
# or "(" (never a digit: "Tahun 2017 - 2022" is a range, not two items).
_INLINE_BULLET = re.compile(r"(?<=\s)[-•–](?=\s+(?:[^\W\d_]|\())")
# "dokumen RKA - DPA" (Kutai): a dash between two acronyms closing a longer item is
# a pair of documents, not a new item; "- RKA - DPA" (acronyms alone) still splits.
_ACRONYM_BEFORE = re.compile(r"\S\s+[A-Z][A-Z0-9]+\s*$")
_ACRONYM_AFTER = re.compile(r"^\s*[A-Z][A-Z0-9]+[.;,]?\s*$")
_BULLET_MARKERS = frozenset("-•–*·▪■●◦○➢►▸‣⁃Ø§=.o\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8")


@dataclass(slots=True)
class _Kind:
    """The kind of a marker, enough to predict the next one in a sequence."""

    kind: str  # "num", "alpha", "pnum", "palpha", "bullet", "other"
    value: int = 0
    style: str = ""

    def next_pattern(self) -> re.Pattern[str] | None:
        if self.kind == "num":
            n = self.value + 1
            tail = r"(?=\s|[A-Z])" if self.style == "." else r"(?=\s)"
            return re.compile(rf"(?<=\s){n}{re.escape(self.style)}{tail}")
        if self.kind == "pnum":
            return re.compile(rf"(?<=\s)\({self.value + 1}\)(?=\s)")
        if self.kind == "alpha" and self.value < 25:
            ch = chr(ord("a") + self.value + 1)
            return re.compile(rf"(?<=\s){ch}{re.escape(self.style)}(?=\s)")
        if self.kind == "palpha" and self.value < 25:
            ch = chr(ord("a") + self.value + 1)
            return re.compile(rf"(?<=\s)\({ch}\)(?=\s)")
        return None


def _kind(marker: str) -> _Kind:
    m = re.fullmatch(r"(\d{1,2})([.),])", marker)
    if m:
        return _Kind("num", int(m.group(1)), "." if m.group(2) == "," else m.group(2))
    m = re.fullmatch(r"\((\d{1,2})\)", marker)
    if m:
        return _Kind("pnum", int(m.group(1)))
    m = re.fullmatch(r"([a-z])([.)])", marker)
    if m:
        return _Kind("alpha", ord(m.group(1)) - ord("a"), m.group(2))
    m = re.fullmatch(r"\(([a-z])\)", marker)
    if m:
        return _Kind("palpha", ord(m.group(1)) - ord("a"))
    if marker in _BULLET_MARKERS:
        return _Kind("bullet")
    return _Kind("other")


@dataclass(slots=True)
class _Seg:
    marker: str | None
    text: str


_DANGLING_OP = re.compile(r"(?:/|\s[x×+])$")
"""An item ending in an operator ("... tepat waktu /") runs on into the next line:
a dash opening that line is a speck or a minus, not a new item (a scan's speck
beside the denominator of a stacked fraction, Tanjung Seruni)."""


def _split_line(line: str, state: list[_Kind], bullets: bool, inline: bool = True) -> list[_Seg]:
    """One line -> segments; ``state`` holds the last marker kind (carried across lines)."""
    if _LONE_BULLET.match(line):
        state[:] = [_Kind("bullet")]
        return [_Seg("-", "")]
    marker, rest = strip_marker(line)
    last = state[0] if state else None
    if marker is None and last is not None and last.kind == "num":
        # OCR drops the dot, or reads it as a colon: "3 Melaksanakan ..." after "2.
        # Menyusun ..." (Kutai scan), "6: Dokumen ..." after "5. Laporan ..."
        # (Kutai medium, draw 12); accepted only as the next number of a running sequence
        m = re.match(rf"^({last.value + 1})(?:[:;]\s*|\s+)(?=[A-Z])", line)
        if m:
            marker, rest = m.group(1) + last.style, line[m.end() :]
    if marker is not None:
        state[:] = [_kind(marker)]
    segs: list[_Seg] = []
    cur_marker, cur = marker, (rest if marker is not None else line)
    while True:
        last = state[0] if state else None
        found: re.Match[str] | None = None
        pattern = last.next_pattern() if last is not None else None
        if pattern is not None:
            found = pattern.search(cur)
        elif inline and (bullets or (last is not None and last.kind == "bullet")):
            found = next(
                (
                    m
                    for m in _INLINE_BULLET.finditer(cur)
                    if not (
                        _ACRONYM_BEFORE.search(cur[: m.start()])
                        and _ACRONYM_AFTER.match(cur[m.end() :])
                    )
                ),
                None,
            )
        if found is None:
            break
        segs.append(_Seg(cur_marker, cur[: found.start()].strip()))
        cur_marker = found.group(0)
        state[:] = [_kind(cur_marker) if pattern is not None else _Kind("bullet")]
        cur = cur[found.end() :]
    segs.append(_Seg(cur_marker, cur.strip()))
    return segs


def _segments(lines: Iterable[str]) -> list[_Seg]:
    texts = [t for t in (pre_clean(ln) for ln in lines if ln and not is_rule(ln)) if t]
    # A cell is in "bullet context" when one of its lines opens with a bullet, or a
    # line holds two or more inline bullets (a flattened <ul> whose first item is the
    # tail of an item broken by a page, Kapuas Hulu).
    starts = sum(
        bool(_LONE_BULLET.match(t) or _kind(strip_marker(t)[0] or "").kind == "bullet")
        for t in texts
    )
    bullets = starts > 0
    # Items that each open their own line show the list's structure: a " - " inside
    # one of them is text ("Aplikasi M - Gaji"), not another item.
    explicit = starts >= 2
    segs: list[_Seg] = []
    state: list[_Kind] = []
    for t in texts:
        many = len(_INLINE_BULLET.findall(t)) >= 2
        segs.extend(_split_line(t, state, bullets or many, inline=not explicit or many))
    return segs


def _items(lines: Iterable[str], is_word: IsWord | None) -> tuple[list[str], bool]:
    groups: list[tuple[bool, list[str]]] = []
    for seg in _segments(lines):
        dangling = bool(groups and groups[-1][1] and _DANGLING_OP.search(groups[-1][1][-1]))
        if seg.marker is not None and not (dangling and _kind(seg.marker).kind == "bullet"):
            groups.append((True, [seg.text] if seg.text else []))
        elif groups:
            groups[-1][1].append(seg.text)
        else:
            groups.append((False, [seg.text]))
    items = [(marked, join_lines(parts, is_word)) for marked, parts in groups]
    items = [(marked, text) for marked, text in items if text]
    return [text for _, text in items], any(marked for marked, _ in items)


def split_items(lines: list[str], is_word: IsWord | None = None) -> list[str]:
    """The items of a list cell, markers stripped, wrapped lines joined to their item.

    A cell that is not a list gives ``[joined_text]`` (``[]`` when empty); a lone
    ``-`` is not an item and comes back as ``["-"]``.
    """
    items, marked = _items(lines, is_word)
    if marked:
        return items
    text = join_lines(lines, is_word)
    return [text] if text else []


def is_list(lines: list[str]) -> bool:
    """True when at least one item of the cell is introduced by a list marker."""
    return _items(lines, None)[1]


_ROW_NUMBER = re.compile(r"^\s*\(?(\d{1,3})(?:[.)]|,(?=\s+[A-Z]))(?!\d)(?=\s|$|[A-Z])")
_BARE_NUMBER = re.compile(r"^\s*(\d{1,2})(?=\s+[^\W\d_])")


def looks_numbered(text: str, bare: bool = False) -> str | None:
    """The row number leading a cell ("1. Laporan ..." -> "1"; "2." -> "2").

    ``bare`` also accepts a number without punctuation ("8 Jumiah Orang ...", as the
    Kutai Kartanegara scan prints them): only for OCR text, where a leading count
    ("5 Kluster KLA") is less likely than a row number that lost its dot.
    Never "1/3 (Ipar...)" or "2021-2026".
    """
    t = pre_clean(text)
    m = _ROW_NUMBER.match(t)
    if m:
        return m.group(1)
    if bare:
        m = _BARE_NUMBER.match(t)
        if m:
            return m.group(1)
    return None
