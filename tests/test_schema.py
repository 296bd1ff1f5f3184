"""Editors that agree with the validator: the schema the bundled cases name is where they name it, loads as an
editor loads it, describes every key, and accepts exactly the ids, keys and values the validator accepts.

An editor (yaml-language-server) compiles a schema's patterns as ECMAScript regular expressions with the 'u'
flag: ``\\p{L}`` is a Unicode property class and ``$`` is the end of the text. Python's ``re`` has neither, so
:func:`editor_schema` rewrites the patterns into Python's terms before jsonschema reads them; where node is
installed, the patterns are also tried in a real ECMAScript engine.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from tabletop.sim.format import schema as schema_module
from tabletop.sim.format.loader import load_text
from tabletop.sim.format.model import ID_PATTERN
from tabletop.sim.format.source import parse
from tabletop.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "scenarios").glob("*.yaml"))
MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


# --- the schema as an editor reads it ------------------------------------------------------------------


@functools.cache
def _category_class(major: str) -> str:
    """Every code point whose Unicode category starts with ``major``, as ranges for a Python character class."""
    ranges, start, last = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp))[0] == major:
            if start is None:
                start = cp
            last = cp
        elif start is not None:
            ranges.append((start, last))
            start = None
    if start is not None:
        ranges.append((start, last))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


def ecmascript_to_python(pattern: str) -> str:
    """An ECMAScript pattern (the 'u' flag, no 'm') in Python's terms: property classes spelled out, '$' the end."""
    assert not re.search(r"\\p\{[^LN]|\\[WDS]", pattern), f"spelled out here: \\p{{L}}, \\p{{N}}, \\w, \\d: {pattern}"
    # ECMAScript's \w and \d are ASCII even with the 'u' flag; Python's are Unicode
    ascii_class = lambda m: "[" + m.group(1).replace(r"\w", "A-Za-z0-9_").replace(r"\d", "0-9") + "]"
    out = re.sub(r"\[([^\]]*)\]", ascii_class, pattern)
    out = out.replace(r"\w", "[A-Za-z0-9_]").replace(r"\d", "[0-9]")
    out = out.replace(r"\p{L}", _category_class("L")).replace(r"\p{N}", _category_class("N"))
    return out[:-1] + r"\Z" if out.endswith("$") and not out.endswith(r"\$") else out


def editor_schema(schema: dict) -> dict:
    """``schema`` with every pattern (``pattern`` values and ``patternProperties`` keys) in Python's terms."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("pattern"), str):
                node["pattern"] = ecmascript_to_python(node["pattern"])
            if isinstance(node.get("patternProperties"), dict):
                node["patternProperties"] = {ecmascript_to_python(k): v for k, v in node["patternProperties"].items()}
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@functools.cache
def editor_validator() -> Draft202012Validator:
    return Draft202012Validator(editor_schema(schema_module.json_schema()))


def modeline_schema(case: Path) -> Path:
    """The schema a case's first line names, resolved as yaml-language-server does: relative to the case."""
    first = case.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.fullmatch(first.strip())
    assert match, f"{case.name}: the first line is not a yaml-language-server modeline: {first!r}"
    return (case.parent / match.group(1)).resolve()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_the_schema_a_bundled_case_names_exists_loads_and_accepts_the_case(case):
    path = modeline_schema(case)
    assert path.is_file(), f"{case.name} names {path}, which does not exist"
    loaded = json.loads(path.read_text(encoding="utf-8"))
    as_editor = editor_schema(loaded)
    Draft202012Validator.check_schema(as_editor)  # a valid 2020-12 schema whose patterns compile
    errors = list(Draft202012Validator(as_editor).iter_errors(parse(case.read_text("utf-8"), "x").data))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]


