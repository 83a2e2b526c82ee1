"""Raw OCR text -> preamble and jabatan block spans (header, table, signature lines).

A block opens at its heading (``INDIKATOR KINERJA INDIVIDU``) or at its first label
(``1. Jabatan``, ``PERANGKAT DAERAH``); its table opens at the column-header line(s);
its signature opens at the first place/date or NIP line under the table (plus the
caption, name and rank lines printed above a NIP); the next heading or label opens
the next block. Blank lines are kept inside the table span: OCR puts a gap between
cell paragraphs it read separately, which the row recovery uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from domain.structure import Line
from parsers.flattened_cues import has_letters, header_kinds
from parsers.segment import has_signature, is_heading, label_of

_IK_LABEL = re.compile(r"^\s*(?:\d{1,2}\s*[.,)]?\s*)?indikator\s+kinerja\s*[:.]?\s*$", re.I)
# "Tenggarong, 31 Januari 2023", also with the month misread ("31 fanuari 2023") or the
# day lost ("Tenggarong, anuari 2023"): the top line of a signature.
_PLACE_DATE = re.compile(
    r"^[A-Z][A-Za-z .'-]{2,30},\s*(?:\d{1,2}\s+)?[A-Za-z]{3,12}\.?\s+(?:19|20)\d{2}\s*$"
)
_NIP = re.compile(r"\bN\s*I\s*[PF]\b\.?\s*[:.]?\s*\d")
_RANK = re.compile(
    r"\b(?:pembina|penata|pengatur|juru)\b|\btk\.?\s*[i1l|]|\((?:i{1,3}|iv|ii)/[a-e]\)", re.I
)
_TITLE = re.compile(
    r"\b(?:Drs?|Dra|Ir|Hj?|S\.?\s?(?:Sos|H|E|Pd|Kom|T|IP|Hut|HUT|Ag|Psi|Kep|KM)|"
    r"M\.?\s?(?:Si|M|AP|Pd|Kes|H|T|Sc)|SH|SE|ST|MM|MSi)\b\.?"
)
_CAPTION_HEAD = re.compile(
    r"^(?:kepala|sekretaris|atasan|mengetahui|plt|pj|a\.?\s?n\.?|kasubag|kabid|kasi|camat"
    r"|bupati|walikota|wali kota|direktur|pejabat|yang menilai|pihak)\b",
    re.I,
)
_MAX_WALK_BACK = 6


@dataclass(slots=True)
class RawLine:
    """One OCR line with its 0-based index in the text ("" for a blank line)."""

    idx: int
    text: str

    def line(self) -> Line:
        return Line(self.text)


@dataclass(slots=True)
class BlockSpan:
    """The lines of one jabatan block, by part."""

    heading: list[RawLine] = field(default_factory=list)
    header: list[RawLine] = field(default_factory=list)
    """Label and value lines (jabatan, tugas, fungsi ...), blanks kept."""
    table: list[RawLine] = field(default_factory=list)
    """From the first column-header line to the signature, blanks kept."""
    signature: list[RawLine] = field(default_factory=list)


def split_label(lines: list[str], i: int) -> tuple[tuple[str, str], int] | None:
    """A label OCR broke over short lines ("PERANG" / "KAT" / "DAERAH"): the label and
    the index of its last line. Tried only on a short one-word upper-case line."""
    t = lines[i].strip()
    if not t or len(t) > 12 or " " in t or not t.isupper():
        return None
    parts = [t]
    j = i
    while len(parts) < 3:
        j += 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or len(lines[j].strip()) > 12 or not lines[j].strip().isupper():
            return None
        parts.append(lines[j].strip())
        for joined in ("".join(parts), " ".join(parts), "".join(parts[:-1]) + " " + parts[-1]):
            lab = label_of(joined)
            if lab is not None and not lab[1]:
                return lab, j
    return None


def _label_at(lines: list[str], i: int) -> tuple[str, int] | None:
    """The label name at line ``i`` and the index of its last line."""
    lab = label_of(lines[i].strip())
    if lab is not None:
        return lab[0], i
    split = split_label(lines, i)
    return (split[0][0], split[1]) if split is not None else None


def _is_block_label(lines: list[str], i: int) -> bool:
    """A ``Jabatan`` label, or an organisation label with a ``Jabatan`` label in the
    next few lines. An organisation label alone is not enough: "Perangkat Daerah -
    DPAKegiatan" is a sasaran's second line beside a source item (seed 001)."""
    lab = _label_at(lines, i)
    if lab is None or lab[0] not in ("jabatan", "organisasi"):
        return False
    if lab[0] == "jabatan":
        return True
    j, seen = lab[1] + 1, 0
    while j < len(lines) and seen < 4:
        if lines[j].strip():
            seen += 1
            nxt = _label_at(lines, j)
            if nxt is not None:
                return nxt[0] == "jabatan"
        j += 1
    return False


