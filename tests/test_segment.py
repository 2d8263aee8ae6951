"""The lazily loaded jieba dictionary cuts exactly as jieba's own does."""

import importlib.resources
import logging

import jieba

from extract.segment import ShardedFrequencies, tokenizer, word_starts
from tests.conftest import PLANS


def test_segmentation_is_jiebas_own():
    jieba.setLogLevel(logging.WARNING)
    reference = jieba.Tokenizer()
    path = importlib.resources.files("extract") / "data" / "jieba_user_dict.txt"
    with path.open("rb") as handle:
        reference.load_userdict(handle)
    text = "".join(plan.read_text(encoding="utf-8") for plan in PLANS)
    ours = tokenizer()
    assert ours.lcut(text, HMM=False) == reference.lcut(text, HMM=False)
    assert list(ours.tokenize(text[:5000])) == list(reference.tokenize(text[:5000]))
    assert ours.total == reference.total


def test_user_dictionary_terms_are_single_words():
    """General terms of the user dictionary (生态环境局, 优良天数比例) are one word each."""
    starts = word_starts("市生态环境局牵头提高优良天数比例")
    assert {1, 6} <= starts and not {3, 4} & starts
    assert 10 in starts and not {11, 12, 13, 14} & starts


def test_single_plan_bureau_names_are_not_in_the_user_dictionary():
    from importlib.resources import files

    terms = set(files("extract").joinpath("data", "jieba_user_dict.txt").read_text(encoding="utf-8").split())
    assert "生态环境局" in terms
    assert not {"生态文明委", "督办督查局"} & terms


def test_sharded_table_behaves_like_a_dict():
    import marshal

    table = ShardedFrequencies({"环": marshal.dumps({"环": 0, "环保": 5})})
    assert "环保" in table and "环境" not in table and "" not in table
    assert table["环保"] == 5 and table.get("水", 7) == 7
    table["水务局"] = 3
    assert table.get("水务局") == 3
