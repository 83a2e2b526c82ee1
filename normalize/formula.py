"""Formula cells -> one canonical line, with numerator, denominator and multiplier.

A cell arrives as its visual lines; a drawn fraction bar is a line equal to
``domain.structure.RULE``. Forms handled (each seen in a real decree):

- inline ``A / B x 100%``, ``A/ Jumlah B x100 %`` (Barito Kuala);
- dashes as the bar, on one line ``A -----x100% B`` or stacked ``A`` / ``----- x 100%``
  / ``B``, or ``A -----x100%`` / ``B`` (Kapuas Hulu, HTML ``<p>`` cells);
- LaTeX fractions, already turned into numerator / RULE / denominator / ``x 100%``
  lines by the markdown parser (Sampang, Kapuas Hulu); raw ``$\\frac..$`` too;
- OCR of a stacked fraction whose bar was lost, ``x 100`` straddling the numerator
  and the denominator lines (Kutai Kartanegara scan);
- ``A dibagi dengan B`` (Kutai Kartanegara); ``x 100%`` misplaced in the numerator;
- ``× 100 %``, ``X100%``, ``x100``, ``* 100%``, ``x 1.000``.

Output: ``formula = "PEMBILANG / PENYEBUT x 100%"`` (`` x N`` / `` x N%`` for other
multipliers, nothing when none is printed). Anything else stays text (a list's
items joined with ``; ``); ``-`` alone means no formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.structure import RULE
from normalize.lists import is_list, split_items
from normalize.text import clean_text, is_rule, join_lines, pre_clean, strip_marker


@dataclass(slots=True)
class FormulaParts:
    """A parsed formula cell (fields as in the ``indicators`` table).

    ``pembilang``/``penyebut``/``pengali`` are set for a ratio only; ``percent`` says
    the printed multiplier carried a ``%`` (also for a non-ratio "A x 100%").
    """

    formula: str | None
    pembilang: str | None = None
    penyebut: str | None = None
    pengali: float | None = None
    percent: bool = False
    is_ratio: bool = False
    guessed: list[str] = field(default_factory=list)
    """What OCR repair of the formula had to guess ("sigma", "multiplier")."""


_WS = re.compile(r"\s+")
_SIGMA = re.compile(r"\\sum(?![a-z])|[∑Σ]")
# A multiplier: "x 100%", "x100 %", "X100%", "× 100", "* 100%", "-----x100%",
# "x 1.000"; in OCR "x| 100%" (the pipe is gone by now) and "x 1 100%" (a ruling
# line read as "1"). The sign is "x"/"X" only as a word of its own (or after a rule
# or bracket), so words ending in x are safe.
_MULT = re.compile(
    r"(?:(?:(?<=[\s\-_)\].,])|^)[xX]|[×*])\s*"
    r"(?:[!lI1]\s+(?=\d+\s*%)|-\s*(?=\d))?"
    r"(\d{1,3}(?:\.\d{3})+|\d{1,4}(?:,\d+)?)"
    r"(?:\s*(%))?"
    r"(?!\w)"
)
_TRAIL_JUNK = re.compile(r"^[\s)\]!.,;:'\"]*")
# A sign alone at a line end, its number on a later line (Kutai 001:
# "Yang Terealisasi x |" / "Jumiah Kegiatan 100 |").
_SIGN_AT_END = re.compile(r"(?:^|\s)[xX×*]$")
_LONE_NUMBER = re.compile(r"(?:^|\s)(100|1000)(?:\s*(%))?(?=\s|$)")
# "x| 1000": OCR reading "100%" as "1000", recognisable by the pipe of a ruling line.
_PIPED_1000 = re.compile(r"[xX×]\s*\|+\s*1\.?000(?!\d)")
_RULE_RUN = re.compile(r"[-_=]{3,}")
_PLACEHOLDER = re.compile(r"^[\s\-_.=]*$")
# Words opening a quantity (a numerator/denominator): tolerant of OCR ("Jumiah",
# "Jumilah", "Jum1ah") and of the summation sign.
_QTY = re.compile(
    r"(?:Σ\s*)?(?:jum[l1i|!]?ah|jumilah|jurnlah|jml\b\.?|total\b|banyaknya\b|Σ)", re.IGNORECASE
)
_WORD_DIV = re.compile(
    r"\s+(?:dibagi(?:\s+(?:dengan|oleh))?|dibandingkan(?:\s+dengan)?)\s+", re.IGNORECASE
)
_LABEL = re.compile(r"^(.*?\S)\s*=\s+(.+)$")


def _number(s: str) -> float:
    return float(s.replace(".", "").replace(",", ".")) if "." in s else float(s.replace(",", "."))


def _is_power_of_ten(n: float) -> bool:
    return n in (10.0, 100.0, 1000.0, 10000.0, 100000.0, 1000000.0)


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)


def _suffix(pengali: float | None, percent: bool) -> str:
    if pengali is None:
        return ""
    return f" x {_fmt(pengali)}{'%' if percent else ''}"


def _tidy(s: str) -> str:
    """A numerator/denominator: clean, no dangling punctuation, '=' or final stop,
    no dash glued to its first word ("/ -Jumlah": a speck by the bar, never a minus
    on words)."""
    side = _SIDE_END_SIGN.sub("", clean_text(s).strip(" ;,:=")).strip()
    if side.endswith(".") and not side.endswith(".."):
        side = side[:-1].rstrip()  # a quantity is no sentence: "Yang Harus Disusun."
    return _GLUED_DASH.sub("", side)


_GLUED_DASH = re.compile(r"^[-–](?=[^\W\d_]{2})")


_SIDE_END_SIGN = re.compile(r"(?:\s+[xX×*])+$")
"""A multiplication sign ending a side is the multiplier's, its number lost."""


