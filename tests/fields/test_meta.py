"""Document metadata: the three real plans against their gold, and cover, signature, notice
and info-table layouts of other plans; the bundled gazetteer it reads."""

import time

import pytest

from extract.fields.meta import find_meta
from extract.gazetteer import gazetteer, lookup_region, region_chain
from extract.load import load_bytes
from extract.normalise import normalise, normalise_text
from tests.conftest import DEV, PLANS, REAL, gold_for

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


@pytest.mark.parametrize(
    "lines, title, issuer, doc_number",
    [
        (
            [
                "山西省人民政府办公厅关于印发山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案的通知",
                "晋政办发〔2017〕150号",
                "各市、县人民政府,省人民政府各委、厅,各直属机构:",
                "现将《山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案》印发给你们,请认真贯彻执行。",
                "山西省人民政府办公厅",
                "2017年12月20日",
            ],
            "山西省人民政府办公厅关于印发山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案的通知",
            "山西省人民政府办公厅",
            "晋政办发〔2017〕150号",
        ),
        (  # a site's name glued before 关于 is dropped, and names no issuer
            [
                "某某网站-政务服务门户关于印发《平桥区贯彻落实省第三生态环境保护督察组督察反馈意见整改方案》的通知",
                "各乡镇人民政府、街道办事处,区直各单位:",
                "现将《平桥区贯彻落实省第三生态环境保护督察组督察反馈意见整改方案》印发给你们,请认真贯彻执行。",
                "信阳市平桥区人民政府办公室",
                "2017年12月20日",
                "平桥区贯彻落实省第三生态环境保护督察组督察反馈意见整改方案",
                "为切实抓好督察反馈问题整改,制定本方案。",
            ],
            "关于印发《平桥区贯彻落实省第三生态环境保护督察组督察反馈意见整改方案》的通知",
            "信阳市平桥区人民政府办公室",
            None,
        ),
    ],
    ids=["notice", "notice after site name"],
)
def test_notice_that_issues_a_plan(lines, title, issuer, doc_number):
    """An 印发 notice's title is the notice's own (FORMAT, Meta); its signature dates it."""
    text = _lines(*lines)
    meta = find_meta(text)
    assert (meta.title, meta.issuer, meta.doc_number) == (title, issuer, doc_number)
    assert (meta.kind, meta.published) == ("plan", "2017-12-20")
    if doc_number:
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
        "生态(tài)" * 60_000,
        "我县青田之干" * 40_000,
        "琼发〔2019〕" * 40_000,
        "关于印发《" * 40_000 + "的通知",
    ],
    ids=["endings", "newlines", "dates", "signatures", "appendix lines", "info labels", "pinyin residue",
         "pronouns", "doc number prefixes", "open notices"],
)
def test_hostile_input_finishes_quickly(text):
    started = time.perf_counter()
    find_meta(text)
    assert time.perf_counter() - started < 3


# --- layouts of published pages and 公文, on texts written for these tests ----------------


def test_news_page_with_site_chrome():
    """Menus, breadcrumb and page tools above the headline are no title; the dateline under it
    gives the posting date; the 来源 outlet is never the issuer."""
    text = _lines(
        "首页 | 新闻 | 专题 | 登录",
        "当前位置:首页 > 要闻 > 正文",
        "临河县通报环保督察整改进展 已完成整改任务15项",
        "2023-06-12 09:30 来源:临河日报 作者:周文",
        "【字体:大 中 小】 打印",
        "本报讯(记者 周文)近日,临河县通报了省生态环境保护督察反馈问题整改进展,全县28项任务已完成15项。",
    )
    meta = find_meta(text)
    assert meta.title == "临河县通报环保督察整改进展已完成整改任务15项"  # spaces between CJK normalised away
    assert meta.kind == "news"
    assert meta.published == "2023-06-12"
    assert meta.issuer is None  # 来源:临河日报 is the outlet


def test_news_source_line_is_not_issuer_and_unnumbered_group_is_none():
    text = _lines(
        "东坡区推进中央环保督察反馈问题整改",
        "发布时间:2022-03-08 来源:眉山新闻网",
        "记者从东坡区获悉,中央环保督察组反馈的问题已整改完成9项。",
    )
    meta = find_meta(text)
    assert meta.issuer is None
    assert meta.inspection_group is None  # 中央环保督察组 names no group
    assert (meta.region, meta.province, meta.published) == ("东坡区", "四川省", "2022-03-08")


def test_provincial_group_and_district_of_a_notice():
    text = _lines(
        "关于印发《平桥区贯彻落实省第三生态环境保护督察组督察反馈意见整改方案》的通知",
        "现将整改方案印发给你们。",
    )
    meta = find_meta(text)
    assert meta.inspection_group == "省第三生态环境保护督察组"
    assert (meta.region, meta.region_level, meta.province) == ("平桥区", "district", "河南省")


