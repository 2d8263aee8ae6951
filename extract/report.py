"""Review pages: check an extraction by eye.

`zhenggai report PLAN -o plan.html` shows one plan's normalised text with every extracted value
highlighted where it was found, its normalised form on hover, the doubts first, the outline as
a tree and the tasks as a table that jumps to the text. `zhenggai report OUT_FOLDER -o
corpus.html` gives an overview of a converted corpus and one such page per record that carries
its text.

Pages are self-contained (CSS and JS from report_assets/ inlined, and a Content-Security-Policy
that lets nothing else load or run) because reviewers open them from disk and pass them around,
and because the plan text is hostile: every piece of it goes through `html.escape`.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence
from urllib.parse import quote

import regex
from pydantic import ValidationError

from schemas import Deadline, DocumentRecord, ErrorRecord, Indicator, Section, Task, Unit, UnitList

ASSETS = Path(__file__).with_name("report_assets")

# Highlight kinds, in layering order: a value of an earlier kind encloses one of a later kind
# when both cover the same text (a deadline inside a unit list inside a task).
KINDS = {
    "task": "Task 整改任务",
    "section": "Heading 标题",
    "unit": "Units 单位",
    "deadline": "Deadline 时限",
    "indicator": "Indicator 指标",
}
LAYER = {kind: rank for rank, kind in enumerate(KINDS)}

ROLE_LABELS = {
    "lead": "Lead 牵头单位",
    "responsible": "Responsible 责任单位",
    "supervising": "Supervising 督导单位",
    "cooperating": "Cooperating 配合单位",
}
LEVEL_LABELS = {"province": "Province 省", "city": "City 市", "county": "County 县", "district": "District 区"}
COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "~": "≈", ">": ">", "<": "<"}
# deadline kinds that promise a date, and the field that must hold it
DATED_KINDS = {"by": "date", "range": "date", "start": "start"}
META_LABELS = {
    "region": "Region 地区",
    "region_level": "Level 级别",
    "province": "Province 省份",
    "region_code": "Code 区划代码",
    "issuer": "Issuer 发文机关",
    "inspection_group": "Inspection group 督察组",
    "published": "Published 发布日期",
    "doc_number": "Doc number 文号",
    "reference_year": "Reference year 参照年份",
}

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src '{style_hash}'; \
script-src '{script_hash}'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="zhenggai report">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
<script>{js}</script>
</body>
</html>
"""

MONTH = regex.compile(r"(\d{4})-(\d{2})")
CHART_YEARS = range(1990, 2101)  # a date outside is a misreading, not a plan's deadline
CHART_MAX_MONTHS = 240  # longer spans show only the months that have deadlines
TOP_UNITS = 40
TOP_INDICATOR_NAMES = 60
VALUES_PER_INDICATOR = 30
LINKS_PER_ROW = 8


class ReportError(Exception):
    """A report that cannot be made; the message says what to do instead."""


# ---------------------------------------------------------------------------------------------
# What the page shows: marks (highlights) and doubts


@dataclass(frozen=True)
class Mark:
    """One extracted value to highlight at [start, end) of the text."""

    start: int
    end: int
    kind: str
    ref: str  # the value's id; its first element carries anchor(ref)
    note: str  # the normalised form, shown on hover
    doubtful: bool


@dataclass(frozen=True)
class Doubt:
    """A value found but not (fully) normalised, or a record warning (kind "record", no ref)."""

    kind: str
    ref: Optional[str]
    label: str
    reasons: tuple[str, ...]


def anchor(ref: str) -> str:
    return f"v-{ref}"


def extracted_values(record: DocumentRecord) -> Iterator[tuple[str, str, object]]:
    """(kind, ref, value) for every value with a span; unit lists have no id, so get u1, u2 …"""
    yield from (("task", task.id, task) for task in record.tasks)
    yield from (("section", section.id, section) for section in record.sections)
    yield from (("unit", f"u{i + 1}", unit_list) for i, unit_list in enumerate(record.unit_lists))
    yield from (("deadline", deadline.id, deadline) for deadline in record.deadlines)
    yield from (("indicator", indicator.id, indicator) for indicator in record.indicators)


def describe_section(section: Section, record: DocumentRecord) -> str:
    parts = [f"Heading {section.id}", f"level {section.level}", f"number {section.number or '—'}", section.title]
    if section.appendix:
        parts.append("appendix 附件")
    return " · ".join(parts + _page(section.page))


def describe_task(task: Task, record: DocumentRecord) -> str:
    deadlines = {d.id: d for d in record.deadlines}
    dates = [_deadline_form(deadlines[i]) if i in deadlines else i for i in task.deadlines]
    parts = [f"Task {task.id}", f"number {task.number or '—'}", task.problem,
             f"deadlines: {', '.join(dates) or 'none'}"]
    for role in ROLE_LABELS:
        units = getattr(task, f"{role}_units")
        if units:
            parts.append(f"{role}: {'、'.join(unit.name for unit in units)}")
    parts.append(f"{len(task.targets)} targets, {len(task.measures)} measures")
    return " · ".join(parts + _page(task.page))


