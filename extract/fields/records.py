"""Record layouts of a rectification item: field labels that stand at a line start.

公示, 销号, 清单 and progress texts print one item (or several) as a record of labelled
fields rather than as a numbered heading with run-in labels:

    一、整改事项            反馈问题              【存在问题】           整改 任务 | 某某问题 |
    某某问题。              某某问题。            某某问题。             责任 单位 | 某某局 |
    二、责任单位            整改目标:……           【整改期限】立行立改
    ……

A label line is a line whose opening (after an optional outline number or 【) is a field
label, followed by a colon, a 【】 close, a table bar |, or nothing (the value then starts
on the next line). A record is a run of such fields that names a problem (or an item
number) and at least one field of the work (targets, time limit, units, measures,
progress). The run ends where a field repeats, a new problem starts, a heading that is no
label intervenes, or a closing line of the notice begins (以上整改情况向社会公示, 公示时间…).
The item's own number comes from a number field, else the heading the record stands
under, else — for a page holding a single record — its title or lead (第5项, (序号12),
编号36, 受理编号X…).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import Optional

import regex

from extract.data.sentence_words import FULL_STOPS
from extract.labels import (
    FIELD_LABELS,
    ITEM_NUMBER_PATTERNS,
    PLAN_PART_LABELS,
    RECORD_PROBLEM_LABELS,
    RECORD_CLOSING_OPENERS,
    UNIT_LABELS,
    alternation,
)
from extract.outline import Outline

MAX_HEAD_CHARS = 24  # a label with a short prefix (第二轮省生态环境保护督察反馈问题)
MAX_PREFIX_CHARS = 14
REPORT_SUFFIX = "情况"  # 交办的问题事项情况: a problem label with 情况 appended
MIN_PREFIXED_LABEL = 3  # 问题 alone takes no prefix: 关于XX问题 is a heading, not a label
LOOKBACK_CHARS = 800  # how far before a single record its title and lead are searched for its number

LINE_NUMBERING = regex.compile(
    r"[ \t\u3000]{0,8}(?:(?P<l1>[一二三四五六七八九十]{1,3}[、.,])|(?P<l2>[((][一二三四五六七八九十]{1,3}[))])"
    r"|(?P<l3>\d{1,2}(?:[、.,](?!\d)|(?=\s)))|(?P<l4>[((]\d{1,2}[))]))?[ \t\u3000]{0,4}"
)
UNNUMBERED = 9  # the level of a label line without a number: any heading ends its record
HEAD_SEPARATOR = regex.compile(r"[::|]")
HEAD_PARENTHESIS = regex.compile(r"[((](?P<inner>[^()()\n]{1,12})[))]")
NUMBER_HEAD = regex.compile(rf"^{alternation(FIELD_LABELS['number'])}(?P<number>第?[\w\-()()]{{1,24}}?项?)$")
NUMBER_VALUE = regex.compile(r"^第?(?P<number>[一二三四五六七八九十百零〇\d]{1,6}(?:[((]\d{1,4}[))])?)项?(?:问题)?$")
LEAD_NUMBER = regex.compile(r"^第(?P<number>[一二三四五六七八九十百零〇\d]{1,6})项[,,、::\s]\s{0,2}")
LEAD_CLAUSE = regex.compile(r"^[^。!?\n]{2,80}?[::]")
LEAD_BRACKET_NUMBER = regex.compile(r"^[((][^()()\n]{1,8}[))]\s{0,2}")
SENTENCE_END = regex.compile("[" + regex.escape(FULL_STOPS) + "\n]")
SENTENCE_CLOSE = set("。!?!?”’)")
CLOSING_LINE = regex.compile(r"[ \t\u3000]{0,8}" + alternation(RECORD_CLOSING_OPENERS))
CONTEXT_NUMBER = regex.compile("|".join(f"(?:{p})" for p in ITEM_NUMBER_PATTERNS))

LABEL_FIELD = {v: name for name, variants in FIELD_LABELS.items() for v in variants}
PREFIXED_LABELS = sorted((v for v in LABEL_FIELD if len(v) >= MIN_PREFIXED_LABEL), key=len, reverse=True)
ANY_LABEL_INSIDE = regex.compile(alternation(v for v in LABEL_FIELD if len(v) >= MIN_PREFIXED_LABEL))
# a record is about the work when it has one of these beside its problem
WORK_FIELDS = frozenset({"cause", "targets", "time_limit", "measures", "lead", "responsible", "supervising", "progress"})
UNIT_ROLES = frozenset(UNIT_LABELS.values())


@dataclass(frozen=True)
class LabelLine:
    """A field label at a line start: the line starts at line_start, the label at label_start,
    the value at value_start. `roles` adds unit roles named in the label's parentheses
    (牵头部门(责任单位) is lead and responsible); `number` is an item number in the label
    itself (问题编号5)."""

    field: str
    label: str
    line_start: int
    label_start: int
    value_start: int
    roles: tuple[str, ...] = ()
    number: Optional[str] = None
    level: int = UNNUMBERED  # the outline level of the line's own number (一、 = 1, (一) = 2, …)


@dataclass
class RecordField:
    line: LabelLine
    end: int


@dataclass
class Record:
    fields: list[RecordField] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.fields[0].line.line_start

    @property
    def end(self) -> int:
        return max(f.end for f in self.fields)

    def names(self) -> set[str]:
        return {f.line.field for f in self.fields}

    def first(self, name: str) -> Optional[RecordField]:
        return next((f for f in self.fields if f.line.field == name), None)


def label_lines(text: str) -> list[LabelLine]:
    """Every line of text that opens with a field label, in text order."""
    found = []
    position = 0
    while position < len(text):
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = len(text)
        line = _label_line(text, position, line_end)
        if line is not None:
            found.append(line)
        position = line_end + 1
    return found


def _label_line(text: str, line_start: int, line_end: int) -> Optional[LabelLine]:
    numbering = LINE_NUMBERING.match(text, line_start, line_end)
    head_start = numbering.end()
    level = next((k for k in range(1, 5) if numbering[f"l{k}"]), UNNUMBERED)
    if head_start >= line_end:
        return None
    separated = True  # a colon, bar or 【】 sets the label off from its value
    if text[head_start] == "【":
        close = text.find("】", head_start, min(line_end, head_start + MAX_HEAD_CHARS + 2))
        if close < 0:
            return None
        head, value_start = text[head_start + 1 : close], close + 1
        if text[value_start : value_start + 1] in (":", ":"):
            value_start += 1
    else:
        separator = HEAD_SEPARATOR.search(text, head_start, min(line_end, head_start + MAX_HEAD_CHARS + 1))
        if separator is not None:
            head, value_start = text[head_start : separator.start()], separator.end()
        elif len(text[head_start:line_end].strip()) <= MAX_HEAD_CHARS:
            head, value_start = text[head_start:line_end], min(line_end + 1, len(text))
            separated = False  # the value starts on the next line
        else:
            return None
    line = classify_head(head, line_start, head_start, value_start, separated)
    return None if line is None else replace(line, level=level)


def classify_head(
    head: str, line_start: int, label_start: int, value_start: int, separated: bool = True
) -> Optional[LabelLine]:
    """The field a line's head names, if any: a label as written (整改 任务), a label with a short
    prefix (第二轮省生态环境保护督察反馈问题), with a role in parentheses (牵头部门(责任单位)), or a
    number field that carries the number (问题编号5). `separated`: a colon, bar or 【】 follows
    the head (整改任务: names a record's problem, 三、整改任务 alone a plan's part)."""
    compact = regex.sub(r"\s+", "", head).rstrip("。;;,,.")
    if not compact:
        return None
    numbered = NUMBER_HEAD.match(compact)
    if numbered and numbered["number"] not in ("", "第"):
        number = clean_item_number(numbered["number"])
        return LabelLine("number", compact, line_start, label_start, value_start, number=number)
    inner = [m["inner"] for m in HEAD_PARENTHESIS.finditer(compact)]
    bare = HEAD_PARENTHESIS.sub("", compact)
    name = "problem" if separated and bare in RECORD_PROBLEM_LABELS else LABEL_FIELD.get(bare) or _prefixed_field(bare)
    if name is None:
        return None
    roles = tuple(UNIT_LABELS[i] for i in inner if i in UNIT_LABELS and UNIT_LABELS[i] != name)
    return LabelLine(name, compact, line_start, label_start, value_start, roles=roles)


def _prefixed_field(head: str) -> Optional[str]:
    if head.endswith(REPORT_SUFFIX) and len(head) > len(REPORT_SUFFIX):  # 交办的问题事项情况
        found = _prefixed_field(head[: -len(REPORT_SUFFIX)])
        if found == "problem":
            return found
    for label in PREFIXED_LABELS:
        if head.endswith(label):
            prefix = head[: -len(label)]
            if len(prefix) > MAX_PREFIX_CHARS or regex.search(r"[“”\"《》‘’。;;,,、:!?]", prefix) or ANY_LABEL_INSIDE.search(prefix):
                return None
            return LABEL_FIELD[label]
    return None


def find_records(text: str, outline: Outline, lines: list[LabelLine]) -> list[Record]:
    """Group label lines into records; keep those that name a problem (or number) and some work."""
    records = group_records(text, outline, lines)
    valid = [r for r in records if r.names() & {"problem", "number"} and r.names() & WORK_FIELDS
             and any(_bare(f.line.label) not in PLAN_PART_LABELS for f in r.fields)]
    last = records[-1] if records else None
    if valid and last is not valid[-1] and last.names() <= {"problem", "number"} and cut_off(text, last.end):
        valid.append(last)  # the text ends inside the next record's problem: a truncated item
    return valid


def numbered_lead_record(text: str, outline: Outline, lines: list[LabelLine]) -> Optional[tuple[Record, int, int, str]]:
    """A page's only record that names no problem but reports work (整改落实情况 with numbered
    measures, 核查验收情况) under a lead line that names the item by its number
    (…反馈意见(34号问题)已完成整改…): the record, the lead line's span and the number."""
    records = group_records(text, outline, lines)
    if len(records) != 1 or not records[0].names() & {"measures", "progress"}:
        return None
    record = records[0]
    lead_end = strip_end(text, 0, record.start)
    lead_start = line_start_of(text, lead_end)
    number = CONTEXT_NUMBER.search(text, lead_start, lead_end)
    if number is None or lead_end <= lead_start:
        return None
    return record, lead_start, lead_end, context_number(number)