def _expand_latex(lines: list[str]) -> list[str]:
    """Raw ``$\\frac{A}{B}$`` in a line -> A / RULE / B lines (the markdown parser
    normally does this already; kept for text that reaches here unconverted)."""
    if not any("\\frac" in ln or "\\dfrac" in ln for ln in lines):
        return [ln.replace("$", " ") if ln.count("$") % 2 == 0 else ln for ln in lines]
    from parsers.latex import math_inline, math_lines  # lazy: normalize never needs it else

    out: list[str] = []
    for ln in lines:
        parts = ln.split("$") if ln.count("$") >= 2 else ["", ln] if "\\frac" in ln else [ln]
        cur = ""
        for k, seg in enumerate(parts):
            if k % 2 == 0:
                cur += seg
                continue
            if "\\frac" in seg or "\\dfrac" in seg:
                if cur.strip():
                    out.append(cur.strip())
                cur = ""
                out.extend(RULE if m.is_rule else m.text for m in math_lines(seg))
            else:
                cur += math_inline(seg)
        if cur.strip():
            out.append(cur.strip())
    return out


def _prepare(lines: list[str]) -> list[str]:
    """Lines normalised for parsing: pipes gone, Σ written out, rules as RULE."""
    out: list[str] = []
    for ln in _expand_latex([ln for ln in lines if ln is not None]):
        if is_rule(ln):
            out.append(RULE)
            continue
        t = _SIGMA.sub(" Σ ", pre_clean(ln))
        t = _WS.sub(" ", t).strip()
        if t:
            out.append(t)
    return out


@dataclass(slots=True)
class _Mult:
    value: float | None = None
    percent: bool = False
    split_at: int | None = None  # line index after which a lost bar lay


def _multipliers(line: str) -> list[re.Match[str]]:
    """The multipliers printed in a line. Only powers of ten are multipliers (100,
    1000, 100.000 per population); "x 2" is arithmetic and "445" OCR noise: both
    stay text."""
    return [m for m in _MULT.finditer(line) if _is_power_of_ten(_number(m.group(1)))]


