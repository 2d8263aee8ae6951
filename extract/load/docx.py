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

from dataclasses import dataclass, field
from typing import Iterator, Optional

from lxml import etree

from extract.blocks import Block, LoadedDocument, Paragraph, Table
from extract.errors import ExtractionError
from extract.load.zipsafe import SafeZip

MAIN_PART = "word/document.xml"
MAX_GRID_COLUMNS = 128
"""A gridSpan or grid wider than this is hostile or broken; cells are clamped to it."""
MAX_STYLE_CHAIN = 16
MAX_LIST_LEVELS = 9

_RELATIONSHIP_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CORE_FIELDS = {
    "title": "{http://purl.org/dc/elements/1.1/}title",
    "author": "{http://purl.org/dc/elements/1.1/}creator",
    "created": "{http://purl.org/dc/terms/}created",
}

# --- automatic numbering: numFmt -> how a counter is written (rules as data) ----------

CJK_DIGITS = "〇一二三四五六七八九"
CJK_COUNTING_DIGITS = "零一二三四五六七八九"
CJK_COUNTING_UNITS = ("", "十", "百", "千")
CJK_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
CJK_LEGAL_TRADITIONAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
CJK_LEGAL_UNITS = ("", "拾", "佰", "仟")
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
ROMAN_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)
ENCLOSED_FIRST = {  # numFmt -> (code point of 1, largest number the series has)
    "decimalEnclosedCircle": (0x2460, 20),  # ①
    "decimalEnclosedCircleChinese": (0x2460, 20),
    "decimalEnclosedParen": (0x2474, 20),  # ⑴
    "decimalEnclosedFullstop": (0x2488, 20),  # ⒈
}


def _cjk_positional(n: int, digits: str, units: tuple[str, ...], drop_leading_one: bool) -> str:
    """一百零五, 二十, 十一 (drop_leading_one: 10-19 as 十..., not 一十...)."""
    if n <= 0 or n >= 10000:
        return "".join(digits[int(d)] for d in str(max(n, 0)))
    parts: list[str] = []
    zero_pending = False
    text = str(n)
    for i, ch in enumerate(text):
        digit, position = int(ch), len(text) - 1 - i
        if digit == 0:
            zero_pending = bool(parts)
            continue
        if zero_pending:
            parts.append(digits[0])
            zero_pending = False
        parts.append(digits[digit] + units[position])
    rendered = "".join(parts)
    return rendered[1:] if drop_leading_one and 10 <= n < 20 else rendered


