"""Responsible units: labelled unit fields (责任单位:…) found, split, qualified and classified.

Plans name who must act in labelled fields ("牵头单位:市发展改革委", "责任单位:市委、
市政府、…"), in bracketed role notes ("(市生态环境局牵头,市住建局配合)") and in task
tables. A field's value is a list joined by 、 , ; and 和/及, but brackets and joint
bodies hold together (各区(市、县)党委和政府, 党工委和管委会), and in run-on text the
list often has no closing punctuation: "…管委会2.严格落实…", "…花溪区人民政府按照…".
So a list is read one item at a time, and an item that does not look like a unit is
cut after its last unit ending where a new sentence or number begins, which also ends
the list. Words (labels, endings, noise, kinds) are tables in extract/data/unit_words.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

from extract.fields import trim_span
from extract.data import unit_words as words
from extract.gazetteer import place_at, region_chain
from extract.labels import FIELD_LABELS, UNIT_LABELS, alternation

# what pads a unit name in a list (spaces, line breaks, a closing full stop)
UNIT_PADDING = " \t\n.。"


MAX_UNIT_CHARS = 40
MAX_ITEM_CHARS = 120  # a unit with its trailing noise (等, 按职责分工负责, a bracketed note)
MAX_LIST_CHARS = 1200
MAX_BARE_ITEM_CHARS = 8  # a short item with no unit ending (公安、环保) still counts inside a 、 list
# a short item whose last unit ending is followed by a few more characters (市政府督查室)
# is one unit with an ending the table lacks, not a run-on
MAX_TAILED_UNIT_CHARS = 16
MAX_TAIL_CHARS = 4


@dataclass(frozen=True)
class UnitMatch:
    start: int
    end: int
    text: str  # the unit as written (offsets into the string passed)
    name: str  # qualified with the plan's region where abbreviated
    kind: str  # party | government | department | people_congress | discipline |
    # court_procuratorate | management_committee | enterprise | other


@dataclass(frozen=True)
class UnitListMatch:
    start: int
    end: int
    text: str  # the whole field, label included
    role: str  # lead | responsible | supervising | cooperating
    units: list[UnitMatch]


UNIT_LABEL = regex.compile(
    r"[【〔\[]?(?P<label>" + alternation(UNIT_LABELS) + r")(?:[】〕\]]\s?[::]?|\s?[::])"
)
# where a list ends in run-on text: another label, or the next outline number
LIST_BOUNDARY = regex.compile(
    r"[【〔\[]?"
    + alternation([v for variants in FIELD_LABELS.values() for v in variants if len(v) > 1])
    + r"(?:[】〕\]]|\s?[::])"
    + r"|\([一二三四五六七八九十]{1,3}\)|(?<![一二三四五六七八九十])[一二三四五六七八九十]{1,3}、"
    + r"|(?<![\d.])\d{1,2}(?:\.(?![\d.])|、)|\(\d{1,2}\)|[①-⑳]|第[一二三四五六七八九十]{1,3}(?:部分|章|节|篇)"
)
SEPARATORS = "、,;,;"
CLAUSE_SEPARATORS = ",;,;"
OPENING_BRACKETS = {"(": ")", "《": "》", "“": "”", "[": "]", "【": "】", "〔": "〕"}
CLOSING_BRACKETS = set(OPENING_BRACKETS.values())
LONGEST_ENDING = max(map(len, words.UNIT_ENDINGS))
UNIT_ENDING = regex.compile(alternation(words.UNIT_ENDINGS) + r"$")
PLACE_ENDING = regex.compile(alternation(words.PLACE_ENDINGS) + r"$")
TERMINAL_ENDING = regex.compile(alternation(words.TERMINAL_ENDINGS) + r"$")
SUB_BODY_START = regex.compile(alternation(words.SUB_BODY_STARTS))
SENTENCE_START = regex.compile(alternation(words.SENTENCE_OPENERS) + r"|[“《\"\d]")
TRAILING_NOISE = regex.compile(r"(?:" + "|".join(words.TRAILING_NOISE) + r")$")
TRAILING_BRACKET = regex.compile(r"\([^()]{0,40}\)$")
BRACKET_NOTE = regex.compile(words.BRACKET_NOTE_WORDS)
LEAD_MARKER = regex.compile(r"\s{0,2}\(" + alternation(words.LEAD_MARKERS) + r"\)")
JOINT = regex.compile(r"以及|和|及")
SENTENCE_PUNCTUATION = regex.compile(r"[。!?:“”《》]")
LEVEL_PREFIX = regex.compile(
    r"(?!" + words.NOT_LEVEL_PREFIX + r")(?P<prefix>" + alternation(words.LEVEL_PREFIXES) + r")"
)
KIND_RULES = tuple((kind, regex.compile(pattern)) for kind, pattern in words.KIND_PATTERNS)
ROLE_BRACKET = regex.compile(r"\((?P<body>(?:[^()\n]|\([^()\n]{0,30}\)){4,300})\)")
ROLE_CLAUSE = regex.compile(
    r"^(?:由)?(?P<units>.+?)(?:" + words.ROLE_VERB_PREFIXES + r")?(?P<verb>" + alternation(words.ROLE_VERBS) + r")$"
)


# --- public API -------------------------------------------------------------------------


def split_units(field: str, region: Optional[str] = None, province: Optional[str] = None) -> list[UnitMatch]:
    """Split a unit list (the value of a 责任单位 field, no label) at 、 , ; and 及/和 where
    they join units — never inside brackets — qualified and classified."""
    units, _ = _read_list(field, 0, len(field), region, province, lines_separate=True)
    return units


def task_units(fields: dict[str, str], region: Optional[str] = None,
               province: Optional[str] = None) -> dict[str, list[UnitMatch]]:
    """A task's units by role, from its unit fields (role -> the field's text). A unit marked
    (牵头) inside a 责任单位 list leads as well: 省水利厅(牵头)、省发改委 puts 省水利厅 in
    lead and responsible, the marker dropped."""
    units = {role: split_units(value, region, province) for role, value in fields.items()}
    marked_lead = [
        unit for unit in units.get("responsible", [])
        if LEAD_MARKER.match(fields["responsible"], unit.end)
    ]
    if marked_lead:
        known = {u.text for u in units.get("lead", [])}
        units["lead"] = units.get("lead", []) + [u for u in marked_lead if u.text not in known]
    return units


def find_unit_lists(
    text: str, region: Optional[str] = None, province: Optional[str] = None
) -> list[UnitListMatch]:
    """Every labelled unit field in text ('LABEL:' or '【LABEL】' and its list), and every
    bracketed role note ("(市生态环境局牵头,市发展改革委配合)"), in text order. A list ends at
    a line end, 。 or ;, a bracket it did not open, the next label or outline number, or
    where run-on text goes on with a sentence after its last unit."""
    found: list[UnitListMatch] = []
    for label in UNIT_LABEL.finditer(text):
        value_start = label.end()
        region_end = _list_region_end(text, value_start)
        units, end = _read_list(text, value_start, region_end, region, province, lines_separate=False)
        if units:
            found.append(
                UnitListMatch(label.start(), end, text[label.start() : end], UNIT_LABELS[label["label"]], units)
            )
    found.extend(_role_brackets(text, region, province))
    found.sort(key=lambda m: m.start)
    return found


def qualify_unit(text: str, region: Optional[str], province: Optional[str] = None) -> str:
    """The unit's name with the level prefix of the plan's region spelt out: 市生态文明委 in a
    贵阳市 plan -> 贵阳市生态文明委, 区委 in a 拱墅区 plan -> 拱墅区委, 市生态环境局 in a 拱墅区
    plan -> 杭州市生态环境局. A unit that names a place, or a level the plan has not
    (县自然资源局 in a city plan), or 各区(市、县)…, is kept as written."""
    if not region or _names_place(text):
        return text
    prefix = LEVEL_PREFIX.match(text)
    if prefix is None:
        return text
    rest = text[prefix.end() :]
    if _names_place(rest):
        return rest  # 市清镇市人民政府: the prefix is a slip
    endings = words.LEVEL_PREFIXES[prefix["prefix"]]
    for name in region_chain(region, province):
        if name.endswith(endings):
            return name + rest
    return text


def classify_unit(name: str) -> str:
    """party | government | department | people_congress | discipline | court_procuratorate |
    management_committee | enterprise | other, by the first KIND_PATTERNS rule the name meets.
    A trailing bracket (各街道(园区)) is left out, and a joint unit takes its first body's kind
    (各区(市、县)人民政府和管委会 is government)."""
    while (bracket := TRAILING_BRACKET.search(name)) and bracket.start() > 0:
        name = name[: bracket.start()]
    for joint in JOINT.finditer(name):
        if name[joint.end() :] in words.BARE_BODIES and not _depth(name, 0, joint.start()):
            name = name[: joint.start()]
            break
    for kind, pattern in KIND_RULES:
        if pattern.search(name):
            return kind
    return "other"


# --- reading a list ---------------------------------------------------------------------


def _list_region_end(text: str, start: int) -> int:
    """Where a labelled list must end at the latest: line end, 。 or ;, a closing bracket
    it did not open, the next label or outline number."""
    limit = min(len(text), start + MAX_LIST_CHARS)
    boundary = LIST_BOUNDARY.search(text, start, limit)
    limit = boundary.start() if boundary else limit
    depth = 0
    for pos in range(start, limit):
        ch = text[pos]
        if ch in OPENING_BRACKETS:
            depth += 1
        elif ch in CLOSING_BRACKETS:
            if depth == 0:
                return pos
            depth -= 1
        elif ch == "\n" or (depth == 0 and ch in "。;;"):
            return pos
    return limit


def _items(text: str, start: int, end: int, separators: str) -> list[tuple[int, int, str]]:
    """(start, end, separator after) of each item between separators outside brackets."""
    items, depth, item_start = [], 0, start
    for pos in range(start, end):
        ch = text[pos]
        if ch in OPENING_BRACKETS:
            depth += 1
        elif ch in CLOSING_BRACKETS and depth:
            depth -= 1
        elif depth == 0 and ch in separators:
            items.append((item_start, pos, ch))
            item_start = pos + 1
    items.append((item_start, end, ""))
    return items


def _read_list(
    text: str, start: int, end: int, region: Optional[str], province: Optional[str], lines_separate: bool
) -> tuple[list[UnitMatch], int]:
    """Units of text[start:end] and where the list really ends (a run-on list stops early)."""
    units: list[UnitMatch] = []
    list_end = start
    previous_separator = ""
    separators = SEPARATORS + ("\n" if lines_separate else "")
    for item_start, item_end, separator in _items(text, start, end, separators):
        a, b = trim_span(text, item_start, item_end, UNIT_PADDING)
        if a < b:
            lenient = not units or previous_separator in ("、", "\n")
            unit_end, whole = _unit_end(text, a, b, lenient)
            if unit_end is None:
                break
            core_end = _strip_noise(text, a, unit_end)
            if core_end > a:
                units.extend(_joint_split(text, a, core_end, region, province))
            list_end = unit_end
            if not whole:
                break
        previous_separator = separator
    return units, list_end




def _strip_noise(text: str, a: int, b: int) -> int:
    """End of the unit once trailing 等, 按职责分工负责 and bracketed notes are dropped."""
    while b > a:
        item = text[a:b]
        note = TRAILING_BRACKET.search(item)
        if note and BRACKET_NOTE.search(note.group()):
            b = a + note.start()
            continue
        noise = TRAILING_NOISE.search(item)
        if noise and noise.start() < len(item) and noise.start() > 0:
            b = a + noise.start()
            continue
        break
    return b


def _looks_like_unit(item: str) -> bool:
    """Short, no sentence marks, and ends (before any trailing bracket) like a body or place."""
    core = item
    while (bracket := TRAILING_BRACKET.search(core)) and bracket.start() > 0:
        core = core[: bracket.start()]
    return (
        0 < len(item) <= MAX_UNIT_CHARS
        and not SENTENCE_PUNCTUATION.search(item)
        and bool(UNIT_ENDING.search(core) or PLACE_ENDING.search(core))
    )


def _unit_end(text: str, a: int, b: int, lenient: bool) -> tuple[Optional[int], bool]:
    """(end of the unit in text[a:b], whether the whole item is the unit) or (None, False).

    A whole item is a unit when, noise dropped, it ends like one. Otherwise the unit is cut
    after a unit ending where a sentence or number starts (the last such cut), or else after
    the first ending no name goes on from (…人民政府 not followed by 办公厅). `lenient` lets a
    short item without any ending through (公安、环保), as 、-joined lists have them.
    """
    end = min(b, a + MAX_ITEM_CHARS)  # no unit with its noise is longer: only a cut can end it
    core_end = _strip_noise(text, a, end) if end == b else end
    if end == b and _looks_like_unit(text[a:core_end]):
        return b, True
    cuts = _cuts(text, a, min(b, a + MAX_UNIT_CHARS))
    before_sentence = [p for p in cuts if SENTENCE_START.match(text, p, end)]
    if before_sentence:
        return before_sentence[-1], False
    item = text[a:core_end]
    plain = not SENTENCE_PUNCTUATION.search(item) and not regex.search(r"\d", item)
    if plain and cuts and len(item) <= MAX_TAILED_UNIT_CHARS and core_end - cuts[-1] <= MAX_TAIL_CHARS:
        return b, True  # a name with an ending this table lacks: 市政府督查室
    if plain and lenient and not cuts and len(item) <= MAX_BARE_ITEM_CHARS and not SENTENCE_START.match(item):
        return b, True
    for p in cuts:
        if TERMINAL_ENDING.search(text, a, p) and not SUB_BODY_START.match(text, p, end):
            return p, False
    return (cuts[-1], False) if cuts else (None, False)


def _cuts(text: str, a: int, b: int) -> list[int]:
    """Positions after a unit ending (outside brackets) in text[a:b]."""
    cuts, depth = [], 0
    for pos in range(a + 1, b):
        ch = text[pos - 1]
        if ch in OPENING_BRACKETS:
            depth += 1
        elif ch in CLOSING_BRACKETS and depth:
            depth -= 1
        if depth == 0 and pos - a >= 2 and UNIT_ENDING.search(text, max(a, pos - LONGEST_ENDING), pos):
            cuts.append(pos)
    return cuts


def _joint_split(
    text: str, a: int, b: int, region: Optional[str], province: Optional[str]
) -> list[UnitMatch]:
    """Split one item at 和/及 where both sides are units, unless the right side is a bare
    body that belongs with the left (各区(市、县)党委和政府, 党工委和管委会 stay one unit)."""
    pieces, start = [], a
    for joint in JOINT.finditer(text, a, b):
        if _depth(text, start, joint.start()):
            continue
        left, right = text[start : joint.start()], text[joint.end() : b]
        if not (UNIT_ENDING.search(left) and _looks_like_unit(right)):
            continue
        if JOINT.split(right, maxsplit=1)[0] in words.BARE_BODIES:
            continue
        pieces.append((start, joint.start()))
        start = joint.end()
    pieces.append((start, b))
    return [_unit(text, s, e, region, province) for s, e in pieces if e > s]


def _depth(text: str, a: int, b: int) -> int:
    depth = 0
    for ch in text[a:b]:
        if ch in OPENING_BRACKETS:
            depth += 1
        elif ch in CLOSING_BRACKETS and depth:
            depth -= 1
    return depth


def _unit(text: str, a: int, b: int, region: Optional[str], province: Optional[str]) -> UnitMatch:
    a, b = trim_span(text, a, b, UNIT_PADDING)
    written = text[a:b]
    name = qualify_unit(written, region, province)
    return UnitMatch(a, b, written, name, classify_unit(name))


def _names_place(text: str) -> bool:
    return place_at(regex.sub(r"^中共", "", text)) is not None


# --- bracketed role notes ------------------------------------------------------------------


def _role_brackets(text: str, region: Optional[str], province: Optional[str]) -> list[UnitListMatch]:
    """"(市生态环境局牵头,市发展改革委、市住建局配合)": one list per clause, role from its verb.
    Every clause must be units + a role verb, and one verb must be more than 负责/落实, so a
    note such as "(2018年底前完成)" or "(各地负责)" is not read as a unit list."""
    found = []
    for bracket in ROLE_BRACKET.finditer(text):
        body_start = bracket.start("body")
        clauses = [c for c in _items(text, body_start, bracket.end("body"), CLAUSE_SEPARATORS) if c[0] < c[1]]
        parsed = []
        for start, end, _ in clauses:
            clause = ROLE_CLAUSE.match(text[start:end])
            if clause is None:
                break
            units_start = start + clause.start("units")
            units_end = start + clause.end("units")
            units, list_end = _read_list(text, units_start, units_end, region, province, lines_separate=False)
            if not units or list_end < units_end or not all(_looks_like_unit(u.text) for u in units):
                break
            parsed.append((start, end, words.ROLE_VERBS[clause["verb"]], clause["verb"], units))
        else:
            if parsed and any(verb in words.STRONG_ROLE_VERBS for *_, verb, _ in parsed):
                for start, end, role, _, units in parsed:
                    found.append(UnitListMatch(start, end, text[start:end], role, units))
    return found
