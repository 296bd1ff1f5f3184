"""The scenario format, version 1, as a typed model (pydantic v2).

One model gives us validation with exact locations, the JSON Schema for
editors (``tabletop schema``) and typed access for the engine. docs/format.md
explains every key; the names here are the names in the YAML.

Every model object remembers where it came from (``line``, ``col``, ``path``)
once the loader has attached its positions.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

FORMAT_VERSION = 1

ID_PATTERN = r"^[^\W_][\w.-]*$"  # letters (å, ä, ö too), digits, '_', '-', '.'; starts with a letter or digit
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
LANG_PATTERN = r"^[a-z]{2,3}$"
Lang = Annotated[str, StringConstraints(pattern=LANG_PATTERN)]
DURATION_PATTERN = r"^(\d+h\s*(\d+m(in)?)?|\d+m(in)?)$"
DURATION_RE = re.compile(r"^(?:(\d+)h)?\s*(?:(\d+)m(?:in)?)?$")
Duration = Annotated[
    str,
    StringConstraints(pattern=DURATION_PATTERN),
    Field(description="A duration such as 10m, 90m or 1h30m."),
]


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
                raise PydanticCustomError("text_type", "'{lang}' is not a language code like sv or en{hint}",
                                          {"lang": lang, "hint": hint})
            if not isinstance(text, str):
                raise PydanticCustomError("text_type", "the '{lang}' text must be a string", {"lang": lang})
        return value
    raise PydanticCustomError("text_type", "expected a text: a string, or a mapping of language to string")


_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string"},
        {"type": "object", "minProperties": 1, "propertyNames": {"pattern": "^[a-z]{2,3}$"},
         "additionalProperties": {"type": "string"}},
    ],
    "description": "A text: a plain string, or a mapping from language (sv, en, ...) to string.",
}
Text = Annotated[Any, PlainValidator(_check_text), WithJsonSchema(_TEXT_SCHEMA)]


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
        raise PydanticCustomError("condition", "condition nested too deeply")
    if isinstance(value, str):
        if not re.match(ID_PATTERN, value):
            raise PydanticCustomError("condition", "'{value}' is not a fact id", {"value": value})
        return value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "not":
            return {"not": _check_condition(arg, depth + 1)}
        if op in ("all", "any"):
            if not isinstance(arg, list) or not arg:
                raise PydanticCustomError("condition", "'{op}' takes a non-empty list of conditions", {"op": op})
            return {op: [_check_condition(item, depth + 1) for item in arg]}
        raise PydanticCustomError("condition", "unknown condition '{op}': use a fact id, all, any or not", {"op": op})
    raise PydanticCustomError(
        "condition", "expected a condition: a fact id, or a mapping with one key all, any or not")


_CONDITION_SCHEMA = {
    "description": "A fact id (true), or {not: condition}, {all: [conditions]}, {any: [conditions]}.",
    "anyOf": [
        {"type": "string"},
        {"type": "object", "properties": {"not": {}}, "required": ["not"], "additionalProperties": False},
        {"type": "object", "properties": {"all": {"type": "array", "minItems": 1}}, "required": ["all"],
         "additionalProperties": False},
        {"type": "object", "properties": {"any": {"type": "array", "minItems": 1}}, "required": ["any"],
         "additionalProperties": False},
    ],
}
Condition = Annotated[Any, PlainValidator(_check_condition), WithJsonSchema(_CONDITION_SCHEMA)]


def condition_facts(condition: Any) -> list[str]:
    """Every fact id a condition mentions."""
    if isinstance(condition, str):
        return [condition]
    (op, arg), = condition.items()
    if op == "not":
        return condition_facts(arg)
    return [fact for item in arg for fact in condition_facts(item)]


def holds(condition: Any, facts: dict[str, bool]) -> bool:
    """Evaluate a declarative condition against fact values. Nothing is evaluated by Python's eval."""
    if isinstance(condition, str):
        return facts.get(condition, False)
    (op, arg), = condition.items()
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


DIRECT_IDENTIFIERS = frozenset({"name", "alias", "personnummer", "phone", "email", "address"})


class SensitiveCategory(StrEnum):
    DIAGNOSIS = "diagnosis"
    HEALTH_NOTES = "health-notes"
    SOCIAL_CASE = "social-case"
    POLICE_INTELLIGENCE = "police-intelligence"
    RELEASE_DATE = "release-date"


