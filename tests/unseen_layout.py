"""A decree layout none of the samples use (a Badan of a Kota, "Nama Jabatan" /
"Uraian Tugas" header, a Satuan column, "Definisi Operasional / Formula",
"Target 2024", ratios written "(A : B) x 100%" and "A dibagi B x 100%"),
rendered in a test to check the pipeline generalises beyond the samples."""

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import SimpleDocTemplate, Paragraph, Table, TableStyle, Spacer
from reportlab.lib import colors

st = ParagraphStyle("b", fontName="Helvetica", fontSize=8, leading=10)
hd = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=8, leading=10, alignment=1)
T = ParagraphStyle("t", fontName="Helvetica-Bold", fontSize=11, leading=14, alignment=1)
P = lambda t, s=st: Paragraph(t, s)
story: list = [
    P("PEMERINTAH KOTA BATU BARA", T),
    P("BADAN PERENCANAAN PEMBANGUNAN DAERAH", T),
    Spacer(1, 8),
    P("INDIKATOR KINERJA INDIVIDU TAHUN 2024", T),
    Spacer(1, 10),
]


def block(jab, tugas, rows):
    story.append(P(f"Nama Jabatan : {jab}"))
    story.append(P(f"Uraian Tugas : {tugas}"))
    story.append(Spacer(1, 6))
    data = [
        [
            P(h, hd)
            for h in [
                "NO",
                "TUJUAN / SASARAN",
                "INDIKATOR KINERJA",
                "SATUAN",
                "DEFINISI OPERASIONAL / FORMULA",
                "SUMBER DATA",
                "TARGET 2024",
            ]
        ]
    ]
    for r in rows:
        data.append([P(x) for x in r])
    t = Table(data, colWidths=[25, 130, 150, 45, 210, 110, 60], repeatRows=1)
    t.setStyle(
        TableStyle(
            [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    story.extend([t, Spacer(1, 14)])


block(
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
)
block(
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
)


def build(path: str) -> None:
    SimpleDocTemplate(path, pagesize=landscape(A4)).build(story)
