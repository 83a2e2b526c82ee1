"""Shared fixtures: paths to the committed samples and their ground truth."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

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


def load_sample_script(stem: str) -> ModuleType:
    """``samples/<stem>.py`` as a module (a script, not a package), loaded once:
    a second load would replace the module its process pools pickle by name."""
    if (loaded := sys.modules.get(f"samples_{stem}")) is not None:
        return loaded
    spec = importlib.util.spec_from_file_location(f"samples_{stem}", SAMPLES / f"{stem}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[f"samples_{stem}"] = mod
    spec.loader.exec_module(mod)
    return mod


def load_degrade() -> ModuleType:
    """``samples/degrade.py`` as a module."""
    return load_sample_script("degrade")


def degrade_sample(name: str, level: str, out: Path) -> tuple[Path, dict[str, Any]]:
    """The sample's scan at ``level`` made afresh into ``out``, as ``samples/degrade.py``
    makes it (draw 0: byte-identical to ``samples/scans``), and its manifest entry."""
    mod = load_degrade()
    src = mod.PDF_DIR / f"{name}.pdf"
    if not src.exists():
        pytest.skip(f"{src} missing (samples/generate.py)")
    dst = out / f"{name}-{level}.pdf"
    seed = mod.seed_for(name, level)
    return dst, mod.degrade_pdf(src, dst, level, seed, stamp_text=mod.stamp_text_for(name))