def _take_multipliers(lines: list[str]) -> tuple[list[str], _Mult]:
    """Remove every multiplier from the lines; keep the first one's value."""
    mult = _Mult()
    out: list[str] = []
    for ln in lines:
        if ln == RULE:
            out.append(ln)
            continue
        found = _multipliers(ln)
        if found and mult.value is None:
            mult.value = _number(found[0].group(1))
            mult.percent = bool(found[0].group(2))
        for m in reversed(found):
            tail = ln[m.end() :]
            junk = _TRAIL_JUNK.match(tail)
            # closing junk after a multiplier at a line end ("x 100%)", "100%!") goes too
            cut = m.end() + (junk.end() if junk and not tail[junk.end() :].strip() else 0)
            ln = _strip_sign_debris(ln[: m.start()]) + " " + ln[cut:]
        out.append(_WS.sub(" ", ln).strip())
    if mult.value is None:
        _take_split_multiplier(out, mult)
    return [ln for ln in out if ln], mult


_SIGN_DEBRIS = re.compile(r"(?:(?<=\s)|^)(?:[xX×*]|[.:;,]|(?<![-_=])-)\s*$|(?<=\w)[.:;,]\s*$")
"""What OCR leaves just before a multiplier: a doubled sign ("Aset x x 100%"), a
speck read as a dash or colon ("sosial -x 100%", "umum: x 100%")."""


def _strip_sign_debris(head: str) -> str:
    """``head`` (the text before a multiplier) without trailing sign debris; a dash
    run (a fraction bar drawn with dashes) stays."""
    while True:
        cut = _SIGN_DEBRIS.sub("", head.rstrip()).rstrip()
        if cut == head.rstrip():
            return head
        head = cut


def _take_split_multiplier(lines: list[str], mult: _Mult) -> None:
    """ "Yang Terealisasi x" then "Jumiah Kegiatan 100": the sign ends the numerator's
    last line and the number sits on the denominator's first (OCR, Kutai 001)."""
    for i, ln in enumerate(lines[:-1]):
        if ln == RULE or not _SIGN_AT_END.search(ln):
            continue
        for j in range(i + 1, min(i + 3, len(lines))):
            m = _LONE_NUMBER.search(lines[j])
            if m:
                mult.value, mult.percent, mult.split_at = float(m.group(1)), bool(m.group(2)), i
                lines[i] = _SIGN_AT_END.sub("", ln).strip()
                lines[j] = _WS.sub(" ", lines[j][: m.start()] + " " + lines[j][m.end() :]).strip()
                return


def _split_rules(lines: list[str]) -> list[str]:
    """Inline dash runs become RULE entries; adjacent rules collapse into one."""
    out: list[str] = []
    for ln in lines:
        pieces = [ln] if ln == RULE else _RULE_RUN.split(ln)
        for k, piece in enumerate(pieces):
            if k > 0:
                out.append(RULE)
            if ln == RULE:
                out.append(RULE)
            elif piece.strip():
                out.append(piece.strip())
    collapsed: list[str] = []
    for ln in out:
        if ln == RULE and collapsed and collapsed[-1] == RULE:
            continue
        collapsed.append(ln)
    return collapsed


def _split_at_rule(lines: list[str]) -> tuple[str, str] | None:
    for i, ln in enumerate(lines):
        if ln != RULE:
            continue
        num, den = join_lines(lines[:i]), join_lines(lines[i + 1 :])
        if _has_word(num) and _has_word(den):
            return num, den
    return None


def _has_word(s: str) -> bool:
    return any(c.isalpha() for c in s)


_PER_UNIT = re.compile(r"^(?:tahun|bulan|triwulan|semester|minggu|hari)\W*$", re.IGNORECASE)
"""A time unit alone after a spaced slash makes a rate (per year, per month ...)."""


