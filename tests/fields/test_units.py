"""Unit fields: the real lists of plan 000 against its gold, and phrasings from other plans."""

import time
from collections import Counter

import pytest

from extract.labels import LEADER_LABELS, UNIT_LABELS
from extract.fields.units import (
    classify_unit,
    find_unit_lists,
    qualify_unit,
    split_units,
)
from extract.load import load_bytes
from extract.normalise import normalise
from tests.conftest import PLANS, gold_for

GUIYANG = PLANS[0]


@pytest.fixture(scope="module")
def guiyang():
    text = normalise(load_bytes(GUIYANG.read_bytes(), GUIYANG.name)).text
    return text, find_unit_lists(text, "贵阳市", "贵州省")


def _pairs(unit_list):
    return unit_list.role, Counter(u.text for u in unit_list.units)


def test_body_lists_of_plan_000_match_gold(guiyang):
    text, lists = guiyang
    appendix = text.index("附件:")
    body = [m for m in lists if m.start < appendix]
    gold = gold_for(GUIYANG)["unit_lists"]
    assert len(body) == len(gold) == 20
    for found, expected in zip(body, gold):
        assert _pairs(found) == (expected["role"], Counter(expected["units"])), found.text


def test_run_on_lists_stop_where_the_next_item_starts(guiyang):
    text, lists = guiyang
    after = [text[m.end : m.end + 4] for m in lists]
    assert after[0] == "2.严格"  # …党工委和管委会2.严格落实
    assert "(二)采" in after  # …党工委和管委会(二)采取切实措施
    assert "四、保障" in after  # …管委会四、保障措施
    assert "按照双龙" in after  # …花溪区人民政府按照双龙航空港…
    assert "加大磷、" in after  # …管委会加大磷、煤、铝矿山…
    for m in lists:
        assert text[m.start : m.end] == m.text
        for unit in m.units:
            assert text[unit.start : unit.end] == unit.text


def test_appendix_task_fields_of_plan_000(guiyang):
    text, lists = guiyang
    appendix = [m for m in lists if m.start > text.index("附件:")]
    by_task = [appendix[i : i + 3] for i in range(0, len(appendix), 3)]
    gold_tasks = [t for t in gold_for(GUIYANG)["tasks"] if t["lead_units"]]
    assert len(by_task) == len(gold_tasks) == 6
    for fields, task in zip(by_task, gold_tasks):
        assert [m.role for m in fields] == ["lead", "responsible", "supervising"]
        for field, key in zip(fields, ("lead_units", "responsible_units", "supervising_units")):
            assert Counter(u.text for u in field.units) == Counter(task[key]), field.text


def test_names_and_kinds_in_plan_000(guiyang):
    _, lists = guiyang
    units = {u.text: u for m in lists for u in m.units}
    assert (units["市委"].name, units["市委"].kind) == ("贵阳市委", "party")
    assert (units["市纪委"].name, units["市纪委"].kind) == ("贵阳市纪委", "discipline")
    assert units["市城投集团公司"].kind == "enterprise"
    assert units["经开区管委会"].kind == "management_committee"
    assert units["各区(市、县)党委和政府"].name == "各区(市、县)党委和政府"
    assert units["市清镇市人民政府"].name == "清镇市人民政府"
    assert units["息烽县人民政府"].kind == "government"


def test_split_a_task_field():
    units = split_units("市委办公厅、市人民政府办公厅", "贵阳市", "贵州省")
    assert [(u.text, u.name, u.kind) for u in units] == [
        ("市委办公厅", "贵阳市委办公厅", "party"),
        ("市人民政府办公厅", "贵阳市人民政府办公厅", "government"),
    ]
    assert (units[1].start, units[1].end) == (6, 14)


