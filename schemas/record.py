"""The output contract (shared/CONTRACT.md, version 1) as pydantic models.

These models are the single source of truth for what zhenggai writes: the
pipeline builds them, `zhenggai schema` prints their JSON Schema, and
`schemas/document.schema.json` is a committed copy kept in step by a test.
Fields may be added; none may be renamed or dropped without a new
`schema_version`.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

Format = Literal["doc", "docx", "pdf", "html", "txt", "ofd", "image"]
RegionLevel = Literal["province", "city", "county", "district"]
DocumentKind = Literal[
    "plan", "progress_report", "public_notice", "task_list", "audit_report", "tour_report", "news", "other"
]
UnitKind = Literal[
    "party",
    "government",
    "department",
    "people_congress",
    "discipline",
    "court_procuratorate",
    "management_committee",
    "enterprise",
    "other",
]
UnitRole = Literal["lead", "responsible", "supervising", "cooperating"]
DeadlineKind = Literal["by", "start", "range", "recurring", "ongoing"]
Period = Literal["year", "half_year", "quarter", "month", "week", "day"]
Precision = Literal["day", "month", "quarter", "half_year", "year"]
Comparator = Literal[">=", "<=", "=", "~", ">", "<"]
ErrorType = Literal[
    "not_found",
    "empty_file",
    "unsupported_format",
    "corrupt_file",
    "encrypted",
    "too_large",
    "timeout",
    "encoding",
    "internal",
]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(Model):
    """Character offsets [start, end) into the record's normalised text."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Source(Model):
    path: Optional[str] = None
    name: Optional[str] = None
    format: Optional[Format] = None
    sha256: Optional[str] = None
    size: Optional[int] = None
    pages: Optional[int] = Field(None, description="Page count for paginated formats, else null.")
    encoding: Optional[str] = Field(None, description="Detected text encoding (txt, html), else null.")
    ocr_pages: Optional[list[int]] = Field(
        None, description="Pages whose text was read by OCR (scans, page images), else null."
    )
    ocr_confidence: Optional[float] = Field(
        None, ge=0, le=1, description="Mean OCR recognition confidence over those pages' lines, else null."
    )


class Meta(Model):
    title: Optional[str] = None
    region: Optional[str] = Field(None, description="The plan's own region, e.g. 贵阳市.")
    region_level: Optional[RegionLevel] = None
    province: Optional[str] = None
    region_code: Optional[str] = Field(None, description="GB/T 2260 six-digit code of the region.")
    issuer: Optional[str] = None
    inspection_group: Optional[str] = Field(None, description="e.g. 中央第七环境保护督察组")
    published: Optional[str] = Field(None, description="ISO date the plan was issued or published.")
    doc_number: Optional[str] = Field(None, description="文号, e.g. 晋发〔2017〕60号")
    reference_year: Optional[int] = Field(
        None, description="Year that relative time limits (年内, 年底前) are resolved against."
    )
    kind: DocumentKind = Field(
        "other",
        description="What the document is: plan (整改方案, or a 印发 notice carrying one), progress_report "
        "(整改情况/进展), public_notice (完成/销号 公示), task_list (清单, 台账), audit_report (审计整改), "
        "tour_report (巡视/巡察 整改), news, other.",
    )


class Section(Model):
    id: str
    parent: Optional[str] = None
    level: int = Field(description="0 第X部分/章, 1 一、, 2 (一), 3 1., 4 (1), 5 ①")
    number: Optional[str] = Field(None, description="Numbering without brackets or punctuation.")
    title: str
    appendix: bool = False
    span: Span
    page: Optional[int] = None


class Unit(Model):
    text: str = Field(description="The unit as written (brackets half-width).")
    name: str = Field(description="The unit qualified with the plan's region where abbreviated.")
    kind: UnitKind


class UnitList(Model):
    role: UnitRole
    section: Optional[str] = None
    task: Optional[str] = None
    text: str = Field(description="The field as written, label included.")
    units: list[Unit]
    span: Span
    page: Optional[int] = None


class TaskItem(Model):
    """A numbered 整改目标 (target) or 整改措施 (measure) of a task."""

    number: Optional[str] = None
    text: str
    deadline: Optional[str] = Field(None, description="Id of the item's own deadline.")
    span: Span
    page: Optional[int] = None


class Task(Model):
    id: str
    section: Optional[str] = None
    number: Optional[str] = None
    problem: str
    finding: Optional[str] = Field(None, description="经查… the finding as written.")
    cause: Optional[str] = Field(None, description="原因分析")
    time_limit: Optional[str] = Field(None, description="整改时限 as written.")
    progress: Optional[str] = Field(None, description="整改进展/完成情况 as written (progress reports, 清单销号).")
    targets: list[TaskItem] = []
    measures: list[TaskItem] = []
    deadlines: list[str] = Field([], description="Ids of the deadlines named in 整改时限, in order.")
    lead_units: list[Unit] = []
    responsible_units: list[Unit] = []
    supervising_units: list[Unit] = []
    cooperating_units: list[Unit] = []
    leaders: list[str] = Field([], description="责任领导/牵头领导/责任人, one entry per person as written.")
    truncated: bool = Field(False, description="The source text ends inside this task.")
    span: Span
    page: Optional[int] = None


class Deadline(Model):
    id: str
    text: str
    date: Optional[str] = Field(None, description="ISO date: the last day the limit allows.")
    kind: DeadlineKind
    start: Optional[str] = Field(None, description="ISO start date for start and range kinds.")
    period: Optional[Period] = None
    interval: Optional[int] = Field(None, description="每 2 个月 -> 2")
    relative: Optional[str] = Field(None, description="The relative expression (年内, 年底) as written.")
    precision: Optional[Precision] = None
    section: Optional[str] = None
    task: Optional[str] = None
    span: Span
    page: Optional[int] = None


class Indicator(Model):
    id: str
    text: str
    name: Optional[str] = None
    value: float
    value_max: Optional[float] = None
    unit: Optional[str] = None
    comparator: Comparator
    year: Optional[int] = None
    section: Optional[str] = None
    task: Optional[str] = None
    span: Span
    page: Optional[int] = None


class DocumentRecord(Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    meta: Meta
    sections: list[Section] = []
    tasks: list[Task] = []
    deadlines: list[Deadline] = []
    indicators: list[Indicator] = []
    unit_lists: list[UnitList] = []
    warnings: list[str] = []
    text: Optional[str] = Field(None, description="The normalised text that spans index (--with-text).")


class ErrorInfo(Model):
    type: ErrorType
    message: str


class ErrorRecord(Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    error: ErrorInfo
