"""A parsed document -> its dataset rows (document, positions, indicators)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from domain.records import (
    DOCUMENT_META_FIELDS,
    DocumentRecord,
    DocumentResult,
    IndicatorRecord,
    PositionRecord,
)
from domain.structure import Block, Cell, Line, ParsedDocument
from normalize.indicators import RowContext, one_line, read_cell, row_records
from normalize.lexicon import get_lexicon
from normalize.lists import is_list, split_items
from normalize.metadata import Signature, extract_document_meta, extract_signatures_laid_out
from normalize.numbering import infer_document_numbers
from normalize.repair import match_case
from normalize.rows import block_rows
from normalize.text import clean_item, clean_text


def _lines(lines: list[Line], ctx: RowContext, field_name: str) -> list[str]:
    return read_cell(Cell(lines=lines), ctx, field_name).lines


def holder_signature(sigs: list[Signature], jabatan: str | None) -> Signature | None:
    """The block holder's signature: the one titled with the block's jabatan,
    else the one nearest the end (the holder signs last or alone)."""
    if not sigs:
        return None
    if jabatan:
        scored = [
            (fuzz.token_set_ratio((s.jabatan or "").lower(), jabatan.lower()), s) for s in sigs
        ]
        best, sig = max(scored, key=lambda t: t[0])
        if best >= 75:
            return sig
    named = [s for s in sigs if s.penandatangan or s.nip]
    return named[-1] if named else sigs[-1]


_LEADING_NUMBER = re.compile(r"^\d{1,2}[.)]?\s+(?=[A-Z])")


_DUTY_VERB = re.compile(r"\bme[a-z]{5,}\b")
"""A lower-case "me-" verb ("melakukan", "menyelesaikan"): duties have them, job
titles are noun phrases ("Pengadministrasi Perencanaan dan Program")."""


def _garbled(jabatan: str, ctx: RowContext) -> bool:
    """An OCR'd jabatan whose words are mostly not words (a faded header), or that
    is a duty sentence (two "me-" verbs: the tugas under a title the scan lost); a
    printed one may be all acronyms and is left alone by the caller."""
    if len(_DUTY_VERB.findall(jabatan)) >= 2:
        return True
    return ctx.unknown_rate is not None and ctx.unknown_rate(jabatan) >= 0.5


def _signed_jabatan(sigs: list[Signature]) -> str | None:
    """The caption of the block's lone captioned signer (Kutai Kartanegara's
    holders sign under their post: "Verifikator Keuangan" / name / NIP)."""
    captions = [s.jabatan for s in sigs if s.jabatan]
    return captions[0] if len(captions) == 1 else None


def position_record(
    block: Block, doc_id: str, seq: int, ctx: RowContext, sigs: list[Signature]
) -> tuple[PositionRecord, bool]:
    """The block's position, and whether its jabatan is a guess (no header, or one
    OCR garbled, so taken from the holder's signature caption, or left empty).
    ``sigs``: the signatures read from the block's post-table lines."""
    jabatan = one_line(_lines(block.jabatan, ctx, "jabatan"), ctx)
    if jabatan:  # "7 Pengolah Data": the label's number left on the value; no title has one
        jabatan = _LEADING_NUMBER.sub("", jabatan) or None
    tugas_lines = _lines(block.tugas, ctx, "tugas")
    if is_list(tugas_lines):
        tugas = clean_text(" ".join(split_items(tugas_lines))) or None
    else:
        tugas = one_line(tugas_lines, ctx)
    fungsi_lines = _lines(block.fungsi, ctx, "fungsi")
    fungsi = [x for x in (clean_item(i) for i in split_items(fungsi_lines)) if x]
    ocr = any(ln.conf is not None for ln in block.jabatan)
    garbled = not jabatan or (ocr and _garbled(jabatan, ctx))
    if garbled:
        jabatan = _signed_jabatan(sigs) or jabatan
    guessed = block.unlabelled or garbled
    sig = holder_signature(sigs, jabatan)
    pages = [ln.page for ln in block.jabatan + block.tugas + block.fungsi] + [
        t.page for t in block.tables
    ]
    pos = PositionRecord(
        position_id=f"{doc_id}-{seq}",
        doc_id=doc_id,
        seq=seq,
        jabatan=jabatan,
        tugas=tugas,
        fungsi=fungsi,
        page_start=min(pages) if pages else block.page_start,
        page_end=max([*pages, block.page_end]) if pages else block.page_end,
        penandatangan=sig.penandatangan if sig else None,
        nip=sig.nip if sig else None,
        tanggal=sig.tanggal if sig else None,
    )
    return pos, guessed


