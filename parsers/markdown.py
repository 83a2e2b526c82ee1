"""Markdown / TSV text dumps -> the shared reading-order stream of lines and tables.

``iki ingest`` accepts ``.txt``/``.md`` conversions of decrees (seeds 000, 002, 003).
Tables come as TSV blocks (Kapuas Hulu, Barito Kuala, Sampang), pipe tables
(``| a | b |`` with a ``|---|`` row: pandoc / GFM converters) or HTML ``<table>``
blocks (docling / marker); everything else is one :class:`Line` per visual line with
the markdown syntax removed. Columns are not interpreted here: header rows,
column-number rows (``1 2 3 4``) and repeated headers stay in the table, and a table
continued after a blank line is a new :class:`Table` (the normaliser joins them).
"""

from __future__ import annotations

import csv
import io
import re

from domain.structure import Cell, Line, Table
from parsers.html_cells import LIST_MARKER, cell_lines, collapse, html_table_rows

_DIKTUM = r"(?:KE(?:SATU|DUA|TIGA|EMPAT|LIMA|ENAM|TUJUH|DELAPAN|SEMBILAN|SEPULUH)|PERTAMA)\b"
# "Nama Organisasi :", "Menimbang :", "KESATU :": a short label and a colon.
_LABEL = r"[^\W\d_][\w()/&.'-]*(?:[ \t]+[\w()/&.'-]+){0,3}[ \t]*:(?=\s|$)"
# A markdown bullet in front of another marker is the converter's, not the decree's:
# "- a. ..." (Kapuas Hulu's diktum lists), "- 1. JABATAN" (Sampang), "- KESATU : ..."
# (Kapuas Hulu), "- Nama Organisasi : ..." / "- PERTAMA** : ..." (Barito Kuala).
_NEXT_MARKER = "|".join((LIST_MARKER.pattern.removeprefix("^"), _DIKTUM, _LABEL))
_BULLET_BEFORE_MARKER = re.compile(rf"^[-*+•●▪◦–]\s+(?={_NEXT_MARKER})", re.I)
_HEADING = re.compile(r"^#{1,6}(?:\s+|$)")
_HEADING_CLOSE = re.compile(r"\s+#+$")
_BLOCKQUOTE = re.compile(r"^(?:>\s?)+")
_THEMATIC = re.compile(r"^([-*_=])(?:\s*\1){2,}$")  # ---, ***, ===, - - -: breaks/underlines
_INNER_TAB = re.compile(r"\S\t")
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_PIPE_SPLIT = re.compile(r"(?<!\\)\|")
_DELIM_CELL = re.compile(r"^:?-+:?$")
_DELIM_ROW = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?$")
_LABEL_ROW_MAX_WORDS = 6
_NUMBER_CELL = re.compile(r"^\(?(?:\d{1,2}|[a-z])[.)](?:\s|$)|^\d{1,2}$")
_QUOTED_CELL = re.compile(r'(?:^|\t)"')
_MAX_QUOTED_LINES = 60


def parse_markdown(text: str) -> list[Line | Table]:
    """A text dump as a reading-order stream of :class:`Line` and :class:`Table`.

    Never raises: odd input (unbalanced tags, stray ``$``) gives a best effort.
    """
    lines = text.splitlines()  # also splits on \f: pdftotext's page breaks
    out: list[Line | Table] = []
    i = 0
    while i < len(lines):
        try:
            j, items = _next_block(lines, i)
        except Exception:  # a bug or an input nobody foresaw: keep the raw text, go on
            j, items = i + 1, [Line(t)] if (t := collapse(lines[i])) else []
        out.extend(items)
        i = max(j, i + 1)
    return out


