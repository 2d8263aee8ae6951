"""Turn a folder of records (`zhenggai extract -o OUT`) into flat, joinable tables.

Every table is keyed by the document's sha256 plus the record's own ids (s3, t1, d7, i3), so
rows from many documents can share one table and be joined back: a task's `section` names a
row of `sections` of the same document, a unit's `task` a row of `tasks`, and so on. The
tables are declared once, as data (TABLES), and every format (jsonl, csv, parquet, sqlite)
writes from that declaration; docs/export.md explains each column.

Records are read one at a time, so a folder of any size exports in bounded memory. Every
output file is written to a temp file and renamed into place, so a failed export leaves the
previous one intact.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import sqlite3
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

from extract.errors import OutputError

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "sqlite")
UNIT_ROLES = ("lead", "responsible", "supervising", "cooperating")
ITEM_KINDS = ("target", "measure")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text | integer | real | boolean | date (ISO text in JSON) | list (of strings)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[tuple[str, str], ...] = ()
    """(column, table): the column holds an id of that table, in the same document."""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _table(name: str, spec: str, key: tuple[str, ...] = ("doc_sha256", "id"), references: str = "") -> Table:
    """`spec` lists columns as `name` (text) or `name:type`; `references` as `column>table`."""
    columns = tuple(Column(*(word.split(":") if ":" in word else (word, "text"))) for word in spec.split())
    links = tuple(tuple(pair.split(">")) for pair in references.split())
    return Table(name, columns, key, links)


_SPAN = "span_start:integer span_end:integer page:integer"

TABLES: tuple[Table, ...] = (
    _table(
        "documents",
        "doc_sha256 record path name format size:integer pages:integer encoding "
        "title region region_level province region_code issuer inspection_group published:date doc_number "
        "reference_year:integer section_count:integer task_count:integer deadline_count:integer "
        "indicator_count:integer unit_list_count:integer warnings:list text",
        key=("doc_sha256",),
    ),
    _table(
        "sections",
        f"doc_sha256 id parent level:integer number title appendix:boolean {_SPAN}",
        references="parent>sections",
    ),
    _table(
        "tasks",
        "doc_sha256 id section number problem finding cause time_limit deadlines:list leaders:list "
        "lead_units:list responsible_units:list supervising_units:list cooperating_units:list "
        f"target_count:integer measure_count:integer truncated:boolean {_SPAN}",
        references="section>sections",
    ),
    _table(
        "task_items",
        f"doc_sha256 id task kind position:integer number text deadline {_SPAN}",
        references="task>tasks deadline>deadlines",
    ),
    _table(
        "deadlines",
        "doc_sha256 id section task text date:date kind start:date period interval:integer relative precision "
        f"{_SPAN}",
        references="section>sections task>tasks",
    ),
    _table(
        "indicators",
        "doc_sha256 id section task text name value:real value_max:real unit comparator year:integer "
        f"{_SPAN}",
        references="section>sections task>tasks",
    ),
    _table(
        "unit_lists",
        f"doc_sha256 id role section task text unit_count:integer {_SPAN}",
        references="section>sections task>tasks",
    ),
    _table(
        "units",
        "doc_sha256 id role task unit_list position:integer text name kind",
        references="task>tasks unit_list>unit_lists",
    ),
    _table("errors", "record doc_sha256 path name format size:integer type message", key=("record",)),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}


class MissingDependency(RuntimeError):
    """An optional package the chosen format needs is not installed."""


@dataclass
class ExportCounts:
    documents: int = 0
    errors: int = 0
    rows: dict[str, int] = field(default_factory=lambda: {t.name: 0 for t in TABLES})
    skipped: list[str] = field(default_factory=list)
    """Files in OUT that were not exported, and why."""


def default_destination(records: Path, to: str) -> Path:
    """OUT.csv/, OUT.jsonl/, OUT.parquet/ (folders of tables) or OUT.sqlite, beside OUT."""
    records = records.resolve()
    return records.with_name(f"{records.name}.{to}")


def export_records(records: Path, to: str, dest: Path) -> ExportCounts:
    """Write every record and error record under `records` to `dest` in format `to`;
    OutputError (before any work where it can tell) when `dest` cannot be written."""
    if to not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {to!r}")
    check_destination(to, dest)
    try:
        return _export(records, to, dest)
    except (OSError, sqlite3.OperationalError) as exc:  # a full disk, a folder gone read-only
        raise OutputError(f"cannot write {getattr(exc, 'filename', None) or dest} ({getattr(exc, 'strerror', None) or exc})") from exc


def check_destination(to: str, dest: Path) -> None:
    from extract.batch import check_output_file, check_output_folder

    if to == "sqlite":
        check_output_file(dest)
    elif dest.exists() and not dest.is_dir():
        raise OutputError(f"{dest} is a file; --to {to} writes a folder of tables (one file per table)")
    else:
        check_output_folder(dest)


def _export(records: Path, to: str, dest: Path) -> ExportCounts:
    counts = ExportCounts()
    with ExitStack() as stack:
        sink = _SINKS[to](dest, stack)
        seen: dict[str, str] = {}
        for name, record in _read_records(records, counts):
            sha = record.get("source", {}).get("sha256")
            if "error" in record:
                rows = {"errors": [_error_row(name, record)]}
                counts.errors += 1
            elif sha in seen:
                counts.skipped.append(f"{name}: the same document (sha256) as {seen[sha]}")
                continue
            else:
                seen[sha] = name
                rows = document_rows(name, record)
                counts.documents += 1
            for table, table_rows in rows.items():
                sink.write(TABLES_BY_NAME[table], table_rows)
                counts.rows[table] += len(table_rows)
        sink.finish()
    return counts


def _read_records(folder: Path, counts: ExportCounts) -> Iterator[tuple[str, dict]]:
    """(path relative to the folder, record) for every *.json under it, in a stable order."""
    for parent, subfolders, files in os.walk(folder):
        subfolders.sort()
        for file_name in sorted(files):
            if not file_name.endswith(".json") or file_name.startswith("."):
                continue
            path = Path(parent, file_name)
            name = path.relative_to(folder).as_posix()
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                counts.skipped.append(f"{name}: not readable JSON ({exc})")
                continue
            if not isinstance(record, dict) or "schema_version" not in record or not isinstance(record.get("source"), dict):
                counts.skipped.append(f"{name}: not a zhenggai record")
                continue
            if "error" not in record and not record.get("source", {}).get("sha256"):
                counts.skipped.append(f"{name}: a record without source.sha256")
                continue
            yield name, record


# --- rows --------------------------------------------------------------------------------


def document_rows(name: str, record: dict) -> dict[str, list[dict]]:
    """All rows one document record contributes, by table name."""
    sha = record["source"]["sha256"]
    rows: dict[str, list[dict]] = {t.name: [] for t in TABLES if t.name != "errors"}
    rows["documents"].append(_document_row(name, record))
    for section in record.get("sections", []):
        rows["sections"].append(
            {"doc_sha256": sha, **_pick(section, "id parent level number title appendix"), **_place(section)}
        )
    for task in record.get("tasks", []):
        rows["tasks"].append(_task_row(sha, task))
        for kind in ITEM_KINDS:
            for position, item in enumerate(task.get(f"{kind}s", []), 1):
                rows["task_items"].append(
                    {"doc_sha256": sha, "id": f"{task['id']}.{kind}{position}", "task": task["id"], "kind": kind,
                     "position": position, **_pick(item, "number text deadline"), **_place(item)}
                )
        for role in UNIT_ROLES:
            rows["units"] += _unit_rows(sha, task["id"], role, task.get(f"{role}_units", []), task=task["id"])
    for deadline in record.get("deadlines", []):
        rows["deadlines"].append(
            {"doc_sha256": sha,
             **_pick(deadline, "id section task text date kind start period interval relative precision"),
             **_place(deadline)}
        )
    for indicator in record.get("indicators", []):
        rows["indicators"].append(
            {"doc_sha256": sha,
             **_pick(indicator, "id section task text name value value_max unit comparator year"),
             **_place(indicator)}
        )
    for position, unit_list in enumerate(record.get("unit_lists", []), 1):
        list_id = f"ul{position}"
        units = unit_list.get("units", [])
        rows["unit_lists"].append(
            {"doc_sha256": sha, "id": list_id, **_pick(unit_list, "role section task text"),
             "unit_count": len(units), **_place(unit_list)}
        )
        rows["units"] += _unit_rows(sha, list_id, unit_list.get("role"), units, unit_list=list_id)
    return rows


def _document_row(name: str, record: dict) -> dict:
    source, meta = record["source"], record.get("meta") or {}
    return {
        "doc_sha256": source["sha256"],
        "record": name,
        **_pick(source, "path name format size pages encoding"),
        **_readable_names(source),
        **_pick(meta, "title region region_level province region_code issuer inspection_group published "
                      "doc_number reference_year"),
        "section_count": len(record.get("sections", [])),
        "task_count": len(record.get("tasks", [])),
        "deadline_count": len(record.get("deadlines", [])),
        "indicator_count": len(record.get("indicators", [])),
        "unit_list_count": len(record.get("unit_lists", [])),
        "warnings": list(record.get("warnings", [])),
        "text": record.get("text"),
    }


def _task_row(sha: str, task: dict) -> dict:
    return {
        "doc_sha256": sha,
        **_pick(task, "id section number problem finding cause time_limit"),
        "deadlines": list(task.get("deadlines", [])),
        "leaders": list(task.get("leaders", [])),
        **{f"{role}_units": [u["name"] for u in task.get(f"{role}_units", [])] for role in UNIT_ROLES},
        "target_count": len(task.get("targets", [])),
        "measure_count": len(task.get("measures", [])),
        "truncated": task.get("truncated", False),
        **_place(task),
    }


def _unit_rows(sha: str, owner: str, role: Optional[str], units: list[dict], task=None, unit_list=None) -> list[dict]:
    return [
        {"doc_sha256": sha, "id": f"{owner}.{role}{position}", "role": role, "task": task, "unit_list": unit_list,
         "position": position, **_pick(unit, "text name kind")}
        for position, unit in enumerate(units, 1)
    ]


def _error_row(name: str, record: dict) -> dict:
    source, error = record["source"], record.get("error") or {}
    return {"record": name, "doc_sha256": source.get("sha256"), **_pick(source, "path name format size"),
            **_readable_names(source), "type": error.get("type"), "message": _readable(error.get("message"))}


def _readable_names(source: dict) -> dict:
    return {"path": _readable(source.get("path")), "name": _readable(source.get("name"))}


def _readable(text: Optional[str]) -> Optional[str]:
    """A file name that is not UTF-8 (lone surrogates in the record) with its odd bytes as
    \\xNN, since csv, sqlite and parquet take only UTF-8 text."""
    if text is None or text.isascii() or not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _pick(values: dict, names: str) -> dict:
    return {name: values.get(name) for name in names.split()}


def _place(value: dict) -> dict:
    span = value.get("span") or {}
    return {"span_start": span.get("start"), "span_end": span.get("end"), "page": value.get("page")}


# --- formats -----------------------------------------------------------------------------


def _cell_for_text_format(value, column: Column):
    """csv and sqlite have no lists: a list is stored as a JSON string."""
    if column.type == "list" and value is not None:
        return json.dumps(value, ensure_ascii=False)
    return value


class _JsonlSink:
    """DEST/<table>.jsonl, one JSON object per row, lists as JSON arrays."""

    def __init__(self, dest: Path, stack: ExitStack):
        from extract.batch import atomic_output

        dest.mkdir(parents=True, exist_ok=True)
        self.streams = {t.name: stack.enter_context(atomic_output(dest / f"{t.name}.jsonl")) for t in TABLES}

    def write(self, table: Table, rows: list[dict]) -> None:
        stream = self.streams[table.name]
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")

    def finish(self) -> None:
        pass


class _CsvSink:
    """DEST/<table>.csv in UTF-8 with a BOM, so that Excel shows Chinese correctly; empty
    cells for nulls, true/false for booleans, lists as JSON strings."""

    def __init__(self, dest: Path, stack: ExitStack):
        from extract.batch import atomic_output

        dest.mkdir(parents=True, exist_ok=True)
        self.writers = {}
        for table in TABLES:
            stream = stack.enter_context(atomic_output(dest / f"{table.name}.csv", encoding="utf-8-sig", newline=""))
            writer = csv.writer(stream)
            writer.writerow(table.column_names)
            self.writers[table.name] = writer

    def write(self, table: Table, rows: list[dict]) -> None:
        self.writers[table.name].writerows([self._cell(row.get(c.name), c) for c in table.columns] for row in rows)

    @staticmethod
    def _cell(value, column: Column):
        if value is None:
            return ""
        if column.type == "boolean":
            return "true" if value else "false"
        return _cell_for_text_format(value, column)

    def finish(self) -> None:
        pass


class _SqliteSink:
    """One database file; one table per table with its primary key, declared foreign keys
    and an index on each foreign key; booleans as 0/1, lists as JSON strings."""

    SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "boolean": "INTEGER", "date": "DATE",
                 "list": "TEXT"}

    def __init__(self, dest: Path, stack: ExitStack):
        import sqlite3

        from extract.batch import atomic_path

        dest.parent.mkdir(parents=True, exist_ok=True)
        self.database = sqlite3.connect(stack.enter_context(atomic_path(dest)))
        stack.callback(self.database.close)
        for table in TABLES:
            self.database.execute(self._create(table))
            for column, _ in table.references:
                self.database.execute(
                    f'CREATE INDEX "{table.name}_{column}" ON "{table.name}" (doc_sha256, "{column}")'
                )
        self.inserts = {
            t.name: f'INSERT INTO "{t.name}" VALUES ({", ".join("?" for _ in t.columns)})' for t in TABLES
        }

    def _create(self, table: Table) -> str:
        lines = [f'"{c.name}" {self.SQL_TYPES[c.type]}' for c in table.columns]
        lines.append(f"PRIMARY KEY ({', '.join(table.key)})")
        if "doc_sha256" in table.key and table.name != "documents":
            lines.append("FOREIGN KEY (doc_sha256) REFERENCES documents (doc_sha256)")
        for column, target in table.references:
            lines.append(f'FOREIGN KEY (doc_sha256, "{column}") REFERENCES "{target}" (doc_sha256, id)')
        return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(lines) + "\n)"

    def write(self, table: Table, rows: list[dict]) -> None:
        self.database.executemany(
            self.inserts[table.name], [[_cell_for_text_format(row.get(c.name), c) for c in table.columns] for row in rows]
        )

    def finish(self) -> None:
        self.database.commit()
        self.database.close()


class _ParquetSink:
    """DEST/<table>.parquet with typed columns (lists as list<string>), written in row groups
    of ROW_GROUP rows so memory stays bounded."""

    ROW_GROUP = 10000

    def __init__(self, dest: Path, stack: ExitStack):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise MissingDependency(
                "parquet export needs pyarrow: pip install 'zhenggai[parquet]' "
                "/ 导出 parquet 需要 pyarrow,请运行 pip install 'zhenggai[parquet]'"
            ) from exc
        from extract.batch import atomic_path

        types = {"text": pa.string(), "integer": pa.int64(), "real": pa.float64(), "boolean": pa.bool_(),
                 "date": pa.date32(), "list": pa.list_(pa.string())}
        dest.mkdir(parents=True, exist_ok=True)
        self.pa = pa
        self.schemas = {t.name: pa.schema([(c.name, types[c.type]) for c in t.columns]) for t in TABLES}
        self.writers = {}
        for table in TABLES:
            writer = pq.ParquetWriter(str(stack.enter_context(atomic_path(dest / f"{table.name}.parquet"))),
                                      self.schemas[table.name])
            stack.callback(writer.close)
            self.writers[table.name] = writer
        self.buffers: dict[str, list[dict]] = {t.name: [] for t in TABLES}

    def write(self, table: Table, rows: list[dict]) -> None:
        buffer = self.buffers[table.name]
        dates = [c.name for c in table.columns if c.type == "date"]
        buffer += [{**row, **{d: _date(row.get(d)) for d in dates}} for row in rows] if dates else rows
        if len(buffer) >= self.ROW_GROUP:
            self._flush(table.name)

    def _flush(self, name: str) -> None:
        if self.buffers[name]:
            batch = self.pa.Table.from_pylist(self.buffers[name], schema=self.schemas[name])
            self.writers[name].write_table(batch)
            self.buffers[name] = []

    def finish(self) -> None:
        for name in self.writers:
            self._flush(name)


def _date(text: Optional[str]) -> Optional[datetime.date]:
    """An ISO date of the record as a date; anything else (not expected) as null rather than
    a failed export."""
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


_SINKS = {"jsonl": _JsonlSink, "csv": _CsvSink, "parquet": _ParquetSink, "sqlite": _SqliteSink}
