"""The committed JSON Schema is the one the pydantic models produce."""

import json
from pathlib import Path

from schemas import document_json_schema

COMMITTED = Path(__file__).resolve().parents[1] / "schemas" / "document.schema.json"


def test_committed_schema_is_in_step_with_the_models():
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == document_json_schema(), (
        "schemas/document.schema.json is stale: regenerate it with `zhenggai schema > schemas/document.schema.json`"
    )


def test_schema_names_every_contract_field():
    schema = document_json_schema()
    assert set(schema["properties"]) >= {
        "schema_version", "source", "meta", "sections", "tasks", "deadlines", "indicators", "unit_lists", "warnings",
    }
    task = schema["$defs"]["Task"]["properties"]
    assert {"lead_units", "responsible_units", "supervising_units", "targets", "measures", "deadlines"} <= set(task)
