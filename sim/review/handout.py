"""Handouts for before the meeting, from the case alone: ``tabletop handout CASE --for room|facilitator|DEPARTMENT``.

- **room**: the situation manual everyone at the table gets: the case's title and introduction, its objectives, the
  departments invited, the ground rules (the briefing's own texts), the time plan and the first situation with its
  questions. Nothing that gives a later step away: no later step, no choice, no trap, no flag, no facilitator note.
- **facilitator**: the facilitator guide: the map, every step with its text, prompts, notes and what each
  department is expected to do, its choices; each trap with its rule, why and the operational-level alternative
  (the teaching moment's texts); the endings; the objectives with what each needs; the timings; a safe path; and
  the legal line.
- **a department**: its question in the first situation, the themes of its later questions without the situations
  they come from (never those of a step at the individual level), the ground rules; and its role card when the case
  format has them (:func:`role_card`, the hook), never another department's.

Each is a :class:`sim.review.paper.Paper`, rendered as Markdown or one self-contained HTML file for A4.
"""

from __future__ import annotations

from ..format.departments import department_name
from ..format.legalbasis import LEGAL_TEXTS_CHECKED
from ..format.model import minutes
from ..i18n import t
from .paper import Paper, Section, render

AUDIENCES = ("room", "facilitator")


class UnknownAudience(ValueError):
    """``--for`` names neither room, facilitator nor a department of the case (a one-line ``str()``)."""


def case_map(scenario, lang: str, fmt: str) -> str:
    """The case map, drawn in one place: Mermaid source for Markdown, an inline SVG for HTML."""
    from ..map.draw import mermaid, svg

    return mermaid(scenario, lang) if fmt == "md" else svg(scenario, lang)


def role_card(scenario, department: str, lang: str) -> Section | None:
    """The department's role card: what it knows that the others do not. The case format has no role cards yet;
    when it does, this is the one place that prints one (on the department's handout, never on another's)."""
    cards = getattr(scenario, "role_cards", None) or getattr(scenario, "roles", None)
    if not cards:
        return None
    card = cards.get(department) if isinstance(cards, dict) else None
    if card is None:
        return None
    return Section(t("handout.role-card", lang), paras=[scenario.text(card, lang)], box=True)


# --- the parts ---------------------------------------------------------------------------------------------------


def _names(scenario, lang: str):
    local = {d.id: d.name for d in scenario.departments}
    return lambda dept: department_name(dept, lang, local)


def _title(scenario, lang: str) -> str:
    return scenario.text(scenario.title, lang)


def _legal(lang: str) -> str:
    return t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)


def _ground_rules(lang: str) -> list[str]:
    """The briefing's ground rules that hold whatever the session's settings, and where individual matters go."""
    keys = ("briefing.rule.level", "briefing.rule.names", "handout.rule.channels", "briefing.rule.guard")
    return [t(key, lang) for key in (*keys, "briefing.rule.redacted")]


def _time_plan(scenario, lang: str) -> Section:
    from ..play.queries import time_plan

    plan = time_plan(scenario)
    return Section(
        t("briefing.plan", lang, slot=plan.slot),
        items=[
            t("briefing.plan.briefing", lang, m=plan.briefing),
            t("briefing.plan.steps", lang, low=plan.step_low, high=plan.step_high, shortest=plan.shortest),
            t("briefing.plan.debrief", lang),
        ],
    )


def _prompts(scenario, step, lang: str) -> list[tuple[str, str]]:
    name = _names(scenario, lang)
    order = [d.id for d in scenario.departments]
    keys = sorted(step.prompts, key=lambda d: order.index(d) if d in order else len(order))
    return [(name(d) + ":", scenario.text(step.prompts[d], lang)) for d in keys]


def _paras(text: str) -> list[str]:
    return [p for p in (" ".join(block.split()) for block in text.split("\n\n")) if p]


