"""Kabupaten Sampang (seed 003): A4 portrait, one IKI per jabatan, no preamble.

``INDIKATOR KINERJA INDIVIDU (IKI)``, ``1. JABATAN : / 2. TUGAS : / 3. FUNGSI :``
(a TUGAS printed as a lettered list with an empty FUNGSI in one block, as in the
seed), a ruled **4-column** table (no No column) with the **"1 2 3 4"
column-number row** under the header, sasaran cells **spanning** the rows that
share them, stacked fractions with and without ``x 100%`` (``Σ`` sums kept), ``-``
for a missing formula, and one closing signature after the last table.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from render.common import (
    PrintedRow,
    Styles,
    Truth,
    borderless,
    fit_cells,
    format_nip,
    formula_cell,
    fungsi_text,
    group_split_cells,
    indicator_cell,
    items,
    make_styles,
    p,
    ruled,
    runs,
    source_cell,
)
from render.layout import Layout

COL_WIDTHS = [118, 128, 190, 68]
LAYOUT = Layout(
    name="sampang",
    pagesize=A4,
    margins=(45, 40, 45, 45),
    font="DejaVuSans",
    size=9,
    cell_size=8,
    col_widths=COL_WIDTHS,
    indicator_col=1,
    formula_col=2,
)
HEADER = [
    "Sasaran / Kinerja Utama",
    "Indikator Kinerja",
    "Penjelasan / Formulasi Penghitungan",
    "SumberData",
]
SIGNER = {
    "title": [
        "KEPALA DINAS SOSIAL PEMBERDAYAAN",
        "PEREMPUAN DAN PERLINDUNGAN ANAK",
        "KABUPATEN SAMPANG",
    ],
    "rank": "Pembina Utama Muda",
}


def make_st() -> Styles:
    return make_styles(LAYOUT.font, LAYOUT.size, LAYOUT.cell_size)


def preamble(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    return []  # the seed starts straight with the first IKI


def split_list(text: str) -> list[str]:
    """Items of a tugas printed as a ``;``-separated list (the truth joined them):
    each ends with ``;`` or ``; dan``, the last with ``.``."""
    return re.split(r"(?<=;)\s+(?!dan\s)|(?<=;\sdan)\s+", text)


def _table(rows: list[PrintedRow], st: Styles) -> Table:
    data: list[list[Any]] = [
        [p(h, st.head) for h in HEADER],
        [p(str(i), st.cell_c) for i in range(1, 5)],
    ]
    for row in rows:
        has_ind = row.first.get("indikator") is not None
        data.append(
            [
                p(row.sasaran, st.cell),
                indicator_cell(row, st.cell, frozenset()) if has_ind else "",
                formula_cell(row, st.cell, null_text="-" if has_ind else ""),
                source_cell(row, st.cell),
            ]
        )
    style = ruled(header_rows=2)
    style.append(("BACKGROUND", (0, 1), (-1, 1), None))
    for a, b in runs([r.sasaran for r in rows]):
        if b > a:
            style.append(("SPAN", (0, a + 2), (0, b + 2)))
    fit_cells(data, COL_WIDTHS, 3)
    t = Table(data, colWidths=COL_WIDTHS, repeatRows=2, hAlign="LEFT")
    t.setStyle(TableStyle(style))
    return t


def block(truth: Truth, pos: dict[str, Any], st: Styles, width: float) -> list[Flowable]:
    tugas = pos["tugas"] or ""
    fungsi = pos["fungsi"]
    as_list = tugas.count("; ") >= 2  # the Ka. Sub Bagian Umum block lists its tugas
    tugas_cell: Any = (
        items(split_list(tugas), st.body_j, "{a}.") if as_list else p(tugas, st.body_j)
    )
    fungsi_cell = items([fungsi_text(fungsi, i) for i in range(len(fungsi))], st.body_j, "{a}.")
    head = Table(
        [
            [p("1.", st.body), p("JABATAN", st.body), p(":", st.body), p(pos["jabatan"], st.body)],
            [p("2.", st.body), p("TUGAS", st.body), p(":", st.body), "" if as_list else tugas_cell],
            *([["", "", "", tugas_cell]] if as_list else []),
            [p("3.", st.body), p("FUNGSI", st.body), p(":", st.body), ""],
            ["", "", "", fungsi_cell],
        ],
        colWidths=[16, 58, 10, width - 84],
        hAlign="LEFT",
    )
    head.setStyle(borderless())
    return [
        PageBreak() if pos is not truth["positions"][0] else Spacer(1, 0),
        p("INDIKATOR KINERJA INDIVIDU (IKI)", st.title),
        Spacer(1, 10),
        head,
        Spacer(1, 10),
        _table(group_split_cells(pos["indicators"]), st),
    ]


def closing(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    doc = truth["document"]
    lines = [p(ln, st.center) for ln in SIGNER["title"]] + [
        Spacer(1, 42),
        p(f"<u><b>{doc['penandatangan']}</b></u>", st.center, True),
        p(SIGNER["rank"], st.center),
        p(f"NIP. {format_nip(doc['nip'])}", st.center),
    ]
    t = Table([["", lines]], colWidths=[width - 250, 250])
    t.setStyle(borderless())
    return [Spacer(1, 16), CondPageBreak(130), t]