def test_the_bundled_schema_is_the_schema_of_this_format():
    bundled = ROOT / "scenarios" / schema_module.BUNDLED_NAME
    assert bundled.read_text(encoding="utf-8") == schema_module.text(), (
        "scenarios/scenario.schema.json is out of date: run `tabletop schema -o scenarios/scenario.schema.json`"
    )


def test_tabletop_schema_writes_the_same_file(tmp_path):
    assert main(["schema", "-o", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == schema_module.text()


def test_every_property_of_the_schema_has_a_description():
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in (node.get("properties") or {}).items():
                if not (isinstance(value, dict) and value.get("description")):
                    missing.append(f"{where}.{key}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    schema = schema_module.json_schema()
    walk(schema, "")
    assert not missing, missing
    hover = {
        name: schema["$defs"]["Choice"]["properties"][name]["description"] for name in ("goto", "requires", "sets")
    }
    assert all(hover.values()) and "individual" in schema["$defs"]["Step"]["properties"]["level"]["description"]


# --- the schema and the validator accept the same things ------------------------------------------------

BASE = """\
format: 1
id: case
title: A case
summary: A short case.
languages: [en]
theme: other
duration: 30m
departments: [skola]
facts:
  - id: seen
start: first
steps:
  - id: first
    title: First
    text: Something happens.
    timebox: 10m
    prompts:
      skola: What does the school do?
    choices:
      - id: go
        text: Go on
        goto: last
        sets: {seen: true}
  - id: last
    title: Last
    text: It ends.
    ending:
      outcome: good
"""

SHAPE = ("F", "Y")  # the codes of a file's shape (the schema's business); references and the graph are not


def validator_accepts(data: dict) -> bool:
    """Whether the validator finds nothing wrong with the shape of ``data`` (written back as YAML)."""
    text = json.dumps(data, ensure_ascii=False)  # JSON is YAML: the same data, no YAML-specific spelling
    return not [d for d in load_text(text, "case.yaml").diagnostics if d.code.startswith(SHAPE)]


def schema_accepts(data: dict) -> bool:
    return editor_validator().is_valid(data)


def base() -> dict:
    return parse(BASE, "case.yaml").data


def test_the_base_case_is_accepted_by_both():
    assert validator_accepts(base()) and schema_accepts(base())


ID_LIKE = st.text(
    alphabet=st.one_of(
        st.sampled_from("aåäöÅÄÖz09_.- é\u0301\n"),
        # not Cn: a code point unassigned in Python 3.11's Unicode tables may be a letter in pydantic's (Rust) and an
        # editor's (ECMAScript) newer ones; no author types one, and no single table can settle it
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cn")),
    ),
    min_size=0,
    max_size=12,
)


def _set_id(data: dict, where: str, value: str) -> None:
    step, choice = data["steps"][0], data["steps"][0]["choices"][0]
    if where == "step":
        step["id"] = data["start"] = choice["goto"] = value  # consistent: only the id's spelling is tested
    elif where == "choice":
        choice["id"] = value
    elif where == "fact":
        data["facts"][0]["id"] = value
        choice["sets"] = {value: True}
    elif where == "department":
        data["departments"] = [value]
        step["prompts"] = {value: "What do you do?"}
    elif where == "case":
        data["id"] = value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ID_LIKE, where=st.sampled_from(["step", "choice", "fact", "department", "case"]))
def test_schema_and_validator_accept_the_same_ids(value, where):
    data = base()
    _set_id(data, where, value)
    if where == "department" and schema_accepts(data) and validator_accepts(data):
        return  # an unknown department is a reference problem (R310), not a shape one: both accept its spelling
    assert schema_accepts(data) == validator_accepts(data), (where, value)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 200),
    st.sampled_from(["yes", "no", "true", "10m", "1h30m", "90 min", "1h 30m", "１０m", "individual", "operational"]),
    st.sampled_from(["good", "poor", "great", "right-wing", "sv", "en", "SV", "", "x"]),
    st.lists(st.sampled_from(["sv", "en", "a", "skola"]), max_size=3),
    st.dictionaries(st.sampled_from(["sv", "en", "EN", "svenska"]), st.sampled_from(["text", ""]), max_size=2),
)
PLACES = {
    "format": ("format",),
    "theme": ("theme",),
    "duration": ("duration",),
    "languages": ("languages",),
    "title": ("title",),
    "timebox": ("steps", 0, "timebox"),
    "level": ("steps", 0, "level"),
    "outcome": ("steps", 1, "ending", "outcome"),
    "initial": ("facts", 0, "initial"),
    "set-value": ("steps", 0, "choices", 0, "sets", "seen"),
    "by": ("steps", 0, "choices", 0, "by"),
    "prompt": ("steps", 0, "prompts", "skola"),
    "requires": ("steps", 0, "choices", 0, "requires"),
}
CONDITIONS = st.recursive(
    st.one_of(st.sampled_from(["seen", "sågs", "_x", "", "a b"]), st.integers(0, 3), st.none()),
    lambda inner: st.one_of(
        st.dictionaries(st.sampled_from(["not", "all", "any", "nor"]), inner, min_size=1, max_size=2),
        st.dictionaries(st.sampled_from(["all", "any"]), st.lists(inner, max_size=3), min_size=1, max_size=1),
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(conditions=st.lists(CONDITIONS, max_size=2))
def test_schema_and_validator_accept_the_same_conditions(conditions):
    data = base()
    data["steps"][0]["choices"][0]["requires"] = conditions
    assert schema_accepts(data) == validator_accepts(data), conditions


@settings(max_examples=300, deadline=None)
@given(place=st.sampled_from(sorted(PLACES)), value=VALUES)
def test_schema_and_validator_accept_the_same_values(place, value):
    data = base()
    *parents, last = PLACES[place]
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    if isinstance(value, float) and value.is_integer():
        return  # JSON cannot tell 1.0 from 1; YAML can
    assert schema_accepts(data) == validator_accepts(data), (place, value)


KEYS = st.one_of(st.sampled_from(["from_", "Goto", "timbox", "text ", "sets", "x-note", "id", "ending"]), ID_LIKE)


@settings(max_examples=200, deadline=None)
@given(where=st.sampled_from(["case", "step", "choice", "ending", "fact"]), key=KEYS)
def test_schema_and_validator_accept_the_same_keys(where, key):
    data = base()
    node = {
        "case": data,
        "step": data["steps"][0],
        "choice": data["steps"][0]["choices"][0],
        "ending": data["steps"][1]["ending"],
        "fact": data["facts"][0],
    }[where]
    if key in node:
        return
    node[key] = "x"
    assert schema_accepts(data) == validator_accepts(data), (where, key)


def test_swedish_letters_in_ids_are_accepted_by_both():
    data = base()
    _set_id(data, "step", "första-steget")
    _set_id(data, "choice", "gå.vidare_nu")
    _set_id(data, "fact", "sågs")
    assert validator_accepts(data) and schema_accepts(data)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed: no ECMAScript engine to ask")
def test_an_ecmascript_engine_with_the_u_flag_reads_the_id_pattern_as_the_validator_does():
    samples = ["åäö", "Ärende.2", "_x", "x\n", "x y", "١٢", "é", "e\u0301", "½x", "x_y", "-x", "a" * 80, "日本"]
    script = (
        "const p = new RegExp(process.argv[1], 'u');"
        "const xs = JSON.parse(process.argv[2]);"
        "process.stdout.write(JSON.stringify(xs.map(x => p.test(x))));"
    )
    done = subprocess.run(
        ["node", "-e", script, ID_PATTERN, json.dumps(samples)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    in_js = json.loads(done.stdout)
    data = base()
    for sample, js in zip(samples, in_js, strict=True):
        data["steps"][0]["choices"][0]["id"] = sample
        assert js == validator_accepts(data), sample
