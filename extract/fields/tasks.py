"""Rectification items (整改任务): problems that carry their own labelled fields.

An item is a heading whose body holds task-field labels (问题, 原因分析, 整改目标,
整改时限, 牵头单位, 责任单位, 督导单位, 整改措施 and their variants, run in or on lines
of their own), a top-level item of an appendix list with fields of its own, a row of a
table whose header names those fields (also a table flattened into text, see
text_tables.py), or a record of label lines as 公示/销号/清单 pages print them (see
records.py). This module finds the items and cuts their fields, and holds the rules that
tie a task to its deadlines and leaders; dates, units and indicators inside them come from
the other field modules, linked by position. docs/tasks.md lists the layouts.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Optional

import regex

from extract.data.sentence_words import SENTENCE_ENDS
from extract.fields import deadlines as deadline_rules
from extract.numerals import chinese_to_int
from extract.fields.records import (
    CLOSING_LINE,
    WORK_FIELDS,
    LabelLine,
    Record,
    clean_item_number,
    cut_off,
    find_records,
    label_lines,
    line_start_of,
    number_in_context,
    numbered_lead_record,
    problem_of,
    strip_end,
)
from extract.fields.text_tables import text_tables
from extract.labels import ANY_FIELD_LABEL, RECORD_PROBLEM_LABELS, field_of_label
from extract.normalise import NormalisedDocument, TableLayout
from extract.outline import Heading, Outline

# fields that make a heading's body a task, beyond a lone unit list
TASK_FIELDS = frozenset({"cause", "targets", "time_limit", "measures", "lead", "supervising"})
# a numbered heading with one of these alone in its body is a problem with its measures or
# progress (反馈问题/整改完成情况 records of progress and 巡察 reports)
LONE_TASK_FIELDS = frozenset({"measures", "progress"})
MAX_SHARING_BODY = 300  # a numbered problem that shares the fields after it states only itself
ITEM_NUMBER = regex.compile(
    r"(?:(?P<digit>\d{1,2})[.、](?!\d)|\((?P<paren>\d{1,2})\)|(?P<circled>[①-⑳])"
    r"|\((?P<cparen>[一二三四五六七八九十]{1,3})\))"
)
ITEM_STYLES = ("digit", "paren", "circled", "cparen")
ITEM_BOUNDARY = set(";;。:\n)”")
TARGET_REFERENCE = regex.compile(r"第(?P<numbers>\d{1,2}(?:[、,和及至-]\d{1,2})*)项(?:整改)?目标")
SENTENCE_END = regex.compile("[" + regex.escape(SENTENCE_ENDS) + "\n]")
PROBLEM_END = regex.compile(r"[。!?\n]")
RUN_IN_MARK = regex.compile(r"(?<=[。;;::!?])[((](?P<number>[一二三四五六七八九十]{1,3})[))]")
LEADER_SEPARATORS = regex.compile(r"[、,;;\s]+(?![^(]*\))")  # not inside 张三(副市长、秘书长)
OWN_NUMBER = regex.compile(r"\s{0,2}(?P<number>[一二三四五六七八九十]{1,4})、")
UNOPENED_CLOSERS = "))"


@dataclass(frozen=True)
class FieldValue:
    """A labelled field's value: text[start:end] of the normalised document; its label
    starts at label_start (a table cell has no label in the text: label_start == start)."""

    field: str
    label: str
    label_start: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class NumberedItem:
    number: Optional[str]
    start: int
    end: int
    text: str


@dataclass
class TaskMatch:
    start: int
    end: int
    number: Optional[str]
    problem: str
    finding: Optional[str] = None
    fields: dict[str, FieldValue] = field(default_factory=dict)
    targets: list[NumberedItem] = field(default_factory=list)
    measures: list[NumberedItem] = field(default_factory=list)
    truncated: bool = False
    row: Optional[int] = None  # table row, for table tasks


def find_tasks(document: NormalisedDocument, outline: Outline) -> list[TaskMatch]:
    """Every rectification item of the document, inline, tabular and in record layouts,
    in text order."""
    text = document.text
    lines = label_lines(text)
    tasks = _heading_tasks(text, outline, lines)
    tables = list(document.tables)
    tables += [t for t in text_tables(text) if not any(a <= t.span[0] < b for a, b in (u.span for u in tables))]
    for layout in tables:
        tasks.extend(_table_tasks(text, layout))
    in_tables = [layout.span for layout in tables]
    free_lines = [line for line in lines if not any(a <= line.line_start < b for a, b in in_tables)]
    tasks.extend(_record_tasks(text, outline, free_lines, tasks))
    tasks = _with_run_in_items(text, tasks)
    tasks.sort(key=lambda t: t.start)
    tasks.extend(_cut_sibling(text, outline, tasks))
    _mark_truncated(tasks, text)
    return tasks


def _cut_sibling(text: str, outline: Outline, tasks: list[TaskMatch]) -> list[TaskMatch]:
    """The item after the last heading item, when the text ends inside it before its fields:
    the next heading at the same level (in an appendix list, or where the text stops
    mid-sentence), or else the next number of the same style at a line start (六、 then 七、)
    that the outline did not take. The last item then ends where it begins."""
    last = tasks[-1] if tasks else None
    if last is None or last.row is not None or not last.number:
        return []
    own = next((h for h in outline.headings if h.start == last.start and h.title == last.problem), None)
    if own is None:
        return []
    later = [h for h in outline.headings if h.start >= last.end]
    if later:
        sibling = later[0]
        if sibling.level != own.level or any(h.level <= sibling.level for h in later[1:]):
            return []
        if not (sibling.appendix or cut_off(text, len(text))):
            return []  # a closing part of the plan (七、保障措施), not an item cut short
        return [TaskMatch(start=sibling.start, end=len(text.rstrip()), number=sibling.number, problem=sibling.title)]
    marker = text[own.start : own.title_start].strip()
    if not cut_off(text, len(text)):
        return []
    if marker not in (f"{own.number}、", f"{own.number}."):
        return []
    following = str(own.value + 1) if own.number.isdigit() else _chinese_numeral(own.value + 1)
    mark = marker[-1]
    found = regex.compile(r"(?m)^[ \t\u3000]{0,8}" + regex.escape(following + mark)).search(text, own.title_end, last.end)
    if found is None:
        return []
    body_start = found.end()
    sentence = PROBLEM_END.search(text, body_start)
    problem = text[body_start : sentence.start() if sentence else len(text)].strip()
    last.end = found.start()
    return [TaskMatch(start=found.start(), end=len(text.rstrip()), number=following, problem=problem)]


def _with_run_in_items(text: str, tasks: list[TaskMatch]) -> list[TaskMatch]:
    """Numbered problems run into a paragraph, each with its labelled fields (…汇报如下:(一)某问题。
    整改措施:…(二)某问题。整改措施:…), as web pages print them once their line breaks are
    lost: one task per problem, in place of the heading items that merely contain them."""
    items: list[TaskMatch] = []
    for sequence in _run_in_sequences(text):
        ends = [m.start() for m in sequence[1:]] + [_run_in_end(text, sequence[-1].end())]
        found = []
        for mark, end in zip(sequence, ends):
            sentence = PROBLEM_END.search(text, mark.end(), end)
            problem_end = sentence.end() if sentence else end
            fields = _labelled_fields(text, problem_end, end)
            if not fields and not (found and cut_off(text, end)):
                break  # every item has fields, but the last may be cut off by the excerpt's end
            problem = text[mark.end() : sentence.start() if sentence else end].strip(" ,,;;")
            task = TaskMatch(start=mark.start(), end=end, number=mark["number"], problem=problem, fields=fields)
            _split_items(text, task)
            found.append(task)
        if len(found) >= 2:
            items.extend(found)
    if not items:
        return tasks
    kept = [t for t in tasks if t.row is not None or not any(t.start <= i.start < t.end for i in items)]
    return kept + [i for i in items if not any(t.start <= i.start < t.end for t in kept)]


def _run_in_sequences(text: str) -> list[list]:
    """Runs of run-in marks (一)(二)(三)… in sequence, each after a sentence end or colon."""
    sequences: list[list] = []
    for mark in RUN_IN_MARK.finditer(text):
        value = chinese_to_int(mark["number"])
        if value == 1:
            sequences.append([mark])
        elif sequences and value == chinese_to_int(sequences[-1][-1]["number"]) + 1:
            sequences[-1].append(mark)
    return [s for s in sequences if len(s) >= 2]


def _run_in_end(text: str, start: int) -> int:
    """Where the last run-in item ends: at a closing line of the page, else the text's end."""
    closing = regex.search(r"\n" + CLOSING_LINE.pattern, text[start:])
    return start + closing.start() if closing else len(text.rstrip())


