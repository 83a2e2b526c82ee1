"""Raw rows -> indicator records: clean text, OCR repair, split multi-indicator
cells, parse formulas, classify, score confidence and flag for review."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.pages import Word
from domain.records import IndicatorRecord
from domain.structure import RULE, Cell
from normalize import confidence as conf
from normalize.formula import FormulaParts, classify_jenis, parse_formula
from normalize.lists import is_list, looks_numbered, split_items
from normalize.repair import Repair, RepairResult
from normalize.rows import RawRow
from normalize.text import clean_text, join_lines

Repairer = Callable[..., RepairResult]
"""``repair(text, token_conf)``: OCR repair of one line; token_conf maps a token to
its OCR confidence (0..100) or is None."""

NO_FORMULA = FormulaParts(None, None, None, None, False, False)
TEXT_FIELDS = ("sasaran", "penanggung_jawab", "alasan", "target")
KEY_FIELDS = ("sasaran", "indikator", "formula", "sumber_data")


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


@dataclass(slots=True)
class FieldText:
    """A cell's lines after repair, with the words they came from."""

    lines: list[str] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(ln.strip() for ln in self.lines if ln != RULE)


def read_cell(cell: Cell | None, ctx: RowContext) -> FieldText:
    if cell is None:
        return FieldText()
    out = FieldText(words=cell.words)
    for ln in cell.lines:
        if ln.is_rule:
            out.lines.append(RULE)
            continue
        text = ln.text
        ocr = any(w.conf is not None for w in ln.words)
        if ctx.repair is not None and text.strip() and (ocr or ctx.repair_all):
            token_conf = {w.text: w.conf for w in ln.words if w.conf is not None} or None
            res = ctx.repair(text, token_conf)
            text = res.text
            out.repairs.extend(res.repairs)
        out.lines.append(text)
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


def _formula(parts: FormulaParts) -> dict[str, Any]:
    return {
        "formula": parts.formula,
        "pembilang": parts.pembilang if parts.is_ratio else None,
        "penyebut": parts.penyebut if parts.is_ratio else None,
        "pengali": parts.pengali,
    }


def _row_no(raw: RawRow, ctx: RowContext) -> str | None:
    no = one_line(read_cell(raw.cells.get("no"), ctx).lines, ctx)
    if no is None:
        return None
    no = no.strip().rstrip(".):,;").lstrip("(").strip()
    return no or None


def row_records(raw: RawRow, ctx: RowContext) -> list[dict[str, Any]]:
    """One raw row -> one or more indicator dicts (fields of IndicatorRecord
    without ids), with confidence, flags and provenance."""
    fields = {c: read_cell(raw.cells.get(c), ctx) for c in raw.cells}
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
    if not split:
        items = [one_line(ind_lines, ctx)] if ind_lines and not ind.empty else [None]
        if items[0] is not None and (num := looks_numbered(items[0])) is not None:
            stripped = split_items([items[0]])
            items = [stripped[0] if stripped else items[0]]
            if no is None:
                no = num
    numbers = [looks_numbered(ln) for ln in ind_lines] if split else []

    frm_items = split_items(frm.lines) if split and is_list(frm.lines) else None
    src_items = split_items(src.lines) if not src.empty else []
    whole_formula = _formula(parse_formula(frm.lines) if not frm.empty else NO_FORMULA)
    n = len(items)
    paired_formula = frm_items is not None and len(frm_items) == n
    paired_source = split and len(src_items) == n

    out = []
    for k, indikator in enumerate(items):
        rec: dict[str, Any] = dict(base)
        rec["no"] = no
        if split and no is None and raw.cells.get("no") is None:
            item_numbers = [x for x in numbers if x]
            if len(item_numbers) == n:
                rec["no"] = item_numbers[k]
        rec["indikator"] = indikator
        if paired_formula and frm_items is not None:
            rec.update(_formula(parse_formula([frm_items[k]])))
        else:
            rec.update(whole_formula)
        rec["sumber_data"] = [src_items[k]] if paired_source else list(src_items)
        rec["jenis_indikator"] = classify_jenis(indikator) if indikator else None
        flags, score, prov = _score(raw, fields, rec, split, paired_formula, paired_source, ctx)
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
    low_ocr = False
    unknown = False
    for name, ft in fields.items():
        c = structure
        oc = conf.ocr_confidence(ft.words)
        if oc is not None:
            c *= oc
            if oc < conf.LOW_OCR and name in KEY_FIELDS and not ft.empty:
                low_ocr = True
        if ft.repairs:
            c *= conf.repair_factor([r.score for r in ft.repairs])
            repairs.extend(
                {"field": name, "before": r.before, "after": r.after, "score": round(r.score, 1)}
                for r in ft.repairs
            )
        noisy = oc is not None or ctx.repair_all
        if ctx.unknown_rate is not None and noisy and not ft.empty and name in KEY_FIELDS:
            rate = ctx.unknown_rate(" ".join(ft.lines))
            if rate > 0.25:
                unknown = True
            c *= 1.0 - 0.5 * rate
        field_conf[name] = round(c, 3)
    if low_ocr:
        flags.append("low_ocr_conf")
    if repairs:
        flags.append("repaired_tokens")
    if unknown:
        flags.append("unknown_words")
    if rec.get("indikator") is None:
        flags.append("missing_indicator")
    if rec.get("formula") is None:
        flags.append("missing_formula")
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
    if raw.inherited:
        prov["inherited"] = raw.inherited
    return flags, score, prov


def to_record(rec: dict[str, Any], **ids: Any) -> IndicatorRecord:
    return IndicatorRecord(**ids, **rec)
