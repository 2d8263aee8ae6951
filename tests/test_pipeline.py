"""Every format reaches the record of the plan's text; spans and pages point at their source."""

import pytest

from extract import extract_file
from extract.load import load_bytes
from tests.conftest import CORPUS, PLANS

FORMATS = {
    "000": ["000-guiyang.docx", "000-guiyang.pdf", "000-guiyang.doc"],
    "001": ["001-shanxi.docx", "001-shanxi.pdf", "001-shanxi.doc", "001-shanxi.html"],
    "002": ["002-gongshu.docx", "002-gongshu.pdf", "002-gongshu.doc", "002-gongshu.html", "002-gongshu.gbk.html"],
}


@pytest.fixture(scope="module")
def text_records():
    return {plan.name[:3]: extract_file(plan) for plan in PLANS}


@pytest.mark.parametrize(
    "name", [n for names in FORMATS.values() for n in names], ids=lambda n: n
)
def test_each_format_gives_the_record_of_the_plans_text(name, text_records):
    reference = text_records[name[:3]]
    record = extract_file(CORPUS / name)
    assert [(s.level, s.number, s.title) for s in record.sections] == [
        (s.level, s.number, s.title) for s in reference.sections
    ]
    assert [(t.number, t.problem) for t in record.tasks] == [(t.number, t.problem) for t in reference.tasks]
    assert [(d.kind, d.date) for d in record.deadlines] == [(d.kind, d.date) for d in reference.deadlines]
    assert [(i.value, i.unit) for i in record.indicators] == [(i.value, i.unit) for i in reference.indicators]


def test_pdf_spans_carry_the_page_they_stand_on():
    path = CORPUS / "000-guiyang.pdf"
    record = extract_file(path, with_text=True)
    loaded = load_bytes(path.read_bytes(), path.name)
    page_text = {}
    for block in loaded.blocks:
        if hasattr(block, "text"):
            page_text.setdefault(block.page, []).append("".join(block.text.split()))
    page_text = {page: "".join(parts) for page, parts in page_text.items()}
    assert record.source.pages == 23
    checked = 0
    for item in [*record.sections, *record.tasks, *record.deadlines]:
        snippet = "".join(record.text[item.span.start : item.span.start + 8].split())
        assert snippet in page_text[item.page], (item.id, item.page, snippet)
        checked += 1
    assert checked > 80
    assert record.sections[0].page < record.tasks[0].page < record.tasks[-1].page <= 23
