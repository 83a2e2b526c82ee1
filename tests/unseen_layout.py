"""A decree layout none of the samples use, rendered inside a test: a Badan of a
Kota, a "Nama Jabatan" / "Uraian Tugas" header, a Satuan column, "Definisi
Operasional / Formula", "Target 2024", ratios written "(A : B) x 100%" and
"A dibagi B x 100%"."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BODY = ParagraphStyle("b", fontName="Helvetica", fontSize=8, leading=10)
HEAD = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=8, leading=10, alignment=1)
TITLE = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)
COLUMNS = [
    "NO",
    "TUJUAN / SASARAN",
    "INDIKATOR KINERJA",
    "SATUAN",
    "DEFINISI OPERASIONAL / FORMULA",
    "SUMBER DATA",
    "TARGET 2024",
]
BLOCKS = [
    (
        "Kepala Bidang Perencanaan Ekonomi",
        "Memimpin penyusunan rencana pembangunan bidang ekonomi daerah.",
        [
            [
                "1.",
                "Meningkatnya kualitas perencanaan ekonomi",
                "Persentase program ekonomi yang selaras dengan RPJMD",
                "%",
                "(Jumlah program ekonomi yang selaras : Jumlah program ekonomi) x 100%",
                "Dokumen Renja Perangkat Daerah",
                "90",
            ],
            [
                "2.",
                "Tersusunnya kajian ekonomi daerah",
                "Jumlah kajian ekonomi yang diselesaikan",
                "Dokumen",
                "Jumlah kajian yang ditetapkan Kepala Badan",
                "Laporan Kajian",
                "2",
            ],
        ],
    ),
    (
        "Kepala Sub Bidang Data dan Evaluasi",
        "Mengelola data pembangunan dan evaluasi kinerja.",
        [
            [
                "1.",
                "Tersedianya data pembangunan yang mutakhir",
                "Indeks kualitas data pembangunan",
                "Indeks",
                "Nilai hasil penilaian Satu Data Indonesia tingkat kota",
                "Laporan Satu Data",
                "3,5",
            ],
            [
                "2.",
                "Terlaksananya evaluasi RKPD",
                "Persentase perangkat daerah yang dievaluasi tepat waktu",
                "%",
                "Jumlah PD yang dievaluasi tepat waktu dibagi jumlah seluruh PD x 100%",
                "Laporan Evaluasi RKPD",
                "100",
            ],
        ],
    ),
]


def _block(jabatan: str, tugas: str, rows: list[list[str]]) -> list[Flowable]:
    data = [[Paragraph(h, HEAD) for h in COLUMNS]] + [[Paragraph(x, BODY) for x in r] for r in rows]
    table = Table(data, colWidths=[25, 130, 150, 45, 210, 110, 60], repeatRows=1)
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    table.setStyle(TableStyle(grid))
    return [
        Paragraph(f"Nama Jabatan : {jabatan}", BODY),
        Paragraph(f"Uraian Tugas : {tugas}", BODY),
        Spacer(1, 6),
        table,
        Spacer(1, 14),
    ]


def build(path: str) -> None:
    story: list[Flowable] = [
        Paragraph("PEMERINTAH KOTA BATU BARA", TITLE),
        Paragraph("BADAN PERENCANAAN PEMBANGUNAN DAERAH", TITLE),
        Spacer(1, 8),
        Paragraph("INDIKATOR KINERJA INDIVIDU TAHUN 2024", TITLE),
        Spacer(1, 10),
    ]
    for jabatan, tugas, rows in BLOCKS:
        story.extend(_block(jabatan, tugas, rows))
    SimpleDocTemplate(path, pagesize=landscape(A4)).build(story)
