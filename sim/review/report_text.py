"""The after-action report in words: an analysed :class:`~sim.review.report.Report` as labelled plain text.

Both formats print exactly these strings, the Markdown one escaping each with ``md_text``/``md_cell`` and the HTML
template with Jinja2's autoescape, so the two say the same thing. Every label comes from the i18n catalogue
(``report.*`` keys); nothing here is markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..i18n import t, tn
from .report_analysis import choice_of, clock, dept_names, step_title

if TYPE_CHECKING:
    from .report_analysis import FlagRow, PathRow, Report


@dataclass
class Objective:
    state: str  # met, not-met, open
    text: str
    status: str
    because: str


@dataclass
class PathLine:
    number: str
    step: str
    time: str
    over: bool
    timebox: str
    decision: str
    mandate: str


@dataclass
class Said:
    """One line of contributions or notes: when, at which step, what (as logged)."""

    when: str
    step: str
    text: str


@dataclass
class FlagLine:
    number: str
    severity: str  # breach, caution
    rule: str  # the rule's id
    title: str  # "Breach: the rule's title"
    where: str
    detail: str
    status: str


@dataclass
class Rule:
    rule: str
    severity: str
    title: str
    why: str
    instead: str


@dataclass
class Ending:
    title: str
    outcome: str  # good, mixed, poor
    outcome_text: str
    debrief: list[str]


@dataclass
class ReportText:
    """Every heading, label and field of a report as text, in the order the report prints them."""

    lang: str
    heading: str  # "After-action report: <case title>"
    header: list[tuple[str, str]]
    legal: str
    objectives: list[Objective]
    path_head: list[str]
    path: list[PathLine]
    contributions: list[tuple[str, list[Said]]]  # "School (2)", lines
    decision_head: list[str]
    decisions: list[list[str]]  # step, choice, reasons, agreed, dissented
    item_head: list[str]
    items: list[list[str]]  # what, owner, due
    flag_head: list[str]
    flags: list[FlagLine]
    rules: list[Rule]
    ending: Ending | None
    notes: list[Said]
    hotwash: str
    labels: dict[str, str] = field(default_factory=dict)  # section titles and fixed words, by short name


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def hhmm(moment: datetime) -> str:
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
            choice = choice_of(r.scenario, row.step, choice_id)
            texts.append(r.scenario.text(choice.text, lang) if choice else choice_id)
        text += " " + t("report.path.undone", lang, choices="; ".join(texts))
    return text


def _decision_parts(r: Report, d: dict) -> list[str]:
    """(step title, choice text, reasons, agreed, dissented) of a logged decision."""
    scenario, lang = r.scenario, r.lang
    name = dept_names(scenario, lang)
    choice = choice_of(scenario, d.get("step", ""), d.get("choice"))
    text = scenario.text(choice.text, lang) if choice else d.get("choice", "")
    if d.get("undone"):
        text += " " + t("report.decision.undone", lang)
    agreed = ", ".join(name(x) for x in d.get("agreed", ())) or "–"
    dissented = ", ".join(name(x) for x in d.get("dissented", ())) or "–"
    return [step_title(scenario, d.get("step", ""), lang), text, d.get("reasons") or "–", agreed, dissented]


def _where(f: FlagRow, lang: str) -> str:
    where = f.step_title + (f": {f.choice_text}" if f.choice_text else "")
    return f"{where} ({t('report.source.' + f.source, lang)})"


def _rules_seen(flags: list[FlagRow]) -> list[FlagRow]:
    """One flag per rule, in order of first appearance: each rule's why and instead are told once."""
    return list({f.rule: f for f in reversed(flags)}.values())[::-1]


def _legal(lang: str) -> str:
    """When the legal texts were last checked, and that the report is not legal advice."""
    from ..format.legalbasis import LEGAL_TEXTS_CHECKED

    return t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)