def room(scenario, lang: str) -> Paper:
    name = _names(scenario, lang)
    first = scenario.step(scenario.start)
    sections = [Section(t("handout.intro", lang), paras=_paras(scenario.text(scenario.summary, lang)))]
    if scenario.objectives:
        sections.append(
            Section(t("briefing.objectives", lang), items=[scenario.text(o.text, lang) for o in scenario.objectives])
        )
    sections += [
        Section(t("handout.invited", lang), items=[name(d.id) for d in scenario.departments]),
        Section(t("briefing.rules", lang), items=_ground_rules(lang), box=True),
        _time_plan(scenario, lang),
        Section(
            t("handout.first", lang, title=scenario.text(first.title, lang)),
            paras=_paras(scenario.text(first.text, lang)),
            box=True,
        ),
    ]
    if first.prompts:
        sections.append(Section(t("handout.prompts", lang), level=3, defs=_prompts(scenario, first, lang)))
    return Paper(_title(scenario, lang), lang, t("handout.room", lang), sections, footer=t("handout.room.note", lang))


def _criteria(scenario, objective, lang: str) -> str:
    name = _names(scenario, lang)
    parts = []
    steps = {s.id: s for s in scenario.steps}
    if objective.reached:
        titles = [scenario.text(steps[s].title, lang) if s in steps else s for s in objective.reached]
        parts.append(t("handout.criteria.reached", lang, steps=", ".join(titles)))
    if objective.set:
        facts = {f.id: f for f in scenario.facts}
        texts = [
            scenario.text(facts[f].text, lang).rstrip(".") if f in facts and facts[f].text else f for f in objective.set
        ]
        parts.append(t("handout.criteria.set", lang, facts="; ".join(texts)))
    if objective.heard:
        parts.append(t("handout.criteria.heard", lang, departments=", ".join(name(d) for d in objective.heard)))
    if objective.operational:
        parts.append(t("handout.criteria.operational", lang))
    if not parts:
        endings = [
            scenario.text(s.title, lang) for s in scenario.steps if s.ending and objective.id in s.ending.objectives
        ]
        parts.append(t("handout.criteria.endings", lang, endings=", ".join(endings) or "–"))
    return "; ".join(parts)


def safe_path(scenario) -> list[tuple[str, str | None]] | None:
    """The shortest way from the start to a good ending with no choice the guard calls a breach, as (step, choice
    taken) pairs, the ending's choice None; None when there is none. A breadth-first search over (step, facts), with
    each choice offered only when its conditions hold: the states :mod:`sim.author.explore` counts, the same test."""
    from collections import deque

    from ..format.model import holds
    from ..guard import choice_flags

    def breach(choice) -> bool:
        return any(f.severity == "breach" for f in choice_flags(scenario, choice))

    steps = {s.id: s for s in scenario.steps}
    start = (scenario.start, frozenset(f.id for f in scenario.facts if f.initial))
    came: dict = {start: None}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        step = steps[state[0]]
        if step.ending is not None:
            if step.ending.outcome != "good":
                continue
            path: list[tuple[str, str | None]] = [(step.id, None)]
            while came[state] is not None:
                state, choice_id = came[state]
                path.insert(0, (state[0], choice_id))
            return path
        facts = dict.fromkeys(state[1], True)
        for choice in step.choices:
            if choice.goto not in steps or breach(choice):
                continue
            if not all(holds(c, facts) for c in choice.requires):
                continue
            after = {**facts, **choice.sets}
            nxt = (choice.goto, frozenset(k for k, v in after.items() if v))
            if nxt not in came:
                came[nxt] = (state, choice.id)
                queue.append(nxt)
    return None


def traps(scenario, lang: str) -> list[Section]:
    """Each flagged choice with the rules it breaks: rule, why, and the operational-level alternative."""
    from ..guard import RULES, choice_flags

    out = []
    for step in scenario.steps:
        for choice in step.choices:
            flags = choice_flags(scenario, choice)
            if not flags:
                continue
            defs = [(t("handout.trap.choice", lang), scenario.text(choice.text, lang))]
            seen = set()
            for flag in flags:
                rule = RULES.get(flag.rule_id)
                if rule is None or rule.id in seen:
                    continue
                seen.add(rule.id)
                defs += [
                    (
                        t("handout.trap.rule", lang),
                        f"{rule.text('title', lang)} ({t('flag.badge.' + flag.severity, lang)})",
                    ),
                    (t("flag.why", lang), rule.text("why", lang)),
                    (t("flag.instead", lang), rule.text("instead", lang)),
                ]
            heading = f"⚑ {scenario.text(step.title, lang)}"  # the choice is named by its text just below
            out.append(Section(heading, level=3, defs=defs, box=True, css="trap"))
    return out