def test_red_header_document_with_doc_number_and_signature():
    """版头 …局文件 names the issuer; the 文号 under it is the document's own; a 文号 cited in
    the body is another document's; the title under them stands alone."""
    text = _lines(
        "临海市生态环境局文件",
        "临环发〔2022〕15号",
        "关于印发临海市环境信访问题整改销号办法的通知",
        "各乡镇(街道)、市直有关单位:",
        "根据《台州市生态环境保护督察整改工作规则》(台环发〔2021〕8号)要求,现将办法印发给你们。",
        "临海市生态环境局",
        "2022年3月18日",
    )
    meta = find_meta(text)
    assert meta.title == "关于印发临海市环境信访问题整改销号办法的通知"
    assert meta.issuer == "临海市生态环境局"
    assert meta.doc_number == "临环发〔2022〕15号"
    assert meta.published == "2022-03-18"
    assert (meta.region, meta.region_level, meta.province) == ("临海市", "county", "浙江省")


def test_cited_doc_number_is_not_the_documents_own():
    text = _lines(
        "关于省级环境保护督察第9项反馈问题整改销号的公示",
        "根据《省级环境保护督察交办问题整改销号指导意见》(湘环改办函〔2019〕2号)要求,现将整改完成情况公示如下。",
    )
    meta = find_meta(text)
    assert meta.doc_number is None
    assert meta.kind == "public_notice"


def test_issuer_line_over_a_title_with_a_year():
    """洪泽区人民政府 / 2023年…年度报告: the issuer line and the title line are one title,
    20xx年 inside it kept; the title names the issuer."""
    text = _lines(
        "桐庐县人民政府",
        "2022年政府信息公开工作年度报告",
        "本报告由桐庐县人民政府办公室根据《中华人民共和国政府信息公开条例》编制。",
    )
    meta = find_meta(text)
    assert meta.title == "桐庐县人民政府2022年政府信息公开工作年度报告"
    assert meta.issuer == "桐庐县人民政府"
    assert (meta.region, meta.region_level, meta.province) == ("桐庐县", "county", "浙江省")
    assert meta.kind == "other"


def test_title_broken_over_two_lines_and_ending_inside_quotes():
    text = _lines(
        "余杭区贯彻落实中央生态环境保护督察“回头看”",
        "反馈意见整改方案",
        "为抓好“回头看”反馈意见整改,制定本方案。",
    )
    meta = find_meta(text)
    assert meta.title == "余杭区贯彻落实中央生态环境保护督察“回头看”反馈意见整改方案"
    # a run-on line is not cut at a title word inside “…”
    run_on = _lines("关于开展“清单”整改的实施方案 为落实要求,制定本方案。")
    assert find_meta(run_on).title == "关于开展“清单”整改的实施方案"


def test_traditional_page_with_pinyin_residue_and_taiwan_wording():
    text = normalise_text(  # the page as one text: its traditional characters are folded throughout
        "您的位置:首頁>時政>正文\n"
        "廣西壯族自治區貫徹落實中央第二生態(tài)環(huán)境保護督察組回饋意見整改方案\n"
        "發布時間:2022-08-01 來源:自治區人民政府\n"
        "為堅決貫徹落實中央決策部署,根據中央生態(tài)環境保護督察回饋意見,結合我區實際,製定本整改方案。"
    )
    meta = find_meta(text)
    assert meta.title == "广西壮族自治区贯彻落实中央第二生态环境保护督察组反馈意见整改方案"
    assert meta.inspection_group == "中央第二生态环境保护督察组"
    assert (meta.region, meta.region_level, meta.published) == ("广西壮族自治区", "province", "2022-08-01")
    assert meta.kind == "plan"
    for field, (start, end) in meta.spans.items():  # spans still point into the text
        assert start < end <= len(text), field


def test_unnamed_district_gives_level_and_province_only():
    text = _lines(
        "为全面落实浙江省生态环境保护督察反馈意见,结合我区实际,制定本方案。",
        "一、指导思想",
        "我区将按照全省统一部署推进整改。",
    )
    meta = find_meta(text)
    assert (meta.region, meta.region_level, meta.province) == (None, "district", "浙江省")


def test_named_district_behind_we_district_and_township_notice():
    named = _lines(
        "2023年3月,市第二生态环境保护督察组对我区开展了督察。",
        "西湖区委、区政府高度重视,西湖区各部门逐项整改,我区已完成整改12项。",
    )
    meta = find_meta(named)
    assert (meta.region, meta.region_level, meta.province) == ("西湖区", "district", "浙江省")
    assert meta.inspection_group == "市第二生态环境保护督察组"
    township = _lines(
        "关于环保督察反馈问题整改完成情况的公示",
        "现将整改完成情况公示如下。",
        "杭州市余杭区仁和街道办事处",
        "2020年7月1日",
    )
    meta = find_meta(township)
    assert (meta.region, meta.region_level, meta.province) == ("仁和街道", "district", "浙江省")
    assert meta.issuer == "杭州市余杭区仁和街道办事处"


