"""PDF loader: reading order, pages, paragraphs, furniture, ruled tables, hostile files.

Real files come from samples/corpus and, read in place, from ../shared/real (r01-r14:
government PDFs as WPS, Word and Acrobat made them); the other cases are PDFs written
here by hand (Chinese text in the non-embedded Adobe-GB1 font STSong-Light, as older
generators and many scanned-then-OCRed plans use), so every layout property is tested
on a file whose truth is known.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import regex

from extract.blocks import Paragraph, Table
from extract.errors import ExtractionError
from extract.load import pdf
from tests.conftest import REAL

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CORPUS = SAMPLES / "corpus"


def _compact(text: str) -> str:
    """Whitespace and the inline page numbers ("- 17 -") the scraped plans still carry removed."""
    return regex.sub(r"-\d{1,3}-", "", regex.sub(r"\s+", "", text))


def _joined(document) -> str:
    return _compact("".join(b.text for b in document.blocks if isinstance(b, Paragraph)))


def _plan_sentences(pattern: str, min_length: int = 30) -> list[str]:
    plan = next((SAMPLES / "plans").glob(pattern)).read_text(encoding="utf-8")
    return [s for s in (_compact(s) for s in regex.split(r"(?<=[。;])", plan)) if len(s) >= min_length]


@pytest.fixture(scope="module")
def guiyang():
    return pdf.load((CORPUS / "000-guiyang.pdf").read_bytes())


@pytest.fixture(scope="module")
def guiyang_table():
    return pdf.load((CORPUS / "000-guiyang-table.pdf").read_bytes())


# --- a minimal PDF writer ------------------------------------------------------------------


def _text(x: float, y: float, s: str, size: float = 12) -> bytes:
    return b"BT /F1 %g Tf %g %g Td <%s> Tj ET\n" % (size, x, y, s.encode("utf-16-be").hex().encode())


def _line(x0: float, y0: float, x1: float, y1: float) -> bytes:
    return b"%g %g m %g %g l S\n" % (x0, y0, x1, y1)


def _lines_of_text(x: float, top: float, lines: list[str], size: float = 12, leading: float = 18) -> bytes:
    return b"".join(_text(x, top - k * leading, s, size) for k, s in enumerate(lines))


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _build_pdf(pages: list[bytes], rotate: int = 0, encryption: str = "") -> bytes:
    """A PDF with one page per content stream; fonts /F1 (STSong-Light, UCS-2) and /F2.

    encryption: "" none; "password" a user password is needed (its /U fits no empty
    password); "empty-password" RC4-40 with an empty user password, which opens freely.
    """
    file_id = bytes(range(16))
    owner_entry = bytes(range(32, 64))
    permissions = -4
    key = hashlib.md5(_PAD + owner_entry + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (b" ".join(b"%d 0 R" % (6 + 2 * i) for i in range(len(pages))), len(pages)),
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    for i, content in enumerate(pages):
        number = 7 + 2 * i
        if encryption == "empty-password":
            object_key = hashlib.md5(key + number.to_bytes(3, "little") + b"\0\0").digest()[:10]
            content = _rc4(object_key, content)
        objects[6 + 2 * i] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate %d "
            b"/Resources << /Font << /F1 3 0 R /F2 5 0 R >> >> /Contents %d 0 R >>" % (rotate, number)
        )
        objects[number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
    trailer = b""
    if encryption:
        user_entry = _rc4(key, _PAD) if encryption == "empty-password" else bytes(range(100, 132))
        number = max(objects) + 1
        objects[number] = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner_entry.hex().encode(),
            user_entry.hex().encode(),
            permissions,
        )
        trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>] " % (number, file_id.hex().encode(), file_id.hex().encode())
    return _write_pdf(objects, trailer)


def _write_pdf(objects: dict[int, bytes], trailer: bytes = b"") -> bytes:
    """The file of numbered objects (1 the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, xref)
    return bytes(out)


# --- real files: text and reading order ----------------------------------------------------