def describe_unit_list(unit_list: UnitList, record: DocumentRecord) -> str:
    units = "; ".join(_unit_form(unit) for unit in unit_list.units) or "no units"
    return " · ".join([ROLE_LABELS[unit_list.role], units] + _task_of(unit_list.task) + _page(unit_list.page))


def describe_deadline(deadline: Deadline, record: DocumentRecord) -> str:
    return " · ".join([f"Deadline {deadline.id}", _deadline_form(deadline)]
                      + _task_of(deadline.task) + _page(deadline.page))


def describe_indicator(indicator: Indicator, record: DocumentRecord) -> str:
    parts = [f"Indicator {indicator.id}", f"{indicator.name or '(no name)'} {_indicator_form(indicator)}"]
    if indicator.year is not None:
        parts.append(f"year {indicator.year}")
    return " · ".join(parts + _task_of(indicator.task) + _page(indicator.page))


def _deadline_form(deadline: Deadline) -> str:
    """The normalised deadline in one phrase: 'by 2017-09-30 (day)', 'every 2 month' …"""
    if deadline.kind == "recurring":
        every = f"every {deadline.interval} {deadline.period}" if deadline.interval else f"every {deadline.period}"
        return f"recurring, {every}"
    form = [deadline.kind]
    if deadline.start:
        form.append(f"from {deadline.start}")
    if deadline.date:
        form.append(f"{'to' if deadline.start else ''} {deadline.date}".strip())
    if deadline.precision:
        form.append(f"({deadline.precision})")
    if deadline.relative:
        form.append(f"relative {deadline.relative}")
    return " ".join(form)


def _indicator_form(indicator: Indicator) -> str:
    value = _number(indicator.value)
    if indicator.value_max is not None:
        value += f"–{_number(indicator.value_max)}"
    unit = f" {indicator.unit}" if indicator.unit else ""
    return f"{COMPARATOR_SIGNS.get(indicator.comparator, indicator.comparator)} {value}{unit}"


def _unit_form(unit: Unit) -> str:
    written = unit.text if unit.text == unit.name else f"{unit.text} → {unit.name}"
    return f"{written} ({unit.kind})"


def _number(value: float) -> str:
    return f"{value:g}"


def _page(page: Optional[int]) -> list[str]:
    return [] if page is None else [f"p. {page}"]


def _task_of(task: Optional[str]) -> list[str]:
    return [] if task is None else [f"in task {task}"]


DESCRIBE: dict[str, Callable[[object, DocumentRecord], str]] = {
    "task": describe_task,
    "section": describe_section,
    "unit": describe_unit_list,
    "deadline": describe_deadline,
    "indicator": describe_indicator,
}


def task_reasons(task: Task) -> list[str]:
    reasons = []
    if not any(getattr(task, f"{role}_units") for role in ROLE_LABELS):
        reasons.append("task without units")
    if not task.deadlines:
        reasons.append("task without deadlines")
    if task.truncated:
        reasons.append("task cut off by the end of the text")
    return reasons + _other_unit_reasons(unit for role in ROLE_LABELS for unit in getattr(task, f"{role}_units"))


def unit_list_reasons(unit_list: UnitList) -> list[str]:
    return (["unit list without units"] if not unit_list.units else []) + _other_unit_reasons(unit_list.units)


def deadline_reasons(deadline: Deadline) -> list[str]:
    needed = DATED_KINDS.get(deadline.kind)
    if needed and getattr(deadline, needed) is None:
        return [f"no {needed} resolved for a '{deadline.kind}' deadline"]
    return []


def indicator_reasons(indicator: Indicator) -> list[str]:
    return [] if indicator.name else ["indicator without a name"]


def section_reasons(section: Section) -> list[str]:
    return []


def _other_unit_reasons(units: Iterable[Unit]) -> list[str]:
    unknown = sorted({unit.text for unit in units if unit.kind == "other"})
    return [f"unit of kind other: {'、'.join(unknown)}"] if unknown else []


REASONS: dict[str, Callable[[object], list[str]]] = {
    "task": task_reasons,
    "section": section_reasons,
    "unit": unit_list_reasons,
    "deadline": deadline_reasons,
    "indicator": indicator_reasons,
}


def span_reasons(value, text: Optional[str]) -> list[str]:
    """A span that misses the text, or that does not read as the value's own text, points a
    reviewer at the wrong place: that is a doubt about the record, not about the plan.
    Without the text (a record made without --with-text) there is nothing to check."""
    if text is None:
        return []
    start, end = value.span.start, value.span.end
    if not start < end <= len(text):
        return [f"span {start}–{end} lies outside the text ({len(text)} characters)"]
    written = getattr(value, "text", None)
    if isinstance(written, str) and _squeezed(text[start:end]) != _squeezed(written):
        return [f"span reads '{_clip(text[start:end], 40)}', not the value's text"]
    return []