def test_tour_report_group_and_masked_place():
    tour = _lines(
        "根据省委统一部署,省委第六巡视组对某县开展了常规巡视,现将巡视整改进展情况予以公布。",
    )
    meta = find_meta(tour)
    assert meta.inspection_group == "省委第六巡视组"
    assert meta.kind == "tour_report"
    masked = _lines("XX县关于大气污染防治专项审计问题整改情况的报告", "现将整改情况报告如下。")
    meta = find_meta(masked)
    assert (meta.region, meta.region_level) == (None, "county")
    assert meta.kind == "audit_report"


def test_speech_dated_report_to_a_congress():
    text = _lines(
        "——2021年11月25日在宁波市第十六届人民代表大会",
        "常务委员会第三十五次会议上",
        "宁波市审计局局长 王明",
        "主任、各位副主任、秘书长、各位委员:",
        "我受市人民政府委托,报告2020年度审计查出问题的整改情况,请审议。",
    )
    meta = find_meta(text)
    assert meta.published == "2021-11-25"
    assert meta.issuer == "宁波市审计局"
    assert meta.kind == "audit_report"
    assert (meta.region, meta.region_level) == ("宁波市", "city")


# --- accuracy on real texts, read in place from ../shared -------------------------------

META_FIELDS = ("title", "region", "region_level", "province", "issuer", "inspection_group", "published",
               "doc_number", "kind")


def _meta_f1(gold_dir, source_dir) -> float:
    from extract.evaluate import canonical_text
    from extract.pipeline import extract_file
    import json

    tp = fp = fn = 0
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        meta = extract_file(source_dir / gold["source"]).meta.model_dump()
        for name in META_FIELDS:
            if name not in gold["meta"]:
                continue
            expected, found = canonical_text(gold["meta"][name]), canonical_text(meta.get(name))
            if expected and expected == found:
                tp += 1
                continue
            fp += bool(found)
            fn += bool(expected)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.skipif(not DEV.exists(), reason="../shared/dev is not beside the repository")
def test_dev_corpus_meta_floor():
    assert _meta_f1(DEV / "gold", DEV / "texts") >= 0.95


@pytest.mark.skipif(not REAL.exists(), reason="../shared/real is not beside the repository")
def test_real_files_meta_floor():
    assert _meta_f1(REAL / "gold", REAL) >= 0.98


def test_province_from_a_provincial_group_or_doc_number_prefixes():
    group = _lines("**区贯彻落实重庆市第三生态环境保护督察组督察反馈意见整改方案", "为抓好整改,制定本方案。")
    meta = find_meta(group)
    assert (meta.region, meta.region_level, meta.province) == (None, "district", "重庆市")
    cited = _lines(
        "(略)市人民政府",
        "关于海洋督察整改任务(序号 * )整改完成情况公示",
        "根据《整改销号工作办法》(琼自然资督〔2019〕2号)要求,现将整改完成情况公示如下。",
    )
    meta = find_meta(cited)
    assert (meta.region, meta.region_level, meta.province) == (None, "city", "海南省")
    national = _lines("关于开展督察的通知", "根据(国办函〔2015〕65号)要求,现将有关事项通知如下。")
    assert find_meta(national).province is None  # 国 is no province


def test_our_county_named_by_its_stem_under_a_named_city():
    text = _lines(
        "为全面落实中央生态环境保护督察反馈意见,结合我县实际,制定本方案。",
        "以督察整改的“庆元之干”担纲“丽水之赞”,我县将逐项整改。",
    )
    meta = find_meta(text)
    assert (meta.region, meta.region_level, meta.province) == ("庆元县", "county", "浙江省")


def test_month_only_date_is_no_published_date():
    text = _lines("临河县公开督察整改方案", "发布时间:2023年5月 来源:临河县人民政府", "近日,临河县公开了整改方案。")
    meta = find_meta(text)
    assert meta.published is None
    assert meta.title == "临河县公开督察整改方案"


def test_marks_above_the_red_header_and_a_seal_only_signature():
    """份号, 密级 and 紧急程度 above the 版头 are no title; a date closing the text under a
    placeholder or seal, above 抄送/印发 lines, dates it; a date under a field label does not."""
    text = _lines(
        "000123",
        "秘密★1年",
        "特急",
        "临河县人民政府文件",
        "临政发〔2023〕7号",
        "临河县人民政府",
        "关于做好汛期安全工作的通知",
        "各乡镇人民政府:",
        "请认真做好汛期各项工作。",
        "(盖章)",
        "2023年6月1日",
        "抄送:县委办,县人大办。",
        "临河县人民政府办公室2023年6月1日印发",
    )
    meta = find_meta(text)
    assert meta.title == "临河县人民政府关于做好汛期安全工作的通知"
    assert (meta.issuer, meta.doc_number, meta.published) == ("临河县人民政府", "临政发〔2023〕7号", "2023-06-01")
    record = _lines("关于第5项问题整改情况的公示", "现将整改情况公示如下。", "整改时限:", "2019年9月30日")
    assert find_meta(record).published is None
