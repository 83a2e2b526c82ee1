"""Group positioned words into visual lines."""

from __future__ import annotations

from statistics import median

from domain.pages import Word, union_bbox
from domain.structure import Line


def word_height(words: list[Word]) -> float:
    """Typical word height (font size proxy) of ``words``; 10 when unknown."""
    hs = [w.bottom - w.top for w in words if w.bottom > w.top]
    return median(hs) if hs else 10.0


def cluster_rows(words: list[Word], height: float | None = None) -> list[list[Word]]:
    """Cluster words whose vertical centres are close into rows, top to bottom,
    each row sorted left to right."""
    if not words:
        return []
    h = height or word_height(words)
    tol = 0.5 * h
    rows: list[list[Word]] = []
    centres: list[float] = []
    for w in sorted(words, key=lambda w: (w.yc, w.x0)):
        if rows and abs(w.yc - centres[-1]) <= tol:
            rows[-1].append(w)
            n = len(rows[-1])
            centres[-1] += (w.yc - centres[-1]) / n
        else:
            rows.append([w])
            centres.append(w.yc)
    for r in rows:
        r.sort(key=lambda w: w.x0)
    return rows


def make_line(words: list[Word], page: int) -> Line:
    return Line(
        text=" ".join(w.text for w in words),
        page=page,
        bbox=union_bbox([w.bbox for w in words]),
        words=list(words),
    )


def group_lines(words: list[Word], page: int, split_gap: float | None = None) -> list[Line]:
    """Words -> lines in reading order. With ``split_gap`` (points), a row is cut
    into separate line segments wherever the space between two words exceeds it
    (two signatures side by side, a label and a far-away value)."""
    return [ln for _, ln in keyed_lines(words, page, split_gap)]


def keyed_lines(
    words: list[Word], page: int, split_gap: float | None = None
) -> list[tuple[float, Line]]:
    """Like :func:`group_lines`, each line with the height of its visual row (the
    median centre of the row's words). Segments of one row share that key, so
    sorting by it keeps "2. TUGAS" before its value even when a speck of noise
    stretches one OCR word box of the value above the label's top."""
    out: list[tuple[float, Line]] = []
    for row in cluster_rows(words):
        key = median(w.yc for w in row)
        seg: list[Word] = [row[0]]
        for w in row[1:]:
            if split_gap is not None and w.x0 - seg[-1].x1 > split_gap:
                out.append((key, make_line(seg, page)))
                seg = [w]
            else:
                seg.append(w)
        out.append((key, make_line(seg, page)))
    return out
