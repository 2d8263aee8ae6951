"""MHT loader: web archives saved by browsers and by Word ("单个文件网页", often named .doc)."""

from __future__ import annotations

from email.charset import QP, Charset
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from extract.blocks import Paragraph, Table
from extract.errors import ExtractionError
from extract.load import load_bytes, mht

WORD_PAGE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<title>某某区整改方案</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>admin</o:Author></o:DocumentProperties></xml><![endif]-->
<style>p.MsoNormal {mso-style-parent:""; font-family:仿宋_GB2312}</style></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><b><span>某某区贯彻落实省级生态环境保护督察反馈意见整改方案</span></b></p>
<p class=MsoNormal><span>　　为切实抓好省级生态环境保护督察反馈意见整改落实,特制定本方案。<o:p></o:p></span></p>
<table class=MsoTableGrid border=1>
<tr><td><p>序号</p></td><td><p>整改任务</p></td><td><p>完成时限</p></td></tr>
<tr><td><p>1</p></td><td><p>完成城区污水管网雨污分流改造</p></td><td><p>2019年12月31日前</p></td></tr>
</table>
<p class=MsoNormal><span>　　各责任单位要按时报送整改进展。</span></p>
</div></body></html>"""


def _archive(html_part: MIMEText, with_image: bool = True) -> bytes:
    archive = MIMEMultipart("related")
    archive["Subject"] = "某某区整改方案"
    archive.attach(html_part)
    if with_image:
        archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(64), "png"))
    return archive.as_bytes()


def _check_word_page(document) -> None:
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert texts == [
        "某某区贯彻落实省级生态环境保护督察反馈意见整改方案",
        "为切实抓好省级生态环境保护督察反馈意见整改落实,特制定本方案。",
        "各责任单位要按时报送整改进展。",
    ]
    table = next(b for b in document.blocks if isinstance(b, Table))
    assert table.rows[1] == ("1", "完成城区污水管网雨污分流改造", "2019年12月31日前")


def test_word_archive_in_quoted_printable_gb2312():
    charset = Charset("gb2312")
    charset.body_encoding = QP  # as Word writes it; email would pick base64 for gb2312
    data = _archive(MIMEText(WORD_PAGE, "html", charset))
    assert b"quoted-printable" in data and b"=" in data
    document = mht.load(data)
    assert document.encoding == "gb18030"
    _check_word_page(document)


def test_browser_archive_in_base64_utf8():
    document = mht.load(_archive(MIMEText(WORD_PAGE.replace("gb2312", "utf-8"), "html", "utf-8")))
    assert document.encoding == "utf-8"
    _check_word_page(document)


def test_archive_named_doc_goes_through_the_registry():
    data = _archive(MIMEText(WORD_PAGE, "html", "utf-8"))
    document = load_bytes(data, "某某区整改方案.doc")
    assert document.format == "html"
    _check_word_page(document)


def test_archive_without_a_page_is_corrupt():
    archive = MIMEMultipart("related")
    archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(64), "png"))
    with pytest.raises(ExtractionError) as error:
        mht.load(archive.as_bytes())
    assert error.value.type == "corrupt_file"


def test_truncated_archive_keeps_what_arrived():
    data = _archive(MIMEText(WORD_PAGE, "html", "utf-8"), with_image=False)
    # cut inside the base64 body: the page is shorter, not an exception
    document = mht.load(data[: len(data) * 2 // 3])
    assert document.blocks[0].text == "某某区贯彻落实省级生态环境保护督察反馈意见整改方案"
