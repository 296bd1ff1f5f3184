"""Small helpers shared by the widgets: a department's display name, a scenario text, in the app's language."""

from __future__ import annotations

from sim.catalogue import department_name


def dept(state, dept_id: str, lang: str) -> str:
    return department_name(dept_id, lang, {d.id: d.name for d in state.scenario.departments})


def text(state, value, lang: str) -> str:
    return state.scenario.text(value, lang)
