"""Document metadata: the three real plans against their gold, and cover, signature, notice
and info-table layouts of other plans; the bundled gazetteer it reads."""

import time

import pytest

from extract.fields.meta import find_meta
from extract.gazetteer import gazetteer, lookup_region, region_chain
from extract.load import load_bytes
from extract.normalise import normalise, normalise_text
from tests.conftest import PLANS, gold_for

GONGSHU_PAGE_META = {"发布机构": "生态环境拱墅分局", "生成日期": "2018-08-08", "发布日期": "2018-08-08"}
REGION_CODES = {"000": "520100", "001": "140000", "002": "330105"}


def _text(plan):
    return normalise(load_bytes(plan.read_bytes(), plan.name)).text


def _lines(*lines):
    """Normalised text as the pipeline builds it: one normalised block per line."""
    return "\n".join(normalise_text(line) for line in lines)


@pytest.fixture(scope="module")
def texts():
    return {plan.name[:3]: (_text(plan), gold_for(plan)["meta"]) for plan in PLANS}


@pytest.mark.parametrize("plan", ["000", "001", "002"])
def test_real_plans_match_gold(texts, plan):
    text, gold = texts[plan]
    page_meta = GONGSHU_PAGE_META if plan == "002" else None
    meta = find_meta(text, page_meta)
    assert {key: getattr(meta, key) for key in gold} == gold
    assert meta.region_code == REGION_CODES[plan]
    assert {"title", "region", "inspection_group"} <= set(meta.spans)
    for field, (start, end) in meta.spans.items():
        assert text[start:end] == getattr(meta, field), field


def test_gongshu_from_its_text_alone(texts):
    """The scraped page keeps its info table as text lines: 发布机构生态环境拱墅分局公开范围…"""
    text, gold = texts["002"]
    meta = find_meta(text)
    assert {key: getattr(meta, key) for key in gold} == gold
    start, end = meta.spans["issuer"]
    assert text[start:end] == "生态环境拱墅分局"
    assert text[slice(*meta.spans["published"])] == "2018-08-08"


def test_guiyang_details(texts):
    text, _ = texts["000"]
    meta = find_meta(text)
    # the website's shortened first line is not the title; the masked cover date is no date
    assert text.startswith("贵阳贯彻落实中央第七环境保护督察组方案\n")
    assert meta.published is None and "published" not in meta.spans
    assert text[slice(*meta.spans["issuer"])] == meta.issuer
    assert meta.reference_year == 2017  # most of its limits: 2017年9月30日, 2017年12月31日 …


def test_shanxi_header_date_and_reference_year(texts):
    text, _ = texts["001"]
    meta = find_meta(text)
    assert text[slice(*meta.spans["published"])] == "2017-12-19"
    assert meta.reference_year == 2017


def test_page_meta_wins_and_fills_gaps():
    text = _lines("某某贯彻落实中央环境保护督察反馈意见整改方案", "按照中央环境保护督察组的反馈意见,制定本方案。")
    meta = find_meta(text, {"文号": "晋发〔2017〕60号", "发布日期": "2017年12月19日", "title": "网页标题"})
    assert meta.title == "某某贯彻落实中央环境保护督察反馈意见整改方案"
    assert (meta.doc_number, meta.published, meta.reference_year) == ("晋发〔2017〕60号", "2017-12-19", 2017)
    assert meta.inspection_group is None  # never numbered in this text: no group
    assert find_meta("正文。", {"title": "网页标题", "备注/文号": ""}).title == "网页标题"
    assert find_meta("正文。", {"备注/文号": ""}).doc_number is None


def test_printed_plan_with_signature():
    text = _lines(
        "山西省贯彻落实中央第二环境保护督察组",
        "督察反馈意见整改方案",
        "根据中央统一部署,中央第二环境保护督察组对山西省开展了环境保护督察。山西省委、省政府诚恳接受。",
        "一、指导思想",
        "年内完成整改。",
        "中共山西省委 山西省人民政府",
        "2017年12月19日",
    )
    meta = find_meta(text)
    assert meta.title == "山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案"
    assert (meta.region, meta.region_level, meta.region_code) == ("山西省", "province", "140000")
    assert meta.issuer == "中共山西省委山西省人民政府"
    assert (meta.published, meta.reference_year) == ("2017-12-19", 2017)


def test_body_mentions_are_no_issuer_or_date():
    text = _lines(
        "山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案",
        "对中央第二环境保护督察组反馈的意见,山西省委、省政府诚恳接受。2017年7月30日正式反馈。",
        "(四)强化信息公开。每周公开一次。",
    )
    meta = find_meta(text)
    assert (meta.issuer, meta.published, meta.doc_number) == (None, None, None)


def test_notice_that_issues_the_plan():
    text = _lines(
        "山西省人民政府办公厅关于印发山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案的通知",
        "晋政办发〔2017〕150号",
        "各市、县人民政府,省人民政府各委、厅,各直属机构:",
        "现将《山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案》印发给你们,请认真贯彻执行。",
        "山西省人民政府办公厅",
        "2017年12月20日",
    )
    meta = find_meta(text)
    # an 印发 notice's title is the notice's own (FORMAT, Meta)
    assert meta.title == "山西省人民政府办公厅关于印发山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案的通知"
    assert meta.issuer == "山西省人民政府办公厅"
    assert meta.kind == "plan"
    assert meta.doc_number == "晋政办发〔2017〕150号"
    assert meta.published == "2017-12-20"
    assert text[slice(*meta.spans["doc_number"])] == meta.doc_number


