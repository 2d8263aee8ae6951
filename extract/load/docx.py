"""DOCX (Office Open XML): body paragraphs and tables in reading order.

The package is opened through SafeZip (zip bombs -> too_large) and every XML
part is parsed with entity resolution, DTD loading and network access off, so
a hostile DOCTYPE cannot expand or fetch anything. The body is walked directly
in the XML rather than through python-docx's object model, because what a
reader sees needs things that model does not give: tables in place between
paragraphs, content controls (w:sdt) and text boxes, tracked insertions kept
and deletions dropped, field results kept and field codes dropped, and Word's
automatic numbering ("一、", "(一)", "1.") rendered into the text it prefixes.

Headers, footers, footnotes and comments are separate parts and so are left
out. DOCX stores no page layout, so blocks carry page=None.
"""

from __future__ import annotations

from typing import Iterator, Optional

from extract.blocks import Block, LoadedDocument, Paragraph, Table
from extract.errors import ExtractionError
from extract.load.tablegrid import ABOVE, LEFT, GridCell, SlotBudget, table_rows
from extract.load.wordfields import FieldNesting
from extract.load.wordlists import ListDefinitions, read_list_definitions
from extract.load.xmlsafe import (
    FALSE_VALUES,
    child_value,
    element_text,
    find_child,
    int_value,
    local_name,
    parse_xml,
    xml_attribute,
)
from extract.load.zipsafe import SafeZip

MAIN_PART = "word/document.xml"
MAX_GRID_COLUMNS = 128
"""A gridSpan or grid wider than this is hostile or broken; cells are clamped to it."""

_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_FIELDS = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "created": "{http://purl.org/dc/terms/}created",
}

# --- body ---------------------------------------------------------------------------------

SKIPPED_IN_RUNS = frozenset(
    {"pPr", "rPr", "del", "moveFrom", "Fallback", "rt", "instrText", "delText", "footnoteReference",
     "endnoteReference", "commentReference", "annotationRef"}
)
"""Subtrees whose text a reader does not see in the body (rt: ruby guide; Fallback: the
duplicate of mc:Choice content)."""
LINE_BREAKS = frozenset({"br", "cr"})
CONTAINERS = frozenset(
    {"sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag", "AlternateContent", "Choice"}
)
"""Wrappers around body content whose children are read as if they stood in the body."""


class BodyReader:
    """Turns body XML into blocks, keeping list counters across the whole document."""

    def __init__(self, lists: ListDefinitions):
        self.lists = lists
        self.table_slots = SlotBudget()

    def blocks(self, container) -> Iterator[Block]:
        for child in container:
            name = local_name(child)
            if name == "p":
                yield from self._paragraph_blocks(child)
            elif name == "tbl":
                table = self._table(child)
                if table.rows:
                    yield table
            elif name in CONTAINERS:
                yield from self.blocks(child)

    def _paragraph_blocks(self, p) -> Iterator[Block]:
        lines, text_boxes = self._paragraph_lines(p)
        numbering = self.lists.paragraph_numbering(find_child(p, "pPr"))
        if numbering is not None:  # Word counts empty list paragraphs too
            lines[0] = self.lists.prefix(*numbering) + lines[0]
        for line in lines:
            if line.strip():
                yield Paragraph(line)
        for box in text_boxes:
            yield from self.blocks(box)

    def _paragraph_lines(self, p) -> tuple[list[str], list]:
        """The paragraph's visible text split at manual line breaks, and its text boxes.

        Field codes (between fldChar begin and separate) are dropped, field results kept,
        nested fields too (see wordfields).
        """
        lines: list[list[str]] = [[]]
        text_boxes = []
        fields = FieldNesting()
        stack = [iter(p)]
        while stack:
            element = next(stack[-1], None)
            if element is None:
                stack.pop()
                continue
            name = local_name(element)
            if not name or name in SKIPPED_IN_RUNS or (name == "r" and _is_hidden(element)):
                continue
            if name == "txbxContent":
                text_boxes.append(element)
                continue
            showing = fields.showing
            if name == "t":
                if showing:
                    lines[-1].append(element_text(element))
            elif name == "fldChar":
                kind = xml_attribute(element, "fldCharType")
                if kind == "begin":
                    fields.begin()
                elif kind == "separate":
                    fields.separate()
                elif kind == "end":
                    fields.end()
            elif not showing:
                pass
            elif name == "tab":
                lines[-1].append("\t")
            elif name in LINE_BREAKS:
                lines.append([])
            elif name == "noBreakHyphen":
                lines[-1].append("-")
            elif name == "sym":
                lines[-1].append(_symbol(element))
            if len(element):
                stack.append(iter(element))
        return ["".join(parts) for parts in lines], text_boxes

    def _cell_text(self, tc) -> str:
        lines = []
        for block in self.blocks(tc):
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend(" ".join(cell for cell in row if cell) for row in block.rows)
        return "\n".join(lines)

    def _table(self, tbl) -> Table:
        """Grid of cell texts, a cell spanning columns (gridSpan, hMerge) or rows (vMerge)
        written once (see tablegrid)."""
        grid: list[list[GridCell]] = []
        above: dict[int, str] = {}  # column -> text of the cell a vMerge continues
        for tr in _rows(tbl):
            row: list[GridCell] = []
            tr_pr = find_child(tr, "trPr")
            skipped = min(int_value(child_value(tr_pr, "gridBefore"), 0), MAX_GRID_COLUMNS)
            row.extend([GridCell("")] * max(skipped, 0))
            for tc in _cells(tr):
                if len(row) >= MAX_GRID_COLUMNS:
                    break
                tc_pr = find_child(tc, "tcPr")
                span = min(max(int_value(child_value(tc_pr, "gridSpan"), 1), 1), MAX_GRID_COLUMNS)
                v_merge = find_child(tc_pr, "vMerge")
                h_merge = find_child(tc_pr, "hMerge")
                column = len(row)
                if v_merge is not None and xml_attribute(v_merge, "val") in (None, "continue"):
                    first = GridCell(above.get(column, ""), ABOVE)
                elif h_merge is not None and xml_attribute(h_merge, "val") in (None, "continue") and row:
                    first = GridCell(row[-1].text, LEFT)
                else:
                    first = GridCell(self._cell_text(tc))
                span = min(span, MAX_GRID_COLUMNS - column)
                row.append(first)
                row.extend([GridCell(first.text, LEFT)] * (span - 1))
                for k in range(span):
                    above[column + k] = first.text
            self.table_slots.spend(len(row))
            grid.append(row)
        rows = table_rows(grid)
        return Table(rows=rows, row_pages=(None,) * len(rows))


