"""`zhenggai export`: records of the real sample plans to jsonl, csv, parquet and sqlite
tables that load with ordinary tools, hold the same rows in every format, and join back."""

from __future__ import annotations

import csv
import datetime
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
import regex

from conftest import CORPUS, PLANS, ROOT
from extract import export
from extract.batch import BatchInput, convert_one, write_record
from extract.cli import main
from extract.export import TABLES, TABLES_BY_NAME, export_records

DOCS = ROOT / "docs" / "export.md"


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> Path:
    """OUT as `zhenggai extract` writes it: three plans, one DOCX, a copy of a plan under
    another name (the same document), an error record, and a file that is not a record."""
    base = tmp_path_factory.mktemp("export")
    inputs = base / "in"
    (inputs / "guizhou").mkdir(parents=True)
    for plan in PLANS:
        shutil.copy(plan, inputs / plan.name)
    shutil.copy(CORPUS / "000-guiyang.docx", inputs / "guizhou" / "guiyang.docx")
    shutil.copy(PLANS[0], inputs / "guizhou" / "copy-of-guiyang.txt")
    (inputs / "empty.pdf").write_bytes(b"")
    out = base / "out"
    for path in sorted(inputs.rglob("*.*")):
        relative = path.relative_to(inputs)
        write_record(out, BatchInput(path, relative), convert_one(path))
    (out / "notes.json").write_text('{"comment": "not a record"}', encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def originals(records) -> list[dict]:
    """The document records the tables must reproduce (the copy is the same document)."""
    found = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(records.rglob("*.json"))]
    documents = [r for r in found if "meta" in r and "copy-of" not in r["source"]["name"]]
    assert len(documents) == 4
    return documents


@pytest.fixture(scope="module")
def jsonl_rows(records, tmp_path_factory) -> dict[str, list[dict]]:
    dest = tmp_path_factory.mktemp("jsonl")
    export_records(records, "jsonl", dest)
    return {
        t.name: [json.loads(line) for line in (dest / f"{t.name}.jsonl").read_text(encoding="utf-8").splitlines()]
        for t in TABLES
    }


def test_jsonl_has_one_row_per_record_item(jsonl_rows, originals):
    assert len(jsonl_rows["documents"]) == len(originals)
    for table in ("sections", "tasks", "deadlines", "indicators", "unit_lists"):
        assert len(jsonl_rows[table]) == sum(len(r[table]) for r in originals), table
    task_units = sum(len(t[f"{role}_units"]) for r in originals for t in r["tasks"]
                     for role in ("lead", "responsible", "supervising", "cooperating"))
    list_units = sum(len(u["units"]) for r in originals for u in r["unit_lists"])
    assert len(jsonl_rows["units"]) == task_units + list_units
    assert len(jsonl_rows["task_items"]) == sum(len(t["targets"]) + len(t["measures"]) for r in originals for t in r["tasks"])
    [error] = jsonl_rows["errors"]
    assert error["record"] == "empty.pdf.error.json" and error["type"] == "empty_file" and error["doc_sha256"]


def test_rows_carry_the_record_values_and_keys(jsonl_rows, originals):
    guiyang = next(r for r in originals if r["source"]["name"] == PLANS[0].name)
    sha = guiyang["source"]["sha256"]
    task = guiyang["tasks"][0]
    [row] = [t for t in jsonl_rows["tasks"] if t["doc_sha256"] == sha and t["id"] == task["id"]]
    assert row["problem"] == task["problem"] and row["deadlines"] == task["deadlines"]
    assert row["responsible_units"] == [u["name"] for u in task["responsible_units"]]
    assert (row["span_start"], row["span_end"], row["page"]) == (task["span"]["start"], task["span"]["end"], task["page"])
    [document] = [d for d in jsonl_rows["documents"] if d["doc_sha256"] == sha]
    assert document["region"] == guiyang["meta"]["region"] == "贵阳市"
    assert document["record"] == f"{PLANS[0].name}.json" and document["task_count"] == len(guiyang["tasks"])


def test_every_key_is_unique_and_every_reference_resolves(jsonl_rows):
    ids = {t.name: {(r["doc_sha256"], r.get("id")) for r in jsonl_rows[t.name]} for t in TABLES}
    for table in TABLES:
        rows = jsonl_rows[table.name]
        keys = [tuple(r[k] for k in table.key) for r in rows]
        assert len(keys) == len(set(keys)), table.name
        for column, target in table.references:
            dangling = [r for r in rows if r[column] is not None and (r["doc_sha256"], r[column]) not in ids[target]]
            assert not dangling, f"{table.name}.{column}: {dangling[:2]}"
    for unit in jsonl_rows["units"]:
        assert (unit["task"] is None) != (unit["unit_list"] is None), "a unit belongs to a task or to a list"
    for task in jsonl_rows["tasks"]:
        assert all((task["doc_sha256"], d) in ids["deadlines"] for d in task["deadlines"])


