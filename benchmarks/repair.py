"""Benchmark of OCR repair (normalize.repair): accuracy on hand-labelled OCR tokens,
false repairs on clean text, lexicon build/load time, repair speed.

Run: ``.venv/bin/python benchmarks/repair.py`` (prints tables; exit 0).

1. ``benchmarks/data/repair_pairs.tsv``: tokens of seed 001 (a real Tesseract
   scan) labelled by hand. Each token is repaired in its own seed line, with the
   whole seed's token counts as document context (as the pipeline has them).
   precision = correct repairs / repairs made; recall = correct repairs / damaged
   tokens. A repair of an ``ok``/``typo`` token, or to anything but the clean form,
   is wrong. Case is not scored here (the tests check it).
2. Clean seeds 000, 002, 003 (markup stripped, line by line): tokens changed /
   all tokens, with the full lexicon and leave-one-out (domain terms mined
   without the seed measured). Curated words stay in the leave-one-out lexicon:
   I wrote that list after reading the seeds, so a stricter figure drops the
   curated words the measured seed uses as well.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalize import repair as repair_mod  # noqa: E402
from normalize.lexicon import Lexicon, build_lexicon, read_domain_terms  # noqa: E402
from normalize.repair import repair_text, token_counts  # noqa: E402

PAIRS = ROOT / "benchmarks" / "data" / "repair_pairs.tsv"
TEXT = ROOT / "samples" / "text"
OCR_SEED = "kutai_kartanegara"
CLEAN_SEEDS = ("kapuas_hulu", "barito_kuala", "sampang")


def clean_markup(text: str) -> str:
    """What a parser hands to repair from a markdown/HTML/LaTeX dump: cell text."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\\[A-Za-z]+", " ", text)
    text = re.sub(r"\b(?:https?://|mailto:)\S+", " ", text)
    return re.sub(r"[*#$]", " ", text)