def normalize_document(
    parsed: ParsedDocument, document: DocumentRecord, ctx: RowContext
) -> DocumentResult:
    """Fill ``document``'s metadata and build its positions and indicators."""
    positions: list[PositionRecord] = []
    indicators: list[IndicatorRecord] = []
    block_sigs: list[list[Signature]] = []
    carry = None
    seq = 0
    for block in parsed.blocks:
        raws, carry = block_rows(block, carry)
        if not raws and not block.jabatan:
            continue
        seq += 1
        sigs = extract_signatures_laid_out(block.signature)
        pos, guessed = position_record(block, document.doc_id, seq, ctx, sigs)
        if guessed:  # its jabatan is a guess: every row says so
            for raw in raws:
                raw.notes.append("position_guessed")
        positions.append(pos)
        block_sigs.append(sigs)
        k = 0
        for raw in raws:
            for rec in row_records(raw, ctx):
                k += 1
                indicators.append(
                    IndicatorRecord(
                        row_id=f"{pos.position_id}-{k}",
                        doc_id=document.doc_id,
                        position_id=pos.position_id,
                        jabatan=pos.jabatan,
                        **rec,
                    )
                )
    infer_document_numbers(indicators)
    headings = title_lines(
        [ln for b in parsed.blocks for ln in b.heading + b.organisasi + b.jabatan]
    )
    meta = extract_document_meta(
        title_lines(parsed.preamble),
        [ln.text for ln in parsed.trailer],
        headings,
        block_sigs,
    )
    for name in DOCUMENT_META_FIELDS:
        setattr(document, name, getattr(meta, name))
    for ind in indicators:
        ind.pemda = document.pemda
        ind.tahun = document.tahun
    return DocumentResult(document=document, positions=positions, indicators=indicators)


TITLE_WORDS = (
    "kabupaten",
    "provinsi",
    "pemerintah",
    "keputusan",
    "peraturan",
    "bupati",
    "walikota",
    "gubernur",
    "kepala",
    "dinas",
    "tentang",
    "nomor",
    "tahun",
    "indikator",
    "kinerja",
    "individu",
    "utama",
)
"""The fixed words of decree titles and headings the metadata is found by."""
_TOKEN = re.compile(r"[^\W\d_]{5,}")


def title_lines(lines: Sequence[Line]) -> list[str]:
    """Texts of title and heading lines. In OCR'd ones, a word one letter off a
    title word is that word ("KABUPAIEN KUTAI KARTANEGARA": the pemda is found
    by "Kabupaten"), in the case it was read in, unless it is a word itself.
    Only these few words: the rest are names, which no dictionary knows.
    Signature lines are not passed here."""
    out = []
    for ln in lines:
        if ln.conf is not None:  # OCR'd
            out.append(_TOKEN.sub(_title_word, ln.text))
        else:
            out.append(ln.text)
    return out


def _title_word(m: re.Match[str]) -> str:
    tok = m.group(0)
    low = tok.lower()
    if low in TITLE_WORDS or get_lexicon().is_known(low):
        return tok  # "UTARA" is not "UTAMA" misread, nor "kepada" "kepala"
    hit = process.extractOne(low, TITLE_WORDS, scorer=Levenshtein.distance, score_cutoff=1)
    if hit is None or len(hit[0]) != len(low):
        return tok
    return match_case(tok, hit[0])
