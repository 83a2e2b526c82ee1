"""Kota Tanjung Seruni (invented): F4 landscape, **no ruling lines at all**.

Variants it covers that the seeds do not (all seen in real decrees): a table laid
out by text alignment only with generous column gaps; an unnumbered header form
(``NAMA JABATAN :`` / ``TUGAS POKOK :`` / ``FUNGSI :`` with ``1)`` items); a Target
column; multi-indicator cells listed ``- A - B`` and ``1. A 2. B`` with their
formulas listed in the same order; ratios written inline; a stacked fraction with
``x 100%`` misplaced at the end of the numerator; a sasaran printed once for
consecutive rows that share it; tables running over pages with a repeated header.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import landscape
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer, Table, TableStyle

from render.common import (
    PrintedRow,
    Styles,
    Truth,
    borderless,
    fit_cells,
    format_date,
    format_nip,
    formula_cell,
    fungsi_text,
    group_split_cells,
    indicator_cell,
    items,
    make_styles,
    p,
    source_cell,
)
from render.hints import TANJUNG_SERUNI as H
from render.layout import Layout

F4 = (215 * mm, 330 * mm)
HEADER = [
    "No",
    "Sasaran Kegiatan",
    "Indikator Kinerja Individu",
    "Formula / Cara Menghitung",
    "Sumber Data",
    "Target",
]
COL_WIDTHS = [36, 140, 180, 236, 152, 76]
PAD = 8.0  # per side: 16pt of white space between columns

LAYOUT = Layout(
    name="tanjung_seruni",
    pagesize=landscape(F4),
    margins=(48, 48, 42, 42),
    font="DejaVuSerif",
    size=9,
    cell_size=8,
    col_widths=COL_WIDTHS,
    indicator_col=2,
    formula_col=3,
)

PREAMBLE = {
    "menimbang": [
        "bahwa dalam rangka mengukur keberhasilan pelaksanaan tugas dan fungsi setiap "
        "pejabat di lingkungan Dinas Sosial Kota Tanjung Seruni diperlukan indikator "
        "kinerja individu yang terukur;",
        "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
        "menetapkan Keputusan Kepala Dinas Sosial tentang Indikator Kinerja Individu di "
        "Lingkungan Dinas Sosial Kota Tanjung Seruni Tahun 2024;",
    ],
    "mengingat": [
        "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja "
        "Instansi Pemerintah;",
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 6 "
        "Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara;",
        "Peraturan Wali Kota Tanjung Seruni Nomor 41 Tahun 2021 tentang Kedudukan, Susunan "
        "Organisasi, Tugas dan Fungsi serta Tata Kerja Dinas Sosial;",
    ],
    "menetapkan": [
        (
            "KESATU",
            "Indikator Kinerja Individu di Lingkungan Dinas Sosial Kota Tanjung "
            "Seruni Tahun 2024 sebagaimana tercantum dalam Lampiran yang merupakan bagian "
            "tidak terpisahkan dari Keputusan ini.",
        ),
        (
            "KEDUA",
            "Indikator Kinerja Individu sebagaimana dimaksud dalam Diktum KESATU "
            "menjadi dasar penyusunan Sasaran Kinerja Pegawai dan penilaian kinerja pejabat.",
        ),
        ("KETIGA", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
    ],
    "rank": "Pembina Utama Muda",
    "title": "KEPALA DINAS SOSIAL\nKOTA TANJUNG SERUNI,",
}


def _signature(truth: Truth, st: Styles, width: float, with_place: bool) -> Table:
    doc = truth["document"]
    lines: list[str] = []
    if with_place:
        lines += [
            f"Ditetapkan di {doc['tempat']}",
            f"pada tanggal {format_date(doc['tanggal'])}",
            "",
        ]
    lines += [
        *PREAMBLE["title"].split("\n"),
        "",
        "",
        "",
        doc["penandatangan"],
        PREAMBLE["rank"],
        f"NIP. {format_nip(doc['nip'])}",
    ]
    cell = [p(ln, st.body) if ln else Spacer(1, st.size) for ln in lines]
    t = Table([["", cell]], colWidths=[width - 250, 250])
    t.setStyle(borderless())
    return t


def preamble(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    doc = truth["document"]
    out: list[Flowable] = [
        p("PEMERINTAH KOTA TANJUNG SERUNI", st.title),
        p("DINAS SOSIAL", st.title),
        p("Jalan Melati Raya Nomor 17, Tanjung Seruni 71234, Telepon (0511) 772 0145", st.center),
        Spacer(1, 14),
        p("KEPUTUSAN KEPALA DINAS SOSIAL KOTA TANJUNG SERUNI", st.title),
        p(f"NOMOR : {doc['nomor']}", st.center),
        Spacer(1, 6),
        p("TENTANG", st.center),
        p(
            f"INDIKATOR KINERJA INDIVIDU DI LINGKUNGAN DINAS SOSIAL KOTA TANJUNG SERUNI "
            f"TAHUN {doc['tahun']}",
            st.title,
        ),
        Spacer(1, 8),
        p("KEPALA DINAS SOSIAL KOTA TANJUNG SERUNI,", st.center),
        Spacer(1, 8),
    ]
    rows = [
        ["Menimbang", ":", items(PREAMBLE["menimbang"], st.body_j, "{a}.")],
        ["Mengingat", ":", items(PREAMBLE["mengingat"], st.body_j, "{n}.")],
        ["", "", p("MEMUTUSKAN :", st.center)],
        [
            "Menetapkan",
            ":",
            p(
                "KEPUTUSAN KEPALA DINAS SOSIAL TENTANG INDIKATOR KINERJA "
                "INDIVIDU DI LINGKUNGAN DINAS SOSIAL KOTA TANJUNG SERUNI.",
                st.body_j,
            ),
        ],
    ]
    rows += [[k, ":", p(v, st.body_j)] for k, v in PREAMBLE["menetapkan"]]
    t = Table(
        [[p(a, st.body) if isinstance(a, str) else a for a in r[:2]] + [r[2]] for r in rows],
        colWidths=[80, 12, width - 92],
    )
    t.setStyle(borderless())
    out += [t, Spacer(1, 12), _signature(truth, st, width, with_place=True), PageBreak()]
    out += [
        _lampiran_head(truth, st, width),
        Spacer(1, 10),
    ]
    return out


def _lampiran_head(truth: Truth, st: Styles, width: float) -> Table:
    doc = truth["document"]
    lines = [
        "LAMPIRAN KEPUTUSAN KEPALA DINAS SOSIAL",
        "KOTA TANJUNG SERUNI",
        f"NOMOR : {doc['nomor']}",
        f"TANGGAL : {format_date(doc['tanggal'])}",
    ]
    t = Table([["", [p(ln, st.body) for ln in lines]]], colWidths=[width - 260, 260])
    t.setStyle(borderless())
    return t


def _table(rows: list[PrintedRow], st: Styles) -> Table:
    data: list[list[object]] = [[p(h, st.head) for h in HEADER]]
    prev_sasaran: str | None = None
    for row in rows:
        # Unruled tables in the wild print a shared sasaran once, leaving the cell of
        # the following rows blank (the truth copies it onto each).
        sasaran = "" if row.sasaran == prev_sasaran else row.sasaran
        prev_sasaran = row.sasaran
        targets = row.cell_values("target")
        data.append(
            [
                p(f"{row.no}." if row.no else "", st.cell_c),
                p(sasaran, st.cell),
                indicator_cell(row, st.cell, H.numbered),
                formula_cell(
                    row,
                    st.cell,
                    inline=H.inline,
                    misplaced=H.misplaced,
                    numbered=H.numbered,
                    null_text="-",
                ),
                source_cell(row, st.cell),
                p(targets[0], st.cell_c) if len(targets) == 1 else items(targets, st.cell_c),
            ]
        )
    fit_cells(data, COL_WIDTHS, PAD)
    t = Table(data, colWidths=COL_WIDTHS, repeatRows=1, splitByRow=0, splitInRow=1, hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 9),
            ]
        )
    )
    return t


def block(truth: Truth, pos: dict, st: Styles, width: float) -> list[Flowable]:
    label_w = 95
    head = Table(
        [
            [p("NAMA JABATAN", st.body), p(":", st.body), p(pos["jabatan"], st.body)],
            [p("TUGAS POKOK", st.body), p(":", st.body), p(pos["tugas"], st.body_j)],
            [
                p("FUNGSI", st.body),
                p(":", st.body),
                items(
                    [fungsi_text(pos["fungsi"], i) for i in range(len(pos["fungsi"]))],
                    st.body_j,
                    "{n})",
                ),
            ],
        ],
        colWidths=[label_w, 10, width - label_w - 10],
        hAlign="LEFT",
    )
    head.setStyle(borderless())
    rows = group_split_cells(pos["indicators"])
    return [
        CondPageBreak(120),
        p("INDIKATOR KINERJA INDIVIDU (IKI)", st.title),
        p(f"DINAS SOSIAL KOTA TANJUNG SERUNI TAHUN {truth['document']['tahun']}", st.title),
        Spacer(1, 8),
        head,
        Spacer(1, 8),
        _table(rows, st),
        Spacer(1, 16),
    ]


def closing(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    return [CondPageBreak(140), _signature(truth, st, width, with_place=False)]


def make_st() -> Styles:
    return make_styles(LAYOUT.font, LAYOUT.size, LAYOUT.cell_size)
