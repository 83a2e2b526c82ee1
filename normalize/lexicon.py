"""Word list for OCR repair: Indonesian dictionary + IKI domain terms + acronyms.

Three sources, merged into one :class:`Lexicon`:

1. Debian's ``hunspell-id`` dictionary (``id_ID.dic`` / ``.aff``), affixes expanded
   here. ``unmunch`` cannot be used: this dictionary declares ``FLAG long``
   (two-letter flags) and two-level affixes, which unmunch misreads (it prints ~8M
   lines, most of them fragments such as ``ter/A1|aturan/W3o0A1|``). The expander
   below implements the subset of hunspell the file uses: prefixes, suffixes,
   cross products, CIRCUMFIX (``ber-...-an``, ``ke-...-an``, ``me-...-kan``) and
   NEEDAFFIX. Pure enclitics (``-nya``, ``-lah``, ``-kah``, ``-ku``, ``-mu``) are not
   expanded (they would triple the list); :meth:`Lexicon.is_known` strips
   ``-nya``/``-lah``/``-kah``. The files declare ``SET ISO8859-1`` (their content is
   ASCII); they are decoded with the declared set. ``$IKI_HUNSPELL_DIR`` overrides
   ``/usr/share/hunspell``; without the files the lexicon is domain terms and
   acronyms only (a warning is logged).
2. ``data/domain_terms.txt``: tokens mined from clean decrees with counts and the
   seeds they came from, plus curated government words
   (``scripts/mine_domain_terms.py``). Kind ``variant`` marks rare spellings close to
   a commoner word (``Presentase``, ``Pentapan``): accepted as known, never proposed.
3. ``data/acronyms.txt``: acronyms and proper terms in their canonical case.

Besides the word set, a lexicon knows the decree vocabulary (``domain``: mined and
curated terms) and the other forms of the dictionary stems that vocabulary uses
(``related``: ``melaporkan`` for ``laporan``); repair trusts those tiers more.

The built lexicon is cached as JSON under ``$IKI_CACHE_DIR`` (default
``~/.cache/iki-ingest``), keyed by a hash of every input file, the leave-one-out
exclusions and this module's format version.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
DOMAIN_TERMS_PATH = DATA_DIR / "domain_terms.txt"
ACRONYMS_PATH = DATA_DIR / "acronyms.txt"
HUNSPELL_DIR = Path(os.environ.get("IKI_HUNSPELL_DIR", "/usr/share/hunspell"))
DIC_PATH = HUNSPELL_DIR / "id_ID.dic"
AFF_PATH = HUNSPELL_DIR / "id_ID.aff"

CONFUSABLE_MIN_COUNT = 3
"""A decree word seen this often in the mined decrees makes a dictionary word one
letter from it suspect (:meth:`Lexicon.confusable`)."""
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

CACHE_FORMAT = 3
"""Bump when the expansion or the cache layout changes."""

ENCLITICS = ("nyalah", "nyakah", "nya", "lah", "kah")
"""Enclitics that attach to almost any word (``tersedianya``, ``adalah``). The
possessives ``-ku``/``-mu`` are left out: they are rare in decrees and would make
OCR damage look known (``beriaku`` = ``beria`` + ``ku``)."""

_CLITIC_FLAGS = frozenset({"l0", "n0", "nl", "o0"})
"""Flags of id_ID.aff that only add enclitics (handled by stripping instead)."""
_PLAIN_SUFFIXES = frozenset({"an", "i", "kan"})
_MIN_STEM = 3


# --------------------------------------------------------------------------- hunspell


@dataclass(frozen=True, slots=True)
class _Rule:
    strip: str
    add: str
    cont: frozenset[str]
    cond: re.Pattern[str] | None


@dataclass(slots=True)
class _AffixClass:
    kind: str  # "PFX" | "SFX"
    cross: bool
    rules: list[_Rule]


def _split_flags(flags: str, long: bool) -> list[str]:
    if not long:
        return list(flags)
    return [flags[i : i + 2] for i in range(0, len(flags), 2)]


def _aff_encoding(aff_bytes: bytes) -> str:
    m = re.search(rb"^SET\s+(\S+)", aff_bytes, re.M)
    return m.group(1).decode("ascii") if m else "utf-8"


def _parse_aff(text: str) -> tuple[dict[str, _AffixClass], str | None, str | None, bool]:
    """Affix classes by flag, the CIRCUMFIX and NEEDAFFIX flags, FLAG long or not."""
    classes: dict[str, _AffixClass] = {}
    circumfix = needaffix = None
    long = bool(re.search(r"^FLAG\s+long", text, re.M))
    for raw in text.splitlines():
        f = raw.split("#", 1)[0].split()
        if not f:
            continue
        if f[0] == "CIRCUMFIX" and len(f) > 1:
            circumfix = f[1]
        elif f[0] == "NEEDAFFIX" and len(f) > 1:
            needaffix = f[1]
        elif f[0] in ("PFX", "SFX") and len(f) >= 4:
            kind, flag = f[0], f[1]
            if flag not in classes:  # header line: PFX flag Y count
                classes[flag] = _AffixClass(kind, f[2] == "Y", [])
                continue
            add, _, cont = f[3].partition("/")
            # Some id_ID rules omit the condition field: hunspell reads it as ".".
            cond = f[4] if len(f) > 4 else "."
            rx = None if cond == "." else re.compile("^" + cond if kind == "PFX" else cond + "$")
            classes[flag].rules.append(
                _Rule(
                    strip="" if f[2] == "0" else f[2],
                    add="" if add == "0" else add,
                    cont=frozenset(_split_flags(cont, long)),
                    cond=rx,
                )
            )
    return classes, circumfix, needaffix, long


def _prefix(rule: _Rule, stem: str, form: str) -> str | None:
    """Apply a prefix rule to ``form`` (its condition tested on ``stem``)."""
    if rule.cond is not None and not rule.cond.search(stem):
        return None
    if rule.strip and not form.startswith(rule.strip):
        return None
    return rule.add + form[len(rule.strip) :]


def _suffix(rule: _Rule, stem: str) -> str | None:
    if rule.cond is not None and not rule.cond.search(stem):
        return None
    if rule.strip and not stem.endswith(rule.strip):
        return None
    return stem[: len(stem) - len(rule.strip)] + rule.add


def expand_families(dic_text: str, aff_text: str) -> dict[str, set[str]]:
    """Each dictionary stem with all its word forms (lower-cased), enclitics excluded."""
    classes, circ, need, long = _parse_aff(aff_text)
    families: dict[str, set[str]] = {}
    for line in dic_text.splitlines()[1:]:
        word, _, fl = line.strip().partition("/")
        if not word:
            continue
        out = families.setdefault(word.lower(), set())
        flags = set(_split_flags(fl, long))
        if need not in flags:
            out.add(word.lower())
        pfx = [classes[f] for f in flags if f in classes and classes[f].kind == "PFX"]
        sfx = [
            (f, classes[f])
            for f in flags
            if f in classes and classes[f].kind == "SFX" and f not in _CLITIC_FLAGS
        ]
        for pc in pfx:
            for r in pc.rules:
                if circ not in r.cont and (w := _prefix(r, word, word)):
                    out.add(w.lower())
        for flag, sc in sfx:
            for r in sc.rules:
                if flag in ("a0", "i0", "k0") and r.add not in _PLAIN_SUFFIXES:
                    continue  # -anlah, -annya ...: enclitic combinations
                form = _suffix(r, word)
                if form is None:
                    continue
                if circ is not None and circ in r.cont:
                    # Circumfix: the suffix names its partner prefix in its continuation.
                    for pf in r.cont:
                        partner = classes.get(pf)
                        if partner is None or partner.kind != "PFX":
                            continue
                        for pr in partner.rules:
                            if circ in pr.cont and (w := _prefix(pr, word, form)):
                                out.add(w.lower())
                    continue
                out.add(form.lower())
                if sc.cross:
                    for pc in pfx:
                        if not pc.cross:
                            continue
                        for pr in pc.rules:
                            if circ not in pr.cont and (w := _prefix(pr, word, form)):
                                out.add(w.lower())
    return families


def expand_hunspell(dic_text: str, aff_text: str) -> set[str]:
    """All word forms of a hunspell dictionary (lower-cased), enclitics excluded."""
    return set().union(*expand_families(dic_text, aff_text).values())


# --------------------------------------------------------------------------- data files


@dataclass(frozen=True, slots=True)
class DomainTerm:
    term: str
    count: int
    sources: dict[str, int]
    kind: str  # "term" | "variant" | "curated"


def read_domain_terms(path: Path = DOMAIN_TERMS_PATH) -> list[DomainTerm]:
    """Rows of ``domain_terms.txt``: ``term<TAB>count<TAB>src:n,src:n<TAB>kind``."""
    rows: list[DomainTerm] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        term = parts[0].strip().lower()
        count = int(parts[1]) if len(parts) > 1 and parts[1].strip() else 0
        sources: dict[str, int] = {}
        if len(parts) > 2 and parts[2].strip():
            for item in parts[2].split(","):
                name, _, n = item.partition(":")
                sources[name.strip()] = int(n or 0)
        kind = parts[3].strip() if len(parts) > 3 and parts[3].strip() else "term"
        rows.append(DomainTerm(term, count, sources, kind))
    return rows


def read_acronyms(path: Path = ACRONYMS_PATH) -> list[str]:
    """Acronyms in canonical case, one per line; ``#`` starts a comment."""
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        token = line.split("#", 1)[0].strip()
        if token:
            out.append(token.split()[0])
    return out


