"""Shared paths to the real sample documents."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PLANS = sorted((SAMPLES / "plans").glob("*.txt"))
GOLD = SAMPLES / "gold"
CORPUS = SAMPLES / "corpus"
# ../shared beside the repository (read-only, present on CI too): third-party texts and files
# kept for measuring, read in place and never copied into the repository.
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev"
REAL = SHARED / "real"
SCANS = SHARED / "scans"


def gold_for(plan: Path) -> dict:
    import json

    return json.loads((GOLD / f"{plan.name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def plans():
    return PLANS