def test_sentences_with_quotes_come_out_verbatim_in_reading_order(guiyang):
    """pdfium's own text moves “ ” (set in a fallback font) to the end of the line."""
    text = _joined(guiyang)
    quoted = [s for s in _plan_sentences("000_*.txt") if "“" in s and "上传人" not in s]
    assert len(quoted) >= 10
    assert [s for s in quoted if s not in text] == []
    assert "严格按照“五位一体”总体布局和“四个全面”战略布局" in text


def test_every_body_sentence_of_the_plan_is_there(guiyang):
    # the scraped plan also holds the hosting site's banner and copyright, and a page number
    # glued between two copies of the appendix title ("…清单19-附件:…"): none of it is the plan
    residue = regex.compile("上传人|装配图网|版权|展开阅读全文|清单19")
    sentences = [s for s in _plan_sentences("000_*.txt") if not residue.search(s)]
    assert len(sentences) > 140
    assert [s for s in sentences if s not in _joined(guiyang)] == []


def test_pages_are_counted_and_paragraphs_carry_their_page(guiyang):
    assert guiyang.pages == 23
    first = next(b for b in guiyang.blocks if "特制定本方案" in b.text)
    last = next(b for b in guiyang.blocks if "成为贵阳市群众信访的热点" in b.text)
    assert (first.page, last.page) == (1, 23)
    pages = [b.page for b in guiyang.blocks]
    assert pages == sorted(pages)


def test_page_numbers_and_footers_are_gone(guiyang):
    for block in guiyang.blocks:
        assert not regex.fullmatch(r"\s*[-—–]?\s*\d{1,3}\s*[-—–]?\s*", block.text)
        assert not regex.search(r"[-—–]\s*\d{1,3}\s*[-—–]", block.text), block.text


def test_visual_lines_are_joined_into_printed_paragraphs(guiyang):
    texts = [b.text for b in guiyang.blocks]
    assert texts[0] == "贵阳市贯彻落实中央第七环境保护督察组督察贵州反馈意见整改方案"  # centred title over 2 lines
    guiding = next(b for b in guiyang.blocks if b.text.startswith("一、指导思想"))
    assert guiding.text.endswith("坚决守住“山青、天蓝、水清、地洁”四条底线。")
    # a paragraph that runs over the page break from page 2 to 3 is one paragraph on page 2
    crossing = next(b for b in guiyang.blocks if b.text.startswith("(三)建立长效管理机制"))
    assert crossing.page == 2 and crossing.text.endswith("推动环境质量管理精准化、规范化、长效化。")
    # indented lines start paragraphs: the numbered items of a target list stay apart
    assert "2.建立生态文明建设和环境保护决策部署及时传达学习、分析研究的机制;" in texts


def test_no_spaces_inside_chinese_runs(guiyang):
    assert not any(regex.search(r"\p{Han} \p{Han}|\p{Han} \d|\d \p{Han}", b.text) for b in guiyang.blocks)


# --- real files: the ruled appendix table ----------------------------------------------------


