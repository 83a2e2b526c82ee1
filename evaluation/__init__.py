"""Scoring pipeline output against ground truth (used by benchmarks and tests)."""
