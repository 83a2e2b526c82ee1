"""Row numbers OCR lost or garbled, restored from the numbering around them.

Tesseract often misses a lone digit in a narrow "No" cell, or reads it with a speck
("5s") or as a look-alike ("8" for "3"). Within one position the rows are numbered
1, 2, 3 ...; a row of OCR'd text whose number is missing or unreadable, between
rows numbered p and p + 2 (or first, before a row numbered 2), is row p + 1. The
restored number is flagged ``no_inferred`` and the original reading kept in the
row's provenance. Text from a text layer or a dump is never touched: a missing
number there is what the document says.
"""

from __future__ import annotations

import re

from domain.records import IndicatorRecord

_INT = re.compile(r"^\d{1,3}$")


def _as_int(no: str | None) -> int | None:
    return int(no) if no is not None and _INT.match(no) else None


def infer_numbers(rows: list[IndicatorRecord]) -> None:
    """Restore, in place, the numbers of OCR'd rows of one position. The rows of
    one split cell share a number and are taken together: a run of rows that
    read the same between p and p + 2 is p + 1."""
    nums = [_as_int(r.no) for r in rows]
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1].no == rows[i].no:
            j += 1
        run, i = range(i, j + 1), j + 1
        prev = nums[run[0] - 1] if run[0] > 0 else 0
        nxt = nums[run[-1] + 1] if run[-1] + 1 < len(rows) else None
        if prev is None or nxt is None or nxt != prev + 2 or nums[run[0]] == prev + 1:
            continue
        for k in run:
            row = rows[k]
            if "ocr" not in row.provenance:
                continue
            row.provenance["no_read"] = row.no
            row.no = str(prev + 1)
            nums[k] = prev + 1
            if "no_inferred" not in row.flags:
                row.flags.append("no_inferred")


def infer_document_numbers(rows: list[IndicatorRecord]) -> None:
    """:func:`infer_numbers` for each position of a document (rows in order)."""
    by_position: dict[str, list[IndicatorRecord]] = {}
    for r in rows:
        by_position.setdefault(r.position_id, []).append(r)
    for group in by_position.values():
        infer_numbers(group)
