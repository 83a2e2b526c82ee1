"""Decree metadata: signatures, number, date, place, pemda, agency, jenis and year.

Every input is plain text lines (the parser's preamble, trailer, block headings and
signature lines); :func:`extract_signatures_laid_out` also takes boxed lines, to read
side-by-side signers apart. The lines are labelled by the spaCy rule pipeline of
:mod:`normalize.metadata_patterns` (run once per call with ``nlp.pipe``); the
functions here read those labels with layout rules. Nothing is guessed: a field the
lines do not state is ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span

from domain.structure import Line
from normalize.metadata_patterns import (
    AGENCY_HEADS,
    MONTH_ABBR,
    MONTHS,
    REGION_HEADS,
    get_nlp,
    prep,
)


@dataclass(slots=True)
class Signature:
    """One signer: ``Tenggarong, 31 Januari 2023 / <title> / <NAME> / <rank> / NIP ...``."""

    tempat: str | None = None
    tanggal: date | None = None
    penandatangan: str | None = None
    pangkat: str | None = None
    nip: str | None = None
    jabatan: str | None = None
    """The caption above the name (``Kepala Dinas Sosial ...``), trailing comma dropped."""


@dataclass(slots=True)
class DocumentMeta:
    pemda: str | None = None
    instansi: str | None = None
    jenis: str | None = None
    tahun: int | None = None
    nomor: str | None = None
    tanggal: date | None = None
    tempat: str | None = None
    penandatangan: str | None = None
    nip: str | None = None
    pangkat: str | None = None


# --------------------------------------------------------------------------- dates


def _month(word: str) -> int | None:
    """Month number of an Indonesian month name, abbreviation or OCR-damaged name
    (``fanuari``, ``Januar``, ``Januarl``); None when two months are equally close."""
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS[w]
    if w in MONTH_ABBR:
        return MONTH_ABBR[w]
    scored = sorted((Levenshtein.distance(w, name), num) for name, num in MONTHS.items())
    best, num = scored[0]
    limit = 1 if len(w) <= 4 else 2
    ties = {n for d, n in scored if d == best}
    return num if best <= limit and len(ties) == 1 else None


def _date_of(span: Span) -> date | None:
    parts = [t.text for t in span if t.text not in {"-", "/", "."}]
    try:
        if all(p.isdigit() for p in parts):  # 01-03-2023
            day, mon, year = (int(p) for p in parts)
        else:
            day, year = int(parts[0]), int(parts[-1])
            mon = _month(parts[1]) or 0
        return date(year, mon, day)
    except ValueError:  # 31 Februari, month 0 (unreadable), 32 Januari
        return None


def _first_date(doc: Doc) -> date | None:
    for ent in doc.ents:
        if ent.label_ == "DATE" and (d := _date_of(ent)):
            return d
    return None


def parse_date_id(text: str) -> date | None:
    """The first valid date in ``text``: ``1 Maret 2023``, OCR ``31 fanuari 2023``,
    ``14 September 2021``, ``01-03-2023``; None when there is none or it is impossible."""
    return _first_date(get_nlp()(prep(text)))


# ----------------------------------------------------------------------------- NIP

_NIP_LABEL = re.compile(r"(?i)\b(?:NI[PF]|N1P|NLP|NJP)\b")


def _nip_digits(text: str) -> str:
    """Digits of a NIP as printed: label dropped, OCR ``O`` in digit groups read as 0."""
    out = []
    for tok in re.split(r"[\s.:,\-]+", _NIP_LABEL.sub(" ", text)):
        if any(c.isdigit() for c in tok):
            out.append(re.sub(r"[^\d]", "", tok.replace("O", "0").replace("o", "0")))
    return "".join(out)


def _valid_nip(d: str) -> bool:
    """18 digits: birth date (8), TMT year+month (6), sex 1/2 (1), serial (3)."""
    if len(d) != 18 or not d.isdigit():
        return False
    try:
        born = date(int(d[:4]), int(d[4:6]), int(d[6:8]))
    except ValueError:
        return False
    tmt_year, tmt_month = int(d[8:12]), int(d[12:14])
    this_year = date.today().year
    return (
        1930 <= born.year <= this_year - 15
        and 1 <= tmt_month <= 12
        and 15 <= tmt_year - born.year <= 60
        and tmt_year <= this_year + 1
        and d[14] in "12"
    )


def normalize_nip(text: str) -> str | None:
    """``NIP. 19680706 199403 1 013`` -> ``196807061994031013`` (also ``NIP.1968...``,
    OCR ``NIF.``); None unless it is 18 digits with a real birth date and TMT."""
    doc = get_nlp()(prep(text))
    spans = [e.text for e in doc.ents if e.label_ == "NIP"]
    digits = _nip_digits(spans[0] if spans else doc.text)
    return digits if _valid_nip(digits) else None


# ----------------------------------------------------------------- line analysis


@dataclass(slots=True)
class _Line:
    text: str
    doc: Doc
    raw: str = ""

    def ents(self, *labels: str) -> list[Span]:
        return [e for e in self.doc.ents if e.label_ in labels]

    def starts(self, *labels: str) -> Span | None:
        """The entity with one of ``labels`` that opens the line, if any."""
        for e in self.doc.ents:
            if e.start == 0 and e.label_ in labels:
                return e
        return None


def _analyse(lines: Iterable[str]) -> list[_Line]:
    raws = list(lines)
    texts = [prep(s) for s in raws]
    docs = get_nlp().pipe(texts)
    return [_Line(t, d, r) for t, d, r in zip(texts, docs, raws, strict=True)]


def _letters(s: str) -> int:
    return sum(c.isalpha() for c in s)


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.7 * len(letters)


def _is_garbage(s: str) -> bool:
    """OCR debris of ruling lines and stamps: ``E & =``, ``/ _—'L/``, ``-``."""
    chars = s.replace(" ", "")
    alnum = sum(c.isalnum() for c in chars)
    return alnum < 2 or alnum < 0.5 * len(chars)


