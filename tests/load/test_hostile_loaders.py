"""Limits inside the loaders: small hostile files stay small, odd files get the right label.

Every input is built here, by tests/load/hostile_inputs.py; benchmarks/amplification.py
reports the time and peak memory of the same inputs.
"""

import importlib
import time

import pytest

from extract.blocks import Table
from extract.errors import ExtractionError
from extract.load import FORMATS, READ_EXTENSIONS, load_bytes
from extract.pipeline import extract_bytes
from tests.load import hostile_inputs as hostile

SECONDS = 10.0
"""The target for any input under 1 MB (the usual figure is under a second)."""


def _text(document) -> str:
    parts = []
    for block in document.blocks:
        parts.extend(c for row in block.rows for c in row) if isinstance(block, Table) else parts.append(block.text)
    return "\n".join(parts)


def _outcome(data: bytes, name: str = "input"):
    try:
        return load_bytes(data, name), None
    except ExtractionError as exc:
        return None, exc.type


@pytest.mark.parametrize("item", hostile.AMPLIFIERS, ids=lambda item: item.name)
def test_amplifier_is_bounded_and_labelled(item):
    data = item.build()
    start = time.perf_counter()
    document, error = _outcome(data)
    assert time.perf_counter() - start < SECONDS
    assert error == item.expected_error
    if document is not None:
        assert len(_text(document)) <= 10 * len(data)


@pytest.mark.parametrize(
    "item", [i for i in hostile.AMPLIFIERS if i.expected_error is None], ids=lambda item: item.name
)
def test_the_api_raises_only_extraction_error(item):
    """What loads goes through every later stage too (a refused input never reaches them)."""
    try:
        extract_bytes(item.build(), "hostile")
    except ExtractionError:
        pass


def test_list_numbers_past_words_limit_are_digits():
    document = load_bytes(hostile.docx_numbering_from(2_000_000_000, paragraphs=2))
    assert [b.text for b in document.blocks] == ["2000000000.\t整改", "2000000001.\t整改"]
    letters = load_bytes(hostile.docx_numbering_from(27, paragraphs=2))
    assert [b.text for b in letters.blocks] == ["AA.\t整改", "BB.\t整改"]


def test_nested_fields_show_only_their_results():
    document = load_bytes(hostile.docx_nested_fields(3000))
    assert [b.text for b in document.blocks] == ["字" * 3000]


def test_doc_pieces_that_do_not_overlap_are_read():
    first, second = "整改方案\r".encode("utf-16-le"), "落实情况\r".encode("utf-16-le")
    pieces = [(0, 5, hostile.TEXT_AT), (5, 10, hostile.TEXT_AT + len(first))]
    document = load_bytes(hostile.word97_doc(pieces, first + second, 10), "plan.doc")
    assert [b.text for b in document.blocks] == ["整改方案", "落实情况"]


def test_doc_pieces_that_overlap_are_refused():
    text = "整改方案\r".encode("utf-16-le")
    pieces = [(5 * k, 5 * (k + 1), hostile.TEXT_AT) for k in range(1000)]  # each the same 10 bytes
    with pytest.raises(ExtractionError) as error:
        load_bytes(hostile.word97_doc(pieces, text, 5000), "plan.doc")
    assert error.value.type == "corrupt_file" and "overlap" in str(error.value)


def test_ofd_part_named_by_many_pages_is_read_once():
    document = load_bytes(hostile.ofd_one_part_many_pages(500, 2000), "x.ofd")
    assert document.pages == 500
    assert {b.page for b in document.blocks} == {1}
    assert any("499 pages" in w for w in document.warnings)


def test_deep_html_is_read_not_called_empty():
    document = load_bytes(hostile.html_nested(50_000, "整改措施落实到位。"), "deep.html")
    assert [b.text for b in document.blocks] == ["整改措施落实到位。"]