def header_start(lines: list[str], i: int) -> bool:
    """Does a table's column header open at line ``i``? The header may be spread over
    several short lines (OCR reads each header cell alone): together they must name
    two columns or more."""
    kinds: set[str] = set()
    j, seen = i, 0
    while j < len(lines) and seen < 8:
        t = lines[j].strip()
        j += 1
        if not t:
            continue
        seen += 1
        if is_heading(t) or (_IK_LABEL.match(t) and t[:1].isdigit()):
            if j - 1 == i:
                return False
            continue
        k = header_kinds(t)
        if k is None:
            if j - 1 == i:
                return False
            if has_letters(t):
                break
            continue
        kinds.update(k)
        if len(kinds) >= 2:
            return True
    return False


def is_anchor(text: str) -> bool:
    """A line that can only be a signature's: place and date, or a NIP."""
    t = text.strip()
    return bool(_PLACE_DATE.match(t) or _NIP.search(t)) or (
        len(t) < 60 and has_signature([Line(t)])
    )


def _signature_like(text: str, jabatan: str) -> bool:
    """Rank, name, caption or scribble lines printed above a NIP."""
    t = text.strip()
    if not any(c.isdigit() for c in t) and (not has_letters(t) or len(t) <= 5):
        return True  # a scribble or OCR dust from a stamp
    if _RANK.search(t) or _TITLE.search(t) or _CAPTION_HEAD.match(t) or t.endswith(","):
        return True
    words = [w for w in t.split() if has_letters(w) or w[:1].isalpha()]
    if t[:1] in "-=•*" or not 2 <= len(words) <= 5:
        return False
    letters = [c for c in t if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 0.7 * len(letters):
        return not any(c.isdigit() for c in t)  # a name in capitals: "ASDIAN NOOR"
    if "," in t and all(w[:1].isupper() for w in words):
        return True  # "Mohd/Ery Faisyal, S.S0S_M.Si": a name and its degrees
    return bool(jabatan) and fuzz.token_set_ratio(t.lower(), jabatan.lower()) >= 85


def _walk_back(table: list[RawLine], jabatan: str) -> int:
    """Index in ``table`` where the signature above a NIP line begins."""
    k = len(table)
    taken = 0
    while k > 0 and taken < _MAX_WALK_BACK:
        t = table[k - 1].text
        if t and not _signature_like(t, jabatan):
            break
        k -= 1
        taken += bool(t)
    while k < len(table) and not table[k].text:
        k += 1
    return k


def _jabatan_hint(span: BlockSpan) -> str:
    for r in span.header:
        lab = label_of(r.text)
        if lab is not None and lab[0] == "jabatan" and lab[1]:
            return lab[1]
    return ""


def split_blocks(text: str) -> tuple[list[RawLine], list[BlockSpan]]:
    """The preamble lines and the block spans of a raw OCR text."""
    lines = [ln.rstrip() for ln in text.splitlines()]
    preamble: list[RawLine] = []
    spans: list[BlockSpan] = []
    cur: BlockSpan | None = None
    phase = "header"
    skip_to = -1
    for i, raw in enumerate(lines):
        if i <= skip_to:
            if cur is not None:
                cur.header.append(RawLine(i, raw.strip()))
            continue
        t = raw.strip()
        opens = bool(t) and (is_heading(t) or _is_block_label(lines, i))
        if opens and (cur is None or phase != "header" or _second_jabatan(cur, t)):
            cur = BlockSpan()
            spans.append(cur)
            phase = "header"
        elif t and (cur is None or phase == "signature") and header_start(lines, i):
            cur = BlockSpan()  # a table with no block header before it (its page lost)
            spans.append(cur)
            phase = "header"
        if cur is None:
            if t:
                preamble.append(RawLine(i, t))
            continue
        if phase == "header":
            if t and not is_heading(t) and header_start(lines, i):
                phase = "table"
            elif t and is_heading(t):
                cur.heading.append(RawLine(i, t))
                cur.header.append(RawLine(i, ""))  # a paragraph break for the values
                continue
            else:
                split = split_label(lines, i) if t else None
                if split is not None:
                    skip_to = split[1]
                cur.header.append(RawLine(i, t))
                continue
        if phase == "table":
            if t and is_anchor(t) and any(r.text for r in cur.table[1:]):
                if _NIP.search(t):
                    k = _walk_back(cur.table, _jabatan_hint(cur))
                    cur.signature.extend(r for r in cur.table[k:] if r.text)
                    del cur.table[k:]
                phase = "signature"
            else:
                cur.table.append(RawLine(i, t))
                continue
        if t:
            cur.signature.append(RawLine(i, t))
    for span in spans:
        while span.table and not span.table[-1].text:
            span.table.pop()
    return preamble, spans


def _second_jabatan(cur: BlockSpan, text: str) -> bool:
    """A second ``Jabatan`` label in a block's header starts another block."""
    lab = label_of(text)
    if lab is None or lab[0] != "jabatan":
        return False
    return any((x := label_of(r.text)) is not None and x[0] == "jabatan" for r in cur.header)
