"""How sure the pipeline is of each field and row, and why a row needs review.

A field's confidence multiplies three things: the certainty of the table structure
it came from (a ruled grid beats alignment beats a layout guessed from flattened
OCR text), the OCR confidence of its words, and the repairs made to it. A row's
confidence is its weakest field's. Rows under :data:`REVIEW_BELOW`, or with a
flag that always needs a person, get ``needs_review``.
"""

from __future__ import annotations

from statistics import mean

from domain.pages import Word

STRUCTURE = {
    "grid": 0.99,
    "markdown": 0.98,
    "aligned": 0.95,
    "flattened": 0.6,
}
"""Certainty of a row's structure by how its table was found."""

POSITIONAL_FACTOR = 0.85
"""Columns assumed from the column count, not read from a header."""

REVIEW_BELOW = 0.8
LOW_OCR = 0.72
"""A field whose words' blended OCR confidence is below this (0..1) is flagged."""
LOW_WORD_CONF = 70.0
"""A key field with a word read below this OCR confidence (0..100) is flagged. With
cells read one by one tesseract is surer of itself; on the medium sample scans 70
against 60 catches 0.962 of the wrong rows against 0.943 and leaves the unflagged
rows 0.975 right against 0.966, flagging 152 of 233 rows against 144."""

ALWAYS_REVIEW = frozenset(
    {
        "missing_indicator",
        "position_guessed",
        "unmapped_column",
        "inferred_columns",
        "layout_inferred",
        "low_ocr_conf",
        "split_mismatch",
        "unknown_words",
        "correction_conflict",
        "no_header",
        "recovery_failed",
        "formula_guessed",
        "formula_incomplete",
        "orphan_text",
        "ocr_debris",
        "confusable_word",
        "lone_letter",
        "lone_bullet",
        "stray_number",
        "ocr_repaired",
        "missing_no",
    }
)
"""Flags that put a row in front of a person whatever its score."""


def ocr_confidence(words: list[Word]) -> float | None:
    """0..1 confidence of OCR'd words: their mean confidence, pulled down by the
    weakest ones (a single unreadable word can make a field wrong)."""
    confs = [w.conf for w in words if w.conf is not None and w.conf >= 0]
    if not confs:
        return None
    avg = mean(confs) / 100.0
    low = min(confs) / 100.0
    score = 0.75 * avg + 0.25 * low
    return max(0.0, min(1.0, score / 0.92))


def repair_factor(scores: list[float]) -> float:
    """Each repaired token costs a little; a weakly supported repair costs more."""
    f = 1.0
    for s in scores:
        f *= 0.97 if s >= 90 else 0.92
    return max(f, 0.6)


def needs_review(confidence: float, flags: list[str]) -> bool:
    return confidence < REVIEW_BELOW or any(f in ALWAYS_REVIEW for f in flags)
