"""The scan degrader: image-only PDFs that keep the originals' pages, a truthful manifest.

Every check reads the written PDFs back (pdfplumber for the text layer and page boxes,
pdftoppm for the pixels) and compares them with the born-digital original, so a
degrader that leaks text, changes page geometry, or records a skew/rotation/stamp it
did not apply fails."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber
import pytest
from pdf2image import convert_from_path

from tests.conftest import load_degrade

ROOT = Path(__file__).resolve().parent.parent
PDF_DIR = ROOT / "samples" / "pdf"


deg = load_degrade()
# a landscape sample (rotated pages) and a portrait one; both small enough to be quick
LANDSCAPE, PORTRAIT = "barito_kuala", "sampang"
pytestmark = pytest.mark.skipif(
    not all((PDF_DIR / f"{n}.pdf").exists() for n in (LANDSCAPE, PORTRAIT)),
    reason="sample PDFs not generated",
)


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI run twice into one folder: medium+heavy for both, then light for one
    (the second run must merge into the manifest, not replace it)."""
    out = tmp_path_factory.mktemp("scans")
    argv = ["--only", LANDSCAPE, "--only", PORTRAIT, "--level", "medium", "--level", "heavy"]
    assert deg.main([*argv, "--out", str(out), "--jobs", "2"]) == 0
    assert deg.main(["--only", PORTRAIT, "--level", "light", "--out", str(out)]) == 0
    return out


def _manifest(out: Path) -> dict[str, dict[str, Any]]:
    doc = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {e["file"]: e for e in doc["files"]}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _gray(path: Path, page: int, dpi: int) -> np.ndarray:
    img = convert_from_path(path, dpi=dpi, first_page=page, last_page=page, grayscale=True)[0]
    return np.asarray(img)


def test_manifest_lists_every_file_with_its_level(scans: Path) -> None:
    files = _manifest(scans)
    expected = {f"{n}-{lv}.pdf" for n in (LANDSCAPE, PORTRAIT) for lv in ("medium", "heavy")}
    assert set(files) == expected | {f"{PORTRAIT}-light.pdf"}
    for name, entry in files.items():
        level = deg.LEVELS[entry["level"]]
        assert name == f"{entry['sample']}-{level.name}.pdf"
        assert entry["dpi"] == level.dpi
        assert entry["sha256"] == _sha(scans / name)
        assert entry["seed"] == deg.seed_for(entry["sample"], level.name)
        skews = [abs(p["skew_deg"]) for p in entry["pages"]]
        assert max(skews) <= level.skew
        if level.skew:  # random per page, not one angle for the document
            assert len(set(skews)) > 1


def test_image_only_with_original_pages_and_sizes(scans: Path) -> None:
    for name, entry in _manifest(scans).items():
        with (
            pdfplumber.open(PDF_DIR / f"{entry['sample']}.pdf") as orig,
            pdfplumber.open(scans / name) as scan,
        ):
            assert len(scan.pages) == len(orig.pages) == len(entry["pages"])
            for o, s, info in zip(orig.pages, scan.pages, entry["pages"], strict=True):
                assert s.chars == [] and s.extract_text() == ""
                assert len(s.images) == 1
                size = (float(s.width), float(s.height))
                want = (float(o.width), float(o.height))
                if info["rotation"]:
                    want = want[::-1]
                assert size == pytest.approx(want, abs=0.01), (name, info["page"])
                assert (info["width_pt"], info["height_pt"]) == pytest.approx(want, abs=0.01)


def test_rotated_pages_recorded_only_for_landscape(scans: Path) -> None:
    files = _manifest(scans)
    for level in ("medium", "heavy"):
        turns = [p["rotation"] for p in files[f"{LANDSCAPE}-{level}.pdf"]["pages"]]
        assert set(turns) <= {0, 90, 270} and any(turns), level
        assert not all(turns), level  # "some" pages, not the whole document
        assert not any(p["rotation"] for p in files[f"{PORTRAIT}-{level}.pdf"]["pages"])
    assert not any(p["rotation"] for p in files[f"{PORTRAIT}-light.pdf"]["pages"])


