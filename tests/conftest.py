"""Shared fixtures: paths to the committed samples and their ground truth."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
TRUTH = SAMPLES / "truth"

# tests must not depend on (or fill) a developer's OCR cache
os.environ.setdefault("IKI_OCR_CACHE", "0")


def truth(name: str) -> dict:
    return json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES
