"""Score a pipeline result against a sample's ground truth (``samples/truth/*.json``).

Matching is order-preserving: positions are aligned by jabatan, then within each
matched pair of positions, rows are aligned by indicator (with sasaran and
formula as tie-breakers). Then:

- position recall: matched truth positions / truth positions;
- row precision / recall / F1 over matched rows;
- field accuracy: over matched rows, a field counts when the truth or the
  prediction has a value (a field empty on both sides is not counted), and is
  right when equal after whitespace is collapsed (lists element by element);
- CER on the text fields (sasaran, indikator, formula) of matched rows;
- catch rate: share of wrong rows (a matched row with any wrong field, or a
  predicted row matching nothing) that are flagged ``needs_review``;
- clean precision: share of unflagged predicted rows that are fully right.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from domain.records import DOCUMENT_META_FIELDS, DocumentResult

ROW_FIELDS = (
    "no",
    "sasaran",
    "indikator",
    "formula",
    "pembilang",
    "penyebut",
    "pengali",
    "jenis_indikator",
    "sumber_data",
    "penanggung_jawab",
    "alasan",
    "target",
)
POSITION_FIELDS = ("jabatan", "tugas", "fungsi", "penandatangan", "nip", "tanggal")
CER_FIELDS = ("sasaran", "indikator", "formula")

POSITION_MATCH = 60.0
ROW_MATCH = 55.0

_WS = re.compile(r"\s+")


def load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def norm(value: Any) -> Any:
    """Comparable form of a field value."""
    if value is None:
        return None
    if isinstance(value, list):
        items = [norm(v) for v in value]
        return [v for v in items if v not in (None, "")] or None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        v = _WS.sub(" ", value).strip()
        return v or None
    return value


def _sim(a: str | None, b: str | None) -> float:
    if not a and not b:
        return 100.0
    if not a or not b:
        return 0.0
    return fuzz.ratio(a.lower(), b.lower())


def _row_sim(t: dict[str, Any], p: dict[str, Any]) -> float:
    if t.get("indikator") or p.get("indikator"):
        return (
            0.7 * _sim(t.get("indikator"), p.get("indikator"))
            + 0.15 * _sim(t.get("sasaran"), p.get("sasaran"))
            + 0.15 * _sim(t.get("formula"), p.get("formula"))
        )
    return 0.8 * _sim(t.get("sasaran"), p.get("sasaran")) + 0.2 * _sim(
        t.get("formula"), p.get("formula")
    )


def align(n: int, m: int, sim, threshold: float) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Order-preserving alignment maximising total similarity of matched pairs."""
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]
    cache: dict[tuple[int, int], float] = {}
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            s = cache.setdefault((i - 1, j - 1), sim(i - 1, j - 1))
            best, mv = score[i - 1][j], 1
            if score[i][j - 1] > best:
                best, mv = score[i][j - 1], 2
            if s >= threshold and score[i - 1][j - 1] + s > best:
                best, mv = score[i - 1][j - 1] + s, 3
            score[i][j], move[i][j] = best, mv
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        mv = move[i][j]
        if mv == 3:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif mv == 1:
            i -= 1
        else:
            j -= 1
    return pairs[::-1]


@dataclass(slots=True)
class Score:
    name: str
    truth_positions: int = 0
    pred_positions: int = 0
    matched_positions: int = 0
    truth_rows: int = 0
    pred_rows: int = 0
    matched_rows: int = 0
    field_right: dict[str, int] = field(default_factory=dict)
    field_total: dict[str, int] = field(default_factory=dict)
    position_field_right: dict[str, int] = field(default_factory=dict)
    position_field_total: dict[str, int] = field(default_factory=dict)
    document_wrong: list[str] = field(default_factory=list)
    cer_edits: int = 0
    cer_chars: int = 0
    wrong_rows: int = 0
    wrong_flagged: int = 0
    unflagged: int = 0
    unflagged_right: int = 0
    flagged: int = 0
    errors: list[str] = field(default_factory=list)
    """Human-readable differences (for debugging a sample)."""

    @property
    def position_recall(self) -> float:
        return self.matched_positions / self.truth_positions if self.truth_positions else 1.0

    @property
    def row_precision(self) -> float:
        return self.matched_rows / self.pred_rows if self.pred_rows else 0.0

    @property
    def row_recall(self) -> float:
        return self.matched_rows / self.truth_rows if self.truth_rows else 1.0

    @property
    def row_f1(self) -> float:
        p, r = self.row_precision, self.row_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def field_accuracy(self) -> float:
        total = sum(self.field_total.values())
        return sum(self.field_right.values()) / total if total else 1.0

    @property
    def position_field_accuracy(self) -> float:
        total = sum(self.position_field_total.values())
        return sum(self.position_field_right.values()) / total if total else 1.0

    @property
    def cer(self) -> float:
        return self.cer_edits / self.cer_chars if self.cer_chars else 0.0

    @property
    def catch_rate(self) -> float:
        return self.wrong_flagged / self.wrong_rows if self.wrong_rows else 1.0

    @property
    def clean_precision(self) -> float:
        return self.unflagged_right / self.unflagged if self.unflagged else 1.0

    def field_acc(self, name: str) -> float | None:
        t = self.field_total.get(name, 0)
        return self.field_right.get(name, 0) / t if t else None


