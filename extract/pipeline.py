"""The pipeline, top to bottom: load → normalise → outline → fields → record.

Each stage is its own module and imports only the stages before it; this file
only wires them together and turns their matches into the pydantic record,
giving every value its id, span, page, section and task.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import BinaryIO, Optional

import regex

from extract.errors import ExtractionError
from extract.fields import deadlines as deadline_rules
from extract.fields import indicators as indicator_rules
from extract.fields import meta as meta_rules
from extract.fields import units as unit_rules
from extract.fields.tasks import TaskMatch, find_tasks, target_references
from extract.load import MAX_INPUT_BYTES, load_bytes
from extract.normalise import NormalisedDocument, normalise
from extract.outline import Outline, find_outline
from schemas import (
    Deadline,
    DocumentRecord,
    ErrorInfo,
    ErrorRecord,
    Indicator,
    Meta,
    Section,
    Source,
    Span,
    Task,
    TaskItem,
    Unit,
    UnitList,
)

LEADER_SEPARATORS = regex.compile(r"[、,;;\s]+(?![^(]*\))")  # not inside 张三(副市长、秘书长)
UNIT_FIELDS = {"lead": "lead_units", "responsible": "responsible_units",
               "supervising": "supervising_units", "cooperating": "cooperating_units"}


def extract_file(path: str | os.PathLike, with_text: bool = False) -> DocumentRecord:
    """Read one file and return its record; raise ExtractionError if it cannot be read."""
    path = Path(path)
    return extract_bytes(read_file(path), path.name, path=str(path), with_text=with_text)


def read_file(path: Path) -> bytes:
    """The file's bytes, read in chunks and only up to the input limit, so that a pipe or a
    device (/dev/zero) cannot fill memory; ExtractionError when it cannot be read or is over
    the limit."""
    try:
        with open(path, "rb") as stream:
            data = read_capped(stream)
    except OSError as exc:
        reason = "it is a folder" if isinstance(exc, IsADirectoryError) else exc.strerror or str(exc)
        raise ExtractionError(
            "not_found",
            f"{path}: cannot be read ({reason}); check the path and its permissions. / 无法读取文件,请检查路径和权限。",
        ) from exc
    except MemoryError:
        raise ExtractionError(
            "too_large", f"{path.name}: reading the file needs more memory than is allowed. / 文件过大,超出内存上限。"
        ) from None
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(
            "too_large",
            f"{path.name}: the file is over the {MAX_INPUT_BYTES >> 20} MB input limit; split it. "
            "/ 文件超过大小上限,请拆分后重试。",
        )
    return data


def read_capped(stream: BinaryIO) -> bytes:
    """At most one byte more than the input limit, so that the caller can tell it is over."""
    chunks, size = [], 0
    while size <= MAX_INPUT_BYTES and (chunk := stream.read(min(1 << 20, MAX_INPUT_BYTES + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def extract_bytes(data: bytes, name: str, path: Optional[str] = None, with_text: bool = False) -> DocumentRecord:
    """Convert one document given as bytes; `name` is used for messages and the record only."""
    source = describe_source(data, name, path)
    loaded = load_bytes(data, name)
    source.format = loaded.format
    source.pages = loaded.pages
    source.encoding = loaded.encoding
    source.ocr_pages = loaded.ocr_pages or None
    source.ocr_confidence = loaded.ocr_confidence
    document = normalise(loaded)
    if not document.text.strip():
        raise ExtractionError(
            "empty_file", f"{name}: the file holds no text (a scan needs OCR first). / 文件中没有可提取的文字。"
        )
    outline = find_outline(document)
    return build_record(source, document, outline, loaded.page_meta, loaded.warnings, with_text)


def describe_source(data: bytes, name: str, path: Optional[str] = None) -> Source:
    return Source(path=path, name=name, sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def error_record(source: Source, error: ExtractionError) -> ErrorRecord:
    return ErrorRecord(source=source, error=ErrorInfo(type=error.type, message=error.message))


def build_record(
    source: Source,
    document: NormalisedDocument,
    outline: Outline,
    page_meta: dict[str, str],
    warnings: list[str],
    with_text: bool,
) -> DocumentRecord:
    text = document.text
    found_meta = meta_rules.find_meta(text, page_meta)
    region, province, year = found_meta.region, found_meta.province, found_meta.reference_year
    kind = found_meta.kind  # what the document is: a progress report's figures are achievements

    sections = [
        Section(
            id=f"s{i + 1}",
            parent=None if h.parent is None else f"s{h.parent + 1}",
            level=h.level,
            number=h.number,
            title=h.title,
            appendix=h.appendix,
            span=Span(start=h.start, end=h.title_end),
            page=document.page_at(h.start),
        )
        for i, h in enumerate(outline.headings)
    ]

    task_matches = find_tasks(document, outline)
    locate = Locator(document, outline, task_matches)

    deadline_matches = list(deadline_rules.find_deadlines(text, year, kind))
    deadline_matches += _time_limit_fallbacks(task_matches, deadline_matches, year)
    deadline_matches.sort(key=lambda d: d.start)
    deadlines = [
        Deadline(
            id=f"d{i + 1}",
            text=d.text,
            date=d.date,
            kind=d.kind,
            start=d.start_date,
            period=d.period,
            interval=d.interval,
            relative=d.relative,
            precision=d.precision,
            **locate.place(d.start, d.end),
        )
        for i, d in enumerate(deadline_matches)
    ]

    indicators = [
        Indicator(
            id=f"i{i + 1}",
            text=m.text,
            name=m.name,
            value=m.value,
            value_max=m.value_max,
            unit=m.unit,
            comparator=m.comparator,
            year=m.year,
            **locate.place(m.start, m.end),
        )
        for i, m in enumerate(indicator_rules.find_indicators(text, year, kind))
    ]

    deadline_starts = [d.span.start for d in deadlines]  # deadlines are in text order
    tasks = [
        _task_record(i, t, deadlines, deadline_starts, locate, document, region, province)
        for i, t in enumerate(task_matches)
    ]
    unit_lists = _unit_lists(text, locate, region, province)

    meta = Meta(
        title=found_meta.title,
        region=region,
        region_level=found_meta.region_level,
        province=province,
        region_code=found_meta.region_code,
        issuer=found_meta.issuer,
        inspection_group=found_meta.inspection_group,
        published=found_meta.published,
        doc_number=found_meta.doc_number,
        reference_year=year,
        kind=found_meta.kind,
    )
    return DocumentRecord(
        source=source,
        meta=meta,
        sections=sections,
        tasks=tasks,
        deadlines=deadlines,
        indicators=indicators,
        unit_lists=unit_lists,
        warnings=list(warnings) + document.warnings,
        text=text if with_text else None,
    )


class Locator:
    """Which section, task and page a position in the text belongs to."""

    def __init__(self, document: NormalisedDocument, outline: Outline, tasks: list[TaskMatch]):
        self.document = document
        self.starts = [h.start for h in outline.headings]
        self.tasks = tasks  # in text order, not overlapping
        self.task_starts = [t.start for t in tasks]

    def place(self, start: int, end: int) -> dict:
        """The provenance fields every located value carries: section, task, span, page."""
        return {
            "section": self.section(start),
            "task": self.task(start),
            "span": Span(start=start, end=end),
            "page": self.document.page_at(start),
        }

    def section(self, position: int) -> Optional[str]:
        k = bisect_right(self.starts, position)
        return f"s{k}" if k else None

    def task(self, position: int) -> Optional[str]:
        k = bisect_right(self.task_starts, position) - 1
        if k >= 0 and position < self.tasks[k].end:
            return f"t{k + 1}"
        return None


def _time_limit_fallbacks(tasks: list[TaskMatch], found: list, year: Optional[int]) -> list:
    """A 整改时限 field is a time limit by its label: where the general rules found nothing in it
    (立行立改, a bare 长期), read it as one expression."""
    extra = []
    for task in tasks:
        field = task.fields.get("time_limit")
        if field is None or any(field.start <= d.start < field.end for d in found):
            continue
        match = deadline_rules.parse_deadline(field.text, year)
        if match is not None:
            extra.append(_shifted(match, field.start))
    return extra


def _shifted(match, offset: int):
    return replace(match, start=match.start + offset, end=match.end + offset)


def _task_record(
    index: int,
    match: TaskMatch,
    deadlines: list[Deadline],
    deadline_starts: list[int],
    locate: Locator,
    document: NormalisedDocument,
    region: Optional[str],
    province: Optional[str],
) -> Task:
    task_id = f"t{index + 1}"
    fields = match.fields
    time_limit = fields.get("time_limit")
    def inside(start: int, end: int) -> list[Deadline]:
        return deadlines[bisect_left(deadline_starts, start) : bisect_left(deadline_starts, end)]

    limit_deadlines = inside(time_limit.start, time_limit.end) if time_limit else []

    def item_deadline(item) -> Optional[str]:
        found = inside(item.start, item.end)
        return found[-1].id if found else None

    targets = [
        TaskItem(number=t.number, text=t.text, deadline=None, span=Span(start=t.start, end=t.end),
                 page=document.page_at(t.start))
        for t in match.targets
    ]
    _bind_targets(targets, time_limit, limit_deadlines)
    measures = [
        TaskItem(number=m.number, text=m.text, deadline=item_deadline(m), span=Span(start=m.start, end=m.end),
                 page=document.page_at(m.start))
        for m in match.measures
    ]
    units = {
        attribute: [_unit(u) for u in unit_rules.split_units(fields[name].text, region, province)]
        for name, attribute in UNIT_FIELDS.items()
        if name in fields
    }
    leaders = [name for name in LEADER_SEPARATORS.split(fields["leaders"].text) if name] if "leaders" in fields else []
    return Task(
        id=task_id,
        section=locate.section(match.start),
        number=match.number,
        problem=match.problem,
        finding=match.finding,
        cause=fields["cause"].text if "cause" in fields else None,
        time_limit=time_limit.text if time_limit else None,
        progress=fields["progress"].text if "progress" in fields else None,
        targets=targets,
        measures=measures,
        deadlines=[d.id for d in limit_deadlines],
        leaders=leaders,
        truncated=match.truncated,
        span=Span(start=match.start, end=match.end),
        page=document.page_at(match.start),
        **units,
    )


def _bind_targets(targets: list[TaskItem], time_limit, limit_deadlines: list[Deadline]) -> None:
    """整改时限 "第1、2项目标2017年9月30日;第3项目标…" binds each date to its targets;
    a single date binds every target."""
    if not targets or not limit_deadlines or time_limit is None:
        return
    references = target_references(time_limit.text)
    if not references:
        for target in targets:
            target.deadline = limit_deadlines[0].id
        return
    for deadline in limit_deadlines:
        offset = deadline.span.start - time_limit.start
        bound = [numbers for end, numbers in references if end <= offset]
        if not bound:
            continue
        for number in bound[-1]:
            for target in targets:
                if target.number == str(number) and target.deadline is None:
                    target.deadline = deadline.id


def _unit(match) -> Unit:
    return Unit(text=match.text, name=match.name, kind=match.kind)


def _unit_lists(text, locate, region, province) -> list[UnitList]:
    return [
        UnitList(role=found.role, text=found.text, units=[_unit(u) for u in found.units],
                 **locate.place(found.start, found.end))
        for found in unit_rules.find_unit_lists(text, region, province)
    ]
