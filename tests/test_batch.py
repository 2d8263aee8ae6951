"""`zhenggai extract` over many files: where outputs go, exit codes, --resume, workers,
progress, and a batch killed with SIGKILL resumed to the same result as an uninterrupted run."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PLANS, ROOT
from extract.batch import BatchInput, find_inputs, iter_records, output_collisions, run_batch, write_record
from extract.cli import main
from schemas import DocumentRecord, ErrorRecord


def zhenggai(*args) -> int:
    return main([str(a) for a in args])


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file under the folder by relative path (temp files included, to catch leftovers)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def make_tree(root: Path) -> Path:
    """Plans in nested folders, one with an upper-case suffix, beside files that are not inputs."""
    (root / "guizhou" / "guiyang").mkdir(parents=True)
    (root / "shanxi").mkdir()
    shutil.copy(PLANS[0], root / "guizhou" / "guiyang" / "plan.txt")
    shutil.copy(PLANS[1], root / "shanxi" / "PLAN.TXT")
    shutil.copy(PLANS[2], root / "gongshu.txt")
    (root / "notes.md").write_text("整改方案 notes", encoding="utf-8")
    (root / "shanxi" / "budget.xlsx").write_bytes(b"PK\x03\x04")
    return root


@pytest.fixture
def tree(tmp_path) -> Path:
    return make_tree(tmp_path / "plans")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """One batch over the tree with two workers: (tree, OUT, exit status, stderr)."""
    base = tmp_path_factory.mktemp("converted")
    tree, out = make_tree(base / "plans"), base / "out"
    with contextlib.redirect_stderr(io.StringIO()) as stderr:  # not a terminal
        status = zhenggai("extract", tree, "-o", out, "--workers", 2)
    return tree, out, status, stderr.getvalue()


def test_folder_outputs_mirror_the_relative_paths(converted):
    tree, out, status, _ = converted
    assert status == 0
    assert sorted(outputs(out)) == ["gongshu.txt.json", "guizhou/guiyang/plan.txt.json", "shanxi/PLAN.TXT.json"]
    record = DocumentRecord.model_validate_json((out / "shanxi" / "PLAN.TXT.json").read_text(encoding="utf-8"))
    assert record.source.name == "PLAN.TXT" and record.source.path == str(tree / "shanxi" / "PLAN.TXT")
    assert record.sections and record.deadlines, "the Shanxi plan has an outline and deadlines"


def test_outputs_get_ordinary_file_permissions(converted):
    umask = os.umask(0)
    os.umask(umask)
    modes = {p.stat().st_mode & 0o777 for p in converted[1].rglob("*.json")}
    assert modes == {0o666 & ~umask}


def test_without_a_terminal_only_the_summary_is_written(converted):
    stderr = converted[3]
    assert "\r" not in stderr and "[" not in stderr
    assert stderr.startswith("zhenggai: 3 converted, 0 failed, 2 skipped (-v lists them);") and "files/s" in stderr


def test_one_worker_through_iter_records_writes_what_two_workers_wrote(converted, tmp_path):
    tree, out, _, _ = converted
    again = tmp_path / "again"
    for path, record in iter_records([tree], workers=1):
        write_record(again, BatchInput(path, path.relative_to(tree)), record)
    assert outputs(again) == outputs(out)


def test_lone_file_goes_under_its_name_and_folders_keep_theirs(tree, tmp_path):
    out = tmp_path / "out"
    assert zhenggai("extract", tree / "guizhou" / "guiyang" / "plan.txt", tree / "shanxi", "-o", out) == 0
    assert sorted(outputs(out)) == ["PLAN.TXT.json", "plan.txt.json"]


def test_one_file_without_out_prints_the_record(tree, capsys):
    assert zhenggai("extract", tree / "gongshu.txt") == 0
    record = DocumentRecord.model_validate_json(capsys.readouterr().out)
    assert record.source.name == "gongshu.txt" and record.sections


def test_one_unreadable_file_without_out_prints_its_error_record(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert zhenggai("extract", empty) == 1
    captured = capsys.readouterr()
    assert ErrorRecord.model_validate_json(captured.out).error.type == "empty_file"
    assert "empty" in captured.err


@pytest.mark.parametrize(
    "args",
    [
        ["extract"],
        ["extract", "{tree}"],  # a folder needs -o
        ["extract", "{tree}/gongshu.txt", "{tree}/shanxi/PLAN.TXT"],  # several files need -o
        ["extract", "{empty}", "-o", "{out}"],  # no input in the folder
        ["extract", "{tree}", "-o", "{out}", "--workers", "0"],
        ["extract", "{tree}", "-o", "{out}", "--timeout", "0"],
        ["extract", "{tree}/gongshu.txt", "--resume"],
        ["extract", "{tree}/gongshu.txt", "{tree}/guizhou/guiyang/plan.txt", "{tree}/shanxi/plan.txt", "-o", "{out}"],
        ["export", "{out}/missing", "--to", "csv"],
        ["export", "{tree}", "--to", "xlsx"],
    ],
)
def test_usage_errors_exit_2_and_write_nothing(args, tree, tmp_path, capsys):
    shutil.copy(tree / "shanxi" / "PLAN.TXT", tree / "shanxi" / "plan.txt")  # same name as another lone file
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    assert zhenggai(*[a.format(tree=tree, out=out, empty=tmp_path / "empty") for a in args]) == 2
    assert capsys.readouterr().err
    assert not out.exists() or not any(out.rglob("*.json"))


def test_inputs_that_would_share_an_output_are_found():
    inputs = [BatchInput(Path("a/plan.txt"), Path("plan.txt")), BatchInput(Path("b/plan.txt"), Path("plan.txt"))]
    assert output_collisions(inputs) == [(Path("plan.txt"), inputs[0], inputs[1])]


def test_a_file_named_twice_is_converted_once(tree):
    inputs = find_inputs([tree, tree, tree / "gongshu.txt"])
    assert [i.relative.as_posix() for i in inputs] == ["gongshu.txt", "guizhou/guiyang/plan.txt", "shanxi/PLAN.TXT"]


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.rglob("*.json")}


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_failures_and_resume(tree, tmp_path, capsys):
    """Failures give error records and exit 1; --resume skips inputs whose output is for the
    same bytes (records and error records), converts changed ones again, and never trusts an
    output without a sha256 or made without the text now asked for."""
    empty, missing, changed = tree / "empty.txt", tmp_path / "gone.pdf", tree / "gongshu.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    assert zhenggai("extract", tree, missing, "-o", out) == 1
    assert _read(out / "empty.txt.error.json")["error"]["type"] == "empty_file"
    assert _read(out / "gone.pdf.error.json")["error"]["type"] == "not_found"
    assert (out / "gongshu.txt.json").exists(), "good files beside bad ones still convert"
    capsys.readouterr()

    before = _stamps(out)
    changed.write_bytes(changed.read_bytes() + "\n附件:整改任务清单\n".encode())
    assert zhenggai("extract", tree, missing, "-o", out, "--resume") == 1
    after = _stamps(out)
    assert sorted(name for name in after if after[name] != before[name]) == ["gone.pdf.error.json", "gongshu.txt.json"]
    assert _read(out / "gongshu.txt.json")["source"]["size"] == changed.stat().st_size
    assert "3 converted, 2 failed (empty_file 1, not_found 1), 3 already done" in capsys.readouterr().err

    shutil.copy(PLANS[2], empty)  # the empty download, fetched again
    assert zhenggai("extract", tree, "-o", out, "--resume", "--with-text") == 0
    assert not (out / "empty.txt.error.json").exists()
    assert all(_read(p)["text"] for p in out.rglob("*.txt.json")), "records without text are not trusted"


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_drawn_on_a_terminal(tmp_path):
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"{n}.txt").write_bytes(b"")
    terminal = Terminal()
    summary = run_batch(find_inputs([tmp_path / "in"]), tmp_path / "out", progress_stream=terminal)
    drawn = terminal.getvalue()
    assert drawn.startswith("\r[") and drawn.endswith("\n")
    assert "] 3/3 done, 3 failed" in drawn and "files/s" in drawn
    assert summary.failed == {"empty_file": 3}


# --- killed midway, then resumed ----------------------------------------------------------

COPIES = 30


def _many_inputs(folder: Path) -> None:
    """COPIES plans with distinct bytes (a numbered closing line each)."""
    folder.mkdir()
    for n in range(COPIES):
        plan = PLANS[n % len(PLANS)]
        (folder / f"{n:02d}-{plan.name}").write_bytes(plan.read_bytes() + f"\n抄送:第{n}号\n".encode())


def _extract_command(inputs: Path, out: Path, *extra) -> list[str]:
    return [sys.executable, "-m", "extract.cli", "extract", str(inputs), "-o", str(out), "--workers", "2", *extra]


def test_a_batch_killed_midway_resumes_to_the_uninterrupted_result(tmp_path):
    inputs = tmp_path / "in"
    _many_inputs(inputs)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = lambda out, *extra: subprocess.run(  # noqa: E731
        _extract_command(inputs, out, *extra), cwd=tmp_path, env=environment, capture_output=True, timeout=120
    )

    killed = tmp_path / "killed"
    batch = subprocess.Popen(_extract_command(inputs, killed), cwd=tmp_path, env=environment,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    give_up = time.monotonic() + 60
    while len(list(killed.rglob("*.json"))) < 3 and time.monotonic() < give_up and batch.poll() is None:
        time.sleep(0.01)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    written = list(killed.rglob("*.json"))
    assert 3 <= len(written) < COPIES, "the batch must be killed midway; give it more or bigger inputs"
    for path in written:
        json.loads(path.read_text(encoding="utf-8"))  # whole files only: never a partial record
    stale = killed / f".00-x.txt.json.zhenggai-{batch.pid}-dead.tmp"
    stale.write_text('{"schema_version": "1", "sour')  # what a write cut by the kill leaves

    resumed = run(killed, "--resume")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert f"{len(written)} already done" in resumed.stderr.decode()
    uninterrupted = tmp_path / "uninterrupted"
    assert run(uninterrupted).returncode == 0
    assert len(outputs(uninterrupted)) == COPIES
    assert outputs(killed) == outputs(uninterrupted)  # same names, same bytes, no temp files left


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_stops_the_batch_and_says_how_to_go_on(tmp_path):
    _many_inputs(tmp_path / "in")
    batch = subprocess.Popen(_extract_command(tmp_path / "in", tmp_path / "out", "--workers", "1"),
                             env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    give_up = time.monotonic() + 60  # interrupt as soon as the worker has written one record
    while not list((tmp_path / "out").glob("*.json")) and time.monotonic() < give_up and batch.poll() is None:
        time.sleep(0.005)
    batch.send_signal(signal.SIGINT)
    _, stderr = batch.communicate(timeout=30)
    assert batch.returncode == 130, stderr
    assert "--resume" in stderr and "Traceback" not in stderr
    written = list((tmp_path / "out").iterdir())
    assert len(written) < COPIES and all(p.name.endswith(".json") for p in written), "whole records only"


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
def test_ctrl_c_while_reading_standard_input_is_clean():
    reader = subprocess.Popen([sys.executable, "-m", "extract.cli", "extract", "-"], stdin=subprocess.PIPE,
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    reader.send_signal(signal.SIGINT)
    _, stderr = reader.communicate(timeout=30)
    assert reader.returncode == 130 and "Traceback" not in stderr, stderr