def _next_block(lines: list[str], i: int) -> tuple[int, list[Line | Table]]:
    """The block starting at line ``i``: (index of the line after it, its items)."""
    line = lines[i]
    if not line.strip():
        return i + 1, []
    if _TABLE_OPEN.search(line):
        return _html_table_block(lines, i)
    if "\t" in line:
        j = _tsv_end(lines, i)
        return j, _tsv_block(lines[i:j])
    if _starts_pipe_table(lines, i):
        j = i
        while j < len(lines) and _PIPE_SPLIT.search(lines[j]) and lines[j].strip():
            j += 1
        return j, _table([_pipe_cells(ln) for ln in lines[i:j]])
    return i + 1, list(text_lines(line))


def text_lines(raw: str) -> list[Line]:
    """One non-table line of a dump, cleaned (usually one :class:`Line`; ``<br>``
    or a stacked fraction gives several, a horizontal rule none)."""
    s = _BLOCKQUOTE.sub("", raw.strip())
    s = s.removesuffix("\\").rstrip() if not s.endswith("\\\\") else s  # hard break
    if _THEMATIC.match(s):
        return []
    if _HEADING.match(s):
        s = _HEADING_CLOSE.sub("", _HEADING.sub("", s))
    out: list[Line] = []
    for ln in cell_lines(s):
        if ln.is_rule:
            continue
        text = ln.text
        for _ in range(3):  # "- - a. x" -> "a. x"
            stripped = _BULLET_BEFORE_MARKER.sub("", text)
            if stripped == text:
                break
            text = stripped
        if text := collapse(text):
            out.append(Line(text))
    return out


def _tsv_end(lines: list[str], i: int) -> int:
    """End of the TSV block starting at line ``i``: consecutive lines with tabs (a
    tabs-only line is an empty row), plus the lines of a spreadsheet-quoted cell
    (``"line 1<newline>line 2"``, as Excel's tab-separated export writes a cell with
    line breaks). A quote still open after ``_MAX_QUOTED_LINES`` lines is not one."""
    plain = i
    while plain < len(lines) and "\t" in lines[plain]:
        plain += 1
    j, quoted, opened_at = i, False, i
    while j < len(lines) and (quoted or "\t" in lines[j]):
        if not quoted:
            opened_at = j
        quoted = _quote_open_after(lines[j], quoted)
        j += 1
        if quoted and j - opened_at > _MAX_QUOTED_LINES:
            return plain
    return plain if quoted else j


def _quote_open_after(line: str, quoted: bool) -> bool:
    """Whether a quoted TSV cell is still open at the end of ``line`` (a quote opens
    only at the start of a cell; ``""`` inside one is an escaped quote)."""
    k = 0
    while k < len(line):
        if quoted and line[k] == '"':
            if line[k + 1 : k + 2] == '"':
                k += 1
            else:
                quoted = False
        elif not quoted and line[k] == '"' and (k == 0 or line[k - 1] == "\t"):
            quoted = True
        k += 1
    return quoted


def _split_tsv(raw_rows: list[str]) -> list[list[str]]:
    """Cells of a TSV block; with spreadsheet quoting when a cell starts with ``"``."""
    if any(_QUOTED_CELL.search(r) for r in raw_rows):
        try:
            return list(csv.reader(io.StringIO("\n".join(raw_rows)), delimiter="\t"))
        except csv.Error:
            pass
    return [r.split("\t") for r in raw_rows]


def _tsv_block(raw_rows: list[str]) -> list[Line | Table]:
    """Consecutive lines with tabs: a table, unless the tabs only indent text or
    only align "Label :<tab>value" pairs (a Word document's header block)."""
    if not any(_INNER_TAB.search(r) for r in raw_rows):
        return [ln for r in raw_rows for ln in text_lines(r)]
    rows = _split_tsv(raw_rows)
    if _is_label_block(rows):
        return [ln for r in rows for ln in text_lines(" ".join(c for c in r if c.strip()))]
    return _table(rows)


