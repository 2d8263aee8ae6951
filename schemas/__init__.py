"""Pydantic models of zhenggai's output: the single source of truth for the record."""

from schemas.record import (
    SCHEMA_VERSION,
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

__all__ = [
    "SCHEMA_VERSION",
    "Deadline",
    "DocumentRecord",
    "ErrorInfo",
    "ErrorRecord",
    "Indicator",
    "Meta",
    "Section",
    "Source",
    "Span",
    "Task",
    "TaskItem",
    "Unit",
    "UnitList",
]


def document_json_schema() -> dict:
    """JSON Schema of the document record, as `zhenggai schema` prints it."""
    return DocumentRecord.model_json_schema()
