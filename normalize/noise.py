"""Decide how much to trust a document's text, and build its row context.

OCR'd words (they carry a confidence) are always checked for repair. Text from a
PDF text layer or a text dump is repaired only when it is measurably noisy: a
born-digital text layer is what the author typed, and "repairing" it could only
add errors, but a text layer can itself be an old OCR layer, and a ``.txt`` dump
can be raw OCR output (seed 001).
"""

from __future__ import annotations

import re

from domain.structure import ParsedDocument
from normalize.indicators import RowContext
from normalize.lexicon import Lexicon, get_lexicon
from normalize.repair import repair_text

NOISY = 0.06
"""Share of unknown words above which a text is treated as OCR output."""

_WORD = re.compile(r"[^\W\d_]{4,}")
_ANY_WORD = re.compile(r"(?<![^\W_])[^\W\d_]{3,}(?![^\W_])")


def unknown_words(text: str, lexicon: Lexicon) -> list[str]:
    """The alphabetic words (4+ letters) of ``text`` not in the lexicon."""
    return [w for w in _WORD.findall(text) if not lexicon.is_known(w)]


def confusable_words(text: str, lexicon: Lexicon) -> list[str]:
    """The real words of ``text`` that look like misreadings of a frequent decree
    word, as ``"dati -> dari"``."""
    out = []
    for w in _ANY_WORD.findall(text):
        other = lexicon.confusable(w)
        if other is not None:
            out.append(f"{w} -> {other}")
    return out


def unknown_share(text: str, lexicon: Lexicon) -> float:
    """Share of the alphabetic words (4+ letters) of ``text`` not in the lexicon."""
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return sum(not lexicon.is_known(w) for w in words) / len(words)


def document_text(parsed: ParsedDocument) -> str:
    parts = [ln.text for ln in parsed.preamble]
    for b in parsed.blocks:
        parts.extend(ln.text for ln in b.jabatan + b.tugas + b.fungsi)
        for t in b.tables:
            parts.extend(c.text for r in t.rows for c in r)
    return " ".join(parts)


def make_context(parsed: ParsedDocument, source_kind: str | None) -> RowContext:
    lex = get_lexicon()
    flattened = any(t.source == "flattened" for b in parsed.blocks for t in b.tables)
    noisy = flattened or unknown_share(document_text(parsed), lex) > NOISY
    return RowContext(
        repair=lambda text, conf=None: repair_text(text, lex, conf),
        repair_all=noisy,
        is_word=lex.is_known,
        unknown_rate=lambda text: unknown_share(text, lex),
        unknown_words=lambda text: unknown_words(text, lex),
        confusable_words=lambda text: confusable_words(text, lex),
    )