def _is_label_block(rows: list[list[str]]) -> bool:
    """Every row is "Jabatan<tab>: X" / "Tugas :<tab>X" or a one-cell continuation.

    Not in the seeds; it is how dumps of Word decrees aligned with tabs look
    ("Nama Organisasi<tab>:<tab>Dinas Sosial"), which the segmenter needs as lines.
    """
    labels = 0
    for row in rows:
        cells = [c.strip() for c in row if c.strip()]
        if len(cells) > 1 and _NUMBER_CELL.match(cells[0]):  # "3.<tab>Fungsi<tab>:"
            cells = cells[1:]
        if len(cells) <= 1:
            continue
        first = _NUMBER_CELL.sub("", cells[0]).strip()  # "1. Jabatan<tab>: X"
        is_label = len(cells) <= 3 and len(first.split()) <= _LABEL_ROW_MAX_WORDS
        if not (is_label and (first.endswith(":") or cells[1].startswith(":"))):
            return False
        labels += 1
    return labels > 0


def _starts_pipe_table(lines: list[str], i: int) -> bool:
    """A pipe table: a row followed by a ``|---|`` delimiter row, or rows written
    ``| a | b |`` (a lone ``|`` from OCR'd ruling lines is not a table)."""
    line = lines[i].strip()
    if not _PIPE_SPLIT.search(line):
        return False
    if i + 1 < len(lines) and _DELIM_ROW.match(lines[i + 1].strip()) and "-" in lines[i + 1]:
        return True
    return line.startswith("|") and line.endswith("|") and len(_PIPE_SPLIT.findall(line)) >= 3


def _pipe_cells(line: str) -> list[str]:
    s = line.strip()
    s = s[1:] if s.startswith("|") else s
    s = s[:-1] if s.endswith("|") and not s.endswith("\\|") else s
    return [c.replace("\\|", "|") for c in _PIPE_SPLIT.split(s)]


def _html_table_block(lines: list[str], i: int) -> tuple[int, list[Line | Table]]:
    """An HTML ``<table>`` starting on line ``i`` (text around it on its first and
    last lines stays lines); unclosed, it runs to the end of the text."""
    j, depth = i, 0
    while j < len(lines):
        depth += len(_TABLE_OPEN.findall(lines[j])) - len(_TABLE_CLOSE.findall(lines[j]))
        j += 1
        if depth <= 0:
            break
    chunk = "\n".join(lines[i:j])
    start = _TABLE_OPEN.search(chunk)
    ends = list(_TABLE_CLOSE.finditer(chunk))
    begin = start.start() if start else 0
    end = ends[-1].end() if ends and depth <= 0 else len(chunk)
    rows = html_table_rows(chunk[begin:end])
    table = _make_table([r for r in rows if any(not c.is_empty for c in r)])
    return j, [*text_lines(chunk[:begin]), *table, *text_lines(chunk[end:])]


def _is_separator(cells: list[str]) -> bool:
    """``---<tab>--<tab>---`` or ``|---|:--:|``: a converter's rule row."""
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(_DELIM_CELL.match(c) for c in filled)


def _table(raw_rows: list[list[str]]) -> list[Line | Table]:
    """Rows of raw cell strings -> at most one :class:`Table` (padded, rule rows
    and empty rows dropped; trailing empty cells beyond the table's width trimmed)."""
    rows: list[list[Cell]] = []
    for raw in raw_rows:
        if _is_separator(raw):
            continue
        cells = [Cell(lines=[ln for part in c.split("\n") for ln in cell_lines(part)]) for c in raw]
        if any(not c.is_empty for c in cells) or any(ln.is_rule for c in cells for ln in c.lines):
            rows.append(cells)
    return _make_table(rows)


def _make_table(rows: list[list[Cell]]) -> list[Line | Table]:
    if not rows:
        return []
    width = max(_used_width(r) for r in rows)
    for r in rows:
        del r[width:]
        r.extend(Cell() for _ in range(width - len(r)))
    return [Table(rows=rows, page=1, ruled=False, source="markdown")]


def _used_width(row: list[Cell]) -> int:
    n = len(row)
    while n and row[n - 1].is_empty and not row[n - 1].spanned and not row[n - 1].lines:
        n -= 1
    return n