def _split_inline(text: str, has_mult: bool) -> tuple[str, str] | None:
    """``A dibagi dengan B``, ``A / B``, ``A : B`` on one line.

    ``/`` separates only with whitespace on a side or before Jumlah/Total/Banyaknya/
    Jml: "Laporan/Dokumen", "Kab/Kota", "Bulanan/Triwulan", "1/3" never do. Without
    a printed multiplier it must also be followed by such a word, since a spaced
    slash also means "or" ("Pengujian / Verifikasi Keuangan", Kapuas Hulu).
    """
    m = _WORD_DIV.search(text)
    if m and _has_word(text[: m.start()]) and _has_word(text[m.end() :]):
        return text[: m.start()], text[m.end() :]
    best: tuple[int, int] | None = None
    for m in re.finditer(r"/", text):
        i = m.start()
        left, right = text[:i], text[i + 1 :]
        if not _has_word(left) or not _has_word(right):
            continue
        if left.rstrip()[-1:].isdigit() and right.lstrip()[:1].isdigit():
            continue
        spaced_l, spaced_r = left[-1:].isspace(), right[:1].isspace()
        if _QTY.match(right.lstrip()):
            rank = 0
        elif spaced_l and spaced_r and _PER_UNIT.match(right.strip()):
            rank = 1  # a rate: "Jumlah keluarga yang didata / Tahun"
        elif has_mult and (spaced_l or spaced_r):
            rank = 1 if spaced_l and spaced_r else 2
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, i)
    if best is not None:
        return text[: best[1]], text[best[1] + 1 :]
    # "Jumlah A : Jumlah B" (a colon used as the division sign)
    for m in re.finditer(r"\s:\s", text):
        left, right = text[: m.start()], text[m.end() :]
        if _QTY.match(left.lstrip(" (")) and _QTY.match(right.lstrip()):
            return left, right
    return None


def _split_stacked_ocr(lines: list[str], mult: _Mult) -> tuple[str, str] | None:
    """A stacked fraction whose bar OCR lost: split where the straddling multiplier
    sat, else at the second line opening with a quantity word. Needs a multiplier."""
    if mult.value is None or len(lines) < 2:
        return None
    k = None
    if mult.split_at is not None:
        k = mult.split_at + 1
    else:
        k = next((i for i in range(1, len(lines)) if _QTY.match(lines[i])), None)
    if k is None:
        return None
    num, den = join_lines(lines[:k]), join_lines(lines[k:])
    return (num, den) if _has_word(num) and _has_word(den) else None


def _ratio(num: str, den: str, mult: _Mult) -> FormulaParts:
    num, den = _tidy(num), _tidy(den)
    if num.startswith("(") and num.count("(") > num.count(")") and den.endswith(")"):
        num, den = num[1:].strip(), den[:-1].strip()  # "(A / B) x 100%"
    label = ""
    m = _LABEL.match(num)
    if m and not _QTY.match(num) and _QTY.match(m.group(2)):  # "Persentase X = Jumlah A / B"
        label, num = m.group(1) + " = ", m.group(2)
    formula = f"{label}{num} / {den}{_suffix(mult.value, mult.percent)}"
    return FormulaParts(formula, num, den, mult.value, mult.percent, True)


def _parse_single(lines: list[str], ocr: bool, percent_hint: bool, piped: bool) -> FormulaParts:
    body, mult = _take_multipliers(lines)
    body = _split_rules(body)
    parts: tuple[str, str] | None = None
    if RULE in body:
        parts = _split_at_rule(body)
    text = join_lines(body)
    if parts is None and RULE not in body:
        parts = _split_inline(text, mult.value is not None)
    if parts is None and RULE not in body:
        parts = _split_stacked_ocr(body, mult)
    if parts is not None:
        # "x 1000" glued to a ratio with no "%": an OCR reading of "100%" when the
        # ruling line's pipe shows (or the caller says the text is OCR). A born-digital
        # "x 1000" (per mille rates) is left alone.
        if mult.value == 1000 and not mult.percent and (piped or ocr):
            mult.value, mult.percent = 100.0, True
        if ocr and percent_hint and mult.value == 100 and not mult.percent:
            mult.percent = True  # OCR dropped the "%" of a persentase indicator
        return _ratio(parts[0], parts[1], mult)
    if not _has_word(text) and mult.value is None:
        return FormulaParts(None)
    # the multiplier stays in the text; pengali is a ratio's only (the truth contract:
    # "Jumlah pengelolaan fasilitas sosial dan umum x 100%" has no pengali, Kutai)
    formula = (text + _suffix(mult.value, mult.percent)).strip()
    return FormulaParts(formula or None, None, None, None, mult.percent, False)


OCR_100_PERCENT = re.compile(r"(?<![\d.,])100\s?(?:96|9|46|°|o|0/0|%o)(?!\d)")
"""How tesseract reads "100%": "10096", "1009", "10046", "100°" (the % sign as 96,
9, 46, °)."""
_SIGNED_1004 = re.compile(r"(?<=[xX×*]\s)1004(?=[\s.,:;|]|$)")
"""After a multiplication sign, "1004" is "100%" with its sign read as a 4."""
_BARE_100_PERCENT = re.compile(r"(?:(?<=\s)|^)(?<![xX×*]\s)100\s?%")


