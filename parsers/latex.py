"""LaTeX math from text dumps (``$...$``) to plain text and cell lines.

PDF-to-markdown converters write a stacked fraction as ``$\\frac{\\text{A}}{\\text{B}}
\\times 100\\%$`` (Sampang, Kapuas Hulu). The normalisers want the visual structure
of the printed cell, so a top-level fraction becomes three lines: numerator, a rule
(:meth:`Line.rule`), denominator; text before and after it becomes lines of its own
(``x 100%``). Math without a fraction (``$1/3 (Ipar+IDM+Lin-Dist)$``) stays inline
text. Nothing here raises: unbalanced braces and unknown commands give best effort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.structure import Line

# Commands rendered as a symbol; padded with spaces so ``\times100`` reads ``x 100``.
_SYMBOLS: dict[str, str] = {
    "times": "x",
    "cdot": "x",
    "div": "/",
    "sum": "Σ",
    "prod": "Π",
    "pm": "±",
    "leq": "≤",
    "le": "≤",
    "geq": "≥",
    "ge": "≥",
    "neq": "≠",
    "ne": "≠",
    "approx": "≈",
    "rightarrow": "→",
    "to": "→",
    "infty": "∞",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "Delta": "Δ",
    "mu": "μ",
    "pi": "π",
    "sigma": "σ",
    "Sigma": "Σ",
}
# Single-character escapes: ``\%`` -> ``%``; spacing commands -> a space.
_ESCAPES: dict[str, str] = {"%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}"}
_SPACES = {",", ";", ":", "!", " ", "quad", "qquad", "enspace", "thinspace", "space"}
# Commands whose argument is shown as is (text, fonts, decorations).
_UNWRAP = {
    "text",
    "textrm",
    "textbf",
    "textit",
    "textnormal",
    "mathrm",
    "mathbf",
    "mathit",
    "mathsf",
    "mathtt",
    "operatorname",
    "mbox",
    "hbox",
    "boldsymbol",
    "overline",
    "underline",
    "emph",
}
_FRACS = {"frac", "dfrac", "tfrac", "cfrac"}
_LIMIT_OPS = {"sum", "prod"}
_ONLY_DASHES = re.compile(r"^[\s\-_─—–=.]*$")
_NAME = re.compile(r"[A-Za-z]+")


@dataclass(slots=True)
class Fraction:
    """A stacked fraction: numerator over denominator, both plain text."""

    num: str
    den: str


Piece = str | Fraction


class _MathReader:
    """A tiny recursive-descent reader over one LaTeX math string."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def read_sequence(self, stop: str | None = None) -> list[Piece]:
        """Read pieces until ``stop`` (``}``) or the end; fractions kept structured."""
        out: list[Piece] = []
        while self.pos < len(self.src):
            ch = self.src[self.pos]
            if stop is not None and ch == stop:
                self.pos += 1
                return out
            if ch == "{":
                self.pos += 1
                out.extend(self.read_sequence("}"))
            elif ch == "}":
                self.pos += 1  # unbalanced closing brace: skip it
            elif ch == "\\":
                out.extend(self._command())
            elif ch in "^_":
                self.pos += 1
                out.append(self._arg_text())  # x^2 -> x2: superscripts are rare in decrees
            elif ch == "~":
                self.pos += 1
                out.append(" ")
            else:
                out.append(ch)
                self.pos += 1
        return out

    def _arg_pieces(self) -> list[Piece]:
        """One argument: a ``{group}``, a command, or a single character."""
        while self.pos < len(self.src) and self.src[self.pos].isspace():
            self.pos += 1
        if self.pos >= len(self.src):
            return []
        ch = self.src[self.pos]
        if ch == "{":
            self.pos += 1
            return self.read_sequence("}")
        if ch == "\\":
            return self._command()
        if ch == "}":
            return []
        self.pos += 1
        return [ch]

    def _arg_text(self) -> str:
        return flatten(self._arg_pieces())

    def _command(self) -> list[Piece]:
        self.pos += 1  # the backslash
        m = _NAME.match(self.src, self.pos)
        if m is None:  # \% \, \\ \{ or a trailing backslash
            if self.pos >= len(self.src):
                return []
            ch = self.src[self.pos]
            self.pos += 1
            if ch in _ESCAPES:
                return [_ESCAPES[ch]]
            return [" "] if ch in _SPACES or ch == "\\" else []
        name = m.group()
        self.pos = m.end()
        if name in _FRACS:
            num = self._arg_text()
            return [Fraction(num, self._arg_text())]
        if name == "sqrt":
            return ["√", self._arg_text()]
        if name in _UNWRAP:
            return self._arg_pieces()
        if name in _SYMBOLS:
            if name in _LIMIT_OPS:
                self._skip_limits()
            return [f" {_SYMBOLS[name]} "]
        if name in _SPACES:
            return [" "]
        if name in ("begin", "end"):
            self._arg_text()  # environment name: \begin{array} ... dropped, body kept
            return [" "]
        # \left, \big, \displaystyle and unknown commands vanish; what follows stays
        return []

    def _skip_limits(self) -> None:
        """Drop ``_{i=1}^{n}`` after a big operator: the decree's text never needs them."""
        while True:
            while self.pos < len(self.src) and self.src[self.pos] == " ":
                self.pos += 1
            if self.pos < len(self.src) and self.src[self.pos] in "^_":
                self.pos += 1
                self._arg_pieces()
            else:
                return


def flatten(pieces: list[Piece]) -> str:
    """Pieces as one line of text; a nested fraction is written ``A / B``."""
    parts = [p if isinstance(p, str) else f"{p.num} / {p.den}" for p in pieces]
    return _collapse("".join(parts))


def parse_math(src: str) -> list[Piece]:
    """Top-level pieces of a math string: runs of text, and fractions."""
    try:
        pieces = _MathReader(src).read_sequence()
    except RecursionError:  # absurdly nested braces: fall back to the raw text
        return [_collapse(src)]
    out: list[Piece] = []
    for p in pieces:
        if isinstance(p, Fraction):
            out.append(Fraction(_collapse(p.num), _collapse(p.den)))
        elif out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return out


def has_fraction(src: str) -> bool:
    """True when the math string contains a top-level stacked fraction."""
    return any(isinstance(p, Fraction) for p in parse_math(src))


def math_inline(src: str) -> str:
    """Math as inline text (for math without a stacked fraction)."""
    return flatten(parse_math(src))


def math_lines(src: str) -> list[Line]:
    """Math as cell lines: a fraction -> numerator, rule, denominator.

    A numerator (or denominator) of dashes only is dropped: converters turn a
    fraction printed as ``<p>NUM</p> ----- / DEN`` into ``\\frac{-----}{DEN}``, the
    numerator being in the paragraph before (Kapuas Hulu), so the rule is enough.
    """
    lines: list[Line] = []
    for piece in parse_math(src):
        if isinstance(piece, Fraction):
            if not _ONLY_DASHES.match(piece.num):
                lines.append(Line(piece.num))
            lines.append(Line.rule())
            if not _ONLY_DASHES.match(piece.den):
                lines.append(Line(piece.den))
        elif text := _collapse(piece):
            lines.append(Line(text))
    return lines


def _collapse(text: str) -> str:
    return " ".join(text.split())
