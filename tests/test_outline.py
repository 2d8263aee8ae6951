"""The outline: every heading style, line-based and run-on, as a tree."""

import json

import pytest
import regex

from extract.blocks import LoadedDocument, Paragraph
from extract.load import load_bytes
from extract.normalise import normalise
from extract.evaluate import outline_number_key, section_title_key
from extract.outline import find_outline
from tests.conftest import DEV, PLANS, REAL, gold_for


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


# --- titles of any length, record layouts, contents, prose (texts written for these tests) ---


def test_a_long_heading_with_commas_keeps_its_title_up_to_the_sentence_end():
    headings = outline_of([
        "二、主要目标",
        "(一)坚持问题导向,全面完成各项整改任务。对照反馈意见逐条制定措施。",
        "(二)以群众满意为标准,切实改善流域水环境质量,确保国控断面稳定达标",
        "(1)将排查发现的问题纳入台账管理,未按期完成的及时约谈,逾期不改的通报问责。(牵头单位:县水利局)",
    ])
    assert [h.title for h in headings[1:]] == [
        "坚持问题导向,全面完成各项整改任务",
        "以群众满意为标准,切实改善流域水环境质量,确保国控断面稳定达标",
        "将排查发现的问题纳入台账管理,未按期完成的及时约谈,逾期不改的通报问责",
    ]


def test_a_short_title_run_into_its_body_is_still_cut():
    headings = outline_of(["一、工作目标到2025年底,全县黑臭水体基本消除,群众满意度明显提升。"])
    assert triples(headings) == [(1, "一", "工作目标")]


def test_a_modal_verb_keeps_the_clause_together():
    headings = outline_of(["五、保护区内的3座砂场应在2021年底前全部退出,但当地一再拖延。"])
    assert headings[0].title == "保护区内的3座砂场应在2021年底前全部退出,但当地一再拖延"


def test_numbered_field_labels_of_a_record_are_level_1_and_their_items_are_not_sections():
    headings = outline_of([
        "一、反馈问题",
        "某工业园区污水处理厂长期超标排放。",
        "二、整改目标",
        "园区污水全部收集处理,出水稳定达标。",
        "三、整改措施",
        "(一)新建一座日处理5000吨的污水处理厂。",
        "(二)对园区管网开展排查,完成雨污分流。",
        "1.建立排口台账。",
        "四、整改时限",
        "2025年6月底前",
        "五、整改完成情况",
        "1.新厂已建成投运。",
        "2.管网改造已完成。",
    ])
    assert triples(headings) == [
        (1, "一", "反馈问题"),
        (1, "二", "整改目标"),
        (1, "三", "整改措施"),
        (1, "四", "整改时限"),
        (1, "五", "整改完成情况"),
    ]


def test_a_plan_with_a_targets_and_a_measures_heading_keeps_its_subsections():
    """Two field-like headings (工作目标, 保障措施) do not make a plan a record."""
    headings = outline_of([
        "一、工作目标",
        "(一)水环境质量持续改善",
        "(二)大气污染防治取得实效",
        "二、保障措施",
        "(一)加强组织领导",
    ])
    assert [h.level for h in headings] == [1, 2, 2, 1, 2]


def test_items_under_a_label_on_its_own_line_before_any_heading_are_not_sections():
    headings = outline_of([
        "整改落实情况",
        "一、已对堆场进行覆盖,地面全部硬化。",
        "二、已委托第三方清运废渣。",
        "核查验收情况",
        "经现场核查,达到整改要求。",
    ])
    assert headings == ()


def test_a_title_may_open_with_a_roman_numeral():
    headings = outline_of(["(一)Ⅰ类", "1.含硫量大于0.5%的煤炭。", "(二)Ⅱ类"])
    assert triples(headings) == [(2, "一", "Ⅰ类"), (3, "1", "含硫量大于0.5%的煤炭"), (2, "二", "Ⅱ类")]


def test_dash_items_and_table_rules_are_not_headings():
    headings = outline_of(["1 ―某某省人民政府", "2 |县级|一级|饮用水源|", "一、总体要求"])
    assert triples(headings) == [(1, "一", "总体要求")]


def test_yishi_ershi_enumerations_are_prose():
    headings = outline_of(["一、主要做法", "一是压实责任,二是强化督导,三是严格考核。"])
    assert triples(headings) == [(1, "一", "主要做法")]


