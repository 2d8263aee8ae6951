"""DOCX loader: real corpus files, Word automatic numbering, merged cells, hostile packages."""

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
import regex
from docx.oxml import parse_xml as docx_xml
from docx.oxml.ns import nsdecls

from extract.blocks import Paragraph, Table
from extract.errors import ExtractionError
from extract.load.wordlists import format_number
from extract.load import load_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CORPUS = SAMPLES / "corpus"


def _paragraphs(document):
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


def _compact(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def _docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_part(data: bytes, part: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == part else source.read(item))
    return out.getvalue()


# --- the real corpus -------------------------------------------------------------------


def test_guiyang_docx_carries_the_plans_sentences_in_order():
    document = load_bytes((CORPUS / "000-guiyang.docx").read_bytes(), "000-guiyang.docx")
    assert document.format == "docx" and document.pages is None
    assert all(b.page is None for b in document.blocks)
    body = _compact("".join(_paragraphs(document)))
    plan = _compact(next((SAMPLES / "plans").glob("000_*.txt")).read_text(encoding="utf-8"))
    sentences = [
        s for s in regex.split(r"[。;]", plan)
        if 15 <= len(s) <= 200 and not regex.search(r"-\d{1,3}-|第\d{1,3}页|上传|下载|侵犯", s)
    ]
    found = [s for s in sentences if s in body]
    assert len(sentences) > 100
    assert len(found) >= 0.95 * len(sentences)
    positions = [body.index(s) for s in found[:40]]
    assert positions == sorted(positions)


def test_shanxi_headings_are_paragraphs_of_their_own():
    paragraphs = _paragraphs(load_bytes((CORPUS / "001-shanxi.docx").read_bytes()))
    assert "一、指导思想" in paragraphs
    assert paragraphs[0].startswith("山西省贯彻落实中央第二环境保护督察组")


def test_footer_page_field_is_not_body():
    data = (CORPUS / "002-gongshu.docx").read_bytes()
    assert "PAGE" in zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    paragraphs = _paragraphs(load_bytes(data))
    assert not any(regex.fullmatch(r"[-—\s\d]{1,8}", p) for p in paragraphs)


def test_rectification_list_table_stays_a_table_in_place():
    document = load_bytes((CORPUS / "000-guiyang-table.docx").read_bytes())
    kinds = [type(b).__name__ for b in document.blocks]
    assert kinds[0] == "Paragraph" and "Table" in kinds
    table = next(b for b in document.blocks if isinstance(b, Table))
    header = table.rows[0]
    for label in ("序号", "问题", "整改时限", "牵头单位"):
        assert label in header
    assert len(table.rows) - 1 >= 7
    assert len({len(row) for row in table.rows}) == 1
    deadline = header.index("整改时限")
    stated = [row[deadline] for row in table.rows[1:] if row[deadline]]
    assert len(stated) >= 6 and all(regex.search(r"\d{4}\s*年", text) for text in stated)
    assert [row[0] for row in table.rows[1:4]] == ["一", "二", "三"]
    assert len(table.row_pages) == len(table.rows)


# --- automatic numbering -----------------------------------------------------------------

LEVELS = (  # ilvl, numFmt, lvlText, suffix
    (0, "chineseCounting", "%1、", "tab"),
    (1, "chineseCounting", "(%2)", "nothing"),
    (2, "decimal", "%3.", "nothing"),
    (3, "decimal", "(%4)", "nothing"),
    (4, "decimalEnclosedCircle", "%5", "nothing"),
)


def _numbered_document(paragraphs, extra_nums=""):
    """A DOCX whose list 901 uses LEVELS; paragraphs are (text, numId, ilvl)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="{suffix}"/></w:lvl>'
        for i, fmt, text, suffix in LEVELS
    )
    numbering.insert(0, docx_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="900">{levels}</w:abstractNum>'))
    numbering.append(docx_xml(f'<w:num {nsdecls("w")} w:numId="901"><w:abstractNumId w:val="900"/></w:num>'))
    for extra in regex.findall(r"<w:num .*?</w:num>", extra_nums):
        numbering.append(docx_xml(extra.replace("<w:num ", f'<w:num {nsdecls("w")} ', 1)))
    for text, num_id, level in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            paragraph._p.get_or_add_pPr().append(
                docx_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
    return _docx_bytes(document)


def test_numbering_renders_chinese_outline_prefixes_with_counters_that_reset():
    data = _numbered_document(
        [
            ("总体要求", 901, 0),
            ("指导思想", 901, 1),
            ("基本原则", 901, 1),
            ("坚持问题导向", 901, 2),
            ("坚持标本兼治", 901, 2),
            ("细化措施", 901, 3),
            ("首先", 901, 4),
            ("其次", 901, 4),
            ("整改任务", 901, 0),
            ("大气污染防治", 901, 1),
            ("推进燃煤锅炉淘汰", 901, 2),
            ("没有编号的正文段落。", None, 0),
            ("保障措施", 901, 0),
        ]
    )
    paragraphs = _paragraphs(load_bytes(data, "numbered.docx"))
    assert paragraphs == [
        "一、\t总体要求",
        "(一)指导思想",
        "(二)基本原则",
        "1.坚持问题导向",
        "2.坚持标本兼治",
        "(1)细化措施",
        "①首先",
        "②其次",
        "二、\t整改任务",
        "(一)大气污染防治",
        "1.推进燃煤锅炉淘汰",
        "没有编号的正文段落。",
        "三、\t保障措施",
    ]


def test_numbering_honours_start_override_and_shared_list_continuation():
    restart_at_five = (
        '<w:num w:numId="902"><w:abstractNumId w:val="900"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    )
    data = _numbered_document(
        [("一项", 901, 0), ("二项", 901, 0), ("从五开始", 902, 0), ("接着六", 902, 0)],
        extra_nums=restart_at_five,
    )
    paragraphs = [p.split("\t")[0] for p in _paragraphs(load_bytes(data))]
    assert paragraphs == ["一、", "二、", "五、", "六、"]


def test_numbering_carried_by_a_paragraph_style():
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        docx_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="910"><w:lvl w:ilvl="0"><w:start w:val="3"/>'
            '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(docx_xml(f'<w:num {nsdecls("w")} w:numId="911"><w:abstractNumId w:val="910"/></w:num>'))
    style = document.styles.add_style("整改措施", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(
        docx_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="911"/></w:numPr>')
    )
    document.add_paragraph("完善排污许可", style="整改措施")
    document.add_paragraph("加强执法监管", style="整改措施")
    assert _paragraphs(load_bytes(_docx_bytes(document))) == ["3.完善排污许可", "4.加强执法监管"]


@pytest.mark.parametrize(
    "value, fmt, expected",
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (105, "chineseCountingThousand", "一百零五"),
        (3, "ideographDigital", "三"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (21, "decimalEnclosedCircle", "21"),
        (27, "upperLetter", "AA"),
        (2, "lowerLetter", "b"),
        (14, "upperRoman", "XIV"),
        (7, "decimalZero", "07"),
        (4, "someFutureFormat", "4"),
    ],
)
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


# --- tables, fields, revisions -------------------------------------------------------------


def test_merged_cells_are_written_once():
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "宽格"
    tall = table.cell(1, 2).merge(table.cell(3, 2))
    tall.text = "简历"
    for c in (0, 1):
        table.cell(3, c).text = ""
    document.add_paragraph("表后段落")
    blocks = load_bytes(_docx_bytes(document)).blocks
    assert isinstance(blocks[0], Table) and blocks[1] == Paragraph("表后段落")
    # the row holding only the tall cell's lower part (and empty cells) is left out
    assert blocks[0].rows == (
        ("宽格", "", "r0c2"),
        ("r1c0", "r1c1", "简历"),
        ("r2c0", "r2c1", ""),
    )


def test_task_table_repeats_a_cell_merged_down_over_tasks():
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    for c, label in enumerate(("问题", "整改措施", "责任单位", "完成时限")):
        table.cell(0, c).text = label
    for r in (1, 2, 3):
        table.cell(r, 0).text = f"问题{r}"
        table.cell(r, 1).text = f"措施{r}"
    table.cell(1, 2).merge(table.cell(3, 2)).text = "市生态环境局"
    table.cell(1, 3).merge(table.cell(2, 3)).text = "2024年底前"
    table.cell(3, 3).text = "长期坚持"
    rows = load_bytes(_docx_bytes(document)).blocks[0].rows
    assert rows[1:] == (
        ("问题1", "措施1", "市生态环境局", "2024年底前"),
        ("问题2", "措施2", "市生态环境局", "2024年底前"),
        ("问题3", "措施3", "市生态环境局", "长期坚持"),
    )


def test_field_codes_and_deleted_text_are_dropped_results_and_insertions_kept():
    w = nsdecls("w")
    body = (
        f"<w:p {w}>"
        "<w:r><w:t>见</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>附件1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:del w:id="1" w:author="a"><w:r><w:delText>删除的字</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="a"><w:r><w:t>新增内容</w:t></w:r></w:ins>'
        "<w:r><w:tab/><w:t>完</w:t><w:br/><w:t>第二行</w:t></w:r>"
        "</w:p>"
    )
    document = docx.Document()
    document.element.body.insert(0, docx_xml(body))
    paragraphs = _paragraphs(load_bytes(_docx_bytes(document)))
    assert paragraphs == ["见附件1新增内容\t完", "第二行"]


def test_core_properties_go_to_page_meta_only_when_set():
    document = docx.Document()
    document.core_properties.title = "关于印发整改方案的通知"
    document.core_properties.author = ""
    document.add_paragraph("正文")
    meta = load_bytes(_docx_bytes(document)).page_meta
    assert meta["title"] == "关于印发整改方案的通知"
    assert "author" not in meta


def test_docx_named_doc_is_read_as_docx():
    data = (CORPUS / "001-shanxi.docx").read_bytes()
    document = load_bytes(data, "山西省整改方案.doc")
    assert document.format == "docx"
    assert "一、指导思想" in _paragraphs(document)
    assert any("DOCX" in w for w in document.warnings)


# --- hostile packages ---------------------------------------------------------------------


def _with_document_xml(prolog: str, text: str) -> bytes:
    hostile = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    return _replace_part(_docx_bytes(docx.Document()), "word/document.xml", hostile)


def test_internal_and_external_entities_are_not_expanded():
    data = _with_document_xml(
        '<!DOCTYPE w:document [<!ENTITY unit "市生态环境局"><!ENTITY leak SYSTEM "file:///etc/passwd">]>',
        "前&unit;后&leak;尾",
    )
    assert _paragraphs(load_bytes(data)) == ["前后尾"]


def test_billion_laughs_is_never_expanded():
    entities = "".join(
        f'<!ENTITY e{i} "{"&e%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10)
    )
    data = _with_document_xml(f"<!DOCTYPE w:document [{entities}]>", "前&e9;后")
    started = time.perf_counter()
    try:
        paragraphs = _paragraphs(load_bytes(data))
    except ExtractionError as error:  # libxml2 2.11+ refuses the amplification outright
        assert error.type == "corrupt_file"
    else:
        assert paragraphs == ["前后"]
    assert time.perf_counter() - started < 2


def _zip_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    zero = bytes(1 << 20)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(megabytes):
                member.write(zero)
    return buffer.getvalue()


@pytest.mark.parametrize("megabytes", [300, 80])
def test_zip_bomb_is_too_large(megabytes):
    data = _zip_bomb(megabytes)
    assert len(data) < 2 << 20
    with pytest.raises(ExtractionError) as error:
        load_bytes(data, "bomb.docx")
    assert error.value.type == "too_large"


def test_broken_document_xml_is_corrupt_file():
    data = _replace_part(_docx_bytes(docx.Document()), "word/document.xml", b"<w:document><w:body><w:p>")
    with pytest.raises(ExtractionError) as error:
        load_bytes(data, "broken.docx")
    assert error.value.type == "corrupt_file"


def test_hostile_grid_span_is_clamped():
    w = nsdecls("w")
    table = (
        f"<w:tbl {w}><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"999999999\"/></w:tcPr>"
        "<w:p><w:r><w:t>宽</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    document = docx.Document()
    document.element.body.insert(0, docx_xml(table))
    block = load_bytes(_docx_bytes(document)).blocks[0]
    assert block == Table(rows=(("宽",),), row_pages=(None,))  # written once, its empty columns dropped