@pytest.mark.parametrize(
    "field, expected",
    [
        ("市生态文明委、市工业和信息化委\n各区(市、县)政府、管委会。", ["市生态文明委", "市工业和信息化委", "各区(市、县)政府", "管委会"]),
        ("市委和市政府、区住建局及各街道", ["市委", "市政府", "区住建局", "各街道"]),
        ("各区(市、县)党委和政府、党工委和管委会", ["各区(市、县)党委和政府", "党工委和管委会"]),
        ("市人力资源和社会保障局、市卫生和计划生育委员会", ["市人力资源和社会保障局", "市卫生和计划生育委员会"]),
        ("市发改委、市环保局等", ["市发改委", "市环保局"]),
        ("市发改委等有关部门", ["市发改委"]),
        ("各区县人民政府,市直有关部门按职责分工负责", ["各区县人民政府", "市直有关部门"]),
        ("市发改委(排名第一的为牵头单位)、市环保局", ["市发改委", "市环保局"]),
        ("区住建局(区城管局)、各街道(园区)", ["区住建局(区城管局)", "各街道(园区)"]),
        ("市委督查室;市政府督查室", ["市委督查室", "市政府督查室"]),
        ("公安、环保、住建", ["公安", "环保", "住建"]),
    ],
)
def test_split_units(field, expected):
    assert [u.text for u in split_units(field, "拱墅区", "浙江省")] == expected


@pytest.mark.parametrize(
    "unit, region, name, kind",
    [
        ("省生态环境厅", "山西省", "山西省生态环境厅", "department"),
        ("省委", "拱墅区", "浙江省委", "party"),
        ("区住建局", "拱墅区", "拱墅区住建局", "department"),
        ("区委", "拱墅区", "拱墅区委", "party"),
        ("市生态环境局", "拱墅区", "杭州市生态环境局", "department"),
        ("县自然资源局", "修文县", "修文县自然资源局", "department"),
        ("县自然资源局", "贵阳市", "县自然资源局", "department"),
        ("市中级人民法院", "贵阳市", "贵阳市中级人民法院", "court_procuratorate"),
        ("县人民检察院", "息烽县", "息烽县人民检察院", "court_procuratorate"),
        ("高新区管委会", "贵阳市", "高新区管委会", "management_committee"),
        ("市城投集团公司", "贵阳市", "贵阳市城投集团公司", "enterprise"),
        ("州人民政府", "黔东南苗族侗族自治州", "黔东南苗族侗族自治州人民政府", "government"),
        ("州生态环境局", "凯里市", "黔东南苗族侗族自治州生态环境局", "department"),
        ("自治区生态环境厅", "广西壮族自治区", "广西壮族自治区生态环境厅", "department"),
        ("旗委", "鄂托克旗", "鄂托克旗委", "party"),
        ("盟行政公署", "锡林郭勒盟", "锡林郭勒盟行政公署", "government"),
        ("市市场监管局", "贵阳市", "贵阳市市场监管局", "department"),
        ("市场监管局", "贵阳市", "市场监管局", "department"),
        ("市民政局", "贵阳市", "贵阳市民政局", "department"),
        ("市纪委监委", "贵阳市", "贵阳市纪委监委", "discipline"),
        ("市监察局", "贵阳市", "贵阳市监察局", "discipline"),
        ("市环境监察支队", "贵阳市", "贵阳市环境监察支队", "department"),
        ("县人大常委会", "修文县", "修文县人大常委会", "people_congress"),
        ("市委宣传部", "贵阳市", "贵阳市委宣传部", "party"),
        ("市政府办公厅", "贵阳市", "贵阳市政府办公厅", "government"),
        ("乡镇人民政府", "修文县", "乡镇人民政府", "government"),
        ("各有关单位", "贵阳市", "各有关单位", "other"),
        ("生态环境拱墅分局", "拱墅区", "生态环境拱墅分局", "department"),
        ("中共贵阳市委", "贵阳市", "中共贵阳市委", "party"),
        ("各区(市、县)人民政府和管委会", "贵阳市", "各区(市、县)人民政府和管委会", "government"),
    ],
)
def test_qualify_and_classify(unit, region, name, kind):
    assert qualify_unit(unit, region) == name
    assert classify_unit(name) == kind


