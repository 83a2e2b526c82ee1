"""A block's header lines -> its organisasi / jabatan / tugas / fungsi lines.

Two forms are read:

- inline, ``1. Jabatan : Sekretaris`` / ``2. Tugas : ...`` / ``3. Fungsi : 1. ...``: each
  label carries its value, wrapped lines follow it;
- labels first, values after (OCR reads a two-column form column by column):
  ``PERANGKAT DAERAH / JABATAN / TUGAS / FUNGSI`` (or ``1. Jabatan / 2. Tugas / 3.
  Fungsi``), then ``DINAS SOSIAL / PENGELOLA DATA / <tugas> / <fungsi items>``. The
  values are dealt out in label order: the organisation and the jabatan take one
  line each, the tugas its sentence (until a full stop, a new paragraph or a list
  marker), the fungsi the rest.

Fungsi items whose markers OCR lost (one item per printed line, each ending in ``;``)
get a ``-`` marker so the list splitter sees them as items.
"""

from __future__ import annotations

import re

from domain.structure import Block, Line
from normalize.text import strip_marker
from parsers.flattened_blocks import RawLine, split_label
from parsers.flattened_cues import ends_open, has_letters
from parsers.segment import label_of

_IK_LABEL = re.compile(r"^\s*(?:\d{1,2}\s*[.,)]?\s*)?indikator\s+kinerja\s*[:.]?\s*$", re.I)
_LEAD_DEBRIS = re.compile(r"^[\s\-–—=.:;•*\"'“]+")
_ITEM_END = re.compile(r"(?:[;.,]|[;,]\s*(?:dan|serta))\s*$", re.I)
_FIELDS = ("organisasi", "jabatan", "tugas", "fungsi")


def _value(text: str) -> str:
    """A value line without the separator OCR left before it ("- DINAS SOSIAL")."""
    return _LEAD_DEBRIS.sub("", text).strip()


def _events(lines: list[RawLine]) -> list[tuple[str, str, str]]:
    """(kind, label, text) per line: ``label`` lines, ``value`` lines, ``gap``s."""
    texts = [r.text for r in lines]
    out: list[tuple[str, str, str]] = []
    skip_to = -1
    for i, t in enumerate(texts):
        if i <= skip_to:
            continue
        if not t or not has_letters(t):
            out.append(("gap", "", ""))
            continue
        if _IK_LABEL.match(t):
            out.append(("gap", "", ""))
            continue
        lab = label_of(t)
        if lab is None and (split := split_label(texts, i)) is not None:
            lab, skip_to = split
        if lab is not None:
            out.append(("label", lab[0], lab[1]))
        else:
            out.append(("value", "", t))
    return out


def _tugas_len(values: list[tuple[str, bool]]) -> int:
    """How many of the next value lines (text, after_gap) make the tugas sentence."""
    n = 1
    while n < len(values):
        prev, (text, gap) = values[n - 1][0], values[n]
        if strip_marker(text)[0] is not None:
            break
        lower = text[:1].islower()
        if prev.rstrip().endswith((".", ";")) and not lower:
            break
        if gap and not lower and not ends_open(prev):
            break
        n += 1
    return n


def _marked(text: str) -> bool:
    return strip_marker(text)[0] is not None or text[:1].isdigit()


def _mark_items(lines: list[tuple[str, bool]]) -> list[str]:
    """Fungsi lines; when OCR lost most markers, a line opening a new item gets ``- ``:
    a title-case word after a line closing an item (``;``, ``.``, ``,``, ``; dan``) or
    after a paragraph gap. Lists that kept their markers are left alone (a wrapped
    line may start with a capital too)."""
    texts = [t for t, _ in lines]
    if sum(_marked(t) for t in texts) * 2 >= len(texts):
        return texts
    out: list[str] = []
    prev = ""
    for k, (text, gap) in enumerate(lines):
        first = text.split()[0] if text.split() else ""
        title = first[:1].isupper() and any(c.islower() for c in first)
        closes = bool(_ITEM_END.search(prev)) or (gap and not ends_open(prev))
        if k > 0 and not _marked(text) and title and closes:
            text = "- " + text
        out.append(text)
        prev = text
    return out


def header_block(header: list[RawLine], heading: list[RawLine]) -> Block:
    """The block's fields from its header lines (both forms)."""
    block = Block(heading=[r.line() for r in heading])
    fields: dict[str, list[tuple[str, bool]]] = {f: [] for f in _FIELDS}
    queue: list[str] = []
    current: str | None = None
    values: list[tuple[str, bool]] = []
    gap = False
    for kind, name, text in _events(header):
        if kind == "gap":
            gap = True
            continue
        if kind == "label":
            if text:
                _deal(queue, values, fields)
                queue, values = [], []
                current = name
                fields[name].append((_value(text) if name != "fungsi" else text, False))
            else:
                if values:
                    _deal(queue, values, fields)
                    values = []
                    queue = []
                queue.append(name)
                current = None
            gap = False
            continue
        if current is not None and not queue:
            fields[current].append((text, gap))
        elif queue:
            values.append((text, gap))
        else:  # text before any label: kept with the block's title lines
            block.heading.append(Line(text))
        gap = False
    _deal(queue, values, fields)
    for name in _FIELDS:
        rows = fields[name]
        texts = _mark_items(rows) if name == "fungsi" else [t for t, _ in rows]
        getattr(block, name).extend(Line(t) for t in texts if t)
    return block


def _deal(
    queue: list[str], values: list[tuple[str, bool]], fields: dict[str, list[tuple[str, bool]]]
) -> None:
    """Deal labels-first values out to the queued labels, in order."""
    if not values or not queue:
        return
    k = 0
    for n, name in enumerate(queue):
        if k >= len(values):
            break
        last = n == len(queue) - 1
        if last:
            take = len(values) - k
        elif name == "tugas":
            take = _tugas_len(values[k:])
        else:
            take = 1
        chunk = values[k : k + take]
        if name in ("organisasi", "jabatan", "tugas"):
            chunk = [(_value(chunk[0][0]), chunk[0][1]), *chunk[1:]]
        fields[name].extend(chunk)
        k += take