def _layer(scenario, step, lang: str) -> Section | None:
    """A step's facilitator layer: the notes and what each department is expected to do; None when it has none."""
    layer = step.facilitator
    if layer is None or not (layer.notes or layer.expected):
        return None
    name = _names(scenario, lang)
    defs = [(t("handout.notes", lang), " ".join(scenario.text(layer.notes, lang).split()))] if layer.notes else []
    defs += [
        (t("handout.expected", lang, department=name(d)), " ".join(scenario.text(text, lang).split()))
        for d, text in layer.expected.items()
    ]
    return Section(t("handout.facilitator-layer", lang), level=4, defs=defs, box=True)


def _step_sections(scenario, step, n: int, lang: str) -> list[Section]:
    """A step in the facilitator guide: its title and text, the prompts, the facilitator layer, its choices."""
    from ..guard import choice_flags

    name = _names(scenario, lang)
    facts = []
    if step.id == scenario.start:
        facts.append(t("handout.step.start", lang))
    if step.timebox:
        facts.append(t("handout.minutes", lang, m=minutes(step.timebox)))
    if step.level == "individual":
        facts.append(t("handout.step.individual", lang))
    paras = ([" · ".join(facts)] if facts else []) + _paras(scenario.text(step.text, lang))
    css = "individual" if step.level == "individual" else ""
    out = [Section(f"{n}. {scenario.text(step.title, lang)}", level=3, paras=paras, css=css)]
    if step.prompts:
        out.append(Section(t("handout.prompts", lang), level=4, defs=_prompts(scenario, step, lang)))
    layer = _layer(scenario, step, lang)
    if layer is not None:
        out.append(layer)
    if step.choices:
        titles = {s.id: scenario.text(s.title, lang) for s in scenario.steps}
        rows = [
            [
                c.id,
                ("⚑ " if choice_flags(scenario, c) else "") + scenario.text(c.text, lang),
                name(c.by) if c.by else "–",
                titles.get(c.goto, c.goto),
            ]
            for c in step.choices
        ]
        header = ["id", t("handout.col.choice", lang), t("handout.col.by", lang), t("handout.col.goto", lang)]
        out.append(Section(t("handout.choices", lang), level=4, header=header, rows=rows))
    return out


def _ending_sections(scenario, lang: str) -> list[Section]:
    out = [Section(t("handout.endings", lang))]
    for step in scenario.steps:
        if step.ending is None:
            continue
        out.append(
            Section(
                f"{scenario.text(step.title, lang)} ({t('outcome.' + step.ending.outcome, lang)})",
                level=3,
                paras=_paras(scenario.text(step.text, lang)),
                items=[scenario.text(p, lang) for p in step.ending.debrief],
                box=True,
            )
        )
        layer = _layer(scenario, step, lang)
        if layer is not None:
            out.append(layer)
    return out


def _safe_path_section(scenario, lang: str) -> Section:
    path = safe_path(scenario)
    if not path:
        return Section(t("handout.safe", lang), paras=[t("handout.safe.none", lang)])
    titles = {s.id: scenario.text(s.title, lang) for s in scenario.steps}
    choices = {c.id: scenario.text(c.text, lang) for s in scenario.steps for c in s.choices}
    return Section(
        t("handout.safe", lang),
        paras=[t("handout.safe.intro", lang)],
        items=[titles[s] + (f" → {choices[c]}" if c else f" ({t('outcome.good', lang)})") for s, c in path],
    )


