"""The scenario format, version 1, as a typed model: plain dataclasses that pydantic validates.

One model gives us validation with exact locations, the JSON Schema for
editors (``tabletop schema``) and typed access for the engine. docs/format.md
explains every key; the names here are the names in the YAML.

The classes are standard dataclasses, and the rules pydantic checks are plain
annotations (:class:`Rule`), so importing this module costs no pydantic: a case
that was checked before (:mod:`sim.format.cache`) opens without it, which is most
of a cold start. :func:`adapter` builds the validator when a case is checked.

Every model object remembers where it came from (``line``, ``col``, ``path``)
once the loader has attached its positions.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import typing
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Annotated, Any, Literal

FORMAT_VERSION = 1


class Rule:
    """A validation rule on a type, in pydantic's annotation protocol; pydantic is imported only when it asks.

    ``pattern``, ``max_length``, ``min_length`` and ``strict`` constrain the type; ``before`` reshapes the input
    first (a single item into a list); ``plain`` replaces the type's validation by a function; ``json_schema``
    replaces its JSON Schema and ``description`` adds to it.
    """

    def __init__(
        self,
        *,
        pattern: str | None = None,
        max_length: int | None = None,
        min_length: int | None = None,
        strict: bool = False,
        before=None,
        plain=None,
        json_schema: dict | None = None,
        description: str | None = None,
    ):
        self.constraints = {
            k: v
            for k, v in (
                ("pattern", pattern),
                ("max_length", max_length),
                ("min_length", min_length),
                ("strict", strict or None),
            )
            if v
        }
        self.before, self.plain = before, plain
        self.json_schema, self.description = json_schema, description

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        if self.plain is not None:
            return core_schema.no_info_plain_validator_function(self.plain)
        schema: Any = {**handler(source), **self.constraints}
        if self.before is not None:
            schema = core_schema.no_info_before_validator_function(self.before, schema)
        return schema

    def __get_pydantic_json_schema__(self, schema, handler):
        out = dict(self.json_schema) if self.json_schema is not None else handler(schema)
        if self.description:
            out["description"] = self.description
        return out


def _custom_error(kind: str, message: str, context: dict | None = None) -> Exception:
    from pydantic_core import PydanticCustomError  # only ever raised while pydantic validates

    return PydanticCustomError(kind, message, context)


# Letters of any script (å, ä, ö too) and digits, then '_', '-' and '.' too. Written with Unicode property classes
# that pydantic's regex engine and an editor's (ECMAScript with the 'u' flag, as yaml-language-server compiles
# schema patterns) read alike; Python's own ``re`` has no \p{...}: :func:`is_id` is the same test for it.
ID_PATTERN = r"^[\p{L}\p{N}][\p{L}\p{N}_.-]*$"
ID_MAX = 80
Id = Annotated[str, Rule(pattern=ID_PATTERN, max_length=ID_MAX)]
LANG_PATTERN = r"^[a-z]{2,3}$"
Lang = Annotated[str, Rule(pattern=LANG_PATTERN)]
DURATION_PATTERN = r"^([0-9]+h *([0-9]+m(in)?)?|[0-9]+m(in)?)$"  # ASCII digits: \d is Unicode in some engines
DURATION_RE = re.compile(r"^(?:([0-9]+)h)?\s*(?:([0-9]+)m(?:in)?)?$")
Duration = Annotated[str, Rule(pattern=DURATION_PATTERN, description="A duration such as 10m, 90m or 1h30m.")]
StrictBool = Annotated[bool, Rule(strict=True)]


def is_id(value: object) -> bool:
    """Whether ``value`` is an id, exactly as :data:`ID_PATTERN` says (letters and digits by Unicode category)."""
    import unicodedata

    if not isinstance(value, str) or not 0 < len(value) <= ID_MAX:
        return False
    category = unicodedata.category
    return category(value[0])[0] in "LN" and all(category(c)[0] in "LN" or c in "_.-" for c in value[1:])


def minutes(duration: str | None) -> int:
    """Minutes in a duration string (``"1h30m"`` -> 90); 0 for None."""
    if not duration:
        return 0
    match = DURATION_RE.match(duration.strip())
    if not match:
        raise ValueError(f"not a duration: {duration!r}")
    hours, mins = match.groups()
    return int(hours or 0) * 60 + int(mins or 0)


# --- text: a plain string, or a mapping language -> string -------------------------------


def _check_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and value:
        for lang, text in value.items():
            if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2,3}", lang):
                hint = " (a comma inside {…} starts a new key: put the text in quotes)" if " " in str(lang) else ""
                raise _custom_error(
                    "text_type", "'{lang}' is not a language code like sv or en{hint}", {"lang": lang, "hint": hint}
                )
            if not isinstance(text, str):
                raise _custom_error("text_type", "the '{lang}' text must be a string", {"lang": lang})
        return value
    raise _custom_error("text_type", "expected a text: a string, or a mapping of language to string")


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[a-z]{2,3}$"},
            "additionalProperties": {"type": "string"},
        },
    ],
    "description": "A text: a plain string, or a mapping from language (sv, en, ...) to string.",
}
Text = Annotated[Any, Rule(plain=_check_text, json_schema=_TEXT_SCHEMA)]


def text_for(text: str | dict[str, str] | None, lang: str, fallback: list[str] | tuple = ()) -> str:
    """The text in ``lang``, else in the first fallback language that has one, else any."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for candidate in (lang, *fallback):
        if candidate in text:
            return text[candidate]
    return next(iter(text.values()), "")