def _squeezed(text: str) -> str:
    return "".join(text.split())


def value_label(kind: str, value) -> str:
    if kind == "task":
        return f"{value.number or ''} {value.problem}".strip()
    if kind == "section":
        return f"{value.number or ''} {value.title}".strip()
    return value.text


def find_doubts(record: DocumentRecord) -> list[Doubt]:
    """Record warnings first, then every value with a reason to doubt it, in text order."""
    doubts = [Doubt("record", None, "warning", (warning,)) for warning in record.warnings]
    found = []
    for kind, ref, value in extracted_values(record):
        reasons = REASONS[kind](value) + span_reasons(value, record.text)
        if reasons:
            label = _clip(value_label(kind, value), 60)
            found.append((value.span.start, LAYER[kind], Doubt(kind, ref, label, tuple(reasons))))
    found.sort(key=lambda item: item[:2])
    return doubts + [doubt for _, _, doubt in found]


def value_marks(record: DocumentRecord, doubts: Sequence[Doubt]) -> list[Mark]:
    """One mark per value whose span lies in the text; doubtful values carry their reasons."""
    text_length = len(record.text or "")
    reasons = {doubt.ref: doubt.reasons for doubt in doubts}
    marks = []
    for kind, ref, value in extracted_values(record):
        start, end = value.span.start, value.span.end
        if not start < end <= text_length:
            continue
        note = DESCRIBE[kind](value, record)
        doubtful = ref in reasons
        if doubtful:
            note += "\n⚠ " + "\n⚠ ".join(reasons[ref])
        marks.append(Mark(start, end, kind, ref, note, doubtful))
    return marks


def highlighted_text(text: str, marks: Sequence[Mark]) -> str:
    """The text as escaped HTML with one element per mark, properly nested.

    An event sweep over the span boundaries: between two boundaries the covering marks are
    opened outermost first (longest, then by LAYER); where a mark ends inside another it is
    closed and the marks still running are reopened, so crossing spans become several
    elements that share data-ref, and only the first carries the anchor id."""
    boundaries = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    starting = defaultdict(list)
    for mark in marks:
        starting[mark.start].append(mark)
    running: list[Mark] = []
    open_marks: list[Mark] = []
    anchored: set[Mark] = set()
    html = []
    for left, right in zip(boundaries, boundaries[1:]):
        running = sorted([m for m in running if m.end > left] + starting[left],
                         key=lambda m: (m.start, -m.end, LAYER[m.kind]))
        kept = 0
        while kept < min(len(open_marks), len(running)) and open_marks[kept] is running[kept]:
            kept += 1
        html.append("</span>" * (len(open_marks) - kept))
        open_marks = running[:kept]
        for mark in running[kept:]:
            html.append(_mark_tag(mark, first=mark not in anchored))
            anchored.add(mark)
            open_marks.append(mark)
        html.append(escape(text[left:right]))
    html.append("</span>" * len(open_marks))
    return "".join(html)


def _mark_tag(mark: Mark, first: bool) -> str:
    classes = f"hl hl-{mark.kind}" + (" doubt" if mark.doubtful else "")
    id_attribute = f' id="{escape(anchor(mark.ref))}"' if first else ""
    return f'<span{id_attribute} class="{classes}" data-ref="{escape(mark.ref)}" title="{escape(mark.note)}">'


# ---------------------------------------------------------------------------------------------
# The plan page, one function per part


def render_document(record: DocumentRecord, back_link: Optional[str] = None, notes: Sequence[str] = ()) -> str:
    """The review page of one record; `record.text` must be set."""
    if record.text is None:
        raise ReportError("the record has no text: convert it with `zhenggai extract --with-text`")
    doubts = find_doubts(record)
    marks = value_marks(record, doubts)
    doubtful = {doubt.ref for doubt in doubts}
    body = "\n".join([
        header_part(record, back_link, notes),
        doubts_part(doubts),
        '<div class="layout">',
        '<aside class="sidebar">',
        legend_part(marks),
        outline_part(record.sections),
        "</aside>",
        "<main>",
        tasks_part(record, doubtful),
        text_part(record.text, marks),
        "</main>",
        "</div>",
    ])
    return page(record.meta.title or record.source.name or "zhenggai record", body)


def header_part(record: DocumentRecord, back_link: Optional[str], notes: Sequence[str]) -> str:
    meta = record.meta.model_dump()
    rows = [(label, meta[key]) for key, label in META_LABELS.items() if meta.get(key) is not None]
    source = record.source
    rows.append(("Source 来源", " · ".join(str(part) for part in (source.name, source.format,
                 f"{source.pages} pages" if source.pages else None, source.encoding) if part)))
    counts = (f"{len(record.sections)} headings · {len(record.tasks)} tasks · {len(record.deadlines)} deadlines · "
              f"{len(record.indicators)} indicators · {len(record.unit_lists)} unit lists")
    return "\n".join([
        '<header class="page">',
        f'<p class="crumb"><a href="{escape(back_link)}">← corpus overview</a></p>' if back_link else "",
        f"<h1>{escape(record.meta.title or source.name or '(untitled)')}</h1>",
        '<dl class="meta">' + "".join(f"<dt>{escape(label)}</dt><dd>{escape(str(value))}</dd>"
                                      for label, value in rows) + "</dl>",
        f'<p class="counts">{counts}</p>',
        "".join(f'<p class="note">{escape(note)}</p>' for note in notes),
        "</header>",
    ])


