"""Segmentation of the reading-order stream into preamble, jabatan blocks and trailer."""

from domain.pages import Word
from domain.structure import Block, Cell, Line, Table
from parsers.markdown import parse_markdown
from parsers.segment import label_of, segment
from tests.conftest import SAMPLES


def seg(name: str):
    return segment(parse_markdown((SAMPLES / "text" / f"{name}.txt").read_text(encoding="utf-8")))


def test_numbered_header_form_kapuas() -> None:
    doc = seg("kapuas_hulu")
    assert len(doc.blocks) == 10
    assert [ln.text for ln in doc.blocks[0].jabatan] == ["Sekretaris"]
    assert len(doc.blocks[0].fungsi) == 7
    # the decree preamble stays out of the blocks
    assert any("NOMOR 27 TAHUN 2023" in ln.text for ln in doc.preamble)


def test_nama_organisasi_form_barito() -> None:
    doc = seg("barito_kuala")
    assert len(doc.blocks) == 3
    b = doc.blocks[1]
    assert [ln.text for ln in b.organisasi] == ["Dinas Sosial"]
    assert [ln.text for ln in b.jabatan] == ["Kepala Bidang Perlindungan dan Jaminan Sosial"]
    assert len(b.tugas) == 11 and not b.fungsi
    # "INDIKATOR KINERJA (IK) / DINAS SOSIAL ... / TAHUN 2021" is a heading, not tugas
    assert next(ln.text for ln in b.heading) == "INDIKATOR KINERJA (IK)"


def test_closing_signature_goes_to_trailer_sampang() -> None:
    doc = seg("sampang")
    assert len(doc.blocks) == 7
    assert any("NIP. 19680223 198803 1 001" in ln.text for ln in doc.trailer)
    assert not any(b.signature for b in doc.blocks)


def test_label_needs_number_or_separator() -> None:
    assert label_of("1. Jabatan : Sekretaris") == ("jabatan", "Sekretaris")
    assert label_of("2. Tugas Pokok : Sekretaris sebagaimana") == (
        "tugas",
        "Sekretaris sebagaimana",
    )
    assert label_of("JABATAN - PENGELOLA DATA") == ("jabatan", "PENGELOLA DATA")
    assert label_of("PERANGKAT DAERAH . DINAS SOSIAL") == ("organisasi", "DINAS SOSIAL")
    assert label_of("1. Jabatan Perencana Muda / Sub Koordinator") == (
        "jabatan",
        "Perencana Muda / Sub Koordinator",
    )
    # Kapuas Hulu medium scan (draw 6), page 8: a speck after the number read as "-"
    assert label_of("1.- Jabatan") == ("jabatan", "")
    assert label_of("3.' Fungsi :") == ("fungsi", "")
    assert label_of("1. “Jabatan") == ("jabatan", "")  # Kapuas Hulu heavy, draw 6, page 5
    assert label_of("he Tugas Pokok") == ("tugas", "")  # "2." read as "he"
    assert label_of("di Tugas pokoknya") is None
    # a wrapped fungsi line is not a label
    assert label_of("Tugas dan Fungsinya.") is None
    assert label_of("Fungsi lain yang diberikan oleh Kepala Dinas") is None


def test_label_numbered_in_roman_or_with_a_one_read_as_a_letter() -> None:
    # Sampang heavy scan, draw 6: "1. JABATAN" read "i. JABATAN"
    assert label_of("i. JABATAN") == ("jabatan", "")
    assert label_of("l. Jabatan : Sekretaris") == ("jabatan", "Sekretaris")
    assert label_of("II. Tugas : Membantu") == ("tugas", "Membantu")
    assert label_of("IV) Fungsi") == ("fungsi", "")
    assert label_of("lima Jabatan") is None  # a word, not a number


