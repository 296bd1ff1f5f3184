"""Loading a scenario: YAML text -> typed model (with positions) -> diagnostics.

``load_file``/``load_text`` never raise on bad input: they return a
:class:`LoadResult` holding the model (or None) and every diagnostic found.
Schema problems are all reported in one run; the semantic checks of
:mod:`sim.format.validate` run once the document has the right shape.
"""

from __future__ import annotations

import dataclasses
import gc
import typing
from pathlib import Path
from typing import Any

from . import codes
from .diagnostics import Diagnostic
from .result import LoadResult

if typing.TYPE_CHECKING:
    from .source import Positions


def load_file(
    path: Path | str, *, display: str | None = None, validate: bool = True, cached: bool = False
) -> LoadResult:
    from .source import read_text

    path = Path(path)
    file = display or str(path)
    text, problems = read_text(path, file)
    if text is None:
        return LoadResult(file, diagnostics=problems)
    return load_text(text, file, validate=validate, cached=cached)


def load_bytes(raw: bytes, file: str, *, validate: bool = True) -> LoadResult:
    from .source import decode

    text, problems = decode(raw, file)
    if text is None:
        return LoadResult(file, diagnostics=problems)
    return load_text(text, file, validate=validate)


def load_text(text: str, file: str = "<text>", *, validate: bool = True, cached: bool = False) -> LoadResult:
    """Parse, check the shape, and (if ``validate``) run every semantic check.

    ``cached``: take the outcome of an earlier full check of the same text by the same code when there is one
    (:mod:`sim.format.cache`; such a result has no ``positions``), and keep this one for next time. It is for
    opening a case to use it; ``tabletop validate`` always checks afresh.
    """
    # building a case makes hundreds of thousands of objects and frees none: the cyclic collector would only walk
    # them again and again, so it waits until the case is built (as explore does)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_text(text, file, validate=validate, cached=cached)
    finally:
        if collecting:
            gc.enable()


def _load_text(text: str, file: str, *, validate: bool, cached: bool) -> LoadResult:
    if cached and validate:
        from . import cache as casecache

        result = casecache.lookup(text, file)
        if result is None:
            result = load_text(text, file)
            casecache.store(result)
        return result
    from .source import parse

    result = LoadResult(file, text=text)
    parsed = parse(text, file)
    result.positions = parsed.positions
    result.diagnostics.extend(parsed.diagnostics)
    data = parsed.data
    if data is None:
        if not result.diagnostics:
            result.diagnostics.append(
                codes.make(
                    "Y107",
                    file,
                    None,
                    detail=codes.Phrase(
                        "the file is empty: a scenario is a mapping", "filen är tom: ett scenario är en mappning"
                    ),
                )
            )
        return result
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single value ({type(data).__name__})"
        result.diagnostics.append(
            codes.make(
                "Y107",
                file,
                parsed.positions.of(()),
                detail=f"the top level is {kind}; a scenario is a mapping of keys",
            )
        )
        return result
    if "format" not in data:
        # say so, and check the rest as format 1 so that every other problem shows in the same run
        result.diagnostics.append(
            codes.make("F203", file, parsed.positions.of(()), where="the scenario", field="format")
        )
        data["format"] = 1
    elif type(data["format"]) is not int or data["format"] != 1:
        result.diagnostics.append(codes.make("F204", file, parsed.positions.of(("format",)), version=data["format"]))
        return result
    scenario, shape_problems, unknown = _to_model(data, parsed.positions, file)
    result.diagnostics.extend(shape_problems)
    if scenario is None and unknown and len(unknown) == len(shape_problems):
        # only unknown keys: check the rest as if they were fixed, so one run shows every problem
        scenario, _, _ = _to_model(_without_unknown_keys(data, parsed.positions, unknown), parsed.positions, file)
    if scenario is None:
        return result
    result.scenario = scenario
    if validate:
        from .validate import check

        result.diagnostics.extend(check(scenario, parsed.positions, file))
    return result