def table(title: str, header: list[str], rows: list[list[object]]) -> None:
    cells = [[str(c) for c in r] for r in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for k, r in enumerate(cells):
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        if k == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _timed(fn: Callable[..., object], *args: object) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call (CPU time is what this process
    used: other work on a shared machine inflates wall-clock time only)."""
    w, c = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - w, time.process_time() - c


def bench_lexicon() -> Lexicon:
    with tempfile.TemporaryDirectory() as tmp:
        old = os.environ.get("IKI_CACHE_DIR")
        os.environ["IKI_CACHE_DIR"] = tmp
        try:
            cold = _timed(build_lexicon)
            loads = [_timed(build_lexicon) for _ in range(5)]
            lex = build_lexicon()
        finally:
            if old is None:
                os.environ.pop("IKI_CACHE_DIR", None)
            else:
                os.environ["IKI_CACHE_DIR"] = old
    index = _timed(repair_mod._matcher, lex)
    load_wall = statistics.median(w for w, _ in loads)
    load_cpu = statistics.median(c for _, c in loads)
    table(
        "Lexicon (times: wall / CPU)",
        ["words", "decree terms", "related forms", "acronyms", "cold build", "cache load", "index"],
        [
            [
                len(lex),
                len(lex.domain),
                len(lex.related),
                len(lex.acronyms),
                f"{cold[0]:.2f} / {cold[1]:.2f} s",
                f"{load_wall * 1000:.0f} / {load_cpu * 1000:.0f} ms",
                f"{index[0] * 1000:.0f} / {index[1] * 1000:.0f} ms",
            ]
        ],
    )
    return lex


def bench_pairs(lex: Lexicon) -> None:
    rows = [
        ln.split("\t")
        for ln in PAIRS.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    counts = token_counts(repair_mod.strip_debris((TEXT / f"{OCR_SEED}.txt").read_text())[0])
    kinds = Counter(r[2] for r in rows)
    made = correct = 0
    per_kind: Counter[str] = Counter()
    wrong: list[str] = []
    missed: list[str] = []
    unsure: list[str] = []
    for noisy, clean, kind, context in rows:
        result = repair_text(context, lex, doc_counts=counts)
        out = next((r.after for r in result.repairs if r.before == noisy), noisy)
        changed = out != noisy
        if kind == "unsure":
            unsure.append(f"{noisy} -> {out}" if changed else f"{noisy} (left)")
            continue
        if changed:
            made += 1
            per_kind[kind] += 1
            if kind in ("damaged", "hopeless") and out.lower() == clean.lower():
                correct += 1
            else:
                wrong.append(f"[{kind}] {noisy} -> {out} (clean: {clean})")
        elif kind == "damaged":
            missed.append(f"{noisy} ({clean})")
    damaged = kinds["damaged"]
    table(
        f"Repair accuracy on {PAIRS.relative_to(ROOT)} ({len(rows)} tokens of seed 001)",
        ["tokens", "ok", "typo", "damaged", "hopeless", "unsure", "repairs", "correct"],
        [
            [
                len(rows),
                kinds["ok"],
                kinds["typo"],
                damaged,
                kinds["hopeless"],
                kinds["unsure"],
                made,
                correct,
            ]
        ],
    )
    precision = correct / made if made else 1.0
    recall = correct / damaged if damaged else 0.0
    table(
        "Scores (targets: precision >= 95%)",
        [
            "precision",
            "recall (damaged)",
            "recall (damaged+hopeless)",
            "changed ok",
            "changed typo",
        ],
        [
            [
                f"{precision:.1%}",
                f"{recall:.1%}",
                f"{correct / (damaged + kinds['hopeless']):.1%}",
                per_kind["ok"],
                per_kind["typo"],
            ]
        ],
    )
    print("\n  wrong repairs:", "; ".join(wrong) or "none")
    print("  unsure tokens (not scored):", "; ".join(unsure))
    print(f"  missed damaged ({len(missed)}):", ", ".join(missed))


def _strict_lexicon(seed: str) -> Lexicon:
    """Leave-one-out lexicon that also drops curated words the seed uses."""
    lex = build_lexicon(exclude_sources=[seed])
    seed_terms = {t.term for t in read_domain_terms() if seed in t.sources}
    other = {t.term for t in read_domain_terms() if set(t.sources) - {seed}}
    drop = {t for t in seed_terms - other if t in lex.domain and lex.count(t) == 0}
    return Lexicon(
        lex.words - drop,
        lex.acronyms.values(),
        lex.counts,
        lex.unproposable,
        lex.domain - drop,
        lex.related,
    )


def bench_clean(full: Lexicon) -> None:
    rows = []
    listing: list[str] = []
    for seed in CLEAN_SEEDS:
        text = clean_markup((TEXT / f"{seed}.txt").read_text(encoding="utf-8"))
        counts = token_counts(text)
        n_tokens = sum(counts.values())
        figures = []
        for label, lex in (
            ("full", full),
            ("leave-one-out", build_lexicon(exclude_sources=[seed])),
            ("strict LOO", _strict_lexicon(seed)),
        ):
            changed = []
            for line in text.splitlines():
                changed += repair_text(line, lex, doc_counts=counts).repairs
            figures.append(f"{len(changed)} ({len(changed) / n_tokens:.2%})")
            if changed:
                listing.append(
                    f"  {seed} [{label}]: "
                    + ", ".join(f"{r.before}->{r.after} ({r.score})" for r in changed)
                )
        rows.append([seed, n_tokens, *figures])
    table(
        "False repairs on clean text (target < 0.5% of tokens)",
        ["seed", "tokens", "full lexicon", "leave-one-out", "strict LOO"],
        rows,
    )
    print("\n  repairs made on clean text (review):")
    print("\n".join(listing) or "  none")


def bench_speed(lex: Lexicon) -> None:
    raw = (TEXT / f"{OCR_SEED}.txt").read_text(encoding="utf-8")
    page = " ".join(raw.split(" ")[:2000])  # ~2,000 tokens of the noisy scan
    n = len(repair_mod._TOKEN.findall(page))
    unknown = {
        t
        for t in repair_mod._TOKEN.findall(repair_mod.strip_debris(page)[0])
        if not lex.is_known(t)
    }
    matcher = repair_mod._matcher(lex)
    rows = []
    for label, clear in (("cold token cache", True), ("warm token cache", False)):
        runs = []
        for _ in range(5):
            if clear:
                matcher.cache_clear()
            runs.append(_timed(repair_text, page, lex))
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rows.append([label, n, len(unknown), f"{wall * 1000:.0f} ms", f"{cpu * 1000:.0f} ms"])
    matcher.cache_clear()
    wall, cpu = _timed(repair_text, raw, lex)
    rows.append(
        [
            "whole seed 001, cold",
            len(repair_mod._TOKEN.findall(raw)),
            "",
            f"{wall * 1000:.0f} ms",
            f"{cpu * 1000:.0f} ms",
        ]
    )
    table(
        "Speed: repair_text on seed-001 text (lexicon loaded and indexed; median of 5)",
        ["run", "tokens", "unknown types", "wall", "CPU"],
        rows,
    )


def main() -> int:
    lex = bench_lexicon()
    bench_pairs(lex)
    bench_clean(lex)
    bench_speed(lex)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