def doubts_part(doubts: Sequence[Doubt]) -> str:
    if not doubts:
        return '<section id="doubts" class="doubts none"><h2>Doubts 存疑 (0)</h2><p>Nothing to doubt.</p></section>'
    items = []
    for doubt in doubts:
        kind = f'<span class="doubt-kind">{escape(doubt.kind)}</span>'
        label = escape(doubt.label)
        if doubt.ref is not None:
            target = escape(anchor(doubt.ref))
            label = f'<a href="#{target}" data-target="{target}">{escape(doubt.ref)} {label}</a>'
        items.append(f"<li>{kind} {label} — {escape('; '.join(doubt.reasons))}</li>")
    return (f'<section id="doubts" class="doubts"><h2>Doubts 存疑 ({len(doubts)})</h2>'
            f'<ol>{"".join(items)}</ol></section>')


def legend_part(marks: Sequence[Mark]) -> str:
    counts = Counter(mark.kind for mark in marks)
    rows = "".join(
        f'<li><label><input type="checkbox" checked data-kind="{kind}"> '
        f'<span class="hl hl-{kind}">{escape(label)}</span> <span class="count">{counts[kind]}</span></label></li>'
        for kind, label in KINDS.items()
    )
    doubtful = '<li><span class="hl doubt">doubt 存疑</span> <span class="count">{}</span></li>'.format(
        sum(mark.doubtful for mark in marks))
    return f'<section class="panel"><h2>Legend 图例</h2><ul class="legend">{rows}{doubtful}</ul></section>'


def outline_part(sections: Sequence[Section]) -> str:
    """Headings as a tree by `parent`; every heading appears once, even with a broken parent
    (unknown id or a cycle), so the tree always lists the whole outline."""
    known = {section.id for section in sections}
    children: dict[str, list[int]] = defaultdict(list)
    roots = []
    for index, section in enumerate(sections):
        if section.parent in known and section.parent != section.id:
            children[section.parent].append(index)
        else:
            roots.append(index)
    placed: set[int] = set()
    html = []
    for start in roots + list(range(len(sections))):
        stack: list[Optional[int]] = [start]
        while stack:
            index = stack.pop()
            if index is None:
                html.append("</ul></details></li>")
                continue
            if index in placed:
                continue
            placed.add(index)
            link = _outline_link(sections[index])
            below = [child for child in children[sections[index].id] if child not in placed]
            if below:
                html.append(f"<li><details open><summary>{link}</summary><ul>")
                stack.append(None)
                stack.extend(reversed(below))
            else:
                html.append(f"<li>{link}</li>")
    return (f'<nav class="panel outline"><h2>Outline 目录 ({len(sections)})</h2>'
            f'<ul class="tree">{"".join(html)}</ul></nav>')


def _outline_link(section: Section) -> str:
    target = escape(anchor(section.id))
    classes = f"level-{section.level}" + (" appendix" if section.appendix else "")
    number = f'<span class="number">{escape(section.number)}</span>' if section.number else ""
    return (f'<a href="#{target}" data-target="{target}" class="{classes}" '
            f'title="level {section.level}">{number}{escape(section.title)}</a>')


def tasks_part(record: DocumentRecord, doubtful: set[Optional[str]]) -> str:
    if not record.tasks:
        return '<section class="panel" id="tasks"><h2>Tasks 整改任务 (0)</h2><p>No tasks found.</p></section>'
    deadlines = {deadline.id: deadline for deadline in record.deadlines}
    rows = [_task_row(task, deadlines, task.id in doubtful) for task in record.tasks]
    head = "".join(f"<th>{label}</th>" for label in (
        "№", "Problem 问题", "Deadlines 时限", "Lead 牵头单位", "Responsible 责任单位", "Measures 措施"))
    return (f'<section class="panel" id="tasks"><h2>Tasks 整改任务 ({len(record.tasks)})</h2>'
            f'<div class="scroll-x"><table class="tasks"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></section>')