def _tally(right: dict[str, int], total: dict[str, int], name: str, t: Any, p: Any) -> bool:
    tv, pv = norm(t), norm(p)
    if tv is None and pv is None:
        return True
    total[name] = total.get(name, 0) + 1
    ok = tv == pv
    if ok:
        right[name] = right.get(name, 0) + 1
    return ok


def score_result(truth: dict[str, Any], result: DocumentResult, name: str = "") -> Score:
    """Compare ``result`` with ``truth``."""
    sc = Score(name=name or truth.get("name", ""))
    doc = asdict(result.document)
    for f in DOCUMENT_META_FIELDS:
        if norm(truth["document"].get(f)) != norm(doc.get(f)):
            sc.document_wrong.append(f"{f}: truth {truth['document'].get(f)!r} got {doc.get(f)!r}")
    tpos = truth["positions"]
    ppos = [asdict(p) for p in result.positions]
    prows_by_pos: dict[str, list[dict[str, Any]]] = {p["position_id"]: [] for p in ppos}
    for ind in result.indicators:
        prows_by_pos.setdefault(ind.position_id, []).append(asdict(ind))
    sc.truth_positions, sc.pred_positions = len(tpos), len(ppos)
    sc.truth_rows = sum(len(p["indicators"]) for p in tpos)
    sc.pred_rows = len(result.indicators)
    pairs = align(
        len(tpos),
        len(ppos),
        lambda i, j: _sim(tpos[i].get("jabatan"), ppos[j].get("jabatan")),
        POSITION_MATCH,
    )
    sc.matched_positions = len(pairs)
    matched_pred: set[tuple[str, int]] = set()
    for ti, pj in pairs:
        tp, pp = tpos[ti], ppos[pj]
        for f in POSITION_FIELDS:
            if not _tally(
                sc.position_field_right, sc.position_field_total, f, tp.get(f), pp.get(f)
            ):
                sc.errors.append(
                    f"position {tp.get('jabatan')!r} {f}: truth {tp.get(f)!r} got {pp.get(f)!r}"
                )
        trows = tp["indicators"]
        prows = prows_by_pos.get(pp["position_id"], [])
        rpairs = align(
            len(trows), len(prows), lambda i, j, t=trows, p=prows: _row_sim(t[i], p[j]), ROW_MATCH
        )
        sc.matched_rows += len(rpairs)
        got = {j for _, j in rpairs}
        for i, tr in enumerate(trows):
            if i not in {a for a, _ in rpairs}:
                sc.errors.append(f"missed row in {tp.get('jabatan')!r}: {tr.get('indikator')!r}")
        for i, j in rpairs:
            tr, pr = trows[i], prows[j]
            matched_pred.add((pp["position_id"], j))
            right = True
            for f in ROW_FIELDS:
                if not _tally(sc.field_right, sc.field_total, f, tr.get(f), pr.get(f)):
                    right = False
                    sc.errors.append(f"{pr['row_id']} {f}: truth {tr.get(f)!r} got {pr.get(f)!r}")
            for f in CER_FIELDS:
                t, p = norm(tr.get(f)) or "", norm(pr.get(f)) or ""
                sc.cer_edits += Levenshtein.distance(t, p)
                sc.cer_chars += len(t)
            _flag_stats(sc, pr, right)
        for j, pr in enumerate(prows):
            if j not in got:
                sc.errors.append(f"spurious row {pr['row_id']}: {pr.get('indikator')!r}")
    paired_t, paired_p = {i for i, _ in pairs}, {j for _, j in pairs}
    for i, tp in enumerate(tpos):
        if i not in paired_t:
            n = len(tp["indicators"])
            sc.errors.append(f"missed position {tp.get('jabatan')!r} ({n} rows)")
    for j, pp in enumerate(ppos):
        if j not in paired_p:
            n = len(prows_by_pos.get(pp["position_id"], []))
            sc.errors.append(f"spurious position {pp.get('jabatan')!r} ({n} rows)")
    for pp in ppos:
        for j, pr in enumerate(prows_by_pos.get(pp["position_id"], [])):
            if (pp["position_id"], j) not in matched_pred:
                _flag_stats(sc, pr, False)
    return sc


def _flag_stats(sc: Score, row: dict[str, Any], right: bool) -> None:
    flagged = bool(row.get("needs_review"))
    sc.flagged += flagged
    if not right:
        sc.wrong_rows += 1
        sc.wrong_flagged += flagged
    if not flagged:
        sc.unflagged += 1
        sc.unflagged_right += right