def facilitator(scenario, lang: str, fmt: str) -> Paper:
    name = _names(scenario, lang)
    sections = [Section(t("handout.intro", lang), paras=_paras(scenario.text(scenario.summary, lang)))]
    if scenario.objectives:
        sections.append(
            Section(
                t("briefing.objectives", lang),
                header=[t("handout.col.objective", lang), t("handout.col.criteria", lang)],
                rows=[[scenario.text(o.text, lang), _criteria(scenario, o, lang)] for o in scenario.objectives],
            )
        )
    sections.append(Section(t("handout.invited", lang), items=[name(d.id) for d in scenario.departments]))
    plan = _time_plan(scenario, lang)
    plan.header = [t("handout.col.step", lang), t("handout.col.timebox", lang)]
    plan.rows = [
        [scenario.text(s.title, lang), t("handout.minutes", lang, m=minutes(s.timebox)) if s.timebox else "–"]
        for s in scenario.steps
        if s.ending is None
    ]
    sections += [
        plan,
        _safe_path_section(scenario, lang),
        Section(
            t("handout.map", lang),
            paras=[t("handout.map.legend", lang)],
            map_md=case_map(scenario, lang, "md") if fmt == "md" else "",
            map_html=case_map(scenario, lang, "html") if fmt == "html" else "",
        ),
        Section(t("handout.steps", lang), page=True),
    ]
    for n, step in enumerate((s for s in scenario.steps if s.ending is None), 1):
        sections += _step_sections(scenario, step, n, lang)
    found = traps(scenario, lang)
    sections.append(
        Section(t("handout.traps", lang), page=bool(found), paras=[] if found else [t("debrief.none", lang)])
    )
    sections += found
    sections += _ending_sections(scenario, lang)
    return Paper(_title(scenario, lang), lang, t("handout.facilitator", lang), sections, footer=_legal(lang))


def department(scenario, dept: str, lang: str) -> Paper:
    """A department's sheet: its role card (when the case has one), its question in the first situation, and the
    themes of its later questions without the situations they come from (so the sheet gives nothing away)."""
    name = _names(scenario, lang)
    sections = []
    card = role_card(scenario, dept, lang)
    if card is not None:
        sections.append(card)
    first = scenario.step(scenario.start)
    if dept in first.prompts:
        sections.append(
            Section(
                t("handout.first", lang, title=scenario.text(first.title, lang)),
                paras=[scenario.text(first.prompts[dept], lang)],
                box=True,
            )
        )
    later = [
        scenario.text(s.prompts[dept], lang)
        for s in scenario.steps
        if s.id != scenario.start and dept in s.prompts and s.level != "individual"
    ]
    sections.append(
        Section(
            t("handout.themes", lang),
            paras=[t("handout.themes.intro", lang)] if later else [t("handout.themes.none", lang)],
            items=later,
        )
    )
    sections.append(Section(t("briefing.rules", lang), items=_ground_rules(lang), box=True))
    return Paper(_title(scenario, lang), lang, t("handout.department", lang, department=name(dept)), sections)


def handout(scenario, audience: str, lang: str, fmt: str = "md") -> Paper:
    """The paper for ``audience``: ``room``, ``facilitator`` or a department id of the case."""
    if audience == "room":
        return room(scenario, lang)
    if audience == "facilitator":
        return facilitator(scenario, lang, fmt)
    if audience in {d.id for d in scenario.departments}:
        return department(scenario, audience, lang)
    known = ", ".join(["room", "facilitator", *(d.id for d in scenario.departments)])
    raise UnknownAudience(f"'{audience}' is neither room, facilitator nor a department of the case (use {known})")


def render_handout(scenario, audience: str, fmt: str = "md", lang: str | None = None) -> str:
    """``tabletop handout``: the handout for ``audience`` as Markdown or self-contained HTML."""
    lang = lang or scenario.languages[0]
    paper = handout(scenario, audience, lang, fmt)
    return render([paper], fmt, f"{paper.title}: {paper.subtitle}")


__all__ = ["AUDIENCES", "UnknownAudience", "case_map", "handout", "render_handout", "role_card", "safe_path"]
