"""Take-home briefs, after the meeting: one page per department present, from the session's log alone.

The members of a coordination team carry what the team learned back into their own organisations. A brief is
written for a colleague who was not there: what the group met (the situations on its path and the ending), what
this department said (as logged: redacted by the guard), each decision with where the department stood (its
mandate, agreed, dissented), the improvement items it owns with their due term, every flag raised with the rule's
why and the operational-level alternative, and the case's key lessons (the ending's debrief points).

Never more than the log holds: everything comes from the replayed log (which carries its own case). The
facilitator's layer (typed notes, what the case expected of the department) only with ``with_notes``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..format.departments import department_name
from ..guard import RULES
from ..i18n import t
from ..play.queries import flag_status, path_times
from .paper import Paper, Section, render

if TYPE_CHECKING:
    from ..guard.rules import Rule


class UnknownDepartment(ValueError):
    """The department asked for was not at the table (a one-line ``str()``)."""


def _names(state, lang: str):
    local = {d.id: d.name for d in state.scenario.departments}
    return lambda dept: department_name(dept, lang, local)


def present(state) -> list[str]:
    """The departments at the table, in the case's order."""
    order = [d.id for d in state.scenario.departments]
    return sorted(state.departments, key=lambda d: order.index(d) if d in order else len(order))


def _choice(scenario, step_id: str, choice_id: str | None):
    try:
        return next((c for c in scenario.step(step_id).choices if c.id == choice_id), None)
    except KeyError:
        return None


def _title(scenario, step_id: str, lang: str) -> str:
    try:
        return scenario.text(scenario.step(step_id).title, lang)
    except KeyError:
        return step_id


def _stance(decision: dict, choice, dept: str, lang: str) -> str:
    marks = []
    if choice is not None and choice.by == dept:
        marks.append(t("brief.stance.mandate", lang))
    if dept in decision.get("agreed", ()):
        marks.append(t("brief.stance.agreed", lang))
    if dept in decision.get("dissented", ()):
        marks.append(t("brief.stance.dissented", lang))
    return ", ".join(marks) or t("brief.stance.none", lang)


def _flags(state, lang: str) -> list[Section]:
    """The session's flags, each rule, step and outcome once, then each rule seen once with the operational-level
    alternative (why it matters is in the full report; a brief is what a colleague does instead)."""
    s = state.scenario
    lines: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    rules: dict[str, Rule] = {}
    for f in state.flags:
        rule = RULES.get(f.get("rule", ""))
        status = flag_status(f, state.mode)
        key = (f.get("rule", ""), f.get("step", ""), status)
        if key in seen:
            continue
        seen.add(key)
        if rule is not None:
            rules.setdefault(rule.id, rule)
        title = rule.text("title", lang) if rule else f.get("rule", "")
        where = _title(s, f.get("step", ""), lang)
        lines.append(f"{title}: {where} ({t('report.status.' + status, lang)})")
    if not lines:
        return []
    instead = [(rule.text("title", lang), rule.text("instead", lang)) for rule in rules.values()]
    return [
        Section(t("brief.flags.raised", lang), level=3, items=lines),
        Section(t("brief.flags.instead", lang), level=3, defs=instead, box=True, css="trap"),
    ]


