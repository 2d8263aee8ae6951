"""Shared paths to the real sample documents."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
PLANS = sorted((SAMPLES / "plans").glob("*.txt"))
GOLD = SAMPLES / "gold"
CORPUS = SAMPLES / "corpus"


def gold_for(plan: Path) -> dict:
    import json

    return json.loads((GOLD / f"{plan.name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def plans():
    return PLANS