def group_records(text: str, outline: Outline, lines: list[LabelLine]) -> list[Record]:
    """Label lines grouped into runs: a run ends at a repeated field, a second problem, a
    heading that is no label (numbered no deeper than the labels) or a closing line."""
    line_starts = {line.line_start for line in lines}
    closings = [m.start() for m in _closing_lines(text)]
    headings = [(h.start, h.level) for h in outline.headings if line_start_of(text, h.start) not in line_starts]
    records: list[Record] = []
    current: Optional[Record] = None
    heading_starts = [start for start, _ in headings]
    stops_by_level: dict[int, list[int]] = {}
    for k, line in enumerate(lines):
        # a heading ends the record unless it is numbered deeper than the labels (the (一)(二)
        # measures under 三、整改措施)
        level = _items_level(text, line, headings, heading_starts)
        if level not in stops_by_level:
            stops_by_level[level] = sorted(closings + [start for start, at in headings if at <= level])
        stops = stops_by_level[level]
        next_label = lines[k + 1].line_start if k + 1 < len(lines) else len(text)
        stop = _first_after(stops, line.value_start)
        end = strip_end(text, line.value_start, min(next_label, stop if stop is not None else len(text)))
        # the field before ended short of this label: something not of the record stands between
        broken = current is not None and current.fields[-1].end < strip_end(text, 0, line.line_start)
        if current is None or broken or _opens_new_record(current, line):
            current = Record()
            records.append(current)
        current.fields.append(RecordField(line, end))
    return records