# ------------------------------------------------------------------- signatures

_PLACE_DATE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\-]*(?: [A-Z][A-Za-z.'\-]*){0,2})\s*,\s*(?P<rest>.*)$"
)
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_REGION_WORDS = {"kota", "kabupaten"}
_NIP_ONLY = re.compile(r"(?i)^(NI[PF]|N1P|NLP)\W*$")
_TTD = {"ttd", "ttd.", "cap", "dto", "dto."}


def _place_date(line: _Line) -> tuple[str, date | None] | None:
    """``Tenggarong, 31 Januari 2023`` (also with the day lost: ``Tenggarong, anuari
    2023``) -> place and date; None when the line is not a place-and-date line."""
    m = _PLACE_DATE.match(line.text)
    if not m or not _YEAR.search(m["rest"]) or len(m["rest"].split()) > 5:
        return None
    place_end = m.end("place")
    if any(
        e.end_char <= place_end and e.text.lower() not in _REGION_WORDS for e in line.ents("TITLE")
    ):
        return None  # "Kepala Dinas, ..." is a caption (but "Kota Baru, ..." is a place)
    return m["place"].strip(" ."), _first_date(line.doc)


def _kind(line: _Line) -> str:
    """What a line is inside a signature area."""
    t = line.text
    if not t or _is_garbage(t):
        return "skip"
    if line.ents("NIP"):
        return "nip"
    rank = sum(_letters(e.text) for e in line.ents("PANGKAT"))
    if rank and rank >= 0.8 * _letters(t):
        return "pangkat"
    if line.starts("DITETAPKAN"):
        return "ditetapkan"
    if line.starts("TGL_LBL"):
        return "tanggal"
    if _place_date(line):
        return "placedate"
    if line.starts("COSIGN"):
        return "cosign"
    if t.lower() in _TTD or _NIP_ONLY.match(t):  # "NIP." with the number below
        return "skip"
    return "text"


def _is_scribble(line: _Line) -> bool:
    """A signature scrawl or a word fragment read by OCR (``Myter``, ``egawaian``)."""
    words = line.text.strip(" .,").split()
    if len(words) != 1 or line.ents("TITLE") or line.text.endswith(","):
        return False
    w = words[0]
    return w[0].islower() or (not w.isupper() and len(w) <= 8)


_LOWER_TITLES = {"dr.", "drg.", "dr", "drg"}
_JENIS = ("JENIS_IKI", "JENIS_IKU", "JENIS_IK")


def _is_name(line: _Line) -> bool:
    """A person's name as printed under a signature (``MARTHA BANANG, S.H., M.M``,
    ``Drs. Yuliandri Suherdiman``): no title words, not a caption ending in a comma."""
    t = line.text.strip(" .;").lstrip(": ")  # ": MARTHA ...": a speck, or a label's colon
    if not t or t[0].isdigit() or ":" in t or line.text.endswith(","):
        return False
    if line.raw.lstrip().startswith(("-", "•", "*")):  # a list item of a table cell
        return False
    if line.ents("TITLE", "OFFICE", "COSIGN", "KEYWORD", "AGENCY", "PEMDA", "DATE", *_JENIS):
        return False
    words = t.split()
    # A name cut by the scan's edge or a stamp: OCR keeps its tail ("mi Mariati",
    # "O RIEWANTO"); medical titles are the lower-case exception ("dr. Ani").
    first = words[0]
    if first[0].islower() and first.lower() not in _LOWER_TITLES:
        return False
    if len(first) == 1 and len(words) > 1:
        return False
    if len(words) == 1 and _letters(first) <= 4:  # "EGUH": the tail of a cut name
        return False
    return len(words) <= 8 and any(w[0].isupper() and _letters(w) >= 3 for w in words)


def _is_caption(line: _Line) -> bool:
    """A line of a signer's title block (``Kepala Dinas Sosial,``, ``KABUPATEN SAMPANG``)."""
    t = line.text
    if len(t) > 70 or not t[0].isupper() or line.raw.lstrip().startswith(("-", "•", "*")):
        return False
    if line.ents(*_JENIS) or line.starts("KEYWORD"):  # the next block's heading
        return False
    return bool(line.ents("TITLE", "PEMDA", "AGENCY")) or t.endswith(",") or _is_upper(t)


def _clean_caption(parts: Sequence[str]) -> str | None:
    text = " ".join(" ".join(parts).split()).strip(" ,;:")
    return text or None


@dataclass(slots=True)
class _Signer:
    line: int
    sig: Signature
    decree: bool = False


class _SigReader:
    """Reads signers out of one run of lines (a page's signature area, a preamble)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = _analyse(lines)
        self.kinds = [_kind(ln) for ln in self.lines]
        self.nips: dict[int, list[str]] = {}
        self.used: set[int] = set()
        self._read_nips()

    def _next(self, i: int, limit: int = 4) -> int | None:
        """Index of the next non-skip line, at most ``limit`` lines below ``i``."""
        for j in range(i + 1, min(len(self.lines), i + 1 + limit)):
            if self.kinds[j] != "skip":
                return j
        return None

    def _read_nips(self) -> None:
        for i, ln in enumerate(self.lines):
            if self.kinds[i] != "nip":
                continue
            found = [_nip_digits(e.text) for e in ln.ents("NIP")]
            # OCR splits a NIP over two lines: "NIP.19680708" / "199403 1 013".
            j = self._next(i)
            if len(found) == 1 and len(found[0]) < 18 and j is not None:
                tail = self.lines[j].text
                if re.fullmatch(r"[\d ]+", tail) and len(found[0] + tail.replace(" ", "")) == 18:
                    found[0] += tail.replace(" ", "")
                    self.kinds[j] = "skip"
            self.nips[i] = found

    def _up(self, i: int, stop: int) -> int | None:
        """The nearest line above ``i`` (not below ``stop``) that is not skipped."""
        for j in range(i - 1, stop - 1, -1):
            if self.kinds[j] != "skip":
                return j
        return None

    def _when_where(self, top: int, stop: int, sig: Signature) -> tuple[int | None, bool]:
        """Fill place/date from the marker lines above ``top``; return the marker index
        (where the caption starts) and whether it was a ``Ditetapkan di`` signature."""
        marker, decree, seen = None, False, 0
        for j in range(top - 1, stop - 1, -1):
            kind, ln = self.kinds[j], self.lines[j]
            if kind == "skip":
                continue
            seen += 1
            if seen > 12 or kind in {"nip", "pangkat"}:
                break
            if kind == "cosign" and marker is None:
                marker = j
            elif kind == "tanggal":
                sig.tanggal = sig.tanggal or self._tanggal(j)
                marker = j if marker is None else marker
                self.used.add(j)
            elif kind == "placedate":
                place, when = _place_date(ln) or (None, None)
                sig.tempat, sig.tanggal = place, sig.tanggal or when
                marker = j if marker is None else marker
                self.used.add(j)
                break
            elif kind == "ditetapkan":
                sig.tempat = self._ditetapkan_place(ln) or self._place_below(j)
                sig.tanggal = sig.tanggal or _first_date(ln.doc)
                marker, decree = (j if marker is None else marker), True
                self.used.add(j)
                break
        return marker, decree

    def _tanggal(self, j: int) -> date | None:
        """Date of a ``Pada tanggal :`` line, or of the next line when printed there."""
        when = _first_date(self.lines[j].doc)
        k = self._next(j)
        if when is None and k is not None and len(self.lines[k].text.split()) <= 5:
            when = _first_date(self.lines[k].doc)
        return when

    def _place_below(self, j: int) -> str | None:
        """The place of a ``Ditetapkan di`` line printed on the next line
        ("Ditetapkan di" / "Marabahan": the colon column between them lost):
        one to three capitalised words, nothing else recognised in them."""
        k = self._next(j, limit=1)
        if k is None:
            return None
        ln = self.lines[k]
        words = ln.text.strip(" :,.").split()
        if not 1 <= len(words) <= 3 or ln.doc.ents or self.kinds[k] != "text":
            return None
        if not all(w[0].isupper() and w.replace("-", "").isalpha() for w in words):
            return None
        self.used.add(k)
        return " ".join(words)

    @staticmethod
    def _ditetapkan_place(ln: _Line) -> str | None:
        lbl = ln.starts("DITETAPKAN")
        assert lbl is not None
        rest = ln.doc[lbl.end :]
        cut = len(rest)
        for k, tok in enumerate(rest):
            if tok.text == "," or tok.ent_type_ in {"TGL_LBL", "DATE"}:
                cut = k
                break
        place = rest[:cut].text.strip(" :,.")
        return place or None

    def _caption(self, marker: int | None, top: int, stop: int) -> str | None:
        """The signer's title: lines between the marker and the name; without a
        marker, the run of caption-like lines right above the name."""
        parts: list[str] = []
        if marker is not None:
            m_line = self.lines[marker]
            if self.kinds[marker] == "cosign":  # "Mengetahui, Kepala Dinas Sosial"
                lbl = m_line.starts("COSIGN")
                rest = m_line.doc[lbl.end :].text.strip(" ,:") if lbl else ""
                if rest:
                    parts.append(rest)
            for j in range(marker + 1, top):
                if self.kinds[j] == "text" and not _is_scribble(self.lines[j]):
                    parts.append(self.lines[j].text)
            return _clean_caption(parts[-5:])
        j = top
        while (j := self._up(j, stop)) is not None and len(parts) < 4:
            ln = self.lines[j]
            if self.kinds[j] != "text":
                break
            if _is_scribble(ln):
                continue
            if not _is_caption(ln):
                break
            parts.insert(0, ln.text)
        return _clean_caption(parts)

    def _signer_at(self, i: int, stop: int) -> list[_Signer]:
        """Signers whose NIP (or, with the NIP lost, rank) is on line ``i``."""
        ln = self.lines[i]
        nips = self.nips.get(i, [""])
        k = len(nips)
        sigs = [Signature(nip=d if _valid_nip(d) else None) for d in nips]
        ranks = [e.text for e in ln.ents("PANGKAT")]
        top = i
        j = self._up(i, stop) if self.kinds[i] == "nip" else None
        if j is not None and self.kinds[j] == "pangkat":
            ranks = [e.text for e in self.lines[j].ents("PANGKAT")]
            top = j
        if len(ranks) == k:
            for sig, rank in zip(sigs, ranks, strict=True):
                sig.pangkat = " ".join(rank.split())
        name_line, skipped, j = None, 0, top
        while (j := self._up(j, stop)) is not None and skipped <= 2:
            cand = self.lines[j]
            if self.kinds[j] != "text":
                break
            if _is_name(cand) and not _is_scribble(cand):
                name_line = j
                break
            if not _is_scribble(cand):
                break
            skipped += 1
        if name_line is not None:
            top = name_line
            if k == 1:  # two NIPs on one line share one name line: whose is unknown
                sigs[0].penandatangan = _clean_name(self.lines[name_line].text)
        shared = Signature()
        marker, decree = self._when_where(top, stop, shared)
        caption = self._caption(marker, top, stop) if k == 1 else None
        for sig in sigs:
            sig.tempat, sig.tanggal, sig.jabatan = shared.tempat, shared.tanggal, caption
        return [_Signer(i, s, decree) for s in sigs]

    def _orphan(self, m: int) -> _Signer:
        """A ``Ditetapkan di`` / place-date with no NIP below it (a Bupati's signature,
        or an OCR page that lost the NIP): caption lines, then the name."""
        sig = Signature()
        if self.kinds[m] == "placedate":
            sig.tempat, sig.tanggal = _place_date(self.lines[m]) or (None, None)
        else:
            sig.tempat = self._ditetapkan_place(self.lines[m])
            sig.tanggal = _first_date(self.lines[m].doc)
        run: list[_Line] = []
        j: int | None = m
        while (j := self._next(j)) is not None and len(run) < 8:
            ln, kind = self.lines[j], self.kinds[j]
            if kind == "tanggal":
                sig.tanggal = sig.tanggal or self._tanggal(j)
                continue
            if kind != "text" or ln.starts("KEYWORD"):
                break
            if not _is_scribble(ln):
                if not (_is_caption(ln) or _is_name(ln)):
                    break
                run.append(ln)
        # the name closes the block: the last name-like line, the caption above it
        names = [k for k, ln in enumerate(run) if _is_name(ln)]
        cut = names[-1] if names else len(run)
        if names:
            sig.penandatangan = _clean_name(run[cut].text)
        parts = [ln.text for ln in run[:cut]]
        sig.jabatan = _clean_caption(parts)
        self.used.add(m)
        return _Signer(m, sig, self.kinds[m] == "ditetapkan")

    def signers(self) -> list[_Signer]:
        out: list[_Signer] = []
        stop = 0
        for i, kind in enumerate(self.kinds):
            lone_rank = kind == "pangkat" and not any(
                self.kinds[j] == "nip" for j in range(i + 1, min(len(self.kinds), i + 4))
            )
            if kind == "nip" or lone_rank:
                out += self._signer_at(i, stop)
                stop = i + 1
        for m, kind in enumerate(self.kinds):
            if kind in {"ditetapkan", "placedate"} and m not in self.used:
                out.append(self._orphan(m))
        return sorted(out, key=lambda s: s.line)


_NAME_JUNK = re.compile(r"[^\w.,'’\- ]")


_SPECK_STOP = re.compile(r"(?:(?<=\s)|^)([^\W\d_]{4,})\.,")
"""``BANANG.,``: a speck before the comma after a whole word (``M.Kesos.,`` is an
abbreviation's own stop, and ``Kesos`` follows a stop, not a space)."""


_STOP_FOR_COMMA = re.compile(r"(?:(?<=\s)|^)([A-Z]{4,})\.(?=\s+[A-Z]\.\s?[A-Z])")
"""``BANANG. S.H.``: the comma between a name in capitals and its degree read as a
stop (an initial, ``H. FUAD``, or a title, ``Drs. H.``, is not a whole word in
capitals)."""


def _clean_name(text: str) -> str | None:
    name = " ".join(_NAME_JUNK.sub(" ", text).split()).lstrip(" :;.,").strip(" ,")
    name = _STOP_FOR_COMMA.sub(r"\1,", _SPECK_STOP.sub(r"\1,", name))
    return name or None


def _share_stamp(sigs: list[Signature]) -> list[Signature]:
    """Signers of one area sign together: when the area shows one place and date
    (printed once, above the holder), it is also theirs who have none."""
    stamps = {(s.tempat, s.tanggal) for s in sigs if s.tempat or s.tanggal}
    if len(stamps) == 1:
        tempat, tanggal = stamps.pop()
        for s in sigs:
            if not (s.tempat or s.tanggal):
                s.tempat, s.tanggal = tempat, tanggal
    return sigs


def extract_signatures(lines: list[str]) -> list[Signature]:
    """Every signature block in ``lines``, top to bottom. Side-by-side signers
    (``Mengetahui`` / ``Atasan langsung`` and the holder) are separate entries; a field
    the lines do not show for that signer (OCR lost it, or two signers share one
    flattened line) is None."""
    return _share_stamp([s.sig for s in _SigReader(lines).signers()])


def _columns(lines: Sequence[Line]) -> list[list[Line]]:
    """Lines of a signature area grouped into side-by-side columns, left to right.

    Lines whose horizontal extents overlap (trimmed by 10% on each side, so a
    caption that just touches the next column does not join it) are one column."""
    spans = []
    for ln in lines:
        assert ln.bbox is not None
        x0, _, x1, _ = ln.bbox
        pad = 0.1 * (x1 - x0)
        spans.append((x0 + pad, x1 - pad, ln))
    spans.sort(key=lambda t: t[0])
    groups: list[tuple[float, list[Line]]] = []
    for x0, x1, ln in spans:
        if groups and x0 <= groups[-1][0]:
            right, members = groups[-1]
            groups[-1] = (max(right, x1), [*members, ln])
        else:
            groups.append((x1, [ln]))
    return [sorted(g, key=lambda ln: (ln.bbox or (0, 0, 0, 0))[1]) for _, g in groups]


def extract_signatures_laid_out(lines: Sequence[Line]) -> list[Signature]:
    """:func:`extract_signatures` for lines with boxes (PDF text layer, OCR words).

    Side-by-side signers (``Mengetahui`` | ``Atasan langsung`` | the holder) sort into
    interleaved lines when read top to bottom; each column is read on its own, page
    by page, left to right. Lines without boxes are read as plain text."""
    if not lines or any(ln.bbox is None for ln in lines):
        return extract_signatures([ln.text for ln in lines])
    sigs: list[Signature] = []
    for page in sorted({ln.page for ln in lines}):
        for column in _columns([ln for ln in lines if ln.page == page]):
            sigs += [s.sig for s in _SigReader([ln.text for ln in column]).signers()]
    return _share_stamp(sigs)


# ------------------------------------------------------------- document heading

_CITED_START = re.compile(r"(?i)^(mengingat|memperhatikan)\b")
_CITED_END = re.compile(r"(?i)^(menimbang|memutuskan|menetapkan|kesatu|pertama|ditetapkan)\b")
_LAW = re.compile(
    r"(?i)^(\d+[.)]\s*)?(undang|peraturan|keputusan (menteri|presiden|gubernur|bupati|"
    r"walikota|wali kota)|instruksi|surat edaran|lembaran)"
)
_CONNECTOR = {"dan", "serta", "&"}
_UNIT_START_STOP = {
    "nomor",
    "no",
    "tentang",
    "tahun",
    "keputusan",
    "lampiran",
    "nip",
    "kepala",
    "pemerintah",
    "indikator",
    *REGION_HEADS,
}


def _is_cited(lines: list[str]) -> list[bool]:
    """Lines citing other instruments (the ``Mengingat`` list, law titles in body text):
    their numbers, years and regions are not the decree's own."""
    out, inside = [], False
    for s in lines:
        if _CITED_START.match(s):
            inside = True
        elif _CITED_END.match(s):
            inside = False
        out.append(inside or (not _is_upper(s) and bool(_LAW.match(s))))
    return out


def _joins(cur: str, nxt: str) -> bool:
    """Whether ``nxt`` continues ``cur`` (a name wrapped over lines in a heading)."""
    cw, nw = cur.lower().split(), nxt.lower().split()
    if not cw or not nw:
        return False
    if nw[0] in _CONNECTOR or cw[-1] in _CONNECTOR or cw[-1].rstrip(".") in REGION_HEADS:
        return True
    # "DINAS PEKERJAAN UMUM DAN PENATAAN" / "RUANG": a short upper-case rest of an
    # agency name, not the region line that usually follows it.
    return (
        _is_upper(cur)
        and _is_upper(nxt)
        and any(w in AGENCY_HEADS for w in cw)
        and len(nw) <= 4
        and not any(c.isdigit() for c in nxt)
        and nw[0].strip(".:") not in _UNIT_START_STOP
    )


def _units(lines: Sequence[str], skip_cited: bool = False) -> list[_Line]:
    """Logical lines: wrapped heading lines joined, cited lines dropped."""
    texts = [prep(s) for s in lines]
    cited = _is_cited(texts) if skip_cited else [False] * len(texts)
    merged: list[str] = []
    run = 0
    prev_kept = False
    for text, is_cited in zip(texts, cited, strict=True):
        if is_cited or not text:
            prev_kept = False
            continue
        if prev_kept and run < 4 and _joins(merged[-1], text):
            merged[-1] = f"{merged[-1]} {text}"
            run += 1
        else:
            merged.append(text)
            run = 1
        prev_kept = True
    return [_Line(t, d) for t, d in zip(merged, get_nlp().pipe(merged), strict=True)]


# Consonant pairs Indonesian words (and loans) open with: "PR" in Program, "ST" in
# Statistik; any other pair opening a word marks an acronym.
_ONSETS = {
    "BL",
    "BR",
    "DR",
    "FL",
    "FR",
    "GL",
    "GR",
    "KL",
    "KR",
    "PL",
    "PR",
    "SK",
    "SL",
    "SM",
    "SN",
    "SP",
    "ST",
    "SW",
    "TR",
    "NG",
    "NY",
    "KH",
    "SY",
    "TS",
    "PS",
    "SR",
    "CH",
    "TH",
}
_SMALL = {"dan", "di", "ke", "dari", "yang", "untuk", "serta", "atau"}
_ACRONYMS = {
    "UPT",
    "UPTD",
    "RSUD",
    "UMKM",
    "KUKM",
    "PUPR",
    "BAPPEDA",
    "BAPENDA",
    "BAPPELITBANGDA",
    "DISDUKCAPIL",
    "SATPOL",
    "ESDM",
    "DPMPTSP",
    "OPD",
    "SKPD",
    "DPRD",
}


def _title_case(text: str, upper_source: bool) -> str:
    """Title case as TRUTH.md wants it: small words lower, acronyms kept (``PPPA``).

    In an upper-case heading an acronym is a word without vowels or with digits
    (``BPBD``, ``DP3A``), one opening with two consonants no Indonesian word opens
    with (``PPPA``, ``SDM``), or a known one (``BAPPEDA``); in mixed-case text it is
    any word printed in capitals."""
    out = []
    for i, word in enumerate(text.split()):
        core = word.strip(",.;:()")
        letters = re.sub(r"[^A-Za-z0-9]", "", core)
        if not letters:
            out.append(word)
            continue
        if upper_source:
            up = letters.upper()
            acronym = (
                not re.search(r"[AEIOU]", up)
                or any(c.isdigit() for c in up)
                or up in _ACRONYMS
                or (re.match(r"[^AEIOU]{2}", up) is not None and up[:2] not in _ONSETS)
            )
        else:
            acronym = len(letters) >= 2 and letters.isupper()
        if acronym:
            out.append(word)
        elif i and core.lower() in _SMALL:
            out.append(word.lower())
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def _region_name(ent: Span) -> str | None:
    head = ent[0].text.lower().rstrip(".")
    if not ent[0].text[0].isupper():
        return None  # "di kabupaten ..." is a common noun
    words = [t.text for t in ent[1:] if t.text != "."]
    kept: list[str] = []
    for w in words:  # OCR "TARUN", "NOMER" end the name too
        if any(Levenshtein.distance(w.lower(), s) <= 1 for s in ("tahun", "nomor", "tentang")):
            break
        kept.append(w)
    if not kept:
        return None
    label = {"kab": "Kabupaten", "kota": "Kota", "propinsi": "Provinsi"}.get(head, head.title())
    return f"{label} {_title_case(' '.join(kept), upper_source=True)}"


def _agency_name(ent: Span, upper_source: bool) -> str | None:
    if not ent[0].text[0].isupper():
        return None
    toks = list(ent)
    while toks and toks[-1].lower_ in {",", "dan", "serta", "&"}:
        toks.pop()
    if len(toks) < 2 and toks[0].lower_ != "inspektorat":
        return None  # "Kepala Dinas," names no agency
    text = ent.doc[toks[0].i : toks[-1].i + 1].text
    return _title_case(text, upper_source)


def _nomor_value(line: _Line, lbl: Span) -> str | None:
    value = line.text[lbl.end_char :]
    value = re.split(r"(?i)\btentang\b", value)[0]
    value = " ".join(value.split()).strip(" :;,")
    return value if any(c.isdigit() for c in value) else None


def _nomor(units: list[_Line]) -> str | None:
    """The decree's own number: the first stand-alone NOMOR line after the KEPUTUSAN
    title (a ``... NOMOR 30 TAHUN 2022 TENTANG`` inside the subject is the amended
    decree's), else the first NOMOR line of the heading (a Lampiran's)."""
    title = next(
        (
            k
            for k, u in enumerate(units)
            if _is_upper(u.text) and re.match(r"(?i)(surat )?(keputusan|peraturan)\b", u.text)
        ),
        None,
    )
    if title is not None:
        t_line = units[title]
        for e in t_line.ents("NOMOR_LBL"):  # "KEPUTUSAN ... NOMOR 12 TAHUN 2023"
            before = t_line.text[: e.start_char].lower()
            if "tentang" not in before and (v := _nomor_value(t_line, e)):
                return v
        for u in units[title + 1 : title + 6]:
            if re.match(r"(?i)tentang\b", u.text) or not _is_upper(u.text):
                break
            if (lbl := u.starts("NOMOR_LBL")) and (v := _nomor_value(u, lbl)):
                return v
    for u in units:
        if (lbl := u.starts("NOMOR_LBL")) and (v := _nomor_value(u, lbl)):
            return v
    return None


_PERIOD_AFTER = re.compile(r"(?i)^\s*(-|–|—|s\.?\s?d\.?|s/d|sampai|hingga)\s*(19|20)\d\d")
_NOMOR_BEFORE = re.compile(r"(?i)\bno(mor|mer)?\.?\s*:?\s*[\w./-]+\s*$")


def _years(unit: _Line, need_subject: bool) -> Iterable[int]:
    """Single years stated by ``TAHUN yyyy`` in a unit, skipping decree numbers
    (``NOMOR 27 TAHUN 2023``) and periods (``TAHUN 2017 - 2022``)."""
    for e in unit.ents("TAHUN"):
        before, after = unit.text[: e.start_char], unit.text[e.end_char :]
        if _NOMOR_BEFORE.search(before) or _PERIOD_AFTER.match(after):
            continue
        if need_subject and not any(j.start < e.start for j in unit.ents(*_JENIS)):
            continue  # body text: only "Indikator Kinerja ... Tahun 2021"
        yield int(e[-1].text)


def _subject(units: list[_Line]) -> list[_Line]:
    """The upper-case ``TENTANG ...`` subject of the decree title."""
    start = next((k for k, u in enumerate(units) if re.match(r"(?i)tentang\b", u.text)), None)
    if start is None:
        return []
    out = []
    for u in units[start:]:
        if not _is_upper(u.text):
            break
        out.append(u)
    return out


def _jenis(tiers: Sequence[Sequence[_Line]]) -> str | None:
    """IKI / IKU from the first explicit mention, tier by tier (the decree's subject
    first); a bare ``INDIKATOR KINERJA`` / ``(IK)`` anywhere only gives IK when no
    tier names IKI or IKU."""
    generic = False
    for tier in tiers:
        for unit in tier:
            for e in unit.ents(*_JENIS):
                if e.label_ == "JENIS_IK":
                    generic = True
                else:
                    return e.label_.removeprefix("JENIS_")
    return "IK" if generic else None


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v), None)