def _task_row(task: Task, deadlines: dict[str, Deadline], doubtful: bool) -> str:
    target = escape(anchor(task.id))
    limits = []
    for deadline_id in task.deadlines:
        deadline = deadlines.get(deadline_id)
        if deadline is None:
            limits.append(f"<li>{escape(deadline_id)} (missing)</li>")
            continue
        link = escape(anchor(deadline_id))
        limits.append(f'<li><a href="#{link}" data-target="{link}" title="{escape(_deadline_form(deadline))}">'
                      f"{escape(deadline.date or deadline.text)}</a></li>")
    measures = "".join(f"<li>{escape(_clip(measure.text, 80))}</li>" for measure in task.measures)
    measures_cell = (f'<details class="measures"><summary>{len(task.measures)} measures</summary><ol>{measures}</ol>'
                     f"</details>" if task.measures else '<span class="empty-value">0</span>')
    row_class = ' class="doubt"' if doubtful else ""
    return (f'<tr data-target="{target}" tabindex="0"{row_class}>'
            f'<td><a href="#{target}" data-target="{target}">{escape(task.number or task.id)}</a></td>'
            f"<td>{escape(_clip(task.problem, 120))}</td>"
            f'<td><ul class="values">{"".join(limits)}</ul></td>'
            f"<td>{_units_cell(task.lead_units)}</td><td>{_units_cell(task.responsible_units)}</td>"
            f"<td>{measures_cell}</td></tr>")


def _units_cell(units: Sequence[Unit]) -> str:
    return "".join(
        f'<span class="unit{" doubt" if unit.kind == "other" else ""}" title="{escape(unit.name)} · {unit.kind}">'
        f"{escape(unit.text)}</span>"
        for unit in units
    )


def text_part(text: str, marks: Sequence[Mark]) -> str:
    return (f'<section id="text"><h2>Text 正文 ({len(text)} characters)</h2>'
            f'<div class="plan-text">{highlighted_text(text, marks)}</div></section>')


def page(title: str, body: str) -> str:
    """The page around `body`, with the assets inlined and allowed by hash only."""
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    return PAGE.format(title=escape(title), body=body, css=css, js=js,
                       style_hash=_csp_hash(css), script_hash=_csp_hash(js))


def _csp_hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# The corpus page


@dataclass
class DocumentEntry:
    """One converted document as the corpus page lists it."""

    name: str
    file: str  # the record JSON, relative to the corpus folder
    href: str  # its review page, or its record JSON when the record has no text
    has_page: bool
    region: Optional[str]
    region_level: Optional[str]
    province: Optional[str]
    tasks: int
    deadlines: int
    indicators: int
    doubts: int


@dataclass
class CorpusSummary:
    documents: list[DocumentEntry] = field(default_factory=list)
    deadline_months: Counter = field(default_factory=Counter)
    task_months: Counter = field(default_factory=Counter)
    undated_deadlines: int = 0
    unit_mentions: Counter = field(default_factory=Counter)
    unit_documents: dict[str, dict[str, DocumentEntry]] = field(default_factory=lambda: defaultdict(dict))
    indicators: dict[Optional[str], list[tuple[DocumentEntry, Indicator]]] = field(
        default_factory=lambda: defaultdict(list))
    failures: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))


def write_corpus_report(folder: Path, out: Path) -> CorpusSummary:
    """Write `out` and, next to it in `<out stem>_files/`, a page per record that has text."""
    pages = out.with_name(f"{out.stem}_files")
    pages.mkdir(parents=True, exist_ok=True)
    summary = CorpusSummary()
    back_link = f"../{quote(out.name)}"
    for path in sorted(folder.rglob("*.json")):
        relative = path.relative_to(folder)
        json_href = quote(Path(os.path.relpath(path, out.parent)).as_posix())
        try:
            record = read_record_file(path)
        except ReportError as error:
            summary.failures["unreadable_record"].append((relative.as_posix(), json_href, str(error)))
            continue
        if isinstance(record, ErrorRecord):
            summary.failures[record.error.type].append((relative.as_posix(), json_href, record.error.message))
            continue
        entry = _document_entry(record, relative, json_href)
        if record.text is not None:
            name = page_name(relative)
            (pages / name).write_text(render_document(record, back_link=back_link), encoding="utf-8")
            entry.href, entry.has_page = f"{quote(pages.name)}/{quote(name)}", True
        add_record(summary, record, entry)
    out.write_text(render_corpus(summary, folder), encoding="utf-8")
    return summary


def page_name(relative: Path) -> str:
    """A file name for a record's page: readable, and unique even when two paths flatten alike."""
    flat = regex.sub(r"[^\w.-]+", "_", "__".join(relative.with_suffix("").parts))[:100]
    digest = hashlib.sha1(relative.as_posix().encode("utf-8")).hexdigest()[:8]
    return f"{flat}-{digest}.html"


def _document_entry(record: DocumentRecord, relative: Path, json_href: str) -> DocumentEntry:
    return DocumentEntry(
        name=record.meta.title or record.source.name or relative.as_posix(),
        file=relative.as_posix(),
        href=json_href,
        has_page=False,
        region=record.meta.region,
        region_level=record.meta.region_level,
        province=record.meta.province,
        tasks=len(record.tasks),
        deadlines=len(record.deadlines),
        indicators=len(record.indicators),
        doubts=len(find_doubts(record)),
    )