_DANGLING_SIGN = re.compile(r"(?:^|\s)[xX×*](?:\s+(?![xX]\b)[^\s/]{1,4})?\s*$")
"""A multiplier sign at a line end whose number OCR lost or garbled ("... Disusun X",
"x 0", "X mone"): the number sat in a narrow cell of its own beside the fraction."""
_SIGMA_LOOKALIKE = {"2", "2.", "Z", "E", "£", "¥"}
_SIGMA_LOOKALIKE_BELOW = _SIGMA_LOOKALIKE | {"-", "–"}
"""How tesseract reads a summation sign opening a fraction's side; below the bar a
dash is one too (above it, a dash may be a list marker)."""
_SIGMA_LOOKALIKE_PAIRED = {"-", "–", "x", "X"}
"""Read as a summation sign too when the fraction's other side opens with one."""


def _ocr_percent(lines: list[str], percent_hint: bool, guessed: list[str]) -> list[str]:
    """OCR text: restore "100%" and, in a ratio, read a bare "100%" as the
    multiplier whose "x" was lost (a tiny glyph beside a fraction); a sign whose
    number was lost becomes "x 100%" for a persentase indicator (a guess) and is
    dropped otherwise."""
    out = [
        _SIGNED_1004.sub("100%", OCR_100_PERCENT.sub("100%", ln)) if ln != RULE else ln
        for ln in lines
    ]
    out = _join_lone_sign(out, percent_hint, guessed)
    ratio = RULE in out or any(" / " in ln or _RULE_RUN.search(ln) for ln in out)
    if ratio:
        out = [_BARE_100_PERCENT.sub("x 100%", ln) if ln != RULE else ln for ln in out]
    if not any(_multipliers(ln) for ln in out if ln != RULE):
        for i, ln in enumerate(out):
            later_number = any(_LONE_NUMBER.search(x) for x in out[i + 1 :] if x != RULE)
            if ln == RULE or later_number:  # "x" here, "100" on a later line: split multiplier
                continue
            if _DANGLING_SIGN.search(ln) and _has_word(_DANGLING_SIGN.sub("", ln)):
                out[i] = _DANGLING_SIGN.sub(" x 100%" if percent_hint else "", ln).strip()
                guessed.append("multiplier")
                break
    return out


_LONE_SIGN = re.compile(r"^[xX×*]$")
_LONE_MULT_NUMBER = re.compile(r"^(?:[!lI1|]\s+)?(100|1000)\s?(%|96|9|6|°)?[.,;:]?$")
_DOUBLED_PERCENT = re.compile(r"(?<![\w.,])(x\s100%)\s+100%(?!\w)|(?<![\w.,%])100%\s+(x\s100%)")


def _join_lone_sign(lines: list[str], percent_hint: bool, guessed: list[str]) -> list[str]:
    """The sign and the number of a multiplier printed in narrow cells of their own
    beside the fraction come out as lines of their own ("x", "100%"), in any order
    around the bar: put them back together as one "x 100%" line at the end. A sign
    whose number was lost is "x 100%" for a persentase (a guess), else dropped. A
    doubled reading ("x 1009 100%" -> "x 100% 100%") keeps one."""
    out = [_DOUBLED_PERCENT.sub(lambda m: m.group(1) or m.group(2), ln) for ln in lines]
    signs = [i for i, ln in enumerate(out) if ln != RULE and _LONE_SIGN.match(ln.strip())]
    numbers = [i for i, ln in enumerate(out) if ln != RULE and _LONE_MULT_NUMBER.match(ln.strip())]
    if not signs:
        return out
    if not numbers:
        if any(_MULT.search(ln) for ln in out if ln != RULE):
            return [ln for i, ln in enumerate(out) if i != signs[0]]
        guessed.append("multiplier")
        rest = [ln for i, ln in enumerate(out) if i != signs[0]]
        return [*rest, "x 100%"] if percent_hint else rest
    m = _LONE_MULT_NUMBER.match(out[numbers[0]].strip())
    assert m is not None
    mult = f"x {m.group(1)}{'%' if m.group(2) else ''}"
    drop = {signs[0], numbers[0]}
    return [ln for i, ln in enumerate(out) if i not in drop] + [mult]


