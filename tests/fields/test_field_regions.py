"""Labelled fields in every written form, and words that only look like labels."""

from __future__ import annotations

import pytest

from extract.fields.field_regions import FieldIndex, field_regions


def family_of(text: str, needle: str):
    return FieldIndex(text).family_at(text.index(needle))


@pytest.mark.parametrize(
    "text, needle, family",
    [
        ("整改目标:到2025年收集率达到70%。整改时限:2025年底", "70%", "target"),
        ("整改目标:到2025年收集率达到70%。整改时限:2025年底", "2025年底", "time_limit"),
        ("【整改期限】立行立改\n【责任单位】县水利局", "立行立改", "time_limit"),
        ("二、整改目标\n严格控制新上项目。\n三、整改完成情况\n已关停2家。", "严格", "target"),
        ("二、整改目标\n严格控制新上项目。\n三、整改完成情况\n已关停2家。", "已关停", "achieved"),
        ("(二)整改措施落实情况\n新建管网3公里。", "新建", "achieved"),
        ("一、反馈意见建议\n部分地区污水直排。\n二、整改目标\n消除直排。", "部分", "problem"),
        ("| 整改目标 | 消除黑臭水体 |", "消除", "target"),
        ("整改时限\n\n2019年2月底\n\n整改措施\n\n闭库。", "2019", "time_limit"),
    ],
)
def test_label_forms(text, needle, family):
    assert family_of(text, needle) == family


@pytest.mark.parametrize(
    "text, needle",
    [
        ("2.问题销号:对反馈问题建立台账。", "台账"),  # 问题 starts a word, not a label
        ("各地要明确整改目标、整改措施和整改时限。", "整改时限"),  # labels named in prose
    ],
)
def test_words_that_only_look_like_labels(text, needle):
    assert family_of(text, needle) is None


def test_a_finding_ends_at_the_next_heading():
    text = "(一)存在的问题\n部分管网老化。\n(二)下一步工作\n2025年底前完成改造。"
    assert family_of(text, "部分") == "problem"
    assert family_of(text, "2025") is None


def test_a_table_header_row_names_columns_not_fields():
    text = "\n".join(("序号", "问题", "整改目标", "整改时限", "整改进展", "1", "污水直排", "消除直排", "2018年底", "已完成"))
    assert field_regions(text) == []
