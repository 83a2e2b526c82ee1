"""Kabupaten Barito Kuala (seed 002): A4 landscape IKU review decree.

Cover page, letterhead and decree preamble (``Nomor : 460/ 044 /DISSOS/2021``,
``Ditetapkan di : Marabahan``), then one page per Kepala Bidang: the agency
heading, ``Nama Organisasi : / Jabatan : / Tugas :`` with lettered items, the
``INDIKATOR KINERJA (IK) ... TAHUN 2021`` title and a ruled **7-column** table whose
No, Sasaran and Penanggung Jawab cells **span** the rows that share them (merged
cells, as in the original). Ratios are written inline (``A / B x 100%``).
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from render.common import (
    PrintedRow,
    Styles,
    Truth,
    borderless,
    fit_cells,
    format_date,
    group_split_cells,
    items,
    make_styles,
    p,
    ruled,
    runs,
)
from render.hints import BARITO_KUALA as H
from render.layout import Layout

COL_WIDTHS = [30, 112, 122, 122, 170, 112, 82]
LAYOUT = Layout(
    name="barito_kuala",
    pagesize=landscape(A4),
    margins=(40, 40, 40, 40),
    font="LiberationSans",
    size=10,
    cell_size=8.5,
    col_widths=COL_WIDTHS,
    indicator_col=2,
    formula_col=4,
)

MENIMBANG = [
    "Bahwa dalam rangka memaksimalkan kinerja organisasi agar suatu kinerja dapat "
    "ditingkatkan dan diukur, maka perlu ditetapkan Indikator Kinerja Utama (IKU) Dinas "
    "Sosial Kabupaten Barito Kuala Tahun 2021",
    "Bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a perlu ditetapkan "
    "dengan keputusan Kepala Dinas Sosial Kabupaten Barito Kuala.",
]
MENGINGAT = [
    "Undang-Undang Nomor 28 Tahun 1999 Tentang Penyelenggaraan Negara yang Bersih dan "
    "Bebas dari Korupsi, Kolusi dan Nepotisme;",
    "Peraturan Presiden Republik Indonesia Nomor 29 Tahun 2014 Tentang Sistem "
    "Akuntabilitas Kinerja Instansi Pemerintah (SAKIP);",
    "Peraturan Daerah Kabupaten Barito Kuala Nomor 2 Tahun 2018 tentang RPJMD Kabupaten "
    "Barito Kuala Tahun 2017-2022;",
    "Peraturan Bupati Barito Kuala Nomor 9 Tahun 2017 tentang Uraian Tugas Unsur-unsur "
    "Organisasi Dinas Sosial;",
]
DIKTUM = [
    (
        "PERTAMA",
        "Penetapan Indikator Kinerja Utama (IKU) Dinas Sosial Kabupaten Barito Kuala Tahun 2021.",
    ),
    (
        "KEDUA",
        "Keputusan ini dinyatakan berlaku sejak tanggal ditetapkan dengan ketentuan "
        "apabila terdapat kekeliruan dalam keputusan ini akan diperbaiki sebagaimana mestinya.",
    ),
]
HEADER = [
    "No.",
    "{sasaran}",
    "INDIKATOR KINERJA UTAMA",
    "ALASAN MEMILIH INDIKATOR",
    "FORMULASI PERHITUNGAN",
    "PENANGGUNG JAWAB",
    "SUMBER DATA",
]


def make_st() -> Styles:
    return make_styles(LAYOUT.font, LAYOUT.size, LAYOUT.cell_size)


def _agency(st: Styles) -> list[Flowable]:
    return [p("PEMERINTAH KABUPATEN BARITO KUALA", st.title), p("DINAS SOSIAL", st.title)]


def preamble(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    doc = truth["document"]
    cover = [
        Spacer(1, 120),
        p("<b>INDIKATOR KINERJA UTAMA (IKU)<br/>DAN<br/>INDIKATOR KINERJA</b>", st.title, True),
        Spacer(1, 60),
        p("DINAS SOSIAL", st.title),
        p("KABUPATEN BARITO KUALA", st.title),
        p("TAHUN 2017 - 2022", st.title),
        PageBreak(),
    ]
    head = [
        *_agency(st),
        p(
            "Jalan Jendral Sudirman 79, Komplek Perkantoran Marabahan (70513) Telp. (0511) 4799940",
            st.center,
        ),
        p("KALIMANTAN SELATAN", st.title),
        Spacer(1, 12),
        p("KEPUTUSAN KEPALA DINAS SOSIAL", st.title),
        p("KABUPATEN BARITO KUALA", st.title),
        Spacer(1, 4),
        p(f"Nomor : {doc['nomor']}", st.center),
        Spacer(1, 4),
        p("TENTANG", st.center),
        p(
            "REVIU PENETAPAN INDIKATOR KINERJA UTAMA (IKU)<br/>DINAS SOSIAL<br/>"
            f"KABUPATEN BARITO KUALA TAHUN {doc['tahun']}",
            st.title,
            True,
        ),
        Spacer(1, 6),
        p("DENGAN RAHMAT TUHAN YANG MAHA ESA", st.center),
        p("KEPALA DINAS SOSIAL", st.center),
        Spacer(1, 6),
    ]
    rows: list[list[Any]] = [
        [p("Menimbang", st.body), p(":", st.body), items(MENIMBANG, st.body_j, "{a}.")],
        [p("Mengingat", st.body), p(":", st.body), items(MENGINGAT, st.body_j, "{n}.")],
        ["", "", p("MEMUTUSKAN :", st.center)],
        [p("Menetapkan,", st.body), "", ""],
    ]
    rows += [[p(k, st.body), p(":", st.body), p(v, st.body_j)] for k, v in DIKTUM]
    body = Table(rows, colWidths=[90, 12, width - 102])
    body.setStyle(borderless())
    sign_lines = Table(
        [
            [p("Ditetapkan di", st.body), p(":", st.body), p(doc["tempat"], st.body)],
            [p("Pada tanggal", st.body), p(":", st.body), p(format_date(doc["tanggal"]), st.body)],
        ],
        colWidths=[75, 10, 150],
    )
    sign_lines.setStyle(borderless())
    sign = [
        sign_lines,
        Spacer(1, 8),
        p("KEPALA DINAS SOSIAL,", st.body),
        Spacer(1, 40),
        p(f"<u>{doc['penandatangan']}</u>", st.body, True),
        p(f"NIP. {doc['nip']}", st.body),
    ]
    outer = Table([["", sign]], colWidths=[width - 250, 250])
    outer.setStyle(borderless())
    return [*cover, *head, body, Spacer(1, 8), outer]


def split_tugas(tugas: str) -> list[str]:
    """The lettered items of a tugas the truth joined: each item is a sentence ending
    in ``.`` and the next starts with a capital (``Menyusun``, ``Menyajikan`` ...)."""
    return re.split(r"(?<=\.)\s+(?=[A-Z])", tugas)


def _table(rows: list[PrintedRow], sasaran_head: str, st: Styles) -> Table:
    header = [p(h.format(sasaran=sasaran_head), st.head) for h in HEADER]
    data: list[list[Any]] = [header]
    for row in rows:
        ind = row.first
        data.append(
            [
                p(row.no, st.cell_c),
                p(row.sasaran, st.cell),
                p(ind.get("indikator"), st.cell),
                p(ind.get("alasan"), st.cell),
                p(ind.get("formula"), st.cell),
                p(ind.get("penanggung_jawab"), st.cell),
                items(ind["sumber_data"], st.cell, "-" if len(ind["sumber_data"]) > 1 else None),
            ]
        )
    style = ruled()
    # Merged cells: No and Sasaran span the rows of one numbered objective; the
    # Penanggung Jawab column is merged the same way when it repeats.
    keys = [(r.no, r.sasaran) if r.no is not None else None for r in rows]
    for a, b in runs(keys):
        if b > a:
            style += [("SPAN", (0, a + 1), (0, b + 1)), ("SPAN", (1, a + 1), (1, b + 1))]
            pj = [r.first.get("penanggung_jawab") for r in rows[a : b + 1]]
            if all(v == pj[0] for v in pj):
                style.append(("SPAN", (5, a + 1), (5, b + 1)))
    fit_cells(data, COL_WIDTHS, 3)
    t = Table(data, colWidths=COL_WIDTHS, repeatRows=1, hAlign="LEFT")
    t.setStyle(TableStyle(style))
    return t


def block(truth: Truth, pos: dict[str, Any], st: Styles, width: float) -> list[Flowable]:
    tugas = pos["tugas"] or ""
    tugas_cell = items(split_tugas(tugas), st.body_j, "{a}.") if tugas else []
    head = Table(
        [
            [
                p("Nama Organisasi", st.body),
                p(":", st.body),
                p(truth["document"]["instansi"], st.body),
            ],
            [p("Jabatan", st.body), p(":", st.body), p(pos["jabatan"], st.body)],
            [p("Tugas", st.body), p(":", st.body), ""],
            ["", "", tugas_cell],
        ],
        colWidths=[95, 10, width - 105],
        hAlign="LEFT",
    )
    head.setStyle(borderless())
    # Every indicator is its own printed row here: shared No/Sasaran are merged cells.
    rows = group_split_cells(pos["indicators"], same_cell=lambda a, b: False)
    sasaran_head = H.extra.get("sasaran_header", {}).get(pos["jabatan"], "SASARAN")
    return [
        PageBreak(),
        *_agency(st),
        Spacer(1, 10),
        head,
        Spacer(1, 10),
        KeepTogether(
            [
                p("INDIKATOR KINERJA (IK)", st.title),
                p("DINAS SOSIAL KABUPATEN BARITO KUALA", st.title),
                p(f"TAHUN {truth['document']['tahun']}", st.title),
                Spacer(1, 8),
                _table(rows, sasaran_head, st),
            ]
        ),
    ]


def closing(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    return []
