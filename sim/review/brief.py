"""Take-home briefs, after the meeting: one page per department present, from the session's log alone.

The members of a coordination team carry what the team learned back into their own organisations. A brief is
written for a colleague who was not there: what the group met (the situations on its path and the ending), what
this department said (as logged: redacted by the guard), each decision with where the department stood (its
mandate, agreed, dissented), the improvement items it owns with their due term, the flags raised with the
operational-level alternative (why each matters is in the full report), and the case's key lessons (the ending's
debrief points). What grows with a session (rows, and the length of typed text) is capped so that the page holds;
what is left out or shortened is said on the page and is whole in the full report.

Never more than the log holds: everything comes from the replayed log (which carries its own case). The
facilitator's layer (typed notes, what the case expected of the department) only with ``with_notes``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..format.departments import department_name
from ..guard import RULES
from ..i18n import t, tn
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
    return ", ".join(marks)


# A brief is one A4 page. What grows with the session is capped, and what is left out is counted and sent to the
# full report, never dropped silently: the department's own improvement items, the path and the lessons always print.
SAID_ROWS = 3  # what the department said, in the order it was said
ITEM_ROWS = 3  # the improvement items the department owns, in the order they were added
# typed text is shortened beyond these lengths, at a word, so that a pasted paragraph fits the column it is in
TEXT_CHARS = 90  # what the department said (half the page wide)
ITEM_CHARS = 70  # an improvement item (a narrower column beside its due term)
REASON_CHARS = 45  # a decision's reasons (a narrow column)
DECISION_ROWS = 5  # decisions that stand before choices taken back; where the department stood first
FLAG_ROWS = 2  # rules raised together share a row; the department's own first, then breaches, then the gravest
FLAG_PLACES = 3  # the places of one rule's flags
# which flags a colleague most needs to hear of: a choice the group took, then an identifier typed, then a step back
_GRAVITY = {"confirmed": 0, "undone": 0, "redacted": 1, "recorded": 1, "refused-strict": 2, "refused": 2}


def _clip(text: str, clipped: list[bool], limit: int = TEXT_CHARS) -> str:
    """``text`` cut at a word before ``limit`` characters with an ellipsis (``clipped`` says so to the caller): a
    pasted paragraph must not push a brief onto a second page. The full report has the text whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    clipped.append(True)
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def _flags(state, dept: str, lang: str) -> Section:
    """The session's flags as one table in the order first raised: where they were raised and what became of them,
    and the operational-level alternative once (why it matters is in the full report). Rules raised together at
    the same places (a trap's choice carries several) share a row; the channels individual matters go to, which
    several rules name, print once under the table. Beyond ``FLAG_ROWS`` rows, those kept are the ones the
    department raised itself (its words, a choice under its mandate), then breaches before cautions, then the
    gravest; the rest are counted and named under the table, for the full report."""
    s = state.scenario
    spoke = {c.get("seq") for c in state.contributions if c.get("department") == dept}
    own: set[str] = set()
    places: dict[str, list[tuple[str, str]]] = {}
    count: dict[str, int] = {}
    for f in state.flags:
        rule_id = f.get("rule", "")
        place = (f.get("step", ""), flag_status(f, state.mode))
        count[rule_id] = count.get(rule_id, 0) + 1
        choice = _choice(s, f.get("step", ""), f.get("choice")) if f.get("source") in ("choice", "declined") else None
        if f.get("seq") in spoke or (choice is not None and choice.by == dept):
            own.add(rule_id)
        if place not in places.setdefault(rule_id, []):
            places[rule_id].append(place)
    section = Section(t("brief.flags", lang), css="flags")
    if not places:
        section.paras = [t("brief.flags.none", lang)]
        return section
    together: dict[tuple, list[str]] = {}
    for rule_id, seen in places.items():
        together.setdefault(tuple(seen), []).append(rule_id)
    rows = list(together.values())

    def weight(rules: list[str]) -> tuple[bool, bool, int]:
        breach = any(r in RULES and RULES[r].severity == "breach" for r in rules)
        gravity = min(_GRAVITY.get(status, 1) for _, status in places[rules[0]])
        return (not own.intersection(rules), not breach, gravity)

    shown = sorted(sorted(rows, key=weight)[:FLAG_ROWS], key=rows.index)
    section.header = [t("brief.col.flag", lang), t("brief.flags.raised", lang), t("brief.flags.instead", lang)]
    channels = ""
    for rules in shown:
        where = [f"{_title(s, step, lang)} ({t('brief.status.' + status, lang)})" for step, status in places[rules[0]]]
        if len(where) > FLAG_PLACES:
            where[FLAG_PLACES - 1 :] = [t("brief.more.places", lang, n=len(where) - FLAG_PLACES + 1)]
        titles: list[str] = []
        advice: list[str] = []
        for rule_id in rules:
            rule: Rule | None = RULES.get(rule_id)
            own_advice, shared = rule.instead_parts(lang) if rule else ("", "")
            titles.append(rule.text("title", lang) if rule else rule_id)
            advice.append(own_advice)
            channels = channels or shared
        section.rows.append(["; ".join(titles), "; ".join(where), " ".join(a for a in advice if a)])
    if channels:
        section.after.append(channels)
    left = [r for rules in rows if rules not in shown for r in rules]
    if left:
        names = ", ".join(RULES[r].text("title", lang) if r in RULES else r for r in left)
        section.after.append(tn("brief.more.flags", sum(count[r] for r in left), lang, rules=names))
    return section


