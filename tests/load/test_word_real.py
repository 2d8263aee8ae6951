"""Word and WPS files as published (../shared/real r17-r36) read like LibreOffice reads them.

Each file's text, before normalisation and whitespace-free, is compared in order with
LibreOffice's plain-text export (reference/NAME.txt) by benchmarks/word_text.py's measure:
recall (nothing lost) and precision (nothing repeated, such as a merged cell written once
per grid column) must each reach 0.93.
"""

import importlib.util
import sys

import pytest

from tests.conftest import REAL, ROOT

pytestmark = pytest.mark.skipif(not (REAL / "reference").is_dir(), reason="../shared/real is not present")

_spec = importlib.util.spec_from_file_location("word_text", ROOT / "benchmarks" / "word_text.py")
word_text = sys.modules.setdefault("word_text", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(word_text)


@pytest.mark.parametrize("name", word_text.WORD_FILES)
def test_loader_text_matches_libreoffice(name):
    measured = word_text.measure(name)
    assert measured.recall >= word_text.TARGET, f"{name}: recall {measured.recall:.3f}"
    assert measured.precision >= word_text.TARGET, f"{name}: precision {measured.precision:.3f}"


def test_hand_drawn_form_is_read_once():
    """r18: a form whose 简历 cell covers dozens of grid slots was read 22 times over."""
    measured = word_text.measure("r18")
    assert measured.ours <= 1.05 * measured.reference


def test_common_subsequence_length():
    assert word_text.common_subsequence_length("整改方案落实", "整改落实情况") == 4
    assert word_text.common_subsequence_length("", "甲") == 0
    assert word_text.common_subsequence_length("甲乙丙", "甲乙丙") == 3
