"""A layout's page geometry and fonts, and the driver that renders one sample."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from reportlab.platypus import Flowable

from render.common import Styles, Truth, make_doc


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    pagesize: tuple[float, float]
    margins: tuple[float, float, float, float]
    """``(left, right, top, bottom)`` in points."""
    font: str
    size: float
    cell_size: float
    col_widths: Sequence[float]
    indicator_col: int
    """Index of the indicator column (tests crop the text layer to it)."""
    formula_col: int
    """Index of the formula / penjelasan column."""

    @property
    def frame_width(self) -> float:
        left, right, _, _ = self.margins
        return self.pagesize[0] - left - right - 12  # Frame pads 6pt each side

    def column_span(self, col: int, x0: float | None = None) -> tuple[float, float]:
        """``(x0, x1)`` of a table column on the page, for a left-aligned table."""
        start = (self.margins[0] + 6) if x0 is None else x0
        left = start + sum(self.col_widths[:col])
        return left, left + self.col_widths[col]


class Renderer(Protocol):
    """What each layout module provides."""

    LAYOUT: Layout

    def make_st(self) -> Styles: ...

    def preamble(self, truth: Truth, st: Styles, width: float) -> list[Flowable]: ...

    def block(
        self, truth: Truth, pos: dict[str, Any], st: Styles, width: float
    ) -> list[Flowable]: ...

    def closing(self, truth: Truth, st: Styles, width: float) -> list[Flowable]: ...


def build_story(mod: Renderer, truth: Truth, st: Styles) -> list[Flowable]:
    width = mod.LAYOUT.frame_width
    story = mod.preamble(truth, st, width)
    for pos in truth["positions"]:
        story += mod.block(truth, pos, st, width)
    return story + mod.closing(truth, st, width)


def render(mod: Renderer, truth: Truth, out: Path | BinaryIO) -> int:
    """Render ``truth`` with layout module ``mod`` to a file or stream; returns the page count."""
    lay = mod.LAYOUT
    if isinstance(out, Path):
        out.parent.mkdir(parents=True, exist_ok=True)
    doc = make_doc(out, lay.pagesize, lay.margins, title=f"Indikator Kinerja - {lay.name}")
    doc.build(build_story(mod, truth, mod.make_st()))
    return doc.page