def _met(state, name, now, lang: str) -> Section:
    s = state.scenario
    if state.step.ending is not None:
        ending = f"{s.text(state.step.title, lang)} ({t('outcome.' + state.step.ending.outcome, lang)})"
    else:
        ending = t("brief.met.unfinished", lang)
    present_ = ", ".join(f"{name(d)} ({state.departments[d]})" for d in present(state))
    path = " → ".join(_title(s, p.step, lang) for p in path_times(state, now))
    facts = [
        (t("brief.met.present", lang), present_),
        (t("brief.met.path", lang), path),
        (t("brief.met.ending", lang), ending),
    ]
    return Section(t("brief.met", lang), defs=facts, css="half facts")


def _lessons(state, lang: str) -> Section:
    """The case's key lessons: the debrief points of the ending the group reached (the flags' lessons are in their
    rows, so they are not repeated here)."""
    s = state.scenario
    lessons = [s.text(p, lang) for p in state.step.ending.debrief] if state.step.ending else []
    return Section(
        t("brief.lessons", lang), items=lessons, paras=[] if lessons else [t("debrief.none", lang)], css="half"
    )


def _said(state, dept: str, who: str, lang: str, clipped: list[bool]) -> Section:
    s = state.scenario
    said = [c for c in state.contributions if c.get("department") == dept]
    section = Section(t("brief.said", lang, department=who), css="half")
    if not said:
        section.paras = [t("brief.said.none", lang, department=who)]
        return section
    shown = said[:SAID_ROWS]
    # say why a placeholder stands where something was typed: only when one shown here was redacted (a sensitive
    # term is kept as typed, and a contribution left out shows no placeholder)
    if any(flag_status(f, state.mode) == "redacted" for c in shown for f in c.get("flags", ())):
        section.paras = [t("brief.said.as-logged", lang)]
    section.items = [f"{_title(s, c.get('step', ''), lang)}: {_clip(c.get('text', ''), clipped)}" for c in shown]
    if len(said) > SAID_ROWS:
        section.after = [tn("brief.more.said", len(said) - SAID_ROWS, lang)]
    return section


def _items(state, dept: str, who: str, lang: str, clipped: list[bool]) -> Section:
    owned = [i for i in state.items if i.get("owner") == dept]
    section = Section(t("brief.items", lang, department=who), css="half")
    if owned:
        section.header = [t("brief.col.item", lang), t("brief.col.due", lang)]
        section.rows = [[_clip(i.get("what", ""), clipped, ITEM_CHARS), i.get("due", "")] for i in owned[:ITEM_ROWS]]
        if len(owned) > ITEM_ROWS:
            section.after = [tn("brief.more.items", len(owned) - ITEM_ROWS, lang)]
    else:
        section.paras = [t("debrief.none", lang)]
    return section


def _decisions(state, dept: str, who: str, lang: str, clipped: list[bool]) -> Section:
    s = state.scenario
    rows = []
    for d in state.decisions:
        choice = _choice(s, d.get("step", ""), d.get("choice"))
        text = s.text(choice.text, lang) if choice else str(d.get("choice", ""))
        if d.get("undone"):
            text += " " + t("report.decision.undone", lang)
        rows.append(
            [
                _title(s, d.get("step", ""), lang),
                text,
                d.get("reasons", ""),
                _stance(d, choice, dept, lang),
            ]
        )
    section = Section(t("brief.decisions", lang, department=who), css="decisions")
    if not rows:
        section.paras = [t("debrief.none", lang)]
        return section
    section.header = [
        t("handout.col.step", lang),
        t("brief.col.decision", lang),
        t("report.reasons", lang),
        t("brief.col.stance", lang, department=who),
    ]
    undone = [bool(d.get("undone")) for d in state.decisions]
    kept = sorted(range(len(rows)), key=lambda n: (undone[n], not rows[n][3], n))[:DECISION_ROWS]
    section.rows = [
        [*row[:2], _clip(row[2], clipped, REASON_CHARS) or "–", row[3] or t("brief.stance.none", lang)]
        for n, row in enumerate(rows)
        if n in kept
    ]
    left = [n for n in range(len(rows)) if n not in kept]
    if left:  # say so when all that was left out is choices the group took back
        key = "brief.more.undone" if all(undone[n] for n in left) else "brief.more.decisions"
        section.after = [tn(key, len(left), lang)]
    return section


def brief(state, dept: str, lang: str, *, with_notes: bool = False, now=None) -> Paper:
    """The take-home brief of department ``dept`` of a (replayed) session: one A4 page (see the caps above). The
    case-wide parts (what the group met, the key lessons) and the department's own (what it said, the items it owns)
    go side by side on paper, the decisions and the flags across the page."""
    s = state.scenario
    name = _names(state, lang)
    who = name(dept)
    now = now or state.ended or state.last_time or state.started
    clipped: list[bool] = []  # a typed text shortened anywhere on the page: said once, in its footer
    flags = _flags(state, dept, lang)
    sections = [
        _met(state, name, now, lang),
        _lessons(state, lang),
        _said(state, dept, who, lang, clipped),
        _items(state, dept, who, lang, clipped),
        _decisions(state, dept, who, lang, clipped),
        flags,
    ]

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
    if clipped:
        footer = f"{t('brief.clipped', lang)} {footer}"
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
