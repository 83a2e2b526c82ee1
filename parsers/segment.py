"""Reading-order stream of lines and tables -> preamble, jabatan blocks, trailer.

Header forms seen in the wild (all handled by the same label patterns):
- "INDIKATOR KINERJA INDIVIDU" + "1. Jabatan : / 2. Tugas (Pokok) : / 3. Fungsi :"
- "Nama Organisasi : / Jabatan : / Tugas :" (Barito Kuala)
- "PERANGKAT DAERAH / JABATAN / TUGAS / FUNGSI" as a form (Kutai Kartanegara)
- a header drawn as a two-column table (label | value) is turned back into lines.
Lines after a block's table are its signature; a signature only the last block
has, and that is not its holder's, is the document's closing signature.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.structure import Block, Line, ParsedDocument, Table

_NUM = (
    r"^\s*(?:[^\w\s]{1,3}\s*|[a-z]{1,2}\s+)?"
    r"(?P<num>(?:\d{1,2}|(?:[ivxIVX]{1,4}|[l|!])(?=\s*[.)]))\s*(?:[.,:)\-‘’“”'\"`]\s*){0,3})?"
)
"""Optional list bullet, OCR speck or garbled number ("' 2. Tugas", "he Tugas Pokok"),
then the item number ("1.", "1..", with a speck read after it: "1.- Jabatan",
"1. “Jabatan"), a roman one ("I.", "II)"), or a "1." OCR read as "i.", "l." or "|."."""
_SEP = r"(?P<sep>\s*(?:[‘’“”'\"`,]\s*)*[:;.\-–])?\s*"
"""The separator after a label, a speck read before it or not ("TUGAS POKOK ' :")."""
LABELS: dict[str, re.Pattern[str]] = {
    "organisasi": re.compile(
        _NUM
        + r"(?:nama\s*organisasi|perangkat\s*daerah|unit\s*kerja|satuan\s*kerja"
        + r"|nama\s*opd|opd|skpd)\b"
        + _SEP
        + r"(?P<v>.*)$",
        re.IGNORECASE,
    ),
    # OCR reads "Jabatan" as "Jabatari" or "Jabatam"
    "jabatan": re.compile(
        _NUM + r"(?:nama\s*)?jabata(?:n|ri|m)\b" + _SEP + r"(?P<v>.*)$", re.IGNORECASE
    ),
    # "Tugas", "Tugas Pokok", "Uraian Tugas", "Ikhtisar Jabatan" (job-analysis wording)
    "tugas": re.compile(
        _NUM + r"(?:(?:uraian\s*)?tugas(?:\s*pokok)?|ikhtisar\s*jabatan)\b" + _SEP + r"(?P<v>.*)$",
        re.IGNORECASE,
    ),
    "fungsi": re.compile(_NUM + r"fungsi\b" + _SEP + r"(?P<v>.*)$", re.IGNORECASE),
}
_IK_LABEL = re.compile(
    r"^\s*(?:\d{1,2}\s*[.,)]?\s*)?indikator\s+kinerja\s*[:.]?\s*$", re.IGNORECASE
)
HEADING = re.compile(
    r"indikator\s+(?:kinerja\s+)?(?:individu|utama)"
    r"|^\s*indikator\s+kinerja\s*\(\s*ik[iu]?\s*\)",
    re.IGNORECASE,
)
_NIP_WORD = r"\bN\s*I\s*[PF]\b"
"""The word "NIP" as printed or read ("N I P", "NIF")."""
_SIGNED = re.compile(
    _NIP_WORD + r"|\b\d{1,2}\s+(?:januari|februari|maret|april|mei|juni|juli|agustus|september"
    r"|oktober|november|desember)\s+\d{4}\b",
    re.IGNORECASE,
)
_MAX_LABEL_LINE = 400
_LEAD_SEP = re.compile(r"^\s*(?:[‘’“”'\"`.,]\s*)*(?:[:;|]|[1lI!](?=\s+[A-Z]))\s*")
"""The ":" before a value printed apart from its label; OCR may read it as "1",
"l", "|" or "!" (": Kepala Sub Bagian" -> "1 Kepala Sub Bagian"), a speck before it
as a quote or a stop ("“1 Kepala Bidang", ". 1 Kepala Bidang")."""


def label_of(text: str) -> tuple[str, str] | None:
    """``("jabatan", "Sekretaris")`` for "1. Jabatan : Sekretaris", else None.

    A label needs a number before it or a separator after it, so a wrapped line
    such as "Tugas dan Fungsinya." is not one.
    """
    if len(text) > _MAX_LABEL_LINE:
        return None
    for name, pat in LABELS.items():
        m = pat.match(text)
        if m and _SEP_LOOKALIKE.match(m.group("v")):
            return name, ""  # "Jabatan 1": the colon read as "1", the value printed apart
        if m and (m.group("num") or m.group("sep") or not m.group("v")):
            return name, m.group("v").strip()
    return None


_SEP_LOOKALIKE = re.compile(r"^(?:[1lI!|]|[‘’“”'\"`,]+)\s*$")
"""A label's ":" read alone as "1", "l", "I", "!" or "|", as :data:`_LEAD_SEP`, or
as a quote or comma speck ("Jabatan '")."""


def value_line(line: Line, value: str) -> Line:
    """``line`` cut down to ``value``, its tail (the label and the separator before
    it dropped), with the words that make it up: OCR'd lines are rebuilt from
    their words later."""
    n = len(value.split())
    words = list(line.words[-n:]) if n and len(line.words) >= n else list(line.words)
    return Line(value, line.page, line.bbox, words)


def is_heading(text: str) -> bool:
    return bool(HEADING.search(text)) and len(text) < 140


def has_signature(lines: list[Line]) -> bool:
    """Do these lines hold a signature (a NIP or a written date)?"""
    return any(_SIGNED.search(ln.text) for ln in lines)


def _form_table_lines(table: Table) -> list[Line] | None:
    """A header drawn as a label|value table -> "Label : value" lines."""
    if table.n_cols > 3 or len(table.rows) < 2:
        return None
    out: list[Line] = []
    hits = 0
    for row in table.rows:
        cells = [c for c in row if not c.spanned]
        if not cells:
            continue
        label = cells[0].text
        value_cells = [c for c in cells[1:] if not c.is_empty]
        value = " ".join(c.text for c in value_cells).lstrip(":").strip()
        lab = label_of(f"{label} : {value}") if label else None
        if lab:
            hits += 1
            first = f"{label} : "
            value_lines = [ln for c in value_cells for ln in c.lines]
            if value_lines:
                out.append(
                    Line(
                        first + value_lines[0].text.lstrip(": "),
                        table.page,
                        value_lines[0].bbox,
                        value_lines[0].words,
                    )
                )
                out.extend(value_lines[1:])
            else:
                out.append(Line(first, table.page, cells[0].bbox))
        else:
            out.extend(ln for c in cells for ln in c.lines)
    return out if hits >= 2 else None


def segment(items: Iterable[Line | Table], pages: int = 1) -> ParsedDocument:
    """Split the stream into preamble, blocks and trailer."""
    doc = ParsedDocument(pages=pages)
    block: Block | None = None
    field = "preamble"
    pending: list[Line] = []  # heading lines seen after a block's table: the next block's
    ik_label = False  # an "Indikator Kinerja" label among them (a block header's last)

    stream: list[Line | Table] = []
    for it in items:
        if isinstance(it, Table) and (lines := _form_table_lines(it)) is not None:
            stream.extend(lines)
        else:
            stream.append(it)
    stream = _join_split_headings(stream)

    for it in stream:
        if isinstance(it, Table):
            if block is None:
                block = _open(doc, pending, it.page)
            elif field == "pending" and (
                _unlabelled_header(pending) or _bare_header(pending, ik_label)
            ):
                block = _open_unlabelled(doc, pending, it.page)
            elif field == "post" and (after := _after_signed(block)) is not None:
                block = _open_after_signature(doc, block, after, it.page)
            ik_label = False
            block.tables.append(it)
            block.page_end = max(block.page_end, it.page)
            field = "post"
            continue
        text = it.text.strip()
        if not text:
            continue
        lab = label_of(text)
        if lab is not None:
            name, value = lab
            if (
                block is None
                or block.tables
                or (name == "jabatan" and block.jabatan)
                or (name == "organisasi" and (block.organisasi or block.jabatan))
            ):
                block = _open(doc, pending, it.page)
                if name in ("tugas", "fungsi"):
                    _jabatan_label_lost(block, name)
            field = name
            if value:
                getattr(block, name).append(value_line(it, value))
            block.page_end = max(block.page_end, it.page)
            continue
        if block is None:
            doc.preamble.append(it)
            continue
        if is_heading(text):
            if block.tables:
                pending.append(it)
                field = "pending"
            else:
                block.heading.append(it)
                field = "heading"
            continue
        if _IK_LABEL.match(text):
            field = "heading" if not block.tables else field
            ik_label = field == "pending"
            continue
        block.page_end = max(block.page_end, it.page)
        if field == "jabatan" and block.jabatan and not block.tugas and (verb := _VERB.match(text)):
            field = "tugas"  # the "Tugas" label lost: a duty is no more of the title
            it, text = value_line(it, text[verb.end() :]), text[verb.end() :]
        if field in ("jabatan", "tugas", "fungsi", "organisasi", "heading"):
            target = getattr(block, field)
            if not target and field != "heading":
                # the value printed apart from its label ("1. JABATAN    : KEPALA ...")
                value = _LEAD_SEP.sub("", text)
                if not value:
                    continue
                if value != text:
                    it = value_line(it, value)
            target.append(it)
        elif field == "pending":
            pending.append(it)
        else:
            block.signature.append(it)
    doc.trailer.extend(pending)
    _closing_signature(doc)
    return doc


def _open(doc: ParsedDocument, pending: list[Line], page: int) -> Block:
    block = Block(heading=list(pending), page_start=page, page_end=page)
    pending.clear()
    doc.blocks.append(block)
    return block


_HEADER_FIELDS = ("jabatan", "tugas", "fungsi")
_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z])\s*[.)]\s+\S")
"""A numbered item ("1. Menganalisis ...", "b) Menyusun ...")."""


def _unlabelled_header(pending: list[Line]) -> bool:
    """Do the lines after a block's table, from a repeated heading on, look like
    the next block's header whose labels the scan lost: a heading and at least
    two values printed apart from their labels (": Pengadministrasi", ": Membantu
    ...")? A running page heading above a continued table has no such values."""
    return (
        bool(pending)
        and is_heading(pending[0].text)
        and sum(bool(_LEAD_SEP.match(ln.text)) for ln in pending[1:]) >= 2
    )


def _bare_header(pending: list[Line], ik_label: bool) -> bool:
    """A repeated heading, then the next block's header lines with every label
    and colon lost (Kutai Kartanegara's heavy scan, page 17: "INDIKATOR KINERJA
    INDIVIDU", "Analis Sumber Daya ...", "Membantu pimpinan ...", "1.
    Menganalisis ...", "2. Menyusun ..."): a new block, not more of the last
    one's signature area. Told by the "Indikator Kinerja" label that closes a
    header, by numbered fungsi items, or by a title followed by a duty ("me-"
    verb: "Pengadministrasi Keuangan", "Membantu pimpinan ..."); a running
    heading over a continued table has none, a signature area has a NIP or a
    date."""
    if not pending or not is_heading(pending[0].text) or has_signature(pending):
        return False
    values = [ln for ln in pending[1:] if not is_heading(ln.text)]
    if len(values) < 2:
        return False
    items = sum(bool(_ITEM.match(ln.text)) for ln in values)
    duty = not _VERB.match(values[0].text) and bool(_VERB.match(values[1].text))
    return ik_label or items >= 2 or duty


def _open_unlabelled(doc: ParsedDocument, pending: list[Line], page: int) -> Block:
    """A block whose labels OCR garbled: the values printed after ":" fill
    jabatan, tugas and fungsi in the order every layout prints them; a line
    without ":" continues the value before it (or is a heading, or the lost
    label itself, before the first value)."""
    block = Block(page_start=min(ln.page for ln in pending), page_end=page, unlabelled=True)
    if any(_LEAD_SEP.match(ln.text) for ln in pending):
        _fill_colon_values(block, pending)
    else:
        _fill_bare(block, pending)
    pending.clear()
    doc.blocks.append(block)
    return block


def _jabatan_label_lost(block: Block, label: str) -> None:
    """A block opened at its "Tugas" or "Fungsi" label whose "Jabatan" label the
    scan lost ("INDIKATOR KINERJA INDIVIDU", "Ta He", "atan :", ": Kepala Bidang
    Sosial", "2. Tugas Pokok"): the first value printed after ":" among the lines
    before the label is the title, what follows it the rest of the title (before
    "Tugas") or the tugas (before "Fungsi"). The block is marked unlabelled, so its
    position is flagged for review."""
    for i, ln in enumerate(block.heading):
        if is_heading(ln.text) or not _LEAD_SEP.match(ln.text):
            continue
        value = _LEAD_SEP.sub("", ln.text)
        if not value or _VERB.match(value):
            return
        rest = [r for r in block.heading[i + 1 :] if any(c.isalnum() for c in r.text)]
        block.heading = block.heading[:i]
        block.jabatan.append(value_line(ln, value))
        (block.tugas if label == "fungsi" else block.jabatan).extend(rest)
        block.unlabelled = True
        return


def _fill_colon_values(block: Block, pending: list[Line]) -> None:
    """Header values printed after ":" with their labels lost, into jabatan, tugas
    and fungsi in print order."""
    fields = iter(_HEADER_FIELDS)
    target: list[Line] | None = None
    for ln in pending:
        value = _LEAD_SEP.sub("", ln.text) if _LEAD_SEP.match(ln.text) else None
        if (
            value is None
            and target is block.jabatan
            and block.jabatan
            and (verb := _VERB.match(ln.text))
        ):
            value = ln.text[verb.end() :]  # the tugas whose colon was lost: not a title
        if value is not None and (name := next(fields, None)) is not None:
            if name == "jabatan" and _VERB.match(value):
                name = next(fields)  # the title lost: the first value is the tugas
            target = getattr(block, name)
            if value:
                target.append(value_line(ln, value))
        elif target is not None:
            target.append(ln)
        elif is_heading(ln.text):
            block.heading.append(ln)


def _join_split_headings(stream: list[Line | Table]) -> list[Line | Table]:
    """A heading OCR read as two short lines ("INDIKATOR" / "INDIVIDU", its middle
    word lost) is one heading line."""
    out: list[Line | Table] = []
    for it in stream:
        prev = out[-1] if out else None
        if (
            isinstance(it, Line)
            and isinstance(prev, Line)
            and prev.page == it.page
            and len(prev.text) < 40
            and len(it.text) < 40
            and not is_heading(prev.text)
            and not is_heading(it.text)
            and is_heading(joined := f"{prev.text.strip()} {it.text.strip()}")
        ):
            out[-1] = Line(joined, it.page, prev.bbox, [*prev.words, *it.words])
            continue
        out.append(it)
    return out


def _after_signed(block: Block) -> list[Line] | None:
    """The lines after a NIP in the block's post-table lines, when there is one: a
    table after them is not more of this block (a signed position is closed), but
    the next position's, its header lost to the scan."""
    nips = [i for i, ln in enumerate(block.signature) if _NIP.search(ln.text)]
    return block.signature[nips[-1] + 1 :] if nips else None


_NIP = re.compile(_NIP_WORD + r"\W*\d")


def _open_after_signature(doc: ParsedDocument, block: Block, after: list[Line], page: int) -> Block:
    """A new block for a table that follows a signed block; the lines after the
    NIP are its header when they hold values after colons, else its heading."""
    del block.signature[len(block.signature) - len(after) :]
    if any(_LEAD_SEP.match(ln.text) for ln in after):
        return _open_unlabelled(doc, list(after), page)
    new = Block(heading=list(after), page_start=page, page_end=page, unlabelled=True)
    doc.blocks.append(new)
    return new


_VERB = re.compile(r"^\s*(?:[^\w\s]{1,2}\s*|\d\s+)?(?=Me[mny]?[a-z]{3,})")
"""A line opening with a "me-" verb ("Membantu", "Menyusun"): a duty, never a job
title; a speck or a misread colon may stand before it ("4 Membantu")."""


def _fill_bare(block: Block, pending: list[Line]) -> None:
    """Header values without labels or colons, in the order every layout prints
    them: the first line is the jabatan, then the tugas up to the first numbered
    item, or up to a new "me-" sentence after the tugas's full stop (a single
    unnumbered fungsi), the rest the fungsi."""
    lines = [ln for ln in pending if not is_heading(ln.text)]
    block.heading.extend(ln for ln in pending if is_heading(ln.text))
    block.jabatan.extend(lines[:1])
    for ln in lines[1:]:
        after_stop = bool(block.tugas) and block.tugas[-1].text.rstrip().endswith(".")
        fungsi = _ITEM.match(ln.text) or (after_stop and _VERB.match(ln.text))
        (block.fungsi if block.fungsi or fungsi else block.tugas).append(ln)


def _closing_signature(doc: ParsedDocument) -> None:
    """Move the last block's post-table lines to the trailer when they are the
    document's closing signature: no other block is signed."""
    if len(doc.blocks) < 2 or not has_signature(doc.blocks[-1].signature):
        return
    if any(has_signature(b.signature) for b in doc.blocks[:-1]):
        return
    doc.trailer = doc.blocks[-1].signature + doc.trailer
    doc.blocks[-1].signature = []