def test_without_a_region_names_stay_as_written():
    assert qualify_unit("市生态环境局", None) == "市生态环境局"
    assert [u.name for u in split_units("市委、区政府")] == ["市委", "区政府"]


def _lists(text, region="拱墅区", province="浙江省"):
    return [(m.role, m.text, [u.text for u in m.units]) for m in find_unit_lists(text, region, province)]


def test_parenthesised_label_forms():
    text = "开展专项整治(牵头单位:区发展改革局;责任单位:区生态环境分局、区住建局)。"
    assert _lists(text) == [
        ("lead", "牵头单位:区发展改革局", ["区发展改革局"]),
        ("responsible", "责任单位:区生态环境分局、区住建局", ["区生态环境分局", "区住建局"]),
    ]


def test_role_verb_brackets():
    text = "加快推进燃煤锅炉淘汰(市生态环境局牵头,市发展改革委、市市场监管局配合)。完成整治(由区水务局牵头,各街道负责)。"
    assert _lists(text) == [
        ("lead", "市生态环境局牵头", ["市生态环境局"]),
        ("cooperating", "市发展改革委、市市场监管局配合", ["市发展改革委", "市市场监管局"]),
        ("lead", "由区水务局牵头", ["区水务局"]),
        ("responsible", "各街道负责", ["各街道"]),
    ]
    assert find_unit_lists(text, "拱墅区")[1].units[0].name == "杭州市发展改革委"


@pytest.mark.parametrize(
    "text",
    ["全面完成整改(2018年底前完成)。", "(各地负责)", "成立领导小组(组长由区长担任,副组长由分管副区长担任)。"],
)
def test_brackets_that_are_no_unit_lists(text):
    assert find_unit_lists(text, "拱墅区") == []


def test_lists_end_at_labels_commas_and_lines():
    text = (
        "责任领导:张三 责任单位:区住建局 完成时限:2018年12月底\n"
        "责任单位:县环保局;配合单位:县公安局、县交通运输局。\n"
        "督办单位:市委督查室、市政府督查室\n"
        "【责任单位】区生态环境分局、区城管局\n"
        "整改责任单位:省生态环境厅、省自然资源厅,各市人民政府\n"
        "责任单位:区环保局,2018年底前完成。\n"
    )
    assert _lists(text) == [
        ("responsible", "责任单位:区住建局", ["区住建局"]),
        ("responsible", "责任单位:县环保局", ["县环保局"]),
        ("cooperating", "配合单位:县公安局、县交通运输局", ["县公安局", "县交通运输局"]),
        ("supervising", "督办单位:市委督查室、市政府督查室", ["市委督查室", "市政府督查室"]),
        ("responsible", "【责任单位】区生态环境分局、区城管局", ["区生态环境分局", "区城管局"]),
        ("responsible", "整改责任单位:省生态环境厅、省自然资源厅,各市人民政府", ["省生态环境厅", "省自然资源厅", "各市人民政府"]),
        ("responsible", "责任单位:区环保局", ["区环保局"]),
    ]


def test_run_on_lists_in_other_plans():
    text = (
        "责任单位:区城管局、区住建局(三)强化工业污染防治1.推进…"
        "牵头部门:区经信局配合部门:区生态环境分局、各街道加快推进企业搬迁。"
        "责任单位:各街道(园区)2.加强…"
    )
    assert _lists(text) == [
        ("responsible", "责任单位:区城管局、区住建局", ["区城管局", "区住建局"]),
        ("lead", "牵头部门:区经信局", ["区经信局"]),
        ("cooperating", "配合部门:区生态环境分局、各街道", ["区生态环境分局", "各街道"]),
        ("responsible", "责任单位:各街道(园区)", ["各街道(园区)"]),
    ]


