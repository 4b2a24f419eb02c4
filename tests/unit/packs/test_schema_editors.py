"""Editors validate content with the committed JSON Schema: it accepts valid packs and catches typos."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.unit.packs.conftest import FIXTURES, REPO

# jsonschema is not a declared test dependency (pyproject's `test` extra); without it these skip.
jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((REPO / "content" / "schema" / "pack.schema.json").read_text(encoding="utf-8"))


def load(name: str) -> dict:
    text = (FIXTURES / "valid" / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else yaml.safe_load(text)


@pytest.mark.parametrize("name", ["single.yaml", "single.json"])
def test_schema_accepts_the_single_file_fixtures(name: str) -> None:
    jsonschema.validate(load(name), SCHEMA)


def test_schema_rejects_an_unknown_field() -> None:
    data = load("single.yaml")
    data["cards"][0]["explaination"] = "typo"
    with pytest.raises(jsonschema.ValidationError, match="explaination"):
        jsonschema.validate(data, SCHEMA)