def test_label_whose_colon_ocr_read_as_one() -> None:
    # Barito Kuala heavy scan, page 5: the label and its value are printed apart and
    # OCR read the colon as "1" on both sides ("Jabatan 1" / "1 Kepala Bidang ...")
    assert label_of("Jabatan 1") == ("jabatan", "")
    assert label_of("Tugas |") == ("tugas", "")
    assert label_of("Jabatan 12") is None
    form = [
        Line("Nama Organisasi : Dinas Sosial", 5),
        Line("Jabatan 1", 5),
        Line("1 Kepala Bidang Perlindungan dan Jaminan Sosial", 5),
        Line("Tugas :", 5),
        Line("a. Menyusun dan menetapkan rencana", 5),
    ]
    doc = segment([*form, _table(5)])
    assert len(doc.blocks) == 1
    assert [ln.text for ln in doc.blocks[0].jabatan] == [
        "Kepala Bidang Perlindungan dan Jaminan Sosial"
    ]


def test_label_and_value_with_specks_for_the_colon() -> None:
    # Barito Kuala heavy scan, another draw: "Jabatan '" / "“1 Kepala Bidang ..." and
    # "Jabatan" / ". 1 Kepala Bidang ...": the colon read as "1" behind a speck
    assert label_of("Jabatan '") == ("jabatan", "")
    assert label_of("TUGAS POKOK ' : Melaksanakan penyiapan") == ("tugas", "Melaksanakan penyiapan")
    for value in ("“1 Kepala Bidang Rehabilitasi Sosial", ". 1 Kepala Bidang Rehabilitasi Sosial"):
        form = [
            Line("Nama Organisasi : Dinas Sosial", 7),
            Line("Jabatan '", 7),
            Line(value, 7),
            Line("Tugas :", 7),
            Line("a. Menyusun dan menetapkan rencana", 7),
        ]
        doc = segment([*form, _table(7)])
        assert [ln.text for ln in doc.blocks[0].jabatan] == ["Kepala Bidang Rehabilitasi Sosial"]


def test_header_drawn_as_label_value_table() -> None:
    def row(a: str, b: str) -> list[Cell]:
        return [Cell([Line(a)]), Cell([Line(b)])]

    form = Table(
        rows=[
            row("JABATAN", ": Pengelola Data"),
            row("TUGAS", ": Mengelola data"),
            row("FUNGSI", ": - Menyusun"),
        ],
        page=1,
    )
    header = [Cell([Line(h)]) for h in ("No", "Sasaran", "Indikator Kinerja")]
    grid = Table(rows=[header, [Cell([Line("1")]), Cell([Line("A")]), Cell([Line("B")])]], page=1)
    doc = segment([form, grid])
    assert len(doc.blocks) == 1
    assert [ln.text for ln in doc.blocks[0].jabatan] == ["Pengelola Data"]
    assert doc.blocks[0].tables == [grid]


def _table(page: int) -> Table:
    return Table(
        rows=[[Cell(lines=[Line("No", page)]), Cell(lines=[Line("Indikator", page)])]], page=page
    )


def test_block_whose_labels_a_scan_garbled() -> None:
    """Kutai Kartanegara's heavy scan, page 8, as tesseract read it: "1. Jabatan"
    came out as "kari", "2. Tugas" and "3. Fungsi" not at all. The repeated
    heading and the values printed after ":" still open the next block, so its
    rows do not run into the previous one; the block says its fields are guessed."""
    lines = [
        "1. Jabatan : Verifikator Keuangan",
        "2. Tugas : Membantu pimpinan / atasan langsung dalam melakukan verifikasi",
    ]
    stream: list[Line | Table] = [Line(t, 7) for t in lines] + [_table(7)]
    stream += [
        Line(t, 8)
        for t in [
            "INDIKATOR KINERJA INDIVIDU",
            "kari",
            ": Pengadministrasi",
            ": Membantu-pimpinan / atasan langsung dalam melakukan pencatatan",
            "melaksanakan tugas lainnya sesuai perintah atasan.",
            ": Melakukan pengelolaan surat dan dokumen",
        ]
    ]
    stream.append(_table(8))
    doc = segment(stream, pages=8)
    assert len(doc.blocks) == 2
    first, second = doc.blocks
    assert not first.unlabelled and len(first.tables) == 1
    assert second.unlabelled and len(second.tables) == 1
    assert [ln.text for ln in second.jabatan] == ["Pengadministrasi"]
    assert [ln.text for ln in second.tugas] == [
        "Membantu-pimpinan / atasan langsung dalam melakukan pencatatan",
        "melaksanakan tugas lainnya sesuai perintah atasan.",
    ]
    assert [ln.text for ln in second.fungsi] == ["Melakukan pengelolaan surat dan dokumen"]
    assert [ln.text for ln in second.heading] == ["INDIKATOR KINERJA INDIVIDU"]


