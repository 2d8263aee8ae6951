"""The pipeline, top to bottom: load → normalise → outline → fields → record.

Each stage is its own module and imports only the stages before it; this file
only wires them together and turns their matches into the pydantic record,
giving every value its id, span, page, section and task.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_right
from pathlib import Path
from typing import BinaryIO, Optional

from extract.errors import ExtractionError
from extract.fields import deadlines as deadline_rules
from extract.fields import indicators as indicator_rules
from extract.fields import meta as meta_rules
from extract.fields import units as unit_rules
from extract.fields import tasks as task_rules
from extract.fields.tasks import TaskMatch
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

    task_matches = task_rules.find_tasks(document, outline)
    locate = Locator(document, outline, task_matches)

    deadline_matches = list(deadline_rules.find_deadlines(text, year, kind))
    deadline_matches += task_rules.time_limit_fallbacks(task_matches, deadline_matches, year)
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
        kind=kind,
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
    fields = match.fields
    time_limit = fields.get("time_limit")
    target_deadlines, measure_deadlines = task_rules.item_deadlines(match, deadline_starts)

    def item(found, k: Optional[int]) -> TaskItem:
        return TaskItem(number=found.number, text=found.text, deadline=None if k is None else deadlines[k].id,
                        span=Span(start=found.start, end=found.end), page=document.page_at(found.start))

    targets = [item(t, k) for t, k in zip(match.targets, target_deadlines)]
    measures = [item(m, k) for m, k in zip(match.measures, measure_deadlines)]
    found_units = unit_rules.task_units(
        {role: fields[role].text for role in UNIT_FIELDS if role in fields}, region, province
    )
    units = {UNIT_FIELDS[role]: [_unit(u) for u in found] for role, found in found_units.items()}
    return Task(
        id=f"t{index + 1}",
        section=locate.section(match.start),
        number=match.number,
        problem=match.problem,
        finding=match.finding,
        cause=fields["cause"].text if "cause" in fields else None,
        time_limit=time_limit.text if time_limit else None,
        progress=fields["progress"].text if "progress" in fields else None,
        targets=targets,
        measures=measures,
        deadlines=[deadlines[k].id for k in task_rules.own_deadlines(match, deadline_starts)],
        leaders=task_rules.leaders_of(match),
        truncated=match.truncated,
        span=Span(start=match.start, end=match.end),
        page=document.page_at(match.start),
        **units,
    )


def _unit(match) -> Unit:
    return Unit(text=match.text, name=match.name, kind=match.kind)


def _unit_lists(text, locate, region, province) -> list[UnitList]:
    return [
        UnitList(role=found.role, text=found.text, units=[_unit(u) for u in found.units],
                 **locate.place(found.start, found.end))
        for found in unit_rules.find_unit_lists(text, region, province)
    ]
