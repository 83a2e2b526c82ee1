"""Raw rows -> indicator records: clean text, OCR repair, split multi-indicator
cells, parse formulas, classify, score confidence and flag for review."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.pages import BBox, Word
from domain.records import IndicatorRecord
from domain.structure import RULE, Cell
from normalize import confidence as conf
from normalize.formula import (
    OCR_100_PERCENT,
    FormulaParts,
    classify_jenis,
    formula_items,
    parse_formula,
)
from normalize.lists import is_list, looks_numbered, split_items
from normalize.ocr_clean import body_height, clean_ocr_words, tallest_glyph, text_left
from normalize.repair import Repair, RepairResult, close_parenthesis
from normalize.rows import RawRow
from normalize.text import clean_text, join_lines

Repairer = Callable[..., RepairResult]
"""``repair(text, token_conf)``: OCR repair of one line; token_conf maps a token to
its OCR confidence (0..100) or is None."""

NO_FORMULA = FormulaParts(None, None, None, None, False, False)
TEXT_FIELDS = ("sasaran", "penanggung_jawab", "alasan", "target")
KEY_FIELDS = ("sasaran", "indikator", "formula", "sumber_data")


_LONE_LETTER = re.compile(r"(?<=[^\W\d_]{2} )[A-Z](?= [^\W\d_]{2})")
"""A capital letter standing alone between two words: no decree's key field has
one, but OCR leaves one where it broke a word or lost a mark ("Aplikasi M Gaji"
for "Aplikasi M - Gaji", "Peg P Jumlah")."""


_LEADING_BULLET = re.compile(r"^[-•–]\s+\S")
"""A split item that still opens with its list bullet: the cell was a bulleted list
of which only this bullet was read (the others lost), so it holds several items
run together ("- Jumlah anak yang didampingi Jumlah anak yang dirujuk ...")."""


_STRAY_NUMBER = re.compile(r"\s\d{1,2}$")
"""A fraction side ending in a bare one- or two-digit number: OCR's reading of
the "x" before "100%" or of a speck beside the bar ("... tanggap darurat 09 /
Jumlah korban bencana"); a counted quantity ends in a word."""


_EVIDENCE_FLAGS = (
    ("unknown", "unknown_words"),
    ("debris", "ocr_debris"),
    ("confusable", "confusable_word"),
    ("lone_letter", "lone_letter"),
)
"""OCR evidence of a key field (``provenance.ocr``) and the flag it raises, in flag order."""


@dataclass(slots=True)
class RowContext:
    """Per-document settings for turning rows into records."""

    repair: Repairer | None = None
    """OCR repair; None to never repair."""
    repair_all: bool = False
    """Repair every line (a noisy text); otherwise only lines of OCR'd words."""
    is_word: Callable[[str], bool] | None = None
    """Word check used to join hyphenated line breaks."""
    unknown_rate: Callable[[str], float] | None = None
    """Share of a text's words that are not known (OCR noise left after repair)."""
    unknown_words: Callable[[str], list[str]] | None = None
    """The words of a text that are not known (for provenance and review)."""
    confusable_words: Callable[[str], list[str]] | None = None
    """The words of a text that are real but likely misreadings of a frequent decree
    word ("dati -> dari"); checked in OCR'd text only."""


@dataclass(slots=True)
class FieldText:
    """A cell's lines after repair, with the words they came from."""

    lines: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    boxes: list[BBox | None] = field(default_factory=list)
    """Box of each line (None for rules and for text without positions)."""
    debris: list[str] = field(default_factory=list)
    """OCR debris tokens removed from the lines."""
    cell_bbox: BBox | None = None

    @property
    def empty(self) -> bool:
        return not any(ln.strip() for ln in self.lines if ln != RULE)


def read_cell(cell: Cell | None, ctx: RowContext, field_name: str = "") -> FieldText:
    if cell is None:
        return FieldText()
    out = FieldText(words=cell.words, cell_bbox=cell.bbox)
    cell_body = body_height(cell.words) or tallest_glyph(cell.words)
    left = text_left([ln.words for ln in cell.lines if not ln.is_rule])
    last = max((k for k, ln in enumerate(cell.lines) if not ln.is_rule), default=-1)
    for k, ln in enumerate(cell.lines):
        if ln.is_rule:
            out.lines.append(RULE)
            out.boxes.append(None)
            continue
        text = ln.text
        ocr = ln.conf is not None
        if ocr and ctx.is_word is not None:
            nxt = cell.lines[k + 1] if k + 1 < len(cell.lines) else None
            following = nxt.words[0].text if nxt is not None and nxt.words else ""
            cleaned = clean_ocr_words(
                ln.words, field_name, ctx.is_word, following, cell_body=cell_body, left=left
            )
            text = cleaned.text
            out.debris.extend(cleaned.removed)
            if not text.strip():
                continue
        if ctx.repair is not None and text.strip() and (ocr or ctx.repair_all):
            token_conf = {w.text: w.conf for w in ln.words if w.conf is not None} or None
            res = ctx.repair(text, token_conf)
            text = res.text
            out.repairs.extend(res.repairs)
            if k == last:
                text, closed = close_parenthesis(text)
                out.repairs.extend(closed)
        out.lines.append(text)
        out.boxes.append(ln.bbox)
    return out


_REPEAT = re.compile(r"^(?P<a>.{12,}?)\s+(?P=a)$")


def one_line(lines: list[str], ctx: RowContext) -> str | None:
    """Lines -> one cleaned string (None when empty). A phrase printed twice in
    one cell (a converter duplicating a merged cell) is kept once."""
    text = clean_text(join_lines([ln for ln in lines if ln != RULE], is_word=ctx.is_word))
    m = _REPEAT.match(text)
    if m:
        text = m.group("a")
    return text or None


def list_items(ft: FieldText) -> list[str]:
    """Items of a list column (sumber data). Marked items split on their markers;
    unmarked lines are one item unless the layout shows a deliberate line break:
    the next line's first word would have fitted at the end of the line before
    ("DPA" / "Berkas Tagihan" are two sources; "Laporan Survei Kepuasan" /
    "Penerima Layanan" is one, wrapped)."""
    lines = [ln for ln in ft.lines if ln != RULE]
    pairs = [(t, b) for t, b in zip(ft.lines, ft.boxes, strict=False) if t != RULE and t.strip()]
    geometric = len(pairs) >= 2 and all(b is not None for _, b in pairs)
    if is_list(lines):
        if geometric and _is_ocr(ft) and _bulleted(lines[0]):
            lines = _lost_bullets(pairs, _right_edge(ft, pairs))
        return _unrepeated(split_items(lines))
    if not geometric:
        return _unrepeated(split_items(lines))
    right = _right_edge(ft, pairs)
    groups: list[list[str]] = [[pairs[0][0]]]
    for (prev, pb), (text, b) in itertools.pairwise(pairs):
        if _broken_before(text, b, pb, right) or _after_citation(prev, text):
            groups.append([text])
        else:
            groups[-1].append(text)
    return _unrepeated([t for g in groups if (t := clean_text(join_lines(g)))])


Box = tuple[float, float, float, float]


def _right_edge(ft: FieldText, pairs: list[tuple[str, Box | None]]) -> float:
    right = max(b[2] for _, b in pairs if b is not None)
    if ft.cell_bbox is not None:
        right = max(right, ft.cell_bbox[2] - 8.0)
    return right


def _broken_before(text: str, b: Box | None, pb: Box | None, right: float) -> bool:
    """Was the line before ``text`` broken on purpose? Its first word would have
    fitted at the end of the line before."""
    assert b is not None and pb is not None
    first = text.split()[0]
    char_w = (b[2] - b[0]) / max(len(text), 1)
    return pb[2] + char_w * (len(first) + 1) < right


_CITATION_END = re.compile(r"\bNomor\s+\S+\s+Tahun\s+\d{4}[.,;]?$", re.IGNORECASE)
_CITATION_GOES_ON = frozenset({"tentang", "dan", "yang", "tanggal", "pasal", "serta"})


def _after_citation(prev: str, text: str) -> bool:
    """A line after a complete regulation citation ("Kepmensos Nomor 150 Tahun
    2022") that opens with a capitalised word ("Permensos ...") starts a new source,
    however little room the line before had left."""
    first = text.split()[0] if text.split() else ""
    return (
        bool(_CITATION_END.search(prev.strip()))
        and first[:1].isupper()
        and first.lower().strip(",.;:") not in _CITATION_GOES_ON
    )


def _bulleted(line: str) -> bool:
    return line.lstrip()[:1] in "-•–*·"


def _lost_bullets(pairs: list[tuple[str, Box | None]], right: float) -> list[str]:
    """A bulleted OCR list whose bullet OCR lost on a line ("- Anggaran Kas" /
    "NPD Kegiatan"): an unmarked line after a deliberate break is an item."""
    out = [pairs[0][0]]
    for (_prev, pb), (text, b) in itertools.pairwise(pairs):
        lost = not is_list([text]) and _broken_before(text, b, pb, right)
        out.append(f"- {text}" if lost else text)
    return out


_REPEAT_ITEM = re.compile(r"^(?P<a>\S.{5,}?)\s+(?P=a)$")


def _unrepeated(items: list[str]) -> list[str]:
    """A source printed (or read) twice, as one item ("Dinsos PPPA Dinsos PPPA") or
    as two, is one source."""
    out: list[str] = []
    for it in items:
        m = _REPEAT_ITEM.match(it)
        it = m.group("a") if m else it
        if it not in out:
            out.append(it)
    return out


def _formula(parts: FormulaParts) -> dict[str, Any]:
    """Formula fields of a record; ``_guessed`` (popped before the record is
    built) carries what OCR repair of the formula had to guess."""
    return {
        "formula": parts.formula,
        "pembilang": parts.pembilang if parts.is_ratio else None,
        "penyebut": parts.penyebut if parts.is_ratio else None,
        "pengali": parts.pengali,
        "_guessed": list(parts.guessed),
    }


_MARKED = re.compile(r"^\s*\(?(\d{1,3})(?:[.)]|,(?=\s+[A-Z]))\s*(?=\S)")
"""A row number opening an indicator cell: "1.", "1)", or "1," (OCR of "1.")."""
_BARE = re.compile(r"^\s*(\d{1,3})\s+(?=[^\W\d_])")


def _leading_number(text: str, own_no: str | None, bare_ok: bool) -> tuple[str | None, str]:
    """Row numbering printed inside the indicator cell ("1. Laporan ...", "1 Pembuatan
    SPP ..."): returns the number and the text without it. A bare number (no dot)
    counts only when it is the row's own No, or when the row has none of its own
    (or the text is OCR, where dots get lost); "5 Kluster KLA" stays text."""
    m = _MARKED.match(text)
    if m and not re.match(r"\d+[.)]\d", text.strip()):
        return m.group(1), text[m.end() :].strip()
    m = _BARE.match(text)
    if m and (m.group(1) == own_no or (own_no is None and bare_ok)):
        return m.group(1), text[m.end() :].strip()
    return None, text


def _no_ratio(rec: dict[str, Any]) -> bool:
    """A percentage's formula read with neither a ratio nor a multiplier."""
    return rec.get("penyebut") is None and rec.get("pengali") is None


def _is_ocr(ft: FieldText) -> bool:
    """Did the field's words come from OCR (they carry confidences)?"""
    return any(w.conf is not None for w in ft.words)


def _row_no(raw: RawRow, ctx: RowContext) -> str | None:
    no = one_line(read_cell(raw.cells.get("no"), ctx, "no").lines, ctx)
    if no is None:
        return None
    no = no.strip().rstrip(".):,;").lstrip("(").strip()
    return no or None


def row_records(raw: RawRow, ctx: RowContext) -> list[dict[str, Any]]:
    """One raw row -> one or more indicator dicts (fields of IndicatorRecord
    without ids), with confidence, flags and provenance."""
    fields = {c: read_cell(raw.cells.get(c), ctx, c) for c in raw.cells}
    ind = fields.get("indikator", FieldText())
    frm = fields.get("formula", FieldText())
    src = fields.get("sumber_data", FieldText())
    no = _row_no(raw, ctx)

    base: dict[str, Any] = {
        f: one_line(fields[f].lines, ctx) if f in fields else None for f in TEXT_FIELDS
    }
    ind_lines = [ln for ln in ind.lines if ln != RULE]
    items = split_items(ind_lines) if ind_lines else []
    split = len(items) >= 2 and is_list(ind_lines)
    own_no = None if "no" in raw.inherited else no
    if not split:
        items = [one_line(ind_lines, ctx)] if ind_lines and not ind.empty else [None]
        if items[0] is not None:
            bare_ok = "no" in raw.inherited or ctx.repair_all or _is_ocr(ind)
            num, rest = _leading_number(items[0], own_no, bare_ok)
            if num is not None:
                items = [rest]
                if own_no is None:
                    no = num
    numbers = [looks_numbered(ln) for ln in ind_lines] if split else []

    ocr = ctx.repair_all or _is_ocr(frm)
    frm_items = formula_items(frm.lines, ocr=ocr, expected=len(items)) if split else None
    src_items = list_items(src) if not src.empty else []
    n = len(items)
    paired_formula = frm_items is not None and len(frm_items) == n
    paired_source = split and len(src_items) == n

    out = []
    for k, indikator in enumerate(items):
        rec: dict[str, Any] = dict(base)
        rec["no"] = no
        from_items = False
        if split and own_no is None:
            item_numbers = [x for x in numbers if x]
            if len(item_numbers) == n:
                rec["no"] = item_numbers[k]
                from_items = True
        rec["indikator"] = indikator
        jenis = classify_jenis(indikator) if indikator else None
        if (
            jenis == "persentase"
            and rec.get("target")
            and _is_ocr(fields.get("target", FieldText()))
        ):
            rec["target"] = OCR_100_PERCENT.sub("100%", rec["target"])  # "10096"
        if paired_formula and frm_items is not None:
            rec.update(_formula(frm_items[k]))
        elif frm.empty:
            rec.update(_formula(NO_FORMULA))
        else:
            rec.update(
                _formula(parse_formula(frm.lines, ocr=ocr, percent_hint=jenis == "persentase"))
            )
        rec["sumber_data"] = [src_items[k]] if paired_source else list(src_items)
        rec["jenis_indikator"] = jenis
        guessed = rec.pop("_guessed", [])
        flags, score, prov = _score(raw, fields, rec, split, paired_formula, paired_source, ctx)
        if guessed:
            flags.append("formula_guessed")
            prov["formula_guessed"] = guessed
        own_cell = "no" in fields and "no" not in raw.inherited
        if from_items and own_cell and _is_ocr(ind) and "missing_no" not in flags:
            # the table numbers its rows but this row's number was not read: the
            # cell's own item numbers ("1." "2.") stand in, and need not match it
            flags.append("missing_no")
        if split:
            prov["split"] = {"index": k + 1, "of": n}
        rec.update(
            page=raw.page,
            bbox=",".join(f"{v:.1f}" for v in raw.bbox) if raw.bbox else None,
            confidence=round(score, 3),
            needs_review=conf.needs_review(score, flags),
            flags=flags,
            provenance=prov,
        )
        out.append(rec)
    return out


def _score(
    raw: RawRow,
    fields: dict[str, FieldText],
    rec: dict[str, Any],
    split: bool,
    paired_formula: bool,
    paired_source: bool,
    ctx: RowContext,
) -> tuple[list[str], float, dict[str, Any]]:
    flags: list[str] = []
    structure = conf.STRUCTURE.get(raw.source, 0.9) if raw.certainty is None else raw.certainty
    flags.extend(n for n in raw.notes if n not in flags)
    if raw.inferred:
        structure *= conf.POSITIONAL_FACTOR
        flags.append("inferred_columns")
    if raw.source == "flattened" and raw.certainty is None:
        flags.append("layout_inferred")
    field_conf: dict[str, float] = {}
    repairs: list[dict[str, Any]] = []
    evidence: dict[str, dict[str, Any]] = {}
    low_ocr = False
    doubts: set[str] = set()  # evidence keys found in a key field
    for name, ft in fields.items():
        c = structure
        text = " ".join(ft.lines)
        oc = conf.ocr_confidence(ft.words)
        if oc is not None and not ft.empty:
            confs = [w.conf for w in ft.words if w.conf is not None]
            ev: dict[str, Any] = {"mean": round(sum(confs) / len(confs), 1), "min": min(confs)}
            if ft.debris:
                ev["debris"] = ft.debris
            if ctx.unknown_words is not None:
                unk = ctx.unknown_words(text)
                if unk:
                    ev["unknown"] = unk
            if ctx.confusable_words is not None:
                suspect = ctx.confusable_words(text)
                if suspect:
                    ev["confusable"] = suspect
            lone = _LONE_LETTER.findall(text)
            if lone:
                ev["lone_letter"] = lone
            evidence[name] = ev
        if oc is not None:
            c *= oc
            if name in KEY_FIELDS and not ft.empty:
                low_ocr = low_ocr or oc < conf.LOW_OCR or ev["min"] < conf.LOW_WORD_CONF
                doubts.update(key for key, _ in _EVIDENCE_FLAGS if ev.get(key))
        if ft.repairs:
            c *= conf.repair_factor([r.score for r in ft.repairs])
            repairs.extend(
                {"field": name, "before": r.before, "after": r.after, "score": round(r.score, 1)}
                for r in ft.repairs
            )
        noisy = oc is not None or ctx.repair_all
        if ctx.unknown_rate is not None and noisy and not ft.empty and name in KEY_FIELDS:
            rate = ctx.unknown_rate(text)
            if rate > 0.25:
                doubts.add("unknown")
            c *= 1.0 - 0.5 * rate
        field_conf[name] = round(c, 3)
    if low_ocr:
        flags.append("low_ocr_conf")
    if repairs:
        flags.append("repaired_tokens")
    flags.extend(flag for key, flag in _EVIDENCE_FLAGS if key in doubts)
    ocr_row = any(w.conf is not None for ft in fields.values() for w in ft.words)
    if repairs and ocr_row:
        flags.append("ocr_repaired")  # a scan's word rebuilt from the lexicon: check it
    if rec.get("no") is None and "no" in fields and ocr_row and "no" not in raw.inherited:
        flags.append("missing_no")  # a numbered table, this row's number not read
    if rec.get("indikator") is None:
        flags.append("missing_indicator")
    elif _LEADING_BULLET.match(rec["indikator"]):
        flags.append("lone_bullet")
    if rec.get("formula") is None:
        flags.append("missing_formula")
    elif ocr_row and rec.get("jenis_indikator") == "persentase" and _no_ratio(rec):
        flags.append("formula_incomplete")  # a fraction bar or "/" OCR did not see
    if ocr_row and any(_STRAY_NUMBER.search(rec.get(k) or "") for k in ("pembilang", "penyebut")):
        flags.append("stray_number")
    if raw.unmapped:
        flags.append("unmapped_column")
    if split:
        flags.append("split_cell")
        if not paired_formula and "formula" in fields and not fields["formula"].empty:
            flags.append("split_mismatch")
    if raw.joined_pages:
        flags.append("joined_page_break")
    key = [field_conf[f] for f in KEY_FIELDS if f in field_conf and not fields[f].empty]
    score = min(key) if key else structure * 0.5
    if split:
        score *= 0.97
    if "missing_indicator" in flags:
        score *= 0.7
    prov: dict[str, Any] = {
        "source": raw.source,
        "table": raw.table_index + 1,
        "row": raw.row_index + 1,
        "field_confidence": field_conf,
    }
    if raw.inferred:
        prov["inferred_columns"] = raw.inferred
    if repairs:
        prov["repairs"] = repairs
    if raw.unmapped:
        prov["unmapped"] = raw.unmapped
    if raw.extra:
        prov["extra"] = raw.extra
    if raw.joined_pages:
        prov["joined_pages"] = raw.joined_pages
    if evidence:
        prov["ocr"] = evidence
    if raw.inherited:
        prov["inherited"] = raw.inherited
    return flags, score, prov


def to_record(rec: dict[str, Any], **ids: Any) -> IndicatorRecord:
    return IndicatorRecord(**ids, **rec)
