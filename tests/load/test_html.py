"""HTML loader: content without the site around it, disclosure metadata, charsets, hostile pages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import regex

from extract.blocks import Paragraph, Table
from extract.errors import ExtractionError
from extract.load import html, load_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CORPUS = SAMPLES / "corpus"


def _texts(document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


def _compact(text: str) -> str:
    return regex.sub(r"\s+", "", text)


# --- the sample pages ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def shanxi():
    return html.load((CORPUS / "001-shanxi.html").read_bytes())


def test_news_page_keeps_the_plan_and_drops_the_site(shanxi):
    texts = _texts(shanxi)
    assert texts[0] == "山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案"
    assert "一、指导思想" in texts
    assert texts[-1].startswith("(四)强化信息公开。建立省市县三级宣传联动机制")
    assert texts[-1].endswith("努力营造环境保护人人有责的良好氛围。")
    joined = "".join(texts)
    for residue in ("首页", "热点新闻", "全国碳市场扩容", "Copyright", "版权所有", "网站地图", "来源:"):
        assert residue not in joined


def test_news_page_body_is_the_plan_verbatim(shanxi):
    plan = (next((SAMPLES / "plans").glob("001_*.txt"))).read_text(encoding="utf-8")
    sentences = [_compact(s) for s in regex.split(r"(?<=[。;])", plan) if len(_compact(s)) >= 30]
    sentences = [s for s in sentences if "摘要" not in s and ">" not in s]
    joined = _compact("".join(_texts(shanxi)))
    assert len(sentences) > 90
    assert [s for s in sentences if s not in joined] == []


def test_news_page_meta(shanxi):
    assert shanxi.page_meta["title"] == "山西省贯彻落实中央第二环境保护督察组督察反馈意见整改方案"
    assert shanxi.page_meta["published"] == "2017-12-19 10:23:34"
    assert shanxi.encoding == "utf-8"


def test_disclosure_page_meta_goes_to_page_meta_not_the_body():
    document = html.load((CORPUS / "002-gongshu.html").read_bytes())
    meta = document.page_meta
    assert meta["发布机构"] == "生态环境拱墅分局"
    assert meta["生成日期"] == "2018-08-08"
    assert meta["信息索引号"] == "743485379C/2018-22350"
    assert meta["公开方式"] == "主动公开"
    assert "备注/文号" not in meta  # the page leaves it empty
    assert meta["published"] == "2018-08-08"
    assert meta["title"] == "拱墅区贯彻落实中央环境保护督察反馈意见整改方案"
    texts = _texts(document)
    assert texts[0] == "拱墅区贯彻落实中央环境保护督察反馈意见整改方案"
    joined = "".join(texts)
    for residue in ("信息索引号", "743485379C", "公开范围", "点击率", "政府信息公开", "机构概况", "附件下载", "浙ICP备"):
        assert residue not in joined
    assert texts[-1] == "附件:拱墅区贯彻落实中央环境保护督察反馈意见具体问题整改措施清单"


def test_gbk_page_declared_only_in_http_equiv_reads_the_same():
    utf8 = html.load((CORPUS / "002-gongshu.html").read_bytes())
    gbk = html.load((CORPUS / "002-gongshu.gbk.html").read_bytes())
    assert gbk.encoding == "gb18030"
    assert gbk.blocks == utf8.blocks
    assert gbk.page_meta == utf8.page_meta


# --- other layouts of government sites -------------------------------------------------------

COUNTY_PAGE = """<html><head>
<title>关于印发某某县贯彻落实第二轮中央生态环境保护督察报告整改方案的通知-某某县人民政府</title>
<meta name="ArticleTitle" content="关于印发某某县贯彻落实第二轮中央生态环境保护督察报告整改方案的通知">
<meta name="PubDate" content="2022-03-15 09:30">
<meta name="ContentSource" content="县生态环境局">
<style>.zoom { font-size: 16px }</style>
</head><body>
<table class="top"><tr><td><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a> | <a href="/fw">政务服务</a></td></tr></table>
<div class="position">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a> &gt; <a>生态环境</a></div>
<div class="xxgk_info"><ul>
<li><b>索 引 号:</b><span>11330000002482156P/2022-00123</span></li>
<li><b>发文机关:</b><span>某某县人民政府办公室</span></li>
<li><b>发文字号:</b><span>某政办发〔2022〕8号</span></li>
<li><b>成文日期:</b><span>2022-03-10</span></li>
<li><b>主题分类:</b><span>城乡建设、环境保护</span></li>
</ul></div>
<table width="100%"><tr>
<td class="left_nav" width="200"><ul><li><a href="/a">机构职能</a></li><li><a href="/b">领导信息</a></li>
<li><a href="/c">规划计划</a></li><li><a href="/d">财政预决算</a></li></ul></td>
<td><div class="title">关于印发某某县贯彻落实第二轮中央生态环境保护督察报告整改方案的通知</div>
<div id="zoom">各乡镇人民政府,县政府各部门:<br>&nbsp;&nbsp;&nbsp;&nbsp;《某某县贯彻落实第二轮中央生态环境保护督察报告整改方案》已经县政府同意,现印发给你们,请认真贯彻执行。<br><br>
\u3000\u3000一、总体要求<br>\u3000\u3000坚持以习近平生态文明思想为指导,全面落实督察报告指出的问题整改,到2023年底前全部整改到位。<br>
<table border="1"><tr><th>序号</th><th>整改任务</th><th>责任单位</th><th>完成时限</th></tr>
<tr><td rowspan="2">1</td><td>淘汰县城建成区燃煤锅炉</td><td>县发改局</td><td>2022年6月底前</td></tr>
<tr><td>治理建筑工地扬尘</td><td colspan="2">县住建局</td></tr></table>
\u3000\u3000二、保障措施<br>\u3000\u3000各责任单位要于每月5日前报送整改进展情况。<span style="display:none">隐藏的统计代码文字</span>
</div></td></tr></table>
<div class="footer">主办:某某县人民政府办公室 版权所有 <a href="/map">网站地图</a> 浙ICP备05000000号</div>
<script>document.write("脚本写出的文字");</script>
</body></html>"""


@pytest.fixture(scope="module")
def county():
    return html.load(COUNTY_PAGE.encode("gb18030"))


def test_undeclared_gbk_is_detected(county):
    assert county.encoding == "gb18030"
    assert "某某县人民政府办公室" in county.page_meta.values()


def test_gov_cms_meta_tags_and_spaced_labels(county):
    meta = county.page_meta
    assert meta["title"] == "关于印发某某县贯彻落实第二轮中央生态环境保护督察报告整改方案的通知"
    assert meta["published"] == "2022-03-15 09:30"
    assert meta["source"] == "县生态环境局"
    assert meta["索引号"] == "11330000002482156P/2022-00123"
    assert meta["发文字号"] == "某政办发〔2022〕8号"
    assert meta["成文日期"] == "2022-03-10"


def test_br_lines_are_paragraphs_and_the_site_is_dropped(county):
    texts = _texts(county)
    assert texts[:3] == [
        "关于印发某某县贯彻落实第二轮中央生态环境保护督察报告整改方案的通知",
        "各乡镇人民政府,县政府各部门:",
        "《某某县贯彻落实第二轮中央生态环境保护督察报告整改方案》已经县政府同意,现印发给你们,请认真贯彻执行。",
    ]
    assert "一、总体要求" in texts and "二、保障措施" in texts
    assert texts[-1] == "各责任单位要于每月5日前报送整改进展情况。"
    joined = "".join(texts)
    for residue in ("网站首页", "当前位置", "机构职能", "索引号", "版权所有", "脚本写出", "隐藏的统计", "font-size"):
        assert residue not in joined


def test_content_table_spans_are_written_once_and_repeat_down_a_task_table(county):
    tables = [b for b in county.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows == (
        ("序号", "整改任务", "责任单位", "完成时限"),
        ("1", "淘汰县城建成区燃煤锅炉", "县发改局", "2022年6月底前"),
        ("1", "治理建筑工地扬尘", "县住建局", ""),
    )
    assert tables[0].row_pages == (None, None, None)
    # the table sits between the sections it belongs to
    kinds = ["T" if isinstance(b, Table) else b.text for b in county.blocks]
    assert kinds.index("T") == kinds.index("二、保障措施") - 1


NEWS_PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312">
<title>省生态环境厅通报督察整改进展情况_要闻动态_某某省生态环境厅</title></head><body>
<header><nav><a href="/">首页</a><a href="/news">新闻中心</a><a href="/xxgk">信息公开</a></nav></header>
<div class="wrap"><div class="article">
<h2 class="article-title">省生态环境厅通报中央生态环境保护督察整改进展情况</h2>
<div class="article-info"><span>发布时间:2019-06-28 16:05</span> <span>来源:省生态环境厅</span> <span>浏览次数:1024</span></div>
<div class="article-content">
<p>截至6月底,中央生态环境保护督察反馈的73项整改任务已完成52项,其余21项正在按序时推进。</p>
<p>对整改不力的3个县(市、区)进行了约谈,并在省级媒体公开曝光。</p>
<p>下一步,各地要对照整改方案,逐项销号,确保2020年底前全部完成整改。</p>
</div>
<div class="related"><h3>相关新闻</h3><ul>
<li><a href="/n/1">全省召开生态环境保护督察整改工作推进会,部署下一阶段重点工作任务</a></li>
<li><a href="/n/2">省委常委会专题研究中央生态环境保护督察反馈意见整改工作有关事项</a></li>
<li><a href="/n/3">某某市完成第一批督察整改任务销号工作并向社会公开整改情况说明</a></li>
</ul></div></div>
<aside class="sidebar"><h3>热点排行</h3><ol><li>某某湖水质持续改善,达到近十年来最好水平</li></ol></aside></div>
<footer>某某省生态环境厅 版权所有</footer></body></html>"""


