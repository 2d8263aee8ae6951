"""Hostile names and odd files through the batch: any name a file system allows converts (or
gets an error record) under a safe, bounded output name that still says where it came from;
links that loop, pipes, devices and folders named like files are never read blindly; and no
batch aborts."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import PLANS
from extract.batch import (
    ERROR_SUFFIX,
    MAX_OUTPUT_NAME_BYTES,
    STDIN,
    find_inputs,
    safe_name,
    scan_inputs,
    to_json,
)
from extract.cli import main
from extract.errors import ExtractionError
from schemas import DocumentRecord

NOTICE = "关于印发《某县整改方案》的通知\n各乡镇人民政府:\n现将方案印发给你们,请认真贯彻执行。\n"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX names, pipes and links")


def zhenggai(*args) -> tuple[int, str]:
    with contextlib.redirect_stderr(io.StringIO()) as err:
        status = main([a if isinstance(a, str) else os.fsdecode(a) for a in args])
    return status, err.getvalue()


def _bytes_path(folder: Path, name: bytes) -> bytes:
    return os.path.join(os.fsencode(folder), name)


# Names a Linux file system takes, each a different way to trip a writer.
ODD_NAMES = {
    "gbk": "整改方案".encode("gbk") + b".txt",  # not UTF-8: a surrogate-escaped str in Python
    "latin1": b"r\xe9sum\xe9 plan.txt",
    "long": ("很长的文件名" * 13).encode() + b".txt",  # 234 bytes: + .error.json + temp name > 255
    "control": b"line\nbreak\ttab.txt",
    "plain": "整改方案.txt".encode(),
}


@pytest.fixture(scope="module")
def odd_batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("odd")
    folder, out = base / "in", base / "out"
    folder.mkdir()
    for name in ODD_NAMES.values():
        with open(_bytes_path(folder, name), "wb") as stream:
            stream.write(PLANS[2].read_bytes())
    status, err = zhenggai("extract", str(folder), "-o", str(out), "--workers", "2")
    return folder, out, status, err


def test_every_odd_name_converts_under_a_safe_bounded_output(odd_batch):
    folder, out, status, err = odd_batch
    assert status == 0, err
    written = sorted(out.iterdir())
    assert len(written) == len(ODD_NAMES)
    for path in written:
        raw = os.fsencode(path.name)
        raw.decode("utf-8")  # output names are UTF-8 whatever the input's name
        assert len(raw) <= MAX_OUTPUT_NAME_BYTES and path.name.isprintable()
        assert path.name.endswith(".txt.json"), "the readable prefix keeps the input's suffix"
    assert (out / "整改方案.txt.json").exists(), "an ordinary name is kept as it is"
    assert any(p.name.startswith("整改方案~") for p in written), "a GBK name reads as Chinese, with a hash"


def test_records_keep_the_real_name_and_stay_valid_utf8_json(odd_batch):
    folder, out, _, _ = odd_batch
    real_paths = set()
    for path in out.iterdir():
        text = path.read_bytes().decode("utf-8")  # strict: no raw surrogate or stray byte
        record = json.loads(text)
        DocumentRecord.model_validate(record)
        real_paths.add(os.fsencode(record["source"]["path"]))
    assert real_paths == {_bytes_path(folder, name) for name in ODD_NAMES.values()}


def test_resume_finds_every_odd_name_again(odd_batch):
    folder, out, _, _ = odd_batch
    status, err = zhenggai("extract", str(folder), "-o", str(out), "--resume")
    assert status == 0 and f"{len(ODD_NAMES)} already done (--resume)" in err


def test_safe_names_never_collide_and_keep_short_names():
    assert safe_name("plan.pdf", 189) == "plan.pdf"
    long_a, long_b = "甲" * 90 + "a.pdf", "甲" * 90 + "b.pdf"
    a, b = safe_name(long_a, 189, keep_suffix=True), safe_name(long_b, 189, keep_suffix=True)
    assert a != b and a.endswith(".pdf") and a.startswith("甲" * 10)
    assert len(a.encode()) <= 189 and len(b.encode()) <= 189
    assert safe_name(os.fsdecode(b"\xff.txt"), 189, keep_suffix=True) != safe_name(os.fsdecode(b"\xfe.txt"), 189, True)


def test_json_of_a_surrogate_name_round_trips_to_its_bytes():
    name = os.fsdecode(b"\xb7\xbd\xb0\xb8.doc")
    text = to_json({"source": {"path": name}})
    text.encode("utf-8")
    assert os.fsencode(json.loads(text)["source"]["path"]) == b"\xb7\xbd\xb0\xb8.doc"


# --- links, pipes, devices, folders named like files -------------------------------------


@pytest.fixture
def odd_files(tmp_path):
    folder = tmp_path / "in"
    (folder / "x.pdf").mkdir(parents=True)  # a folder named like a document
    (folder / "x.pdf" / "inside.txt").write_text(NOTICE, encoding="utf-8")
    (folder / "plan.txt").write_text(NOTICE, encoding="utf-8")
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    os.symlink("missing.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    os.symlink(folder / "x.pdf", folder / "linked-folder")
    (folder / "table.xlsx").write_bytes(b"PK\x03\x04")
    (folder / ".hidden.txt").write_text(NOTICE, encoding="utf-8")
    return folder


def test_a_walk_converts_files_and_lists_what_it_passed_over(odd_files, tmp_path):
    scan = scan_inputs([odd_files])
    assert sorted(i.relative.as_posix() for i in scan.inputs) == ["plan.txt", "x.pdf/inside.txt"]
    skipped = {path.name: why for path, why in scan.skipped}
    assert set(skipped) == {"loop-a.txt", "loop-b.txt", "dangling.txt", "pipe.txt", "linked-folder", "x.pdf",
                            "table.xlsx", ".hidden.txt"}
    assert "link" in skipped["loop-a.txt"] and "pipe" in skipped["pipe.txt"]
    status, err = zhenggai("extract", str(odd_files), "-o", str(tmp_path / "out"), "-v")
    assert status == 0 and "8 skipped" in err
    assert "other formats: .xlsx 1" in err and "pipe.txt" in err and "x.pdf" in err


def test_odd_files_named_on_the_command_line_get_error_records_without_blocking(odd_files, tmp_path):
    out = tmp_path / "out"
    status, err = zhenggai("extract", str(odd_files / "loop-a.txt"), str(odd_files / "pipe.txt"),
                           str(odd_files / "dangling.txt"), "/dev/null", str(odd_files / "plan.txt"),
                           "-o", str(out), "--timeout", "20")
    assert status == 1, err
    for name in ("loop-a.txt", "pipe.txt", "dangling.txt", "null"):
        error = json.loads((out / (name + ERROR_SUFFIX)).read_text(encoding="utf-8"))["error"]
        assert error["type"] == "not_found", error
    assert "pipe, device or socket" in json.loads((out / "pipe.txt.error.json").read_text())["error"]["message"]
    assert (out / "plan.txt.json").exists()


def test_a_looping_link_named_twice_is_one_input(odd_files):
    assert len(find_inputs([odd_files / "loop-a.txt", odd_files / "loop-a.txt"])) == 1


def test_extract_file_on_an_endless_device_raises_extraction_error():
    from extract.pipeline import extract_file

    with pytest.raises(ExtractionError) as raised:
        extract_file("/dev/zero")
    assert raised.value.type == "too_large"


def test_a_memory_limit_below_what_a_worker_needs_gives_too_large(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(PLANS[0], tmp_path / "in" / "plan.txt")
    status, err = zhenggai("extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--max-memory", "40")
    assert status == 1 and "too_large 1" in err and "internal" not in err
    assert (tmp_path / "in").exists()


def test_standard_input_is_an_input(tmp_path):
    import subprocess
    import sys

    from conftest import ROOT

    command = [sys.executable, "-m", "extract.cli", "extract", STDIN]
    piped = subprocess.run(command, input=PLANS[2].read_bytes(), capture_output=True, cwd=ROOT)
    assert piped.returncode == 0, piped.stderr
    record = DocumentRecord.model_validate_json(piped.stdout)
    assert record.source.path == "-" and record.source.name == "stdin" and record.sections
    out = tmp_path / "out"
    piped = subprocess.run([*command, "-o", str(out)], input=PLANS[2].read_bytes(), capture_output=True, cwd=ROOT)
    assert piped.returncode == 0 and DocumentRecord.model_validate_json((out / "stdin.json").read_bytes())