def _chinese_numeral(value: int) -> str:
    """1..99 written as an outline number: 7 -> 七, 10 -> 十, 12 -> 十二, 20 -> 二十."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(value, 10)
    return (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")


def _heading_tasks(text: str, outline: Outline, lines: list[LabelLine]) -> list[TaskMatch]:
    headings = outline.headings
    appendix_levels = [h.level for h in headings if h.appendix]
    top_appendix_level = min(appendix_levels) if appendix_levels else None
    label_line_starts = {line.line_start for line in lines}
    starts = [line.line_start for line in lines]
    problem_lines = [line.line_start for line in lines if line.field in ("problem", "number")]
    tasks = []
    sharing: list[Heading] = []  # numbered problems waiting for the block of fields they share
    for index, heading in enumerate(headings):
        # the labels must stand in the heading's own text, before any sub-heading: a part
        # (三、整改任务) whose items carry the fields is not itself a task
        own_end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        if sharing and (heading.level != sharing[-1].level or heading.parent != sharing[-1].parent):
            sharing = []
        if line_start_of(text, heading.start) in label_line_starts:
            continue  # a numbered field label of a record (二、整改目标)
        if bisect_left(problem_lines, own_end) > bisect_left(problem_lines, heading.title_end):
            continue  # a heading over a record that names its own problem: the record is the task
        run_in = {f.field for f in _labelled_fields(text, heading.title_end, own_end).values()}
        own_names = run_in | {line.field for line in _lines_in(lines, starts, heading.title_end, own_end)}
        # an item of an appendix list is a task by its place, but only with a field of its own:
        # a 领导小组成员名单 or a form in an appendix is no task list
        is_appendix_item = heading.appendix and heading.level == top_appendix_level and bool(_body_fields(
            text, heading, headings, index, _lines_in(lines, starts, heading.title_end, len(text))))
        # a lone field must run in (1.问题…。整改完成情况:…); a label on a line of its own after a
        # numbered paragraph is the record's next field, not the paragraph's
        if not is_appendix_item and len(own_names & TASK_FIELDS) < 2 and not run_in & LONE_TASK_FIELDS:
            next_is_sibling = index + 1 < len(headings) and headings[index + 1].level == heading.level
            if not own_names and next_is_sibling and len(text[heading.title_end : own_end].strip()) <= MAX_SHARING_BODY:
                sharing.append(heading)
            else:
                sharing = []
            continue
        if any(t.start < heading.start < t.end for t in tasks):
            continue  # a numbered part inside a task already found
        end = _body_end(headings, index, len(text))
        fields = _labelled_fields(text, heading.title_end, end)
        for line, line_end in _line_fields(text, _lines_in(lines, starts, heading.title_end, end), heading.title_end, end):
            if line.field not in fields:  # labels on lines of their own, no colon
                fields[line.field] = FieldValue(line.field, line.label, line.label_start, line.value_start,
                                                line_end, text[line.value_start : line_end])
        for shared in sharing:  # (一)问题甲。(二)问题乙。then one block of fields for both
            fellow = TaskMatch(start=shared.start, end=headings[headings.index(shared) + 1].start,
                               number=shared.number, problem=shared.title, fields=dict(fields))
            _split_items(text, fellow)
            tasks.append(fellow)
        sharing = []
        task = TaskMatch(
            start=heading.start,
            end=end,
            number=heading.number,
            problem=heading.title,
            fields=fields,
        )
        first_label = min((f.label_start for f in fields.values()), default=end)
        finding = text[heading.title_end : first_label].strip("。 \n")
        task.finding = finding or None
        _split_items(text, task)
        tasks.append(task)
    return tasks


def _lines_in(lines: list[LabelLine], starts: list[int], start: int, end: int) -> list[LabelLine]:
    """The label lines that start in [start, end) (starts: their line starts, in order)."""
    return lines[bisect_left(starts, start) : bisect_left(starts, end)]


def _line_fields(text: str, lines: list[LabelLine], start: int, end: int) -> list[tuple[LabelLine, int]]:
    """Label lines in [start, end), each with where its value ends (the next label or end)."""
    inside = [line for line in lines if start <= line.line_start < end]
    found = []
    for k, line in enumerate(inside):
        value_end = inside[k + 1].line_start if k + 1 < len(inside) else end
        found.append((line, max(strip_end(text, line.value_start, value_end), line.value_start)))
    return found


def _body_fields(text: str, heading: Heading, headings, index: int, lines: list[LabelLine]) -> set[str]:
    """The work fields named anywhere in a heading's body, run in or on lines of their own."""
    end = _body_end(headings, index, len(text))
    names = {f.field for f in _labelled_fields(text, heading.title_end, end).values()}
    names |= {line.field for line in lines if heading.title_end <= line.line_start < end}
    return names & WORK_FIELDS


