"""Rectification items: labelled inline items, appendix lists and task tables."""

from pathlib import Path

import pytest

from extract import extract_bytes, extract_file
from extract.blocks import LoadedDocument, Paragraph, Table
from extract.fields.tasks import find_tasks, split_numbered, target_references
from extract.normalise import normalise
from extract.outline import find_outline
from tests.conftest import CORPUS, PLANS, gold_for

COUNTY_PLAN = Path(__file__).with_name("county_plan.txt")  # a county plan written for these tests


def tasks_of(blocks):
    document = normalise(LoadedDocument("txt", blocks))
    return find_tasks(document, find_outline(document)), document.text


def test_the_seven_appendix_items_of_plan_000_with_their_fields():
    plan = PLANS[0]
    record = extract_file(plan)
    gold = gold_for(plan)["tasks"]
    assert [t.number for t in record.tasks] == [g["number"] for g in gold]
    assert [t.problem for t in record.tasks] == [g["problem"] for g in gold]
    assert [len(t.targets) for t in record.tasks] == [g["targets"] for g in gold]
    assert [len(t.measures) for t in record.tasks] == [g["measures"] for g in gold]
    assert [t.truncated for t in record.tasks] == [bool(g.get("truncated")) for g in gold]
    assert [t.cause for t in record.tasks] == [g["cause"] and "".join(g["cause"].split()) for g in gold]
    dates = {d.id: d.date for d in record.deadlines}
    assert [[dates[i] for i in t.deadlines if dates[i]] for t in record.tasks] == [g["deadlines"] for g in gold]


def test_time_limits_bind_each_date_to_its_numbered_targets():
    record = extract_file(PLANS[0])
    task = record.tasks[1]  # 第1、2、3项目标 2017年9月30日;第4项目标 2017年10月31日
    dates = {d.id: d.date for d in record.deadlines}
    assert [dates[t.deadline] for t in task.targets] == ["2017-09-30"] * 3 + ["2017-10-31"]
    single = record.tasks[2]  # one date for every target
    assert {dates[t.deadline] for t in single.targets} == {"2018-06-30"}


def test_each_measure_keeps_its_own_trailing_deadline():
    record = extract_file(PLANS[0])
    dates = {d.id: d.date for d in record.deadlines}
    measures = record.tasks[2].measures
    assert [dates.get(m.deadline) for m in measures[:3]] == ["2017-12-31", "2017-12-31", "2018-06-30"]


def test_units_of_a_task_are_split_qualified_and_classified():
    task = extract_file(PLANS[0]).tasks[0]
    assert [u.text for u in task.responsible_units] == ["修文县人民政府", "市生态文明委", "各区(市、县)政府", "管委会"]
    assert task.responsible_units[1].name == "贵阳市生态文明委"
    assert task.responsible_units[1].kind == "department"
    assert [u.kind for u in task.lead_units] == ["government"]


def test_a_county_plan_with_items_on_their_own_lines():
    record = extract_bytes(COUNTY_PLAN.read_bytes(), COUNTY_PLAN.name)
    assert [(t.number, t.problem) for t in record.tasks] == [
        ("1", "东洞庭湖国家级自然保护区内违规建设问题"),
        ("2", "黄盖湖流域水污染问题"),
    ]
    first, second = record.tasks
    assert [m.number for m in first.measures] == ["1", "2", "3"]
    assert [u.name for u in second.lead_units] == ["岳阳县水利局"]
    assert [u.text for u in second.responsible_units] == ["县农业农村局", "县住建局", "各乡镇人民政府"]
    dates = {d.id: d.date for d in record.deadlines}
    assert [dates[i] for i in first.deadlines] == ["2021-12-31"]
    assert [dates[i] for i in second.deadlines] == ["2022-12-31"]


def test_a_part_whose_items_carry_the_fields_is_not_itself_a_task():
    record = extract_bytes(COUNTY_PLAN.read_bytes(), COUNTY_PLAN.name)
    assert "整改任务" not in [t.problem for t in record.tasks]


