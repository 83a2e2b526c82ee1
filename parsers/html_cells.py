"""Markup inside a text dump's cells and lines -> plain :class:`Line` s.

Converters write a cell's visual structure as inline HTML (``<p>``, ``<ul><li>``,
``<br>``, ``<hr/>``; Kapuas Hulu, Sampang), LaTeX math (``$\\frac{..}{..}$``) and
markdown emphasis/links. This module turns one raw cell (or one text line) into
the lines a reader sees, keeping list items and stacked fractions apart, and parses
whole HTML ``<table>`` blocks (docling/marker-style dumps) into rows of cells.
Only the stdlib ``html.parser`` is used, and nothing here raises on odd input.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from domain.structure import Cell, Line
from parsers.latex import has_fraction, math_inline, math_lines

# A list item's own marker: bullets, "a." / "a)" / "(a)", "1." / "1)" / "(1)", roman "iv.".
LIST_MARKER = re.compile(
    r"^(?:[-–—•·●▪◦○►➢✓*+](?=\s|$)"
    r"|\(?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})[.)](?=\s|$)"
    r"|\((?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})\)(?=\s|$))"
)

# Math, by pandoc's rule for $: no space just inside the dollars, no digit right after
# the closing one ("Rp 5$ dan 6$" is not math). Also $$..$$, \(..\) and \[..\].
_MATH = re.compile(
    r"\$\$(?P<d>.+?)\$\$"
    r"|\\\[(?P<b>.+?)\\\]"
    r"|\\\((?P<p>.+?)\\\)"
    r"|(?<![\\$])\$(?=[^\s$])(?P<i>(?:\\\$|[^$])+?)(?<=[^\s\\])\$(?!\d)",
    re.S,
)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_AUTOLINK = re.compile(r"<(?:mailto:)?((?:https?|ftp)://[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>]+)>")
_HTMLISH = re.compile(r"<[A-Za-z/!?]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+\d*);")

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_STRONG = re.compile(r"\*{2,3}")
_UNDER_STRONG = re.compile(r"(?<![\w_])__(?=[^\s_])(.+?)(?<=[^\s_])__(?![\w_])")
_EM_STAR = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?![\w*])")
_EM_UNDER = re.compile(r"(?<![\w_\\])_(?=[^\s_])(.+?)(?<=[^\s_\\])_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_RULE_TEXT = re.compile(r"^[-_─—–=]{3,}$")

_BLOCK_TAGS = {
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "tr",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "blockquote",
    "pre",
    "dl",
    "dt",
    "dd",
    "section",
    "center",
    "caption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
_SKIP_TAGS = {"script", "style", "head", "title"}


def collapse(text: str) -> str:
    """Whitespace (incl. non-breaking spaces) collapsed to single spaces, stripped."""
    return " ".join(text.replace("\u00a0", " ").split())


def replace_autolinks(text: str) -> str:
    """``<https://x>`` -> ``https://x``, ``<a@b.id>`` / ``<mailto:a@b.id>`` -> ``a@b.id``."""
    return _AUTOLINK.sub(r"\1", text)


def clean_inline(text: str) -> str:
    """Markdown inline syntax removed: images, links, emphasis, code, escapes.

    ``**`` is removed wherever it is, paired or not: Barito Kuala's dump has bold
    spilling over lines (``**PEMERINTAH ...`` / ``DINAS SOSIAL**``, ``PERTAMA** :``).
    """
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2).removeprefix("mailto:"), text)
    text = _REF_LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub("", text)
    text = _UNDER_STRONG.sub(r"\1", text)
    text = _EM_STAR.sub(r"\1", text)
    text = _EM_UNDER.sub(r"\1", text)
    text = _STRIKE.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def _math_body(m: re.Match[str]) -> str:
    return next(g for g in m.group("d", "b", "p", "i") if g is not None)


