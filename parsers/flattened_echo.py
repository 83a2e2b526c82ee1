"""Echo cues: IKI tables repeat their own phrases (the sasaran restates the indicator,
the formula restates it after "Jumlah", a fraction's denominator its numerator), and
OCR puts neighbouring cells side by side on one line. Where a phrase repeats is where
a cell ends; a cut inside a phrase the row repeats is unlikely."""

from __future__ import annotations

import itertools

from rapidfuzz import fuzz

from parsers.flattened_features import LineFeatures


def norm_words(f: LineFeatures) -> list[str]:
    return ["".join(c for c in t.text.lower() if c.isalnum()) for t in f.toks]


def repeat_boundaries(f: LineFeatures) -> list[bool]:
    """Positions where the words before repeat right after ("Sumber Daya Manusia dan |
    Sumber Daya Manusia dan Lembaga"): neighbouring cells of a row restating each
    other (sasaran and indicator) wrap side by side, so the line repeats at the edge.
    Words are compared one by one, allowing OCR damage in each."""
    w = norm_words(f)
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


def row_phrases(f: LineFeatures, cells: dict[str, list[str]]) -> list[bool]:
    """Positions inside a word pair the row already holds: a cut there would split a
    phrase the row repeats ("Lembaga Kesejahteraan | Sosial" beside "Kesejahteraan
    Sosial")."""
    pairs: set[tuple[str, str]] = set()
    for lines in cells.values():
        pairs.update(itertools.pairwise(words(" ".join(lines))))
    w = norm_words(f)
    line_pairs = list(itertools.pairwise(w))
    pairs.update(p for p in line_pairs if line_pairs.count(p) >= 2 and all(p))
    out = [False] * (len(w) + 1)
    for i in range(1, len(w)):
        out[i] = (w[i - 1], w[i]) in pairs
    return out


def echoes_before(f: LineFeatures, first: int, j: int) -> bool:
    """Do the piece's words after its quantity word repeat the words just before it?"""
    words = [t.text.lower() for t in f.toks[first + 1 : j] if not t.text.isdigit()]
    m = len(words)
    if m == 0 or first < m:
        return False
    before = [t.text.lower() for t in f.toks[first - m : first]]
    return fuzz.ratio(" ".join(words), " ".join(before)) >= 85


def words(text: str) -> list[str]:
    """Lower-case alphabetic words; hyphenated words split ("pertanggung-jawaban")."""
    out: list[str] = []
    for x in text.replace("-", " ").split():
        w = x.strip(".,;:()|[]").lower()
        if w.isalpha():
            out.append(w)
    return out


def bigram_echo(prev: str, first: str, cells: dict[str, list[str]]) -> bool:
    """Does the column's last word followed by ``first`` occur elsewhere in the row?

    IKI tables repeat their phrases: the sasaran restates the indicator ("Tersedianya
    Dokumen Rencana Kebijakan Strategis Jangka" + "Pendek" / "... Jangka Pendek"), a
    fraction's denominator restates its numerator ("Jumiah Kegiatan" + "Yang Harus" /
    "Jumiah Kegiatan Yang Terealisasi"). Such a pair says which cell a wrapped line
    continues."""
    last = words(prev)
    head = words(first)
    if not last or not head:
        return False
    pair = (last[-1], head[0])
    for lines in cells.values():
        ws = words(" ".join(lines))
        if pair in set(itertools.pairwise(ws)):
            return True
    return False


def repeats(text: str, lines: list[str], fuzzy_only: bool = False) -> bool:
    """Does ``text`` open with words (two or more) that ``lines`` already hold in a row,
    or (five words or more) repeat them fuzzily?"""
    if not lines:
        return False
    head = words(text)[:4]
    if len(head) >= 2 and not fuzzy_only:
        have = words(" ".join(lines))
        k = len(head)
        if any(have[x : x + k] == head for x in range(len(have) - k + 1)):
            return True
    if len(text.split()) < 5:
        return False
    return fuzz.partial_ratio(text.lower(), " ".join(lines[-4:]).lower()) >= 85
