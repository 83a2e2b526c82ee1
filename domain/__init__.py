"""Typed values passed between the stages: pages (ingest -> parsers), structure
(parsers -> normalize) and records (normalize -> store)."""
