"""Indicators: quantified targets found, descriptive and name-like numbers left out.

Phrases come from the three sample plans and from plans, 整改清单 and 整改情况 of other
provinces; the gold-driven test scores the real plans with the project's own scorer.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import evaluate
from extract.fields.indicators import find_indicators
from extract.load import load_bytes
from extract.normalise import normalise, normalise_text
from tests.conftest import GOLD, PLANS, ROOT, gold_for


def found(phrase: str, reference_year: int | None = None):
    return find_indicators(normalise_text(phrase), reference_year)


def only(phrase: str, reference_year: int | None = None):
    matches = found(phrase, reference_year)
    assert len(matches) == 1, [(m.text, m.value) for m in matches]
    return matches[0]


# --- comparators and values -----------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, value, unit, comparator",
    [
        # sample plans
        ("生活垃圾无害化处理率达到95%以上。", 95, "%", ">="),
        ("地表水优于Ⅲ类水体比例达到87.5%;", 87.5, "%", "="),
        ("其中炼铁、炼钢项目减量置换比例不得低于1.25:1。", 1.25, ":1", ">="),
        ("市委常委会、政府常务会每年研究部署环境保护工作不少于4次。", 4, "次", ">="),
        ("建成投运小寨坝生活污水处理厂4500吨/天;", 4500, "吨/天", "="),
        ("压减粗钢产能655万吨以上。", 655, "万吨", ">="),
        ("确保年底完工率达65%以上。", 65, "%", ">="),
        ("建成覆盖全区河道,总长度约117公里的沿河生态健康廊道。", 117, "公里", "~"),
        ("城市建成区20蒸吨及以下燃煤锅炉必须全部淘汰。", 20, "蒸吨", "<="),
        # other plans
        ("到2020年,城市生活污水处理率达到95%以上。", 95, "%", ">="),
        ("PM2.5年均浓度控制在35微克/立方米以内。", 35, "微克/立方米", "<="),
        ("化学需氧量排放总量削减10%。", 10, "%", "="),
        ("2018年底前完成燃煤锅炉淘汰150台。", 150, "台", "="),
        ("全市空气质量优良天数比例不低于80%。", 80, "%", ">="),
        ("新增造林面积约2万亩。", 2, "万亩", "~"),
        ("地表水国控断面水质优良比例达到70%左右。", 70, "%", "~"),
        ("工业固体废物综合利用率达到百分之九十。", 90, "%", "="),
        ("昼间噪声不超过60分贝。", 60, "分贝", "<="),
        ("确保SO2排放浓度不高于35mg/m3。", 35, "mg/m3", "<="),
        ("城市集中式饮用水水源水质达到或优于Ⅲ类比例总体高于93%。", 93, "%", ">="),
        ("全省煤炭消费总量控制在3.5亿吨左右。", 3.5, "亿吨", "~"),
        ("空气质量综合指数控制在4.5以内。", 4.5, None, "<="),
        ("单位GDP能耗下降到0.8吨标准煤/万元。", 0.8, "吨标准煤/万元", "="),
        ("全市关停取缔“散乱污”企业1,200家。", 1200, "家", "="),
        ("PM10年均浓度低于70微克/立方米。", 70, "微克/立方米", "<"),
        ("全年空气质量优良天数达到260天以上。", 260, "天", ">="),  # 天 counts after a comparator
        ("整治“散乱污”企业2000余家。", 2000, "家", "~"),
        ("约谈企业负责人12人。", 12, "人", "="),
    ],
)
def test_value_unit_comparator(phrase, value, unit, comparator):
    match = only(phrase)
    assert (match.value, match.unit, match.comparator) == (value, unit, comparator)
    assert match.text in normalise_text(phrase)


@pytest.mark.parametrize(
    "phrase, value, unit",
    [
        ("劣Ⅴ类水体比例为零;", 0, None),  # 为零
        ("“4+2”城市划定“禁煤区”并实现散煤彻底清零;", 0, None),  # 清零
        ("化肥农药使用量实现零增长。", 0, None),
        ("每周五《山西日报》公开一次督察整改进展情况。", 1, "次"),  # 一次
        ("两年内新建两座垃圾焚烧发电厂。", 2, "座"),  # 两
        ("每月开展一次专项执法检查。", 1, "次"),
        ("县、乡党委和政府每2个月研究部署一次。", 1, "次"),
        ("实施十大措施,确保息烽河、洋水河水质达标。", 10, "措施"),  # 十大: the listed thing is the unit
        ("依法关闭禁养区内养殖场326个。", 326, "个"),
    ],
)
def test_chinese_numerals_and_zero_words(phrase, value, unit):
    match = only(phrase)
    assert (match.value, match.unit) == (value, unit)


@pytest.mark.parametrize(
    "phrase, value, value_max, unit",
    [
        ("每周四山西电视台“新闻联播”安排5-10分钟专题报道督察整改工作情况。", 5, 10, "分钟"),
        ("城镇污水处理率提高到85%-90%。", 85, 90, "%"),
        ("每个县建成3~5个农村生活污水集中处理示范点。", 3, 5, "个"),
    ],
)
def test_ranges(phrase, value, value_max, unit):
    match = only(phrase)
    assert (match.value, match.value_max, match.unit) == (value, value_max, unit)


def test_listed_values_share_name_and_decision():
    first, second = found("全市化学需氧量、氨氮排放总量分别削减8.5%、7.2%。")
    assert (first.value, second.value) == (8.5, 7.2)
    assert (first.name, second.name) == ("化学需氧量", "氨氮排放总量")  # 分别 pairs names with values
    assert found("截至目前,已关停企业12家、15家。") == []


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, names",
    [
        ("到2020年,全市森林覆盖率达到18%以上。", ["森林覆盖率"]),
        ("地表水优于Ⅲ类水体比例达到87.5%。", ["地表水优于Ⅲ类水体比例"]),
        ("饮用水源地水质达标率100%;", ["饮用水源地水质达标率"]),
        ("其中炼铁、炼钢项目减量置换比例不得低于1.25:1。", ["炼铁、炼钢项目减量置换比例"]),
        ("确保PM2.5年均浓度控制在35微克/立方米以内。", ["PM2.5年均浓度"]),
        ("力争到2020年,细颗粒物(PM2.5)浓度由2015年的50微克/立方米降至42微克/立方米。", ["细颗粒物(PM2.5)浓度"]),
        ("2017年关闭退出煤矿18座。", ["关闭退出煤矿"]),
        ("受污染耕地安全利用率和污染地块安全利用率均达到90%以上。", ["受污染耕地安全利用率", "污染地块安全利用率"]),
        ("全市规模化畜禽养殖场粪污处理设施装备配套率达到95%以上。", ["规模化畜禽养殖场粪污处理设施装备配套率"]),
        ("确保58个国家考核地表水断面水质达到考核要求。", ["国家考核地表水断面水质"]),
        ("两年内新建2座垃圾焚烧发电厂。", ["新建垃圾焚烧发电厂"]),
        ("对8名相关责任人进行追责问责。", ["相关责任人"]),
        ("1.PM2.5浓度下降15%。", ["PM2.5浓度下降"]),
    ],
)
def test_names(phrase, names):
    matches = found(phrase)
    assert [m.name for m in matches] == names
    assert len({(m.start, m.end) for m in matches}) == 1  # two names share one span


# --- target year --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase, reference_year, year",
    [
        ("到2020年,全市森林覆盖率达到60%。", None, 2020),
        ("2017年底前9个重点行业实现达标排放治理。", None, 2017),
        ("“十三五”期间压减生铁产能82万吨。", None, 2020),
        ("年底前新建污水管网300公里。", 2018, 2018),
        ("分值权重占比不低于10%(2017年12月31日)。", None, 2017),
        ("到2017年底,全市PM2.5平均浓度比2015年下降10%以上。", 2017, 2017),  # 比2015年 is a baseline
        ("新建污水管网300公里。", 2018, None),
    ],
)
def test_target_year(phrase, reference_year, year):
    assert only(phrase, reference_year).year == year


def test_past_limit_quoted_in_a_later_plan_is_dropped():
    phrase = "电解铝2015年底前淘汰落后产能50万吨。"
    assert only(phrase).year == 2015
    assert found(phrase, reference_year=2017) == []


# --- not indicators -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        # history and present state (sample plans)
        "投诉数量从最初的2014年4件到2016年26件。",
        "总占地面积由最初的不到3000平方米扩建超过2万平方米。",
        "炒制大灶也从50个增加到现在的165个,目前辣椒制品生产能力已达180万瓶/日。",
        "比如,市直部门考核权重仅5%,且部门间没有体现权重差别;市属企业权重由2013-2014的10%降至2015-2016的5%。",
        "2010年至今,先后规划并建设了6个房地产开发项目,总建设规模超过70万平方米,其中4个已完成开发、2个正在进行开发。",
        "中国铝业贵州分公司288台160KA电解槽仍在生产。",
        "该公司厂界2000米范围内区域地块性质由原有的2个农林用地调整为居住用地。",
        "紧紧围绕中央环保督察组反馈意见中涉及我市的8个环境问题和全省24个共性问题,制定整改工作方案。",
        "中央环境保护督察组反馈我省四个方面的突出问题。",
        "在完成前三轮共七个市的省级环保督察基础上,抓紧开展省级环保督察。",
        "领导小组下设综合协调组、整改督导组、宣传报道组、责任追究组4个专项工作小组。",
        "副省长贺天才等7名省领导任副组长。",
        # history and present state (progress reports, other plans)
        "截至2018年6月底,已关停取缔“散乱污”企业1200家,完成率98%。",
        "目前,全市已建成污水处理厂12座,日处理能力达到45万吨。",
        "2017年,全市PM2.5平均浓度为58微克/立方米,同比下降6.5%。",
        "受理群众信访举报2156件,已办结2098件,办结率97.3%。",
        "整改任务共计76项,截至目前已完成62项,完成率81.6%。",
        "共排查出问题企业230家,其中已整改180家。",
        "对中央环保督察组交办的267件信访案件,已办结260件,办结率97.4%,剩余7件正在加快办理。",
        "截至2019年3月底,整改方案明确的530项整改任务已完成或基本完成274项。",
        "全市共有燃煤锅炉1,235台。",
        "累计关停取缔“散乱污”企业326家。",
        "2017年完成了12家企业的搬迁。",
        "中央第三环境保护督察组于2017年8月7日至9月7日对我省开展了为期一个月的督察。",
        "开展为期3个月的专项整治行动。",
        "交办件须在3天内完成整改。",
        "该区域地下水硝酸盐浓度超标2.3倍。",
        # identifiers and names
        "贵州开磷公司要正常运行34号泉眼深度治理设施。",
        "该公司位于贵阳市南明区龙洞堡见龙洞路138号。",
        "按照《国务院关于化解产能严重过剩矛盾的指导意见》(国发〔2013〕41号)要求执行。",
        "到2020年,细颗粒物(PM2.5)平均浓度达到省、市下达的目标任务。",
        "深入落实环保“最多跑一次”改革行动。",
        "完善整改工作“332”机制。",
        "“十三五”期间完成国家下达我省煤炭去产能任务。",
        "深入学习贯彻党的十九大精神,强化“一岗双责”。",
        "按照贵州省环境保护十大污染源治理工程实施方案要求推进。",
        "整改时限:第1、2、3项目标2017年9月30日。",
        "坚决守住“山青、天蓝、水清、地洁”四条底线。",
        "城市污水处理厂出水达到一级A标准。",
        "在12369环保举报热线受理的群众举报中,涉及大气污染的占45%。",
        "开展一次性清理整顿。",
        # no number
        "建成区黑臭水体基本消除。",
        "全市森林覆盖率逐年提高。",
    ],
)
def test_not_indicators(phrase):
    assert found(phrase) == [], [(m.text, m.value) for m in found(phrase)]


def test_target_and_history_in_one_sentence():
    phrase = (
        "金钟河7个断面中有5个断面持续超标相关17个责任人进行问责,"
        "力争到2020年,细颗粒物浓度由2015年的50微克/立方米降至42微克/立方米。"
    )
    assert [(m.value, m.unit) for m in found(phrase)] == [(17, "个"), (42, "微克/立方米")]


def test_table_cells_and_task_fields():
    """整改清单 rows come one cell per line (extract.normalise renders tables so); a target
    cell is read like running text, a progress cell (整改进展: 已淘汰…) is not."""
    row = ("1", "部分燃煤锅炉未按期淘汰", "到2018年底,淘汰10蒸吨以下燃煤锅炉56台", "2018年12月31日", "已淘汰燃煤锅炉43台")
    text = "\n".join(("序号", "问题", "整改目标", "整改时限", "整改进展") + row)
    matches = find_indicators(text, 2018)
    assert [(m.value, m.unit, m.year) for m in matches] == [(10, "蒸吨", 2018), (56, "台", 2018)]


# --- spans on the real plans --------------------------------------------------------------------


def _plan_text(plan) -> str:
    return normalise(load_bytes(plan.read_bytes(), plan.name)).text


@pytest.fixture(scope="module")
def plan_texts():
    return {plan.name: _plan_text(plan) for plan in PLANS}


def test_spans_index_the_text(plan_texts):
    for text in plan_texts.values():
        matches = find_indicators(text)
        assert matches
        assert all(text[m.start : m.end] == m.text for m in matches)
        assert [m.start for m in matches] == sorted(m.start for m in matches)


# --- gold ---------------------------------------------------------------------------------------


def _score(plan, text: str) -> evaluate.Counts:
    """Score one plan's indicators with the project's scorer (value, unit, overlapping text;
    optional gold items neutral; a descriptive number counts as an error)."""
    gold = evaluate.read_gold(GOLD / f"{plan.name}.gold.json")
    published = gold_for(plan)["meta"].get("published")
    matches = find_indicators(text, int(published[:4]) if published else None)
    predicted = [
        evaluate.Entry(
            key=(m.value, evaluate.canonical_text(m.unit) or None),
            label=m.text,
            place=evaluate.Place(f"{m.start}", m.start / len(text)),
            text=evaluate.canonical_text(m.text),
        )
        for m in matches
    ]
    scale = evaluate.gold_scale(gold.side, evaluate.Side(indicators=predicted))
    result = evaluate.score_entries("indicators", gold.side.indicators, predicted, evaluate.fits_indicator, scale)
    return result.counts


def test_gold_precision_and_recall(plan_texts, capsys):
    total = evaluate.Counts()
    for plan in PLANS:
        counts = _score(plan, plan_texts[plan.name])
        with capsys.disabled():
            print(f"\n{plan.name}: tp={counts.tp} fp={counts.fp} fn={counts.fn}")
        assert counts.recall is not None and counts.recall >= 0.8
        total += counts
    with capsys.disabled():
        print(f"indicators micro P={total.precision:.3f} R={total.recall:.3f} F1={total.f1:.3f}")
    assert total.f1 >= 0.95


# --- targets against achievements, by document kind and field (phrasings written for these tests)


def kinds(phrase: str, reference_year: int | None = 2024, kind: str | None = None):
    return [(m.value, m.unit) for m in find_indicators(normalise_text(phrase), reference_year, kind)]


@pytest.mark.parametrize(
    "phrase, kind",
    [
        # achieved figures: told as done, or standing in a report without a target word
        ("截至目前,全市新建污水管网320公里,整改完成率92.3%。", "progress_report"),
        ("今年以来已新建污水管网320公里,同比下降11%。", None),
        ("全县新建污水管网320公里,黑臭水体消除比例达到90%。", "news"),
        ("签订了目标责任书,对26家企业予以关停。", None),
        ("召开党组会议4次,专题部署推进整改工作,确保事事有人管。", "tour_report"),
        ("督察组要求,2024年底前整改完成12个问题,其中已完成整改3个。", "news"),
        # counts that size the work
        ("共梳理出45项整改任务和12个问题线索。", None),
        ("确保46个整改类问题整改到位。", None),
        ("对相关责任人问责30人。", "progress_report"),
        ("由17个牵头单位对照方案逐项推进。", None),
        # a count of one, a numbered formula, a technique
        ("这是一项重大政治任务。", None),
        ("把整改作为一项重大政治责任。", None),
        ("做到整改一个、销号一个。", None),
        ("协调推进四个全面战略布局。", None),
        ("实现工业废水零排放。", None),
    ],
)
def test_achievements_and_counts_of_work_are_not_targets(phrase, kind):
    assert kinds(phrase, kind=kind) == []


@pytest.mark.parametrize(
    "phrase, kind, expected",
    [
        ("《方案》提出,到2025年城市污水集中收集率达到70%以上。", "news", [(70, "%")]),
        # a later sentence of the paragraph continues the target year of an earlier one
        ("到2020年,全省空气优良天数比例不低于80%。地表水优良比例达到70%以上。", "news", [(80, "%"), (70, "%")]),
        ("力争全年空气质量优良天数达到340天以上。", "news", [(340, "天")]),
        ("整改完成率达到90%以上的目标要求。", "news", [(90, "%")]),
        # the same figures in a plan need no target word
        ("全县新建污水管网320公里,黑臭水体消除比例达到90%。", "plan", [(320, "公里"), (90, "%")]),
    ],
)
def test_targets_in_reports_need_a_target_word(phrase, kind, expected):
    assert kinds(phrase, 2018, kind) == expected


def test_a_notice_reads_its_target_field_not_its_progress_field():
    text = "整改目标:到2024年底,污水收集率达到75%以上。\n整改完成情况:已新建管网12公里,收集率达到76%。"
    assert kinds(text, kind="public_notice") == [(75, "%")]
    assert kinds(text, kind="plan") == [(75, "%")]


def test_regulation_thresholds_are_not_targets():
    """kind other (a catalogue, a fine table): thresholds state rules, not commitments."""
    text = "单台出力小于20蒸吨/小时的锅炉,含硫量大于0.5%的燃料。"
    assert kinds(text, None, "other") == []
    assert kinds(text, None, "plan") == [(20, "蒸吨/小时"), (0.5, "%")]


def test_a_count_naming_the_scope_of_a_value_is_not_one():
    assert kinds("全省12条主要河流水质优良比例达到90%以上。") == [(90, "%")]


@pytest.mark.parametrize(
    "phrase, comparator",
    [("水质优良比例总体高于93%。", ">="), ("力争森林覆盖率达到45%左右。", "~"), ("化学需氧量下降10%。", "=")],
)
def test_comparators_as_format_reads_them(phrase, comparator):
    assert [m.comparator for m in found(phrase)] == [comparator]


def test_fen_bie_pairs_listed_names_with_listed_values():
    matches = found("城市污水处理率和垃圾无害化处理率分别达到85%、95%。")
    assert [(m.name, m.value) for m in matches] == [("城市污水处理率", 85), ("垃圾无害化处理率", 95)]
    matches = found("森林覆盖率分别达到35%、40%。")  # one name, two values: both keep it
    assert [(m.name, m.value) for m in matches] == [("森林覆盖率", 35), ("森林覆盖率", 40)]


def test_a_list_of_counts_of_problems_is_no_target():
    assert kinds("2025—2027年底前分别整改完成6个、3个、1个问题。") == []


# --- robustness ---------------------------------------------------------------------------------

PIECES = ["1", "2", "5", "0", ".", "%", "万吨", "以上", "达到", "不低于", "确保", "已", "个", "次", "每",
          "由", "到", "约", "。", ",", "、", "“", "”", "森林覆盖率", "水", "一", "十", "大", "为零", "年", " ", "\n"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=1500))
def test_never_raises_on_arbitrary_text(pieces):
    text = "".join(pieces)
    for match in find_indicators(text, 2018):
        assert 0 <= match.start <= match.end <= len(text)
        assert text[match.start : match.end] == match.text


def test_time_grows_linearly():
    rng = random.Random(7)
    text = "".join(rng.choice(PIECES) for _ in range(500))
    find_indicators(text)  # load jieba before timing

    def best_of_three(sample: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            find_indicators(sample)
            times.append(time.perf_counter() - start)
        return min(times)

    once, twenty = best_of_three(text), best_of_three(text * 20)  # about 700 and 14,000 characters
    assert twenty < 40 * once + 0.05


def test_import_does_not_load_jieba():
    code = "import sys, extract.fields.indicators; print('jieba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
