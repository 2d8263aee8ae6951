"""Word's automatic list numbering, shared by the DOCX and legacy DOC readers.

A numbered paragraph stores only (list id, level); the "一、", "(一)", "1." a reader
sees is rendered from the list's level definitions (numFmt, lvlText, start) with
counters kept per list, as Word does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extract.load.xmlsafe import FALSE_VALUES, child_value, find_child, int_value, local_name, xml_attribute

MAX_STYLE_CHAIN = 16
MAX_LIST_LEVELS = 9

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
"""How an on/off property (w:vanish, w:isLgl) says "off"; no w:val means on."""


MAX_LIST_VALUE = 32767
"""Word's own limit for a list's start value. A larger number (a hostile start of 2e9 once
wrote 77 million letters per paragraph) is written as decimal digits."""
MAX_LETTER_VALUE = 26 * 4
"""Letters repeat past Z (AA, BBB …); past four letters the number is written in digits."""


def format_number(value: int, num_fmt: str) -> str:
    """How Word writes `value` in list format `num_fmt` (unknown formats: decimal)."""
    value = max(value, 0)
    if value > MAX_LIST_VALUE or (value > MAX_LETTER_VALUE and num_fmt in ("upperLetter", "lowerLetter")):
        return str(value)
    return NUMBER_FORMATS.get(num_fmt, str)(value)



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
                    style_id = xml_attribute(child, "val") or style_id
                elif name == "numPr":
                    for item in child:
                        if local_name(item) == "numId":
                            num_id = xml_attribute(item, "val")
                        elif local_name(item) == "ilvl":
                            level = int_value(xml_attribute(item, "val"), 0)
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


def _list_level(lvl) -> ListLevel:
    restart = child_value(lvl, "lvlRestart")
    legal = find_child(lvl, "isLgl")
    return ListLevel(
        start=int_value(child_value(lvl, "start"), 1),
        num_fmt=child_value(lvl, "numFmt") or "decimal",
        text=child_value(lvl, "lvlText") or "",
        suffix=LEVEL_SUFFIXES.get(child_value(lvl, "suff") or "tab", "\t"),
        restart_after=int_value(restart, 0) if restart is not None else None,
        legal=legal is not None and xml_attribute(legal, "val") not in FALSE_VALUES,
    )


def read_list_definitions(numbering_root, styles_root) -> ListDefinitions:
    """Collect list levels, list instances and style-carried numbering from their parts."""
    lists = ListDefinitions()
    if numbering_root is not None:
        for element in numbering_root:
            name = local_name(element)
            if name == "abstractNum":
                abstract_id = xml_attribute(element, "abstractNumId") or ""
                levels = {}
                for child in element:
                    if local_name(child) == "lvl":
                        levels[int_value(xml_attribute(child, "ilvl"), 0)] = _list_level(child)
                    elif local_name(child) == "numStyleLink" and xml_attribute(child, "val"):
                        lists.abstract_style_links[abstract_id] = xml_attribute(child, "val")
                lists.abstract_levels[abstract_id] = levels
            elif name == "num":
                num_id = xml_attribute(element, "numId") or ""
                lists.num_abstract[num_id] = child_value(element, "abstractNumId") or ""
                overrides = {}
                for child in element:
                    if local_name(child) != "lvlOverride":
                        continue
                    start = child_value(child, "startOverride")
                    lvl = find_child(child, "lvl")
                    overrides[int_value(xml_attribute(child, "ilvl"), 0)] = (
                        int_value(start, 1) if start is not None else None,
                        _list_level(lvl) if lvl is not None else None,
                    )
                lists.num_overrides[num_id] = overrides
    if styles_root is not None:
        for style in styles_root:
            if local_name(style) != "style" or xml_attribute(style, "type") not in (None, "paragraph"):
                continue
            style_id = xml_attribute(style, "styleId")
            if not style_id:
                continue
            if xml_attribute(style, "default") in ("1", "true", "on"):
                lists.default_style = style_id
            parent = child_value(style, "basedOn")
            if parent:
                lists.style_parent[style_id] = parent
            num_pr = find_child(find_child(style, "pPr"), "numPr")
            if num_pr is not None:
                level = child_value(num_pr, "ilvl")
                lists.style_numbering[style_id] = (
                    child_value(num_pr, "numId"),
                    int_value(level, 0) if level is not None else None,
                )
    return lists
