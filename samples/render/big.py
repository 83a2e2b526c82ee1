"""A long decree for speed benchmarks: one preamble, then the sample layouts'
jabatan blocks repeated (each layout on its own page size) until the page target."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate

from render.common import Truth, load_truth, make_doc
from render.layout import Renderer, render


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


def _body_pages(mod: Renderer, truth: Truth) -> float:
    """Pages one pass over a sample's blocks takes (rendered once, in memory)."""
    return max(render(mod, truth, io.BytesIO()) - 1.0, 1.0)  # minus the preamble, roughly


def make_big_pdf(path: Path, pages: int, modules: dict[str, Renderer]) -> BigPdfInfo:
    """Write a decree of at least ``pages`` pages to ``path``: the first layout's
    preamble, then every layout's blocks in turn, repeated. Returns its size."""
    truths = {name: load_truth(name) for name in modules}
    names = list(modules)
    first = modules[names[0]]
    est = {name: _body_pages(modules[name], truths[name]) for name in names}
    doc = make_doc(
        path, first.LAYOUT.pagesize, first.LAYOUT.margins, title="Indikator Kinerja - big"
    )
    doc.pageTemplates = []
    doc.addPageTemplates([_template(modules[n]) for n in names])
    story: list[Flowable] = []
    st = {n: modules[n].make_st() for n in names}
    story += first.preamble(truths[names[0]], st[names[0]], first.LAYOUT.frame_width)
    total, n_pos, n_ind, i = 1.0, 0, 0, 0
    while total < pages:
        name = names[i % len(names)]
        mod, truth = modules[name], truths[name]
        story += [NextPageTemplate(name), PageBreak()]
        for j, pos in enumerate(truth["positions"]):
            part = mod.block(truth, pos, st[name], mod.LAYOUT.frame_width)
            if j == 0 and part and isinstance(part[0], PageBreak):
                part = part[1:]
            story += part
            n_pos += 1
            n_ind += len(pos["indicators"])
        total += est[name]
        i += 1
    doc.build(story)
    return BigPdfInfo(path=path, pages=doc.page, positions=n_pos, indicators=n_ind)
