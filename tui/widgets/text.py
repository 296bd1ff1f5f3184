"""Small helpers shared by the widgets: a department's display name, a scenario text, in the app's language."""

from __future__ import annotations

from rich.text import Text

from tabletop.sim.format.departments import department_name


def cells(row) -> list[Text]:
    """A table row shown exactly as written: a redaction tag like "[elev-a: name]" is text, not Textual markup."""
    return [Text(str(value)) for value in row]


def dept(state, dept_id: str, lang: str) -> str:
    return department_name(dept_id, lang, {d.id: d.name for d in state.scenario.departments})


def text(state, value, lang: str) -> str:
    return state.scenario.text(value, lang)
