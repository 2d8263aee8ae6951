"""The normaliser: one text form for the rules, and a map from every character to its source."""

import codecs

import pytest

from extract.blocks import LoadedDocument, Paragraph
from extract.load import load_bytes
from extract.normalise import normalise, normalise_text
from tests.conftest import PLANS


def _fold(ch: str) -> str:
    code = ord(ch)
    return chr(code - 0xFEE0) if 0xFF01 <= code <= 0xFF5E else ch


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.name[:3])
def test_every_character_traces_back_to_the_source(plan):
    raw = plan.read_bytes()
    source = raw.decode("utf-8")
    document = normalise(load_bytes(raw, plan.name))
    for i, ch in enumerate(document.text):
        origin = document.source_offset(i)
        assert origin is not None
        if ch == "\n":
            continue
        assert _fold(source[origin]) == ch or (ch == " " and source[origin].isspace()), (i, ch, source[origin])


def test_span_text_equals_source_modulo_normalisation():
    plan = PLANS[0]
    source = plan.read_text(encoding="utf-8")
    document = normalise(load_bytes(plan.read_bytes(), plan.name))
    start = document.text.index("整改时限:第1项目标2017年9月30日")
    end = start + len("整改时限:第1项目标2017年9月30日")
    source_start, source_end = document.source_offset(start), document.source_offset(end - 1) + 1
    assert source[source_start:source_end] == "整改时限:第 1 项目标 2017 年 9 月 30 日"
    assert normalise_text(source[source_start:source_end]) == document.text[start:end]


def test_full_width_forms_fold_to_half_width():
    assert normalise_text("ＰＭ２．５浓度（一）达到８７．５％；") == "PM2.5浓度(一)达到87.5%;"


def test_spaces_left_inside_cjk_runs_are_removed_but_latin_spacing_stays():
    assert normalise_text("2017 年 9 月 30 日前完成") == "2017年9月30日前完成"
    assert normalise_text("“ 未批先建 ”项目( 2017 年 12 月 31 日)") == "“未批先建”项目(2017年12月31日)"
    assert normalise_text("the Word  document") == "the Word document"
    assert normalise_text("环 境 保 护\u3000督察") == "环境保护督察"


def test_inline_page_numbers_go_but_ranges_stay():
    text = normalise_text("宣传- 16 -报道;附件- 18 - 19 -附件;安排5-10分钟;2018-2020年;—17—")
    assert text == "宣传报道;附件附件;安排5-10分钟;2018-2020年;"


def test_web_page_residue_lines_are_dropped_with_a_warning():
    lines = [
        "首页 > 政务公开 > 通知公告",
        "第1页 / 共12页",
        "点击查看更多>>",
        "一、指导思想",
        "展开阅读全文",
        "copyright@ 2023-2025 某某网 版权所有",
        "备案号:ICP2024067431-1",
        "- 17 -",
    ]
    document = normalise(LoadedDocument("html", [Paragraph(line) for line in lines]))
    assert document.text == "一、指导思想"
    warning = next(w for w in document.warnings if "residue" in w)
    assert "breadcrumb" in warning and "page number" in warning and "site residue" in warning


def test_a_comparison_or_a_numbered_line_is_no_breadcrumb():
    lines = ["1.空气质量优良天数比例>85%", "(二)城市建成区绿地率>40%", "首页>新闻中心>图片新闻"]
    document = normalise(LoadedDocument("txt", [Paragraph(line) for line in lines]))
    assert document.text.split("\n") == lines[:2]


def test_an_upload_banner_is_no_longer_special():
    """The banner of one document-sharing site was fitted to one source plan: it stays text."""
    document = normalise(LoadedDocument("txt", [Paragraph("上传人:张三 文档编号:12345"), Paragraph("正文。")]))
    assert "上传人" in document.text


