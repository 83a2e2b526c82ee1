"""Word lists more than one stage reads (ingest's speck marks, normalize's clean-up)."""

from __future__ import annotations

ABBREVIATIONS = frozenset(
    {"ka", "kab", "kec", "kel", "prov", "dr", "drs", "ir", "no", "sdr", "bid", "subbag", "sub"}
)
"""Abbreviations printed with a full stop ("Kab.", "Ka."): a stop after one is no speck."""
