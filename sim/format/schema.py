"""The JSON Schema of the scenario format, for editors (``tabletop schema``)."""

from __future__ import annotations

SCHEMA_ID = "https://tabletop.invalid/schema/scenario-1.json"


def json_schema() -> dict:
    from .model import adapter

    schema = adapter().json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "tabletop scenario, format 1",
        **{k: v for k, v in schema.items() if k != "title"},
    }
