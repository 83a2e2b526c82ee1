"""Page-level values produced by the input adapters (ingest) and read by the parsers.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's
convention: ``x0, top, x1, bottom``). OCR adapters convert pixel boxes to points, so
every later stage works in one coordinate system whatever the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BBox = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in PDF points."""


def union_bbox(boxes: list[BBox]) -> BBox:
    """The smallest box holding all of ``boxes`` (not empty)."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


PageSource = Literal["text", "ocr", "failed"]


@dataclass(slots=True)
class Word:
    """One word with its box and, for OCR, its confidence (0..100)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Edge:
    """A ruling line segment: drawn in the PDF, or detected in a scanned image."""

    x0: float
    top: float
    x1: float
    bottom: float
    orientation: Literal["h", "v"]

    def as_dict(self) -> dict[str, float | str]:
        """The dict form pdfplumber's table functions take."""
        return {
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "width": self.x1 - self.x0,
            "height": self.bottom - self.top,
            "orientation": self.orientation,
        }


@dataclass(slots=True)
class Page:
    """One page as the parsers see it: words and ruling lines, from either source.

    ``source`` is ``text`` for a usable PDF text layer, ``ocr`` for a page read by
    tesseract, ``failed`` when the page could not be read (``error`` says why).
    """

    number: int
    width: float
    height: float
    source: PageSource
    words: list[Word] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    error: str | None = None
    rotation: int = 0
    """Degrees the page image was rotated (clockwise) to make it upright."""