def _decree_signer(preamble: Sequence[str], trailer: Sequence[str]) -> Signature | None:
    """The decree's own signature: ``Ditetapkan di`` in the preamble, else the last
    dated signature of the preamble, else the first signature of the trailer."""
    pre = _SigReader(preamble).signers()
    for s in pre:
        if s.decree:
            return s.sig
    dated = [s for s in pre if s.sig.tanggal or s.sig.tempat]
    if dated:
        return dated[-1].sig
    for s in _SigReader(trailer).signers():
        if s.sig.penandatangan or s.sig.nip or s.sig.tanggal:
            return s.sig
    return None


def _shared_place(block_signatures: Sequence[Sequence[Signature]]) -> str | None:
    """The place every signed block was signed at, when they all agree (places are
    read from at least half of the signed blocks; OCR loses some)."""
    signed = [sigs for sigs in block_signatures if sigs]
    per_block = [next((s.tempat for s in sigs if s.tempat), None) for sigs in signed]
    places = [p for p in per_block if p]
    if not places or len(places) * 2 < len(signed):
        return None
    return places[0] if len({p.casefold() for p in places}) == 1 else None


def extract_document_meta(
    preamble: list[str],
    trailer: list[str],
    headings: list[str],
    block_signatures: list[list[Signature]],
) -> DocumentMeta:
    """Document-level fields of a decree.

    ``preamble``: lines before the first jabatan block (letterhead, title, the decree
    text and its signature, the Lampiran heading); ``trailer``: lines after the last
    block; ``headings``: block title lines and the printed jabatan lines, in document
    order; ``block_signatures``: the signatures read under each block.
    """
    pre = _units(preamble, skip_cited=True)
    upper = [u for u in pre if _is_upper(u.text)]
    lower = [u for u in pre if not _is_upper(u.text)]
    heads, tail = _units(headings), _units(trailer)
    sig_titles = _units([s.jabatan for sigs in block_signatures for s in sigs if s.jabatan])
    tiers = [upper, lower, heads, tail, sig_titles]

    meta = DocumentMeta(nomor=_nomor(pre))
    regions = [
        (e[0].lower_.startswith("prov") or e[0].lower_.startswith("prop"), name)
        for tier in tiers
        for u in tier
        for e in u.ents("PEMDA")
        if (name := _region_name(e))
    ]
    meta.pemda = _first(n for prov, n in regions if not prov) or _first(n for _, n in regions)
    meta.instansi = _first(
        _agency_name(e, _is_upper(u.text)) for tier in tiers for u in tier for e in u.ents("AGENCY")
    )
    meta.jenis = _jenis([_subject(pre), upper, lower, heads, tail])
    year_tiers: list[tuple[Sequence[_Line], bool]] = [
        (_subject(pre), False),
        (upper, False),
        (lower, True),
        (heads, False),
        (tail, False),
    ]
    meta.tahun = next((y for tier, subj in year_tiers for u in tier for y in _years(u, subj)), None)

    decree = _decree_signer(preamble, trailer)
    if decree is not None:
        meta.tempat, meta.tanggal = decree.tempat, decree.tanggal
        meta.penandatangan, meta.nip, meta.pangkat = (
            decree.penandatangan,
            decree.nip,
            decree.pangkat,
        )
    else:
        meta.tempat = _shared_place(block_signatures)
    return meta