def test_mht_nested_beyond_reason_is_corrupt_and_a_saved_page_still_reads():
    with pytest.raises(ExtractionError) as error:
        load_bytes(hostile.mht_nested(500), "deep.mht")
    assert error.value.type == "corrupt_file"
    assert [b.text for b in load_bytes(hostile.mht_nested(2), "page.mht").blocks] == ["整改"]


@pytest.mark.parametrize("big_endian", [False, True])
def test_chinese_utf16_without_bom_is_text(big_endian):
    document = load_bytes(hostile.utf16_without_bom(big_endian), "plan.txt")
    assert document.format == "txt"
    assert document.encoding == ("utf-16-be" if big_endian else "utf-16-le")
    assert document.blocks[0].text == "关于整改落实情况的通报"


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8", "big5"])
def test_other_chinese_encodings_are_not_taken_for_utf16(encoding):
    text = "關於整改落實情況的通報\n各單位要於年底前完成整改。\n"
    document = load_bytes(text.encode(encoding), "plan.txt")
    assert document.encoding != "utf-16-le" and document.encoding != "utf-16-be"
    assert document.blocks[0].text == "關於整改落實情況的通報"


@pytest.mark.parametrize(
    "build, words",
    [
        (hostile.word6_doc, "Word 6.0/95"),
        (lambda: hostile.word6_doc(0xA699, 0x68), "Word 6.0/95"),
        (hostile.works_document, "Microsoft Works"),
        (lambda: b"\xdb\xa5\x2d\x00" + b"\x00" * 200, "Word for Windows 1.x/2.0"),
    ],
)
def test_formats_zhenggai_does_not_read_are_named(build, words):
    with pytest.raises(ExtractionError) as error:
        load_bytes(build(), "old.doc")
    assert error.value.type == "unsupported_format"
    assert words in str(error.value)


@pytest.mark.parametrize("raised, expected", [(RecursionError, "corrupt_file"), (MemoryError, "too_large")])
def test_stack_and_memory_exhaustion_become_extraction_errors(monkeypatch, raised, expected):
    text_loader = importlib.import_module("extract.load.text")

    def exhausted(data):
        raise raised()

    monkeypatch.setattr(text_loader, "load", exhausted)
    with pytest.raises(ExtractionError) as error:
        load_bytes("整改".encode("utf-8"), "plan.txt")
    assert error.value.type == expected


def test_every_registered_format_has_a_loader_and_its_names_are_walked():
    for entry in FORMATS.values():
        assert callable(importlib.import_module(entry.module).load)
    assert {".doc", ".docx", ".wps", ".rtf", ".mht", ".mhtml", ".shtml", ".ofd", ".pdf", ".txt"} <= READ_EXTENSIONS


def test_generated_compound_file_opens_as_ole():
    import olefile

    ole = olefile.OleFileIO(hostile.compound_file({"WordDocument": b"x" * 5000, "1Table": b"y"}))
    assert ole.openstream("WordDocument").read()[:5000] == b"x" * 5000
    assert ole.exists("1Table")


def test_encrypted_docx_with_a_word_stream_stub_is_encrypted():
    with pytest.raises(ExtractionError) as error:
        load_bytes(hostile.encrypted_docx_with_stub(), "secret.docx")
    assert error.value.type == "encrypted"


def test_150k_nested_fields_take_linear_time():
    """Past the zip-bomb ratio as a file, so the paragraph is read straight from its XML."""
    from lxml import etree

    from extract.load.docx import BodyReader
    from extract.load.wordlists import ListDefinitions

    depth = 150_000
    opened = '<w:r><w:fldChar w:fldCharType="begin"/><w:fldChar w:fldCharType="separate"/><w:t>字</w:t></w:r>'
    closed = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    paragraph = etree.fromstring(
        f'<w:p xmlns:w="{hostile.W_NS}">{opened * depth}{closed * depth}</w:p>', etree.XMLParser(huge_tree=True)
    )
    start = time.perf_counter()
    lines, _ = BodyReader(ListDefinitions())._paragraph_lines(paragraph)
    assert time.perf_counter() - start < SECONDS  # 87 s when each character re-checked every open field
    assert lines == ["字" * depth]