def test_label_tables_the_task_parser_reads():
    assert {UNIT_LABELS[k] for k in ("牵头单位", "牵头部门", "牵头责任单位", "主责单位")} == {"lead"}
    assert {UNIT_LABELS[k] for k in ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "完成单位")} == {"responsible"}
    assert {UNIT_LABELS[k] for k in ("督导单位", "督办单位", "督查单位", "监督单位")} == {"supervising"}
    assert {UNIT_LABELS[k] for k in ("配合单位", "协办单位", "参与单位")} == {"cooperating"}
    assert {"责任领导", "牵头领导", "分管领导", "责任人"} <= set(LEADER_LABELS)
    assert not set(LEADER_LABELS) & set(UNIT_LABELS)


@pytest.mark.parametrize(
    "text",
    [
        "责任单位:" * 50_000,
        "责任单位:" + "市环保局" * 50_000,
        "(" * 200_000 + "市环保局牵头",
        "(市环保局牵头," * 30_000,
        "责任单位:" + "市环保局和" * 40_000,
        "责任单位:" + "、" * 200_000,
    ],
    ids=["labels", "one long unit", "open brackets", "role notes", "joints", "separators"],
)
def test_hostile_input_finishes_quickly(text):
    started = time.perf_counter()
    find_unit_lists(text, "贵阳市")
    split_units(text[:50_000], "贵阳市")
    assert time.perf_counter() - started < 3


def test_role_words_after_a_unit_are_not_part_of_its_name():
    units = split_units("县农业农村局牵头,县林业局、各乡镇配合", "岳阳县", "湖南省")
    assert [u.text for u in units] == ["县农业农村局", "县林业局", "各乡镇"]


# --- unit roles of a task: phrasings written for these tests -----------------------------------

from extract.fields.records import classify_head  # noqa: E402
from extract.fields.units import task_units  # noqa: E402


def test_a_lead_marker_inside_a_responsible_list_leads_and_is_dropped():
    units = task_units({"responsible": "市水务局(牵头)、市发展改革委、市自然资源局,甲县、乙县人民政府"})
    assert [u.text for u in units["responsible"]] == ["市水务局", "市发展改革委", "市自然资源局", "甲县", "乙县人民政府"]
    assert [u.text for u in units["lead"]] == ["市水务局"]


def test_a_lead_marker_joins_a_lead_field_without_repeating_it():
    units = task_units({"lead": "区城管局", "responsible": "区城管局(牵头)、各街道办事处"})
    assert [u.text for u in units["lead"]] == ["区城管局"]
    assert [u.text for u in task_units({"responsible": "区城管局、各街道办事处"})["responsible"]] == [
        "区城管局", "各街道办事处"]
    assert "lead" not in task_units({"responsible": "区城管局(负责)、各街道办事处"})


@pytest.mark.parametrize("label, role", [
    ("验收单位", "supervising"), ("验收部门", "supervising"), ("督办单位", "supervising"),
    ("整改实施主体", "responsible"), ("主管单位", "responsible"), ("责任部门", "responsible"),
    ("牵头部门", "lead"),
])
def test_unit_roles_of_labels(label, role):
    assert UNIT_LABELS[label] == role


def test_a_role_in_the_labels_parentheses_adds_that_role():
    line = classify_head("牵头部门 (责任单位)", 0, 0, 10)
    assert (line.field, line.roles) == ("lead", ("responsible",))
    assert classify_head("责任单位", 0, 0, 4).roles == ()


@pytest.mark.parametrize("value, units", [
    ("省教育厅、环境保护厅", ["省教育厅", "环境保护厅"]),  # a later name borrows the head: written as it stands
    ("某某区委、区政府", ["某某区委", "区政府"]),
    ("各市(州)党委和政府", ["各市(州)党委和政府"]),  # 和 between one body's organs, brackets: one unit
    ("县住建局;县水利局,县农业农村局", ["县住建局", "县水利局", "县农业农村局"]),
])
def test_unit_lists_split_at_enumeration_marks(value, units):
    assert [u.text for u in split_units(value)] == units