def duration(r: Report) -> str:
    """The duration and what it was made of: the briefing (if any), the steps (the path table's times together)
    and the time paused; they add up to the duration. The time away is its own line."""
    lang = r.lang
    parts = []
    if r.briefing_seconds is not None:
        parts.append(t("report.duration.briefing", lang, time=clock(r.briefing_seconds)))
    parts.append(t("report.duration.steps", lang, time=clock(r.steps_seconds)))
    parts.append(t("report.duration.paused", lang, time=clock(r.paused_seconds)))
    text = f"{clock(r.seconds)} ({', '.join(parts)})"
    return text + ("" if r.ended else " " + t("report.not-ended", lang))


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
        (t("report.duration", lang), duration(r)),
    ]
    if r.briefing_seconds is not None:
        rows.append((t("report.briefing", lang), clock(r.briefing_seconds)))
    if r.away_times:
        rows.append((t("report.away", lang), tn("report.away.value", r.away_times, lang, total=clock(r.away_seconds))))
    if r.source:
        rows.append((t("report.log", lang), r.source))
    return rows


_LABELS = {
    "title": "report.title",
    "objectives": "report.objectives",
    "path": "report.path",
    "contributions": "report.contributions",
    "decisions": "report.decisions",
    "reasons": "report.reasons",
    "agreed": "report.agreed",
    "dissented": "report.dissented",
    "items": "report.items",
    "flags": "report.flags",
    "flags_none": "report.flags.none",
    "why": "report.flag.why",
    "instead": "report.flag.instead",
    "ending": "report.ending",
    "ending_none": "report.ending.none",
    "debrief": "report.debrief",
    "notes": "report.notes",
    "hotwash": "report.hotwash",
    "map": "report.map",
    "legend": "report.map.legend",
    "none": "report.none",
}


def words(r: Report) -> ReportText:
    """The report ``r`` in its language's words."""
    lang = r.lang
    name = dept_names(r.scenario, lang)
    ending = None
    if r.ending is not None and r.ending.ending is not None:  # r.ending is an ending step
        outcome = r.ending.ending.outcome
        ending = Ending(
            title=r.scenario.text(r.ending.title, lang),
            outcome=outcome,
            outcome_text=t("report.outcome." + outcome, lang),
            debrief=[r.scenario.text(p, lang) for p in r.ending.ending.debrief],
        )
    return ReportText(
        lang=lang,
        heading=f"{t('report.title', lang)}: {r.title}",
        header=_header(r),
        legal=_legal(lang),
        objectives=[
            Objective(
                state="open" if j.met is None else "met" if j.met else "not-met",
                text=j.text,
                status=t("report.objective." + ("open" if j.met is None else "met" if j.met else "not-met"), lang),
                because="; ".join(j.reasons),
            )
            for j in r.objectives
        ],
        path_head=["#"] + [t(f"report.path.{c}", lang) for c in ("step", "time", "timebox", "decision", "mandate")],
        path=[
            PathLine(
                number=str(row.number),
                step=row.title,
                time=_time(row, lang),
                over=row.over,
                timebox=_timebox(row, lang),
                decision=_decision(r, row),
                mandate=_mandate(row, lang),
            )
            for row in r.rows
        ],
        contributions=[
            (f"{dept} ({len(said)})", [Said(hhmm(when), step, text) for step, when, text in said])
            for dept, said in r.contributions
        ],
        decision_head=[
            t(k, lang)
            for k in ("report.path.step", "report.path.decision", "report.reasons", "report.agreed", "report.dissented")
        ],
        decisions=[_decision_parts(r, d) for d in r.decisions],
        item_head=[t("report.item." + k, lang) for k in ("what", "owner", "due")],
        items=[[i.get("what", ""), name(i.get("owner", "")), i.get("due", "")] for i in r.items],
        flag_head=["#"] + [t(f"report.flag.{c}", lang) for c in ("rule", "where", "detail", "status")],
        flags=[
            FlagLine(
                number=str(n),
                severity=f.severity,
                rule=f.rule,
                title=f"{t('report.severity.' + f.severity, lang)}: {f.title}",
                where=_where(f, lang),
                detail=f.detail,
                status=t("report.status." + f.status, lang),
            )
            for n, f in enumerate(r.flags, 1)
        ],
        rules=[Rule(f.rule, f.severity, f.title, f.why, f.instead) for f in _rules_seen(r.flags)],
        ending=ending,
        notes=[Said(hhmm(when), step, text) for step, when, text in r.notes],
        hotwash=r.hotwash,
        labels={short: t(key, lang) for short, key in _LABELS.items()},
    )


__all__ = ["ReportText", "duration", "words"]