def test_utf8_page_mislabelled_gb2312_and_a_news_layout():
    document = html.load(NEWS_PAGE.encode("utf-8"))
    assert document.encoding == "utf-8"
    texts = _texts(document)
    assert texts[0] == "省生态环境厅通报中央生态环境保护督察整改进展情况"
    assert texts[1].startswith("截至6月底")
    assert texts[-1] == "下一步,各地要对照整改方案,逐项销号,确保2020年底前全部完成整改。"
    assert len(texts) == 4
    assert document.page_meta["published"] == "2019-06-28 16:05"
    assert document.page_meta["来源"] == "省生态环境厅"
    assert document.page_meta["title"] == "省生态环境厅通报中央生态环境保护督察整改进展情况"


def test_site_name_in_the_page_header_is_not_taken_for_the_title():
    page = """<html><head><title>某某市第二轮督察整改方案_某某市人民政府门户网站</title></head><body>
    <div id="header"><h1>某某市人民政府门户网站</h1><div class="nav"><a href="/">首页</a></div></div>
    <div class="main"><div class="bt">某某市第二轮督察整改方案</div>
    <div class="info">时间:2021年04月02日 作者:市生态环境局</div>
    <div class="article"><h1>某某市第二轮中央生态环境保护督察整改方案</h1>
    <p>为抓好第二轮中央生态环境保护督察反馈问题整改,制定本方案。</p><p>一、工作目标</p>
    <p>到2022年底,督察反馈的问题全部完成整改。</p></div>
    <div class="share">分享到:微信 微博</div></div></body></html>"""
    document = html.load(page.encode("utf-8"))
    texts = _texts(document)
    assert texts[0] == "某某市第二轮中央生态环境保护督察整改方案"
    assert texts.count("某某市第二轮中央生态环境保护督察整改方案") == 1
    assert "某某市人民政府门户网站" not in texts and "分享到:微信 微博" not in texts
    assert document.page_meta["title"] == "某某市第二轮中央生态环境保护督察整改方案"
    assert document.page_meta["作者"] == "市生态环境局"
    assert document.page_meta["published"] == "2021年04月02日"