def test_running_heading_over_a_continued_table_opens_no_block() -> None:
    """A heading printed on every page above a table that runs on is no new block."""
    stream: list[Line | Table] = [Line("1. Jabatan : Sekretaris", 1), _table(1)]
    stream += [Line("INDIKATOR KINERJA INDIVIDU", 2), _table(2)]
    doc = segment(stream, pages=2)
    assert len(doc.blocks) == 1 and len(doc.blocks[0].tables) == 2


def _unlabelled_next(first: list[Line], first_page: int, lost: list[Line], page: int) -> Block:
    """The block opened by ``lost`` (header lines whose labels OCR lost) and a
    table on ``page``, after a labelled block and its table on ``first_page``."""
    doc = segment([*first, _table(first_page), *lost, _table(page)])
    assert len(doc.blocks) == 2 and doc.blocks[1].unlabelled
    return doc.blocks[1]


def test_header_whose_labels_and_colons_ocr_lost() -> None:
    """Kutai Kartanegara heavy scan, page 17: after the last block's table, the
    repeated heading, then the next position's values with no "1. Jabatan :" labels
    and no colons, then its table. Numbered fungsi items tell a header from a
    running heading over a continued table."""
    first = [Line("1. Jabatan : Penyuluh Sosial", 15), Line("2. Tugas : Membantu", 15)]
    lost = [
        Line("INDIKATOR KINERJA INDIVIDU", 17),
        Line("Analis Sumber Daya Manusia Aparatur Ahli Muda", 17),
        Line("Membantu pimpinan dalam menyelenggarakan", 17),
        Line("1. Menganalisis, membimbing, meneliti", 17),
        Line("2. Menyusun rencana kegiatan urusan Kepegawaian", 17),
    ]
    b = _unlabelled_next(first, 15, lost, 17)
    assert [ln.text for ln in b.jabatan] == ["Analis Sumber Daya Manusia Aparatur Ahli Muda"]
    assert len(b.tugas) == 1 and len(b.fungsi) == 2
    # a running heading over the table continued on the next page: still one block
    running = [Line("INDIKATOR KINERJA INDIVIDU", 16), Line("DINAS SOSIAL", 16)]
    doc = segment([*first, _table(15), *running, _table(16)])
    assert len(doc.blocks) == 1 and len(doc.blocks[0].tables) == 2


def test_header_of_title_duty_and_one_function_with_every_label_lost() -> None:
    """Kutai Kartanegara heavy scan, draw 6, page 8: every label and colon lost,
    one unnumbered fungsi line and no "Indikator Kinerja" label; a title followed
    by a duty ("Membantu ...") still opens the next position, and the fungsi is
    the "me-" sentence after the tugas's full stop."""
    first = [Line("1. Jabatan : Verifikator Keuangan", 7), Line("2. Tugas : Membantu", 7)]
    lost = [
        Line("INDIKATOR KINERJA INDIVIDU", 8),
        Line("Pengadministrasi Keuangan", 8),
        Line("Membantu pimpinan / atasan langsung dalam melakukan pencatatan", 8),
        Line("melaksanakan tugas lainnya sesuai perintah atasan.", 8),
        Line("Melakukan pengelolaan surat dan dokumen pada sub bagian", 8),
    ]
    b = _unlabelled_next(first, 7, lost, 8)
    assert [ln.text for ln in b.jabatan] == ["Pengadministrasi Keuangan"]
    assert [ln.text for ln in b.tugas] == [lost[2].text, lost[3].text]
    assert [ln.text for ln in b.fungsi] == [lost[4].text]
    # a running heading and a line of text over a continued table: one block
    running = [Line("INDIKATOR KINERJA INDIVIDU", 8), Line("Dinas Sosial", 8)]
    doc = segment([*first, _table(7), *running, _table(8)])
    assert len(doc.blocks) == 1


