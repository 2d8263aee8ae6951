"""Deadlines and indicators on ../shared/dev, read in place: 100 real pages of every kind
(plans, progress reports, 公示, lists, audit and tour reports, news) that the rules were
not written from. The floors sit just under what the rules reach, so a change that loses
ground on real text fails here even when every phrase test passes."""

from __future__ import annotations

import pytest

from extract import evaluate
from extract.pipeline import extract_file
from tests.conftest import DEV

FLOORS = {"deadlines": 0.96, "indicators": 0.93}

pytestmark = pytest.mark.skipif(not (DEV / "texts").is_dir(), reason="../shared/dev is not beside the repository")


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("dev-records")
    for text in sorted((DEV / "texts").iterdir()):
        record = extract_file(text)
        (out / f"{text.name}.json").write_text(record.model_dump_json(), encoding="utf-8")
    return evaluate.score_directory(DEV / "gold", out)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_dev_f1_stays_above_floor(dev_report, field):
    counts = dev_report.totals[field]
    assert not dev_report.without_prediction
    assert counts.f1 is not None and counts.f1 >= FLOORS[field], (
        f"{field}: tp={counts.tp} fp={counts.fp} fn={counts.fn} F1={counts.f1:.3f}"
    )
