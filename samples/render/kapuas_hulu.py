"""Kabupaten Kapuas Hulu (seed 000): A4 portrait decree with a Lampiran.

Letterhead and decree preamble (``NOMOR 27 TAHUN 2023``, Menimbang / Mengingat /
MEMUTUSKAN, ``Ditetapkan di Putussibau``), then ``LAMPIRAN I`` and one block per
jabatan (``1. Jabatan : / 2. Tugas Pokok : / 3. Fungsi :`` with ``a.`` items)
flowing one after another, each with a ruled 5-column table whose header repeats
on every page. Rows split at page breaks (the next page starts with a row whose
leading cells are empty), ratios are stacked fractions with ``x 100%`` at the
right, sources and some formulas are ``- item`` lists, and split multi-indicator
cells are printed back as one row with list cells.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

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
    right_block,
    ruled,
    signature,
)
from render.hints import KAPUAS_HULU as H
from render.layout import Layout

COL_WIDTHS = [22, 116, 117, 140, 107]
LAYOUT = Layout(
    name="kapuas_hulu",
    pagesize=A4,
    margins=(45, 36, 45, 45),
    font="LiberationSerif",
    size=10.5,
    cell_size=9,
    col_widths=COL_WIDTHS,
    indicator_col=2,
    formula_col=3,
)
HEADER = ["No", "Sasaran", "Indikator Kinerja", "Penjelasan/Formulasi Perhitungan", "Sumber Data"]
AGENCY = "DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK"

MENIMBANG = [
    "bahwa untuk dapat mengukur kinerja pejabat administrator dan pengawas pada Dinas "
    "Sosial, Pemberdayaan Perempuan dan Perlindungan Anak Kabupaten Kapuas Hulu "
    "diperlukan alat ukur berupa indikator kinerja individu;",
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a diatas, maka perlu "
    "ditetapkan Keputusan Kepala Dinas tentang Indikator Kinerja Individu.",
]
MENGINGAT = [
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah "
    "diubah beberapa kali terakhir dengan Undang-Undang Nomor 9 Tahun 2015;",
    "Peraturan Daerah Kabupaten Kapuas Hulu Nomor 5 Tahun 2021 tentang Rencana "
    "Pembangunan Jangka Menengah Daerah (RPJMD) Kabupaten Kapuas Hulu Tahun 2021-2026;",
    "Peraturan Bupati Kapuas Hulu Nomor 70 Tahun 2022 tentang Kedudukan, Susunan "
    "Organisasi, Tugas dan Fungsi Serta tata Kerja Dinas Sosial, Pemberdayaan Perempuan "
    "dan Perlindungan Anak Kabupaten Kapuas Hulu.",
]
DIKTUM = [
    (
        "KESATU",
        "Indikator Kinerja Individu Dinas Sosial, Pemberdayaan Perempuan dan "
        "Perlindungan Anak Kabupaten Kapuas Hulu sebagaimana tercantum dalam Lampiran yang "
        "merupakan bagian tidak terpisahkan dari Keputusan ini.",
    ),
    (
        "KEDUA",
        "Indikator Kinerja Individu dimanfaatkan sebagai bahan Perencanaan "
        "Strategis, Perencanaan Tahunan dan Penyusunan Dokumen Perjanjian Kinerja.",
    ),
    (
        "KETIGA",
        "Keputusan ini mulai berlaku pada tanggal ditetapkan, dengan ketentuan "
        "bahwa apabila dikemudian hari ternyata terdapat kekeliruan dalam penetapan ini akan "
        "diperbaiki kembali sebagaimana mestinya.",
    ),
]
SIGNER_TITLE = [
    "Kepala Dinas Sosial, Pemberdayaan Perempuan",
    "Dan Perlindungan Anak",
    "Kabupaten Kapuas Hulu,",
]
SIGNER_RANK = "Pembina Utama Muda"


def make_st() -> Styles:
    return make_styles(LAYOUT.font, LAYOUT.size, LAYOUT.cell_size)


def preamble(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    doc = truth["document"]
    year = doc["tahun"]
    letterhead = [
        p("PEMERINTAH KABUPATEN KAPUAS HULU", st.title),
        p("DINAS SOSIAL, PEMBERDAYAAN PEREMPUAN<br/>DAN PERLINDUNGAN ANAK", st.title, True),
        p("Jalan Kom Yos Sudarso Nomor 122 Putussibau Kode Pos 78711", st.center),
        p(
            "Website: https://dissosialp3ap2kb.kapuashulukab.go.id "
            "Email: dissosialp3ap2kb@kapuashulukab.go.id",
            st.center,
        ),
        HRFlowable(width="100%", thickness=2, spaceBefore=3, spaceAfter=1, color="black"),
        HRFlowable(width="100%", thickness=0.6, spaceAfter=10, color="black"),
    ]
    title = [
        p(f"KEPUTUSAN KEPALA {AGENCY}<br/>KABUPATEN KAPUAS HULU", st.title, True),
        Spacer(1, 4),
        p(f"NOMOR {doc['nomor']}", st.title),
        Spacer(1, 4),
        p("TENTANG", st.title),
        p(
            f"PERUBAHAN KEPUTUSAN KEPALA {AGENCY} KABUPATEN KAPUAS HULU NOMOR 30 TAHUN "
            f"{year - 1} TENTANG INDIKATOR KINERJA INDIVIDU {AGENCY} KABUPATEN KAPUAS HULU",
            st.title,
        ),
        Spacer(1, 8),
        p(f"KEPALA {AGENCY}<br/>KABUPATEN KAPUAS HULU,", st.title, True),
        Spacer(1, 8),
    ]
    rows: list[list[Any]] = [
        [p("Menimbang", st.body), p(":", st.body), items(MENIMBANG, st.body_j, "{a}.")],
        [p("Mengingat", st.body), p(":", st.body), items(MENGINGAT, st.body_j, "{n}.")],
        ["", "", p("MEMUTUSKAN :", st.title)],
        [p("Menetapkan", st.body), p(":", st.body), ""],
    ]
    rows += [[p(k, st.body), p(":", st.body), p(v, st.body_j)] for k, v in DIKTUM]
    body = Table(rows, colWidths=[72, 10, width - 82])
    body.setStyle(borderless())
    sign = signature(
        st,
        [
            f"Ditetapkan di {doc['tempat']}",
            f"pada tanggal {format_date(doc['tanggal'])}",
            "",
            *SIGNER_TITLE,
        ],
        doc["penandatangan"],
        [SIGNER_RANK, f"NIP. {format_nip(doc['nip'])}"],
    )
    lampiran = right_block(
        [
            p("LAMPIRAN I", st.body),
            p(f"KEPUTUSAN KEPALA {AGENCY} KABUPATEN KAPUAS HULU", st.body),
            p(f"NOMOR : {doc['nomor']}", st.body),
        ],
        width,
        260,
    )
    return [
        *letterhead,
        *title,
        body,
        Spacer(1, 12),
        KeepTogether(right_block(sign, width, 240)),
        PageBreak(),
        lampiran,
        Spacer(1, 10),
        p("TENTANG", st.title),
        p(f"INDIKATOR KINERJA INDIVIDU PADA {AGENCY} KABUPATEN KAPUAS HULU TAHUN {year}", st.title),
        Spacer(1, 12),
    ]


def _table(pos: dict[str, Any], rows: list[PrintedRow], st: Styles) -> Table:
    list_blocks: frozenset[str] = H.extra["formula_list_blocks"]  # type: ignore[assignment]
    dash_blocks: frozenset[str] = H.extra["dash_source_blocks"]  # type: ignore[assignment]
    header = [p(h, st.head) for h in HEADER]
    data: list[list[Any]] = [header]
    for row in rows:
        if pos["jabatan"] in list_blocks:
            forms = frozenset(i["indikator"] for i in row.indicators)
        else:
            forms = H.list_formula
        srcs = row.sources()
        data.append(
            [
                p(row.no, st.cell_c),
                p(row.sasaran, st.cell),
                indicator_cell(row, st.cell, H.numbered),
                formula_cell(row, st.cell, list_formula=forms),
                items(
                    srcs, st.cell, "-" if len(srcs) > 1 or pos["jabatan"] in dash_blocks else None
                ),
            ]
        )
    fit_cells(data, COL_WIDTHS, 3)
    t = Table(data, colWidths=COL_WIDTHS, repeatRows=1, splitByRow=0, splitInRow=1, hAlign="LEFT")
    t.setStyle(TableStyle(ruled()))
    return t


def block(truth: Truth, pos: dict[str, Any], st: Styles, width: float) -> list[Flowable]:
    fungsi = pos["fungsi"]
    head = Table(
        [
            [p("1.", st.body), p("Jabatan", st.body), p(":", st.body), p(pos["jabatan"], st.body)],
            [
                p("2.", st.body),
                p("Tugas Pokok", st.body),
                p(":", st.body),
                p(pos["tugas"], st.body_j),
            ],
            [p("3.", st.body), p("Fungsi", st.body), p(":", st.body), ""],
            # one row per item so the list can break across pages between items
            *[
                ["", "", "", items([fungsi_text(fungsi, i, ";")], st.body_j, chr(97 + i) + ".")]
                for i in range(len(fungsi))
            ],
        ],
        colWidths=[16, 72, 10, width - 98],
        hAlign="LEFT",
    )
    head.setStyle(borderless())
    return [
        CondPageBreak(160),
        p("INDIKATOR KINERJA INDIVIDU", st.title),
        Spacer(1, 6),
        head,
        Spacer(1, 8),
        _table(pos, group_split_cells(pos["indicators"]), st),
        Spacer(1, 14),
    ]


def closing(truth: Truth, st: Styles, width: float) -> list[Flowable]:
    return []
