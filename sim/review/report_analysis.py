"""After-action reports: what a played session amounts to, as plain data (``tabletop report`` is :mod:`.report`).

A report is computed once from a :class:`~sim.play.session.SessionState` (live or replayed: the same reducer) by
:func:`analyse` into a :class:`Report` of plain data: the header's facts, the objectives judged, the path step by
step against its timeboxes, each department's contributions, the decisions and the improvement items, every
confidentiality flag, the ending, the facilitator's notes and the hotwash, the times (how long the session ran, how
much of it was the briefing, the steps, paused, and away), and the session's :class:`~sim.map.draw.Route` over the
case map. Nothing here lays anything out:

- :mod:`sim.review.report_text` puts a report into labelled words (the i18n catalogue's ``report.*`` keys);
- :mod:`sim.review.report_md` prints them as Markdown, every field through :func:`sim.review.markup.md_text` or
  :func:`~sim.review.markup.md_cell`, with the Mermaid map of :mod:`sim.map.draw`;
- :mod:`sim.review.report_html` renders them with the Jinja2 template ``templates/report.html.j2`` (autoescape on),
  with the SVG map of :mod:`sim.map.draw`: one self-contained file that prints on A4.

The times add up: the duration (the wall clock less the time away) is the briefing, plus the path table's step
times, plus the time paused. The path table and the map number steps the same way: a step where a choice was
undone and taken again is one row and one number, and the time spent on the undone branch is that row's.

Texts typed during the session are shown exactly as logged, that is redacted; the report never reads the
scenario's persona details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..format.departments import department_name
from ..format.model import minutes
from ..map.draw import Route

if TYPE_CHECKING:
    from ..format.model import Choice, Scenario, Step
    from ..play.objectives import Judgement
    from ..play.session import SessionState


@dataclass
class PathRow:
    """One step of the path taken (visits of the same step joined when a choice there was undone)."""

    number: int
    step: str
    title: str
    seconds: float  # time played here, pauses left out; the time on a branch undone from here included
    timebox: int  # minutes declared, 0 when the step has none
    extended: int  # minutes added during the session
    choice: str | None = None
    choice_text: str = ""
    mandate: str | None = None  # the department whose mandate the decision needed
    mandate_present: bool | None = None
    undone: list[str] = field(default_factory=list)  # choices taken here and then undone

    @property
    def over(self) -> bool:
        return bool(self.timebox) and self.seconds > (self.timebox + self.extended) * 60


@dataclass
class FlagRow:
    rule: str
    severity: str
    title: str
    why: str
    instead: str
    detail: str
    source: str  # contribution, note, choice, declined, item, hotwash
    step_title: str
    choice_text: str
    status: str  # confirmed, refused, refused-strict, redacted, recorded


@dataclass
class Report:
    """Everything a report shows, computed once from the state; the renderers only lay it out."""

    lang: str
    scenario: Scenario
    title: str
    case_id: str
    started: datetime
    ended: datetime | None
    seconds: float  # the duration: the wall clock from start to end (or the last event), less the time away
    term: str
    group: str
    mode: str
    departments: list[tuple[str, int]]  # (name, participants)
    objectives: list[Judgement]  # each objective met, missed or open, with its reasons (sim.play.objectives)
    rows: list[PathRow]
    contributions: list[tuple[str, list[tuple[str, datetime, str]]]]  # department -> (step title, time, text)
    decisions: list[dict]
    items: list[dict]
    flags: list[FlagRow]
    ending: Step | None
    notes: list[tuple[str, datetime, str]]
    hotwash: str
    route: Route  # the path over the case map, numbered as ``rows``
    source: str | None = None  # the log's verification line, when rendered from a log
    reveal: str = "before"  # when the room saw the flags: before each choice, or when a flagged choice was taken
    briefing_seconds: float | None = None  # the briefing's length less its pauses, for sessions that opened on one
    paused_seconds: float = 0.0  # the time the clock stood still, the time away left out
    away_seconds: float = 0.0  # the time the session was away (reopened after a quit or a crash): not the group's
    away_times: int = 0

    @property
    def steps_seconds(self) -> float:
        """The path table's times together: with the briefing and the time paused, the duration."""
        return sum(row.seconds for row in self.rows)


