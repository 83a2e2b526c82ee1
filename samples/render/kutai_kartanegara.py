"""Kabupaten Kutai Kartanegara (seed 001): A4 landscape, one page (or more) per
jabatan, a signature block under every table, no decree preamble.

Two header forms as in the seed (``1. Jabatan : / 2. Tugas : / 3. Fungsi : /
4. Indikator Kinerja`` and ``PERANGKAT DAERAH : / JABATAN : / TUGAS : / FUNGSI :``),
a ruled 5-column table whose Sasaran heading varies per block (Sasaran Program /
Sub Kegiatan / Aktivitas), numbers repeated inside the indicator cell, No /
Sasaran / Sumber Data cells merged over the rows that share them (drawn by
leaving out the rules between them), and a formula column split into ruled
sub-cells: ``[fraction | x | 100%]``, ``[Jumlah ... | x | 100%]`` or
``[Jumlah ... | / | Tahun]``. Under each table one to three signers side by side
(the holder plus ``Atasan langsung`` / ``Mengetahui``).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from render.common import (
    Indicator,
    Styles,
    Truth,
    borderless,
    fit_cells,
    format_date,
    format_nip,
    fraction,
    fungsi_text,
    is_ratio,
    items,
    make_styles,
    p,
    ratio_suffix,
    runs,
)
from render.hints import KUTAI_KARTANEGARA as H
from render.layout import Layout

MAIN, X_W, PCT_W = 186.0, 16.0, 32.0
COL_WIDTHS = [30, 140, 190, MAIN + X_W + PCT_W, 164]  # logical columns (tests crop these)
PHYS_WIDTHS = [30, 140, 190, MAIN, X_W, PCT_W, 164]  # formula split into three sub-cells
PAD = 3.0
LAYOUT = Layout(
    name="kutai_kartanegara",
    pagesize=landscape(A4),
    margins=(36, 36, 34, 34),
    font="LiberationSansNarrow",
    size=10,
    cell_size=9,
    col_widths=COL_WIDTHS,
    indicator_col=2,
    formula_col=3,
)
HEAD_NUMBERED = [
    "No.",
    "{sasaran}",
    "Indikator Kinerja",
    "Cara Perhitungan / Penjelasan",
    "Sumber Data",
]
HEAD_PERANGKAT = [
    "No",
    "{sasaran}",
    "INDIKATOR KINERJA",
    "PENJELASAN (FORMULASI PERHITUNGAN)",
    "SUMBER DATA",
]
HEADER = HEAD_NUMBERED  # for tests: the numbered form is the common one
BLOCKS: dict[str, dict[str, Any]] = H.extra["blocks"]  # type: ignore[assignment]
IN_WORDS: frozenset[str] = H.extra["in_words"]  # type: ignore[assignment]


def make_st() -> Styles:
    return make_styles(LAYOUT.font, LAYOUT.size, LAYOUT.cell_size)


def preamble(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    doc = truth["document"]
    return [
        Spacer(1, 150),
        p("INDIKATOR KINERJA INDIVIDU", st.title),
        p(f"TAHUN {doc['tahun']}", st.title),
        Spacer(1, 40),
        p("DINAS SOSIAL", st.title),
        p(doc["pemda"].upper(), st.title),
    ]


def _last_line(text: str, st: Styles) -> float:
    """Top padding that puts a sub-cell level with the last line of ``text``."""
    para = Paragraph(text, st.cell)
    _, h = para.wrap(MAIN - 2 * PAD, 10_000)
    return PAD + h - st.cell.leading


def _formula(ind: Indicator, st: Styles) -> tuple[Any, str | None, str | None, float]:
    """(main content, sub-cell 1, sub-cell 2, top padding of the sub-cells)."""
    formula = ind.get("formula")
    if formula is None:
        return "", None, None, PAD
    if is_ratio(ind) and ind.get("indikator") in IN_WORDS:
        return p(f"{ind['pembilang']} dibagi dengan {ind['penyebut']}", st.cell), None, None, PAD
    if is_ratio(ind) and len(ind["penyebut"].split()) == 1:
        # 'Jumlah ... / Tahun': a count per unit, the unit in its own sub-cell
        return p(ind["pembilang"], st.cell), "/", ind["penyebut"], _last_line(ind["pembilang"], st)
    if is_ratio(ind):
        suffix = ratio_suffix(ind)
        frac = fraction({**ind, "formula": f"{ind['pembilang']} / {ind['penyebut']}"}, st.cell)
        if not suffix:
            return frac, None, None, PAD
        # put 'x' and '100%' level with the fraction bar
        num = Paragraph(ind["pembilang"], st.cell_c)
        _, nh = num.wrap(MAIN - 2 * PAD, 10_000)
        x, _, pct = suffix.partition(" ")
        return frac, x, pct, PAD + nh + 2 - st.cell.leading / 2
    if formula.endswith(" x 100%"):
        main = formula[: -len(" x 100%")]
        return p(main, st.cell), "x", "100%", _last_line(main, st)
    return p(formula, st.cell), None, None, PAD


def _table(pos: dict[str, Any], hint: dict[str, Any], st: Styles) -> Table:
    inds: list[Indicator] = pos["indicators"]
    form = hint.get("form", "numbered")
    heads = HEAD_PERANGKAT if form == "perangkat" else HEAD_NUMBERED
    h = [p(t.format(sasaran=hint.get("sasaran", "Sasaran")), st.head) for t in heads]
    data: list[list[Any]] = [[h[0], h[1], h[2], h[3], "", "", h[4]]]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("SPAN", (3, 0), (5, 0)),
        ("BOX", (0, 0), (-1, -1), 0.7, colors.black),
        ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD + 1),
        ("ALIGN", (4, 1), (5, -1), "CENTER"),
    ]
    style += [("LINEAFTER", (c, 0), (c, -1), 0.7, colors.black) for c in range(6)]
    # merged cells: No/Sasaran over rows sharing them, Sumber Data over equal lists
    key_no = [
        ind.get("sasaran") if hint.get("merge_no") else (ind.get("no"), ind.get("sasaran"))
        for ind in inds
    ]
    key_sas = [ind.get("sasaran") for ind in inds]
    key_src = [tuple(ind["sumber_data"]) or None for ind in inds]
    first_of = {c: {a for a, _ in runs(k)} for c, k in ((0, key_no), (1, key_sas), (6, key_src))}
    marker = hint.get("sources", "-")
    inner = hint.get("inner")
    for r, ind in enumerate(inds):
        t = r + 1
        main, sub1, sub2, sub_top = _formula(ind, st)
        name = ind.get("indikator") or ""
        if inner:
            name = f"{r + 1}{'.' if inner == 'dot' else ''} {name}"
        srcs = ind["sumber_data"]
        data.append(
            [
                p(ind.get("no"), st.cell_c) if r in first_of[0] else "",
                p(ind.get("sasaran"), st.cell) if r in first_of[1] else "",
                p(name, st.cell),
                main,
                p(sub1, st.cell_c) if sub1 else "",
                p(sub2, st.cell_c) if sub2 else "",
                items(srcs, st.cell, marker) if srcs and r in first_of[6] else "",
            ]
        )
        if sub1 is None:
            style.append(("SPAN", (3, t), (5, t)))
        else:
            style.append(("TOPPADDING", (4, t), (5, t), sub_top))
        if r + 1 < len(inds):  # the rule under this row, left out where a cell is merged
            merged = {c for c, firsts in first_of.items() if r + 1 not in firsts}
            style += [
                ("LINEBELOW", (c, t), (c, t), 0.7, colors.black)
                for c in range(7)
                if c not in merged
            ]
    fit_cells(data, PHYS_WIDTHS, PAD)
    t = Table(data, colWidths=PHYS_WIDTHS, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(style))
    return t


def _signatures(
    truth: Truth, pos: dict[str, Any], hint: dict[str, Any], st: Styles, width: float
) -> Table | None:
    signers: list[dict[str, Any]] = hint.get("signers", [])
    if not signers:
        return None
    place = truth["document"]["tempat"]
    cols: list[list[Any]] = []
    for s in signers:
        lines: list[Any] = []
        if s["holder"]:
            date = f"{place}, {format_date(pos['tanggal'])}" if pos.get("tanggal") else ""
            name, nip = pos.get("penandatangan"), pos.get("nip")
            nip_text = f"NIP. {format_nip(nip)}" if nip else ""
        else:
            date, name, nip_text = "", s["name"], s["nip"] or ""
        lines.append(p(date, st.center) if date else Spacer(1, st.cell.leading))
        if s["title"]:
            lines.append(p(s["title"], st.center))
        lines.append(Spacer(1, 38))
        if name:
            lines.append(p(f"<u><b>{name}</b></u>", st.center, True))
        if s["rank"]:
            lines.append(p(s["rank"], st.center))
        if nip_text:
            lines.append(p(nip_text, st.center))
        cols.append(lines)
    col_w = min(250.0, width / len(cols))
    pad = width - col_w * len(cols)
    row = ([""] if pad > 1 else []) + cols
    t = Table([row], colWidths=([pad] if pad > 1 else []) + [col_w] * len(cols), hAlign="LEFT")
    t.setStyle(borderless())
    return t


def _header(pos: dict[str, Any], hint: dict[str, Any], st: Styles, width: float) -> Table:
    fungsi = pos["fungsi"]
    f_items = [fungsi_text(fungsi, i) for i in range(len(fungsi))] if len(fungsi) > 1 else fungsi
    if hint.get("form") == "perangkat":
        rows = [
            ["PERANGKAT DAERAH", "DINAS SOSIAL"],
            ["JABATAN", pos["jabatan"]],
            ["TUGAS", pos["tugas"]],
            ["FUNGSI", items(f_items, st.body, "-")],
        ]
    else:
        rows = [
            ["1. Jabatan", pos["jabatan"]],
            ["2. Tugas", pos["tugas"]],
            ["3. Fungsi", items(f_items, st.body, "{n}." if len(fungsi) > 1 else None)],
            ["4. Indikator Kinerja", None],
        ]
    data = [
        [
            p(k, st.body),
            p(":" if v is not None else "", st.body),
            v if isinstance(v, list) else p(v, st.body),
        ]
        for k, v in rows
    ]
    t = Table(data, colWidths=[110, 10, width - 120], hAlign="LEFT")
    t.setStyle(borderless())
    return t


def block(truth: Truth, pos: dict[str, Any], st: Styles, width: float) -> list[Flowable]:
    hint = BLOCKS.get(pos["jabatan"], {})
    out: list[Flowable] = [
        PageBreak(),
        p("INDIKATOR KINERJA INDIVIDU", st.title),
        Spacer(1, 8),
        _header(pos, hint, st, width),
        Spacer(1, 6),
        _table(pos, hint, st),
    ]
    sign = _signatures(truth, pos, hint, st, width)
    if sign is not None:
        out += [Spacer(1, 10), KeepTogether(sign)]
    return out


def closing(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    return []
