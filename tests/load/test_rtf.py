"""RTF loader: GBK escapes, Unicode escapes, tables, skipped destinations, hostile nesting."""

import time

from extract.blocks import Paragraph, Table
from extract.load import load_bytes
from extract.load.rtf import MAX_GROUP_DEPTH


def _gbk(text: str) -> bytes:
    return "".join(f"\\'{b:02x}" for b in text.encode("gbk")).encode("ascii")


def _paragraphs(document):
    return [b.text for b in document.blocks if isinstance(b, Paragraph)]


def test_gbk_byte_escapes_decode_with_the_ansi_code_page():
    rtf = rb"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 \'cb\'ce\'cc\'e5;}}\pard\f0 \'b9\'f3\'d1\'f4\'ca\'d0\par}"
    document = load_bytes(rtf, "贵阳市方案.doc")
    assert _paragraphs(document) == ["贵阳市"]
    assert document.format == "doc" and document.encoding == "gb18030"
    assert any("RTF" in w for w in document.warnings)


def test_font_charset_decides_when_the_code_page_is_western():
    body = _gbk("衢州市整改工作领导小组") + rb"\par " + rb"\f1 Report\par"
    rtf = (
        rb"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}{\f1\fswiss\fcharset0 Arial;}}"
        rb"\pard\f0 " + body + rb"}"
    )
    assert _paragraphs(load_bytes(rtf)) == ["衢州市整改工作领导小组", "Report"]


def test_unicode_escapes_skip_their_fallback_and_join_surrogate_pairs():
    rtf = (
        rb"{\rtf1\ansi\ansicpg936\uc1\pard \u19968?\u12289?\u25972?\u25913?\u30446?\u26631?\par"
        rb"\uc2 \u20013\'d6\'d0\u22269\'b9\'fa\par"
        rb"\uc1 \u-10179?\u-8704? ok\par}"
    )
    assert _paragraphs(load_bytes(rtf)) == ["一、整改目标", "中国", "\U0001f600 ok"]


def test_invisible_destinations_are_skipped_and_field_results_kept():
    rtf = (
        rb"{\rtf1\ansi\ansicpg936{\fonttbl{\f0\fcharset134 \'cb\'ce\'cc\'e5;}}{\colortbl;\red0\green0\blue0;}"
        rb"{\stylesheet{\s1 heading 1;}}{\info{\title " + _gbk("整改方案") + rb"}{\author Li}}"
        rb"{\header \pard " + _gbk("页眉文字") + rb"\par}{\footer \pard {\field{\*\fldinst PAGE}{\fldrslt 3}}\par}"
        rb"{\*\generator Riched20;}{\pict\wmetafile8 0a0b0c0d0e0f}"
        rb"\pard " + _gbk("详见") + rb"{\field{\*\fldinst HYPERLINK \"http://x\"}{\fldrslt " + _gbk("附件") + rb"}}\par"
        rb"{\listtext\pard\plain " + _gbk("二、") + rb"\tab}" + _gbk("工作目标") + rb"\par"
        rb"\pard{\*\bkmkstart a}" + _gbk("正文") + rb"\line " + _gbk("第二行") + rb"\par}"
    )
    document = load_bytes(rtf)
    assert _paragraphs(document) == ["详见附件", "二、\t工作目标", "正文", "第二行"]
    assert document.page_meta == {"title": "整改方案", "author": "Li"}


def test_rectification_list_table_from_cell_and_row_marks():
    def row(*cells):
        return rb"\trowd\cellx1000\cellx2000\cellx3000\pard\intbl " + b"".join(
            _gbk(cell) + rb"\cell " for cell in cells
        ) + rb"\row "

    rtf = (
        rb"{\rtf1\ansi\ansicpg936\pard " + _gbk("附件:整改清单") + rb"\par "
        + row("序号", "问题", "整改时限")
        + row("1", "燃煤锅炉未淘汰", "2018年底前")
        + rb"\trowd\pard\intbl 2\cell " + _gbk("扬尘") + rb"\par " + _gbk("污染") + rb"\cell "
        + rb"{\listtext\pard\plain 1.\tab}" + _gbk("长期坚持") + rb"\cell\row "
        + rb"\pard " + _gbk("表后说明") + rb"\par}"
    )
    blocks = load_bytes(rtf).blocks
    assert blocks[0] == Paragraph("附件:整改清单")
    assert isinstance(blocks[1], Table)
    assert blocks[1].rows == (
        ("序号", "问题", "整改时限"),
        ("1", "燃煤锅炉未淘汰", "2018年底前"),
        ("2", "扬尘\n污染", "1.\t长期坚持"),
    )
    assert blocks[2] == Paragraph("表后说明")


def test_binary_data_is_skipped_by_its_declared_length():
    payload = b"\\par}{\x00\xff" * 10
    rtf = rb"{\rtf1\ansi{\pict\bin" + str(len(payload)).encode() + b" " + payload + rb"}\pard text\par}"
    assert _paragraphs(load_bytes(rtf)) == ["text"]


def test_hostile_nesting_and_size_stay_linear():
    depth = 100_000
    rtf = rb"{\rtf1\ansi " + b"{" * depth + b"deep" + b"}" * depth + rb"\par " + b"}" * 50 + b"\\"
    started = time.perf_counter()
    document = load_bytes(rtf)
    assert time.perf_counter() - started < 3
    assert depth > MAX_GROUP_DEPTH
    assert _paragraphs(document) == ["deep"]


def test_unterminated_escapes_and_groups_do_not_crash():
    for rtf in (rb"{\rtf1 \'b9", rb"{\rtf1 {{{\u", rb"{\rtf1 \*", rb"{\rtf1 text\bin99999999"):
        assert isinstance(load_bytes(rtf).blocks, list)


def test_cell_edges_and_merge_flags_place_cells_on_the_grid():
    def row(cells, edges, merges=()):
        definition = rb"\trowd\trleft-108" + b"".join(
            (rb"\clvmgf" if k in merges and merges[k] == "first" else rb"\clvmrg" if k in merges else b"")
            + rb"\cellx" + str(edge).encode()
            for k, edge in enumerate(edges)
        )
        return definition + rb"\pard\intbl " + b"".join(_gbk(cell) + rb"\cell " for cell in cells) + rb"\row "

    rtf = (
        rb"{\rtf1\ansi\ansicpg936 "
        + row(["整改清单"], [6000])
        + row(["整改措施", "牵头单位", "完成时限"], [1000, 4000, 6000])
        + row(["1", "市水务局", "2020年底"], [1000, 4000, 6000], {2: "first"})
        + row(["2", "市林业局", ""], [1000, 4000, 6000], {2: "next"})
        + row(["", "", ""], [1000, 2500, 6000], {2: "next"})
        + rb"\pard\par}"
    )
    table = load_bytes(rtf).blocks[0]
    # a task table: the deadline merged down over two tasks belongs to both; a row holding
    # only the merged cell's lower part is left out; 牵头单位 spans two grid columns, the
    # second of which no cell starts in, so it is dropped
    assert table.rows == (
        ("整改清单", "", ""),
        ("整改措施", "牵头单位", "完成时限"),
        ("1", "市水务局", "2020年底"),
        ("2", "市林业局", "2020年底"),
    )
