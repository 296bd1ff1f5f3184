"""After-action reports: a played session as Markdown or as one self-contained HTML file.

The report is rendered from a :class:`~sim.play.session.SessionState` (live or
replayed: the same reducer), in the spirit of an after-action report: the
header, the objectives and whether the path met them, the path step by step
against its timeboxes, each department's contributions, the decisions and the
improvement items, every confidentiality flag with its explanation and
alternative, the ending with its debrief, the facilitator's notes and the
hotwash, and the case map with the path highlighted and flagged branches
marked (Mermaid in Markdown, an inline SVG in HTML).

Texts typed during the session are shown exactly as logged, that is redacted;
the report never reads the scenario's persona details. Every label comes from
the i18n catalogue (``report.*`` keys). The HTML references nothing outside
itself: no scripts, fonts, images or style sheets, so a browser shows it with
no network.

:func:`analyse` computes what both renderings show (:class:`Report`); the
renderers only lay it out. :func:`render_report` is the ``tabletop report``
entry point: a log path in, the text out.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..format.departments import department_name
from ..format.model import minutes
from ..i18n import t, tn
from .markup import md_cell, md_text

if TYPE_CHECKING:
    from ..format.model import Choice, Scenario, Step
    from ..play.objectives import Judgement
    from ..play.session import SessionState

FORMATS = ("md", "html")


# --- what a report shows ----------------------------------------------------------------------------------------


@dataclass
class PathRow:
    """One step of the path taken (visits of the same step joined when a choice there was undone)."""

    number: int
    step: str
    title: str
    seconds: float
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
    seconds: float
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
    visited: list[str]  # step ids on the path, in order
    taken: set[tuple[str, str]]  # (step, choice) edges of the path
    source: str | None = None  # the log's verification line, when rendered from a log
    reveal: str = "before"  # when the room saw the flags: before each choice, or when a flagged choice was taken
    briefing_seconds: float | None = None  # the briefing's length, for sessions that opened on one
    away_seconds: float = 0.0  # the time the session was away (reopened after a quit or a crash): not the group's
    away_times: int = 0


def _dept_names(scenario: Scenario, lang: str):
    local = {d.id: d.name for d in scenario.departments if d.name is not None}
    return lambda dept: department_name(dept, lang, local)


def _choice(scenario: Scenario, step_id: str, choice_id: str | None) -> Choice | None:
    if choice_id is None:
        return None
    try:
        step = scenario.step(step_id)
    except KeyError:
        return None
    return next((c for c in step.choices if c.id == choice_id), None)


def _step_title(scenario: Scenario, step_id: str, lang: str) -> str:
    try:
        return scenario.text(scenario.step(step_id).title, lang)
    except KeyError:
        return step_id


def visit_seconds(visit, end: datetime | None) -> float:
    """Time spent at a visit, pauses left out; ``end`` stands in for a visit not yet left."""
    left = visit.left or end
    if left is None:
        return 0.0
    return max(0.0, (left - visit.entered).total_seconds() - visit.paused_seconds)


def path_rows(state: SessionState, lang: str) -> list[PathRow]:
    """The path taken, step by step; a step where a choice was undone and taken again is one row."""
    scenario = state.scenario
    name = _dept_names(scenario, lang)
    end = state.ended or state.last_time
    rows: list[PathRow] = []
    reopened: PathRow | None = None
    visits = state.visits
    for i, visit in enumerate(visits):
        if visit.undone:
            continue
        seconds = visit_seconds(visit, end)
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
                _step_title(scenario, visit.step, lang),
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
        choice = _choice(scenario, visit.step, visit.choice)
        if choice is not None:
            row.choice_text = scenario.text(choice.text, lang)
            if choice.by:
                row.mandate = name(choice.by)
                row.mandate_present = choice.by in state.departments
    return rows


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
            choice = _choice(scenario, decision["step"], decision["choice"])
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
                step_title=_step_title(scenario, flag.get("step", ""), lang),
                choice_text=scenario.text(choice.text, lang) if choice else "",
                status=status,
            )
        )
    return rows


def analyse(state: SessionState, lang: str | None = None, *, source: str | None = None) -> Report:
    """What a report of ``state`` shows, in ``lang`` (the session's language by default)."""
    lang = lang or state.lang
    scenario = state.scenario
    name = _dept_names(scenario, lang)
    step = state.step
    ending = step if step.ending else None
    from ..play.objectives import judge

    objectives = judge(state, lang)
    spoken: dict[str, list] = {}
    for c in state.contributions:
        spoken.setdefault(c["department"], []).append(
            (_step_title(scenario, c.get("step", ""), lang), c["time"], c.get("text", ""))
        )
    order = {d.id: i for i, d in enumerate(scenario.departments)}

    def rank(dept: str) -> tuple[int, str]:  # the case's own order of departments
        return order.get(dept, len(order)), dept

    contributions = [(name(d), spoken[d]) for d in sorted(spoken, key=rank)]
    end = state.ended or state.last_time
    path = state.path
    visited = [v.step for v in path]
    taken = {(row.step, row.choice) for row in path_rows(state, lang) if row.choice}
    return Report(
        lang=lang,
        scenario=scenario,
        title=scenario.text(scenario.title, lang),
        case_id=scenario.id,
        started=state.started,
        ended=state.ended,
        seconds=max(0.0, (end - state.started).total_seconds() - sum(g["seconds"] for g in state.gaps)) if end else 0.0,
        term=state.term,
        group=state.group,
        mode=state.mode,
        reveal=state.reveal,
        briefing_seconds=state.briefing_seconds,
        departments=[(name(d), state.departments[d]) for d in sorted(state.departments, key=rank)],
        objectives=objectives,
        rows=path_rows(state, lang),
        contributions=contributions,
        decisions=[d for d in state.decisions],
        items=list(state.items),
        flags=flag_rows(state, lang),
        ending=ending,
        notes=[(_step_title(scenario, n.get("step", ""), lang), n["time"], n.get("text", "")) for n in state.notes],
        hotwash=state.hotwash,
        visited=visited,
        taken=taken,
        source=source,
        away_seconds=sum(g["seconds"] for g in state.gaps),
        away_times=len(state.gaps),
    )


# --- small formatting -------------------------------------------------------------------------------------------


def clock(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``."""
    total = round(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _hhmm(moment: datetime) -> str:
    return moment.strftime("%H:%M UTC")  # the log keeps UTC: say so, a reader in Sweden would add an hour


def _timebox(row: PathRow, lang: str) -> str:
    if not row.timebox:
        return "–"
    text = t("report.minutes", lang, n=row.timebox)
    if row.extended:
        text += " " + t("report.extended", lang, n=row.extended)
    return text


def _time(row: PathRow, lang: str) -> str:
    text = clock(row.seconds)
    return text + " " + t("report.over", lang) if row.over else text


def _mandate(row: PathRow, lang: str) -> str:
    if row.mandate is None:
        return "–"
    return row.mandate + ("" if row.mandate_present else " " + t("report.absent", lang))


def _decision(r: Report, row: PathRow) -> str:
    lang = r.lang
    if row.choice:
        text = row.choice_text or row.choice
    elif r.ending is not None and row.step == r.ending.id:
        text = t("report.path.ending", lang)
    else:
        text = t("report.path.open", lang)
    if row.undone:
        texts = []
        for choice_id in row.undone:
            choice = _choice(r.scenario, row.step, choice_id)
            texts.append(r.scenario.text(choice.text, lang) if choice else choice_id)
        text += " " + t("report.path.undone", lang, choices="; ".join(texts))
    return text


def _decision_parts(r: Report, d: dict) -> tuple[str, str, str, str, str]:
    """(step title, choice text, reasons, agreed, dissented) of a logged decision."""
    scenario, lang = r.scenario, r.lang
    name = _dept_names(scenario, lang)
    choice = _choice(scenario, d.get("step", ""), d.get("choice"))
    text = scenario.text(choice.text, lang) if choice else d.get("choice", "")
    if d.get("undone"):
        text += " " + t("report.decision.undone", lang)
    agreed = ", ".join(name(x) for x in d.get("agreed", ())) or "–"
    dissented = ", ".join(name(x) for x in d.get("dissented", ())) or "–"
    return (_step_title(scenario, d.get("step", ""), lang), text, d.get("reasons") or "–", agreed, dissented)


def _where(f: FlagRow, lang: str) -> str:
    where = f.step_title + (f": {f.choice_text}" if f.choice_text else "")
    return f"{where} ({t('report.source.' + f.source, lang)})"


def _rules_seen(flags: list[FlagRow]) -> list[FlagRow]:
    """One flag per rule, in order of first appearance: each rule's why and instead are told once."""
    return list({f.rule: f for f in reversed(flags)}.values())[::-1]


def _because(j: Judgement) -> str:
    """The reasons an objective was judged as it was, as one clause."""
    return "; ".join(j.reasons)


def _objective_status(met: bool | None, lang: str) -> str:
    return t("report.objective." + ("open" if met is None else "met" if met else "not-met"), lang)


def _legal(lang: str) -> str:
    """When the legal texts were last checked, and that the report is not legal advice."""
    from ..format.legalbasis import LEGAL_TEXTS_CHECKED

    return t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)


def _header(r: Report) -> list[tuple[str, str]]:
    lang = r.lang
    rows = [
        (t("report.case", lang), f"{r.title} ({r.case_id})"),
        (t("report.date", lang), _when(r.started)),
        (t("report.term", lang), r.term),
        (t("report.group", lang), r.group or "–"),
        (t("report.departments", lang), ", ".join(f"{n} ({c})" for n, c in r.departments)),
        (t("report.mode", lang), t(f"report.mode.{r.mode}", lang)),
        (t("report.reveal", lang), t(f"report.reveal.{r.reveal}", lang)),
        (t("report.language", lang), t(f"report.lang.{r.lang}", lang) if r.lang in ("sv", "en") else r.lang),
        (t("report.duration", lang), clock(r.seconds) + ("" if r.ended else " " + t("report.not-ended", lang))),
    ]
    if r.briefing_seconds is not None:
        rows.append((t("report.briefing", lang), clock(r.briefing_seconds)))
    if r.away_times:
        rows.append((t("report.away", lang), tn("report.away.value", r.away_times, lang, total=clock(r.away_seconds))))
    if r.source:
        rows.append((t("report.log", lang), r.source))
    return rows


# --- Markdown ---------------------------------------------------------------------------------------------------


def report_markdown(state: SessionState, lang: str | None = None, *, source: str | None = None) -> str:
    """The after-action report as Markdown (GitHub-flavoured, with a Mermaid map)."""
    r = analyse(state, lang, source=source)
    lang = r.lang
    out = [f"# {t('report.title', lang)}: {md_text(r.title)}", "", "| | |", "| --- | --- |"]
    out += [f"| {k} | {md_cell(v)} |" for k, v in _header(r)]
    out += ["", f"*{md_text(_legal(lang))}*"]

    out += ["", f"## {t('report.objectives', lang)}", ""]
    if not r.objectives:
        out.append(t("report.none", lang))
    for j in r.objectives:
        box = "x" if j.met else " "
        out.append(f"- [{box}] {md_text(j.text)} ({_objective_status(j.met, lang)}: {md_text(_because(j))})")

    out += [
        "",
        f"## {t('report.path', lang)}",
        "",
        "| # | "
        + " | ".join(t(f"report.path.{c}", lang) for c in ("step", "time", "timebox", "decision", "mandate"))
        + " |",
        "| ---: | --- | ---: | ---: | --- | --- |",
    ]
    for row in r.rows:
        out.append(
            f"| {row.number} | {md_cell(row.title)} | {_time(row, lang)} | {_timebox(row, lang)} | "
            f"{md_cell(_decision(r, row))} | {md_cell(_mandate(row, lang))} |"
        )

    out += ["", f"## {t('report.contributions', lang)}", ""]
    if not r.contributions:
        out.append(t("report.none", lang))
    for dept, said in r.contributions:
        out += [f"### {md_text(dept)} ({len(said)})", ""]
        out += [f"- {_hhmm(when)}, {md_text(step)}: {md_text(text)}" for step, when, text in said]
        out.append("")
    if r.contributions:
        out.pop()

    out += ["", f"## {t('report.decisions', lang)}", ""]
    if not r.decisions:
        out.append(t("report.none", lang))
    for n, d in enumerate(r.decisions, 1):
        step, text, reasons, agreed, dissented = _decision_parts(r, d)
        out += [
            f"{n}. **{md_text(step)}**: {md_text(text)}",
            f"   - {t('report.reasons', lang)}: {md_text(reasons)}",
            f"   - {t('report.agreed', lang)}: {md_text(agreed)}",
            f"   - {t('report.dissented', lang)}: {md_text(dissented)}",
        ]

    out += ["", f"## {t('report.items', lang)}", ""]
    if not r.items:
        out.append(t("report.none", lang))
    else:
        out += [
            f"| {t('report.item.what', lang)} | {t('report.item.owner', lang)} | {t('report.item.due', lang)} |",
            "| --- | --- | --- |",
        ]
        name = _dept_names(r.scenario, lang)
        out += [
            f"| {md_cell(i.get('what', ''))} | {md_cell(name(i.get('owner', '')))} | {md_cell(i.get('due', ''))} |"
            for i in r.items
        ]

    out += ["", f"## {t('report.flags', lang)}", ""]
    if not r.flags:
        out.append(t("report.flags.none", lang))
    else:
        out += [
            "| # | " + " | ".join(t(f"report.flag.{c}", lang) for c in ("rule", "where", "detail", "status")) + " |",
            "| ---: | --- | --- | --- | --- |",
        ]
        for n, f in enumerate(r.flags, 1):
            severity, status = t("report.severity." + f.severity, lang), t("report.status." + f.status, lang)
            out.append(
                f"| {n} | {md_cell(severity)}: {md_cell(f.title)} | {md_cell(_where(f, lang))} | "
                f"{md_cell(f.detail)} | {md_cell(status)} |"
            )
        for f in _rules_seen(r.flags):
            out += [
                "",
                f"### {md_text(f.title)}",
                "",
                f"- {t('report.flag.why', lang)}: {md_text(f.why)}",
                f"- {t('report.flag.instead', lang)}: {md_text(f.instead)}",
            ]

    out += ["", f"## {t('report.ending', lang)}", ""]
    if r.ending is None:
        out.append(t("report.ending.none", lang))
    else:
        ending = r.ending.ending
        assert ending is not None  # r.ending is an ending step
        outcome = ending.outcome
        out += [
            f"**{md_text(r.scenario.text(r.ending.title, lang))}** ({t('report.outcome.' + outcome, lang)})",
            "",
            f"{t('report.debrief', lang)}:",
            "",
        ]
        out += [f"- {md_text(r.scenario.text(p, lang))}" for p in ending.debrief] or [t("report.none", lang)]

    out += ["", f"## {t('report.notes', lang)}", ""]
    if not r.notes:
        out.append(t("report.none", lang))
    out += [f"- {_hhmm(when)}, {md_text(step)}: {md_text(text)}" for step, when, text in r.notes]

    out += ["", f"## {t('report.hotwash', lang)}", "", md_text(r.hotwash) if r.hotwash else t("report.none", lang)]

    out += [
        "",
        f"## {t('report.map', lang)}",
        "",
        t("report.map.legend", lang),
        "",
        "```mermaid",
        mermaid_map(r.scenario, lang, r.visited, r.taken).rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(out)


# --- the case map -----------------------------------------------------------------------------------------------


def _edges(scenario: Scenario):
    """Every choice whose target exists, as (step, choice, flagged), in file order."""
    from ..map.graph import is_flagged_choice

    steps = {s.id: s for s in scenario.steps}
    for step in scenario.steps:
        for choice in step.choices:
            if choice.goto in steps:
                yield step, choice, is_flagged_choice(scenario, choice)


def _mermaid_text(text: str) -> str:
    return " ".join(text.replace('"', "#quot;").split())[:80]


def mermaid_map(scenario: Scenario, lang: str, visited: Sequence[str] = (), taken=frozenset()) -> str:
    """The case as a Mermaid flowchart: the path's steps and choices highlighted, flagged choices in red with ⚠."""
    ids = {s.id: f"s{i}" for i, s in enumerate(scenario.steps)}
    lines = ["flowchart TD"]
    for step in scenario.steps:
        title = _mermaid_text(scenario.text(step.title, lang))
        node = ids[step.id]
        if step.ending:
            outcome = t("report.outcome." + step.ending.outcome, lang)
            lines.append(f'  {node}(["{title}<br/>({outcome})"]):::{step.ending.outcome}')
        elif step.level == "individual":
            lines.append(f'  {node}["⚠ {title}<br/>({t("report.map.individual", lang)})"]:::individual')
        else:
            lines.append(f'  {node}["{title}"]')
    styles: dict[str, list[int]] = {"taken": [], "flagged": [], "taken-flagged": []}
    for n, (step, choice, flagged) in enumerate(_edges(scenario)):
        text = _mermaid_text(scenario.text(choice.text, lang))
        on_path = (step.id, choice.id) in taken
        if flagged:
            text = "⚠ " + text
        arrow = "==>" if on_path else "-.->" if flagged else "-->"
        lines.append(f'  {ids[step.id]} {arrow}|"{text}"| {ids[choice.goto]}')
        if on_path or flagged:
            styles["taken-flagged" if on_path and flagged else "taken" if on_path else "flagged"].append(n)
    lines += [
        "  classDef good fill:#2e7d32,color:#fff",
        "  classDef mixed fill:#f9a825,color:#000",
        "  classDef poor fill:#c62828,color:#fff",
        "  classDef individual stroke:#c62828,stroke-width:3px,stroke-dasharray:5 5",
        "  classDef visited stroke:#1565c0,stroke-width:4px",
    ]
    seen = [ids[s] for s in dict.fromkeys(visited) if s in ids]
    if seen:
        lines.append(f"  class {','.join(seen)} visited")
    css = {
        "taken": "stroke:#1565c0,stroke-width:4px",
        "flagged": "stroke:#c62828,stroke-width:2px",
        "taken-flagged": "stroke:#c62828,stroke-width:4px",
    }
    for kind, numbers in styles.items():
        if numbers:
            lines.append(f"  linkStyle {','.join(map(str, numbers))} {css[kind]}")
    return "\n".join(lines) + "\n"


@dataclass
class Layout:
    """Box positions (top-left) of a layered drawing, its size, and each step's layer."""

    boxes: dict[str, tuple[float, float]]
    layer: dict[str, int]
    width: float
    height: float


BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 176, 52, 28, 64, 24


def layered_layout(scenario: Scenario) -> Layout:
    """Steps in layers by their distance (in choices) from the start; steps never reached go in a last layer.

    Within a layer, steps are ordered by the mean position of the steps that lead to them (one barycentre
    sweep from the top), which keeps most edges short and uncrossed for the small graphs cases are.
    """
    successors = {s.id: [c.goto for c in s.choices] for s in scenario.steps}
    depth = {scenario.start: 0}
    queue = deque([scenario.start])
    while queue:
        node = queue.popleft()
        for nxt in successors.get(node, ()):
            if nxt in successors and nxt not in depth:
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
    last = max(depth.values(), default=0) + 1
    for step in scenario.steps:
        depth.setdefault(step.id, last)
    predecessors: dict[str, list[str]] = {}
    for node, nexts in successors.items():
        for nxt in nexts:
            predecessors.setdefault(nxt, []).append(node)
    layers: dict[int, list[str]] = {}
    for step in scenario.steps:  # file order first: authors write cases roughly top to bottom
        layers.setdefault(depth[step.id], []).append(step.id)
    position: dict[str, float] = {}
    for level in sorted(layers):
        members = layers[level]
        if level:

            def centre(node, members=members, level=level):
                above = [position[p] for p in predecessors.get(node, ()) if p in position and depth[p] < level]
                return sum(above) / len(above) if above else members.index(node)

            members.sort(key=centre)
        for i, node in enumerate(members):
            position[node] = i
    widest = max(len(m) for m in layers.values())
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    boxes: dict[str, tuple[float, float]] = {}
    for row, level in enumerate(sorted(layers)):
        members = layers[level]
        span = len(members) * BOX_W + (len(members) - 1) * GAP_X
        left = (width - span) / 2
        for i, node in enumerate(members):
            boxes[node] = (left + i * (BOX_W + GAP_X), MARGIN + row * (BOX_H + GAP_Y))
    height = MARGIN * 2 + len(layers) * BOX_H + (len(layers) - 1) * GAP_Y
    return Layout(boxes, depth, width, height)


def _wrap(text: str, width: int = 24, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [s if len(s) <= width else s[: width - 1] + "…" for s in out]


def svg_map(scenario: Scenario, lang: str, visited: Sequence[str] = (), taken=frozenset()) -> str:
    """The case map as inline SVG (no namespace URL, no external reference): layered boxes, the path in blue
    and numbered, flagged choices red and dashed, individual-level steps with a red dashed border."""
    esc = html.escape
    layout = layered_layout(scenario)
    boxes = layout.boxes
    order: dict[str, list[int]] = {}
    for n, step_id in enumerate(visited, 1):
        order.setdefault(step_id, []).append(n)
    parts = [
        f'<svg class="map" viewBox="0 0 {layout.width:.0f} {layout.height:.0f}" width="{layout.width:.0f}" '
        f'role="img" aria-labelledby="map-title"><title id="map-title">{esc(t("report.map", lang))}</title>',
        "<defs>",
    ]
    for kind in ("plain", "taken", "flagged"):
        parts.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
            f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path class="head-{kind}" d="M0,0 L10,5 L0,10 z"/></marker>'
        )
    parts.append("</defs>")
    edges = list(_edges(scenario))
    parallel: dict[tuple[str, str], int] = {}
    drawn = []
    for step, choice, flagged in edges:
        key = (step.id, choice.goto)
        k = parallel.get(key, 0)
        parallel[key] = k + 1
        drawn.append((step, choice, flagged, k))
    totals = dict(parallel)
    edge_parts: list[str] = []
    taken_parts: list[str] = []
    for step, choice, flagged, k in drawn:
        sx, sy = boxes[step.id]
        gx, gy = boxes[choice.goto]
        offset = (k - (totals[(step.id, choice.goto)] - 1) / 2) * 16
        if layout.layer[choice.goto] > layout.layer[step.id]:
            x1, y1, x2, y2 = sx + BOX_W / 2 + offset, sy + BOX_H, gx + BOX_W / 2 + offset / 2, gy
            bend = (y2 - y1) / 2
            d = f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
        elif layout.layer[choice.goto] == layout.layer[step.id] and choice.goto != step.id:  # across the layer
            right = gx > sx
            x1, x2 = (sx + BOX_W, gx) if right else (sx, gx + BOX_W)
            y1 = y2 = sy + BOX_H / 2 + offset / 2
            d = f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
        else:  # back to an earlier layer: round the right side
            x1, y1, x2, y2 = sx + BOX_W, sy + BOX_H / 2 + offset / 2, gx + BOX_W, gy + BOX_H / 2 + offset / 2
            reach = max(x1, x2) + 40 + 14 * k
            d = f"M{x1:.1f},{y1:.1f} C{reach:.1f},{y1:.1f} {reach:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        on_path = (step.id, choice.id) in taken
        classes = ["edge"] + (["taken"] if on_path else []) + (["flagged"] if flagged else [])
        marker = "taken" if on_path else "flagged" if flagged else "plain"
        label = ("⚠ " if flagged else "") + f"{choice.id}: {scenario.text(choice.text, lang)}"
        if on_path:
            label += f" ({t('report.map.taken', lang)})"
        element = (
            f'<path class="{" ".join(classes)}" data-choice="{esc(choice.id)}" d="{d}" '
            f'marker-end="url(#arrow-{marker})"><title>{esc(label)}</title></path>'
        )
        (taken_parts if on_path else edge_parts).append(element)
    parts += edge_parts + taken_parts
    for step in scenario.steps:
        x, y = boxes[step.id]
        classes = ["step"]
        if step.id in order:
            classes.append("visited")
        if step.level == "individual":
            classes.append("individual")
        if step.ending:
            classes.append(f"ending {step.ending.outcome}")
        title = scenario.text(step.title, lang)
        tip = title
        if step.level == "individual":
            tip += f" ({t('report.map.individual', lang)})"
        if step.ending:
            tip += f" ({t('report.outcome.' + step.ending.outcome, lang)})"
        parts.append(
            f'<g class="{" ".join(classes)}" data-step="{esc(step.id)}"><title>{esc(tip)}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="8"/>'
        )
        lines = _wrap(("⚠ " if step.level == "individual" else "") + title)
        top = y + BOX_H / 2 - (len(lines) - 1) * 8 + 4
        for i, line in enumerate(lines):
            parts.append(f'<text x="{x + BOX_W / 2:.1f}" y="{top + i * 16:.1f}">{esc(line)}</text>')
        if step.id in order:
            badge = ",".join(map(str, order[step.id]))
            parts.append(f'<text class="badge" x="{x + 6:.1f}" y="{y + 13:.1f}">{esc(badge)}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return "\n".join(parts)


# --- HTML -------------------------------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:62rem;
padding:0 1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}
table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;white-space:nowrap}
.over{color:#b71c1c;font-weight:600}
.rule.breach{border-left:5px solid #c62828}.rule.caution{border-left:5px solid #f9a825}
.rule{padding:.2rem .8rem;margin:.8rem 0;background:#fafafa}.rule h3{margin:.3rem 0;font-size:1.05rem}
tr.breach td:first-child{border-left:5px solid #c62828}tr.caution td:first-child{border-left:5px solid #f9a825}
.met{color:#2e7d32}.not-met{color:#b71c1c}.open{color:#555}.muted{color:#666}
.map{max-width:100%;height:auto;font:12px system-ui,sans-serif}
.map .step rect{fill:#fff;stroke:#777;stroke-width:1.5}.map .step text{text-anchor:middle;fill:#1b1b1b}
.map .visited rect{fill:#e3f0fd;stroke:#1565c0;stroke-width:3.5}
.map .individual rect{stroke:#c62828;stroke-dasharray:6 4;stroke-width:2.5}
.map .visited.individual rect{stroke:#c62828;stroke-width:3.5}
.map .good rect{fill:#c8e6c9}.map .mixed rect{fill:#fff3c4}.map .poor rect{fill:#ffcdd2}
.map .step text.badge{text-anchor:start;font-weight:700;fill:#1565c0;font-size:11px}
.map .edge{fill:none;stroke:#9e9e9e;stroke-width:1.5}.map .edge.flagged{stroke:#c62828;stroke-dasharray:6 4}
.map .edge.taken{stroke:#1565c0;stroke-width:4}.map .edge.taken.flagged{stroke:#c62828}
.map .head-plain{fill:#9e9e9e}.map .head-taken{fill:#1565c0}.map .head-flagged{fill:#c62828}
.legend span{display:inline-block;margin-right:1.2rem}
@media print{body{margin:0}.rule,tr{break-inside:avoid}}
"""


def report_html(state: SessionState, lang: str | None = None, *, source: str | None = None) -> str:
    """The after-action report as one self-contained HTML file: inline CSS and SVG, nothing fetched."""
    r = analyse(state, lang, source=source)
    lang = r.lang
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(t('report.title', lang))}: {e(r.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{e(t('report.title', lang))}: {e(r.title)}</h1>",
        '<section id="header"><table class="header">',
    ]
    out += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in _header(r)]
    out.append(f'</table><p class="muted">{e(_legal(lang))}</p></section>')

    out.append(f'<section id="objectives"><h2>{e(t("report.objectives", lang))}</h2>')
    if not r.objectives:
        out.append(f'<p class="muted">{e(t("report.none", lang))}</p>')
    else:
        out.append("<ul>")
        for j in r.objectives:
            css = "open" if j.met is None else "met" if j.met else "not-met"
            mark = "✔" if j.met else "✘" if j.met is False else "…"
            out.append(
                f'<li class="{css}">{mark} {e(j.text)} ({e(_objective_status(j.met, lang))}: {e(_because(j))})</li>'
            )
        out.append("</ul>")
    out.append("</section>")

    out.append(
        f'<section id="path"><h2>{e(t("report.path", lang))}</h2><table><tr><th>#</th>'
        + "".join(
            f"<th>{e(t('report.path.' + c, lang))}</th>" for c in ("step", "time", "timebox", "decision", "mandate")
        )
        + "</tr>"
    )
    for row in r.rows:
        time_css = "num over" if row.over else "num"
        out.append(
            f'<tr><td class="num">{row.number}</td><td>{e(row.title)}</td><td class="{time_css}">'
            f'{e(_time(row, lang))}</td><td class="num">{e(_timebox(row, lang))}</td>'
            f"<td>{e(_decision(r, row))}</td><td>{e(_mandate(row, lang))}</td></tr>"
        )
    out.append("</table></section>")

    out.append(f'<section id="contributions"><h2>{e(t("report.contributions", lang))}</h2>')
    if not r.contributions:
        out.append(f'<p class="muted">{e(t("report.none", lang))}</p>')
    for dept, said in r.contributions:
        out.append(f"<h3>{e(dept)} ({len(said)})</h3><ul>")
        out += [f"<li><span class='muted'>{_hhmm(when)}, {e(step)}:</span> {e(text)}</li>" for step, when, text in said]
        out.append("</ul>")
    out.append("</section>")

    out.append(f'<section id="decisions"><h2>{e(t("report.decisions", lang))}</h2>')
    if not r.decisions:
        out.append(f'<p class="muted">{e(t("report.none", lang))}</p>')
    else:
        out.append(
            "<table><tr>"
            + "".join(
                f"<th>{e(t(k, lang))}</th>"
                for k in (
                    "report.path.step",
                    "report.path.decision",
                    "report.reasons",
                    "report.agreed",
                    "report.dissented",
                )
            )
            + "</tr>"
        )
        for d in r.decisions:
            out.append("<tr>" + "".join(f"<td>{e(x)}</td>" for x in _decision_parts(r, d)) + "</tr>")
        out.append("</table>")
    out.append("</section>")

    out.append(f'<section id="items"><h2>{e(t("report.items", lang))}</h2>')
    if not r.items:
        out.append(f'<p class="muted">{e(t("report.none", lang))}</p>')
    else:
        name = _dept_names(r.scenario, lang)
        out.append(
            "<table><tr>"
            + "".join(f"<th>{e(t('report.item.' + k, lang))}</th>" for k in ("what", "owner", "due"))
            + "</tr>"
        )
        out += [
            f"<tr><td>{e(i.get('what', ''))}</td><td>{e(name(i.get('owner', '')))}</td>"
            f"<td>{e(i.get('due', ''))}</td></tr>"
            for i in r.items
        ]
        out.append("</table>")
    out.append("</section>")

    out.append(f'<section id="flags"><h2>{e(t("report.flags", lang))}</h2>')
    if not r.flags:
        out.append(f'<p class="muted">{e(t("report.flags.none", lang))}</p>')
    else:
        out.append(
            "<table><tr><th>#</th>"
            + "".join(f"<th>{e(t('report.flag.' + c, lang))}</th>" for c in ("rule", "where", "detail", "status"))
            + "</tr>"
        )
        for n, f in enumerate(r.flags, 1):
            out.append(
                f'<tr class="flag {e(f.severity)}" data-rule="{e(f.rule)}"><td class="num">{n}</td>'
                f"<td>{e(t('report.severity.' + f.severity, lang))}: {e(f.title)}</td>"
                f"<td>{e(_where(f, lang))}</td><td>{e(f.detail)}</td>"
                f"<td>{e(t('report.status.' + f.status, lang))}</td></tr>"
            )
        out.append("</table>")
        for f in _rules_seen(r.flags):
            out.append(
                f'<div class="rule {e(f.severity)}" id="rule-{e(f.rule)}"><h3>{e(f.title)}'
                f"</h3><dl><dt>{e(t('report.flag.why', lang))}</dt><dd>{e(f.why)}</dd>"
                f"<dt>{e(t('report.flag.instead', lang))}</dt><dd>{e(f.instead)}</dd></dl></div>"
            )
    out.append("</section>")

    out.append(f'<section id="ending"><h2>{e(t("report.ending", lang))}</h2>')
    if r.ending is None:
        out.append(f'<p class="muted">{e(t("report.ending.none", lang))}</p>')
    else:
        ending = r.ending.ending
        assert ending is not None  # r.ending is an ending step
        outcome = ending.outcome
        out.append(
            f'<p class="outcome {outcome}"><strong>{e(r.scenario.text(r.ending.title, lang))}</strong> '
            f"({e(t('report.outcome.' + outcome, lang))})</p><p>{e(t('report.debrief', lang))}:</p><ul>"
        )
        out += [f"<li>{e(r.scenario.text(p, lang))}</li>" for p in ending.debrief]
        out.append("</ul>")
    out.append("</section>")

    out.append(f'<section id="notes"><h2>{e(t("report.notes", lang))}</h2>')
    if not r.notes:
        out.append(f'<p class="muted">{e(t("report.none", lang))}</p>')
    else:
        out.append("<ul>")
        out += [
            f"<li><span class='muted'>{_hhmm(when)}, {e(step)}:</span> {e(text)}</li>" for step, when, text in r.notes
        ]
        out.append("</ul>")
    out.append("</section>")

    out.append(f'<section id="hotwash"><h2>{e(t("report.hotwash", lang))}</h2>')
    out.append(f"<p>{e(r.hotwash)}</p>" if r.hotwash else f'<p class="muted">{e(t("report.none", lang))}</p>')
    out.append("</section>")

    out.append(
        f'<section id="map"><h2>{e(t("report.map", lang))}</h2>'
        f'<p class="legend muted">{e(t("report.map.legend", lang))}</p>'
    )
    out.append(svg_map(r.scenario, lang, r.visited, r.taken))
    out += ["</section>", "</body>", "</html>", ""]
    return "\n".join(out)


# --- from a log -------------------------------------------------------------------------------------------------


def render_report(path: Path | str, fmt: str = "md", lang: str | None = None) -> str:
    """``tabletop report LOG --format md|html``: read and verify the log, replay it, render it.

    Raises :class:`sim.play.log.LogError` (a log that does not verify), :class:`sim.play.session.ReplayError` or
    ValueError (an unknown format); each has a one-line ``str()``.
    """
    from ..play.log import read_log
    from ..play.session import replay

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use md or html")
    events, _ = read_log(Path(path))
    state = replay(events)
    lang = lang or state.lang
    source = t("report.log.verified", lang, name=Path(path).name, n=len(events))
    return (report_markdown if fmt == "md" else report_html)(state, lang, source=source)


__all__ = [
    "Report",
    "analyse",
    "layered_layout",
    "mermaid_map",
    "render_report",
    "report_html",
    "report_markdown",
    "svg_map",
]


def write_private(path: Path | str, text: str) -> Path:
    """Write a report readable by its owner only, like the session logs it comes from."""
    import os

    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_CREAT: set it
    return path
