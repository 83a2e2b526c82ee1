"""Check ground-truth files against the format and conventions of ``samples/TRUTH.md``.

Run ``python samples/validate_truth.py [FILE...]``: with no arguments it checks every
``samples/truth/*.json`` and exits non-zero when any problem is found.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

TRUTH_DIR = Path(__file__).resolve().parent / "truth"

DOCUMENT_KEYS: dict[str, tuple[type, ...]] = {
    "pemda": (str,),
    "instansi": (str,),
    "jenis": (str,),
    "tahun": (int,),
    "nomor": (str,),
    "tanggal": (str,),
    "tempat": (str,),
    "penandatangan": (str,),
    "nip": (str,),
}
POSITION_KEYS: dict[str, tuple[type, ...]] = {
    "jabatan": (str,),
    "tugas": (str,),
    "fungsi": (list,),
    "penandatangan": (str,),
    "nip": (str,),
    "tanggal": (str,),
    "indicators": (list,),
}
INDICATOR_KEYS: dict[str, tuple[type, ...]] = {
    "no": (str,),
    "sasaran": (str,),
    "indikator": (str,),
    "formula": (str,),
    "pembilang": (str,),
    "penyebut": (str,),
    "pengali": (int, float),
    "jenis_indikator": (str,),
    "sumber_data": (list,),
    "penanggung_jawab": (str,),
    "alasan": (str,),
    "target": (str,),
}
LIST_KEYS = {"fungsi", "indicators", "sumber_data"}
OPTIONAL_KEYS = {"note": (str,)}
INDICATOR_OPTIONAL_KEYS = {"note": (str,), "uncertain": (list,)}

# TRUTH.md: jenis_indikator is the first of these words (by position) in the indikator.
JENIS_WORDS = (
    ("persentase", r"persentase|presentase|prosentase"),
    ("jumlah", r"jumlah"),
    ("indeks", r"indeks"),
    ("nilai", r"nilai"),
    ("status", r"status"),
)
JENIS_VALUES = {name for name, _ in JENIS_WORDS} | {"lainnya"}
JENIS_DOKUMEN = {"IKI", "IKU", "IK"}

# Markers TRUTH.md says are stripped from list items: "-", "•", "a.", "1.", "1)".
LIST_MARKER = re.compile(r"^(?:[-•*]\s*|[A-Za-z][.)]\s|\d{1,2}[.)](?:\s|$))")
# Leftover markup from the text dumps (HTML cells, LaTeX, markdown emphasis).
MARKUP = re.compile(r"</?[a-z]+[^>]*>|\\frac|\\text|\\times|\$|\*\*")
FUNGSI_TAIL = re.compile(r"(?:[;,.]|;\s*(?:dan|serta))$")
MULTIPLIER_TAIL = re.compile(r" x (\d+(?:\.\d+)?)(%?)$")


def expected_jenis(indikator: str | None) -> str | None:
    """The jenis_indikator TRUTH.md's rule gives for this indicator text."""
    if indikator is None:
        return None
    found: tuple[int, str] | None = None
    for name, pattern in JENIS_WORDS:
        match = re.search(rf"\b(?:{pattern})\b", indikator, re.IGNORECASE)
        if match and (found is None or match.start() < found[0]):
            found = (match.start(), name)
    return found[1] if found else "lainnya"


def _check_keys(
    obj: Any,
    where: str,
    required: dict[str, tuple[type, ...]],
    optional: dict[str, tuple[type, ...]],
) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: expected an object, got {type(obj).__name__}"]
    problems = []
    for key, types in required.items():
        if key not in obj:
            problems.append(f"{where}: missing key {key!r}")
            continue
        value = obj[key]
        if value is None and key not in LIST_KEYS:
            continue
        if isinstance(value, bool) or not isinstance(value, types):
            problems.append(f"{where}.{key}: wrong type {type(value).__name__}")
    for key in obj.keys() - required.keys():
        if key not in optional:
            problems.append(f"{where}: unknown key {key!r}")
        elif not isinstance(obj[key], optional[key]):
            problems.append(f"{where}.{key}: wrong type {type(obj[key]).__name__}")
    return problems