def test_disclosure_table_inside_the_content_is_lifted_out():
    page = """<html><body><div class="content">
    <table class="xxgk"><tr><td>索引号:</td><td>000014349/2018-00089</td><td>发布机构:</td><td>市生态环境局</td></tr>
    <tr><td>发布日期:</td><td>2018年11月02日</td><td>文 号:</td><td>市环发〔2018〕56号</td></tr></table>
    <p>一、整改目标</p><p>到2020年,全市细颗粒物(PM2.5)年均浓度下降到35微克/立方米以下。</p></div></body></html>"""
    document = html.load(page.encode("utf-8"))
    assert _texts(document) == ["一、整改目标", "到2020年,全市细颗粒物(PM2.5)年均浓度下降到35微克/立方米以下。"]
    assert document.page_meta["文号"] == "市环发〔2018〕56号"
    assert document.page_meta["published"] == "2018年11月02日"
    assert not any(isinstance(b, Table) for b in document.blocks)


# --- hostile pages -----------------------------------------------------------------------------


def test_dtd_entities_are_not_expanded_nor_fetched():
    laughs = "".join(f'<!ENTITY l{i + 1} "{"&l%d;" % i * 10}">' for i in range(8))
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "lol">' + laughs
        + '<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        + "<html><body><p>正文开始&l8;&secret;正文结束</p></body></html>"
    )
    started = time.perf_counter()
    document = html.load(page.encode("utf-8"))
    assert time.perf_counter() - started < 1.0
    text = "".join(_texts(document))
    assert "lollol" not in text and "root:" not in text
    assert text.startswith("正文开始") and text.endswith("正文结束")