def _sigma_side(side: str, other: str, lookalikes: set[str], guessed: list[str]) -> str:
    """One side with its opening lookalike read as "Σ"; the other side opening with
    one shows what a dash or an "x" here was."""
    head, _, rest = side.partition(" ")
    if other.startswith("Σ "):
        lookalikes = lookalikes | _SIGMA_LOOKALIKE_PAIRED
    if head in lookalikes and rest[:1].isupper():
        guessed.append("sigma")
        return f"Σ {rest}"
    return side


def _restore_sigma(parts: FormulaParts, guessed: list[str]) -> FormulaParts:
    """A fraction side opening with a lone summation-sign lookalike (OCR)."""
    if not parts.is_ratio or not parts.pembilang or not parts.penyebut:
        return parts
    den = _sigma_side(parts.penyebut, parts.pembilang, _SIGMA_LOOKALIKE_BELOW, guessed)
    num = _sigma_side(parts.pembilang, den, _SIGMA_LOOKALIKE, guessed)
    sides = [num, den]
    if sides == [parts.pembilang, parts.penyebut]:
        return parts
    formula = f"{sides[0]} / {sides[1]}{_suffix(parts.pengali, parts.percent)}"
    return FormulaParts(formula, sides[0], sides[1], parts.pengali, parts.percent, True)


def _match_side_case(parts: FormulaParts, guessed: list[str]) -> FormulaParts:
    """A fraction whose sides open with one word, capitalised on one side only
    ("Jumlah SPJ yang lolos / jumlah SPJ yang diajukan"): OCR misread the
    capital (J/j, S/s look alike), so both sides get it (OCR)."""
    if not parts.is_ratio or not parts.pembilang or not parts.penyebut:
        return parts
    num, den = parts.pembilang, parts.penyebut
    a, b = num.split(" ", 1)[0], den.split(" ", 1)[0]
    if a == b or a.lower() != b.lower() or not a[1:].islower():
        return parts
    if a[:1].isupper() and b[:1].islower():
        den = a + den[len(b) :]
    elif b[:1].isupper() and a[:1].islower():
        num = b + num[len(a) :]
    else:
        return parts
    ratio = f"{parts.pembilang} / {parts.penyebut}"
    if not parts.formula or ratio not in parts.formula:
        return parts
    guessed.append("side_case")
    formula = parts.formula.replace(ratio, f"{num} / {den}", 1)  # keeps a "X = " label
    return FormulaParts(formula, num, den, parts.pengali, parts.percent, True)


def parse_formula(
    lines: list[str], *, ocr: bool = False, percent_hint: bool = False
) -> FormulaParts:
    """Parse a formula cell given as its visual lines.

    ``ocr``: the text comes from OCR, so "x 1000" glued to a ratio is read as
    "x 100%". ``percent_hint`` (with ``ocr``): the indicator is a persentase, so a
    ratio's "x 100" lost its "%" to OCR.
    """
    raw = [ln for ln in lines if ln is not None]
    piped = any(_PIPED_1000.search(ln) for ln in raw)
    guessed: list[str] = []
    if ocr:
        raw = _ocr_percent(raw, percent_hint, guessed)
    prepared = _prepare(raw)
    texts = [ln for ln in prepared if ln != RULE]
    if not texts or _PLACEHOLDER.match(clean_text(" ".join(texts))):
        return FormulaParts(None)  # "-", "- ____", blank
    has_rule = RULE in prepared or any(_RULE_RUN.search(t) for t in texts)
    if not has_rule and is_list(prepared):
        items = split_items(prepared)
        if len(items) >= 2:
            subs = [_parse_single(_prepare([it]), ocr, percent_hint, piped) for it in items]
            joined = "; ".join(
                (s.formula if s.is_ratio and s.formula else it).rstrip(" ;,")
                for s, it in zip(subs, items, strict=True)
            )
            return FormulaParts(joined or None)
        # a one-item list ("- Jumlah Keluarga Penerima ..."): drop the marker
        first = next(i for i, ln in enumerate(prepared) if ln != RULE)
        prepared = list(prepared)
        prepared[first] = strip_marker(prepared[first])[1]
    parts = _parse_single(prepared, ocr, percent_hint, piped)
    if ocr:
        parts = _match_side_case(_restore_sigma(parts, guessed), guessed)
    parts.guessed = guessed
    return parts