def _check_text(value: Any, where: str) -> list[str]:
    if not isinstance(value, str):
        return []
    problems = []
    if value != value.strip():
        problems.append(f"{where}: leading/trailing whitespace")
    if re.search(r"\s{2}|[\t\n\r]", value):
        problems.append(f"{where}: double space or control whitespace")
    if not value:
        problems.append(f"{where}: empty string (use null)")
    if MARKUP.search(value):
        problems.append(f"{where}: markup left in text: {value[:60]!r}")
    return problems


def _check_list(items: Any, where: str) -> list[str]:
    if not isinstance(items, list):
        return []
    problems = []
    for i, item in enumerate(items):
        here = f"{where}[{i}]"
        if not isinstance(item, str):
            problems.append(f"{here}: not a string")
            continue
        problems += _check_text(item, here)
        if LIST_MARKER.match(item):
            problems.append(f"{here}: list marker left at start: {item[:30]!r}")
    return problems


def _check_date(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    try:
        if not isinstance(value, str) or date.fromisoformat(value).isoformat() != value:
            raise ValueError
    except ValueError:
        return [f"{where}: not an ISO date: {value!r}"]
    return []


def _check_nip(value: Any, where: str) -> list[str]:
    if value is None or (isinstance(value, str) and re.fullmatch(r"\d{18}", value)):
        return []
    return [f"{where}: NIP must be 18 digits: {value!r}"]


def _check_formula(ind: dict[str, Any], where: str) -> list[str]:
    """pembilang / penyebut / pengali must be the parts of the formula string."""
    formula, num, den, mult = (ind.get(k) for k in ("formula", "pembilang", "penyebut", "pengali"))
    problems = []
    if formula is None:
        if any(v is not None for v in (num, den, mult)):
            problems.append(f"{where}: pembilang/penyebut/pengali set without a formula")
        return problems
    if formula.strip() in {"-", "–"}:
        problems.append(f"{where}.formula: '-' means no formula (null)")
    if (num is None) != (den is None):
        problems.append(f"{where}: pembilang and penyebut must both be set or both null")
        return problems
    if num is None:
        if mult is not None:
            problems.append(f"{where}: pengali set but the formula is not a ratio")
        return problems
    body = formula
    tail = MULTIPLIER_TAIL.search(formula)
    if mult is None:
        if tail:
            problems.append(f"{where}: formula has a multiplier but pengali is null")
    elif not tail or float(tail.group(1)) != float(mult):
        problems.append(f"{where}: pengali {mult} not written as ' x {mult}%' in the formula")
    if tail and mult is not None:
        body = formula[: tail.start()]
    if body != f"{num} / {den}":
        problems.append(f"{where}: formula is not 'PEMBILANG / PENYEBUT[ x N%]': {formula!r}")
    return problems


def _check_indicator(ind: dict[str, Any], where: str) -> list[str]:
    problems = _check_keys(ind, where, INDICATOR_KEYS, INDICATOR_OPTIONAL_KEYS)
    if problems and not isinstance(ind, dict):
        return problems
    for key in INDICATOR_KEYS.keys() - LIST_KEYS - {"pengali"}:
        problems += _check_text(ind.get(key), f"{where}.{key}")
    problems += _check_list(ind.get("sumber_data"), f"{where}.sumber_data")
    no = ind.get("no")
    if isinstance(no, str) and re.search(r"[.):]$", no):
        problems.append(f"{where}.no: trailing punctuation {no!r}")
    jenis = ind.get("jenis_indikator")
    if jenis is not None and jenis not in JENIS_VALUES:
        problems.append(f"{where}.jenis_indikator: unknown value {jenis!r}")
    indikator = ind.get("indikator")
    if (indikator is None or isinstance(indikator, str)) and jenis != expected_jenis(indikator):
        problems.append(
            f"{where}.jenis_indikator: {jenis!r}, the rule gives {expected_jenis(indikator)!r}"
        )
    problems += _check_formula(ind, where)
    uncertain = ind.get("uncertain", [])
    if isinstance(uncertain, list):
        for field in uncertain:
            if field not in INDICATOR_KEYS:
                problems.append(f"{where}.uncertain: unknown field {field!r}")
    return problems


def _check_position(pos: dict[str, Any], where: str) -> list[str]:
    problems = _check_keys(pos, where, POSITION_KEYS, OPTIONAL_KEYS)
    if not isinstance(pos, dict):
        return problems
    for key in ("jabatan", "tugas", "penandatangan"):
        problems += _check_text(pos.get(key), f"{where}.{key}")
    problems += _check_list(pos.get("fungsi"), f"{where}.fungsi")
    for i, item in enumerate(pos.get("fungsi") or []):
        if isinstance(item, str) and FUNGSI_TAIL.search(item):
            problems.append(f"{where}.fungsi[{i}]: trailing ';', ',', '.' or '; dan' left")
    problems += _check_nip(pos.get("nip"), f"{where}.nip")
    problems += _check_date(pos.get("tanggal"), f"{where}.tanggal")
    for i, ind in enumerate(pos.get("indicators") or []):
        problems += _check_indicator(ind, f"{where}.indicators[{i}]")
    return problems


def validate_truth(data: dict[str, Any]) -> list[str]:
    """Return every problem found in one ground-truth object (empty list when clean)."""
    if not isinstance(data, dict):
        return ["top level: expected an object"]
    problems = _check_keys(
        data,
        "top",
        {"name": (str,), "seed": (str,), "document": (dict,), "positions": (list,)},
        {},
    )
    doc = data.get("document")
    if isinstance(doc, dict):
        problems += _check_keys(doc, "document", DOCUMENT_KEYS, {})
        for key in ("pemda", "instansi", "nomor", "tempat", "penandatangan"):
            problems += _check_text(doc.get(key), f"document.{key}")
        if doc.get("jenis") is not None and doc["jenis"] not in JENIS_DOKUMEN:
            problems.append(f"document.jenis: {doc['jenis']!r} not one of {sorted(JENIS_DOKUMEN)}")
        pemda = doc.get("pemda")
        if isinstance(pemda, str) and not re.fullmatch(r"(Kabupaten|Kota) \S.*", pemda):
            problems.append(f"document.pemda: not 'Kabupaten X' / 'Kota X': {pemda!r}")
        problems += _check_nip(doc.get("nip"), "document.nip")
        problems += _check_date(doc.get("tanggal"), "document.tanggal")
    positions = data.get("positions")
    if isinstance(positions, list):
        if not positions:
            problems.append("positions: empty")
        for i, pos in enumerate(positions):
            problems += _check_position(pos, f"positions[{i}]")
    return problems


def main(argv: list[str]) -> int:
    """Validate the given files (default: every samples/truth/*.json); 1 on any problem."""
    paths = [Path(a) for a in argv] or sorted(TRUTH_DIR.glob("*.json"))
    if not paths:
        print(f"no truth files in {TRUTH_DIR}")
        return 1
    failed = False
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"{path}: cannot read: {exc}")
            failed = True
            continue
        problems = validate_truth(data)
        positions = data.get("positions") if isinstance(data, dict) else None
        positions = (
            [p for p in positions if isinstance(p, dict)] if isinstance(positions, list) else []
        )
        if isinstance(data, dict) and data.get("name") != path.stem:
            problems.append(f"top.name: {data.get('name')!r} does not match file name")
        rows = sum(len(p.get("indicators") or []) for p in positions)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"{path.name}: {len(positions)} positions, {rows} rows: {status}")
        for problem in problems:
            print(f"  {problem}")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