def _body_end(headings: tuple[Heading, ...], index: int, text_end: int) -> int:
    level = headings[index].level
    for later in headings[index + 1 :]:
        if later.level <= level:
            return later.start
    return text_end


def _labelled_fields(text: str, start: int, end: int) -> dict[str, FieldValue]:
    """Cut [start, end) at its field labels; each value runs to the next label."""
    labels = []
    for match in ANY_FIELD_LABEL.finditer(text, start, end):
        name = field_of_label(match.group("label"))
        if name and name != "number":
            labels.append((match.start(), match.end(), name, match.group("label")))
    fields: dict[str, FieldValue] = {}
    for k, (label_start, value_start, name, label) in enumerate(labels):
        value_end = labels[k + 1][0] if k + 1 < len(labels) else end
        value = text[value_start:value_end]
        stripped_end = value_start + len(value.rstrip("。;; \n"))
        if text[stripped_end - 1 : stripped_end] in UNOPENED_CLOSERS and _depth(text[value_start:stripped_end]) < 0:
            stripped_end -= 1  # (牵头单位:扶贫办;责任单位:各村支部): the bracket closes around the fields
        if name not in fields:  # the first occurrence names the field; a repeated label ends it
            fields[name] = FieldValue(
                name, label, label_start, value_start, stripped_end, text[value_start:stripped_end]
            )
    return fields


