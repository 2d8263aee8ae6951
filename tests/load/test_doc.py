"""Word 97-2003 .doc loader: the corpus files against their DOCX twins, and damaged input."""

import random
import struct
from pathlib import Path

import olefile
import pytest
import regex

from extract.blocks import Paragraph, Table
from extract.errors import ExtractionError
from extract.load import doc as doc_loader
from extract.load import load_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
CORPUS = SAMPLES / "corpus"
STEMS = ("000-guiyang", "000-guiyang-table", "001-shanxi", "002-gongshu")


def _flat(document) -> str:
    parts = []
    for block in document.blocks:
        parts.append("".join("".join(row) for row in block.rows) if isinstance(block, Table) else block.text)
    return regex.sub(r"\s+", "", "".join(parts))


def _fib_offset(data: bytes) -> int:
    """Where the WordDocument stream (and so the FIB) starts inside the OLE file."""
    head = olefile.OleFileIO(data).openstream("WordDocument").read(64)
    offset = data.find(head)
    assert offset > 0
    return offset


def _patched(data: bytes, fib_field: int, fmt: str, value: int) -> bytes:
    patched = bytearray(data)
    struct.pack_into(fmt, patched, _fib_offset(data) + fib_field, value)
    return bytes(patched)


@pytest.mark.parametrize("stem", STEMS)
def test_doc_text_equals_its_docx_twin(stem):
    doc = load_bytes((CORPUS / f"{stem}.doc").read_bytes(), f"{stem}.doc")
    twin = load_bytes((CORPUS / f"{stem}.docx").read_bytes(), f"{stem}.docx")
    assert doc.format == "doc" and doc.pages is None and not doc.warnings
    assert _flat(doc) == _flat(twin)
    assert [type(b) for b in doc.blocks] == [type(b) for b in twin.blocks]


def test_guiyang_doc_carries_the_plans_sentences():
    text = _flat(load_bytes((CORPUS / "000-guiyang.doc").read_bytes()))
    plan = regex.sub(r"\s+", "", next((SAMPLES / "plans").glob("000_*.txt")).read_text(encoding="utf-8"))
    sentences = [
        s for s in regex.split(r"[。;]", plan)
        if 15 <= len(s) <= 200 and not regex.search(r"-\d{1,3}-|第\d{1,3}页|上传|下载|侵犯", s)
    ]
    assert len(sentences) > 100
    assert sum(s in text for s in sentences) >= 0.95 * len(sentences)
    assert "根据贵州省贯彻落实中央环境保护督察反馈意见问题整改方案(送审稿)要求" in text


def test_guiyang_doc_headings_and_list_rows():
    document = load_bytes((CORPUS / "000-guiyang.doc").read_bytes())
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "三、重点举措" in paragraphs
    assert any(p.startswith("一、指导思想深入贯彻") for p in paragraphs)  # runs into its body in the source
    assert paragraphs[0] == "贵阳市贯彻落实中央第七环境保护督察组督察贵州反馈意见整改方案"


def test_rectification_list_doc_table_rows_end_at_row_marks():
    document = load_bytes((CORPUS / "000-guiyang-table.doc").read_bytes())
    table = next(b for b in document.blocks if isinstance(b, Table))
    header = table.rows[0]
    assert header[:2] == ("序号", "问题")
    for label in ("整改时限", "牵头单位", "责任单位", "督导单位", "整改措施"):
        assert label in header
    assert len(table.rows) - 1 >= 7
    assert all(len(row) == len(header) for row in table.rows)
    assert [row[0] for row in table.rows[1:8]] == ["一", "二", "三", "四", "五", "六", "七"]


# --- automatic numbering and merged cells ---------------------------------------------------

# A Word 97 .doc that LibreOffice 7.4 wrote from a python-docx DOCX: a five-level
# list (chineseCounting "%1、", "(%2)", decimal "%3.", "(%4)", decimalEnclosedCircle),
# a list instance restarting at 5, a paragraph style carrying numbering that starts
# at 3, and a 4x4 table with a row-wide cell, a two-column cell and a vertical merge.
NUMBERED_DOC = (SAMPLES / "extra" / "numbered-merged.doc").read_bytes()


def test_word_list_numbers_are_rendered_like_docx():
    document = load_bytes(NUMBERED_DOC, "numbered.doc")
    paragraphs = [b.text for b in document.blocks if isinstance(b, Paragraph)]
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
        "五、\t从五开始",
        "3.完善排污许可",
        "4.加强执法监管",
        "表后段落",
    ]


def test_merged_cells_are_written_once_on_the_column_grid():
    table = next(b for b in load_bytes(NUMBERED_DOC).blocks if isinstance(b, Table))
    assert table.rows == (
        ("附件:整改清单", "", "", ""),
        ("r1c0", "宽格", "", "r1c3"),
        ("r2c0", "r2c1", "r2c2", "2018年底前"),
        ("r3c0", "r3c1", "r3c2", ""),
    )


def test_numbering_carried_only_by_the_paragraph_style():
    ole = olefile.OleFileIO(NUMBERED_DOC)
    word = ole.openstream("WordDocument").read()
    fib = doc_loader.read_fib(word)
    table = ole.openstream(fib.table_stream).read()
    style_lists = doc_loader.read_style_lists(table, fib)
    styled = [istd for istd, (instance, _) in style_lists.items() if instance]
    assert styled
    numbering = doc_loader.ListNumbering(doc_loader.read_lists(table, fib), style_lists)
    # the style "整改措施" (its list starts at 3) is the one with a decimal "%1." level
    prefixes = {numbering.prefix(doc_loader.ParagraphProperties(style=istd)) for istd in styled}
    assert "3." in prefixes
    assert numbering.prefix(doc_loader.ParagraphProperties(style=max(styled), list_instance=0)) == ""