def _ink(gray: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Blurred ink density at a fixed size, for comparing layouts."""
    ink = cv2.resize(255 - gray.astype(np.float32), size, interpolation=cv2.INTER_AREA)
    ink = cv2.GaussianBlur(ink, (0, 0), 2)
    return (ink - ink.mean()) / (ink.std() + 1e-6)


def test_rotation_direction_matches_manifest(scans: Path) -> None:
    """Turning the original by the recorded clockwise angle reproduces the scan's layout
    better than the opposite turn does."""
    entry = _manifest(scans)[f"{LANDSCAPE}-medium.pdf"]
    src = PDF_DIR / f"{LANDSCAPE}.pdf"
    turned = [p for p in entry["pages"] if p["rotation"]]
    for info in turned:
        scan = _gray(scans / entry["file"], info["page"], 40)
        orig = _gray(src, info["page"], 40)
        assert scan.shape[0] > scan.shape[1] and orig.shape[1] > orig.shape[0]
        cw = {90: cv2.ROTATE_90_CLOCKWISE, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
        size = (scan.shape[1], scan.shape[0])
        target = _ink(scan, size)
        score = {
            t: float((_ink(cv2.rotate(orig, code), size) * target).mean()) for t, code in cw.items()
        }
        assert max(score, key=score.__getitem__) == info["rotation"], score
        assert score[info["rotation"]] > 0.5


def _estimate_skew(gray: np.ndarray) -> float:
    """Projection-profile deskew: the turn (degrees, counter-clockwise positive) whose
    undoing gives the sharpest row profile; coarse search, then fine."""
    h, w = gray.shape
    core = gray[h // 20 : -h // 20, w // 20 : -w // 20]
    ink = cv2.adaptiveThreshold(core, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 25)
    ink = ink.astype(np.float32)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((core.shape[1] / 2, core.shape[0] / 2), -angle, 1.0)
        return float(np.var(cv2.warpAffine(ink, m, core.shape[::-1]).sum(axis=1)))

    coarse = max(np.arange(-3.5, 3.51, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.25, coarse + 0.26, 0.025), key=sharpness))


@pytest.mark.parametrize("level", ["medium", "heavy"])
def test_skew_matches_manifest(scans: Path, level: str) -> None:
    entry = _manifest(scans)[f"{PORTRAIT}-{level}.pdf"]
    checked = 0
    for info in entry["pages"]:
        if abs(info["skew_deg"]) < 0.4:
            continue
        est = _estimate_skew(_gray(scans / entry["file"], info["page"], 100))
        assert est == pytest.approx(info["skew_deg"], abs=0.25), info
        checked += 1
    assert checked >= 2


def test_light_is_straight_and_close_to_original(scans: Path) -> None:
    """Light keeps the layout (ink maps correlate > 0.95; heavy, skewed and noisy, much
    less) but is not a pixel copy."""
    files = _manifest(scans)
    assert all(p["skew_deg"] == 0 for p in files[f"{PORTRAIT}-light.pdf"]["pages"])
    for page in (1, 3):
        orig = _gray(PDF_DIR / f"{PORTRAIT}.pdf", page, 75)
        light = _gray(scans / f"{PORTRAIT}-light.pdf", page, 75)
        heavy = _gray(scans / f"{PORTRAIT}-heavy.pdf", page, 75)
        size = (orig.shape[1], orig.shape[0])
        corr = {
            k: float((_ink(orig, size) * _ink(im, size)).mean())
            for k, im in (("light", light), ("heavy", heavy))
        }
        assert corr["light"] > 0.95 and corr["heavy"] < 0.9, corr
        assert not np.array_equal(light, orig)


def test_stamps_are_coloured_and_where_recorded(scans: Path) -> None:
    """Medium is a colour scan: stamped pages carry many saturated (ink) pixels, the
    others essentially none; every document has at least one stamp."""
    for sample in (LANDSCAPE, PORTRAIT):
        entry = _manifest(scans)[f"{sample}-medium.pdf"]
        assert any(p["stamp"] for p in entry["pages"])
        path = scans / entry["file"]
        for info in entry["pages"]:
            rgb = np.asarray(
                convert_from_path(path, dpi=50, first_page=info["page"], last_page=info["page"])[0]
            ).astype(np.int16)
            saturated = int(((rgb.max(axis=2) - rgb.min(axis=2)) > 25).sum())
            if info["stamp"]:
                assert saturated > 200, info
                assert info["stamp"]["shape"] in {"round", "rect"}
            else:
                assert saturated < 20, info


def test_deterministic_and_seeded(scans: Path, tmp_path: Path) -> None:
    """The function reproduces the CLI's bytes from the same seed; another seed differs."""
    src, name = PDF_DIR / f"{PORTRAIT}.pdf", f"{PORTRAIT}-heavy.pdf"
    seed, text = deg.seed_for(PORTRAIT, "heavy"), deg.stamp_text_for(PORTRAIT)
    a = deg.degrade_pdf(src, tmp_path / "a" / name, "heavy", seed, stamp_text=text)
    assert a["sha256"] == _manifest(scans)[name]["sha256"] == _sha(tmp_path / "a" / name)
    b = deg.degrade_pdf(src, tmp_path / "b" / name, "heavy", seed + 1, stamp_text=text)
    assert b["sha256"] != a["sha256"]
    assert [p["skew_deg"] for p in b["pages"]] != [p["skew_deg"] for p in a["pages"]]


def _vertical_span(page: pdfplumber.page.Page) -> tuple[float, float] | None:
    edges = [e for e in page.edges if e["orientation"] == "v"]
    if not edges:
        return None
    return min(e["top"] for e in edges), max(e["bottom"] for e in edges)


def test_table_box_finds_ruled_tables_only() -> None:
    """Pages whose original has vertical rules get a table box spanning them; pages
    without (cover, preamble, a letterhead's horizontal double rule) get None."""
    dpi = 72
    seen = {True: 0, False: 0}
    for sample in (LANDSCAPE, PORTRAIT):
        src = PDF_DIR / f"{sample}.pdf"
        with pdfplumber.open(src) as pdf:
            spans = [_vertical_span(p) for p in pdf.pages]
        for i, span in enumerate(spans):
            box = deg.table_box(_gray(src, i + 1, dpi))
            if span is None:
                assert box is None, (sample, i + 1)
            elif span[1] - span[0] > 150:
                assert box is not None, (sample, i + 1)
                assert box[1] == pytest.approx(span[0], abs=6)
                assert box[3] == pytest.approx(span[1], abs=6)
            else:
                continue
            seen[span is None] += 1
    assert seen[True] and seen[False]


def test_fade_lines_lightens_rules_not_text() -> None:
    src = PDF_DIR / f"{PORTRAIT}.pdf"
    gray = _gray(src, 4, 150)
    horiz, vert = deg._line_masks(gray)
    rules = (horiz | vert).astype(bool)
    faded = deg.fade_lines(gray, np.random.default_rng(0))
    darkness = lambda im: float((255 - im[rules].astype(np.float32)).mean())  # noqa: E731
    assert rules.sum() > 1000
    assert darkness(faded) < 0.6 * darkness(gray)
    assert (faded[rules] >= 250).mean() > 0.15  # broken: real gaps, not just lighter
    near = cv2.dilate(rules.astype(np.uint8), np.ones((5, 5), np.uint8)).astype(bool)
    assert np.array_equal(faded[~near], gray[~near])  # text away from rules untouched


def test_another_draw_is_another_file(scans: Path, tmp_path: Path) -> None:
    """``--draw 1``: the same degradation with other noise, its own seed in the
    manifest; draw 0 is the seed the committed scans were made with."""
    assert deg.seed_for(PORTRAIT, "heavy", 0) == deg.seed_for(PORTRAIT, "heavy")
    argv = ["--only", PORTRAIT, "--level", "heavy", "--draw", "1", "--out", str(tmp_path)]
    assert deg.main(argv) == 0
    (entry,) = _manifest(tmp_path).values()
    assert entry["seed"] == deg.seed_for(PORTRAIT, "heavy", 1) != deg.seed_for(PORTRAIT, "heavy")
    name = f"{PORTRAIT}-heavy.pdf"
    assert _sha(tmp_path / name) != _sha(scans / name)
