"""Map table header cells onto the canonical columns of the dataset.

Headers vary by pemda ("Penjelasan/Formulasi Perhitungan", "Cara Perhitungan /
Penjelasan", "FORMULASI PERHITUNGAN", "SASARAN STRATEGIS", "Sasaran / Kinerja
Utama", "SumberData" ...) and OCR damages them ("=Are Bertvegon." for "Cara
Perhitungan / Penjelasan"). Each header is scored against a synonym table and a
set of keyword stems with rapidfuzz; a header too damaged to read takes the
canonical column that its position implies, and is marked as inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from domain.records import CANONICAL_ORDER

CORE = frozenset({"no", "sasaran", "indikator", "formula", "sumber_data"})
"""Columns nearly every decree has; the others are optional."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor", "nmr", "no urut"),
    "sasaran": (
        "sasaran",
        "sasaran strategis",
        "sasaran program",
        "sasaran kegiatan",
        "sasaran sub kegiatan",
        "sasaran aktivitas",
        "sasaran kinerja",
        "sasaran kinerja utama",
        "kinerja utama",
        "tujuan sasaran",
        "sasaran program sub kegiatan aktivitas",
    ),
    "indikator": (
        "indikator kinerja",
        "indikator kinerja utama",
        "indikator kinerja individu",
        "indikator kinerja kegiatan",
        "indikator sasaran",
        "indikator",
        "iku",
        "iki",
    ),
    "formula": (
        "penjelasan formulasi perhitungan",
        "formulasi perhitungan",
        "formulasi penghitungan",
        "cara perhitungan penjelasan",
        "penjelasan formulasi penghitungan",
        "penjelasan formula penghitungan",
        "penjelasan formulasi",
        "formula",
        "formulasi",
        "rumus",
        "cara perhitungan",
        "cara menghitung",
        "cara pengukuran",
        "metode perhitungan",
        "definisi operasional",
        "formula cara menghitung",
        "penjelasan",
    ),
    "sumber_data": ("sumber data", "sumberdata", "sumber"),
    "penanggung_jawab": (
        "penanggung jawab",
        "penanggungjawab",
        "pj",
        "pelaksana",
        "unit penanggung jawab",
    ),
    "alasan": ("alasan memilih indikator", "alasan pemilihan indikator", "alasan"),
    "target": ("target", "target kinerja"),
}

STEMS: dict[str, tuple[str, ...]] = {
    "sasaran": ("sasaran",),
    "indikator": ("indikator",),
    "formula": ("formulasi", "formula", "perhitungan", "penghitungan", "rumus", "menghitung"),
    "sumber_data": ("sumber",),
    "penanggung_jawab": ("penanggung", "penanggungjawab"),
    "alasan": ("alasan",),
    "target": ("target",),
}
"""Keywords that alone identify a column, even inside longer or damaged text."""

KNOWN_EXTRA: dict[str, tuple[str, ...]] = {
    "satuan": ("satuan",),
    "keterangan": ("keterangan", "ket"),
    "bobot": ("bobot",),
    "program": ("program",),
    "kegiatan": ("kegiatan", "sub kegiatan"),
    "periode": ("periode pelaporan", "periode", "frekuensi"),
    "tujuan": ("tujuan", "tujuan strategis"),
    "baseline": ("baseline", "kondisi awal", "capaian awal"),
    "realisasi": ("realisasi", "capaian"),
}
"""Columns some decrees add that the schema has no place for: kept in the row's
provenance, not flagged (they are understood, just not part of the dataset)."""

MATCH = 72.0
"""Minimum score for a header to count as read."""


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    header: str
    canonical: str | None
    score: float
    inferred: bool = False
    """True when the column was assigned by its position, not by its header text."""
    extra: str | None = None
    """Name of a known non-schema column (``satuan`` ...), when it is one."""


_NON_LETTER = re.compile(r"[^a-z]+")


def norm_header(text: str) -> str:
    return _NON_LETTER.sub(" ", text.lower()).strip()


def score_header(text: str) -> dict[str, float]:
    """Score ``text`` against every canonical column (0..100)."""
    h = norm_header(text)
    scores: dict[str, float] = {}
    if not h:
        return {c: 0.0 for c in SYNONYMS}
    tokens = h.split()
    for canon, syns in SYNONYMS.items():
        best = max(max(fuzz.ratio(h, s), fuzz.token_sort_ratio(h, s)) for s in syns)
        for stem in STEMS.get(canon, ()):
            for t in tokens:
                if len(t) >= 4 and fuzz.ratio(t, stem) >= 80:
                    best = max(best, 88.0 + 0.1 * fuzz.ratio(t, stem))
        scores[canon] = float(best)
    # "No" is short: only an exact token counts
    scores["no"] = (
        100.0 if tokens and tokens[0] in ("no", "nomor", "nmr") and len(tokens) <= 2 else 0.0
    )
    # A header naming both sasaran and indikator ("Sasaran / Indikator") is ambiguous:
    # leave it to the greedy assignment.
    return scores


def _extra_name(text: str) -> str | None:
    h = norm_header(text)
    for name, syns in KNOWN_EXTRA.items():
        if any(h == s or fuzz.ratio(h, s) >= 88 for s in syns):
            return name
    return None