def test_a_task_table_with_header_variants_and_merged_cells():
    header = ("序号", "反馈问题", "整改目标", "完成时限", "责任部门", "具体措施", "责任领导")
    rows = (
        ("1", "城区污水管网不完善,雨污混流。", "2019年底前完成改造", "2019年12月31日", "市住建局、市水务局", "1.排查管网;2.实施改造", "王五"),
        ("2", "工业园区污水处理厂超标排放。经查,出水氨氮超标。", "稳定达标", "立行立改,长期坚持", "市住建局、市水务局", "加强监管", "王五"),
    )
    tasks, _ = tasks_of([Paragraph("附件:问题整改清单"), Table((header,) + rows + (header,), (1, 1, 2, 2))])
    assert [t.number for t in tasks] == ["1", "2"]
    assert tasks[0].problem == "城区污水管网不完善,雨污混流"
    assert tasks[1].finding == "经查,出水氨氮超标。"
    assert [i.number for i in tasks[0].measures] == ["1", "2"]
    assert tasks[1].fields["responsible"].text == "市住建局、市水务局"
    assert tasks[1].fields["time_limit"].text == "立行立改,长期坚持"
    assert tasks[0].fields["leaders"].text == "王五"


def test_leaders_are_listed_one_per_person():
    text = "附件:清单\n一、某区垃圾填埋场渗滤液超标。整改目标:达标排放。整改时限:2019年底前。责任单位:区城管局。责任领导:王五、赵六(副区长)\n"
    record = extract_bytes(text.encode(), "plan.txt")
    assert record.tasks[0].leaders == ["王五", "赵六(副区长)"]


def test_a_table_that_names_no_task_fields_gives_no_tasks():
    tasks, _ = tasks_of([Table((("地区", "2016年", "2017年"), ("城区", "35", "33")))])
    assert tasks == []


@pytest.mark.parametrize("name", ["000-guiyang-table.docx", "000-guiyang-table.pdf", "000-guiyang-table.doc"])
def test_the_appendix_laid_out_as_a_table_gives_all_seven_tasks(name):
    record = extract_file(CORPUS / name)
    gold = gold_for(PLANS[0])["tasks"]
    assert [t.number for t in record.tasks] == [g["number"] for g in gold]
    assert [[u.text for u in t.lead_units] for t in record.tasks] == [g["lead_units"] for g in gold]
    dates = {d.id: d.date for d in record.deadlines}
    assert [[dates[i] for i in t.deadlines if dates[i]] for t in record.tasks] == [g["deadlines"] for g in gold]


def test_split_numbered_follows_the_sequence():
    text = "1.建立台账;2.逐一销号(1)先查(2)后改;3.长期坚持。另有4项内容"
    items = split_numbered(text, 0, len(text))
    assert [i.number for i in items] == ["1", "2", "3"]
    assert "(1)先查" in items[1].text


def test_target_references_in_time_limits():
    refs = target_references("第1、2、3项目标2017年9月30日;第4项目标2017年10月31日;第5-6项目标2018年")
    assert [numbers for _, numbers in refs] == [[1, 2, 3], [4], [5, 6]]


def test_a_progress_report_keeps_each_items_progress_and_no_history_as_targets():
    path = Path(__file__).with_name("progress_report.txt")  # a 整改落实情况 公示 written for these tests
    record = extract_bytes(path.read_bytes(), path.name)
    assert record.meta.title == "关于中央第三生态环境保护督察组督察反馈意见整改落实情况的公示"
    assert [t.problem for t in record.tasks] == ["城市黑臭水体整治不到位问题", "垃圾填埋场渗滤液超标排放问题"]
    assert record.tasks[0].progress == "已完成12条黑臭水体整治,消除比例达到85%"
    assert [(i.value, i.comparator) for i in record.indicators] == [(90.0, ">=")]  # not the 85% achieved
    assert "2020-06-30" not in [d.date for d in record.deadlines]  # 截至2020年6月底 is a status date
    kinds = {d.text: d.kind for d in record.deadlines if d.task == record.tasks[1].id}
    assert kinds == {"立行立改": "by", "长期坚持": "ongoing"}