def _bare(label: str) -> str:
    return HEAD_PARENTHESIS.sub("", label)


def cut_off(text: str, end: int) -> bool:
    """Whether the text ends at `end` in mid-sentence (an excerpt cut inside an item)."""
    body = text.rstrip()
    return end >= len(body) - 1 and body[-1:] not in SENTENCE_CLOSE


def _items_level(text: str, line: LabelLine, headings: list[tuple[int, int]], starts: list[int]) -> int:
    """The level below which headings belong to the field: the field's own numbering, or
    shallower than the numbered items its value opens with ((1)(2)(3) right under 整改落实情况)."""
    k = bisect_left(starts, line.value_start)
    first = headings[k] if k < len(headings) else None
    if first is not None and not text[line.value_start : first[0]].strip():
        return min(line.level, first[1] - 1)
    return line.level


def _opens_new_record(record: Record, line: LabelLine) -> bool:
    names = record.names()
    if line.field in ("other", "leaders", "progress"):
        return False  # a report may have several parts (整改落实情况, 核查验收情况)
    if line.field in names:
        return True
    # fields printed before the problem (【主管单位】… 【存在问题】…) belong to it
    return line.field in ("problem", "number") and bool(names & {"problem", "number"})


def _closing_lines(text: str):
    for match in regex.finditer(r"(?m)^", text):
        closing = CLOSING_LINE.match(text, match.start())
        if closing is not None:
            yield closing