def map_headers(headers: list[str]) -> list[ColumnMatch]:
    """Assign each header cell a canonical column (or none).

    Greedy by score, each canonical column used once. Unread headers (empty or
    below :data:`MATCH`) between two read ones take the canonical column that the
    usual order puts there, when exactly one such column is still free.
    """
    scored = [score_header(h) for h in headers]
    assigned: dict[int, tuple[str, float]] = {}
    used: set[str] = set()
    pairs = sorted(
        ((s, i, c) for i, sc in enumerate(scored) for c, s in sc.items() if s >= MATCH),
        reverse=True,
    )
    for s, i, c in pairs:
        if i in assigned or c in used:
            continue
        if _extra_name(headers[i]) and s < 95:
            continue
        assigned[i] = (c, s)
        used.add(c)
    out: list[ColumnMatch | None] = [None] * len(headers)
    for i, h in enumerate(headers):
        if i in assigned:
            out[i] = ColumnMatch(h, assigned[i][0], assigned[i][1])
        elif (extra := _extra_name(h)) is not None:
            out[i] = ColumnMatch(h, None, 0.0, extra=extra)
    _infer_by_order(headers, out, used)
    return [
        m if m is not None else ColumnMatch(h, None, 0.0) for h, m in zip(headers, out, strict=True)
    ]


_ALPHA = re.compile(r"[^\W\d_]{3,}")


def readable(text: str) -> bool:
    """Is this header clean text (mostly dictionary words), as opposed to empty or
    OCR-damaged? Only damaged headers are worth guessing from their position."""
    from normalize.lexicon import get_lexicon

    tokens = _ALPHA.findall(text)
    if not tokens or any(ch in text for ch in "=~|{}<>"):
        return False
    lex = get_lexicon()
    return sum(lex.is_known(t) for t in tokens) >= 0.6 * len(tokens)


def _infer_by_order(headers: list[str], out: list[ColumnMatch | None], used: set[str]) -> None:
    """Give each run of unread columns the canonical columns that the usual order
    puts between its read neighbours, when the count of free ones fits the run."""
    order = {c: k for k, c in enumerate(CANONICAL_ORDER)}
    i = 0
    while i < len(out):
        if out[i] is not None:
            i += 1
            continue
        j = i
        while j < len(out) and out[j] is None:
            j += 1
        run = [k for k in range(i, j) if not readable(headers[k])]
        if (
            len(run) != j - i
        ):  # a clean header that is not ours: an unknown column, not a damaged one
            i = j
            continue
        left = next(
            (m.canonical for k in range(i - 1, -1, -1) if (m := out[k]) and m.canonical), None
        )
        right = next(
            (m.canonical for k in range(j, len(out)) if (m := out[k]) and m.canonical), None
        )
        lo = order[left] if left else -1
        hi = order[right] if right else len(CANONICAL_ORDER)
        free = [c for c in CANONICAL_ORDER[lo + 1 : hi] if c not in used]
        if len(free) > len(run):  # optional columns are the ones a decree leaves out
            free = [c for c in free if c in CORE]
        if free and len(free) == len(run):
            for k, c in zip(run, free, strict=True):
                out[k] = ColumnMatch(headers[k], c, 0.0, inferred=True)
                used.add(c)
        i = j


POSITIONAL: dict[int, tuple[str | None, ...]] = {
    4: ("sasaran", "indikator", "formula", "sumber_data"),
    5: ("no", "sasaran", "indikator", "formula", "sumber_data"),
    6: ("no", "sasaran", "indikator", "formula", "sumber_data", "target"),
    7: ("no", "sasaran", "indikator", "alasan", "formula", "penanggung_jawab", "sumber_data"),
}
"""Column layouts assumed for a table with no readable header at all."""


def positional_mapping(n_cols: int) -> list[ColumnMatch] | None:
    layout = POSITIONAL.get(n_cols)
    if layout is None:
        return None
    return [ColumnMatch("", c, 0.0, inferred=True) for c in layout]


def is_header_row(texts: list[str]) -> bool:
    """A row whose cells read as column headers (at least two, one of them the
    indicator or sasaran column)."""
    matches = map_headers(texts)
    read = [m for m in matches if m.canonical and not m.inferred and m.score >= 80]
    keys = {m.canonical for m in read}
    if len(read) < 2 or not keys & {"indikator", "sasaran"}:
        return False
    # data rows can mention "indikator" or "sasaran" in prose: headers are short
    long_cells = sum(len(t.split()) > 6 for t in texts if t)
    return long_cells <= 1


_NUMBER_CELL = re.compile(r"[\s(.:;,)'`|-]*(\d{1,2})[\s(.:;,)'`|-]*")


def is_column_number_row(texts: list[str]) -> bool:
    """``1 2 3 4``: a row numbering the columns, not data.

    Each number sits in its own column (the cell in column i says i, or i-1 when
    counting from 0). OCR may add a speck ("1 :"), drop a number, or leave stamp
    fragments in a cell, so: at least two cells, and most of the non-empty ones,
    hold their column's number; the others are short fragments, not values.
    """
    filled = [(i, t.strip()) for i, t in enumerate(texts) if t.strip()]
    if len(filled) < 2:
        return False
    hits = 0
    for i, t in filled:
        m = _NUMBER_CELL.fullmatch(t)
        if m is not None:
            if int(m.group(1)) not in (i, i + 1):
                return False
            hits += 1
        elif len(t) > 12 or len(t.split()) > 2:
            return False
    return hits >= 2 and hits >= 0.5 * len(filled) and (hits >= 3 or len(texts) <= 4)