def _roman(n: int) -> str:
    parts = []
    for value, letters in ROMAN_NUMERALS:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def _letter(n: int) -> str:
    """A..Z, then AA, BB (Word repeats the letter)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _enclosed(fmt: str):
    first, last = ENCLOSED_FIRST[fmt]
    return lambda n: chr(first + n - 1) if 1 <= n <= last else str(n)


def _counting(n: int) -> str:
    return _cjk_positional(n, CJK_COUNTING_DIGITS, CJK_COUNTING_UNITS, True)


NUMBER_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    "decimalFullWidth2": lambda n: "".join(chr(0xFF10 + int(d)) for d in str(n)),
    **{fmt: _enclosed(fmt) for fmt in ENCLOSED_FIRST},
    "upperLetter": _letter,
    "lowerLetter": lambda n: _letter(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "chineseCounting": _counting,
    "chineseCountingThousand": _counting,
    "taiwaneseCounting": _counting,
    "taiwaneseCountingThousand": _counting,
    "japaneseCounting": _counting,
    "ideographDigital": lambda n: "".join(CJK_DIGITS[int(d)] for d in str(n)),
    "taiwaneseDigital": lambda n: "".join(CJK_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: _cjk_positional(n, CJK_LEGAL_DIGITS, CJK_LEGAL_UNITS, False),
    "ideographLegalTraditional": lambda n: _cjk_positional(
        n, CJK_LEGAL_TRADITIONAL_DIGITS, CJK_LEGAL_UNITS, False
    ),
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: EARTHLY_BRANCHES[(n - 1) % 12],
    "none": lambda n: "",
}
"""Formats not listed (ordinalText, hebrew1, …) are written as decimal; bullets are not rendered."""

LEVEL_SUFFIXES = {"tab": "\t", "space": " ", "nothing": ""}
FALSE_VALUES = ("0", "false", "off")
"""How an on/off property (w:vanish, w:isLgl) says "off"; no w:val means on."""


def format_number(value: int, num_fmt: str) -> str:
    """How Word writes `value` in list format `num_fmt` (unknown formats: decimal)."""
    return NUMBER_FORMATS.get(num_fmt, str)(max(value, 0))


# --- safe XML ---------------------------------------------------------------------------


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


def _int(value: Optional[str], default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --- numbering ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ListLevel:
    start: int
    num_fmt: str
    text: str
    suffix: str
    restart_after: Optional[int]
    """w:lvlRestart: None restarts after any higher level; 0 never restarts."""
    legal: bool


@dataclass
class ListDefinitions:
    """Word's list definitions and the running counters that turn them into number text.

    Filled from numbering.xml and styles.xml here, and from PlfLst/PlfLfo by the .doc
    reader (a list's lsid stands for the abstractNum, a list instance's ilfo for the
    numId). Counters belong to the abstract list, so instances of one list continue
    its numbering unless they override a level's start.
    """

    abstract_levels: dict[str, dict[int, ListLevel]] = field(default_factory=dict)
    abstract_style_links: dict[str, str] = field(default_factory=dict)
    num_abstract: dict[str, str] = field(default_factory=dict)
    num_overrides: dict[str, dict[int, tuple[Optional[int], Optional[ListLevel]]]] = field(
        default_factory=dict
    )
    style_numbering: dict[str, tuple[Optional[str], Optional[int]]] = field(default_factory=dict)
    style_parent: dict[str, str] = field(default_factory=dict)
    default_style: Optional[str] = None
    counters: dict[str, dict[int, Optional[int]]] = field(default_factory=dict)
    pending_starts: dict[str, dict[int, int]] = field(default_factory=dict)
    started_nums: set[str] = field(default_factory=set)

    def prefix(self, num_id: str, level: int) -> str:
        """Advance the counter of (num_id, level) and return the number text a reader sees."""
        abstract = self._abstract_of(num_id)
        if abstract is None:
            return ""
        counters = self.counters.setdefault(abstract, {})
        pending = self.pending_starts.setdefault(abstract, {})
        overrides = self.num_overrides.get(num_id, {})
        if num_id not in self.started_nums:
            self.started_nums.add(num_id)
            for lvl, (start, _) in overrides.items():
                if start is not None:
                    counters[lvl] = None
                    pending[lvl] = start
        definition = self._level(abstract, overrides, level)
        if definition is None or definition.num_fmt == "bullet":
            return ""
        current = counters.get(level)
        counters[level] = pending.pop(level, definition.start) if current is None else current + 1
        for deeper in range(level + 1, MAX_LIST_LEVELS):
            deeper_def = self._level(abstract, overrides, deeper)
            restart = deeper_def.restart_after if deeper_def else None
            if restart is None or (restart != 0 and level < restart):
                counters[deeper] = None
        rendered = self._render(abstract, overrides, definition)
        return rendered + definition.suffix if rendered else ""

    def _render(self, abstract, overrides, definition: ListLevel) -> str:
        out: list[str] = []
        text = definition.text
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
                lvl = int(text[i + 1]) - 1
                lvl_def = self._level(abstract, overrides, lvl)
                counters = self.counters.get(abstract, {})
                value = counters.get(lvl)
                if value is None:
                    value = lvl_def.start if lvl_def else 1
                fmt = "decimal" if definition.legal else (lvl_def.num_fmt if lvl_def else "decimal")
                out.append(format_number(value, fmt))
                i += 2
                continue
            out.append(ch)
            i += 1
        return "".join(out)

    def _abstract_of(self, num_id: str) -> Optional[str]:
        abstract = self.num_abstract.get(num_id)
        for _ in range(MAX_STYLE_CHAIN):  # numStyleLink -> style -> numId -> abstractNum
            if abstract is None or self.abstract_levels.get(abstract):
                return abstract
            style = self.abstract_style_links.get(abstract)
            linked_num = self.style_numbering.get(style, (None, None))[0] if style else None
            if linked_num is None:
                return abstract
            abstract = self.num_abstract.get(linked_num)
        return abstract

    def _level(self, abstract, overrides, level: int) -> Optional[ListLevel]:
        override = overrides.get(level)
        if override and override[1] is not None:
            return override[1]
        return self.abstract_levels.get(abstract, {}).get(level)

    def paragraph_numbering(self, p_pr) -> Optional[tuple[str, int]]:
        """(numId, ilvl) of a paragraph: its own w:numPr, else its style's (following basedOn)."""
        num_id: Optional[str] = None
        level: Optional[int] = None
        style_id = self.default_style
        if p_pr is not None:
            for child in p_pr:
                name = local_name(child)
                if name == "pStyle":
                    style_id = _attr(child, "val") or style_id
                elif name == "numPr":
                    for item in child:
                        if local_name(item) == "numId":
                            num_id = _attr(item, "val")
                        elif local_name(item) == "ilvl":
                            level = _int(_attr(item, "val"), 0)
        seen = 0
        while style_id and (num_id is None or level is None) and seen < MAX_STYLE_CHAIN:
            style_num, style_level = self.style_numbering.get(style_id, (None, None))
            num_id = num_id if num_id is not None else style_num
            level = level if level is not None else style_level
            style_id = self.style_parent.get(style_id)
            seen += 1
        if not num_id or num_id == "0":
            return None
        return num_id, min(max(level or 0, 0), MAX_LIST_LEVELS - 1)