def brief(state, dept: str, lang: str, *, with_notes: bool = False, now=None) -> Paper:
    """The take-home brief of department ``dept`` of a (replayed) session."""
    s = state.scenario
    name = _names(state, lang)
    who = name(dept)
    sections = [Section(t("brief.met", lang))]
    met = sections[0]
    met.paras = [
        t("brief.for", lang, department=who),
        t(
            "brief.met.present",
            lang,
            departments=", ".join(f"{name(d)} ({state.departments[d]})" for d in present(state)),
        ),
    ]
    now = now or state.ended or state.last_time or state.started
    met.paras.append(" → ".join(_title(s, p.step, lang) for p in path_times(state, now)))
    if state.step.ending is not None:
        met.paras.append(
            t(
                "brief.met.ending",
                lang,
                ending=s.text(state.step.title, lang),
                outcome=t("outcome." + state.step.ending.outcome, lang),
            )
        )
    else:
        met.paras.append(t("brief.met.unfinished", lang))

    said = [c for c in state.contributions if c.get("department") == dept]
    sections.append(
        Section(
            t("brief.said", lang, department=who),
            paras=[t("brief.said.as-logged", lang)] if said else [t("brief.said.none", lang, department=who)],
            items=[f"{_title(s, c.get('step', ''), lang)}: {c.get('text', '')}" for c in said],
        )
    )

    rows = []
    for d in state.decisions:
        choice = _choice(s, d.get("step", ""), d.get("choice"))
        text = s.text(choice.text, lang) if choice else str(d.get("choice", ""))
        if d.get("undone"):
            text += " " + t("report.decision.undone", lang)
        rows.append(
            [_title(s, d.get("step", ""), lang), text, d.get("reasons", "") or "–", _stance(d, choice, dept, lang)]
        )
    decisions = Section(t("brief.decisions", lang, department=who))
    if rows:
        decisions.header = [
            t("handout.col.step", lang),
            t("brief.col.decision", lang),
            t("report.reasons", lang),
            t("brief.col.stance", lang, department=who),
        ]
        decisions.rows = rows
    else:
        decisions.paras = [t("debrief.none", lang)]
    sections.append(decisions)

    owned = [i for i in state.items if i.get("owner") == dept]
    items = Section(t("brief.items", lang, department=who))
    if owned:
        items.header = [t("brief.col.item", lang), t("brief.col.due", lang)]
        items.rows = [[i.get("what", ""), i.get("due", "")] for i in owned]
    else:
        items.paras = [t("debrief.none", lang)]
    sections.append(items)

    flags = _flags(state, lang)
    sections.append(Section(t("brief.flags", lang), paras=[] if flags else [t("brief.flags.none", lang)]))
    sections += flags

    lessons = [s.text(p, lang) for p in state.step.ending.debrief] if state.step.ending else []
    sections.append(
        Section(t("brief.lessons", lang), items=lessons, paras=[] if lessons else [t("debrief.none", lang)])
    )

    if with_notes:
        notes = [f"{_title(s, n.get('step', ''), lang)}: {n.get('text', '')}" for n in state.notes]
        on_path = dict.fromkeys(p.step for p in path_times(state, now))
        for step_id in on_path:
            layer = s.step(step_id).facilitator
            if layer and dept in layer.expected:
                expected = " ".join(s.text(layer.expected[dept], lang).split())
                notes.append(f"{t('handout.expected', lang, department=who)} {expected}")
        sections.append(Section(t("brief.notes", lang), items=notes, paras=[] if notes else [t("debrief.none", lang)]))

    subtitle = t(
        "brief.subtitle",
        lang,
        case=s.text(s.title, lang),
        group=state.group or "–",
        date=state.started.strftime("%Y-%m-%d"),
        term=state.term,
    )
    from ..format.legalbasis import LEGAL_TEXTS_CHECKED

    footer = t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)
    return Paper(t("brief.title", lang, department=who), lang, subtitle, sections, footer, compact=True)


def briefs(state, lang: str, department: str | None = None, *, with_notes: bool = False) -> list[Paper]:
    """The briefs of every department present, or of ``department`` alone."""
    at_table = present(state)
    if department is not None and department not in at_table:
        name = _names(state, lang)
        raise UnknownDepartment(
            t(
                "brief.no-department",
                lang,
                department=department,
                present=", ".join(f"{d} ({name(d)})" for d in at_table),
            )
        )
    return [brief(state, d, lang, with_notes=with_notes) for d in ([department] if department else at_table)]


def render_briefs(
    path: Path | str, fmt: str = "md", lang: str | None = None, department: str | None = None, *, with_notes=False
) -> str:
    """``tabletop brief LOG``: read and verify the log, replay it, and render the briefs (one page each).

    Raises :class:`sim.play.log.LogError`, :class:`sim.play.session.ReplayError`, :class:`UnknownDepartment` or
    ValueError (an unknown format); each has a one-line ``str()``."""
    from ..play.log import read_log
    from ..play.session import replay

    events, _ = read_log(Path(path))
    state = replay(events)
    lang = lang or state.lang
    papers = briefs(state, lang, department, with_notes=with_notes)
    return render(papers, fmt, papers[0].title if len(papers) == 1 else papers[0].subtitle)


def brief_paths(log_path: Path | str) -> dict[str, Path]:
    """Where the briefs of a log go, per format: beside it, ``<log stem>.briefs.md`` and ``.briefs.html``."""
    path = Path(log_path)
    return {fmt: path.with_name(f"{path.stem}.briefs.{fmt}") for fmt in ("md", "html")}


def write_briefs(log_path: Path | str, lang: str) -> list[Path]:
    """Write every present department's brief beside the log, in Markdown and HTML (slow: replays the log; run it
    off the UI thread). Raises what :func:`render_briefs` raises, and OSError."""
    from .report import write_private

    return [write_private(target, render_briefs(log_path, fmt, lang)) for fmt, target in brief_paths(log_path).items()]


__all__ = ["UnknownDepartment", "brief", "brief_paths", "briefs", "present", "render_briefs", "write_briefs"]