def test_five_megabyte_single_line_page_stays_fast():
    paragraph = "<p>&nbsp;&nbsp;各地要加强组织领导,确保整改任务按期完成,切实改善生态环境质量。</p>"
    page = (
        '<html><head><meta charset="utf-8"></head><body><div class="nav">'
        + '<a href="/x">栏目名称</a>' * 2000
        + '</div><div id="zoom">'
        + paragraph * 45000
        + '</div><div class="footer">版权所有</div></body></html>'
    ).encode("utf-8")
    assert len(page) > 5_000_000 and b"\n" not in page
    started = time.perf_counter()
    document = html.load(page)
    assert time.perf_counter() - started < 3.0
    assert len(document.blocks) == 45000
    assert "栏目名称" not in document.blocks[0].text


def test_very_deep_nesting_does_not_crash():
    page = "<html><body><p>前面的正文段落。</p>" + "<div>" * 100_000 + "深处" + "</div>" * 100_000 + "</body></html>"
    document = html.load(page.encode("utf-8"))
    assert _texts(document) == ["前面的正文段落。", "深处"]
    assert any("nests its markup too deeply" in w for w in document.warnings)


def test_a_page_without_text_is_empty():
    with pytest.raises(ExtractionError) as error:
        html.load(b"<html><head><title>x</title></head><body><script>load('/api/article')</script></body></html>")
    assert error.value.type == "empty_file"


def test_broken_markup_is_read():
    page = "<div id=content><p>第一段没有结束<p>第二段<b>加粗<i>交叉</b>结束</i><table><tr><td>孤立单元格"
    assert _texts(html.load(page.encode("utf-8"))) == ["第一段没有结束", "第二段加粗交叉结束", "孤立单元格"]


def test_an_oversized_page_is_cut_with_a_warning(monkeypatch):
    monkeypatch.setattr(html, "MAX_CHARS", 200)
    page = "<html><body><div id=zoom>" + "<p>整改任务按期完成。</p>" * 100 + "</div></body></html>"
    document = html.load(page.encode("utf-8"))
    assert "the page is cut at 200 characters" in document.warnings
    assert 0 < len(document.blocks) < 20


def test_a_web_page_saved_with_a_doc_name_is_read_as_html():
    data = (CORPUS / "002-gongshu.gbk.html").read_bytes()
    document = load_bytes(data, "拱墅区整改方案.doc")
    assert document.format == "html"
    assert any("content is HTML" in w for w in document.warnings)
    assert any("一、指导思想" in b.text for b in document.blocks if hasattr(b, "text"))