def test_heading_split_in_two_and_a_tugas_that_lost_its_colon() -> None:
    """Kutai Kartanegara heavy scan, another draw, page 7: the repeated heading read
    as "INDIKATOR" / "INDIVIDU", the labels lost, the tugas without its colon. The
    next position still opens, and its tugas is not taken for more of its title."""
    first = [Line("1. Jabatan : Bendahara Pengeluaran", 6), Line("2. Tugas : Membantu", 6)]
    lost = [
        Line("INDIKATOR", 7),
        Line("INDIVIDU", 7),
        Line(": Verifikator Keuangan", 7),
        Line("4 Membantu pimpinan / atasan langsung dalam melakukan verifikasi", 7),
        Line("; Melakukan verifikasi terhadap kelengkapan berkas tagihan", 7),
    ]
    doc = segment([*first, _table(6), *lost, _table(7)])
    assert len(doc.blocks) == 2
    b = doc.blocks[1]
    assert [ln.text for ln in b.jabatan] == ["Verifikator Keuangan"]
    assert [ln.text for ln in b.tugas] == [lost[3].text[2:]]  # the colon read "4" goes
    assert [ln.text for ln in b.fungsi] == [
        "Melakukan verifikasi terhadap kelengkapan berkas tagihan"
    ]
    assert label_of("1. Jabatari : Analis") == ("jabatan", "Analis")
    # labelled, the same: a duty after the title is the tugas whose label was lost
    doc = segment([Line("1. Jabatan : Pengolah Data", 9), lost[3], _table(9)])
    assert [ln.text for ln in doc.blocks[0].jabatan] == ["Pengolah Data"]
    assert [ln.text for ln in doc.blocks[0].tugas] == [lost[3].text[2:]]


def test_table_after_a_signed_block_is_the_next_position() -> None:
    """Kutai Kartanegara heavy scan, another draw, page 8: a position's header read
    as noise. Its table came right after the last position's signature (a NIP) and
    was taken for more of that position; a signed position is closed."""
    first = [Line("1. Jabatan : Verifikator Keuangan", 7), Line("2. Tugas : Membantu", 7)]
    signed = [
        Line("Tenggarong, 31 Januari 2023", 7),
        Line("Verifikator Keuangan", 7),
        Line("NIP. 19660501 199401 1 001", 7),
        Line("Mouan pengen 3a dan den pada sub bagan", 8),
    ]
    doc = segment([*first, _table(7), *signed, _table(8)])
    assert len(doc.blocks) == 2
    assert [ln.text for ln in doc.blocks[0].signature] == [ln.text for ln in signed[:3]]
    b = doc.blocks[1]
    assert b.unlabelled and not b.jabatan and [t.page for t in b.tables] == [8]
    # without a NIP (a running heading, a page number) the table continues the block
    doc = segment([*first, _table(7), Line("5", 7), _table(8)])
    assert len(doc.blocks) == 1 and len(doc.blocks[0].tables) == 2


