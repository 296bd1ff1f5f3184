"""Objectives judged on what happened: met, missed or still open, each with the reasons a person can read.

An objective is judged from the whole session, not only the ending reached:

- when endings list it (``ending.objectives``), the ending reached must be one of them;
- the steps it needs (``reached``) must be on the path that stands (a choice undone does not count);
- the facts it needs (``set``) must be true when the session ends;
- the departments it needs (``heard``) must have spoken at some step;
- the operational-level objective (``operational: true``) is missed whenever a breach was confirmed, even if the
  group undid the choice later, or an identifier was typed and removed by the guard. Those are final: such an
  objective is missed from that moment, before any ending.

Every reason names steps, choices, facts and departments by their text, never by id. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..format.departments import department_name
from ..i18n import t

MET, MISSED, OPEN = "met", "missed", "open"
TYPED_SOURCES = frozenset({"contribution", "note", "reasons", "item", "hotwash", "group"})


@dataclass(frozen=True)
class Judgement:
    """One objective as judged: its text, ``met``/``missed``/``open``, and why (texts in the asked language)."""

    objective_id: str
    text: str
    status: str
    reasons: list[str] = field(default_factory=list)

    @property
    def met(self) -> bool | None:
        """True, False, or None while the session has not reached an ending and nothing decided it yet."""
        return None if self.status == OPEN else self.status == MET


def _q(text: str, lang: str) -> str:
    """A text quoted as the language quotes it (Swedish closes on both sides)."""
    return f"”{text}”" if lang == "sv" else f"“{text}”"


class _Namer:
    """Texts for the parts a reason names, in one language."""

    def __init__(self, scenario, lang: str):
        self.s, self.lang = scenario, lang
        self.local = {d.id: d.name for d in scenario.departments if d.name is not None}

    def step(self, step_id: str) -> str:
        try:
            return self.s.text(self.s.step(step_id).title, self.lang)
        except KeyError:
            return t("objective.unknown-step", self.lang)

    def choice(self, step_id: str, choice_id: str | None) -> str:
        try:
            choice = next(c for c in self.s.step(step_id).choices if c.id == choice_id)
        except (KeyError, StopIteration):
            return t("objective.unknown-choice", self.lang)
        return self.s.text(choice.text, self.lang)

    def fact(self, fact_id: str) -> str:
        fact = next((f for f in self.s.facts if f.id == fact_id), None)
        return self.s.text(fact.text, self.lang) if fact is not None and fact.text else fact_id

    def department(self, dept: str) -> str:
        return department_name(dept, self.lang, self.local)


def breaches(state) -> list[dict]:
    """The flags that miss the operational-level objective: breaches confirmed on a choice (undone or not) and
    identifiers typed and removed, in the order they happened."""
    out = []
    for flag in state.flags:
        source = flag.get("source")
        if flag.get("severity") != "breach":
            continue
        if source == "choice" or source in TYPED_SOURCES:
            out.append(flag)
    return out


def _breach_reasons(state, name: _Namer, lang: str) -> list[str]:
    from ..guard import RULES

    reasons, seen = [], set()
    for flag in breaches(state):
        step = name.step(flag.get("step", ""))
        if flag.get("source") == "choice":
            key: tuple = ("choice", flag["seq"])
            text = t(
                "objective.breach-confirmed" + ("-undone" if flag.get("undone") else ""),
                lang,
                step=_q(step, lang),
                choice=_q(name.choice(flag.get("step", ""), flag.get("choice")), lang),
            )
        else:
            rule = RULES.get(flag.get("rule", ""))
            what = rule.text("title", lang) if rule else t("objective.identifier", lang)
            key = ("typed", flag["seq"], flag.get("rule"))
            text = t("objective.identifier-typed", lang, step=_q(step, lang), what=what.rstrip("."))
        if key not in seen:
            seen.add(key)
            reasons.append(text)
    return reasons


def judge(state, lang: str) -> list[Judgement]:
    """Every objective of the case, in the case's order, judged on the session so far."""
    s = state.scenario
    name = _Namer(s, lang)
    ending_step = state.step if state.step.ending else None
    listing: dict[str, list[str]] = {}
    for step in s.steps:
        if step.ending:
            for o in step.ending.objectives:
                listing.setdefault(o, []).append(step.id)
    on_path = {v.step for v in state.path}
    heard = set().union(*(v.spoken for v in state.visits)) if state.visits else set()
    broken = _breach_reasons(state, name, lang)
    out = []
    for o in s.objectives:
        text = s.text(o.text, lang)
        good: list[str] = []
        bad: list[str] = []
        if o.operational:
            if broken:
                out.append(Judgement(o.id, text, MISSED, list(broken)))
                continue
            good.append(t("objective.no-breach", lang))
        if ending_step is None:
            out.append(Judgement(o.id, text, OPEN, [t("objective.open", lang)]))
            continue
        if o.id in listing:
            key = "objective.ending-meets" if ending_step.id in listing[o.id] else "objective.ending-misses"
            (good if key.endswith("meets") else bad).append(t(key, lang, step=_q(name.step(ending_step.id), lang)))
        elif not o.criteria:
            bad.append(t("objective.no-ending", lang))
        for step_id in o.reached:
            ok = step_id in on_path
            (good if ok else bad).append(
                t("objective.reached" if ok else "objective.not-reached", lang, step=_q(name.step(step_id), lang))
            )
        for fact_id in o.set:
            ok = state.facts.get(fact_id, False)
            (good if ok else bad).append(
                t("objective.set" if ok else "objective.not-set", lang, fact=_q(name.fact(fact_id), lang))
            )
        for dept in o.heard:
            if dept in heard:
                good.append(t("objective.heard", lang, department=name.department(dept)))
            elif dept not in state.departments:
                bad.append(t("objective.absent", lang, department=name.department(dept)))
            else:
                bad.append(t("objective.not-heard", lang, department=name.department(dept)))
        out.append(Judgement(o.id, text, MISSED, bad) if bad else Judgement(o.id, text, MET, good))
    return out
