"""Render hints: how the original decree printed what the truth only records as
values (a ratio inline or stacked, a multi-indicator cell numbered or dashed, a
tugas printed as a list ...). Kept out of the truth files on purpose: the truth
says what a data officer types, these say what the page looked like.

Keys are the truth's own strings (``indikator``, ``jabatan``), so reordering the
truth does not silently move a hint onto another row."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Hints:
    inline: frozenset[str] = frozenset()
    """Indicators whose ratio formula is printed on one line (``A / B x 100%``)."""
    misplaced: frozenset[str] = frozenset()
    """Indicators whose stacked fraction prints ``x 100%`` at the end of the numerator."""
    numbered: frozenset[str] = frozenset()
    """First indicator of a multi-indicator cell listed ``1. A 2. B`` (default ``- A - B``)."""
    list_formula: frozenset[str] = frozenset()
    """Indicators whose (non-ratio) formula cell is a dash list even with one item."""
    tugas_list: frozenset[str] = frozenset()
    """Jabatan whose tugas was printed as a lettered list (the truth joins the items)."""
    extra: dict[str, object] = field(default_factory=dict)
    """Layout-specific data (signers, header forms) keyed as the renderer documents."""


TANJUNG_SERUNI = Hints(
    inline=frozenset(
        {
            "Persentase SPJ belanja yang lolos verifikasi",
            "Persentase kehadiran pegawai",
            "Persentase fakir miskin yang menerima bantuan sosial",
            "Persentase pengaduan kepesertaan PBI yang diselesaikan",
            # multi-indicator cells list their formulas inline, one item each
            "Persentase surat masuk yang didisposisi tepat waktu",
            "Persentase arsip aktif yang tertata sesuai klasifikasi",
        }
    ),
    misplaced=frozenset(
        {
            "Persentase pegawai yang mengikuti pengembangan kompetensi minimal 20 jam pelajaran",
            "Prosentase data capaian kinerja yang dimutakhirkan setiap triwulan",
            "Persentase gelandangan dan pengemis yang dijangkau dan direhabilitasi",
            "Persentase izin Pengumpulan Uang atau Barang (PUB) yang diterbitkan tepat waktu",
            "Persentase pengaduan masyarakat yang ditindaklanjuti",
        }
    ),
    numbered=frozenset(
        {
            "Jumlah dokumen Renja yang disusun",
            "Persentase anak terlantar yang terpenuhi kebutuhan dasarnya",
            "Jumlah Kelompok Usaha Bersama (KUBE) yang dibentuk dan dibina",
        }
    ),
)


BARITO_KUALA = Hints(
    # sasaran column heading as printed per block (the first block says STRATEGIS)
    extra={
        "sasaran_header": {"Kepala Bidang Kelembagaan dan Pemberdayaan Sosial": "SASARAN STRATEGIS"}
    },
)


KAPUAS_HULU = Hints(
    extra={
        # Blocks whose Penjelasan cells are '- item' lists even with one item (seed 000:
        # the Koordinator Kegiatan blocks of Bidang Sosial and Perlindungan Perempuan).
        "formula_list_blocks": frozenset(
            {
                "Koordinator Kegiatan Perlindungan dan Jaminan Sosial",
                "Koordinator Kegiatan Rehabilitas dan Pemberdayaan Sosial",
                "Koordinator Kegiatan Perlindungan Perempuan dan Anak",
            }
        ),
        # Blocks whose Sumber Data is a '- item' list even with one item (the
        # Sekretariat blocks); the Bidang blocks print a bare unit name.
        "dash_source_blocks": frozenset(
            {
                "Sekretaris",
                "Koordinator Sub Bagian Program",
                "Koordinator Kegiatan Pengelolaan Administrasi Keuangan",
                "Kepala Sub Bagian Umum dan Aparatur",
            }
        ),
    },
)
