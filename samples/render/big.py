"""A long decree for speed benchmarks: one preamble, then the sample layouts'
jabatan blocks repeated (each layout on its own page size) until the page target."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from render.common import Styles, Truth, load_truth, make_doc
from render.layout import Renderer


@dataclass(frozen=True, slots=True)
class BigPdfInfo:
    path: Path
    pages: int
    positions: int
    indicators: int


def _template(mod: Renderer) -> PageTemplate:
    lay = mod.LAYOUT
    left, right, top, bottom = lay.margins
    w, h = lay.pagesize
    frame = Frame(left, bottom, w - left - right, h - top - bottom, id=f"f_{lay.name}")
    return PageTemplate(id=lay.name, frames=[frame], pagesize=lay.pagesize)


def _pages(mod: Renderer, story: list[Flowable]) -> int:
    """Pages ``story`` takes on its own in ``mod``'s layout (rendered in memory)."""
    lay = mod.LAYOUT
    doc = make_doc(io.BytesIO(), lay.pagesize, lay.margins, title="measure")
    doc.build(story)
    return doc.page


def _blocks(mod: Renderer, truth: Truth, st: Styles) -> list[Flowable]:
    """All of a sample's jabatan blocks, starting at the top of a page."""
    story: list[Flowable] = []
    for j, pos in enumerate(truth["positions"]):
        part = mod.block(truth, pos, st, mod.LAYOUT.frame_width)
        if j == 0 and part and isinstance(part[0], PageBreak):
            part = part[1:]
        story += part
    return story


def make_big_pdf(path: Path, pages: int, modules: dict[str, Renderer]) -> BigPdfInfo:
    """Write a decree of at least ``pages`` pages to ``path``: the first layout's
    preamble, then every layout's blocks in turn, repeated. Returns its size."""
    truths = {name: load_truth(name) for name in modules}
    names = list(modules)
    first = modules[names[0]]
    st = {n: modules[n].make_st() for n in names}
    # each layout's group of blocks starts on a fresh page, so its page count is exact
    group_pages = {n: _pages(modules[n], _blocks(modules[n], truths[n], st[n])) for n in names}
    doc = make_doc(path, first.LAYOUT.pagesize, first.LAYOUT.margins, title="Indikator Kinerja")
    doc.pageTemplates = []
    doc.addPageTemplates([_template(modules[n]) for n in names])
    story = first.preamble(truths[names[0]], st[names[0]], first.LAYOUT.frame_width)
    total = _pages(first, list(story))
    n_pos = n_ind = i = 0
    while total < pages:
        name = names[i % len(names)]
        story += [
            NextPageTemplate(name),
            PageBreak(),
            *_blocks(modules[name], truths[name], st[name]),
        ]
        n_pos += len(truths[name]["positions"])
        n_ind += sum(len(p["indicators"]) for p in truths[name]["positions"])
        total += group_pages[name]
        i += 1
    doc.build(story)
    return BigPdfInfo(path=path, pages=doc.page, positions=n_pos, indicators=n_ind)
