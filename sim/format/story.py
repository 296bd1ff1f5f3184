"""Checks of what format 1.1 adds for telling a story: consequences, text that varies, injects, role cards.

Called by :mod:`sim.format.validate` with its checker, so that the facts a paragraph mentions count as used and
every diagnostic lands at the exact place of the problem.
"""

from __future__ import annotations

import itertools

from .codes import Phrase
from .model import Inject, RoleCard, condition_facts, condition_paths, holds, minutes

_MAX_FACTS_TRIED = 12  # a condition over more facts than this is not searched for a way to hold (2**12 tries)


def uses_v11(scenario) -> tuple[tuple, Phrase] | None:
    """Where the first v1.1 addition of the case is, and what it is; None for a plain v1 case."""
    for step in scenario.steps:
        if isinstance(step.text, list):
            return step.path + ("text",), Phrase(
                f"step '{step.id}' text as paragraphs", f"steget '{step.id}':s text som stycken"
            )
        if step.injects:
            return step.path + ("injects",), Phrase(f"step '{step.id}' injects", f"steget '{step.id}':s nyheter")
        for choice in step.choices:
            if choice.consequence is not None:
                return choice.path + ("consequence",), Phrase(
                    f"choice '{choice.id}' consequence", f"valet '{choice.id}':s följd"
                )
    if scenario.roles:
        return ("roles",), Phrase("'roles' (role cards)", "'roles' (rollkort)")
    return None


def possible_values(scenario) -> dict[str, set[bool]]:
    """The values each declared fact can take in some session: its initial value and any value a choice sets."""
    values = {f.id: {f.initial} for f in scenario.facts}
    for step in scenario.steps:
        for choice in step.choices:
            for fact, value in choice.sets.items():
                values.setdefault(fact, set()).add(value)
    return values


def can_hold(condition, values: dict[str, set[bool]]) -> bool:
    """Whether some combination of the facts' possible values makes ``condition`` hold (True when too big to try)."""
    facts = sorted(set(condition_facts(condition)))
    if len(facts) > _MAX_FACTS_TRIED:
        return True
    choices = [sorted(values.get(f, {False})) for f in facts]
    return any(holds(condition, dict(zip(facts, combo, strict=True))) for combo in itertools.product(*choices))


def check_story(checker) -> None:
    """Diagnostics for the v1.1 additions; ``checker`` is sim.format.validate's (its ``add`` and references)."""
    s = checker.s
    first = uses_v11(s)
    if first is not None and s.format == 1:
        path, what = first
        checker.add("S801", path, key=True, where=what)
    values = possible_values(s)
    for step in s.steps:
        if isinstance(step.text, list):
            _paragraphs(checker, step, values)
        _injects(checker, step)
    _role_cards(checker)


def _paragraphs(checker, step, values: dict[str, set[bool]]) -> None:
    """Each ``when`` names declared facts (R306) and can hold in some session (S802)."""
    for i, paragraph in enumerate(step.text):
        when = paragraph.get("when")
        if when is None:
            continue
        path = step.path + ("text", i, "when")
        known = True
        for fact, fact_path in condition_paths(when, path):
            checker.required_facts.add(fact)  # read like a requirement: U503 and U504 count it
            known = known and fact in checker.fact_ids
            checker._fact_ref(fact, fact_path)
        if known and not can_hold(when, values):
            checker.add("S802", path, step=step.id, n=i + 1)


def _injects(checker, step) -> None:
    """Inject ids are unique within their step (R301); a timed one arrives within the step's timebox (S803)."""
    seen: dict[str, Inject] = {}
    box = minutes(step.timebox) if step.timebox else None
    for inject in step.injects:
        if inject.id in seen:
            checker.add("R301", inject.path + ("id",), kind="inject", id=inject.id, first=seen[inject.id].line)
        else:
            seen[inject.id] = inject
        if inject.after is not None and box is not None and minutes(inject.after) >= box:
            checker.add("S803", inject.path + ("after",), id=inject.id, after=inject.after, timebox=step.timebox)


def _role_cards(checker) -> None:
    """A role card is for a declared department (R304), one card per department (R301)."""
    cards: dict[str, RoleCard] = {}
    for card in checker.s.roles:
        checker._dept_ref(card.department, card.path + ("department",))
        if card.department in cards:
            first = cards[card.department].line
            checker.add("R301", card.path + ("department",), kind="role card", id=card.department, first=first)
        else:
            cards[card.department] = card