def test_doc_number_above_a_notice_title():
    text = _lines(
        "黔府办发〔2018〕12号",
        "贵州省人民政府办公厅关于印发《贵州省环境保护督察整改工作方案》的通知",
        "各市、自治州人民政府:",
        "按照(国发〔2013〕41号)要求……",
    )
    meta = find_meta(text)
    assert (meta.doc_number, meta.title, meta.issuer) == (
        "黔府办发〔2018〕12号", "贵州省人民政府办公厅关于印发《贵州省环境保护督察整改工作方案》的通知", "贵州省人民政府办公厅"
    )


def test_progress_report_signed_in_chinese_numerals():
    text = _lines(
        "贵州省贯彻落实中央第五环境保护督察组督察反馈意见整改情况的报告",
        "根据中央统一部署,中央第五环境保护督察组于2017年对我省开展了督察。",
        "中共贵州省委",
        "贵州省人民政府",
        "二〇一八年六月二十日",
    )
    meta = find_meta(text)
    assert meta.title.endswith("整改情况的报告")
    assert (meta.issuer, meta.published) == ("中共贵州省委贵州省人民政府", "2018-06-20")


@pytest.mark.parametrize(
    "lines, region, level, province, code",
    [
        (["息烽县贯彻落实中央第七环境保护督察组督察贵州反馈意见整改方案", "息烽县人民政府", "2017年10月9日"], "息烽县", "county", "贵州省", "520122"),
        (["黔东南州贯彻落实中央第五生态环境保护督察组督察反馈意见整改方案", "黔东南州人民政府办公室", "(2022年3月1日)"], "黔东南苗族侗族自治州", "city", "贵州省", "522600"),
        (["鄂托克旗贯彻落实中央第三生态环境保护督察组督察反馈意见问题整改清单"], "鄂托克旗", "county", "内蒙古自治区", "150624"),
        (["锡林郭勒盟生态环境保护督察整改工作方案"], "锡林郭勒盟", "city", "内蒙古自治区", "152500"),
        (["广西壮族自治区贯彻落实中央第二生态环境保护督察组督察反馈意见整改方案"], "广西壮族自治区", "province", "广西壮族自治区", "450000"),
        (["贵州省贵阳市清镇市环境保护督察整改方案"], "清镇市", "county", "贵州省", "520181"),
        (["白云区贯彻落实中央第四环境保护督察组督察反馈意见整改方案", "按照广州市和广东省的部署。"], "白云区", "district", "广东省", "440111"),
        (["白云区贯彻落实中央第七环境保护督察组督察反馈意见整改方案", "按照贵阳市和贵州省的部署,贵阳市要求。"], "白云区", "district", "贵州省", "520113"),
        (["下城区贯彻落实中央环境保护督察反馈意见整改方案"], "下城区", "district", "浙江省", "330103"),
        (["神农架林区环境保护督察整改方案"], "神农架林区", "county", "湖北省", "429021"),
    ],
)
def test_regions_of_other_plans(lines, region, level, province, code):
    meta = find_meta(_lines(*lines))
    assert (meta.region, meta.region_level, meta.province, meta.region_code) == (region, level, province, code)


def test_second_round_group_and_year_from_limits():
    text = _lines(
        "鄂托克旗贯彻落实中央第三生态环境保护督察组督察反馈意见问题整改清单",
        "1.2021年底前完成。2.2021年6月30日前完成。3.2022年底前完成。4.淘汰2015年底前应淘汰的产能。",
    )
    meta = find_meta(text)
    assert meta.inspection_group == "中央第三生态环境保护督察组"
    assert (meta.published, meta.reference_year) == (None, 2021)


def test_appendix_only_file_is_titled_by_its_appendix_line():
    text = _lines("附件:贵阳市贯彻落实中央环境保护督察移交问题整改措施清单", "序号", "问题")
    meta = find_meta(text)
    assert meta.title == "贵阳市贯彻落实中央环境保护督察移交问题整改措施清单"
    assert meta.region_code == "520100"


def test_gazetteer_is_whole_and_consistent():
    table = gazetteer()
    assert 3200 <= len(table.by_code) <= 3600
    assert all(r.parent in table.by_code for r in table.by_code.values() if r.parent)
    assert {r.level for r in table.by_code.values()} == {"province", "city", "county"}
    provinces = [r for r in table.by_code.values() if r.level == "province"]
    assert len(provinces) == 34
    assert lookup_region("贵阳").code == "520100"
    assert lookup_region("莱芜市").in_force is False  # merged into 济南 in 2019, still resolvable
    assert lookup_region("朝阳区", "吉林省").code == "220104"
    assert region_chain("拱墅区") == ("拱墅区", "杭州市", "浙江省")
    assert region_chain("仙桃市") == ("仙桃市", "湖北省")


@pytest.mark.parametrize(
    "text",
    [
        "整改方案" * 100_000,
        "\n" * 200_000,
        "2017年12月19日\n" * 30_000,
        "中共山西省委\n" * 30_000,
        "附件\n" * 50_000,
        "发布机构" * 50_000,
    ],
    ids=["endings", "newlines", "dates", "signatures", "appendix lines", "info labels"],
)
def test_hostile_input_finishes_quickly(text):
    started = time.perf_counter()
    find_meta(text)
    assert time.perf_counter() - started < 3