def add_record(summary: CorpusSummary, record: DocumentRecord, entry: DocumentEntry) -> None:
    summary.documents.append(entry)
    for deadline in record.deadlines:
        month = _month(deadline.date)
        if month:
            summary.deadline_months[month] += 1
        else:
            summary.undated_deadlines += 1
    dates = {deadline.id: deadline.date for deadline in record.deadlines}
    for task in record.tasks:
        months = [month for month in (_month(dates.get(i)) for i in task.deadlines) if month]
        if months:
            summary.task_months[max(months)] += 1
    # task units are counted from the tasks; unit lists inside tasks repeat them
    units = [unit for task in record.tasks for unit in task.responsible_units]
    units += [unit for unit_list in record.unit_lists
              if unit_list.role == "responsible" and unit_list.task is None for unit in unit_list.units]
    for unit in units:
        summary.unit_mentions[unit.name] += 1
        summary.unit_documents[unit.name][entry.href] = entry
    for indicator in record.indicators:
        summary.indicators[indicator.name].append((entry, indicator))


def _month(date: Optional[str]) -> Optional[str]:
    match = MONTH.match(date or "")
    if match and int(match[1]) in CHART_YEARS and 1 <= int(match[2]) <= 12:
        return match[0]
    return None


def render_corpus(summary: CorpusSummary, folder: Path) -> str:
    failures = sum(len(items) for items in summary.failures.values())
    body = "\n".join([
        '<header class="page">',
        f"<h1>Corpus overview 语料概览: {escape(folder.name or str(folder))}</h1>",
        f'<p class="counts">{len(summary.documents)} documents · {failures} failures · '
        f"{sum(d.tasks for d in summary.documents)} tasks · {sum(d.deadlines for d in summary.documents)} deadlines · "
        f"{sum(d.indicators for d in summary.documents)} indicators</p>",
        "</header>",
        '<div class="corpus">',
        failures_part(summary.failures),
        documents_part(summary.documents),
        regions_part(summary.documents),
        timeline_part(summary),
        '<div class="two">',
        units_part(summary),
        indicators_part(summary.indicators),
        "</div>",
        "</div>",
    ])
    return page(f"zhenggai corpus: {folder.name}", body)