def test_position_whose_header_was_lost_named_by_its_signer() -> None:
    """The position above, after its table: its holder signs under the post's name
    ("Pengadministrasi Keuangan"). That names the position, and its rows say the
    position is a guess; a garbled title is replaced the same way."""
    from domain.records import DocumentRecord, DocumentResult
    from normalize.document import normalize_document
    from normalize.noise import make_context

    def doc_with(header: list[Line]) -> DocumentResult:
        sig = [
            Line("Tenggarong, 31 Januari 2023", 9),
            Line("Pengadministrasi Keuangan", 9),
            Line("NIP. 19750101 200501 1 001", 9),
        ]
        first = [Line("1. Jabatan : Verifikator Keuangan", 7), Line("2. Tugas : Membantu", 7)]
        rows = Table(
            rows=[
                [Cell(lines=[Line("No", 9)]), Cell(lines=[Line("Indikator Kinerja", 9)])],
                [Cell(lines=[Line("1", 9)]), Cell(lines=[Line("Jumlah SPJ", 9)])],
            ],
            page=9,
        )
        nip = Line("NIP. 19660501 199401 1 001", 7)
        parsed = segment([*first, _table(7), nip, *header, rows, *sig])
        return normalize_document(
            parsed,
            DocumentRecord(doc_id="d", source_path="x.pdf"),
            make_context(parsed, "pdf-scan"),
        )

    res = doc_with([])
    assert [p.jabatan for p in res.positions] == [
        "Verifikator Keuangan",
        "Pengadministrasi Keuangan",
    ]
    assert all("position_guessed" in i.flags for i in res.indicators)
    text = "1. Jabatan : enyasaiuakii Percakian Pesan"
    words = [Word(t, 10.0 * k, 0, 10.0 * k + 8, 7, 80.0) for k, t in enumerate(text.split())]
    res = doc_with([Line(text, 9, None, words)])
    assert res.positions[1].jabatan == "Pengadministrasi Keuangan"
    assert "position_guessed" in res.indicators[0].flags
    # the tugas read where the title was lost (Kutai Kartanegara heavy, draw 4)
    text = "1. Jabatan : Cramp OMA sekuel melakukan ke dalam aplikasi menyelesaikan proses RKA"
    words = [Word(t, 10.0 * k, 0, 10.0 * k + 8, 7, 85.0) for k, t in enumerate(text.split())]
    res = doc_with([Line(text, 9, None, words)])
    assert res.positions[1].jabatan == "Pengadministrasi Keuangan"
    assert "position_guessed" in res.indicators[0].flags
    # the same words printed (a text layer, no OCR) are left as they are
    text = "1. Jabatan : enyasaiuakii Percakian Pesan"
    res = doc_with([Line(text, 9)])
    assert res.positions[1].jabatan == "enyasaiuakii Percakian Pesan"
    # the label's number left on the title ("7 Pengolah Data") goes
    res = doc_with([Line("1. Jabatan : 7 Pengolah Data", 9)])
    assert res.positions[1].jabatan == "Pengolah Data"
    # a readable title stays, and is no guess
    res = doc_with([Line("1. Jabatan : Pengadministrasi Umum", 9)])
    assert res.positions[1].jabatan == "Pengadministrasi Umum"
    assert "position_guessed" not in res.indicators[0].flags


def test_jabatan_label_lost_before_a_tugas_or_fungsi_label() -> None:
    """Heavy scans, draw 6: Kapuas Hulu page 7 read "1. Jabatan" as "Ta He" /
    "atan :" and "2. Tugas Pokok" as "he Tugas Pokok"; Sampang page 3 lost both the
    "1. JABATAN" and "2. TUGAS" labels. The value after ":" is the title; the
    block is marked unlabelled (its position flagged for review)."""
    head = [Line("INDIKATOR KINERJA INDIVIDU", 7), Line("Ta He", 7), Line("atan :", 7)]
    kapuas = [*head, Line(": Kepala Bidang Sosial", 7), Line(":", 7), Line("he Tugas Pokok", 7)]
    kapuas += [Line("Bidang Sosial adalah Unsur Pelaksanaan", 7), Line("3. Fungsi", 7)]
    sampang = [Line("INDIKATOR KINERJA INDIVIDU (IKI)", 8), Line(": Ka. SUB BAGIAN UMUM", 8)]
    sampang += [Line("a. melaksanakan penerimaan surat", 8), Line("'3. FUNGSI", 8)]
    sampang += [Line("a. pengelolaan administrasi umum", 8)]
    first = [Line("1. Jabatan : Sekretaris", 6), _table(6)]
    doc = segment([*first, *kapuas, _table(7), *sampang, _table(8)])
    assert [[ln.text for ln in b.jabatan] for b in doc.blocks] == [
        ["Sekretaris"],
        ["Kepala Bidang Sosial"],
        ["Ka. SUB BAGIAN UMUM"],
    ]
    assert [b.unlabelled for b in doc.blocks] == [False, True, True]
    assert [ln.text for ln in doc.blocks[1].tugas] == ["Bidang Sosial adalah Unsur Pelaksanaan"]
    assert [ln.text for ln in doc.blocks[2].tugas] == ["a. melaksanakan penerimaan surat"]
    # a duty after ":" is no title: the block keeps no jabatan
    doc = segment([*first, Line(": Membantu pimpinan", 7), Line("3. Fungsi", 7), _table(7)])
    assert doc.blocks[1].jabatan == []