def test_csv_opens_in_excel_and_reads_back_with_the_csv_module(records, jsonl_rows, tmp_path):
    export_records(records, "csv", tmp_path)
    for table in TABLES:
        path = tmp_path / f"{table.name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            assert reader.fieldnames == table.column_names
            rows = list(reader)
        assert rows == [{c.name: _as_csv(row[c.name], c.type) for c in table.columns} for row in jsonl_rows[table.name]]
    with (tmp_path / "tasks.csv").open(encoding="utf-8-sig", newline="") as stream:
        task = next(r for r in csv.DictReader(stream) if r["deadlines"] != "[]")
    assert json.loads(task["deadlines"])[0].startswith("d") and regex.search(r"\p{Han}", task["problem"])


def _as_csv(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "list":
        return json.dumps(value, ensure_ascii=False)
    if kind == "boolean":
        return "true" if value else "false"
    return str(value)


def test_parquet_has_typed_columns_and_the_same_rows(records, jsonl_rows, tmp_path):
    parquet = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    export_records(records, "parquet", tmp_path)
    for table in TABLES:
        loaded = parquet.read_table(tmp_path / f"{table.name}.parquet")
        assert loaded.column_names == table.column_names
        as_json = [{k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in row.items()}
                   for row in loaded.to_pylist()]
        assert as_json == jsonl_rows[table.name]
    for table, column in (("deadlines", "date"), ("deadlines", "start"), ("documents", "published")):
        assert parquet.read_schema(tmp_path / f"{table}.parquet").field(column).type == pa.date32()
    schema = parquet.read_schema(tmp_path / "tasks.parquet")
    assert schema.field("deadlines").type == pa.list_(pa.string())
    assert schema.field("page").type == pa.int64() and schema.field("truncated").type == pa.bool_()


def test_sqlite_joins_tasks_to_their_documents(records, originals, jsonl_rows, tmp_path):
    database_path = tmp_path / "plans.sqlite"
    export_records(records, "sqlite", database_path)
    database = sqlite3.connect(database_path)
    joined = dict(database.execute(
        "SELECT d.name, count(*) FROM tasks t JOIN documents d USING (doc_sha256) GROUP BY d.name"
    ).fetchall())
    assert joined == {r["source"]["name"]: len(r["tasks"]) for r in originals if r["tasks"]}
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    plan = database.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM deadlines WHERE doc_sha256 = ? AND task = ?", ("x", "t1")
    ).fetchall()
    assert "deadlines_task" in str(plan), "foreign keys are indexed"
    with pytest.raises(sqlite3.IntegrityError):
        database.execute("INSERT INTO sections (doc_sha256, id, title) SELECT doc_sha256, id, title FROM sections LIMIT 1")
    for table in TABLES:
        rows = database.execute(f'SELECT * FROM "{table.name}"').fetchall()
        expected = [tuple(_as_sqlite(row[c.name], c.type) for c in table.columns) for row in jsonl_rows[table.name]]
        assert rows == expected, table.name
    typed = sqlite3.connect(database_path, detect_types=sqlite3.PARSE_DECLTYPES)
    dates = [d for (d,) in typed.execute("SELECT date FROM deadlines WHERE date IS NOT NULL")]
    assert dates and all(type(d) is datetime.date for d in dates), "DATE columns load as dates"


def _as_sqlite(value, kind: str):
    if value is not None and kind == "list":
        return json.dumps(value, ensure_ascii=False)
    if value is not None and kind == "boolean":
        return int(value)
    return value


def test_the_cli_reports_what_it_wrote_and_what_it_skipped(records, tmp_path, capsys):
    dest = tmp_path / "tables"
    assert main(["export", str(records), "--to", "csv", "-o", str(dest)]) == 0
    err = capsys.readouterr().err
    assert "4 records, 1 error records" in err and str(dest) in err
    assert "guizhou/copy-of-guiyang.txt.json: the same document (sha256) as" in err
    assert "notes.json: not a zhenggai record" in err


def test_the_default_destination_sits_beside_out(records, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(records, copy)
    assert main(["export", str(copy), "--to", "sqlite"]) == 0
    assert (tmp_path / "out.sqlite").is_file()


def test_parquet_without_pyarrow_says_how_to_install_it(records, tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    assert main(["export", str(records), "--to", "parquet", "-o", str(tmp_path / "p")]) == 2
    assert "pip install 'zhenggai[parquet]'" in capsys.readouterr().err


def test_a_failed_export_leaves_the_previous_one_and_no_temp_files(records, tmp_path, monkeypatch):
    database_path = tmp_path / "plans.sqlite"
    export_records(records, "sqlite", database_path)
    before = database_path.read_bytes()

    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "document_rows", fail)
    with pytest.raises(RuntimeError):
        export_records(records, "sqlite", database_path)
    assert database_path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plans.sqlite"]


def test_docs_explain_every_column_of_every_table():
    text = DOCS.read_text(encoding="utf-8")
    sections = dict(regex.findall(r"(?m)^### `(\w+)`\n(.*?)(?=^### |\Z)", text, flags=regex.DOTALL))
    assert sorted(sections) == sorted(TABLES_BY_NAME)
    for table in TABLES:
        documented = set(regex.findall(r"(?m)^\| `(\w+)` \|", sections[table.name]))
        assert documented == set(table.column_names), table.name
