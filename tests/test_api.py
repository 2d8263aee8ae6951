"""`import zhenggai` is the API: every public name resolves, importing is instant, and every
function returns the same family of types (pydantic models) the CLI writes as JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import zhenggai
from conftest import PLANS, ROOT


def test_every_public_name_resolves():
    for name in zhenggai.__all__:
        assert getattr(zhenggai, name) is not None, name
    with pytest.raises(AttributeError):
        zhenggai.no_such_name  # noqa: B018


def test_importing_the_api_loads_no_pipeline():
    probe = "import sys, zhenggai; print('extract.pipeline' in sys.modules, 'jieba' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.split() == ["False", "False"], run.stderr


def test_the_package_is_typed():
    from pathlib import Path

    assert (Path(zhenggai.__file__).parent / "py.typed").exists()


def test_every_entry_point_returns_models(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    record = zhenggai.extract_file(PLANS[2])
    assert isinstance(record, zhenggai.DocumentRecord)
    assert zhenggai.convert_one(PLANS[2]) == record
    assert zhenggai.convert_bytes(PLANS[2].read_bytes(), PLANS[2].name, str(PLANS[2])) == record
    failed = zhenggai.convert_one(empty)
    assert isinstance(failed, zhenggai.ErrorRecord) and failed.error.type == "empty_file"
    with pytest.raises(zhenggai.ExtractionError):
        zhenggai.extract_file(empty)
    results = dict(zhenggai.iter_records([PLANS[2], empty], workers=1))
    assert results[PLANS[2]] == record and results[empty] == failed


def test_to_json_is_the_record_the_command_line_writes():
    record = zhenggai.extract_file(PLANS[2])
    written = subprocess.run([sys.executable, "-m", "zhenggai", "extract", str(PLANS[2])], capture_output=True,
                             text=True, cwd=ROOT)
    assert json.loads(zhenggai.to_json(record)) == json.loads(written.stdout) == record.model_dump(mode="json")


def test_the_api_examples_in_the_docs_run_as_written(tmp_path):
    """Every plain ```python block of docs/export.md (the cluster ones have tests or engines of
    their own), run as a script beside a plan.pdf and a plans/ folder."""
    import os
    import re
    import shutil

    from conftest import CORPUS

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "export.md").read_text(encoding="utf-8"), re.DOTALL)
    blocks = [b for b in blocks if not re.search(r"\b(ray|spark)\b", b)]
    assert len(blocks) >= 2
    shutil.copy(CORPUS / "002-gongshu.pdf", tmp_path / "plan.pdf")
    (tmp_path / "plans").mkdir()
    for plan in PLANS:
        shutil.copy(plan, tmp_path / "plans" / plan.name)
    for number, block in enumerate(blocks):
        script = tmp_path / f"example{number}.py"
        script.write_text(block, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert done.returncode == 0 and done.stdout, (block, done.stderr[-2000:])
