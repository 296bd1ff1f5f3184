"""The teaching moment and the briefing: the texts the room reads, built once for every screen that shows them.

A flagged choice proposed, taken, stepped back from or refused (strict mode)
opens a teaching moment: the rule, why it moves the group to the individual
level, and the operational-level alternative. The console's flag modal and the
room's panel (the audience view and the console's own session view) render
the same Markdown from :func:`lesson_markdown`. A typed contribution the guard
flagged opens one too (:func:`redaction_markdown`): the text as saved and the
kinds of identifier removed, never the text as typed.

The briefing (:func:`briefing_markdown`) opens the exercise: the case, its
objectives, the departments at the table, the ground rules and the time plan.
"""

from __future__ import annotations

from ..i18n import t

# the situations a flagged choice can be in when the room sees it
MOMENT_KINDS = ("proposed", "taken", "declined", "refused", "redacted")


def _rule_parts(flag) -> tuple[str, str]:
    """(rule id, severity) of a flag, whether a guard ``Flag`` or a log's flag record."""
    if isinstance(flag, dict):
        return str(flag.get("rule", "")), str(flag.get("severity", "caution"))
    return flag.rule_id, flag.severity


def lesson_markdown(flags, choice_text: str, lang: str, kind: str = "proposed") -> str:
    """The rule, why and instead for each rule a flagged choice breaks, headed by what became of the choice."""
    from ..guard.rules import RULES

    lines = [f"## ⚑ {t('moment.' + kind, lang, choice=choice_text)}", ""]
    if kind == "refused":
        lines += [f"**{t('flag.refused', lang)}**", ""]
    seen = set()
    for flag in flags:
        rule_id, severity = _rule_parts(flag)
        rule = RULES.get(rule_id)
        if rule is None or rule_id in seen:
            continue
        seen.add(rule_id)
        lines += [
            f"### {rule.text('title', lang)} ({t('flag.badge.' + severity, lang)})",
            "",
            f"**{t('flag.why', lang)}**\u00a0{rule.text('why', lang)}",
            "",
            f"**{t('flag.instead', lang)}**\u00a0{rule.text('instead', lang)}",
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


def removed_kinds(flags) -> list[str]:
    """The kinds of detail the guard caught in a typed text, in the order found, each once."""
    kinds: list[str] = []
    for flag in flags:
        rule, kind = flag.get("rule"), flag.get("kind")
        if rule == "sensitive":
            kind = "sensitive"
        elif rule in ("personnummer", "phone", "email"):
            kind = kind or rule
        kind = kind or "other"
        if kind not in kinds:
            kinds.append(kind)
    return kinds


def redaction_markdown(department: str, saved_text: str, flags, lang: str) -> str:
    """A flagged contribution as the room may see it: who, the text as saved (redacted), what was removed."""
    lines = [f"## ⚑ {t('moment.redacted', lang, department=department)}", ""]
    lines += [f"- {t('removed.' + kind, lang)}" for kind in removed_kinds(flags)]
    lines += [
        "",
        f"**{t('moment.saved-as', lang)}**",
        "",
        "> " + saved_text.replace("\n", " "),
        "",
        t("moment.redacted-why", lang),
    ]
    return "\n".join(lines).rstrip() + "\n"


def moment_markdown(state, lang: str) -> str:
    """The current teaching moment of ``state`` as Markdown; "" when there is none."""
    moment = state.moment
    if moment is None:
        return ""
    if moment["kind"] == "redacted":
        from ..format.departments import department_name

        names = {d.id: d.name for d in state.scenario.departments}
        return redaction_markdown(
            department_name(moment["department"], lang, names), moment["text"], moment["flags"], lang
        )
    step = state.scenario.step(moment["step"])
    choice = next((c for c in step.choices if c.id == moment["choice"]), None)
    choice_text = state.scenario.text(choice.text, lang) if choice else moment["choice"]
    return lesson_markdown(moment["flags"], choice_text, lang, moment["kind"])


def room_sees_moment(state) -> bool:
    """Whether the room sees the current moment: when flags are revealed on taking, a proposal stays the console's."""
    moment = state.moment
    if moment is None:
        return False
    return not (state.reveal == "taken" and moment["kind"] == "proposed")


def revealed_choices(state) -> set[str]:
    """Choices of the current step whose flags the room has seen, when flags are revealed on taking."""
    return {
        f.get("choice")
        for f in state.flags
        if f.get("step") == state.current and f.get("source") in ("choice", "declined")
    }


# --- the briefing ------------------------------------------------------------------------------------------------


def briefing_sections(state, lang: str) -> list[tuple[str, list[str]]]:
    """The exercise's opening as (heading, lines): the case (title, introduction), its objectives, who is at the
    table, the ground rules and the time plan. Plain text, so the first screen needs no Markdown parser."""
    from ..format.departments import department_name
    from .queries import time_plan

    scenario = state.scenario
    names = {d.id: d.name for d in scenario.departments}
    sections = [(scenario.text(scenario.title, lang), [scenario.text(scenario.summary, lang)])]
    if scenario.objectives:
        sections.append((t("briefing.objectives", lang), [scenario.text(o.text, lang) for o in scenario.objectives]))
    at_table = [d.id for d in scenario.departments if d.id in state.departments]
    sections.append(
        (
            t("briefing.departments", lang),
            [", ".join(f"{department_name(d, lang, names)} ({state.departments[d]})" for d in at_table)],
        )
    )
    rules = [
        "briefing.rule.level",
        "briefing.rule.names",
        "briefing.rule.guard",
        "briefing.rule.redacted",
        "briefing.rule.mode." + state.mode,
        "briefing.rule.reveal." + state.reveal,
    ]
    sections.append((t("briefing.rules", lang), [t(key, lang) for key in rules]))
    plan = time_plan(scenario)
    sections.append(
        (
            t("briefing.plan", lang, slot=plan.slot),
            [
                t("briefing.plan.briefing", lang, m=plan.briefing),
                t("briefing.plan.steps", lang, low=plan.step_low, high=plan.step_high, shortest=plan.shortest),
                t("briefing.plan.debrief", lang),
            ],
        )
    )
    return sections


def briefing_markdown(state, lang: str) -> str:
    """The briefing as Markdown (for reports and replay): :func:`briefing_sections` with headings and bullets."""
    (title, intro), *rest = briefing_sections(state, lang)
    lines = [f"# {title}", "", *intro, ""]
    for heading, body in rest:
        lines += [f"### {heading}", "", *(f"- {line}" for line in body), ""]
    return "\n".join(lines).rstrip() + "\n"