def line_start_of(text: str, position: int) -> int:
    """Where the line holding `position` starts."""
    return text.rfind("\n", 0, position) + 1


def _first_after(positions: list[int], after: int) -> Optional[int]:
    k = bisect_right(positions, after)
    return positions[k] if k < len(positions) else None


def strip_end(text: str, start: int, end: int) -> int:
    """End of text[start:end] without trailing spaces, line ends, bars and semicolons."""
    while end > start and text[end - 1] in " \t\u3000\n|;;":
        end -= 1
    return end


# --- the record's problem and number -------------------------------------------------------


def problem_of(text: str) -> tuple[str, Optional[str], Optional[str]]:
    """The problem field's first sentence without a lead label or number, the rest of the
    field, and a number the lead gave (第二十六项,督察发现… / 任务清单第4项:…)."""
    body = text.strip()
    number = None
    lead = LEAD_NUMBER.match(body)
    if lead is not None:
        number, body = clean_item_number(lead["number"]), body[lead.end() :]
    clause = LEAD_CLAUSE.match(body)
    if clause is not None and len(body) > clause.end():
        found = CONTEXT_NUMBER.search(clause.group())
        if found is not None and number is None:
            number = context_number(found)
        body = body[clause.end() :]
    body = LEAD_BRACKET_NUMBER.sub("", body, count=1) if regex.match(r"^[((][十\d*\s]{1,8}[))]", body) else body
    end = SENTENCE_END.search(body)
    sentence = body[: end.start()] if end else body
    rest = body[end.end() :].strip() if end else ""
    return sentence.strip(), rest or None, number


def number_in_context(text: str, start: int, end: int) -> Optional[str]:
    """The item number a single record's title or lead gives: 第5项问题, 整改任务(序号六),
    (省序号20), 编号36, 受理编号X3JX…, 反馈意见(14-2), (34号问题)."""
    found = CONTEXT_NUMBER.search(text, max(0, start - LOOKBACK_CHARS), end)
    return context_number(found) if found is not None else None


def context_number(match) -> str:
    number = match["number"]
    if match["sub"]:
        number += f"({match['sub']})"
    return clean_item_number(number)


def clean_item_number(raw: str) -> str:
    """An item number as the gold writes it: 第二十七项 -> 二十七, 十七(69) kept."""
    value = NUMBER_VALUE.match(raw)
    if value is not None:
        return value["number"].replace("(", "(").replace(")", ")")
    return regex.sub(r"[\s、.,。]", "", raw)