def _depth(value: str) -> int:
    return sum(value.count(c) for c in "((") - sum(value.count(c) for c in UNOPENED_CLOSERS)


def _split_items(text: str, task: TaskMatch) -> None:
    for name, target in (("targets", task.targets), ("measures", task.measures)):
        value = task.fields.get(name)
        if value is not None:
            target.extend(split_numbered(text, value.start, value.end))
    progress = task.fields.get("progress")
    if "measures" not in task.fields and progress is not None:
        # a 反馈问题/整改进展情况 record: the numbered items of its progress are its measures
        task.measures.extend(m for m in split_numbered(text, progress.start, progress.end) if m.number)


def split_numbered(text: str, start: int, end: int) -> list[NumberedItem]:
    """Split a field into its numbered items 1. 2. 3. (or (1) (2), ①②), following the sequence so
    that a nested (1) inside item 4 stays part of item 4; an unnumbered field is one item."""
    marks: list[tuple[int, int, str]] = []
    style = None
    expected = 1
    for match in ITEM_NUMBER.finditer(text, start, end):
        kind = next(k for k in ITEM_STYLES if match.group(k))
        raw = match.group(kind)
        value = ord(raw) - 0x245F if kind == "circled" else chinese_to_int(raw) if kind == "cparen" else int(raw)
        before = text[match.start() - 1] if match.start() > start else "\n"
        at_boundary = match.start() == start or before in ITEM_BOUNDARY or not _is_ascii_word(before)
        if style is None and value == 1 and at_boundary:
            style = kind
        if kind != style or value != expected or not at_boundary or before.isdigit():
            continue
        marks.append((match.start(), match.end(), raw if kind == "cparen" else str(value)))
        expected += 1
    if not marks:
        body = text[start:end].strip()
        return [NumberedItem(None, start, end, body)] if body else []
    items = []
    lead = text[start : marks[0][0]].strip(" \n:")
    for k, (mark_start, body_start, number) in enumerate(marks):
        item_end = marks[k + 1][0] if k + 1 < len(marks) else end
        body = text[body_start:item_end].rstrip(";; \n")
        items.append(NumberedItem(number, mark_start, body_start + len(body), body))
    if lead and len(lead) > 12:
        items.insert(0, NumberedItem(None, start, marks[0][0], lead))
    return items


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def target_references(time_limit: str) -> list[tuple[int, list[int]]]:
    """In 整改时限 text, each 第1、2项目标 with its position: which targets the following date binds."""
    references = []
    for match in TARGET_REFERENCE.finditer(time_limit):
        numbers: list[int] = []
        for part in regex.split(r"[、,和及]", match.group("numbers")):
            if "-" in part or "至" in part:
                low, high = regex.split(r"[-至]", part)
                numbers.extend(range(int(low), int(high) + 1))
            elif part:
                numbers.append(int(part))
        references.append((match.end(), numbers))
    return references


