"""Layouts and wording that none of the samples use: the rules must generalise."""

from pathlib import Path

from ingest.pipeline import process_file
from tests.unseen_layout import build


def test_badan_kota_with_satuan_column_and_colon_ratio(tmp_path: Path) -> None:
    pdf = tmp_path / "batu_bara.pdf"
    build(str(pdf))
    r = process_file(pdf)
    d = r.document
    assert (d.status, d.pemda, d.instansi, d.jenis, d.tahun) == (
        "ok",
        "Kota Batu Bara",
        "Badan Perencanaan Pembangunan Daerah",
        "IKI",
        2024,
    )
    assert [p.jabatan for p in r.positions] == [
        "Kepala Bidang Perencanaan Ekonomi",
        "Kepala Sub Bidang Data dan Evaluasi",
    ]
    assert r.positions[0].tugas == "Memimpin penyusunan rencana pembangunan bidang ekonomi daerah."
    assert len(r.indicators) == 4
    first, last = r.indicators[0], r.indicators[-1]
    assert (first.pembilang, first.penyebut, first.pengali) == (
        "Jumlah program ekonomi yang selaras",
        "Jumlah program ekonomi",
        100.0,
    )
    assert first.provenance["extra"] == {"satuan": "%"}  # a known extra column: kept, not flagged
    assert first.target == "90" and not first.needs_review
    assert (last.pembilang, last.penyebut) == (
        "Jumlah PD yang dievaluasi tepat waktu",
        "jumlah seluruh PD",
    )
    assert r.indicators[2].jenis_indikator == "indeks"


def test_pipe_markdown_dump_with_tujuan_column(tmp_path: Path) -> None:
    md = tmp_path / "iku.md"
    md.write_text(
        "# KEPUTUSAN KEPALA DINAS KESEHATAN KABUPATEN MALUKU TENGAH\n\n"
        "NOMOR: 800/12/DINKES/2022\n\n"
        "## INDIKATOR KINERJA UTAMA (IKU) TAHUN 2022\n\n"
        "Jabatan: Kepala Dinas Kesehatan\n\n"
        "Tugas: Memimpin pelaksanaan urusan kesehatan.\n\n"
        "| No | Tujuan | Sasaran Strategis | Indikator Kinerja Utama | Formula | Sumber Data "
        "| Catatan Auditor |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 1 | Meningkatkan derajat kesehatan | Menurunnya angka kematian ibu "
        "| Angka Kematian Ibu | Jumlah kematian ibu / Jumlah kelahiran hidup x 100.000 "
        "| Profil Kesehatan | lihat catatan |\n"
        "| 2 | | Meningkatnya cakupan imunisasi | Persentase desa UCI "
        "| Jumlah desa UCI / Jumlah desa x 100% | - Laporan Imunisasi<br>- Profil Kesehatan | |\n",
        encoding="utf-8",
    )
    r = process_file(md)
    assert r.document.source_kind == "text" and r.document.status == "ok"
    assert r.document.pemda == "Kabupaten Maluku Tengah"
    assert r.document.jenis == "IKU"
    assert [i.indikator for i in r.indicators] == ["Angka Kematian Ibu", "Persentase desa UCI"]
    aki, uci = r.indicators
    assert aki.pengali == 100000.0 and aki.penyebut == "Jumlah kelahiran hidup"
    assert uci.sumber_data == ["Laporan Imunisasi", "Profil Kesehatan"]
    # "Tujuan" is understood (kept), "Catatan Auditor" is not: kept in provenance and flagged
    assert aki.provenance["extra"] == {"tujuan": "Meningkatkan derajat kesehatan"}
    assert aki.provenance["unmapped"] == {"Catatan Auditor": "lihat catatan"}
    assert "unmapped_column" in aki.flags and aki.needs_review
    assert "unmapped_column" not in uci.flags  # its cell in that column is empty
