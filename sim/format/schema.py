"""The JSON Schema of the scenario format, for editors (``tabletop schema``).

Built from the model (:mod:`sim.format.model`), so that it accepts exactly the ids, keys and values the
validator accepts; tests/test_schema.py holds the two together, and checks that the copy beside the bundled
cases (``scenarios/scenario.schema.json``, which their modeline names) is this schema.
"""

from __future__ import annotations

SCHEMA_ID = "https://tabletop.invalid/schema/scenario-1.json"
BUNDLED_NAME = "scenario.schema.json"  # beside the bundled cases, named by their yaml-language-server modeline


def json_schema() -> dict:
    import copy

    from .model import _CONDITION_SCHEMA, adapter

    schema = copy.deepcopy(adapter().json_schema(by_alias=True))  # its parts may be the model's own constants
    schema.setdefault("$defs", {})["Condition"] = copy.deepcopy(_CONDITION_SCHEMA)
    _closed(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tabletop scenario, format 1",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def text(schema: dict | None = None) -> str:
    """The schema as the file an editor reads: JSON, two-space indent, UTF-8 as is, a final newline."""
    import json

    return json.dumps(schema or json_schema(), ensure_ascii=False, indent=2) + "\n"


def _closed(node) -> None:
    """A mapping whose keys must be ids (``prompts``, ``sets`` …) takes no other keys, as the validator says; a
    condition inside a condition refers to the condition's definition."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        if node.pop("x-tabletop-condition", None):
            node["$ref"] = "#/$defs/Condition"
        for value in node.values():
            _closed(value)
    elif isinstance(node, list):
        for value in node:
            _closed(value)