def test_first_used_as_a_paragraph_heading_after_a_colon_opens_the_outline():
    headings = outline_of(["为抓好整改,特制定如下方案:一、指导思想坚持以人民为中心。二、工作目标到2025年底,全面完成整改。"])
    assert triples(headings) == [(1, "一", "指导思想"), (1, "二", "工作目标")]


def test_a_table_of_contents_with_dot_leaders_is_not_sections():
    headings = outline_of([
        "目录",
        "一、总体要求…………………………1",
        "二、重点任务……………………………3",
        "(一)水污染防治,包括城镇污水和农业面源污染的治理",
        "与监管........................4",
        "三、保障措施.......................9",
        "一、总体要求",
        "为深入打好污染防治攻坚战,制定本方案。",
        "二、重点任务",
    ])
    assert triples(headings) == [(1, "一", "总体要求"), (1, "二", "重点任务")]


def test_a_contents_list_without_leaders_under_its_title_is_not_sections():
    headings = outline_of(["目 录", "一、单位职能", "二、机构设置", "三、预算说明", "一、单位职能", "本单位主要职责是:"])
    assert triples(headings) == [(1, "一", "单位职能")]


def test_dot_leaders_alone_do_not_hide_real_headings():
    """Two leader lines are no table of contents; headings after them stay."""
    headings = outline_of(["签字:..........", "日期:..........", "一、基本情况", "二、存在问题"])
    assert [h.number for h in headings] == ["一", "二"]


def test_articles_are_not_headings_but_chapters_are():
    headings = outline_of(["第一章 总则", "第一条 为规范管理,制定本办法。", "第二条 本办法适用于全市。"])
    assert triples(headings) == [(0, "一", "总则")]


def test_traditional_headings_are_read_as_simplified():
    headings = outline_of(["貳、整改措施與責任分工", "一、強化組織領導", "(一)落實屬地責任,壓實監管職責。"])
    assert [h.title for h in headings] == ["强化组织领导", "落实属地责任,压实监管职责"]


def test_a_heading_wrapped_over_two_lines_on_a_dangling_word_keeps_both():
    headings = outline_of(["三、向河道倾倒垃圾、渣土或者", "其他废弃物", "处罚标准如下。"])
    assert headings[0].title == "向河道倾倒垃圾、渣土或者其他废弃物"


# --- the dev corpus and the real files, read in place from ../shared ---

CONTENTS_ENTRY = regex.compile(r"(?:[.…·]\s?){6,}\s*\d{0,4}\s*$")


def _section_f1(files, gold_dir):
    """Micro F1 of sections over files, compared as `zhenggai eval` does (optional gold
    sections neither credited nor penalised)."""
    tp = fp = fn = 0
    for path in files:
        gold = json.loads((gold_dir / f"{path.name}.gold.json").read_text(encoding="utf-8"))
        expected = [_section_key(s) for s in gold["sections"]]
        optional = [_section_key(s) for s in gold.get("optional_sections", [])]
        document = normalise(load_bytes(path.read_bytes(), path.name))
        for heading in find_outline(document).headings:
            key = (heading.level, outline_number_key(heading.number), section_title_key(heading.title))
            if key in expected:
                expected.remove(key)
                tp += 1
            elif key in optional:
                optional.remove(key)
            else:
                fp += 1
        fn += len(expected)
    return 2 * tp / (2 * tp + fp + fn)


def _section_key(section):
    return (section["level"], outline_number_key(section["number"]), section_title_key(section["title"]))


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/dev is not beside the repository")
def test_sections_of_the_dev_corpus():
    files = sorted((DEV / "texts").glob("*.txt"))
    assert len(files) >= 100
    assert _section_f1(files, DEV / "gold") >= 0.98


REAL_WITH_GOLD = sorted(p for p in REAL.glob("r*") if (REAL / "gold" / f"{p.name}.gold.json").exists())


@pytest.mark.skipif(not REAL_WITH_GOLD, reason="../shared/real is not beside the repository")
def test_sections_of_the_real_files_and_no_contents_entry_among_them():
    assert _section_f1(REAL_WITH_GOLD, REAL / "gold") >= 0.96
    for path in REAL_WITH_GOLD:
        document = normalise(load_bytes(path.read_bytes(), path.name))
        for heading in find_outline(document).headings:
            line_end = document.text.find("\n", heading.start)
            line = document.text[heading.start : line_end if line_end >= 0 else None]
            assert not CONTENTS_ENTRY.search(line), (path.name, line)