def failures_part(failures: dict[str, list[tuple[str, str, str]]]) -> str:
    if not failures:
        return '<section id="failures"><h2>Failures 失败 (0)</h2><p>Every file converted.</p></section>'
    rows = []
    for error_type, items in sorted(failures.items(), key=lambda item: (-len(item[1]), item[0])):
        links = ", ".join(f'<a href="{href}" title="{escape(message)}">{escape(name)}</a>'
                          for name, href, message in items[:LINKS_PER_ROW])
        more = f" … and {len(items) - LINKS_PER_ROW} more" if len(items) > LINKS_PER_ROW else ""
        rows.append(f'<tr><td class="error-type">{escape(error_type)}</td><td class="num">{len(items)}</td>'
                    f"<td>{links}{more}</td></tr>")
    return (f'<section id="failures"><h2>Failures 失败 by error type ({sum(len(i) for i in failures.values())})</h2>'
            f'<table><thead><tr><th>Error type</th><th class="num">Files</th><th>Files</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def documents_part(documents: Sequence[DocumentEntry]) -> str:
    """Every document, most doubts first: where a reviewer should look first."""
    ordered = sorted(documents, key=lambda d: (-d.doubts, d.name))
    rows = "".join(
        f'<tr><td>{_document_link(d)}</td><td>{escape(d.file)}</td><td>{escape(d.region or "—")}</td>'
        f'<td class="num{" doubt-count" if d.doubts else ""}">{d.doubts}</td><td class="num">{d.tasks}</td>'
        f'<td class="num">{d.deadlines}</td><td class="num">{d.indicators}</td></tr>'
        for d in ordered
    )
    return (f'<section id="documents"><h2>Documents 文件 ({len(documents)})</h2><div class="scroll-x"><table>'
            f'<thead><tr><th>Document</th><th>Record</th><th>Region</th><th class="num">Doubts</th><th class="num">Tasks</th>'
            f'<th class="num">Deadlines</th><th class="num">Indicators</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div></section>")


def _document_link(entry: DocumentEntry, by_file: bool = False) -> str:
    """A link to the document's page (or JSON); `by_file` labels it with the record's file
    name, short and unique where many plans share a title, and puts the title on hover."""
    kind = "review page" if entry.has_page else "record JSON (no text)"
    label, hover = (Path(entry.file).name, f"{entry.name} · {kind}") if by_file else (entry.name, kind)
    return f'<a href="{entry.href}" title="{escape(hover)}">{escape(label)}</a>'


def regions_part(documents: Sequence[DocumentEntry]) -> str:
    groups: dict[tuple, list[DocumentEntry]] = defaultdict(list)
    for entry in documents:
        groups[(entry.region_level, entry.province, entry.region)].append(entry)
    level_order = {level: rank for rank, level in enumerate(LEVEL_LABELS)}

    def order(key: tuple) -> tuple:
        level, province, region = key
        return level_order.get(level, len(level_order)), province or "", region or ""

    rows = []
    for key in sorted(groups, key=order):
        level, province, region = key
        entries = groups[key]
        links = ", ".join(_document_link(entry, by_file=True) for entry in entries[:LINKS_PER_ROW])
        more = f" … and {len(entries) - LINKS_PER_ROW} more" if len(entries) > LINKS_PER_ROW else ""
        rows.append(f"<tr><td>{escape(LEVEL_LABELS.get(level, 'unknown 未识别'))}</td>"
                    f"<td>{escape(province or '—')}</td><td>{escape(region or '—')}</td>"
                    f'<td class="num">{len(entries)}</td><td class="num">{sum(e.tasks for e in entries)}</td>'
                    f"<td>{links}{more}</td></tr>")
    return ('<section id="regions"><h2>Documents by region and level 地区与级别</h2><table><thead><tr>'
            '<th>Level</th><th>Province</th><th>Region</th><th class="num">Documents</th><th class="num">Tasks</th>'
            f'<th>Documents</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def timeline_part(summary: CorpusSummary) -> str:
    note = (f'<p class="note"><span class="swatch deadlines"></span>deadlines by month · '
            f'<span class="swatch tasks"></span>tasks due (their last dated deadline) · '
            f"{summary.undated_deadlines} deadlines without a date (recurring, ongoing or unresolved)</p>")
    return (f'<section id="timeline"><h2>Deadlines over time 时限分布</h2>'
            f"{deadline_chart(summary.deadline_months, summary.task_months)}{note}</section>")


def chart_months(months: Iterable[str]) -> list[str]:
    """The months on the x axis: every month from the first to the last, unless that would be
    more than CHART_MAX_MONTHS, then only those that occur."""
    present = sorted(set(months))
    if not present:
        return []
    first, last = (int(present[0][:4]), int(present[0][5:])), (int(present[-1][:4]), int(present[-1][5:]))
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if span > CHART_MAX_MONTHS:
        return present
    return [f"{first[0] + (first[1] - 1 + k) // 12:04d}-{(first[1] - 1 + k) % 12 + 1:02d}" for k in range(span)]


def deadline_chart(deadlines: Counter, tasks: Counter) -> str:
    """An inline SVG bar chart: deadlines and tasks due per month, two bars a month."""
    months = chart_months(list(deadlines) + list(tasks))
    if not months:
        return '<p class="note">No dated deadlines.</p>'
    width, height, left, right, top, bottom = 1200, 320, 48, 12, 14, 44
    plot_width, plot_height = width - left - right, height - top - bottom
    step = tick_step(max(max(deadlines.values(), default=0), max(tasks.values(), default=0), 1))
    ticks = range(0, step * 5, step)
    peak = ticks[-1]
    slot = plot_width / len(months)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Deadlines and tasks due by month">']
    for tick in ticks:
        y = top + plot_height - tick / peak * plot_height
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    label_every = max(1, round(len(months) / 24))
    for k, month in enumerate(months):
        x = left + k * slot
        bars = []
        for offset, count, css in ((0.1, deadlines[month], "bar-deadlines"), (0.5, tasks[month], "bar-tasks")):
            bar_height = count / peak * plot_height
            bars.append(f'<rect class="{css}" x="{x + slot * offset:.1f}" y="{top + plot_height - bar_height:.1f}" '
                        f'width="{slot * 0.4:.1f}" height="{bar_height:.1f}"/>')
        parts.append(f'<g class="month" data-month="{month}"><title>{month}: {deadlines[month]} deadlines, '
                     f'{tasks[month]} tasks due</title>{"".join(bars)}</g>')
        if k % label_every == 0:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">'
                         f"{month}</text>")
    parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_height}" '
                 f'y2="{top + plot_height}"/></svg>')
    return "".join(parts)


