"""The outline: every heading style, line-based and run-on, as a tree."""

import pytest

from extract.blocks import LoadedDocument, Paragraph
from extract.load import load_bytes
from extract.normalise import normalise
from extract.outline import find_outline
from tests.conftest import PLANS, gold_for


def outline_of(lines):
    document = normalise(LoadedDocument("txt", [Paragraph(line) for line in lines]))
    return find_outline(document).headings


def triples(headings):
    return [(h.level, h.number, h.title) for h in headings]


def f1(gold, pred):
    remaining = list(gold)
    tp = 0
    for item in pred:
        if item in remaining:
            remaining.remove(item)
            tp += 1
    precision = tp / len(pred) if pred else 0
    recall = tp / len(gold) if gold else 0
    return 2 * precision * recall / (precision + recall) if tp else 0.0


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name[:3])
def test_sections_of_the_source_plans_match_gold(plan):
    gold = gold_for(plan)
    headings = find_outline(normalise(load_bytes(plan.read_bytes(), plan.name))).headings
    expected = [(s["level"], s["number"], s["title"]) for s in gold["sections"]]
    assert f1(expected, triples(headings)) >= 0.95
    assert [h.appendix for h in headings] == [bool(s.get("appendix")) for s in gold["sections"]]


def test_every_heading_style_on_its_own_line():
    headings = outline_of([
        "第一部分 总体要求",
        "一、指导思想",
        "(一)基本原则",
        "（二）工作目标",
        "1.坚持问题导向。正文。",
        "2、强化责任落实",
        "(1)建立台账",
        "①明确时限",
        "第二部分 重点任务",
    ])
    assert triples(headings) == [
        (0, "一", "总体要求"),
        (1, "一", "指导思想"),
        (2, "一", "基本原则"),
        (2, "二", "工作目标"),
        (3, "1", "坚持问题导向"),
        (3, "2", "强化责任落实"),
        (4, "1", "建立台账"),
        (5, "1", "明确时限"),
        (0, "二", "重点任务"),
    ]


def test_sections_form_a_tree():
    headings = outline_of(["一、总体要求", "(一)指导思想", "1.坚持原则", "2.加强领导", "(二)工作目标", "二、保障措施"])
    parents = [None if h.parent is None else headings[h.parent].title for h in headings]
    assert parents == [None, "总体要求", "指导思想", "指导思想", "总体要求", None]


def test_run_on_text_finds_inline_headings_and_cuts_titles_where_a_reader_would():
    text = (
        "为抓好整改,制定本方案。一、指导思想深入贯彻落实习近平生态文明思想,坚持问题导向。"
        "二、工作任务(一)强化流域水污染治理以赤水河为重点,加大治理力度。1.推进污水处理设施建设加快"
        "建设城镇污水管网。责任单位:市住建局、市水务局2.加强工业污染防治严格执行排放标准。"
        "(二)加强大气污染防治通过实施清洁能源替代,改善空气质量。三、保障措施各级党委要加强领导。"
    )
    assert triples(outline_of([text])) == [
        (1, "一", "指导思想"),
        (1, "二", "工作任务"),
        (2, "一", "强化流域水污染治理"),
        (3, "1", "推进污水处理设施建设"),
        (3, "2", "加强工业污染防治"),
        (2, "二", "加强大气污染防治"),
        (1, "三", "保障措施"),
    ]


def test_enumerations_inside_sentences_are_not_headings():
    headings = outline_of([
        "一、工作要求",
        "整改时限:第1、2、3项目标2017年9月30日。一是强化领导,二是压实责任。",
        "要坚持举一反三、标本兼治,完成1.5万亩造林(2017年12月31日)。",
        "二、保障措施",
    ])
    assert triples(headings) == [(1, "一", "工作要求"), (1, "二", "保障措施")]


def test_numbered_targets_and_measures_inside_task_fields_are_not_headings():
    headings = outline_of([
        "附件:整改措施清单",
        "一、某县违法建设项目清理不彻底。原因分析:重发展轻保护。整改目标:1.限时完成整改;2.依法查处。"
        "整改措施:1.督促企业完成验收。2.开展清查(1)建立台账(2)逐一销号。二、某河流水质持续恶化。",
    ])
    assert triples(headings) == [(1, "一", "某县违法建设项目清理不彻底"), (1, "二", "某河流水质持续恶化")]


def test_numbering_that_restarts_or_skips_is_followed():
    headings = outline_of(["一、目标", "1.大气", "2.水", "二、任务", "1.工业", "3.农业", "(三)其他"])
    assert [h.number for h in headings] == ["一", "1", "2", "二", "1", "3", "三"]
    continued = outline_of(["(一)大气", "1.燃煤", "2.扬尘", "(二)水", "3.污水", "4.黑臭水体"])
    assert [h.number for h in continued] == ["一", "1", "2", "二", "3", "4"]


def test_appendix_headings_are_marked():
    headings = outline_of([
        "一、总体要求",
        "二、保障措施",
        "附件:问题整改清单",
        "一、饮用水源保护区内违法建筑未拆除。整改目标:全部拆除。",
    ])
    assert [h.appendix for h in headings] == [False, False, True]


def test_an_attachment_line_at_the_top_of_a_page_does_not_make_the_body_an_appendix():
    headings = outline_of(["附件", "整改方案", "一、指导思想", "二、基本原则"])
    assert [h.appendix for h in headings] == [False, False]
