"""Convert many files: walk the inputs, write one record (or error record) per input, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extract.errors import ExtractionError

INPUT_SUFFIXES = {".doc", ".docx", ".pdf", ".html", ".htm", ".txt", ".ofd"}


@dataclass(frozen=True)
class BatchInput:
    path: Path
    relative: Path  # where its output goes under OUT, without the .json suffix


@dataclass
class BatchResult:
    input: BatchInput
    record: dict
    ok: bool


@dataclass
class BatchSummary:
    converted: int = 0
    failed: dict[str, int] = field(default_factory=dict)

    @property
    def failures(self) -> int:
        return sum(self.failed.values())


def find_inputs(paths: Iterable[str | os.PathLike]) -> list[BatchInput]:
    """Files named directly, and files under folders (recursively, by suffix, case-insensitive)."""
    inputs = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in INPUT_SUFFIXES:
                    inputs.append(BatchInput(found, found.relative_to(path)))
        else:
            inputs.append(BatchInput(path, Path(path.name)))
    return inputs


def convert_one(item: BatchInput, with_text: bool = False) -> BatchResult:
    """Convert one input to a record dict; every failure becomes an error record."""
    from extract.pipeline import describe_source, error_record, extract_bytes
    from schemas import Source

    try:
        data = item.path.read_bytes()
    except OSError as exc:
        error = ExtractionError("not_found", f"{item.path}: cannot be read ({exc.strerror or exc}). / 无法读取文件。")
        return BatchResult(item, _dump(error_record(Source(path=str(item.path), name=item.path.name), error)), False)
    try:
        record = extract_bytes(data, item.path.name, path=str(item.path), with_text=with_text)
        return BatchResult(item, _dump(record), True)
    except ExtractionError as error:
        source = describe_source(data, item.path.name, str(item.path))
        return BatchResult(item, _dump(error_record(source, error)), False)
    except RecursionError:
        source = describe_source(data, item.path.name, str(item.path))
        error = ExtractionError("corrupt_file", f"{item.path.name}: the file is nested too deeply to read. / 文件结构异常。")
        return BatchResult(item, _dump(error_record(source, error)), False)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a batch
        source = describe_source(data, item.path.name, str(item.path))
        error = ExtractionError(
            "internal",
            f"{item.path.name}: zhenggai failed on this file ({type(exc).__name__}: {exc}); "
            "please report it with the file. / 程序内部错误,请附文件报告。",
        )
        return BatchResult(item, _dump(error_record(source, error)), False)


def iter_convert(inputs: Iterable[BatchInput], with_text: bool = False) -> Iterator[BatchResult]:
    for item in inputs:
        yield convert_one(item, with_text)


def output_path(out: Path, result: BatchResult) -> Path:
    suffix = ".json" if result.ok else ".error.json"
    return out / (str(result.input.relative) + suffix)


def write_result(out: Path, result: BatchResult) -> Path:
    """Write the record atomically (temp file + rename): no half-written JSON, ever; a record
    replaces a stale error record for the same input and vice versa."""
    target = output_path(out, result)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_json_atomic(target, result.record)
    other = out / (str(result.input.relative) + (".error.json" if result.ok else ".json"))
    if other.exists():
        other.unlink()
    return target


def write_json_atomic(target: Path, payload: dict) -> None:
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(payload, stream, ensure_ascii=False, indent=1)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _dump(model) -> dict:
    return model.model_dump(mode="json", exclude_none=False)


def run_batch(inputs: list[BatchInput], out: Optional[Path], with_text: bool = False) -> BatchSummary:
    summary = BatchSummary()
    for result in iter_convert(inputs, with_text):
        if out is not None:
            write_result(out, result)
        if result.ok:
            summary.converted += 1
        else:
            kind = result.record["error"]["type"]
            summary.failed[kind] = summary.failed.get(kind, 0) + 1
    return summary
