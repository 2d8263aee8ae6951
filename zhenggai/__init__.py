"""zhenggai: Chinese rectification plans (整改方案) to structured, verifiable JSON records.

The public Python API; the record's contract is docs/CONTRACT.md, what each field holds
docs/FORMAT.md.

    import zhenggai

    record = zhenggai.extract_file("plan.pdf")          # DocumentRecord, or raises ExtractionError
    record.tasks[0].problem, record.model_dump(mode="json")

    for path, record in zhenggai.iter_records(["plans/"], workers=4):   # guarded worker processes
        if isinstance(record, zhenggai.ErrorRecord): ...

    zhenggai.convert_one(path) / zhenggai.convert_bytes(data, name)     # never raise: for clusters

Every function returns pydantic models: DocumentRecord, or ErrorRecord for an input that
cannot be converted (`.error.type`, `.error.message`); `to_json(record)` is the record as
the command line writes it. Names are imported on first use, so `import zhenggai` is instant.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from extract import __version__

# public name -> the module that defines it (the one table to change if modules move)
_EXPORTS = {
    "extract_file": "extract.pipeline",
    "extract_bytes": "extract.pipeline",
    "ExtractionError": "extract.errors",
    "OutputError": "extract.errors",
    "iter_records": "extract.batch",
    "find_inputs": "extract.batch",
    "convert_one": "extract.batch",
    "convert_bytes": "extract.batch",
    "to_json": "extract.batch",
    "AnyRecord": "extract.batch",
    "export_records": "extract.export",
    "EXPORT_FORMATS": "extract.export",
    "SCHEMA_VERSION": "schemas",
    "document_json_schema": "schemas",
    "DocumentRecord": "schemas",
    "ErrorRecord": "schemas",
    "ErrorInfo": "schemas",
    "Source": "schemas",
    "Meta": "schemas",
    "Section": "schemas",
    "Task": "schemas",
    "TaskItem": "schemas",
    "Deadline": "schemas",
    "Indicator": "schemas",
    "Unit": "schemas",
    "UnitList": "schemas",
    "Span": "schemas",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:  # what type checkers and editors see
    from extract.batch import AnyRecord, convert_bytes, convert_one, find_inputs, iter_records, to_json
    from extract.errors import ExtractionError, OutputError
    from extract.export import EXPORT_FORMATS, export_records
    from extract.pipeline import extract_bytes, extract_file
    from schemas import *  # noqa: F403 - the record models, as schemas.__all__ lists them
    from schemas import document_json_schema


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'zhenggai' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