def _without_unknown_keys(data: dict, positions: Positions, unknown: list[tuple[tuple, str | None]]) -> dict:
    """``data`` with each unknown key renamed to the missing key it was meant as, or dropped (in place)."""
    for path, meant in unknown:
        parent = _parent(path, data)
        if not isinstance(parent, dict) or path[-1] not in parent:
            continue
        value = parent.pop(path[-1])
        if meant and meant not in parent:
            parent[meant] = value
            info = positions.containers.get(id(parent))
            if info is not None and info.keys is not None and path[-1] in info.keys:
                info.keys[meant] = info.keys[path[-1]]
    return data


# --- model building and error translation -------------------------------------------------


def _to_model(data: dict, positions: Positions, file: str):
    from pydantic import ValidationError

    from .model import adapter

    try:
        scenario = adapter().validate_python(data)
    except ValidationError as exc:
        return None, *_translate(exc, data, positions, file)
    _attach(scenario, (), positions)
    return scenario, [], []


def _attach(node, path: tuple, positions: Positions) -> None:
    from .model import Node, yaml_key

    node._pos = positions.of(path)
    node._path = path
    for info in dataclasses.fields(node):
        value = getattr(node, info.name)
        key = yaml_key(info)
        if isinstance(value, Node):
            _attach(value, path + (key,), positions)
        elif isinstance(value, list) and value and isinstance(value[0], Node):
            for i, item in enumerate(value):
                _attach(item, path + (key, i), positions)
        elif isinstance(value, dict) and value and isinstance(next(iter(value.values())), Node):
            for k, item in value.items():
                _attach(item, path + (key, k), positions)


def _data_path(loc: tuple, data: Any) -> tuple:
    """The part of a pydantic error location that exists in the data (drops union and validator tags)."""
    path = []
    value = data
    for part in loc:
        if part == "[key]":  # pydantic's marker for "the key itself", not a key of the data
            continue
        if isinstance(value, dict) and part in value:
            path.append(part)
            value = value[part]
        elif isinstance(value, dict) and isinstance(part, str):
            # a key given as enum/str that is missing from the data: keep it as the last step
            path.append(part)
            value = None
        elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
            path.append(part)
            value = value[part]
        # anything else is a tag pydantic adds (e.g. 'function-plain[...]'): skip it
    return tuple(path)


_KIND_OF = {
    "steps": "step",
    "choices": "choice",
    "personas": "persona",
    "objectives": "objective",
    "facts": "fact",
    "departments": "department",
    "discloses": "disclosure",
}


def describe(path: tuple, data: Any) -> str:
    """A reader's name for the object at ``path``: "step 'meeting'", "choice 'ask-name'" ..."""
    if not path:
        return "the scenario"
    parts: list[str] = []
    value = data
    i = 0
    while i < len(path):
        key = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        child = value.get(key) if isinstance(value, dict) else None
        if key in _KIND_OF and isinstance(nxt, int) and isinstance(child, list) and nxt < len(child):
            item = child[nxt]
            ident = item.get("id") if isinstance(item, dict) else (item if isinstance(item, str) else None)
            if isinstance(ident, str):
                parts = (
                    [f"{_KIND_OF[key]} '{ident}'"]
                    if key in ("steps", "choices")
                    else parts + [f"{_KIND_OF[key]} '{ident}'"]
                )
            else:
                parts.append(f"{_KIND_OF[key]} #{nxt + 1}")
            value = item
            i += 2
            continue
        parts.append(str(key))
        value = child
        i += 1
    return " ".join(parts) if parts else "the scenario"


def _model_for(path: tuple):
    """The model class expected at ``path`` (for "did you mean" on unknown keys)."""
    from .model import Node, Scenario, field_name, field_types

    cls = Scenario
    for key in path:
        if isinstance(key, int):
            continue
        name = field_name(cls, key)
        if name is None:
            return None
        found = _find_model(field_types(cls)[name], Node)
        if found is None:
            return None
        cls = found
    return cls