def _attr(element, name: str) -> Optional[str]:
    """A w:-namespaced attribute, whichever WordprocessingML namespace the part uses."""
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return None


def _child(element, name: str):
    if element is None:
        return None
    for child in element:
        if local_name(child) == name:
            return child
    return None


def _child_val(element, name: str) -> Optional[str]:
    child = _child(element, name)
    return _attr(child, "val") if child is not None else None


def _list_level(lvl) -> ListLevel:
    restart = _child_val(lvl, "lvlRestart")
    legal = _child(lvl, "isLgl")
    return ListLevel(
        start=_int(_child_val(lvl, "start"), 1),
        num_fmt=_child_val(lvl, "numFmt") or "decimal",
        text=_child_val(lvl, "lvlText") or "",
        suffix=LEVEL_SUFFIXES.get(_child_val(lvl, "suff") or "tab", "\t"),
        restart_after=_int(restart, 0) if restart is not None else None,
        legal=legal is not None and _attr(legal, "val") not in FALSE_VALUES,
    )


def read_list_definitions(numbering_root, styles_root) -> ListDefinitions:
    """Collect list levels, list instances and style-carried numbering from their parts."""
    lists = ListDefinitions()
    if numbering_root is not None:
        for element in numbering_root:
            name = local_name(element)
            if name == "abstractNum":
                abstract_id = _attr(element, "abstractNumId") or ""
                levels = {}
                for child in element:
                    if local_name(child) == "lvl":
                        levels[_int(_attr(child, "ilvl"), 0)] = _list_level(child)
                    elif local_name(child) == "numStyleLink" and _attr(child, "val"):
                        lists.abstract_style_links[abstract_id] = _attr(child, "val")
                lists.abstract_levels[abstract_id] = levels
            elif name == "num":
                num_id = _attr(element, "numId") or ""
                lists.num_abstract[num_id] = _child_val(element, "abstractNumId") or ""
                overrides = {}
                for child in element:
                    if local_name(child) != "lvlOverride":
                        continue
                    start = _child_val(child, "startOverride")
                    lvl = _child(child, "lvl")
                    overrides[_int(_attr(child, "ilvl"), 0)] = (
                        _int(start, 1) if start is not None else None,
                        _list_level(lvl) if lvl is not None else None,
                    )
                lists.num_overrides[num_id] = overrides
    if styles_root is not None:
        for style in styles_root:
            if local_name(style) != "style" or _attr(style, "type") not in (None, "paragraph"):
                continue
            style_id = _attr(style, "styleId")
            if not style_id:
                continue
            if _attr(style, "default") in ("1", "true", "on"):
                lists.default_style = style_id
            parent = _child_val(style, "basedOn")
            if parent:
                lists.style_parent[style_id] = parent
            num_pr = _child(_child(style, "pPr"), "numPr")
            if num_pr is not None:
                level = _child_val(num_pr, "ilvl")
                lists.style_numbering[style_id] = (
                    _child_val(num_pr, "numId"),
                    _int(level, 0) if level is not None else None,
                )
    return lists


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
        numbering = self.lists.paragraph_numbering(_child(p, "pPr"))
        if numbering is not None:  # Word counts empty list paragraphs too
            lines[0] = self.lists.prefix(*numbering) + lines[0]
        for line in lines:
            if line.strip():
                yield Paragraph(line)
        for box in text_boxes:
            yield from self.blocks(box)

    def _paragraph_lines(self, p) -> tuple[list[str], list]:
        """The paragraph's visible text split at manual line breaks, and its text boxes.

        Field codes (between fldChar begin and separate) are dropped, field results kept;
        nested fields keep a stack so a code inside a result is still dropped.
        """
        lines: list[list[str]] = [[]]
        text_boxes = []
        fields: list[bool] = []  # per open field: True once its result has begun
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
            showing = all(fields)
            if name == "t":
                if showing:
                    lines[-1].append(element_text(element))
            elif name == "fldChar":
                kind = _attr(element, "fldCharType")
                if kind == "begin":
                    fields.append(False)
                elif kind == "separate" and fields:
                    fields[-1] = True
                elif kind == "end" and fields:
                    fields.pop()
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
        """Grid of cell texts; a cell spanning columns (gridSpan, hMerge) or rows (vMerge)
        has its text in every grid cell it covers."""
        grid: list[list[str]] = []
        above: dict[int, str] = {}  # column -> text of the cell a vMerge continues
        for tr in _rows(tbl):
            row: list[str] = []
            tr_pr = _child(tr, "trPr")
            row.extend([""] * min(_int(_child_val(tr_pr, "gridBefore"), 0), MAX_GRID_COLUMNS))
            for tc in _cells(tr):
                tc_pr = _child(tc, "tcPr")
                span = min(max(_int(_child_val(tc_pr, "gridSpan"), 1), 1), MAX_GRID_COLUMNS)
                v_merge = _child(tc_pr, "vMerge")
                h_merge = _child(tc_pr, "hMerge")
                column = len(row)
                if v_merge is not None and _attr(v_merge, "val") in (None, "continue"):
                    text = above.get(column, "")
                elif h_merge is not None and _attr(h_merge, "val") in (None, "continue") and row:
                    text = row[-1]
                else:
                    text = self._cell_text(tc)
                for k in range(span):
                    if len(row) >= MAX_GRID_COLUMNS:
                        break
                    above[column + k] = text
                    row.append(text)
            grid.append(row)
        width = max((len(r) for r in grid), default=0)
        rows = tuple(tuple(r + [""] * (width - len(r))) for r in grid if any(c.strip() for c in r))
        return Table(rows=rows, row_pages=(None,) * len(rows))


def _rows(tbl) -> Iterator:
    for child in tbl:
        name = local_name(child)
        if name == "tr":
            yield child
        elif name in CONTAINERS:
            yield from _rows(child)


def _cells(tr) -> Iterator:
    for child in tr:
        name = local_name(child)
        if name == "tc":
            yield child
        elif name in CONTAINERS:
            yield from _cells(child)


def _is_hidden(run) -> bool:
    """A run formatted as hidden text (w:vanish) is not seen by a reader."""
    vanish = _child(_child(run, "rPr"), "vanish")
    return vanish is not None and _attr(vanish, "val") not in FALSE_VALUES


def _symbol(sym) -> str:
    """w:sym: a character from a symbol font; private-use code points (Wingdings) show nothing."""
    code = _int_hex(_attr(sym, "char"))
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
    body = _child(document, "body")
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