# --- the text model, without a file -------------------------------------------------------


def test_field_codes_are_dropped_and_results_kept():
    text = "见\x13 HYPERLINK \"http://x\" \x14附件1\x15。\x13 PAGE \x15\r下一段\x0b第二行\r"
    blocks = doc_loader.assemble_blocks(text, doc_loader.TextMapper([], [], []))
    assert [b.text for b in blocks] == ["见附件1。", "下一段", "第二行"]


def test_cells_without_paragraph_properties_fall_back_to_double_marks():
    text = "表前\r序号\x07问题\x07\x07一\x07水污染\x07\x07表后\r"
    blocks = doc_loader.assemble_blocks(text, doc_loader.TextMapper([], [], []))
    assert blocks[0] == Paragraph("表前")
    assert blocks[1].rows == (("序号", "问题"), ("一", "水污染"))
    assert blocks[2] == Paragraph("表后")


# --- damaged and protected files ------------------------------------------------------------


def _error_type(data: bytes) -> str:
    with pytest.raises(ExtractionError) as error:
        load_bytes(data, "x.doc")
    return error.value.type


def test_encrypted_flag_is_reported_as_encrypted():
    data = (CORPUS / "001-shanxi.doc").read_bytes()
    flags = struct.unpack_from("<H", data, _fib_offset(data) + 0x0A)[0]
    assert _error_type(_patched(data, 0x0A, "<H", flags | doc_loader.FLAG_ENCRYPTED)) == "encrypted"


def test_word_95_is_unsupported_and_a_foreign_stream_is_corrupt():
    data = (CORPUS / "001-shanxi.doc").read_bytes()
    assert _error_type(_patched(data, 2, "<H", 0x0065)) == "unsupported_format"
    assert _error_type(_patched(data, 0, "<H", 0x1234)) == "corrupt_file"


def test_piece_table_pointing_past_the_stream_is_corrupt():
    data = (CORPUS / "001-shanxi.doc").read_bytes()
    fc_clx_field = 0x9A + 8 * doc_loader.FIB_CLX
    assert _error_type(_patched(data, fc_clx_field, "<I", 0x7FFFFF00)) == "corrupt_file"


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9])
def test_truncated_doc_is_corrupt_file(keep):
    data = (CORPUS / "000-guiyang.doc").read_bytes()
    assert _error_type(data[: int(len(data) * keep)]) == "corrupt_file"


def test_random_damage_never_crashes():
    original = (CORPUS / "000-guiyang-table.doc").read_bytes()
    rng = random.Random(20170730)
    for _ in range(150):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 40)):
            damaged[rng.randrange(512, len(damaged))] = rng.randrange(256)
        try:
            document = load_bytes(bytes(damaged), "damaged.doc")
        except ExtractionError as error:
            assert error.type in ("corrupt_file", "encrypted", "unsupported_format")
        else:
            assert isinstance(document.blocks, list)


# --- text boxes ----------------------------------------------------------------------------


def _doc_with_text_box() -> bytes:
    """Main text of two paragraphs, the first anchoring shape 7; shape 7 is a text box whose
    story holds one line. Built with the generators of hostile_inputs (one piece of UTF-16)."""
    from tests.load.hostile_inputs import TEXT_AT, compound_file, piece_table, word97_fib

    main, story = "一、总体要求\x08\r二、整改任务\r", "流程:申报→审核\r\r"
    text = (main + story).encode("utf-16-le")
    clx = piece_table([(0, len(main) + len(story), TEXT_AT)])
    anchors = struct.pack("<2i", 6, 7) + struct.pack("<I", 7) + b"\0" * 22  # PlcSpaMom: FSPA.spid 7
    boxes = struct.pack("<3i", 0, len(story) - 1, len(story)) + (b"\0" * 14 + struct.pack("<I", 7) + b"\0" * 4) * 2
    table = clx + anchors + boxes
    places = {33: (0, len(clx)), 40: (len(clx), len(anchors)), 56: (len(clx) + len(anchors), len(boxes))}
    word = word97_fib(len(main), places, ccp_text_boxes=len(story)) + text
    return compound_file({"WordDocument": word, "0Table": table})


def test_text_box_lines_follow_the_paragraph_they_are_anchored_in():
    document = load_bytes(_doc_with_text_box(), "boxed.doc")
    assert [b.text for b in document.blocks] == ["一、总体要求", "流程:申报→审核", "二、整改任务"]


def test_real_doc_text_boxes_are_read():
    """r28 draws a flowchart in text boxes, which LibreOffice's text export leaves out."""
    from tests.conftest import REAL

    path = next(REAL.glob("r28-*.doc"), None)
    if path is None:
        pytest.skip("../shared/real is not present")
    ole = olefile.OleFileIO(str(path))
    word = ole.openstream("WordDocument").read()
    fib = doc_loader.read_fib(word)
    table = ole.openstream(fib.table_stream).read()
    boxes = doc_loader.read_text_boxes(word, table, doc_loader.read_pieces(table, fib), fib)
    assert len(boxes) == 13
    lines = [b.text for b in load_bytes(path.read_bytes(), path.name).blocks if isinstance(b, Paragraph)]
    assert all(any(box.strip("\r").split("\r")[0] in line for line in lines) for _, box in boxes)
