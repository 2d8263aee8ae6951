"""No rule raises on arbitrary text, and none runs super-linearly."""

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.blocks import LoadedDocument, Paragraph
from extract.fields.deadlines import find_deadlines
from extract.fields.indicators import find_indicators
from extract.fields.meta import find_meta
from extract.fields.tasks import find_tasks
from extract.fields.units import find_unit_lists
from extract.normalise import normalise
from extract.outline import find_outline

# characters the rules react to: numbering, labels, brackets, time and unit words
ALPHABET = list("一二三四五六七八九十()()、.。,;:: \n0123456789年月日底前每季度长期%吨以上不低于达到责任单位牵头整改时限目标措施市县区委局政府附件第条章①“”《》-")


def run_all_rules(text: str):
    document = normalise(LoadedDocument("txt", [Paragraph(line) for line in text.split("\n")]))
    outline = find_outline(document)
    find_tasks(document, outline)
    find_deadlines(document.text, 2018)
    find_indicators(document.text, 2018)
    find_unit_lists(document.text, "贵阳市", "贵州省")
    find_meta(document.text, {})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=ALPHABET, max_size=600))
def test_no_rule_raises_on_arbitrary_text(text):
    run_all_rules(text)


@settings(max_examples=20, deadline=None)
@given(st.text(max_size=300))
def test_no_rule_raises_on_arbitrary_unicode(text):
    run_all_rules(text)


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        run_all_rules(text)
        best = min(best, time.perf_counter() - started)
    return best


def test_rules_scale_linearly_on_dense_adversarial_text():
    """Text packed with markers and labels, 1x and 16x: time must grow about 16x, not 256x."""
    unit = "一、整改目标:1.(一)2017年底前达到90%以上;责任单位:市委、市政府、区(县)、" * 20
    small = _seconds(unit)
    large = _seconds(unit * 16)
    assert large < 16 * 4 * max(small, 1e-3)
