"""Document kind on texts written for these tests: one per kind, and the mixed pages where
cues compete (a news page reprinting a plan, a 公示 of progress, a headline about a plan)."""

import pytest

from extract.fields.kind import find_kind, kind_scores
from extract.fields.meta import find_meta
from extract.normalise import normalise_text

PLAN = (
    "临河县落实省生态环境保护督察反馈意见整改方案\n"
    "为切实抓好省督察组反馈问题整改,结合我县实际,特制定本方案。\n"
    "一、指导思想\n坚持问题导向,逐项整改到位。\n"
)
NOTICE_OF_PLAN = (
    "临河县人民政府办公室关于印发《临河县河道采砂专项整治实施方案》的通知\n"
    "各乡镇人民政府,县直各部门:\n现将《临河县河道采砂专项整治实施方案》印发给你们,请认真贯彻执行。\n"
)
PUBLIC_NOTICE = (
    "关于省级生态环境保护督察反馈问题第12项整改销号情况的公示\n"
    "第12项反馈问题已完成整改并通过市级验收,现将整改完成情况公示如下:\n"
    "一、反馈问题\n砂石场扬尘污染。\n二、整改目标\n堆场全部覆盖。\n公示时间:5个工作日。\n"
)
TASK_LIST = (
    "临河县省级环保督察反馈问题整改任务清单\n"
    "序号 | 整改问题 | 责任单位 | 整改时限\n1 | 城区污水直排 | 县住建局 | 2024年底前\n"
)
PROGRESS = (
    "临河县关于省生态环境保护督察反馈意见整改落实情况的报告\n"
    "现将整改落实情况报告如下:截至目前,28项任务已完成21项。\n"
)
AUDIT = (
    "关于2023年度县级预算执行和其他财政收支审计查出问题整改情况的报告\n"
    "受县人民政府委托,现将审计查出问题的整改情况报告如下。\n"
)
TOUR = (
    "中共临河县水利局党组关于县委第二巡察组巡察反馈意见整改进展情况的通报\n"
    "根据县委统一部署,县委第二巡察组对局党组开展了常规巡察,现将巡察整改进展情况予以公布。\n"
)
NEWS = (
    "临河县公开环保督察整改方案\n"
    "本报讯(记者 周文)近日,临河县制定了《临河县贯彻落实省环保督察反馈意见整改方案》"
    "(以下简称《整改方案》)。《整改方案》要求,到2025年县城污水处理率达到95%以上。\n"
)
NEWS_REPRINTING_A_PLAN = (
    "临河县贯彻落实省环境保护督察反馈意见整改方案\n2024-03-02 来源:临河日报 记者:周文\n"
    "为全面落实省督察组反馈意见,特制定本整改方案。\n一、指导思想\n以改善生态环境质量为核心。\n"
)
PROGRESS_NOTICE = (
    "关于临河县2023年生态环境保护督察整改工作进展情况的公示\n"
    "现将整改工作进展情况公布如下:截至目前,完成整改任务15项。\n"
)
ANNUAL_REPORT = "临河县人民政府2023年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》编制。\n"


@pytest.mark.parametrize(
    "text, kind",
    [
        (PLAN, "plan"),
        (NOTICE_OF_PLAN, "plan"),
        (PUBLIC_NOTICE, "public_notice"),
        (TASK_LIST, "task_list"),
        (PROGRESS, "progress_report"),
        (AUDIT, "audit_report"),
        (TOUR, "tour_report"),
        (NEWS, "news"),
        (NEWS_REPRINTING_A_PLAN, "plan"),
        (ANNUAL_REPORT, "other"),
    ],
)
def test_kind_of_each_layout(text, kind):
    text = normalise_text(text)
    assert find_meta(text).kind == kind


def test_a_notice_of_progress_is_a_progress_report():
    """公示 in the title speaks for a notice, but 进展情况 and 现将…进展情况公布如下 outweigh it."""
    text = normalise_text(PROGRESS_NOTICE)
    scores = kind_scores(text, text.split("\n")[0])
    assert 0 < scores["public_notice"] < scores["progress_report"]
    assert find_kind(text, text.split("\n")[0]) == "progress_report"


def test_text_without_cues_is_other_unless_it_speaks_of_rectification():
    assert find_kind("今天天气晴朗,适合出行。") == "other"
    assert find_kind("县里组织各乡镇对督察发现的问题开展回访。") == "news"