# --- the task's own deadlines and leaders -------------------------------------------------


def own_deadlines(task: TaskMatch, deadline_starts: list[int]) -> list[int]:
    """Indices into deadline_starts (text order) of the task's own time limits: those in its
    整改时限 field; where it has none, those in its 整改目标 and then its 整改措施; where it has
    neither, those in the numbered items of its progress (a 反馈问题/整改落实情况 record)."""
    def inside(value) -> list[int]:
        return list(range(bisect_left(deadline_starts, value.start), bisect_left(deadline_starts, value.end)))

    time_limit = task.fields.get("time_limit")
    if time_limit is not None and inside(time_limit):
        return inside(time_limit)
    spans = [task.fields[name] for name in ("targets", "measures") if name in task.fields]
    if not spans:
        spans = task.measures  # the numbered items of a progress field, reporting the work done
    return [k for value in spans for k in inside(value)]


def item_deadlines(task: TaskMatch, deadline_starts: list[int]) -> tuple[list[Optional[int]], list[Optional[int]]]:
    """For each target and each measure, the index into deadline_starts (text order) of the
    deadline it is held to: a target's from the 整改时限 (target_deadlines), a measure's the
    last date inside the measure itself."""
    time_limit = task.fields.get("time_limit")
    first = bisect_left(deadline_starts, time_limit.start) if time_limit else 0
    limits = deadline_starts[first : bisect_left(deadline_starts, time_limit.end)] if time_limit else []
    targets = [None if k is None else first + k for k in target_deadlines(task, limits)]
    measures = []
    for measure in task.measures:
        inside = bisect_left(deadline_starts, measure.end) - bisect_left(deadline_starts, measure.start)
        measures.append(bisect_left(deadline_starts, measure.end) - 1 if inside else None)
    return targets, measures


def target_deadlines(task: TaskMatch, limit_starts: list[int]) -> list[Optional[int]]:
    """For each target, the index into limit_starts (the 整改时限 dates, text order) that binds
    it: 整改时限 "第1、2项目标2017年9月30日;第3项目标…" binds each date to the targets named
    before it; a single list without references binds its first date to every target."""
    time_limit = task.fields.get("time_limit")
    bound: list[Optional[int]] = [None] * len(task.targets)
    if not task.targets or not limit_starts or time_limit is None:
        return bound
    references = target_references(time_limit.text)
    if not references:
        return [0] * len(task.targets)
    for k, start in enumerate(limit_starts):
        named = [numbers for end, numbers in references if end <= start - time_limit.start]
        if not named:
            continue
        for number in named[-1]:
            for t, target in enumerate(task.targets):
                if target.number == str(number) and bound[t] is None:
                    bound[t] = k
    return bound


def time_limit_fallbacks(tasks: list[TaskMatch], found: list, year: Optional[int]) -> list:
    """A 整改时限 field is a time limit by its label: where the general deadline rules found
    nothing in it (立行立改, a bare 长期), read it as one expression."""
    extra = []
    for task in tasks:
        value = task.fields.get("time_limit")
        if value is None or any(value.start <= d.start < value.end for d in found):
            continue
        match = deadline_rules.parse_deadline(value.text, year)
        if match is not None:
            extra.append(replace(match, start=match.start + value.start, end=match.end + value.start))
    return extra


