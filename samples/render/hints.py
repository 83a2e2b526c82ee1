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


def _signer(
    title: str,
    rank: str | None = None,
    nip: str | None = None,
    name: str | None = None,
    holder: bool = False,
) -> dict[str, object]:
    return {"title": title, "rank": rank, "nip": nip, "name": name, "holder": holder}


def _holder(title: str, rank: str | None = None) -> dict[str, object]:
    """The block holder: name, NIP and date come from the truth, title/rank from here."""
    return _signer(title, rank, holder=True)


_SEKRETARIS_ATASAN = _signer("Atasan langsung,", "Pembina TK.I", "NIP.19680708 199403 1 013")
_SEKRETARIS_NAMED = _signer(
    "Sekretaris,", "Pembina TK.I", "NIP.19680708 199403 1 013", "Drs. Yuliandris Suherdiman"
)
_ANALIS_SDM = _signer(
    "Analis SDM Aparatur Sub Koordinator Kepegawaian,",
    "Penata TK.I",
    "NIP. 19790516 200112 1 001",
    "Mohd. Ery Faisyal, S.Sos.,M.Si",
)
_SUBKOOR_PPKRS = _signer("Subkoordinator PPKRS", None, "NIP. 19790416 200701 1 016")
_MENGETAHUI = _signer("Mengetahui :", None, "NIP. 19650819 198902 1 001")

_PENYULUH_MUDA = (
    "Penyuluh sosial muda / Sub Koordinator Pemberdayaan masyarakat dan kelembagaan sosial"
)
_PENYULUH_PPKRS = (
    "PENYULUH SOSIAL / SUB. KOORDINATOR PEMBERDAYAAN POTENSI KESETIAKAWANAN DAN RESTORASI SOSIAL"
)

# Seed 001 (Kutai Kartanegara), per jabatan as the truth spells it:
#   form     'numbered' (1. Jabatan : ...) or 'perangkat' (PERANGKAT DAERAH : ...)
#   sasaran  the Sasaran column heading as printed
#   inner    numbers printed inside the indicator cell: 'dot' ('1. X'), 'plain' ('1 X')
#   sources  marker of the Sumber Data items: '-', '{n}.', or None (plain lines)
#   signers  left to right; the holder's name/NIP/date come from the truth
KUTAI_KARTANEGARA = Hints(
    extra={
        "blocks": {
            "Sekretaris": {
                "sasaran": "Sasaran Program",
                "signers": [_holder("Sekretaris,", "Pembina Tk. I (IV/b)")],
            },
            "Perencana Muda / Sub Koordinator Penyusunan Program dan Keuangan": {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "dot",
                "signers": [_holder("Perencana Muda / Sub Koordinator Penyusunan Program")],
            },
            "Bendahara Pengeluaran": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "plain",
                "signers": [],
            },
            "Verifikator Keuangan": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "dot",
                "sources": None,
                "signers": [_holder("Verifikator Keuangan", "Penata Tk. 1")],
            },
            "Pengadministrasi Keuangan": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "dot",
                "signers": [_holder("Pengadministrasi Keuangan", "Penata Tk. 1")],
            },
            "Pengolah Daftar Gaji": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "dot",
                "signers": [_holder("Pengolah Daftar Gaji", "Pengatur Tk. I (II/d)")],
            },
            "Pengadministrasi Perencanaan dan Program": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "dot",
                "signers": [_holder("Pengadministrasi Perencanaan dan Program")],
            },
            "Pengolah Data": {
                "sasaran": "Sasaran Aktivitas",
                "inner": "dot",
                "signers": [_holder("Pengolah Data", "Pengatur")],
            },
            _PENYULUH_MUDA: {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "dot",
                "signers": [_holder("")],
            },
            "PENGELOLA FASILITAS SOSIAL DAN UMUM": {
                "form": "perangkat",
                "sasaran": "SASARAN AKTIVITAS",
                "sources": None,
                "signers": [
                    _SUBKOOR_PPKRS,
                    _MENGETAHUI,
                    _holder("Pengelola Fasilitas Sosial dan Umum,"),
                ],
            },
            "PENGELOLA DATA": {
                "form": "perangkat",
                "sasaran": "SASARAN AKTIVITAS",
                "sources": None,
                "signers": [_SUBKOOR_PPKRS, _holder("Pengelola Data"), _MENGETAHUI],
            },
            _PENYULUH_PPKRS: {
                "form": "perangkat",
                "sasaran": "SASARAN SUB. KEGIATAN",
                "sources": "{n}.",
                "signers": [_holder("Penyuluh Sosial / Sub. Koordinator PP")],
            },
            "Analis Sumber Daya Manusia Aparatur Ahli Muda Sub Koordinator Bagian Kepegawaian": {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "plain",
                "merge_no": True,
                "sources": None,
                "signers": [
                    _holder(
                        "Analis SDM Aparatur Ahli Muda Sub Koordinator Bagian Kepegawaian",
                        "Penata TK.I",
                    ),
                    _SEKRETARIS_ATASAN,
                ],
            },
            "Pengadministrasi Umum": {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "plain",
                "merge_no": True,
                "sources": None,
                "signers": [
                    _ANALIS_SDM,
                    _SEKRETARIS_NAMED,
                    _holder("Pengadministrasi Umum", "Pengatur TK.I"),
                ],
            },
            "Pengelola Kepegawaian": {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "plain",
                "merge_no": True,
                "sources": None,
                "signers": [_ANALIS_SDM, _SEKRETARIS_NAMED, _holder("Pengelola Kepegawaian")],
            },
            "Pengelola Data": {
                "sasaran": "Sasaran Sub Kegiatan",
                "inner": "plain",
                "merge_no": True,
                "sources": None,
                "signers": [
                    _ANALIS_SDM,
                    _SEKRETARIS_NAMED,
                    _holder("Pengelola Data", "Pengatur TK.I"),
                ],
            },
            "Analis Program Pemberdayaan Masyarakat Dalam Penanganan Masalah Sosial": {
                "form": "perangkat",
                "sasaran": "SASARAN AKTIVITAS",
                "sources": None,
                "signers": [_holder("Pengelola Fasilitas Sosial dan Umum,")],
            },
            "ANALIS MASALAH SOSIAL": {
                "form": "perangkat",
                "sasaran": "SASARAN AKTIVITAS",
                "sources": None,
                "signers": [
                    _signer(
                        "Kepala Bidang Penangan Fakir Miskin",
                        None,
                        "NIP. 196812212003121002",
                        "RIADI HADIWINOTO, S HUT",
                    ),
                    _holder("Analis Masalah Sosial"),
                ],
            },
        },
        # A ratio printed in words instead of a fraction (Pengadministrasi Perencanaan).
        "in_words": frozenset({"Data Perencanaan"}),
    },
)
