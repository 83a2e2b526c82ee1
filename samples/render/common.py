"""Shared pieces of the sample renderers: fonts, styles, cell builders, the
stacked-fraction flowable, row grouping and the deterministic document template."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

SAMPLES = Path(__file__).resolve().parent.parent
TRUTH_DIR = SAMPLES / "truth"
FONT_DIR = Path("/usr/share/fonts/truetype")

Truth = dict[str, Any]
Indicator = dict[str, Any]

_FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "LiberationSans": (
        "liberation/LiberationSans-Regular.ttf",
        "liberation/LiberationSans-Bold.ttf",
        "liberation/LiberationSans-Italic.ttf",
        "liberation/LiberationSans-BoldItalic.ttf",
    ),
    "LiberationSerif": (
        "liberation/LiberationSerif-Regular.ttf",
        "liberation/LiberationSerif-Bold.ttf",
        "liberation/LiberationSerif-Italic.ttf",
        "liberation/LiberationSerif-BoldItalic.ttf",
    ),
    "LiberationSansNarrow": (
        "liberation/LiberationSansNarrow-Regular.ttf",
        "liberation/LiberationSansNarrow-Bold.ttf",
        "liberation/LiberationSansNarrow-Italic.ttf",
        "liberation/LiberationSansNarrow-BoldItalic.ttf",
    ),
    "DejaVuSans": (
        "dejavu/DejaVuSans.ttf",
        "dejavu/DejaVuSans-Bold.ttf",
        "dejavu/DejaVuSans-Oblique.ttf",
        "dejavu/DejaVuSans-BoldOblique.ttf",
    ),
    "DejaVuSerif": (
        "dejavu/DejaVuSerif.ttf",
        "dejavu/DejaVuSerif-Bold.ttf",
        "dejavu/DejaVuSerif-Italic.ttf",
        "dejavu/DejaVuSerif-BoldItalic.ttf",
    ),
}


def register_fonts() -> None:
    """Register the TrueType families (idempotent) so ``<b>``/``<i>`` work in paragraphs."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for family, files in _FAMILIES.items():
        if family in registered:
            continue
        names = (family, f"{family}-Bold", f"{family}-Italic", f"{family}-BoldItalic")
        for name, rel in zip(names, files, strict=True):
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / rel)))
        pdfmetrics.registerFontFamily(
            family, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles one layout uses, all in one font family."""

    font: str
    size: float
    body: ParagraphStyle
    body_j: ParagraphStyle
    cell: ParagraphStyle
    cell_c: ParagraphStyle
    head: ParagraphStyle
    title: ParagraphStyle
    center: ParagraphStyle

    @property
    def bold(self) -> str:
        return f"{self.font}-Bold"


def make_styles(font: str, size: float, cell_size: float | None = None) -> Styles:
    """Body/cell/header styles for one layout (``font`` is a registered family)."""
    register_fonts()
    cs = cell_size or size
    base = ParagraphStyle("base", fontName=font, fontSize=size, leading=size * 1.25)
    return Styles(
        font=font,
        size=size,
        body=ParagraphStyle("body", base, alignment=TA_LEFT),
        body_j=ParagraphStyle("body_j", base, alignment=TA_JUSTIFY),
        cell=ParagraphStyle("cell", base, fontSize=cs, leading=cs * 1.2),
        cell_c=ParagraphStyle("cell_c", base, fontSize=cs, leading=cs * 1.2, alignment=TA_CENTER),
        head=ParagraphStyle(
            "head",
            base,
            fontName=f"{font}-Bold",
            fontSize=cs,
            leading=cs * 1.2,
            alignment=TA_CENTER,
        ),
        title=ParagraphStyle(
            "title",
            base,
            fontName=f"{font}-Bold",
            fontSize=size + 1.5,
            leading=(size + 1.5) * 1.25,
            alignment=TA_CENTER,
        ),
        center=ParagraphStyle("center", base, alignment=TA_CENTER),
    )


def p(text: str | None, style: ParagraphStyle, markup: bool = False) -> Paragraph:
    """A paragraph of plain text (escaped) or, with ``markup``, of reportlab markup."""
    return Paragraph(text or "" if markup else escape(text or ""), style)


def items(values: Sequence[str], style: ParagraphStyle, marker: str | None = "-") -> list[Flowable]:
    """One paragraph per list item with a hanging marker (``-``, ``1.``; ``{n}`` numbers)."""
    out: list[Flowable] = []
    for i, value in enumerate(values, 1):
        if marker is None:
            out.append(p(value, style))
            continue
        mark = marker.format(n=i, a=chr(ord("a") + i - 1))
        indent = pdfmetrics.stringWidth(mark + " ", style.fontName, style.fontSize) + 1
        st = ParagraphStyle(
            f"item{indent:.0f}",
            style,
            leftIndent=indent,
            bulletIndent=0,
            bulletFontName=style.fontName,
            bulletFontSize=style.fontSize,
        )
        out.append(Paragraph(escape(value), st, bulletText=mark))
    return out


def labelled(
    label: str, value: Flowable | Sequence[Flowable] | str, styles: Styles, widths: Sequence[float]
) -> Table:
    """A ``label : value`` line (borderless two/three-column table) as in decree headers."""
    content: Any = p(value, styles.body) if isinstance(value, str) else value
    t = Table([[p(label, styles.body), p(":", styles.body), content]], colWidths=list(widths))
    t.setStyle(borderless())
    return t


def borderless(pad: float = 1) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ]
    )


def ruled(header_rows: int = 1, width: float = 0.6) -> list[tuple[Any, ...]]:
    """Style commands of a fully ruled table with a bold, shaded header."""
    return [
        ("GRID", (0, 0), (-1, -1), width, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e6e6e6")),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


class Fraction(Flowable):
    """A stacked fraction: numerator, a drawn rule, denominator, and an optional
    multiplier (``x 100%``) to the right, vertically centred on the rule."""

    gap = 2.0

    def __init__(
        self,
        numerator: str,
        denominator: str,
        multiplier: str | None,
        style: ParagraphStyle,
        rule_width: float = 0.6,
    ) -> None:
        super().__init__()
        self.style = style
        self.multiplier = multiplier
        self.rule_width = rule_width
        centred = ParagraphStyle("frac", style, alignment=TA_CENTER)
        self.num = Paragraph(escape(numerator), centred)
        self.den = Paragraph(escape(denominator), centred)
        self._mw = (
            pdfmetrics.stringWidth(multiplier, style.fontName, style.fontSize) + 3 * self.gap
            if multiplier
            else 0.0
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = max(availWidth - self._mw, 20.0)
        _, self._nh = self.num.wrap(inner, availHeight)
        _, self._dh = self.den.wrap(inner, availHeight)
        self._inner = inner
        self.width = availWidth
        self.height = self._nh + self._dh + 2 * self.gap
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        rule_y = self._dh + self.gap
        self.den.drawOn(c, 0, 0)
        self.num.drawOn(c, 0, rule_y + self.gap)
        widest = max(
            max(self.num.getActualLineWidths0() or [0.0]),
            max(self.den.getActualLineWidths0() or [0.0]),
        )
        x0 = (self._inner - widest) / 2 - 1
        c.setLineWidth(self.rule_width)
        c.line(x0, rule_y, x0 + widest + 2, rule_y)
        if self.multiplier:
            c.setFont(self.style.fontName, self.style.fontSize)
            c.drawString(
                self._inner + 2 * self.gap, rule_y - self.style.fontSize * 0.33, self.multiplier
            )


def ratio_suffix(ind: Indicator) -> str | None:
    """The multiplier part of a ratio formula (``x 100%``), or None when it has none.

    The truth writes a ratio ``PEMBILANG / PENYEBUT[ x N[%]]``: whatever follows the
    two sides is the multiplier as printed."""
    head = f"{ind['pembilang']} / {ind['penyebut']}"
    formula = ind.get("formula") or ""
    if formula.startswith(head):
        return formula[len(head) :].strip() or None
    return None


def is_ratio(ind: Indicator) -> bool:
    return bool(ind.get("pembilang") and ind.get("penyebut"))


def fraction(ind: Indicator, style: ParagraphStyle, misplaced: bool = False) -> Fraction:
    """The stacked fraction of a ratio indicator. ``misplaced`` prints the multiplier
    at the end of the numerator (a real variant: ``Jumlah A x 100%`` over ``Jumlah B``)."""
    suffix = ratio_suffix(ind)
    if misplaced and suffix:
        return Fraction(f"{ind['pembilang']} {suffix}", ind["penyebut"], None, style)
    return Fraction(ind["pembilang"], ind["penyebut"], suffix, style)


@dataclass(slots=True)
class PrintedRow:
    """One row as printed: one or more truth indicators that shared a cell."""

    indicators: list[Indicator] = field(default_factory=list)

    @property
    def first(self) -> Indicator:
        return self.indicators[0]

    @property
    def no(self) -> str | None:
        return self.first.get("no")

    @property
    def sasaran(self) -> str | None:
        return self.first.get("sasaran")

    @property
    def multi(self) -> bool:
        return len(self.indicators) > 1

    def column(self, key: str) -> list[Any]:
        return [ind.get(key) for ind in self.indicators]

    def cell_values(self, key: str) -> list[Any]:
        """Values of a per-indicator column as printed in the one shared cell: once when
        every split row carries the same value (the truth copied the whole cell), else
        one per indicator (the truth paired the cell's items by order)."""
        vals = self.column(key)
        return vals[:1] if all(v == vals[0] for v in vals) else vals

    def sources(self) -> list[str]:
        """The source cell's items: the whole list when copied onto every split row,
        else the paired items concatenated in order."""
        lists = self.column("sumber_data")
        if all(lst == lists[0] for lst in lists):
            return list(lists[0])
        return [s for lst in lists for s in lst]


def group_split_cells(
    indicators: Iterable[Indicator], same_cell: Callable[[Indicator, Indicator], bool] | None = None
) -> list[PrintedRow]:
    """Undo the truth's splitting of multi-indicator cells.

    Default rule (layouts where every printed row has its own No, e.g. Kapuas Hulu,
    Tanjung Seruni): consecutive indicators with the same non-null ``no`` and the same
    sasaran came from one printed row. Layouts with merged No/Sasaran cells (Barito
    Kuala) pass ``same_cell`` returning False to keep every indicator its own row."""
    rule = same_cell or (lambda a, b: a.get("no") is not None and a.get("no") == b.get("no"))
    rows: list[PrintedRow] = []
    for ind in indicators:
        if rows and rule(rows[-1].first, ind) and rows[-1].sasaran == ind.get("sasaran"):
            rows[-1].indicators.append(ind)
        else:
            rows.append(PrintedRow([ind]))
    return rows


def runs(values: Sequence[Any]) -> list[tuple[int, int]]:
    """``(start, end)`` index ranges (inclusive) of consecutive equal non-null values."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or values[start] is None:
            out.append((start, i - 1))
            start = i
    return out


def load_truth(name: str) -> Truth:
    return json.loads((TRUTH_DIR / f"{name}.json").read_text(encoding="utf-8"))


def format_nip(nip: str | None) -> str:
    """``197010221991011001`` -> ``19701022 199101 1 001`` (the printed grouping)."""
    if not nip or len(nip) != 18:
        return nip or ""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


_MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def format_date(iso: str | None) -> str:
    """``2023-03-01`` -> ``1 Maret 2023``."""
    if not iso:
        return ""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {_MONTHS[m - 1]} {y}"


def fungsi_text(items_: Sequence[str], i: int, last_sep: str = "; dan") -> str:
    """Item ``i`` of a fungsi list with the punctuation decrees print (``;``, ``; dan``, ``.``)."""
    if i == len(items_) - 1:
        return items_[i] + "."
    return items_[i] + (last_sep if i == len(items_) - 2 else ";")


def make_doc(
    out: Path | BinaryIO,
    pagesize: tuple[float, float],
    margins: tuple[float, float, float, float],
    title: str,
    on_page: Callable[[Any, Any], None] | None = None,
) -> BaseDocTemplate:
    """A single-frame document with fixed metadata (``invariant``: byte-identical
    output on every run). ``margins`` is ``(left, right, top, bottom)``."""
    left, right, top, bottom = margins
    doc = BaseDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author="iki-ingest sample generator",
        creator="iki-ingest samples/generate.py",
        producer="ReportLab",
        invariant=1,
    )
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id="body")
    kwargs: dict[str, Any] = {"onPage": on_page} if on_page else {}
    doc.addPageTemplates([PageTemplate(id="main", frames=[frame], pagesize=pagesize, **kwargs)])
    return doc


def frame_width(doc: BaseDocTemplate) -> float:
    return doc.width - 12  # Frame's default 6pt padding on each side


def list_marker(row: PrintedRow, numbered: frozenset[str]) -> str:
    """``{n}.`` when the row's multi-indicator cell is numbered, else ``-``."""
    return "{n}." if row.first.get("indikator") in numbered else "-"


def indicator_cell(
    row: PrintedRow, style: ParagraphStyle, numbered: frozenset[str]
) -> list[Flowable]:
    """The indicator cell: one paragraph, or a ``- A`` / ``1. A`` list for a split cell."""
    names = [i.get("indikator") for i in row.indicators]
    if not row.multi:
        return [p(names[0], style)]
    return items([n or "" for n in names], style, list_marker(row, numbered))


def formula_cell(
    row: PrintedRow,
    style: ParagraphStyle,
    *,
    inline: frozenset[str] = frozenset(),
    misplaced: frozenset[str] = frozenset(),
    list_formula: frozenset[str] = frozenset(),
    numbered: frozenset[str] = frozenset(),
    null_text: str = "",
    stack: bool = True,
) -> list[Flowable]:
    """The formula cell of a printed row.

    A ratio is a stacked :class:`Fraction` (``stack``) unless listed in ``inline``;
    a formula the truth joined with ``; `` from a list cell is printed as that list;
    several paired formulas of a split cell are listed in order, one line each;
    a null formula prints ``null_text`` (``-`` in layouts that print a dash)."""
    vals = row.cell_values("formula")
    if row.multi and len(vals) > 1:
        return items([v or "-" for v in vals], style, list_marker(row, numbered))
    ind = row.first
    formula = vals[0]
    if formula is None:
        return [p(null_text, style)] if null_text else []
    if is_ratio(ind) and stack and ind.get("indikator") not in inline:
        return [fraction(ind, style, misplaced=ind.get("indikator") in misplaced)]
    if ind.get("indikator") in list_formula or (not is_ratio(ind) and "; " in formula):
        return items(formula.split("; "), style, "-")
    return [p(formula, style)]


def source_cell(row: PrintedRow, style: ParagraphStyle, marker: str = "-") -> list[Flowable]:
    """The sumber data cell: a single source bare, several as a marked list."""
    srcs = row.sources()
    if len(srcs) == 1:
        return [p(srcs[0], style)]
    return items(srcs, style, marker)


def right_block(content: Sequence[Flowable], width: float, col: float = 240) -> Table:
    """``content`` stacked in a column at the right edge (signatures, Lampiran headers)."""
    t = Table([["", list(content)]], colWidths=[width - col, col])
    t.setStyle(borderless())
    return t


def signature(
    st: Styles,
    head: Sequence[str],
    name: str,
    tail: Sequence[str],
    gap: float = 40,
    underline: bool = True,
    style: ParagraphStyle | None = None,
) -> list[Flowable]:
    """A signature: ``head`` lines (place, date, title), a gap for the signature
    itself, the name (underlined, bold) and ``tail`` lines (rank, NIP)."""
    sty = style or st.body
    name_markup = f"<b>{escape(name)}</b>"
    if underline:
        name_markup = f"<u>{name_markup}</u>"
    out: list[Flowable] = [p(ln, sty) if ln else Spacer(1, st.size) for ln in head]
    out += [Spacer(1, gap), p(name_markup, sty, markup=True)]
    return out + [p(ln, sty) for ln in tail]


def _longest_word(para: Paragraph) -> float:
    text = "".join(getattr(f, "text", "") for f in para.frags)
    st = para.style
    return max(
        (pdfmetrics.stringWidth(w, st.fontName, st.fontSize) for w in text.split()), default=0
    )


def _shrink(para: Paragraph, avail: float, min_size: float) -> Paragraph:
    """``para`` again in a smaller font when one of its words is wider than ``avail``
    (so the word is never broken inside: the text layer keeps it whole, like a
    clerk shrinking the font of one crowded cell)."""
    width = _longest_word(para) + para.style.leftIndent
    if width <= avail:
        return para
    st = para.style
    size = max(min_size, st.fontSize * avail / width * 0.98)
    scale = size / st.fontSize
    small = ParagraphStyle(
        f"{st.name}_fit{size:.1f}",
        st,
        fontSize=size,
        leading=st.leading * scale,
        leftIndent=st.leftIndent * scale,
        bulletFontSize=size,
    )
    return Paragraph(para.text, small, bulletText=para.bulletText)


def fit_cells(
    data: list[list[Any]], widths: Sequence[float], pad: float, min_size: float = 5.5
) -> None:
    """Shrink (in place) the font of any cell paragraph holding a word wider than its
    column, including list items and the two sides of a :class:`Fraction`."""
    for row in data:
        for c, cell in enumerate(row):
            avail = widths[c] - 2 * pad
            if isinstance(cell, Paragraph):
                row[c] = _shrink(cell, avail, min_size)
            elif isinstance(cell, list):
                row[c] = [
                    _shrink(f, avail, min_size) if isinstance(f, Paragraph) else f for f in cell
                ]
                for f in row[c]:
                    if isinstance(f, Fraction):
                        f.num = _shrink(f.num, avail - f._mw, min_size)
                        f.den = _shrink(f.den, avail - f._mw, min_size)
            elif isinstance(cell, Fraction):
                cell.num = _shrink(cell.num, avail - cell._mw, min_size)
                cell.den = _shrink(cell.den, avail - cell._mw, min_size)