def _keys(model) -> list[str]:
    """The YAML keys of a model class."""
    from .model import yaml_key

    return [yaml_key(f) for f in dataclasses.fields(model)] if model else []


def _key_of(model, name: str) -> str:
    """The YAML key of field ``name`` of a model class ('from' for ``from_``)."""
    from .model import yaml_key

    spec = next((f for f in dataclasses.fields(model) if f.name == name), None) if model else None
    return yaml_key(spec) if spec else name


def _find_model(annotation, base):
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg, base)
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    """A value as an author wrote it in YAML: 'text', 12, true, or "nothing" for an empty value."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


_EXPECT = {
    "string_type": "a string",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping",
    "list_type": "a list",
    "dataclass_type": "a mapping",
    "dataclass_args_type": "a mapping",
    "literal_error": None,
    "enum": None,
}
_EXPECT_SV = {
    "string_type": "en sträng",
    "int_type": "ett heltal",
    "bool_type": "true eller false",
    "dict_type": "en mappning",
    "list_type": "en lista",
    "dataclass_type": "en mappning",
    "dataclass_args_type": "en mappning",
}
_TYPE_SV = {
    "nothing": "ingenting",
    "a mapping": "en mappning",
    "a list": "en lista",
    "a string": "en sträng",
    "a boolean": "ett sanningsvärde",
    "a number": "ett tal",
}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}  # booleans in YAML 1.1 only; text in 1.2
_UNKNOWN_KEY = ("unexpected_keyword_argument", "extra_forbidden")  # pydantic's words for a key not in the model


def _translate(exc, data: dict, positions: Positions, file: str):
    """Pydantic's errors as diagnostics; also the unknown keys, each with the missing key it was meant as."""
    import difflib

    errors = exc.errors(include_url=False)
    missing_at: dict[tuple, set[str]] = {}
    for err in errors:
        if err["type"] == "missing":
            missing_at.setdefault(_data_path(err["loc"], data)[:-1], set()).add(str(err["loc"][-1]))
    out: list[Diagnostic] = []
    unknown: list[tuple[tuple, str | None]] = []
    explained: set[tuple] = set()  # missing fields that an unknown key's "did you mean" already explains
    seen: set[tuple] = set()
    for err in errors:
        path = _data_path(err["loc"], data)
        kind = err["type"]
        if kind == "missing" or (path, kind) in seen:
            continue
        seen.add((path, kind))
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if kind in _UNKNOWN_KEY:
            key = path[-1] if path else err["loc"][-1]
            names = _keys(_model_for(path[:-1]))
            close = difflib.get_close_matches(str(key), sorted(missing_at.get(path[:-1], ())), n=1, cutoff=0.6)
            meant = close[0] if close else None
            if meant:
                explained.add((*path[:-1], meant))
            unknown.append((path, meant))
            out.append(
                codes.make(
                    "F201",
                    file,
                    positions.key(path),
                    key=key,
                    where=describe(path[:-1], data),
                    hint=codes.did_you_mean(key, names),
                )
            )
            continue
        field_name = _field_label(path, data)
        pos = positions.of(path)
        bad_key = kind == "invalid_key" or (
            kind == "string_type" and path and not isinstance(path[-1], str) and isinstance(_parent(path, data), dict)
        )
        if "[key]" in err["loc"] or bad_key:
            pos = positions.key(path)  # the key itself is wrong: point at it
            key = "an empty key" if path[-1] is None else f"key {_shown(path[-1])}"
            field_name = f"{describe(path[:-1], data)} {key}"
        if kind in ("literal_error", "enum"):
            expected = ctx.get("expected", "")
            choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip(" '")]
            hint = codes.did_you_mean(value, choices) if isinstance(value, str) else ""
            out.append(
                codes.make(
                    "F205",
                    file,
                    pos,
                    field=field_name,
                    detail=codes.Phrase(
                        f"{_shown(value)} is not one of {', '.join(choices)}{hint}",
                        f"{_shown(value)} är inte något av {', '.join(choices)}{getattr(hint, 'sv', hint)}",
                    ),
                )
            )
        elif kind == "string_pattern_mismatch":
            out.append(codes.make("F205", file, pos, field=field_name, detail=_pattern_detail(ctx, value)))
        elif kind in ("too_short", "string_too_short"):
            out.append(
                codes.make(
                    "F205", file, pos, field=field_name, detail=codes.Phrase("must not be empty", "får inte vara tom")
                )
            )
        elif kind == "string_too_long":
            out.append(
                codes.make("F205", file, pos, field=field_name, detail=codes.Phrase("is too long", "är för lång"))
            )
        elif kind in ("text_type", "condition"):
            out.append(codes.make("F202", file, pos, field=field_name, detail=err["msg"]))
        else:
            expected = _EXPECT.get(kind)
            if expected:
                en = f"expected {expected}, got {_type_name(value)}"
                sv = f"väntade {_EXPECT_SV[kind]}, fick {_TYPE_SV.get(_type_name(value), _type_name(value))}"
            else:
                en = sv = err["msg"][0].lower() + err["msg"][1:]
            if path and path[-1] in ("timebox", "duration") and isinstance(value, int | float):
                en += f" (a duration like {value}m)"
                sv += f" (en tid som {value}m)"
            if kind == "bool_type" and isinstance(value, str) and value.lower() in _YAML11_BOOLEANS:
                en += f" ('{value}' is text in YAML 1.2, which tabletop reads: write true or false)"
                sv += f" ('{value}' är text i YAML 1.2, som tabletop läser: skriv true eller false)"
            out.append(codes.make("F202", file, pos, field=field_name, detail=codes.Phrase(en, sv)))
    for err in errors:
        if err["type"] != "missing":
            continue
        path = _data_path(err["loc"], data)
        parent, missing = path[:-1], err["loc"][-1]
        if (*parent, str(missing)) in explained or (path, "missing") in seen:
            continue
        seen.add((path, "missing"))
        out.append(
            codes.make(
                "F203",
                file,
                positions.of(parent),
                where=describe(parent, data),
                field=_key_of(_model_for(parent), missing),
            )
        )
    return out, unknown