def test_a_word_body_keeps_number_only_paragraphs_and_web_chrome_words():
    paragraphs = ["各项指标完成情况", "85", "3", "首页>栏目", "版权所有:本单位"]
    document = normalise(LoadedDocument("docx", [Paragraph(p) for p in paragraphs]))
    assert document.text.split("\n") == paragraphs
    assert not document.warnings


def test_page_numbers_of_a_pdf_go_but_its_text_stays():
    lines = ["一、总体要求", "- 1 -", "2", "首页>栏目", "比例达到90%"]
    document = normalise(LoadedDocument("pdf", [Paragraph(line, page=1) for line in lines]))
    assert document.text.split("\n") == ["一、总体要求", "首页>栏目", "比例达到90%"]
    assert any("2 page number lines" in w for w in document.warnings)


def test_a_word_body_repeating_its_paragraphs_is_not_cut():
    body = [f"第{i}条:各单位按照分工落实整改任务,确保在规定时限内完成,并报送整改情况。" for i in range(8)]
    document = normalise(LoadedDocument("docx", [Paragraph(p) for p in body + body]))
    assert document.text.count("第3条") == 2
    assert not any("twice" in w for w in document.warnings)


def test_a_body_published_twice_is_kept_once_with_a_warning():
    body = [f"第{i}段:各级党委和政府要切实加强对中央环境保护督察整改工作的组织领导,确保按时整改到位。" for i in range(8)]
    blocks = [Paragraph("标题")] + [Paragraph(p) for p in body] + [Paragraph("页脚")] + [Paragraph(p) for p in body]
    document = normalise(LoadedDocument("html", blocks))
    assert document.text.count("第3段") == 1
    assert "页脚" in document.text
    assert any("twice" in w for w in document.warnings)


def test_short_repeats_are_not_taken_for_a_duplicated_body():
    blocks = [Paragraph("责任单位:市生态环境局"), Paragraph("正文一段。"), Paragraph("责任单位:市生态环境局")]
    document = normalise(LoadedDocument("txt", blocks))
    assert document.text.count("责任单位") == 2
    assert not document.warnings


def test_the_real_duplicated_page_keeps_one_copy():
    plan = next(p for p in PLANS if p.name.startswith("002"))
    document = normalise(load_bytes(plan.read_bytes(), plan.name))
    assert document.text.count("严守生态保护红线") == 1
    assert any("twice" in w for w in document.warnings)


def test_traditional_characters_are_read_as_simplified():
    text = normalise_text("貴陽市貫徹落實中央環境保護督察組督察反饋意見整改方案,責任單位:市環保局。")
    assert text == "贵阳市贯彻落实中央环境保护督察组督察反馈意见整改方案,责任单位:市环保局。"


def test_simplified_text_is_left_alone():
    plan = PLANS[1]
    text = plan.read_text(encoding="utf-8")
    assert normalise_text(text[:3000]).count("山西") == normalise_text(text[:3000].replace(" ", "")).count("山西")
    assert "著" in normalise_text("显著改善")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_are_detected_from_the_bytes(encoding):
    plan = PLANS[2]
    text = plan.read_text(encoding="utf-8").replace("\xa0", " ")  # GBK has no no-break space
    reference = normalise(load_bytes(text.encode("utf-8"), plan.name)).text
    data = text.encode(encoding)
    loaded = load_bytes(data, "plan.txt")
    assert normalise(loaded).text == reference
    assert codecs.lookup(loaded.encoding).name in {
        codecs.lookup(e).name for e in (encoding, "gb18030", "utf-16", "utf-8-sig")
    }


def test_big5_text_is_not_misread_as_gb18030():
    text = "香港特別行政區環境保護督察整改方案,責任單位:環保署。到2020年底前完成整改。\n" * 10
    loaded = load_bytes(text.encode("big5"), "plan.txt")
    assert loaded.encoding == "big5"
    assert normalise(loaded).text.startswith("香港特别行政区环境保护督察整改方案")
