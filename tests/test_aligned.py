"""Unruled tables rebuilt from word positions (parsers.aligned)."""

from __future__ import annotations

from domain.pages import Page, Word
from parsers.aligned import find_tables


def _line(top: float, *cells: tuple[float, str], height: float = 7.0) -> list[Word]:
    """Words of one visual line: each (x, text) cell's words 4 pt apart."""
    out = []
    for x, text in cells:
        for w in text.split():
            out.append(Word(w, x, top, x + 5 * len(w), top + height, 93.0))
            x += 5 * len(w) + 4
    return out


def test_speck_read_as_a_number_in_the_no_column_starts_no_row() -> None:
    """Tanjung Seruni medium scan (draw 6), page 8: a speck beside row 2's second
    line, in the No column, was read as "1" (a 1 pt sliver) and made a spurious
    row of that line. A printed number is as tall as the text around it."""
    cols = (70, "Sasaran Kegiatan"), (200, "Indikator Kinerja"), (340, "Sumber Data")
    words = _line(100, (20, "No"), *cols)
    words += _line(120, (20, "1."), (70, "Terdatanya anak"), (200, "Jumlah dokumen"), (340, "DTKS"))
    words += _line(140, (20, "2."), (70, "Terpenuhinya kebutuhan"), (200, "Persentase lanjut"))
    words += _line(149, (70, "dasar lanjut usia"), (200, "menerima permakanan"))
    words += [Word("1", 21, 152, 22, 153, 39.0)]  # the speck
    words += _line(170, (20, "3."), (70, "Terlindunginya anak"), (200, "Jumlah anak"))
    page = Page(1, 600, 800, "ocr", words)
    tables, _ = find_tables(words, page)
    assert len(tables) == 1
    body = tables[0].rows[1:]
    assert [r[0].text.split()[0] for r in body] == ["1.", "2.", "3."]
    assert [ln.text for ln in body[1][1].lines] == ["Terpenuhinya kebutuhan", "dasar lanjut usia"]


def test_speck_read_as_a_short_word_in_the_header_is_no_column() -> None:
    """Tanjung Seruni medium scan (draw 6), page 7: a speck between "Formula / Cara
    Menghitung" and "Sumber Data" read as "ut" (confidence 39) made a seventh column
    that took the formulas' right-hand words."""
    head = [(20, "No"), (70, "Sasaran Kegiatan"), (200, "Indikator Kinerja"), (340, "Formula")]
    words = _line(100, *head, (480, "Sumber Data"), (560, "Target"))
    words.append(Word("ut", 440, 98, 448, 108, 39.0))
    words += _line(120, (20, "1."), (70, "Meningkatnya peran"), (200, "Persentase Potensi"))
    words += _line(120, (340, "Jumlah PSKS"), (480, "Data PSKS"), (560, "75%"))
    page = Page(1, 600, 800, "ocr", words)
    (table,), _ = find_tables(words, page)
    assert table.n_cols == 6
    assert [c.text for c in table.rows[1][3:]] == ["Jumlah PSKS", "Data PSKS", "75%"]
    # "No" read at 46 (Tanjung Seruni heavy, draw 6, page 4) is still the No column
    words[0].conf = 46.0
    (table,), _ = find_tables(words, page)
    assert table.n_cols == 6 and table.rows[0][0].text == "No"