def _parent(path: tuple, data: Any) -> Any:
    value = data
    for key in path[:-1]:
        try:
            value = value[key]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _field_label(path: tuple, data: Any) -> str:
    if not path:
        return "the scenario"
    key = path[-1]
    parent = describe(path[:-1], data)
    if isinstance(key, int) and isinstance(_parent(path, data), list):
        return f"{parent} item {key + 1}"
    if not isinstance(key, str):
        key = _shown(key)
    return f"{parent} '{key}'" if parent != "the scenario" else f"'{key}'"


def _pattern_detail(ctx: dict, value: Any) -> str:
    from .model import DURATION_PATTERN, LANG_PATTERN

    pattern = ctx.get("pattern", "")
    from .codes import Phrase

    if pattern == DURATION_PATTERN:
        return Phrase(
            f"{_shown(value)} is not a duration like 10m, 90m or 1h30m",
            f"{_shown(value)} är ingen tid som 10m, 90m eller 1h30m",
        )
    if pattern == LANG_PATTERN:
        return Phrase(
            f"{_shown(value)} is not a language code like sv or en",
            f"{_shown(value)} är ingen språkkod som sv eller en",
        )
    return Phrase(
        f"{_shown(value)} is not a valid id (letters, digits, '-', '_' and '.', starting with a letter or digit)",
        f"{_shown(value)} är inget giltigt id (bokstäver, siffror, '-', '_' och '.', som börjar med en bokstav eller "
        "siffra)",
    )