# --------------------------------------------------------------------------- lexicon


class Lexicon:
    """Known words (case-insensitive), acronyms (canonical case) and term counts."""

    def __init__(
        self,
        words: Iterable[str],
        acronyms: Iterable[str] = (),
        counts: dict[str, int] | None = None,
        unproposable: Iterable[str] = (),
        domain: Iterable[str] = (),
        related: Iterable[str] = (),
    ) -> None:
        self.words: frozenset[str] = frozenset(w.lower() for w in words)
        self.acronyms: dict[str, str] = {a.upper(): a for a in acronyms}
        self.counts: dict[str, int] = dict(counts or {})
        self.unproposable: frozenset[str] = frozenset(w.lower() for w in unproposable)
        """Known spellings never proposed as repairs (``variant`` domain terms)."""
        self.domain: frozenset[str] = frozenset(w.lower() for w in domain) - self.unproposable
        """Proposable words of the decree vocabulary (mined or curated)."""
        self.related: frozenset[str] = frozenset(related) - self.unproposable - self.domain
        """Other forms of the dictionary stems the decree vocabulary uses
        (``melaporkan``, ``pelapor`` for ``laporan``)."""
        buckets: dict[int, list[str]] = {}
        for w in sorted(self.words - self.unproposable):
            if w.isalpha():
                buckets.setdefault(len(w), []).append(w)
        self._buckets = buckets

    def __len__(self) -> int:
        return len(self.words)

    def _known_word(self, low: str, joined_preposition: bool = True) -> bool:
        if low in self.words:
            return True
        for clitic in ENCLITICS:  # tersedianya, meningkatnya, kegiatannya
            stem = low[: -len(clitic)]
            if low.endswith(clitic) and len(stem) >= _MIN_STEM and stem in self.words:
                return True
        # The prepositions di/ke written joined to the next word, as decrees often
        # do (dibawah, diatas, dikemudian, dilingkungan, kedalam).
        if joined_preposition and low[:2] in ("di", "ke") and len(low) >= _MIN_STEM + 3:
            return self._known_word(low[2:], joined_preposition=False)
        return False

    def acronym(self, token: str) -> str | None:
        """The canonical form of an acronym matching ``token`` case-insensitively."""
        return self.acronyms.get(token.upper())

    def is_known(self, token: str) -> bool:
        """True for a dictionary/domain word (any case) or an acronym.

        Acronyms match exactly, in capitals (``RENSTRA``) or title case
        (``Renstra``); a mixed-case misreading such as ``LKjiP`` is not known.
        Words may carry an enclitic (``tersedianya``) or a joined preposition
        (``dibawah``). Hyphenated compounds are known when every part is, or when
        the parts joined are (``pertanggung-jawaban``).
        """
        if not token:
            return False
        canon = self.acronyms.get(token.upper())
        if canon is not None and (token == canon or token.isupper() or token.istitle()):
            return True
        low = token.lower()
        if self._known_word(low):
            return True
        if "-" in low:  # pertanggung-jawaban, unit-unit, SPP-UP
            parts = [p for p in low.split("-") if p]
            if self._known_word("".join(parts)):
                return True
            return bool(parts) and all(self._known_word(p) or self.acronym(p) for p in parts)
        return False

    def count(self, word: str) -> int:
        """How often ``word`` occurs in the mined clean decrees (0 if never)."""
        return self.counts.get(word.lower(), 0)

    def confusable(self, word: str) -> str | None:
        """The frequent decree word a known but unusual ``word`` is one letter from
        ("dati" for "dari", "has" for "kas"), or None. OCR misreads a letter into
        another real word that no spell check catches; in a decree such a word
        is more likely the misreading than what the author wrote."""
        low = word.lower()
        if (
            len(low) < 3
            or not low.isalpha()
            or word.isupper()
            or not self._known_word(low)
            or low in self.domain
            or low in self.related
            or self.count(low) > 0
        ):
            return None
        best, seen = None, CONFUSABLE_MIN_COUNT - 1
        for i in range(len(low)):
            for ch in _LETTERS:
                other = low[:i] + ch + low[i + 1 :]
                n = self.counts.get(other, 0) if ch != low[i] else 0
                if n > seen and other in self.domain:
                    best, seen = other, n
        return best

    def proposable(self, word: str) -> bool:
        return word.lower() in self.words and word.lower() not in self.unproposable

    def bucket(self, length: int) -> list[str]:
        """Proposable words of exactly ``length`` letters (sorted)."""
        return self._buckets.get(length, [])

    def candidates(self, token: str, spread: int = 2) -> list[str]:
        """Proposable words whose length is within ``spread`` of the token's."""
        n = len(token)
        out: list[str] = []
        for length in range(max(1, n - spread), n + spread + 1):
            out.extend(self._buckets.get(length, ()))
        return out