def leaders_of(task: TaskMatch) -> list[str]:
    """The people a 责任领导/责任人 field names, one per person (张三(副市长、秘书长) is one)."""
    value = task.fields.get("leaders")
    return [name for name in LEADER_SEPARATORS.split(value.text) if name] if value else []


# --- records ---------------------------------------------------------------------


def _record_tasks(text: str, outline: Outline, lines: list[LabelLine], found: list[TaskMatch]) -> list[TaskMatch]:
    """Records of label lines outside the items already found, each one task."""
    free_lines = [line for line in lines if not any(t.start <= line.line_start < t.end for t in found)]
    # a part title (三、整改任务) over items already found is no record
    records = [r for r in find_records(text, outline, free_lines)
               if not any(r.start < t.end and t.start < r.end for t in found)]
    tasks = [_record_task(text, record) for record in records]
    for task, record in zip(tasks, records):
        if task.number is None and len(records) == 1 and not found:
            task.number = number_in_context(text, record.start, record.start)
        if task.number is None and len(records) > 1:
            task.number = _heading_number(outline, record, records)
    if not records and not found:
        return _lead_line_task(text, outline, free_lines)
    return [each for task, record in zip(tasks, records) for each in _numbered_problems(text, task, record)]


def _numbered_problems(text: str, task: TaskMatch, record: Record) -> list[TaskMatch]:
    """反馈问题: 1.… 2.… then one block of fields: one task per numbered problem, each
    carrying the shared fields."""
    problem = record.first("problem")
    if problem is None:
        return [task]
    items = [i for i in split_numbered(text, problem.line.value_start, problem.end) if i.number]
    if len(items) < 2:
        return [task]
    return [
        TaskMatch(start=item.start, end=item.end, number=item.number, problem=problem_of(item.text)[0],
                  fields=task.fields, targets=task.targets, measures=task.measures)
        for item in items
    ]


def _lead_line_task(text: str, outline: Outline, lines: list[LabelLine]) -> list[TaskMatch]:
    """A single report of work whose problem is only named by a numbered lead line."""
    found = numbered_lead_record(text, outline, lines)
    if found is None:
        return []
    record, lead_start, lead_end, number = found
    task = _record_task(text, record)
    sentence = PROBLEM_END.search(text, lead_start, lead_end)
    task.start, task.number = lead_start, number
    task.problem = text[lead_start : sentence.start() if sentence else lead_end].strip()
    return [task]


def _record_task(text: str, record: Record) -> TaskMatch:
    fields: dict[str, FieldValue] = {}
    for item in record.fields:
        line = item.line
        value = FieldValue(line.field, line.label, line.label_start, line.value_start, item.end,
                           text[line.value_start : item.end])
        for name in (line.field, *line.roles):
            fields.setdefault(name, value)
    number_field = fields.pop("number", None)
    problem_field = fields.pop("problem", None)
    number = None
    if number_field is not None:
        number_line = record.first("number").line
        number = number_line.number or clean_item_number(number_field.text.split("\n")[0])
        if problem_field is None and number_line.number:
            problem_field = number_field  # 问题编号5:省级自然保护区…
    problem, finding, lead_number = problem_of(problem_field.text) if problem_field else ("", None, None)
    task = TaskMatch(
        start=record.start,
        end=record.end,
        number=number or lead_number,
        problem=problem,
        finding=finding,
        fields=fields,
    )
    _split_items(text, task)
    return task


def _heading_number(outline: Outline, record: Record, records: list[Record]) -> Optional[str]:
    """The number of the heading a record stands under, when that heading holds no other record."""
    before = [h for h in outline.headings if h.start < record.start and h.number]
    for heading in reversed(before):
        if heading.title_end > record.start:
            continue
        index = outline.headings.index(heading)
        end = _body_end(outline.headings, index, records[-1].end + 1)
        if sum(1 for r in records if heading.start <= r.start < end) == 1:
            return heading.number
        return None
    return None


