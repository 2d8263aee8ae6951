"""The command line as a user calls it."""

import json
import subprocess
import sys

from schemas import DocumentRecord, ErrorRecord
from tests.conftest import PLANS, ROOT

ZHENGGAI = [sys.executable, "-m", "extract.cli"]


def run(*args, **kwargs):
    return subprocess.run([*ZHENGGAI, *map(str, args)], capture_output=True, text=True, cwd=ROOT, **kwargs)


def test_version_and_schema():
    assert run("--version").stdout.startswith("zhenggai ")
    schema = json.loads(run("schema").stdout)
    assert schema["title"] == "DocumentRecord"


def test_one_file_goes_to_stdout_as_a_valid_record():
    result = run("extract", PLANS[0])
    assert result.returncode == 0, result.stderr
    record = DocumentRecord.model_validate_json(result.stdout)
    assert record.source.format == "txt"
    assert record.source.name == PLANS[0].name
    assert len(record.tasks) == 7
    assert record.text is None


def test_with_text_spans_index_the_normalised_text():
    result = run("extract", "--with-text", PLANS[0])
    record = DocumentRecord.model_validate_json(result.stdout)
    for deadline in record.deadlines:
        assert record.text[deadline.span.start : deadline.span.end] == deadline.text
    for section in record.sections:
        assert section.title in record.text[section.span.start : section.span.end]


def test_a_folder_with_a_bad_file_gives_an_error_record_and_exit_1(tmp_path):
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    (inputs / "sub" / "plan.txt").write_bytes(PLANS[2].read_bytes())
    (inputs / "empty.pdf").write_bytes(b"")
    result = run("extract", inputs, "-o", tmp_path / "out")
    assert result.returncode == 1
    DocumentRecord.model_validate_json((tmp_path / "out" / "sub" / "plan.txt.json").read_text(encoding="utf-8"))
    error = ErrorRecord.model_validate_json((tmp_path / "out" / "empty.pdf.error.json").read_text(encoding="utf-8"))
    assert error.error.type == "empty_file"
    assert "empty.pdf" in error.error.message


def test_usage_errors_exit_2(tmp_path):
    assert run("extract").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("extract", tmp_path / "nothing-here").returncode in (1, 2)


def test_every_command_has_a_description_and_an_example():
    for command in ("extract", "export", "schema", "report"):
        help_text = run(command, "--help").stdout
        assert "example" in help_text and f"zhenggai {command} " in help_text.split("example", 1)[1], command
    top = run("--help").stdout
    assert all(f"  {code}  " in top for code in "0123") and "docs/cli.md" in top


def test_quiet_prints_nothing_and_verbose_lists_failures_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plan.txt").write_bytes(PLANS[2].read_bytes())
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "table.xlsx").write_bytes(b"PK")
    quiet = run("extract", folder, "-o", tmp_path / "q", "-q")
    assert quiet.returncode == 1 and quiet.stderr == ""
    verbose = run("extract", folder, "-o", tmp_path / "v", "-v")
    assert "failed " in verbose.stderr and "empty.pdf: empty_file" in verbose.stderr
    assert "1 skipped" in verbose.stderr and ".xlsx 1" in verbose.stderr


def test_every_command_in_the_docs_table_runs_as_written(tmp_path):
    """docs/cli.md's table (the README's command table) run in order, as a user would, on
    sample files named as the table names them."""
    import os
    import re
    import shutil

    from tests.conftest import CORPUS, GOLD

    table = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split("## Exit codes")[0]
    commands = [c.replace("\\|", "|") for c in re.findall(r"^\| `(zhenggai [^`]+)` \|", table, re.MULTILINE)]
    assert len(commands) >= 10
    shutil.copy(CORPUS / "002-gongshu.pdf", tmp_path / "plan.pdf")
    (tmp_path / "plans").mkdir()
    (tmp_path / "gold").mkdir()
    for plan in PLANS:
        shutil.copy(plan, tmp_path / "plans" / plan.name)
        shutil.copy(GOLD / f"{plan.name}.gold.json", tmp_path / "gold")
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    python = f'"{sys.executable}" -m extract.cli'
    for command in commands:
        done = subprocess.run(command.replace("zhenggai", python, 1), shell=True, cwd=tmp_path, env=environment,
                              capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stderr[-2000:])
    assert len((tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()) == len(PLANS)
    assert (tmp_path / "tables" / "tasks.csv").exists() and (tmp_path / "overview.html").exists()
