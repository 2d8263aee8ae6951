"""The cluster recipe of docs/export.md, run as written: the Dask block, on a LocalCluster of
two worker processes, gives the records the local batch gives. The block is read from the
document, so the documentation and this test cannot drift apart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from conftest import CORPUS, PLANS, ROOT

pytest.importorskip("dask.distributed")

RECIPE = regex.compile(r"```python dask\n(.{1,4000}?)```", regex.DOTALL)


def recipe_code() -> str:
    [code] = RECIPE.findall((ROOT / "docs" / "export.md").read_text(encoding="utf-8"))
    return code


def _records(lines) -> dict[str, dict]:
    records = [json.loads(line) for line in lines]
    return {r["source"]["path"]: r for r in records}


def test_the_dask_recipe_gives_the_local_batchs_records(tmp_path):
    plans = tmp_path / "plans"
    (plans / "corpus").mkdir(parents=True)
    for plan in PLANS:
        shutil.copy(plan, plans / plan.name)
    for document in sorted(CORPUS.glob("00[12]-*")):  # one plan in every format
        shutil.copy(document, plans / "corpus" / document.name)
    (plans / "corpus" / "broken.pdf").write_bytes(b"%PDF-1.7\n")  # an error record travels too
    (tmp_path / "recipe.py").write_text(recipe_code(), encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

    dask = subprocess.run([sys.executable, "recipe.py"], cwd=tmp_path, env=environment, capture_output=True,
                          text=True, timeout=600)
    assert dask.returncode == 0, dask.stderr[-3000:]
    local = subprocess.run([sys.executable, "-m", "extract.cli", "extract", "plans", "--jsonl", "-q"], cwd=tmp_path,
                           env=environment, capture_output=True, text=True, timeout=600)
    assert local.returncode == 1, local.stderr  # the broken file

    from_dask = _records(line for part in sorted((tmp_path / "records").glob("*.jsonl"))
                         for line in part.read_text(encoding="utf-8").splitlines())
    from_batch = _records(local.stdout.splitlines())
    assert len(from_batch) == len(PLANS) + len(list(CORPUS.glob("00[12]-*"))) + 1
    assert from_dask == from_batch
    assert from_dask["plans/corpus/broken.pdf"]["error"]["type"] in ("corrupt_file", "empty_file")