def test_table_rows_broken_over_pages_come_out_as_seven_rows(guiyang_table):
    tables = [b for b in guiyang_table.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    table = tables[0]
    header, *rows = table.rows
    assert header == ("序号", "问题", "原因分析", "整改目标", "整改时限", "牵头单位", "责任单位", "督导单位", "整改措施")
    assert [row[0] for row in rows] == ["一", "二", "三", "四", "五", "六", "七"]
    deadlines = [_compact(row[4]) for row in rows[:6]]
    assert all(regex.search(r"20(?:17|18)年\d{1,2}月\d{1,2}日", cell) for cell in deadlines)
    assert sum("2017" in cell for cell in deadlines) == 5
    assert _compact(rows[0][4]) == "第1项目标2017年9月30日;第2项目标2017年12月31日,长期开展。"
    assert len(table.row_pages) == len(table.rows)
    assert table.row_pages[0] == 1 and list(table.row_pages) == sorted(table.row_pages)


def test_table_cells_hold_their_full_text(guiyang_table):
    table = next(b for b in guiyang_table.blocks if isinstance(b, Table))
    measures = {row[0]: _compact(row[8]) for row in table.rows[1:]}
    # 二's measures run over three pages
    assert measures["二"].startswith("1.贵阳市委常委会、市政府常务会在2017年9月30日前组织补充传达学习")
    assert "2017年10月30日前制定出台贵阳市具体实施方案。3.贵阳市委常委会" in measures["二"]
    assert measures["二"].endswith("各区(县、市)参照建立相应机制。")
    problems = {row[0]: _compact(row[1]) for row in table.rows[1:]}
    assert problems["七"].endswith("该项目油烟污染投诉成为贵阳市群众信访的热点。")
    assert "“五个一批”处理名单" in problems["七"]


def test_table_text_is_not_repeated_as_paragraphs(guiyang_table):
    paragraphs = [b.text for b in guiyang_table.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["附件:贵阳市贯彻落实中央环境保护督察移交问题整改措施清单"]


# --- hand-made files: layout ----------------------------------------------------------------------

_BODY = [
    "根据省委统一部署,为切实抓好中央生态环境保护督察反馈意见",
    "整改落实,推动全市生态环境质量持续改善,特制定本方案。",
    "一、总体要求",
    "全面落实党中央、国务院关于生态环境保护的决策部署,坚持问题",
    "导向,压实整改责任,确保反馈问题按期整改到位。",
]


def _page_with_furniture(number: int, body: list[tuple[float, str]]) -> bytes:
    """A page with a running header, a page number footer and body lines at (x, text)."""
    content = _text(200, 800, "某某市生态环境保护督察整改工作领导小组办公室文件", 10)
    content += _text(280, 40, f"— {number} —".replace(" ", ""), 10) if number % 2 else _text(270, 40, f"第 {number} 页", 10)
    for k, (x, line) in enumerate(body):
        content += _text(x, 740 - 20 * k, line)
    return content


def test_hand_made_pages_lose_headers_and_page_numbers_and_join_over_page_breaks():
    full = "全面落实党中央、国务院关于生态环境保护的决策部署,坚持问题导向"  # 30 chars
    pages = [
        _page_with_furniture(1, [(96, "整改方案(节选)"), (72, full), (72, full)]),
        _page_with_furniture(2, [(72, "压实整改责任,确保反馈问题按期整改到位。"), (96, "二、工作目标")]),
        _page_with_furniture(3, [(96, "到2020年,全市地表水优良比例达到80%以上。")]),
    ]
    document = pdf.load(_build_pdf(pages))
    texts = [b.text for b in document.blocks]
    assert not any("领导小组办公室文件" in t or "页" in t or regex.search(r"—\d+—", t) for t in texts)
    assert full + full + "压实整改责任,确保反馈问题按期整改到位。" in texts
    assert "二、工作目标" in texts
    assert [b.page for b in document.blocks if b.text.startswith("到2020年")] == [3]


def test_widely_spaced_lines_join_and_a_blank_line_still_separates():
    """公文 pages are set at ~40 points a line for 15-16 point type."""
    full = "第四条现有排污单位应当在规定的实施时限内申请取得排污许可证或"  # 30 chars
    lines = [full, "者填报排污登记表。新建排污单位应当在启动生产设施或者发生实际排", "污之前申请取得排污许可证。"]
    content = _lines_of_text(72, 760, lines, size=15, leading=40) + _text(72, 760 - 40 * 4, "第五条另起一段。", 15)
    content += _text(72, 760 - 40 * 5, full, 15)
    texts = [b.text for b in pdf.load(_build_pdf([content])).blocks]
    assert texts[0] == "".join(lines)
    assert texts[1].startswith("第五条另起一段。")


def test_a_numbered_item_with_a_hanging_indent_is_one_paragraph():
    item = "1.名录中所标星号的,指在工业建筑中生产的建设项目,工业建筑的定"  # 32 chars
    content = _text(72, 700, item) + _text(84, 684, "义参见有关标准。") + _text(72, 668, "2.其他事项另行规定,本名录由生态环境部负责解释,自发布之日施行。")
    texts = [b.text for b in pdf.load(_build_pdf([content])).blocks]
    assert texts == [item + "义参见有关标准。", "2.其他事项另行规定,本名录由生态环境部负责解释,自发布之日施行。"]


def test_table_of_contents_entries_stay_apart():
    entries = ["一、部门主要职能" + "…" * 22, "二、部门机构设置" + "…" * 22, "三、名词解释" + "…" * 24]
    texts = [b.text for b in pdf.load(_build_pdf([_lines_of_text(72, 700, entries)])).blocks]
    assert texts == entries


def test_a_centred_title_does_not_run_on_into_the_next_page():
    # both cover lines centred on x = 297.5, the subtitle as wide as the title's margins allow
    cover = _text(165.5, 700, "某区二〇二五年部门预算", 24) + _text(177.5, 660, "预算主管部门:某区某街道办事处", 16)
    contents = _text(236, 780, "目录", 16) + _lines_of_text(72, 740, ["一、部门主要职能" + "…" * 22, "二、部门机构设置" + "…" * 22])
    texts = [b.text for b in pdf.load(_build_pdf([cover, contents])).blocks]
    assert "目录" in texts


def test_reading_order_follows_the_boxes_not_the_content_stream():
    # the quotes are drawn last, as PDF generators do with glyphs from a fallback font
    content = _text(72, 700, "严格按照") + _text(132, 700, "五位一体") + _text(192, 700, "总体布局")
    content += _text(72, 680, "第二行在后")
    content += _text(120, 700, "“") + _text(180, 700, "”")
    document = pdf.load(_build_pdf([_text(72, 720, "标题在前") + content]))
    joined = "".join(b.text for b in document.blocks)
    assert joined.index("标题在前") < joined.index("严格按照“五位一体”总体布局") < joined.index("第二行在后")


def test_rotated_page_reads_as_displayed():
    """A landscape page stored portrait with /Rotate 90: the text runs up the page in PDF space."""
    lines = ["第一行文字在上方", "第二行文字在下方"]
    content = b"".join(
        b"BT /F1 12 Tf 0 1 -1 0 %g 100 Tm <%s> Tj ET\n" % (100 + 20 * k, s.encode("utf-16-be").hex().encode())
        for k, s in enumerate(lines)
    )
    document = pdf.load(_build_pdf([content], rotate=90))
    joined = "".join(b.text for b in document.blocks)
    assert joined.index("第一行文字在上方") < joined.index("第二行文字在下方")


def test_latin_words_keep_their_spaces_and_cjk_gets_none():
    content = b"BT /F2 12 Tf 72 700 Td (PM2.5 and VOCs) Tj ET\n" + _text(72, 680, "到 2020 年")
    texts = [b.text for b in pdf.load(_build_pdf([content])).blocks]
    assert any("PM2.5 and VOCs" in t for t in texts)
    assert any("到2020年" in t for t in texts)


def _ruled_table(top: float, rows: list[list[str]], widths: list[float], height: float = 40) -> bytes:
    """Rows of cells with ruling lines; each cell's text on lines of 12 pt at its top left."""
    left = 60
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    content = b""
    for r in range(len(rows) + 1):
        content += _line(xs[0], top - r * height, xs[-1], top - r * height)
    for x in xs:
        content += _line(x, top, x, top - len(rows) * height)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            for k, part in enumerate(cell.split("|")):
                if part:
                    content += _text(xs[c] + 3, top - r * height - 14 - 14 * k, part)
    return content


@pytest.mark.parametrize("rotate", [0, 90])
def test_hand_made_table_over_two_pages_is_one_table(rotate):
    """Also on landscape pages stored portrait with /Rotate 90 and the content turned."""
    height = 842 if rotate == 0 else 595
    header = ["序号", "整改任务", "责任单位", "完成时限"]
    widths = [50, 200, 150, 100]
    page1 = _text(60, height - 62, "附件:整改任务清单") + _ruled_table(
        height - 82,
        [header, ["1", "完成饮用水水源地|整治", "市生态环境局", "2018年底"], ["2", "推进工业园区污水", "市工信局", "2019年6月"]],
        widths,
    )
    page2 = _ruled_table(
        height - 42, [header, ["", "集中处理设施建设", "", "底前"], ["3", "淘汰燃煤小锅炉", "市发改委", "2018年10月"]], widths
    ) + _text(60, height - 242, "表后正文继续说明。")
    if rotate:
        page1, page2 = (b"q 0 1 -1 0 595 0 cm\n" + page + b"Q\n" for page in (page1, page2))
    document = pdf.load(_build_pdf([page1, page2], rotate=rotate))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    assert tables[0].rows == (
        ("序号", "整改任务", "责任单位", "完成时限"),  # the header repeated on page 2 is dropped
        ("1", "完成饮用水水源地整治", "市生态环境局", "2018年底"),
        ("2", "推进工业园区污水集中处理设施建设", "市工信局", "2019年6月底前"),  # broken by the page break
        ("3", "淘汰燃煤小锅炉", "市发改委", "2018年10月"),
    )
    assert tables[0].row_pages == (1, 1, 1, 2)
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert paragraphs == ["附件:整改任务清单", "表后正文继续说明。"]


def test_merged_cells_repeat_their_text():
    page = _ruled_table(760, [["类别", "任务", "单位"], ["大气", "淘汰锅炉", "市发改委"], ["", "治理扬尘", "市住建局"]], [60, 150, 120])
    # erase the rule between the two 大气 rows in the first column: draw the page again
    # without that segment, so the first cell spans two rows
    page = page.replace(_line(60, 680, 390, 680), _line(120, 680, 390, 680))
    table = next(b for b in pdf.load(_build_pdf([page])).blocks if isinstance(b, Table))
    assert [row[0] for row in table.rows] == ["类别", "大气", "大气"]


def test_a_cell_merged_across_columns_is_written_once():
    page = _ruled_table(760, [["合计", "", ""], ["大气", "淘汰锅炉", "市发改委"]], [60, 150, 120])
    # the first row is one cell: no rule between its columns
    page = page.replace(_line(120, 760, 120, 680), _line(120, 720, 120, 680))
    page = page.replace(_line(270, 760, 270, 680), _line(270, 720, 270, 680))
    table = next(b for b in pdf.load(_build_pdf([page])).blocks if isinstance(b, Table))
    assert table.rows == (("合计", "", ""), ("大气", "淘汰锅炉", "市发改委"))


def test_text_outside_its_clip_or_the_page_is_not_read():
    """WPS lays a text frame that runs over a page break on both pages, clipped to each part."""
    shown = _text(72, 700, "第一段正文在此页显示。")
    clipped = b"q 72 600 400 60 re W n\n" + _text(72, 700, "被裁掉的副本不应读出。") + _text(72, 620, "裁剪框内的文字照常读出。") + b"Q\n"
    above_the_page = _text(72, 900, "页面之外的副本也不读。")
    texts = [b.text for b in pdf.load(_build_pdf([shown + clipped + above_the_page])).blocks]
    assert texts == ["第一段正文在此页显示。", "裁剪框内的文字照常读出。"]


def test_white_backgrounds_behind_paragraphs_are_not_table_rules():
    """WPS paints a white box behind each paragraph; stacked on a ruled table they used to
    draw a grid that took the body text into the table."""
    backgrounds = b"".join(b"1 1 1 rg 60 %g 500 20 re f\n" % (700 - 20 * k) for k in range(3))
    body = _lines_of_text(72, 706, ["第一行正文写在白色底纹上,", "第二行正文写在白色底纹上,", "第三行正文结束。"], leading=20)
    table = _ruled_table(700 - 2 * 20, [["序号", "任务", "单位"], ["1", "淘汰锅炉", "市发改委"]], [60, 150, 120])
    document = pdf.load(_build_pdf([b"0 0 0 rg\n" + backgrounds + b"0 0 0 rg\n" + body + table]))
    tables = [b for b in document.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [(("序号", "任务", "单位"), ("1", "淘汰锅炉", "市发改委"))]
    assert "第三行正文结束。" in "".join(b.text for b in document.blocks if isinstance(b, Paragraph))


# --- hand-made files: what cannot be read ---------------------------------------------------


def test_truncated_pdf_is_corrupt():
    data = (CORPUS / "002-gongshu.pdf").read_bytes()
    with pytest.raises(ExtractionError) as error:
        pdf.load(data[: len(data) // 2])
    assert error.value.type == "corrupt_file"


def test_garbage_after_the_header_is_corrupt():
    with pytest.raises(ExtractionError) as error:
        pdf.load(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    assert error.value.type == "corrupt_file"


def test_password_protected_pdf_is_encrypted():
    with pytest.raises(ExtractionError) as error:
        pdf.load(_build_pdf([_text(72, 700, "加密文件")], encryption="password"))
    assert error.value.type == "encrypted"
    assert "password" in error.value.message and "加密" in error.value.message


def test_encryption_with_an_empty_user_password_opens():
    document = pdf.load(_build_pdf([_lines_of_text(72, 700, _BODY)], encryption="empty-password"))
    assert any("特制定本方案" in b.text for b in document.blocks)


def _page_tree(kids: bytes, count: int, extra: dict[int, bytes] | None = None) -> bytes:
    """A PDF whose page tree node 2 has these /Kids and /Count; object 3 is a page with text."""
    content = _text(72, 700, "整改方案正文")
    return _write_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            4: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
            5: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [6 0 R] >>",
            6: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /DW 1000 >>",
            **(extra or {}),
        }
    )


@pytest.mark.parametrize(
    "kids, count, extra",
    [
        (b"2 0 R", 1, None),  # the root is its own kid
        (b"7 0 R", 1, {7: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"}),  # two nodes
        (b"7 0 R 2 0 R", 2, {7: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"}),  # a blank page, then the loop
        (b"", 5, None),  # a /Count with no kids behind it
    ],
)
def test_a_page_tree_that_loops_is_corrupt_not_empty_or_a_scan(kids, count, extra):
    with pytest.raises(ExtractionError) as error:
        pdf.load(_page_tree(kids, count, extra))
    assert error.value.type == "corrupt_file"
    assert "damaged" in error.value.message


def test_a_page_tree_loop_after_readable_pages_keeps_them_and_stops_soon():
    started = time.perf_counter()
    document = pdf.load(_page_tree(b"3 0 R 2 0 R", 1_000_000))
    assert time.perf_counter() - started < 2
    assert any("整改方案正文" in b.text for b in document.blocks)
    assert any(w.startswith("stopped reading at page") for w in document.warnings)
    assert len(document.warnings) <= 3


def test_a_pdf_without_text_needs_ocr():
    scan = b"0 0 1 rg 50 50 400 600 re f\n"
    with pytest.raises(ExtractionError) as error:
        pdf.load(_build_pdf([scan, scan]))
    assert error.value.type == "unsupported_format"
    assert "OCR" in error.value.message


def test_a_page_without_text_is_reported():
    document = pdf.load(_build_pdf([_lines_of_text(72, 700, _BODY), b"0 0 1 rg 50 50 400 600 re f\n"]))
    assert document.pages == 2
    assert "page 2 has no text layer (scanned?)" in document.warnings


def test_characters_on_a_huge_page_are_capped(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_CHARS_PER_PAGE", 40)
    document = pdf.load(_build_pdf([_lines_of_text(72, 700, _BODY)]))
    assert any("only the first 40" in w for w in document.warnings)
    assert sum(len(b.text) for b in document.blocks) <= 40


def test_loading_is_fast():
    data = (CORPUS / "000-guiyang.pdf").read_bytes()
    started = time.perf_counter()
    pdf.load(data)
    assert time.perf_counter() - started < 1.0  # ~60 ms here; pdfplumber alone takes ~750 ms


# --- real files as their issuers published them (../shared/real, read in place) -------------

REAL_PDFS = sorted(REAL.glob("r*.pdf"))
HAN = regex.compile(r"\p{Han}")
WHITESPACE = regex.compile(r"\s+")


@pytest.fixture(scope="module")
def real_documents():
    return {path.name[:3]: pdf.load(path.read_bytes()) for path in REAL_PDFS}


@pytest.fixture(scope="module")
def pdfium_pages():
    """pypdfium2's own text of each page, whitespace left out: the reference."""
    texts = {}
    for path in REAL_PDFS:
        document = pdfium.PdfDocument(path.read_bytes())
        texts[path.name[:3]] = [WHITESPACE.sub("", page.get_textpage().get_text_range()) for page in document]
        document.close()
    return texts


def _shown_lines(document, repeats_down: bool = True) -> list[tuple[int, str]]:
    """(page, line) in reading order, whitespace left out: paragraphs, and table cells row by
    row. A cell merged down rows is shown once on the page but written in each row of the
    Table (by design): with repeats_down False a cell equal to the one above it is left out
    (unless a single character, as a 0 under a 0 is two cells)."""
    lines = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            lines.append((block.page, WHITESPACE.sub("", block.text)))
            continue
        above: tuple[str, ...] = ()
        for row, page in zip(block.rows, block.row_pages):
            cells = tuple(WHITESPACE.sub("", cell) for cell in row)
            for k, cell in enumerate(cells):
                merged_down = k < len(above) and cell == above[k] and len(cell) > 1
                if cell and (repeats_down or not merged_down):
                    lines.append((page, cell))
            above = cells
    return lines


def _common_in_order(ours: str, reference: str) -> int:
    """Characters the two texts have in common, in order."""
    matcher = difflib.SequenceMatcher(None, ours, reference, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks())


def test_real_files_are_there():
    assert [p.name[:3] for p in REAL_PDFS] == [f"r{k:02d}" for k in range(1, 15)]


@pytest.mark.parametrize("name", [p.name[:3] for p in REAL_PDFS])
def test_real_pdf_shows_no_line_twice_in_a_row(real_documents, pdfium_pages, name):
    """WPS and Word draw bold as overprinted glyphs and clip text frames over page breaks;
    merged table cells span columns: none of it may read a line twice. A line the page itself
    shows twice (two columns headed alike) is fine."""
    lines = _shown_lines(real_documents[name])
    repeated = [
        (page, a)
        for (page, a), (_, b) in zip(lines, lines[1:])
        if a == b and HAN.search(a) and pdfium_pages[name][page - 1].count(a) < 2
    ]
    assert repeated == []


@pytest.mark.parametrize("name", [p.name[:3] for p in REAL_PDFS if (REAL / "gold" / f"{p.name}.gold.json").exists()])
def test_real_pdf_headings_open_their_own_line(real_documents, name):
    """Each section heading of the gold starts a paragraph or a table cell (after its number)."""
    path = next(p for p in REAL_PDFS if p.name.startswith(name))
    gold = json.loads((REAL / "gold" / f"{path.name}.gold.json").read_text(encoding="utf-8"))
    starts = [line[:80] for _, line in _shown_lines(real_documents[name])]
    missing = []
    for section in gold["sections"]:
        title = WHITESPACE.sub("", section["title"])[:40]
        if not any(0 <= line.find(title) <= 8 for line in starts):
            missing.append(section["title"])
    assert missing == []


def test_real_pdf_text_matches_pdfiums_own_text(real_documents, pdfium_pages):
    """Against pypdfium2's text call (which reads each line once, in content-stream order):
    in-order recall and precision, whitespace left out, page by page. A paragraph carries the
    page it starts on, so a page's reference is matched against our text of that page and the
    one before, and our page's text against the reference of that page and the next.
    Precision leaves out the repeats of cells merged down rows. pdfium's text keeps the
    clipped copies on r04 pages 4-5, so recall there is lower."""
    scores = {}
    for name, reference in pdfium_pages.items():
        if name == "r09":  # 234 pages, 13 s to compare; its producer (WPS) is covered by others
            continue
        ours, ours_once = ([""] * (len(reference) + 2) for _ in range(2))
        for page, line in _shown_lines(real_documents[name]):
            ours[page] += line
        for page, line in _shown_lines(real_documents[name], repeats_down=False):
            ours_once[page] += line
        found = sum(_common_in_order(ours[k] + ours[k + 1], text) for k, text in enumerate(reference))
        kept = sum(_common_in_order(ours_once[k + 1], "".join(reference[k : k + 2])) for k in range(len(reference)))
        scores[name] = (found / sum(map(len, reference)), kept / sum(map(len, ours_once)))
    low = {name: (round(r, 3), round(p, 3)) for name, (r, p) in scores.items() if r < 0.9 or p < 0.95}
    assert low == {}
    assert sum(r for r, _ in scores.values()) / len(scores) >= 0.97
    assert sum(p for _, p in scores.values()) / len(scores) >= 0.98