def formula_items(lines: list[str], *, ocr: bool = False, expected: int = 0) -> list[FormulaParts]:
    """A formula cell listing one formula per indicator ("- A - B"): one part each,
    in order, for pairing with a multi-indicator cell. A non-list cell gives one.

    ``expected``: the number of indicators to pair with. When the markers give
    another count (OCR lost a "-"), items are cut after each line ending in a
    multiplier instead ("... x 100%" closes a formula), if that gives the count.
    """
    prepared = _prepare(lines)
    has_rule = RULE in prepared or any(_RULE_RUN.search(t) for t in prepared if t != RULE)
    if has_rule:
        return [parse_formula(lines, ocr=ocr)]
    items = split_items(prepared) if is_list(prepared) else [join_lines(prepared)]
    if expected and len(items) != expected:
        closed = _items_closed_by_multipliers(prepared)
        if len(closed) == expected:
            items = closed
    if len(items) < 2:
        return [parse_formula(lines, ocr=ocr)]
    return [parse_formula([it], ocr=ocr) for it in items]


def _items_closed_by_multipliers(lines: list[str]) -> list[str]:
    """Lines grouped into formulas, each closed by a line ending in a multiplier;
    list markers dropped. Nothing (``[]``) when words follow the last multiplier: a
    stacked fraction's multiplier sits beside its bar, mid-formula."""
    groups: list[list[str]] = [[]]
    for ln in lines:
        groups[-1].append(strip_marker(ln)[1] if not groups[-1] else ln)
        ends = _multipliers(ln)
        if ends and not ln[ends[-1].end() :].strip(" .,;:)"):
            groups.append([])
    if any(_has_word(t) for t in groups[-1]):
        return []
    groups.pop()
    return [join_lines(g) for g in groups]


# --------------------------------------------------------------------- jenis indikator

_JENIS_EXACT: dict[str, str] = {
    "jumlah": "jumlah",
    "jumiah": "jumlah",
    "jumilah": "jumlah",
    "jurnlah": "jumlah",
    "jum1ah": "jumlah",
    "jumah": "jumlah",
    "jml": "jumlah",
    "indeks": "indeks",
    "index": "indeks",
    "indek": "indeks",
    "lndeks": "indeks",
    "nilai": "nilai",
    "niiai": "nilai",
    "nilal": "nilai",
    "status": "status",
    "stalus": "status",
    "slatus": "status",
}
_PERSEN_STEMS = ("persentas", "presentas", "prosentas", "persentasi")


def _lev(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _jenis_of(token: str) -> str | None:
    t = token.lower()
    if t.startswith(_PERSEN_STEMS):
        return "persentase"
    if t[:1] == "p" and 9 <= len(t) <= 11 and _lev(t[:10], "persentase") <= 2:
        return "persentase"  # OCR: "Persentasc", "Pcrsentase", "Persenlase"
    if t in _JENIS_EXACT:
        return _JENIS_EXACT[t]
    if t.startswith("jumlah") or (t[:2] == "ju" and 5 <= len(t) <= 7 and _lev(t, "jumlah") <= 1):
        return "jumlah"
    if t.startswith("indeks"):
        return "indeks"
    return None


def classify_jenis(indikator: str | None) -> str | None:
    """The indicator type from its own wording: the first of Persentase (Presentase,
    Prosentase), Jumlah, Indeks, Nilai, Status by position; else ``lainnya``;
    ``None`` when there is no indicator."""
    if not indikator or not _has_word(indikator):
        return None
    for token in re.findall(r"[^\W_]+", indikator):
        jenis = _jenis_of(token)
        if jenis is not None:
            return jenis
    return "lainnya"
