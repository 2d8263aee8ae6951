"""OFD loader: packages built here, with and without the OFD namespace, and hostile ones."""

import io
import zipfile

import pytest

from extract.blocks import Paragraph
from extract.errors import ExtractionError
from extract.load import load_bytes
from extract.load import ofd as ofd_loader

OFD_NS = 'xmlns:ofd="http://www.ofdspec.org/2016"'


def _text_object(x, y, text, size=4.2, delta="", code_x=0, code_y=None, ctm=""):
    """A TextObject whose Boundary starts at (x, y); its TextCode baseline sits size below."""
    code_y = size if code_y is None else code_y
    ctm_attr = f' CTM="{ctm}"' if ctm else ""
    delta_attr = f' DeltaX="{delta}"' if delta else ""
    return (
        f'<ofd:TextObject ID="9" Boundary="{x} {y} 160 {size * 1.5}" Font="3" Size="{size}"{ctm_attr}>'
        f'<ofd:TextCode X="{code_x}" Y="{code_y}"{delta_attr}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def _page(*objects):
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {OFD_NS}><ofd:Content>'
        f'<ofd:Layer ID="5">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
    )


def _package(pages, namespaced=True, title="关于印发整改方案的通知", extra=None):
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {OFD_NS}><ofd:CommonData>'
        '<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
        '<ofd:TemplatePage ID="2" BaseLoc="Tpls/Tpl_0/Content.xml"/></ofd:CommonData><ofd:Pages>'
        + "".join(
            # the second page's location is absolute, as some producers write it
            f'<ofd:Page ID="{10 + i}" BaseLoc="{"/Doc_0/" if i == 1 else ""}Pages/Page_{i}/Content.xml"/>'
            for i in range(len(pages))
        )
        + "</ofd:Pages></ofd:Document>"
    )
    root = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {OFD_NS} Version="1.1" DocType="OFD"><ofd:DocBody>'
        f"<ofd:DocInfo><ofd:DocID>1</ofd:DocID><ofd:Title>{title}</ofd:Title></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    parts = {"OFD.xml": root, "Doc_0/Document.xml": document}
    parts["Doc_0/Tpls/Tpl_0/Content.xml"] = _page(_text_object(90, 280, "- 1 -"))
    for i, page in enumerate(pages):
        parts[f"Doc_0/Pages/Page_{i}/Content.xml"] = page
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            if not namespaced and isinstance(content, str):
                content = content.replace(f" {OFD_NS}", "").replace("ofd:", "")
            archive.writestr(name, content)
    return buffer.getvalue()


PAGE_ONE = _page(
    # written out of reading order: the producer's order must not matter
    _text_object(25, 60, "一、指导思想", delta="g 5 4.2"),
    _text_object(45, 30, "衢州市整改方案", size=7, delta="g 6 7"),
    _text_object(25, 75, "深入贯彻", delta="g 3 4.2"),
    _text_object(41.8, 75.1, "习近平生态文明思想。", delta="g 9 4.2"),
)
PAGE_TWO = _page(
    _text_object(25, 40, "牵头单位:", delta="g 4 4.2"),
    _text_object(110, 40, "市生态环境局", delta="g 5 4.2"),
    _text_object(25, 55, "二、工作目标", ctm="1 0 0 1 0 0"),
)


@pytest.mark.parametrize("namespaced", [True, False])
def test_lines_in_reading_order_with_their_pages(namespaced):
    document = load_bytes(_package([PAGE_ONE, PAGE_TWO], namespaced), "plan.ofd")
    assert document.format == "ofd" and document.pages == 2
    assert [(b.text, b.page) for b in document.blocks] == [
        ("衢州市整改方案", 1),
        ("一、指导思想", 1),
        ("深入贯彻习近平生态文明思想。", 1),
        ("牵头单位: 市生态环境局", 2),
        ("二、工作目标", 2),
    ]
    assert document.page_meta == {"title": "关于印发整改方案的通知"}


def test_one_text_object_per_character_still_makes_one_line():
    chars = "整改时限:2018年底前"
    objects = [_text_object(25 + 4.2 * i, 100, ch) for i, ch in enumerate(chars)]
    document = load_bytes(_package([_page(*reversed(objects))]))
    assert [b.text for b in document.blocks] == [chars]


def test_text_codes_continue_without_x_and_scale_with_ctm():
    page = _page(
        '<ofd:TextObject ID="7" Boundary="20 20 170 20" Size="4" CTM="2 0 0 2 0 0">'
        '<ofd:TextCode X="0" Y="4" DeltaX="g 2 4">督察组</ofd:TextCode>'
        "<ofd:TextCode>反馈意见</ofd:TextCode></ofd:TextObject>",
        _text_object(20, 40, "第二行"),
    )
    assert [b.text for b in load_bytes(_package([page])).blocks] == ["督察组反馈意见", "第二行"]


def test_advances_expand_the_g_shorthand():
    assert ofd_loader._advances("g 3 4.5 1 g 2 2") == [4.5, 4.5, 4.5, 1.0, 2.0, 2.0]
    assert len(ofd_loader._advances("g 999999999 1")) == ofd_loader.MAX_GLYPHS


def test_entities_in_page_content_are_not_expanded():
    page = (
        '<?xml version="1.0"?><!DOCTYPE Page [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "泄露">]>'
        '<Page><Content><Layer><TextObject Boundary="10 10 100 10" Size="4">'
        '<TextCode X="0" Y="4">甲&x;&y;乙</TextCode></TextObject></Layer></Content></Page>'
    )
    blocks = load_bytes(_package([page], namespaced=False)).blocks
    assert blocks == [Paragraph("甲乙", 1)]


def test_missing_root_or_pages_is_corrupt_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Doc_0/Document.xml", "<Document/>")
    with pytest.raises(ExtractionError) as error:
        ofd_loader.load(buffer.getvalue())
    assert error.value.type == "corrupt_file"
    with pytest.raises(ExtractionError) as error:
        load_bytes(_package([]))
    assert error.value.type == "corrupt_file"


def test_page_part_that_is_a_zip_bomb_is_too_large():
    data = _package([PAGE_ONE], extra={"Doc_0/Pages/Page_0/Content.xml": "<Page>" + " " * (80 << 20)})
    assert len(data) < 1 << 20
    with pytest.raises(ExtractionError) as error:
        load_bytes(data, "bomb.ofd")
    assert error.value.type == "too_large"