# --- tables ------------------------------------------------------------------------


def _table_tasks(text: str, layout: TableLayout) -> list[TaskMatch]:
    """Rows of a table whose header names task fields become tasks, one per row."""
    header_index, columns = _task_header(text, layout)
    if header_index is None:
        return []
    header_texts = [_cell(text, c) for c in layout.cells[header_index]]
    tasks = []
    for row_index in range(header_index + 1, len(layout.cells)):
        cells = layout.cells[row_index]
        texts = [_cell(text, c) for c in cells]
        if texts == header_texts or not any(t.strip() for t in texts):
            continue  # a header repeated on a new page, or an empty row
        fields: dict[str, FieldValue] = {}
        for column, name in columns.items():
            if column >= len(cells):
                continue
            a, b = cells[column]
            value = text[a:b].strip()
            if value and name not in fields:
                fields[name] = FieldValue(name, header_texts[column], a, a, a + len(text[a:b].rstrip()), value)
        problem_field = fields.pop("problem", None)
        number_field = fields.pop("number", None)
        if problem_field is None and "measures" not in fields:
            continue
        own_number = OWN_NUMBER.match(problem_field.text) if problem_field else None
        if own_number is not None:  # 十三、截至… in the 整改任务 cell: the plan's own item number
            problem_field = replace(problem_field, start=problem_field.start + own_number.end(),
                                    text=problem_field.text[own_number.end() :])
        problem, finding = _problem_sentence(problem_field)
        row_number = _clean_number(number_field.text) if number_field else str(len(tasks) + 1)
        task = TaskMatch(
            start=cells[0][0],
            end=cells[-1][1],
            number=own_number["number"] if own_number else row_number,
            problem=problem,
            finding=finding,
            fields=fields,
            row=row_index,
        )
        _split_items(text, task)
        tasks.append(task)
    return tasks


def _task_header(text: str, layout: TableLayout) -> tuple[Optional[int], dict[int, str]]:
    for row_index, cells in enumerate(layout.cells[:3]):
        columns = {}
        cell_texts = [_cell(text, span) for span in cells]
        exact = {k: field_of_label(cell, exact=True) for k, cell in enumerate(cell_texts) if len(cell) <= 12}
        if "problem" not in exact.values():  # the 整改任务 column of a list names the problem
            record_problem = next((k for k, cell in enumerate(cell_texts) if cell in RECORD_PROBLEM_LABELS), None)
            if record_problem is not None:
                exact[record_problem] = "problem"
        # a column named by a label as written comes before one whose name only contains a
        # label (问题具体情况 is the problem, 问题类型 beside it is not)
        columns = {k: name for k, name in exact.items() if name}
        for k, cell in enumerate(cell_texts):
            name = field_of_label(cell)
            if k not in columns and name and len(cell) <= 12 and name not in columns.values():
                columns[k] = name
        if len(set(columns.values()) & (TASK_FIELDS | {"problem", "responsible"})) >= 3:
            return row_index, columns
    return None, {}


def _cell(text: str, span: tuple[int, int]) -> str:
    return regex.sub(r"\s+", "", text[span[0] : span[1]])


def _clean_number(raw: str) -> str:
    return regex.sub(r"[\s、.,。()()]", "", raw) or raw


def _problem_sentence(problem: Optional[FieldValue]) -> tuple[str, Optional[str]]:
    """A table's 问题 cell holds the problem's heading sentence, then its description."""
    if problem is None:
        return "", None
    body = problem.text.strip()
    end = SENTENCE_END.search(body)
    if end is None:
        return body, None
    rest = body[end.end() :].strip()
    return body[: end.start()], rest or None


def _mark_truncated(tasks: list[TaskMatch], text: str) -> None:
    """The source text ending inside the last item is a truncation: before any of its fields
    when the items before it all carry fields, or mid-sentence inside one of its fields."""
    if not tasks:
        return
    last = tasks[-1]
    body = text.rstrip()
    if last.end < len(body) - 1:
        return
    if len(tasks) >= 2 and not last.fields and all(t.fields for t in tasks[:-1]):
        last.truncated = True
    elif last.fields and cut_off(text, last.end):
        last.truncated = True
