"""Outputs that cannot be written: checked before any work and reported in one line with
exit 3; an output lost midway stops the run cleanly, keeping whole records, and --resume
finishes it to the result of an uninterrupted run. The same for export and report."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PLANS, ROOT
from extract.cli import main

EXIT_OUTPUT = 3


def zhenggai(*args) -> tuple[int, str]:
    with contextlib.redirect_stderr(io.StringIO()) as err:
        status = main([str(a) for a in args])
    return status, err.getvalue()


@pytest.fixture
def plans(tmp_path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for plan in PLANS:
        shutil.copy(plan, folder / plan.name)
    return folder


def _one_line_exit_3(status: int, err: str, *words: str) -> None:
    assert status == EXIT_OUTPUT, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(word in lines[0] for word in words), lines[0]


def test_out_below_a_file_is_exit_3_before_any_work(plans, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_exit_3(*zhenggai("extract", plans, "-o", blocker / "out"), "cannot write", "file")


def test_out_that_is_a_file_is_exit_3(plans, tmp_path):
    blocker = tmp_path / "records"
    blocker.write_text("x")
    _one_line_exit_3(*zhenggai("extract", plans, "-o", blocker), "is a file")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root writes in read-only folders")
def test_out_below_a_read_only_folder_is_exit_3(plans, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    _one_line_exit_3(*zhenggai("extract", plans, "-o", locked / "out"), "cannot write")


def test_an_output_lost_midway_stops_the_run_and_resume_finishes_it(plans, tmp_path, monkeypatch):
    import extract.batch

    clean, broken = tmp_path / "clean", tmp_path / "broken"
    assert zhenggai("extract", plans, "-o", clean, "--workers", "1")[0] == 0
    real_write, written = extract.batch.write_json_file, []

    def disk_fills_after_one(target, record):
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_write(target, record)
        written.append(target)

    monkeypatch.setattr(extract.batch, "write_json_file", disk_fills_after_one)
    status, err = zhenggai("extract", plans, "-o", broken, "--workers", "1")
    assert status == EXIT_OUTPUT and "No space left on device" in err and "--resume" in err
    assert "Traceback" not in err and f"{len(PLANS) - 1} not done" in err
    assert [p.name for p in broken.iterdir()] == [written[0].name], "whole records only, no temp file"
    monkeypatch.setattr(extract.batch, "write_json_file", real_write)
    status, err = zhenggai("extract", plans, "-o", broken, "--resume")
    assert status == 0 and "1 already done (--resume)" in err
    for path in clean.iterdir():
        expected, got = json.loads(path.read_text()), json.loads((broken / path.name).read_text())
        expected["source"].pop("path"), got["source"].pop("path")
        assert got == expected


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("one", [False, True])
def test_a_full_stdout_is_exit_3(plans, one):
    args = [plans / PLANS[0].name] if one else [plans, "--jsonl"]
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "extract.cli", "extract", *args],
                             stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    assert run.returncode == EXIT_OUTPUT and "No space left on device" in run.stderr
    assert "Traceback" not in run.stderr


def test_jsonl_streams_one_record_per_input(plans, tmp_path):
    run = subprocess.run([sys.executable, "-m", "extract.cli", "extract", plans, "--jsonl", "-q"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0 and run.stderr == ""
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert sorted(r["source"]["name"] for r in records) == sorted(p.name for p in PLANS)
    assert zhenggai("extract", plans, "-o", tmp_path / "all.jsonl")[0] == 0
    assert len((tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()) == len(PLANS)


def test_out_named_json_writes_one_file_and_never_a_folder(plans, tmp_path):
    target = tmp_path / "result.json"
    assert zhenggai("extract", plans / PLANS[0].name, "-o", target)[0] == 0
    assert target.is_file() and json.loads(target.read_text(encoding="utf-8"))["source"]["name"] == PLANS[0].name
    status, err = zhenggai("extract", plans, "-o", tmp_path / "many.json")
    assert status == 2 and "folder" in err and not (tmp_path / "many.json").exists()


def test_collision_advice_fits_what_was_given(tmp_path):
    for side in ("a", "b"):
        (tmp_path / side).mkdir()
        shutil.copy(PLANS[0], tmp_path / side / "plan.txt")
    status, err = zhenggai("extract", tmp_path / "a" / "plan.txt", tmp_path / "b" / "plan.txt", "-o", tmp_path / "o")
    assert status == 2 and "give their folders instead" in err
    status, err = zhenggai("extract", tmp_path / "a", tmp_path / "b", "-o", tmp_path / "o")
    assert status == 2 and "separate -o folders" in err and "give their folders" not in err


@pytest.fixture
def records(plans, tmp_path) -> Path:
    out = tmp_path / "records"
    assert zhenggai("extract", plans, "-o", out)[0] == 0
    return out


@pytest.mark.parametrize("to", ["csv", "jsonl"])
def test_export_of_tables_into_an_existing_file_is_exit_3(records, tmp_path, to):
    blocker = tmp_path / "tables"
    blocker.write_text("x")
    _one_line_exit_3(*zhenggai("export", records, "--to", to, "-o", blocker), "is a file")
    assert blocker.read_text() == "x"


def test_export_of_a_database_into_a_folder_or_below_a_file_is_exit_3(records, tmp_path):
    _one_line_exit_3(*zhenggai("export", records, "--to", "sqlite", "-o", records), "is a folder")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_exit_3(*zhenggai("export", records, "--to", "sqlite", "-o", blocker / "plans.sqlite"), "cannot write")


def test_report_into_a_folder_or_below_a_file_is_exit_3(records, tmp_path):
    _one_line_exit_3(*zhenggai("report", records, "-o", tmp_path), "is a folder")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    _one_line_exit_3(*zhenggai("report", records, "-o", blocker / "r.html"), "cannot write")
    existing = tmp_path / "overview.html"
    existing.write_text("old")
    assert zhenggai("report", records, "-o", existing)[0] == 0 and "<html" in existing.read_text(encoding="utf-8")


def test_an_export_whose_disk_fills_is_exit_3_and_keeps_the_previous_tables(records, tmp_path, monkeypatch):
    import extract.export

    tables = tmp_path / "tables"
    assert zhenggai("export", records, "--to", "csv", "-o", tables)[0] == 0
    before = {p.name: p.read_bytes() for p in tables.iterdir()}

    def disk_full(self, table, rows):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tables / f"{table.name}.csv"))

    monkeypatch.setattr(extract.export._CsvSink, "write", disk_full)
    _one_line_exit_3(*zhenggai("export", records, "--to", "csv", "-o", tables), "No space left on device")
    assert {p.name: p.read_bytes() for p in tables.iterdir()} == before, "no temp file left, old tables whole"