# --------------------------------------------------------------------------- building


def cache_dir() -> Path:
    return Path(os.environ.get("IKI_CACHE_DIR") or Path.home() / ".cache" / "iki-ingest")


def _file_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def read_hunspell(dic: Path, aff: Path) -> tuple[str, str] | None:
    try:
        aff_bytes = aff.read_bytes()
        enc = _aff_encoding(aff_bytes)
        return dic.read_bytes().decode(enc, "replace"), aff_bytes.decode(enc, "replace")
    except (OSError, LookupError) as exc:
        log.warning("hunspell dictionary unavailable (%s): domain terms and acronyms only", exc)
        return None


def build_lexicon(
    *,
    dic_path: Path = DIC_PATH,
    aff_path: Path = AFF_PATH,
    domain_path: Path = DOMAIN_TERMS_PATH,
    acronyms_path: Path = ACRONYMS_PATH,
    exclude_sources: Iterable[str] = (),
    use_cache: bool = True,
) -> Lexicon:
    """Build (or load from the disk cache) a lexicon from the given inputs.

    ``exclude_sources`` drops mined counts from those seeds (and terms found only
    there), for leave-one-out measurements.
    """
    excluded = sorted(set(exclude_sources))
    h = hashlib.sha256(f"{CACHE_FORMAT}|{','.join(excluded)}".encode())
    for p in (dic_path, aff_path, domain_path, acronyms_path):
        h.update(str(p).encode() + b"\0" + _file_bytes(p) + b"\0")
    cache_file = cache_dir() / f"lexicon-{h.hexdigest()[:20]}.json"
    if use_cache:
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            return Lexicon(
                data["words"],
                data["acronyms"],
                data["counts"],
                data["unproposable"],
                data["domain"],
                data["related"],
            )
        except (OSError, ValueError, KeyError):
            pass

    words: set[str] = set()
    hun = read_hunspell(dic_path, aff_path)
    families = expand_families(*hun) if hun is not None else {}
    for forms in families.values():
        words |= forms
    counts: dict[str, int] = {}
    unproposable: set[str] = set()
    domain: set[str] = set()
    try:
        terms = read_domain_terms(domain_path)
    except OSError as exc:
        log.warning("domain terms unavailable (%s)", exc)
        terms = []
    for t in terms:
        n = t.count - sum(t.sources.get(s, 0) for s in excluded)
        if t.sources and n <= 0 and t.kind != "curated":
            continue  # found only in an excluded seed
        words.add(t.term)
        domain.add(t.term)
        counts[t.term] = max(n, 0)
        if t.kind == "variant":
            unproposable.add(t.term)
    try:
        acronyms = read_acronyms(acronyms_path)
    except OSError as exc:
        log.warning("acronym list unavailable (%s)", exc)
        acronyms = []

    related = {f for forms in families.values() if forms & domain for f in forms}
    lex = Lexicon(words, acronyms, counts, unproposable, domain, related)
    if use_cache:
        _write_cache(cache_file, lex)
    return lex


def _write_cache(path: Path, lex: Lexicon) -> None:
    data = {
        "words": sorted(lex.words),
        "acronyms": list(lex.acronyms.values()),
        "counts": lex.counts,
        "unproposable": sorted(lex.unproposable),
        "domain": sorted(lex.domain),
        "related": sorted(lex.related),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write lexicon cache %s: %s", path, exc)


_LEXICON: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide lexicon, built (or loaded from cache) on first use."""
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = build_lexicon()
    return _LEXICON