class _LineBuilder(HTMLParser):
    """Collects the visual lines of a fragment of HTML with math placeholders."""

    def __init__(self, maths: list[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.maths = maths
        self.lines: list[Line] = []
        self.buf: list[str] = []
        self.lists: list[list[int]] = []  # per open list: [is_ordered, next number]
        self.li_marker: str | None = None
        self.skip = 0

    def flush(self) -> None:
        text = collapse(clean_inline("".join(self.buf)))
        self.buf = []
        if not text:
            return
        if self.li_marker is not None:
            # <li>- A</li> keeps its marker; <li>A</li> gets one ("- A", "2. A").
            if not LIST_MARKER.match(text):
                text = f"{self.li_marker} {text}"
            self.li_marker = None
        self.lines.append(Line.rule() if _RULE_TEXT.match(text) else Line(text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag == "hr":
            self.flush()
            self.lines.append(Line.rule())
        elif tag in ("br", "tr"):
            self.flush()
        elif tag in ("td", "th"):
            self.buf.append(" ")  # a table nested in a cell: its cells side by side
        elif tag in _BLOCK_TAGS:
            self.flush()
            if tag in ("ul", "ol"):
                start = dict(attrs).get("start") or "1"
                self.lists.append([tag == "ol", int(start) if start.isdigit() else 1])
            elif tag == "li":
                self.li_marker = self._next_marker()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "br" or tag in _BLOCK_TAGS:  # </br> is written by some converters
            self.flush()
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
            if tag == "li":
                self.li_marker = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        pos = 0
        for m in _PLACEHOLDER.finditer(data):
            self.buf.append(data[pos : m.start()])
            pos = m.end()
            idx = int(m.group(1))
            src = self.maths[idx] if idx < len(self.maths) else ""
            if has_fraction(src):  # a stacked fraction breaks the line around it
                self.flush()
                self.li_marker = None
                self.lines.extend(math_lines(src))
            else:
                self.buf.append(f" {math_inline(src)} ")
        self.buf.append(data[pos:])

    def _next_marker(self) -> str:
        if not self.lists or not self.lists[-1][0]:
            return "-"
        n = self.lists[-1][1]
        self.lists[-1][1] += 1
        return f"{n}."


def cell_lines(raw: str) -> list[Line]:
    """The visual lines of one raw cell (or text line) of a dump.

    ``<p>A</p> <p>B</p>`` -> A, B; ``<ul><li>- A</li><li>B</li></ul>`` -> "- A", "- B";
    ``<br>`` breaks a line; ``<hr/>`` and a line of dashes only -> a rule;
    ``$\\frac{N}{D} \\times 100\\%$`` -> N, rule, D, "x 100%". A plain cell
    (``A -----x100% B``, ``- a - b``) stays one line: splitting it is the
    normalisers' job.
    """
    maths: list[str] = []

    def _stash(m: re.Match[str]) -> str:
        maths.append(_math_body(m))
        return f"\ue000{len(maths) - 1}\ue001"

    text = _MATH.sub(_stash, replace_autolinks(raw.replace("\ue000", "").replace("\ue001", "")))
    builder = _LineBuilder(maths)
    try:
        if maths or _HTMLISH.search(text):
            builder.feed(text)
            builder.close()
        else:
            builder.handle_data(text)
        builder.flush()
        return builder.lines
    except Exception:  # a malformed cell must never stop the document
        plain = _PLACEHOLDER.sub(lambda m: f" {maths[int(m.group(1))]} ", text)
        line = collapse(clean_inline(unescape(re.sub(r"<[^>]*>", " ", plain))))
        return [Line(line)] if line else []


# ---- whole HTML tables -------------------------------------------------------------

_TABLE_TAG = re.compile(r"<(/?)(table|tr|td|th)\b([^>]*)>", re.I)
_SPAN_ATTR = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?(\d+)""", re.I)


def html_table_rows(html: str) -> list[list[Cell]]:
    """Rows of an HTML ``<table>``; ``rowspan``/``colspan`` become ``spanned`` cells.

    Tolerates unclosed ``<td>``/``<tr>`` (a new one closes the previous) and nested
    tables (kept as the content of their outer cell).
    """
    rows: list[list[tuple[str, int, int]]] = []  # (inner html, rowspan, colspan)
    depth = 0
    cell_start: int | None = None
    cell_spans = (1, 1)
    row: list[tuple[str, int, int]] | None = None

    def close_cell(end: int) -> None:
        nonlocal cell_start
        if cell_start is not None and row is not None:
            row.append((html[cell_start:end], *cell_spans))
        cell_start = None

    def close_row() -> None:
        nonlocal row
        if row is not None:
            rows.append(row)
        row = None

    for m in _TABLE_TAG.finditer(html):
        closing, tag, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3)
        if tag == "table":
            depth += -1 if closing else 1
            if depth <= 0 and closing:
                close_cell(m.start())
                close_row()
            continue
        if depth > 1:  # inside a nested table: part of the outer cell's content
            continue
        if tag == "tr":
            close_cell(m.start())
            close_row()
            if not closing:
                row = []
        elif not closing:  # td / th
            close_cell(m.start())
            if row is None:
                row = []
            spans = dict((k.lower(), int(v)) for k, v in _SPAN_ATTR.findall(attrs))
            cell_spans = (max(1, spans.get("rowspan", 1)), max(1, spans.get("colspan", 1)))
            cell_start = m.end()
        else:
            close_cell(m.start())
    close_cell(len(html))
    close_row()
    return _place_spans(rows)


def _place_spans(rows: list[list[tuple[str, int, int]]]) -> list[list[Cell]]:
    """Lay cells on a grid: a spanned position gets an empty ``spanned=True`` cell."""
    grid: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(rows):
        c = 0
        for inner, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(min(rowspan, 500)):
                for dc in range(min(colspan, 50)):
                    grid[(r + dr, c + dc)] = (
                        Cell(lines=cell_lines(inner)) if dr == dc == 0 else Cell(spanned=True)
                    )
            c += colspan
    n_rows = len(rows)
    n_cols = max((c for (r, c) in grid if r < n_rows), default=-1) + 1
    return [[grid.get((r, c), Cell()) for c in range(n_cols)] for r in range(n_rows)]