# --- conditions: declarative, over declared facts -----------------------------------------


def _check_condition(value: Any, depth: int = 0) -> Any:
    if depth > 16:
        raise _custom_error("condition", "condition nested too deeply")
    if isinstance(value, str):
        if not is_id(value):
            raise _custom_error("condition", "'{value}' is not a fact id", {"value": value})
        return value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "not":
            return {"not": _check_condition(arg, depth + 1)}
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise _custom_error("condition", "'{op}' takes a non-empty list of conditions", {"op": op})
            return {op: [_check_condition(item, depth + 1) for item in arg]}
        raise _custom_error("condition", "unknown condition '{op}': use a fact id, all, any or not", {"op": op})
    raise _custom_error("condition", "expected a condition: a fact id, or a mapping with one key all, any or not")


# a condition nests ({not: {all: [...]}}): sim.format.schema turns this marker into a reference to the condition's
# schema, which it adds to the definitions (pydantic checks every "$ref" it is given, and knows no such one)
CONDITION_REF = {"x-tabletop-condition": True}
_CONDITION_SCHEMA = {
    "description": "A fact id (true), or {not: condition}, {all: [conditions]}, {any: [conditions]}.",
    "anyOf": [
        {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
        {
            "type": "object",
            "properties": {"not": {**CONDITION_REF, "description": "Holds when the condition inside does not."}},
            "required": ["not"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "all": {
                    "type": "array",
                    "minItems": 1,
                    "items": CONDITION_REF,
                    "description": "Holds when every condition in the list holds.",
                }
            },
            "required": ["all"],
            "additionalProperties": False,
        },
        {
            "type": "object",
            "properties": {
                "any": {
                    "type": "array",
                    "minItems": 1,
                    "items": CONDITION_REF,
                    "description": "Holds when at least one condition holds.",
                }
            },
            "required": ["any"],
            "additionalProperties": False,
        },
    ],
}
Condition = Annotated[Any, Rule(plain=_check_condition, json_schema=_CONDITION_SCHEMA)]


def condition_facts(condition: Any) -> list[str]:
    """Every fact id a condition mentions."""
    if isinstance(condition, str):
        return [condition]
    ((op, arg),) = condition.items()
    if op == "not":
        return condition_facts(arg)
    return [fact for item in arg for fact in condition_facts(item)]


def holds(condition: Any, facts: dict[str, bool]) -> bool:
    """Evaluate a declarative condition against fact values. Nothing is evaluated by Python's eval."""
    if isinstance(condition, str):
        return facts.get(condition, False)
    ((op, arg),) = condition.items()
    if op == "not":
        return not holds(arg, facts)
    if op == "all":
        return all(holds(item, facts) for item in arg)
    return any(holds(item, facts) for item in arg)


# --- the parts ----------------------------------------------------------------------------


class Theme(StrEnum):
    RIGHT_WING = "right-wing"
    LEFT_WING = "left-wing"
    RELIGIOUS = "religious"
    OTHER = "other"


class IdentifierKind(StrEnum):
    """What kind of detail an identifier is. Direct ones identify alone; the others narrow."""

    NAME = "name"
    ALIAS = "alias"
    PERSONNUMMER = "personnummer"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    SCHOOL = "school"
    CLASS = "class"
    AGE = "age"
    GENDER = "gender"
    FAMILY = "family"
    CLUB = "club"
    WORKPLACE = "workplace"
    NEIGHBOURHOOD = "neighbourhood"
    ORIGIN = "origin"
    APPEARANCE = "appearance"
    OTHER = "other"


class SensitiveCategory(StrEnum):
    DIAGNOSIS = "diagnosis"
    HEALTH_NOTES = "health-notes"
    SOCIAL_CASE = "social-case"
    POLICE_INTELLIGENCE = "police-intelligence"
    RELEASE_DATE = "release-date"


class Node:
    """A part of a scenario that knows its place in the source file (set by the loader)."""

    # what pydantic reads to validate the dataclasses: unknown keys are errors; only 'from' fills ``from_``
    # (the YAML key, as the schema says: ``from_`` is not a key of the format)
    __pydantic_config__ = {"extra": "forbid", "validate_by_name": False, "validate_by_alias": True}
    _pos: tuple[int, int] | None = None
    _path: tuple = ()

    @property
    def line(self) -> int | None:
        return self._pos[0] if self._pos else None

    @property
    def col(self) -> int | None:
        return self._pos[1] if self._pos else None

    @property
    def path(self) -> tuple:
        return self._path


def part(cls):
    """A model class: a keyword-only dataclass (the field order of a YAML mapping means nothing)."""
    return dataclass(kw_only=True)(cls)


def _meta(*, default=dataclasses.MISSING, factory=dataclasses.MISSING, **pydantic_field):
    """A dataclass field whose metadata pydantic reads as its ``Field`` arguments (alias, description…)."""
    return field(default=default, default_factory=factory, metadata=pydantic_field)


def _to_list(value: Any) -> Any:
    return [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value


def _or_single(schema: dict) -> None:
    """JSON Schema for a list that also accepts a single item (the model turns it into a list)."""
    items = schema.pop("items", {})
    array = {k: schema.pop(k) for k in ("type", "minItems") if k in schema}
    schema["anyOf"] = [{**array, "items": items}, items]


def _or_string(schema: dict) -> None:
    """JSON Schema for a list of objects whose items may also be given as a plain id string."""
    schema["items"] = {"anyOf": [{"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX}, schema["items"]]}


def _stringify(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


@part
class Objective(Node):
    """What the exercise trains, and what it needs of the session to count as met (judged by sim.play.objectives)."""

    id: Id = _meta(description="The objective's id, named by endings (ending.objectives).")
    text: Text = _meta(description="What the exercise trains, as the debrief shows it.")
    reached: Annotated[list[Id], Rule(before=_to_list)] = _meta(
        factory=list,
        description="Steps the group must reach on its path (a choice undone does not count).",
        json_schema_extra=_or_single,
    )
    set: Annotated[list[Id], Rule(before=_to_list)] = _meta(
        factory=list, description="Facts that must be true when the session ends.", json_schema_extra=_or_single
    )
    heard: Annotated[list[Id], Rule(before=_to_list)] = _meta(
        factory=list, description="Departments that must have spoken during the session.", json_schema_extra=_or_single
    )
    operational: StrictBool = _meta(
        default=False,
        description="The operational-level objective: missed whenever a breach was confirmed "
        "(even if undone later) or an identifier was typed and removed.",
    )

    @property
    def criteria(self) -> bool:
        """Whether the objective says what it needs itself (else only the endings that list it meet it)."""
        return bool(self.reached or self.set or self.heard or self.operational)


def _department_entry(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


@part
class Department(Node):
    """A department taking part: a catalogue id, or a scenario-local one with its own name."""

    id: Id = _meta(
        description="A department of the built-in catalogue (skola, socialtjanst, polis, ...) "
        "or a local id with a 'name'."
    )
    name: Text | None = _meta(default=None, description="Required for departments not in the built-in catalogue.")


DepartmentEntry = Annotated[Department, Rule(before=_department_entry)]
IdentifierValues = Annotated[
    list[str],
    Rule(
        before=lambda v: _stringify(_to_list(v)),
        min_length=1,
        json_schema={
            "anyOf": [
                {"type": "string"},
                {"type": "integer"},
                {"type": "array", "items": {"type": ["string", "integer"]}, "minItems": 1},
            ]
        },
    ),
]


@part
class Persona(Node):
    id: Id = _meta(description="The persona's id, named by disclosures (discloses.persona).")
    label: Text = _meta(description="A non-identifying description used at the operational level.")
    identifiers: dict[IdentifierKind, IdentifierValues] = _meta(
        factory=dict, description="The details that make this fictional person identifiable."
    )


@part
class Fact(Node):
    id: Id = _meta(description="The fact's id, read by 'requires' and set by 'sets'.")
    text: Text | None = _meta(default=None, description="What the fact means, in words the debrief can show.")
    initial: StrictBool = _meta(
        default=False, description="Whether the fact is true when the session starts (default false)."
    )


@part
class Disclosure(Node):
    """What a choice would disclose about a persona, by whom, to whom."""

    persona: Id = _meta(description="The persona whose details the choice discloses.")
    identifiers: list[IdentifierKind] | None = _meta(
        default=None,
        description="Which identifiers: omitted means all of them; [] means none (a disclosure of "
        "sensitive information only, declared with the choice's 'sensitive').",
    )
    from_: Id | None = _meta(
        default=None, alias="from", description="The department that would disclose them (default: not said)."
    )
    to: Annotated[list[Id], Rule(before=_to_list, min_length=1)] = _meta(
        factory=lambda: ["group"],
        description="'group' (the whole team) or department ids.",
        json_schema_extra=_or_single,
    )


@part
class Choice(Node):
    id: Id = _meta(description="The choice's id, unique in the case; used in logs.")
    text: Text = _meta(description="What the group decides, as the room sees it.")
    goto: Id = _meta(description="The id of the step the choice leads to.")
    by: Id | None = _meta(default=None, description="The department whose mandate the decision needs.")
    discloses: list[Disclosure] = _meta(
        factory=list,
        description="What the choice would disclose about a persona, by whom and to whom; "
        "the guard flags it before it is taken.",
    )
    sensitive: list[SensitiveCategory] = _meta(
        factory=list, description="Sensitive categories the choice asks for or shares."
    )
    requires: list[Condition] = _meta(factory=list, description="All must hold for the choice to be offered.")
    sets: dict[Id, StrictBool] = _meta(
        factory=dict, description="Facts the choice makes true or false when it is taken: {fact: true|false}."
    )
    basis: list[Id] = _meta(
        factory=list, description="Entries of docs/legal-basis.md that the legal statements here rest on (their ids)."
    )


@part
class Facilitator(Node):
    notes: Text | None = _meta(default=None, description="Notes for the facilitator only; never shown to the room.")
    expected: dict[Id, Text] = _meta(
        factory=dict, description="What each department is expected to say, by department id (facilitator only)."
    )
    basis: list[Id] = _meta(
        factory=list, description="Entries of docs/legal-basis.md that the legal statements here rest on (their ids)."
    )


@part
class Ending(Node):
    outcome: Literal["good", "mixed", "poor"] = _meta(description="How the case ended: good, mixed or poor.")
    debrief: list[Text] = _meta(factory=list, description="Points for the debrief, one text each.")
    objectives: list[Id] = _meta(factory=list, description="Objectives this ending meets (their ids).")
    basis: list[Id] = _meta(
        factory=list, description="Entries of docs/legal-basis.md that the legal statements here rest on (their ids)."
    )


@part
class Step(Node):
    id: Id = _meta(description="The step's id, named by 'start' and by choices' 'goto'.")
    title: Text = _meta(description="The step's title, as the room sees it.")
    text: Text | None = _meta(default=None, description="The situation, as the room sees it.")
    level: Literal["operational", "individual"] = _meta(
        default="operational",
        description="'operational' (default) or 'individual': a step at the individual level is where the group "
        "discusses an identifiable person; every choice leading into it is flagged.",
    )
    timebox: Duration | None = _meta(default=None, description="Minutes planned for the step, such as 10m.")
    prompts: dict[Id, Text] = _meta(factory=dict, description="A question for each department, by department id.")
    facilitator: Facilitator | None = _meta(
        default=None, description="What only the facilitator sees at this step: notes and expected answers."
    )
    choices: list[Choice] = _meta(
        factory=list, description="What the group can decide; a step has choices or an 'ending', never both."
    )
    ending: Ending | None = _meta(
        default=None, description="Makes the step an ending: its outcome, debrief points and the objectives it meets."
    )

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@part
class Scenario(Node):
    format: Literal[1] = _meta(description="The format version of the file: 1.")
    id: Id = _meta(description="The case's id, used in logs and on the command line.")
    title: Text = _meta(description="The case's title.")
    summary: Text = _meta(description="A few sentences on what the case is about, without spoilers.")
    languages: Annotated[list[Lang], Rule(min_length=1)] = _meta(
        description="The languages the case is written in (sv, en); the first is the default."
    )
    theme: Theme = _meta(description="What kind of violent extremism the case is about.")
    duration: Duration = _meta(description="The time slot of the exercise, such as 90m or 1h30m.")
    objectives: list[Objective] = _meta(
        factory=list, description="What the exercise trains, and what each objective needs of a session."
    )
    departments: Annotated[list[DepartmentEntry], Rule(min_length=1)] = _meta(
        json_schema_extra=_or_string,
        description="The departments taking part: catalogue ids, or local ones with a name.",
    )
    personas: list[Persona] = _meta(
        factory=list, description="The fictional people in the case, with the details that identify them."
    )
    facts: list[Fact] = _meta(factory=list, description="Facts that choices set and conditions ('requires') read.")
    start: Id = _meta(description="The id of the first step.")
    steps: Annotated[list[Step], Rule(min_length=1)] = _meta(
        description="The steps of the case: situations with choices, and endings."
    )

    _steps_by_id = None  # {id: step}, built on first use (not annotated: not a field)

    def step(self, step_id: str) -> Step:
        if self._steps_by_id is None:
            self._steps_by_id = {s.id: s for s in self.steps}
        return self._steps_by_id[step_id]

    def text(self, value, lang: str) -> str:
        return text_for(value, lang, self.languages)


# --- validating, and rebuilding a validated case without pydantic ------------------------------


@functools.cache
def adapter():
    """pydantic's validator and JSON Schema for :class:`Scenario` (built once, on first use)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Scenario)


def field_name(cls: type, key: str) -> str | None:
    """The field of model class ``cls`` that the YAML key ``key`` fills ('from' fills ``from_``), or None."""
    for f in dataclasses.fields(cls):
        if key in (f.name, f.metadata.get("alias")):
            return f.name
    return None


def yaml_key(f: dataclasses.Field) -> str:
    return f.metadata.get("alias") or f.name


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """The resolved types of a model class's fields (without the ``Annotated`` rules)."""
    return typing.get_type_hints(cls)


def to_data(node: Any) -> dict:  # a Node: every one is a dataclass
    """A validated case as plain JSON-ready data (field names, not YAML keys); :func:`from_data` reverses it."""
    return dataclasses.asdict(node)


def from_data(cls: type, data: dict):
    """Rebuild a model object from :func:`to_data`'s output, trusting it (it was validated when it was made)."""
    return cls(**{name: convert(data[name]) if convert else data[name] for name, convert in _plan(cls)})


@functools.cache
def _plan(cls: type) -> tuple:
    hints = field_types(cls)
    return tuple((f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls))


def _converter(hint):
    """How to rebuild a value of type ``hint`` from plain data, or None where the data is the value."""
    if isinstance(hint, type) and issubclass(hint, Node):
        return functools.partial(from_data, hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list:
        item = _converter(args[0])
        return (lambda values: [item(v) for v in values]) if item else None
    if origin is dict:
        key, value = _converter(args[0]), _converter(args[1])
        if not (key or value):
            return None
        key, value = key or (lambda k: k), value or (lambda v: v)
        return lambda mapping: {key(k): value(v) for k, v in mapping.items()}
    inner = [_converter(a) for a in args if a is not type(None)]
    if len(inner) == 1 and inner[0]:  # X | None
        return lambda value: None if value is None else inner[0](value)
    return None
