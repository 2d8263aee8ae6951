"""Rectification items (整改任务): problems that carry their own labelled fields.

An item is either a heading whose body holds task-field labels (问题, 原因分析,
整改目标, 整改时限, 牵头单位, 责任单位, 督导单位, 整改措施 and their variants,
inline or on lines of their own), every top-level item of an appendix list
(整改措施清单), or a row of a table whose header names those fields. This
module finds the items and cuts their fields; dates, units and indicators
inside them come from the other field modules, linked by position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import regex

from extract.labels import ANY_FIELD_LABEL, field_of_label
from extract.normalise import NormalisedDocument, TableLayout
from extract.outline import Heading, Outline

# fields that make a heading's body a task, beyond a lone unit list
TASK_FIELDS = frozenset({"cause", "targets", "time_limit", "measures", "lead", "supervising"})
ITEM_NUMBER = regex.compile(r"(?:(?P<digit>\d{1,2})[.、](?!\d)|\((?P<paren>\d{1,2})\)|(?P<circled>[①-⑳]))")
ITEM_BOUNDARY = set(";;。:\n)”")
TARGET_REFERENCE = regex.compile(r"第(?P<numbers>\d{1,2}(?:[、,和及至-]\d{1,2})*)项(?:整改)?目标")
SENTENCE_END = regex.compile(r"[。;!?\n]")


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
    """Every rectification item of the document, inline and tabular, in text order."""
    tasks = _heading_tasks(document.text, outline)
    for layout in document.tables:
        tasks.extend(_table_tasks(document.text, layout))
    tasks.sort(key=lambda t: t.start)
    _mark_truncated(tasks, document.text)
    return tasks


def _heading_tasks(text: str, outline: Outline) -> list[TaskMatch]:
    headings = outline.headings
    appendix_levels = [h.level for h in headings if h.appendix]
    top_appendix_level = min(appendix_levels) if appendix_levels else None
    tasks = []
    for index, heading in enumerate(headings):
        # the labels must stand in the heading's own text, before any sub-heading: a part
        # (三、整改任务) whose items carry the fields is not itself a task
        own_end = headings[index + 1].start if index + 1 < len(headings) else len(text)
        own_names = {f.field for f in _labelled_fields(text, heading.title_end, own_end).values()}
        is_appendix_item = heading.appendix and heading.level == top_appendix_level
        if not is_appendix_item and len(own_names & TASK_FIELDS) < 2:
            continue
        if any(t.start < heading.start < t.end for t in tasks):
            continue  # a numbered part inside a task already found
        end = _body_end(headings, index, len(text))
        fields = _labelled_fields(text, heading.title_end, end)
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
        if name not in fields:  # the first occurrence names the field; a repeated label ends it
            fields[name] = FieldValue(
                name, label, label_start, value_start, stripped_end, text[value_start:stripped_end]
            )
    return fields


def _split_items(text: str, task: TaskMatch) -> None:
    for name, target in (("targets", task.targets), ("measures", task.measures)):
        value = task.fields.get(name)
        if value is not None:
            target.extend(split_numbered(text, value.start, value.end))


def split_numbered(text: str, start: int, end: int) -> list[NumberedItem]:
    """Split a field into its numbered items 1. 2. 3. (or (1) (2), ①②), following the sequence so
    that a nested (1) inside item 4 stays part of item 4; an unnumbered field is one item."""
    marks: list[tuple[int, int, str]] = []
    style = None
    expected = 1
    for match in ITEM_NUMBER.finditer(text, start, end):
        kind = next(k for k in ("digit", "paren", "circled") if match.group(k))
        raw = match.group(kind)
        value = ord(raw) - 0x245F if kind == "circled" else int(raw)
        before = text[match.start() - 1] if match.start() > start else "\n"
        at_boundary = match.start() == start or before in ITEM_BOUNDARY or not _is_ascii_word(before)
        if style is None and value == 1 and at_boundary:
            style = kind
        if kind != style or value != expected or not at_boundary or before.isdigit():
            continue
        marks.append((match.start(), match.end(), str(value)))
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
        problem, finding = _problem_sentence(problem_field)
        task = TaskMatch(
            start=cells[0][0],
            end=cells[-1][1],
            number=_clean_number(number_field.text) if number_field else str(len(tasks) + 1),
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
        for column, span in enumerate(cells):
            name = field_of_label(_cell(text, span))
            if name and len(_cell(text, span)) <= 12:
                columns[column] = name
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
    """The source text ending inside the last item, before any of its fields, is a truncation
    when the items before it all carry fields."""
    if len(tasks) < 2:
        return
    last = tasks[-1]
    if not last.fields and all(t.fields for t in tasks[:-1]) and last.end >= len(text.rstrip()) - 1:
        last.truncated = True
