"""Parse XML parts of untrusted packages (DOCX, OFD) safely, and read them namespace-blind.

Entities, DTDs and network access are off, so a hostile DOCTYPE cannot expand or
fetch anything; the helpers match elements and attributes by local name, since
producers disagree on namespaces.
"""

from __future__ import annotations

from typing import Optional

from lxml import etree

from extract.errors import ExtractionError



def parse_xml(data: bytes, part: str) -> etree._Element:
    """Parse one package part with entities, DTDs and network off; corrupt_file if it is not XML."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(
            "corrupt_file", f"part {part} is not well-formed XML ({exc}). / 文件内部 XML 损坏。"
        ) from exc
    if root is None:
        raise ExtractionError("corrupt_file", f"part {part} is empty. / 文件内部内容为空。")
    return root


def local_name(element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, entity references
        return ""
    return tag[tag.rfind("}") + 1 :]


def element_text(element) -> str:
    """Text of a w:t: its text nodes only, never the name of an unexpanded entity."""
    return (element.text or "") + "".join(child.tail or "" for child in element)


def xml_attribute(element, name: str) -> Optional[str]:
    """A w:-namespaced attribute, whichever WordprocessingML namespace the part uses."""
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None


def find_child(element, name: str):
    if element is None:
        return None
    for child in element:
        if local_name(child) == name:
            return child
    return None


def child_value(element, name: str) -> Optional[str]:
    child = find_child(element, name)
    return xml_attribute(child, "val") if child is not None else None


FALSE_VALUES = ("0", "false", "off")


def int_value(value: Optional[str], default: int) -> int:
    """An integer attribute, or `default` where it is missing or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
