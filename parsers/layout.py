"""One page -> its content in reading order: text lines and tables.

Ruled tables come from the page's edges (:mod:`parsers.grid`); tables without
ruling lines from word alignment (:mod:`parsers.aligned`); the rest of the words
become line segments. Page furniture (page numbers) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.pages import Page
from domain.structure import Line, Table
from parsers import aligned, grid
from parsers.lines import keyed_lines, word_height

Item = Line | Table

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?\d{1,3}(?:\s*[-–—])?$|^(?:halaman|hal\.?|page)\s*\d+(?:\s*(?:dari|/|of)\s*\d+)?$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class LayoutState:
    """What one page tells the next: the column layout of an unruled table that
    may continue over the page break."""

    open_columns: aligned.Columns | None = None
    tables_seen: int = 0
    notes: list[str] = field(default_factory=list)


def page_items(page: Page, state: LayoutState | None = None) -> list[Item]:
    """Lines and tables of ``page`` sorted top to bottom."""
    state = state or LayoutState()
    if page.source == "failed" or not page.words:
        return []
    settings = grid.SCAN if page.source == "ocr" else grid.TEXT_LAYER
    words = list(page.words)
    tables: list[Table] = []
    for rows in grid.find_grids(page.edges, settings):
        table, words = grid.fill_grid(rows, words, page.edges, page)
        if any(not c.is_empty for r in table.rows for c in r):
            tables.append(table)
    res = aligned.find_tables_state(words, page, state.open_columns if not tables else None)
    words = res.rest
    tables.extend(res.tables)
    state.open_columns = res.open_columns
    state.tables_seen += len(tables)
    gap = 2.5 * word_height(page.words)
    keyed: list[tuple[float, float, Item]] = [
        (key, ln.bbox[0] if ln.bbox else 0.0, ln)
        for key, ln in keyed_lines(words, page.number, split_gap=gap)
        if not _furniture(ln, page)
    ]
    # a table goes before the first row whose centre lies below the table's top
    keyed += [(t.bbox[1] if t.bbox else 0.0, t.bbox[0] if t.bbox else 0.0, t) for t in tables]
    keyed.sort(key=lambda k: (k[0], k[1]))
    items: list[Item] = [it for _, _, it in keyed]
    if page.source == "text":
        _drop_words(items)
    return items


def _drop_words(items: list[Item]) -> None:
    """Text-layer words carry no confidence and their lines keep a bbox: once laid
    out they are not needed, and dropping them keeps memory flat on long PDFs."""
    for it in items:
        if isinstance(it, Line):
            it.words = []
        else:
            for row in it.rows:
                for cell in row:
                    for ln in cell.lines:
                        ln.words = []


def _furniture(line: Line, page: Page) -> bool:
    """Page numbers in the top or bottom margin."""
    if not line.bbox or not _PAGE_NUMBER.match(line.text.strip()):
        return False
    margin = 0.1 * page.height
    return line.bbox[1] < margin or line.bbox[3] > page.height - margin