def dept_names(scenario: Scenario, lang: str):
    """A function from a department id to its name in ``lang`` (the case's own name for a department of its own)."""
    local = {d.id: d.name for d in scenario.departments if d.name is not None}
    return lambda dept: department_name(dept, lang, local)


def choice_of(scenario: Scenario, step_id: str, choice_id: str | None) -> Choice | None:
    if choice_id is None:
        return None
    try:
        step = scenario.step(step_id)
    except KeyError:
        return None
    return next((c for c in step.choices if c.id == choice_id), None)


def step_title(scenario: Scenario, step_id: str, lang: str) -> str:
    try:
        return scenario.text(scenario.step(step_id).title, lang)
    except KeyError:
        return step_id


def _visit_times(state: SessionState) -> list[tuple[float, float]]:
    """(played, paused) seconds of every visit, undone ones included. A visit lasts until it was left or, when the
    log never says (an undone branch), until the next visit began; the last one until the end or the last event.
    A pause still open at the last event counts as paused."""
    end = state.ended or state.last_time
    visits = state.visits
    out = []
    for i, visit in enumerate(visits):
        left = visit.left or (visits[i + 1].entered if i + 1 < len(visits) else end)
        if left is None:
            out.append((0.0, 0.0))
            continue
        paused = visit.paused_seconds
        if i == len(visits) - 1 and state.paused_at is not None and state.ended is None:
            paused += max(0.0, (left - max(state.paused_at, visit.entered)).total_seconds())
        wall = max(0.0, (left - visit.entered).total_seconds())
        out.append((max(0.0, wall - paused), min(wall, paused)))
    return out


def path_rows(state: SessionState, lang: str) -> list[PathRow]:
    """The path taken, step by step. A step where a choice was undone and taken again is one row, and the time
    spent on the undone branch (until the undo) is that row's: the group spent it deciding there."""
    scenario = state.scenario
    name = dept_names(scenario, lang)
    rows: list[PathRow] = []
    row: PathRow | None = None
    reopened: PathRow | None = None
    visits = state.visits
    for i, (visit, (seconds, _)) in enumerate(zip(visits, _visit_times(state), strict=True)):
        if visit.undone:
            if row is not None:
                row.seconds += seconds
            continue
        if reopened is not None and reopened.step == visit.step:
            row = reopened
            row.seconds += seconds
            row.extended += visit.extended_minutes
        else:
            try:
                timebox = minutes(scenario.step(visit.step).timebox)
            except KeyError:
                timebox = 0
            row = PathRow(
                len(rows) + 1,
                visit.step,
                step_title(scenario, visit.step, lang),
                seconds,
                timebox,
                visit.extended_minutes,
            )
            rows.append(row)
        reopened = None
        if visit.choice is None:
            continue
        if i + 1 < len(visits) and visits[i + 1].undone:
            row.undone.append(visit.choice)
            reopened = row
            continue
        row.choice = visit.choice
        choice = choice_of(scenario, visit.step, visit.choice)
        if choice is not None:
            row.choice_text = scenario.text(choice.text, lang)
            if choice.by:
                row.mandate = name(choice.by)
                row.mandate_present = choice.by in state.departments
    return rows


def route(state: SessionState, rows: list[PathRow]) -> Route:
    """The path over the case map, numbered as the path table is; undone choices and the steps only they reached."""
    numbers: dict[str, tuple[int, ...]] = {}
    for row in rows:
        numbers[row.step] = numbers.get(row.step, ()) + (row.number,)
    return Route(
        numbers=numbers,
        taken=frozenset((row.step, row.choice) for row in rows if row.choice),
        undone=frozenset((row.step, choice) for row in rows for choice in row.undone),
        undone_steps=frozenset(v.step for v in state.visits if v.undone) - set(numbers),
    )


def _declined_choice(scenario: Scenario, flag: dict) -> Choice | None:
    """The flagged choice a ``declined`` flag belongs to: the choice of its step whose guard flags match it."""
    from ..guard import choice_flags

    try:
        step = scenario.step(flag.get("step", ""))
    except KeyError:
        return None
    wanted = (flag.get("rule"), flag.get("detail"))
    for choice in step.choices:
        if any((f.rule_id, f.detail) == wanted for f in choice_flags(scenario, choice)):
            return choice
    return None