def tick_step(peak: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that reaches `peak` in four steps."""
    scale = 1
    while True:
        for step in (scale, 2 * scale, 5 * scale):
            if step * 4 >= peak:
                return step
        scale *= 10


def units_part(summary: CorpusSummary) -> str:
    rows = []
    for name, mentions in summary.unit_mentions.most_common(TOP_UNITS):
        documents = list(summary.unit_documents[name].values())
        links = ", ".join(_document_link(entry, by_file=True) for entry in documents[:LINKS_PER_ROW])
        rows.append(f'<tr><td>{escape(name)}</td><td class="num">{mentions}</td>'
                    f'<td class="num">{len(documents)}</td><td>{links}</td></tr>')
    return (f'<section id="units"><h2>Most frequent responsible units 责任单位 (top {TOP_UNITS})</h2><table>'
            f'<thead><tr><th>Unit</th><th class="num">Mentions</th><th class="num">Documents</th>'
            f'<th>In</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def indicators_part(indicators: dict[Optional[str], list[tuple[DocumentEntry, Indicator]]]) -> str:
    """Indicator names with their values across plans, the most widespread first; unnamed last."""
    named = sorted((name for name in indicators if name), key=lambda n: (-len(indicators[n]), n))
    rows = []
    for name in named[:TOP_INDICATOR_NAMES] + ([None] if None in indicators else []):
        values = []
        for entry, indicator in indicators[name][:VALUES_PER_INDICATOR]:
            href = f"{entry.href}#{quote(anchor(indicator.id))}" if entry.has_page else entry.href
            values.append(f'<li><a href="{href}" title="{escape(indicator.text)}">{escape(_indicator_form(indicator))}'
                          f"{f' ({indicator.year})' if indicator.year else ''}</a> — "
                          f"{_document_link(entry, by_file=True)}</li>")
        label = escape(name) if name else '<span class="doubt-count">(no name 无名称)</span>'
        rows.append(f'<tr><td>{label}</td><td class="num">{len(indicators[name])}</td>'
                    f'<td><ul class="values">{"".join(values)}</ul></td></tr>')
    return (f'<section id="indicators"><h2>Indicators across plans 指标</h2><table><thead><tr><th>Name</th>'
            f'<th class="num">Values</th><th>Values</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


# ---------------------------------------------------------------------------------------------
# Reading the input and the command line


def read_record_file(path: Path) -> DocumentRecord | ErrorRecord:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ReportError(f"{path}: not readable as JSON ({type(exc).__name__}: {exc})") from exc
    model = ErrorRecord if isinstance(data, dict) and "error" in data else DocumentRecord
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ReportError(f"{path}: not a zhenggai record ({exc.error_count()} problems, first: "
                          f"{exc.errors()[0]['msg']} at {'.'.join(map(str, exc.errors()[0]['loc']))})") from exc


def load_record(path: Path) -> tuple[DocumentRecord, list[str]]:
    """The record to show and notes about where its text came from.

    A .json is a record; anything else is a source document, converted here with its text.
    A record without text gets it from its source file when that is still the same file."""
    from extract.errors import ExtractionError
    from extract.pipeline import extract_file

    if path.suffix.lower() != ".json":
        try:
            return extract_file(path, with_text=True), []
        except ExtractionError as error:
            raise ReportError(error.message) from error
    record = read_record_file(path)
    if isinstance(record, ErrorRecord):
        raise ReportError(f"{path} is an error record ({record.error.type}): {record.error.message}")
    if record.text is not None:
        return record, []
    source = Path(record.source.path) if record.source.path else None
    if source is None or not source.is_file():
        raise ReportError(f"{path} has no text, and its source file is not at hand: convert it again with "
                          f"`zhenggai extract --with-text`, or run `zhenggai report` on the source document")
    try:
        fresh = extract_file(source, with_text=True)
    except ExtractionError as error:
        raise ReportError(f"{path} has no text, and its source cannot be read again: {error.message}") from error
    if record.source.sha256 and fresh.source.sha256 != record.source.sha256:
        raise ReportError(f"{path} has no text, and {source} changed since the record was made: "
                          f"convert it again with `zhenggai extract --with-text`")
    note = f"The record has no text; the text was read again from {source}."
    return record.model_copy(update={"text": fresh.text}), [note]


def main(argv: Optional[list[str]] = None) -> int:
    """`zhenggai report PATH -o OUT.html`; exit 0 written, 1 cannot report, 2 usage error,
    3 OUT cannot be written."""
    from extract.batch import atomic_output, check_output_file, output_error
    from extract.errors import OutputError

    parser = argparse.ArgumentParser(
        prog="zhenggai report",
        description="Render a review page: a plan (source document or record JSON) with every extracted\n"
                    "value highlighted, or an overview of a folder of records (with a page per record that\n"
                    "has text, in OUT_files/ beside OUT.html).",
        epilog="examples:\n"
               "  zhenggai report plan.pdf -o plan.html        # convert and review one plan\n"
               "  zhenggai report records/ -o overview.html    # a folder written by zhenggai extract -o\n\n"
               "exit codes: 0 written, 1 the input cannot be reported, 2 usage error, 3 OUT cannot be written",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", type=Path, metavar="PATH", help="source document, record JSON, or folder of records")
    parser.add_argument("-o", "--out", type=Path, required=True, metavar="OUT.html")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code not in (0, None) else 0
    try:
        check_output_file(args.out)
        if args.path.is_dir():
            summary = write_corpus_report(args.path, args.out)
            pages = sum(entry.has_page for entry in summary.documents)
            failures = sum(len(items) for items in summary.failures.values())
            print(f"wrote {args.out}: {len(summary.documents)} documents ({pages} pages), {failures} failures",
                  file=sys.stderr)
            return 0
        if not args.path.exists():
            raise ReportError(f"{args.path}: no such file or folder")
        record, notes = load_record(args.path)
        with atomic_output(args.out) as stream:
            stream.write(render_document(record, notes=notes))
    except ReportError as error:
        print(f"zhenggai report: {error}", file=sys.stderr)
        return 1
    except OutputError as error:
        print(f"zhenggai report: {error}", file=sys.stderr)
        return 3
    except OSError as exc:
        print(f"zhenggai report: {output_error(args.out, exc)}", file=sys.stderr)
        return 3
    return 0