class Node(BaseModel):
    """A part of a scenario that knows its place in the source file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    _pos: tuple[int, int] | None = PrivateAttr(default=None)
    _path: tuple = PrivateAttr(default=())

    @property
    def line(self) -> int | None:
        return self._pos[0] if self._pos else None

    @property
    def col(self) -> int | None:
        return self._pos[1] if self._pos else None

    @property
    def path(self) -> tuple:
        return self._path


def _to_list(value: Any) -> Any:
    return [value] if isinstance(value, (str, int)) and not isinstance(value, bool) else value


def _or_single(schema: dict) -> None:
    """JSON Schema for a list that also accepts a single item (the model turns it into a list)."""
    items = schema.pop("items", {})
    array = {k: schema.pop(k) for k in ("type", "minItems") if k in schema}
    schema["anyOf"] = [{**array, "items": items}, items]


def _or_string(schema: dict) -> None:
    """JSON Schema for a list of objects whose items may also be given as a plain id string."""
    schema["items"] = {"anyOf": [{"type": "string"}, schema["items"]]}


def _stringify(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in value]
    return value


class Objective(Node):
    id: Id
    text: Text


def _department_entry(value: Any) -> Any:
    return {"id": value} if isinstance(value, str) else value


class Department(Node):
    """A department taking part: a catalogue id, or a scenario-local one with its own name."""

    id: Id
    name: Text | None = Field(default=None, description="Required for departments not in the built-in catalogue.")


DepartmentEntry = Annotated[Department, BeforeValidator(_department_entry)]
IdentifierValues = Annotated[list[str], BeforeValidator(lambda v: _stringify(_to_list(v))), Field(min_length=1),
                             WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"},
                                                       {"type": "array", "items": {"type": ["string", "integer"]},
                                                        "minItems": 1}]})]


class Persona(Node):
    id: Id
    label: Text = Field(description="A non-identifying description used at the operational level.")
    identifiers: dict[IdentifierKind, IdentifierValues] = Field(
        default_factory=dict, description="The details that make this fictional person identifiable.")


class Fact(Node):
    id: Id
    text: Text | None = None
    initial: StrictBool = False


class Disclosure(Node):
    """What a choice would disclose about a persona, by whom, to whom."""

    persona: Id
    identifiers: list[IdentifierKind] | None = Field(
        default=None, description="Which identifiers: omitted means all of them; [] means none (a disclosure of "
        "sensitive information only, declared with the choice's 'sensitive').")
    from_: Id | None = Field(default=None, alias="from")
    to: Annotated[list[Id], BeforeValidator(_to_list), Field(min_length=1)] = Field(
        default_factory=lambda: ["group"], description="'group' (the whole team) or department ids.",
        json_schema_extra=_or_single)


class Choice(Node):
    id: Id
    text: Text
    goto: Id
    by: Id | None = Field(default=None, description="The department whose mandate the decision needs.")
    discloses: list[Disclosure] = Field(default_factory=list)
    sensitive: list[SensitiveCategory] = Field(default_factory=list,
                                               description="Sensitive categories the choice asks for or shares.")
    requires: list[Condition] = Field(default_factory=list, description="All must hold for the choice to be offered.")
    sets: dict[Id, StrictBool] = Field(default_factory=dict)


class Facilitator(Node):
    notes: Text | None = None
    expected: dict[Id, Text] = Field(default_factory=dict)


class Ending(Node):
    outcome: Literal["good", "mixed", "poor"]
    debrief: list[Text] = Field(default_factory=list)
    objectives: list[Id] = Field(default_factory=list)


class Step(Node):
    id: Id
    title: Text
    text: Text | None = None
    level: Literal["operational", "individual"] = "operational"
    timebox: Duration | None = None
    prompts: dict[Id, Text] = Field(default_factory=dict)
    facilitator: Facilitator | None = None
    choices: list[Choice] = Field(default_factory=list)
    ending: Ending | None = None

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


class Scenario(Node):
    format: Literal[1]
    id: Id
    title: Text
    summary: Text
    languages: list[Lang] = Field(min_length=1)
    theme: Theme
    duration: Duration
    objectives: list[Objective] = Field(default_factory=list)
    departments: list[DepartmentEntry] = Field(min_length=1, json_schema_extra=_or_string)
    personas: list[Persona] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    start: Id
    steps: list[Step] = Field(min_length=1)

    _steps_by_id: dict[str, Step] = PrivateAttr(default_factory=dict)

    def step(self, step_id: str) -> Step:
        if not self._steps_by_id:
            self._steps_by_id = {s.id: s for s in self.steps}
        return self._steps_by_id[step_id]

    def text(self, value, lang: str) -> str:
        return text_for(value, lang, self.languages)