def flag_rows(state: SessionState, lang: str) -> list[FlagRow]:
    from ..guard import RULES
    from ..play.queries import flag_status

    scenario = state.scenario
    by_seq = {d["seq"]: d for d in state.decisions}
    rows = []
    for flag in state.flags:
        rule = RULES.get(flag.get("rule", ""))
        source = flag.get("source", "")
        choice = None
        if source == "choice" and flag["seq"] in by_seq:
            decision = by_seq[flag["seq"]]
            choice = choice_of(scenario, decision["step"], decision["choice"])
        elif source == "declined":
            choice = _declined_choice(scenario, flag)
        status = flag_status(flag, state.mode)
        rows.append(
            FlagRow(
                rule=flag.get("rule", "?"),
                severity=flag.get("severity", ""),
                title=rule.text("title", lang) if rule else flag.get("rule", "?"),
                why=rule.text("why", lang) if rule else "",
                instead=rule.text("instead", lang) if rule else "",
                detail=flag.get("detail", ""),
                source=source,
                step_title=step_title(scenario, flag.get("step", ""), lang),
                choice_text=scenario.text(choice.text, lang) if choice else "",
                status=status,
            )
        )
    return rows


def _paused_seconds(state: SessionState, away: float) -> float:
    """The time the clock stood still, the time away left out (a reopened session's away time lies in a pause)."""
    paused = sum(p for _, p in _visit_times(state))
    if state.briefing_seconds is not None and state.visits:  # the briefing's pauses: its wall time less its length
        wall = (state.visits[0].entered - state.started).total_seconds()
        paused += max(0.0, wall - state.briefing_seconds)
    return max(0.0, paused - away)


def analyse(state: SessionState, lang: str | None = None, *, source: str | None = None) -> Report:
    """What a report of ``state`` shows, in ``lang`` (the session's language by default)."""
    lang = lang or state.lang
    scenario = state.scenario
    name = dept_names(scenario, lang)
    step = state.step
    ending = step if step.ending else None
    from ..play.objectives import judge

    objectives = judge(state, lang)
    spoken: dict[str, list] = {}
    for c in state.contributions:
        spoken.setdefault(c["department"], []).append(
            (step_title(scenario, c.get("step", ""), lang), c["time"], c.get("text", ""))
        )
    order = {d.id: i for i, d in enumerate(scenario.departments)}

    def rank(dept: str) -> tuple[int, str]:  # the case's own order of departments
        return order.get(dept, len(order)), dept

    contributions = [(name(d), spoken[d]) for d in sorted(spoken, key=rank)]
    end = state.ended or state.last_time
    away = sum(g["seconds"] for g in state.gaps)
    rows = path_rows(state, lang)
    return Report(
        lang=lang,
        scenario=scenario,
        title=scenario.text(scenario.title, lang),
        case_id=scenario.id,
        started=state.started,
        ended=state.ended,
        seconds=max(0.0, (end - state.started).total_seconds() - away) if end else 0.0,
        term=state.term,
        group=state.group,
        mode=state.mode,
        reveal=state.reveal,
        briefing_seconds=state.briefing_seconds,
        departments=[(name(d), state.departments[d]) for d in sorted(state.departments, key=rank)],
        objectives=objectives,
        rows=rows,
        contributions=contributions,
        decisions=list(state.decisions),
        items=list(state.items),
        flags=flag_rows(state, lang),
        ending=ending,
        notes=[(step_title(scenario, n.get("step", ""), lang), n["time"], n.get("text", "")) for n in state.notes],
        hotwash=state.hotwash,
        route=route(state, rows),
        source=source,
        paused_seconds=_paused_seconds(state, away),
        away_seconds=away,
        away_times=len(state.gaps),
    )


def clock(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


__all__ = [
    "FlagRow",
    "PathRow",
    "Report",
    "analyse",
    "clock",
    "flag_rows",
    "path_rows",
    "route",
]