def _rows(tbl) -> Iterator:
    return _children_named(tbl, "tr")


def _cells(tr) -> Iterator:
    return _children_named(tr, "tc")


def _children_named(element, name: str) -> Iterator:
    """Children called `name`, also those wrapped in containers (content controls, insertions)."""
    for child in element:
        child_name = local_name(child)
        if child_name == name:
            yield child
        elif child_name in CONTAINERS:
            yield from _children_named(child, name)


def _is_hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish) is not seen by a reader."""
    vanish = find_child(find_child(run, "rPr"), "vanish")
    return vanish is not None and xml_attribute(vanish, "val") not in FALSE_VALUES


def _symbol(sym) -> str:
    """w:sym: a character from a symbol font; private-use code points (Wingdings) show nothing."""
    code = _int_hex(xml_attribute(sym, "char"))
    if code is None or 0xE000 <= code <= 0xF8FF or code < 32:
        return ""
    return chr(code)


def _int_hex(value: Optional[str]) -> Optional[int]:
    try:
        code = int(value, 16) if value else None
    except ValueError:
        return None
    return code if code is not None and 0 <= code <= 0x10FFFF else None


# --- package ------------------------------------------------------------------------------


def _related_part(package: SafeZip, kind: str, default: str) -> Optional[str]:
    """Name of the part the main document's relationships give for `kind` (numbering, styles)."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in package:
        rels = parse_xml(package.read(rels_name), rels_name)
        for rel in rels:
            if local_name(rel) == "Relationship" and (rel.get("Type") or "").endswith("/" + kind):
                target = (rel.get("Target") or "").lstrip("/")
                if target and not target.startswith("word/"):
                    target = "word/" + target
                if target in package:
                    return target
    return default if default in package else None


def _core_properties(package: SafeZip) -> dict[str, str]:
    if "docProps/core.xml" not in package:
        return {}
    root = parse_xml(package.read("docProps/core.xml"), "docProps/core.xml")
    meta = {}
    for key, tag in _CORE_FIELDS.items():
        element = root.find(tag)
        value = element_text(element).strip() if element is not None else ""
        if value:
            meta[key] = value
    return meta


def load(data: bytes) -> LoadedDocument:
    package = SafeZip(data)
    if MAIN_PART not in package:
        raise ExtractionError(
            "corrupt_file", "the DOCX has no word/document.xml part. / DOCX 文件缺少正文部分。"
        )
    document = parse_xml(package.read(MAIN_PART), MAIN_PART)
    body = find_child(document, "body")
    if body is None:
        raise ExtractionError("corrupt_file", "the DOCX main part has no w:body. / DOCX 正文为空。")
    numbering_part = _related_part(package, "numbering", "word/numbering.xml")
    numbering_root = parse_xml(package.read(numbering_part), numbering_part) if numbering_part else None
    styles_root = None
    if numbering_root is not None:
        styles_part = _related_part(package, "styles", "word/styles.xml")
        styles_root = parse_xml(package.read(styles_part), styles_part) if styles_part else None
    reader = BodyReader(read_list_definitions(numbering_root, styles_root))
    blocks = list(reader.blocks(body))
    return LoadedDocument(format="docx", blocks=blocks, page_meta=_core_properties(package))
