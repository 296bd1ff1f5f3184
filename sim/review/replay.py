"""Replaying a recorded session event by event, for reviewers: what the replay screen shows beside the exercise view.

:func:`open_recording` reads a log (verifying it; a log that fails verification
replays the events that verified before the problem), checks the embedded case
against the case library (the replay always uses the embedded copy, so it works
when the file changed or is gone), and lays out the timeline: one
:class:`Moment` per event, with its clock time and the time elapsed since the
start. :class:`Replayer` gives the state after any event with the session's own
reducer, from checkpoints, so stepping back through a long log stays cheap.
:func:`describe` puts an event into one line in the reviewer's language.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from ..format.model import Scenario
    from ..play.log import VerifyResult
    from ..play.session import SessionState

SPEEDS = (1, 2, 5, 10, 30, 60, 120, 300, 600)  # times the recorded pace
DEFAULT_SPEED = 60
MIN_DELAY, MAX_DELAY = 0.1, 2.0  # seconds between two events on screen while playing


def _time(event: dict) -> datetime:
    return datetime.fromisoformat(event["time"].replace("Z", "+00:00"))


# --- the timeline ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One event on the timeline."""

    index: int
    seq: int
    type: str
    time: datetime
    elapsed: float  # seconds since the start event
    step: str  # the step the event happened at ("" when the event names none)
    choice: bool  # a decision taken (a ``choice`` event)
    flagged: bool  # the event carries confidentiality flags

    @property
    def clock(self) -> str:
        """The time of day (UTC, as the log keeps it)."""
        return self.time.strftime("%H:%M:%S")

    @property
    def since_start(self) -> str:
        """The time elapsed since the start: ``+m:ss``, or ``+h:mm:ss`` from an hour on."""
        seconds = max(0, int(self.elapsed))
        hours, rest = divmod(seconds, 3600)
        return f"+{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"+{rest // 60}:{rest % 60:02d}"


def timeline(events: list[dict]) -> list[Moment]:
    started = _time(events[0])
    moments = []
    for index, event in enumerate(events):
        p = event.get("payload", {})
        when = _time(event)
        moments.append(
            Moment(
                index,
                event["seq"],
                event["type"],
                when,
                (when - started).total_seconds(),
                str(p.get("step", "")),
                event["type"] == "choice",
                bool(p.get("flags")),
            )
        )
    return moments


def next_mark(moments: list[Moment], index: int, kind: str, direction: int) -> int | None:
    """The index of the next (``direction`` 1) or previous (-1) choice or flag (``kind``) from ``index``."""
    attr = "choice" if kind == "choice" else "flagged"
    i = index + direction
    while 0 <= i < len(moments):
        if getattr(moments[i], attr):
            return i
        i += direction
    return None


def play_delay(moments: list[Moment], index: int, speed: float) -> float:
    """Seconds to wait before showing the event after ``index`` when playing at ``speed`` times the recorded pace.

    Long silences are shortened to :data:`MAX_DELAY` and bursts spread to :data:`MIN_DELAY`, so that playing
    neither stalls on a long discussion nor skips what happened.
    """
    if index + 1 >= len(moments):
        return MIN_DELAY
    gap = (moments[index + 1].time - moments[index].time).total_seconds()
    return min(MAX_DELAY, max(MIN_DELAY, gap / max(speed, 1e-9)))


def faster(speed: int, direction: int = 1) -> int:
    """The next speed up (``direction`` 1) or down (-1) in :data:`SPEEDS`, staying at the ends."""
    i = SPEEDS.index(speed) if speed in SPEEDS else SPEEDS.index(DEFAULT_SPEED)
    return SPEEDS[min(len(SPEEDS) - 1, max(0, i + direction))]


# --- what an event says --------------------------------------------------------------------------------------------


def _choice_text(scenario: Scenario, step_id: str, choice_id: str, lang: str) -> str:
    for step in scenario.steps:
        if step.id == step_id or not step_id:
            for choice in step.choices:
                if choice.id == choice_id:
                    return scenario.text(choice.text, lang)
    return choice_id


def _department(scenario: Scenario, dept_id: str, lang: str) -> str:
    from ..format.departments import department_name

    return department_name(dept_id, lang, {d.id: d.name for d in scenario.departments})


def describe(event: dict, scenario: Scenario, lang: str) -> str:
    """One line saying what an event was, in ``lang``."""
    kind, p = event["type"], event.get("payload", {})
    if kind == "start":
        mode = p.get("mode", "")
        line = t(
            "replay.event.start",
            lang,
            n=len(p.get("departments", {})),
            mode=t(f"report.mode.{mode}", lang) if mode in ("warn", "strict") else mode,
        )
        return f"{line}; {t('report.reveal', lang)}: {t('report.reveal.' + p.get('reveal', 'before'), lang)}"
    if kind in ("contribution", "spoken"):
        return t(
            f"replay.event.{kind}",
            lang,
            department=_department(scenario, p.get("department", ""), lang),
            text=p.get("text", ""),
        )
    if kind == "briefed":
        return t("replay.event.briefed", lang, minutes=round(float(p.get("seconds") or 0) / 60))
    if kind == "moved-on":
        return t("replay.event.moved-on", lang)
    if kind == "proposed":
        key = "replay.event.refused" if p.get("strict") else "replay.event.proposed"
        return t(key, lang, choice=_choice_text(scenario, p.get("step", ""), p.get("choice", ""), lang))
    if kind in ("choice", "declined", "undo"):
        key = "replay.event.refused" if kind == "declined" and p.get("strict") else f"replay.event.{kind}"
        return t(key, lang, choice=_choice_text(scenario, p.get("step", ""), p.get("choice", ""), lang))
    if kind in ("note", "item", "item-done", "extend", "pause", "resume"):
        return t(
            f"replay.event.{kind}",
            lang,
            text=p.get("text", ""),
            what=p.get("what", ""),
            ref=p.get("done_of", ""),
            minutes=p.get("minutes", ""),
        )
    if kind == "reopen":
        from ..play.queries import hms

        return t("replay.event.reopen", lang, away=hms(float(p.get("away_seconds", 0) or 0)))
    if kind == "end":
        outcome = p.get("outcome")
        return t("replay.event.end", lang, outcome=t(f"outcome.{outcome}", lang) if outcome else "–")
    return kind


def details(event: dict, scenario: Scenario, lang: str) -> list[str]:
    """What a reviewer wants to read about an event beyond its line: reasons, who agreed, the flags raised."""
    from ..guard.rules import RULES

    p = event.get("payload", {})
    lines = []
    if p.get("reasons"):
        lines.append(t("replay.detail.reasons", lang, text=p["reasons"]))
    for key in ("agreed", "dissented"):
        if p.get(key):
            names = ", ".join(_department(scenario, d, lang) for d in p[key])
            lines.append(t(f"replay.detail.{key}", lang, names=names))
    if event["type"] == "item":
        lines.append(
            t("replay.detail.item", lang, owner=_department(scenario, p.get("owner", ""), lang), due=p.get("due", ""))
        )
    if event["type"] == "reopen" and p.get("clock_running"):
        lines.append(t("replay.detail.reopen-crash", lang))
    if event["type"] == "end" and p.get("hotwash"):
        lines.append(t("replay.detail.hotwash", lang, text=p["hotwash"]))
    for flag in p.get("flags", ()):
        rule = RULES.get(flag.get("rule"))
        title = rule.text("title", lang) if rule else str(flag.get("rule"))
        lines.append(
            t("replay.detail.flag", lang, severity=t(f"flag.badge.{flag.get('severity', 'caution')}", lang), rule=title)
        )
    return lines


# --- the log and the case --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseCheck:
    """The embedded case against the library: ``same``, ``differs`` (a case of the same id now reads otherwise) or
    ``absent`` (no case of that id in the library). ``where`` names the library's file."""

    status: str
    scenario_id: str
    where: str = ""

    def line(self, lang: str) -> str:
        return t(f"replay.case.{self.status}", lang, case=self.scenario_id, where=self.where)


def check_case(first: dict, extra_dirs: list[str] | None = None, *, bundled: bool = True) -> CaseCheck:
    """Compare the case embedded in a log's start event with the library's case of the same id (by sha256)."""
    from ..format.library import discover
    from ..format.loader import load_text

    embedded = first["payload"]["scenario"]
    case_id, sha = str(embedded.get("id", "")), embedded.get("sha256", "")
    differs = None
    for case in discover(extra_dirs, bundled=bundled):
        try:
            source = case.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if hashlib.sha256(source.encode("utf-8")).hexdigest() == sha:
            return CaseCheck("same", case_id, case.display)
        if case.path.name != embedded.get("file") and f"id: {case_id}" not in source:
            continue  # cheap: a case of another id; the loader settles the rest
        scenario = load_text(source, str(case.path), validate=False).scenario
        if scenario is not None and scenario.id == case_id and differs is None:
            differs = case.display
    return CaseCheck("differs", case_id, differs) if differs else CaseCheck("absent", case_id)


def verification_line(result: VerifyResult, lang: str) -> str:
    if result.ok:
        return t("replay.verified", lang, n=result.events)
    problem = result.problem
    return t(
        "replay.not-verified",
        lang,
        n=result.events,
        reason=f"{problem.reason}: {problem.explanation}",
        line=problem.line or "–",
    )


def read_recording(path: Path | str) -> tuple[list[dict], VerifyResult]:
    """The events to replay and the log's verification status.

    A log that verifies gives all its events. One that does not (edited, cut, torn) gives the events that verified
    before the problem, with the problem in the status; nothing at all raises :class:`sim.play.log.LogError`.
    """
    from ..play.log import LogError, VerifyResult, read_log, verify

    try:
        events, _ = read_log(path)
        return events, VerifyResult(str(path), len(events))
    except LogError:
        result = verify(path)
    if result.ok:  # the file changed between the two reads: read it again
        return read_recording(path)
    if result.events == 0:
        raise result.problem
    with Path(path).open("rb") as fh:
        events = [json.loads(fh.readline()) for _ in range(result.events)]
    return events, result


class Replayer:
    """The state after any event of a log, by the session's own reducer.

    Folding from the start for every step back would make stepping through a long log quadratic: the state is
    copied every ``every`` events while folding once (in :meth:`prepare`, which a worker runs), and the state after
    event ``index`` is the nearest checkpoint before it, folded forward. The returned state belongs to the replayer
    and changes on the next call.
    """

    def __init__(self, events: list[dict], every: int = 64):
        self.events, self.every = events, max(1, every)
        self._checkpoints: list[SessionState] = []
        self.scenario: Scenario | None = None
        self._state: SessionState | None = None
        self._index = -1

    def _copy(self, state: SessionState) -> SessionState:
        return copy.deepcopy(state, {id(state.scenario): state.scenario})

    def prepare(self) -> Replayer:
        """Fold the whole log once, keeping checkpoints; raises ReplayError on an event the reducer refuses."""
        from ..play.session import initial_state, reduce, scenario_of

        state = initial_state(self.events[0], scenario_of(self.events[0]))
        self.scenario = state.scenario
        self._checkpoints = [self._copy(state)]
        for index in range(1, len(self.events)):
            reduce(state, self.events[index])
            if index % self.every == 0:
                self._checkpoints.append(self._copy(state))
        self._state, self._index = state, len(self.events) - 1
        return self

    def state_at(self, index: int) -> SessionState:
        """The state after events ``0..index`` (clamped to the log)."""
        from ..play.session import reduce

        if not self._checkpoints:
            self.prepare()
        index = max(0, min(index, len(self.events) - 1))
        if self._state is None or index < self._index:
            base = index // self.every
            self._state, self._index = self._copy(self._checkpoints[base]), base * self.every
        for i in range(self._index + 1, index + 1):
            reduce(self._state, self.events[i])
        self._index = index
        return self._state


@dataclass
class Recording:
    """A log opened for replay: its events, status, case check, timeline and replayer."""

    path: Path
    events: list[dict]
    verified: VerifyResult
    case: CaseCheck
    moments: list[Moment]
    replayer: Replayer

    @property
    def scenario(self) -> Scenario:
        """The case as it was played (the copy in the log)."""
        return self.replayer.scenario

    def now_at(self, index: int) -> datetime:
        """The clock at event ``index``: what the exercise screen's timebox counted against then."""
        return self.moments[max(0, min(index, len(self.moments) - 1))].time


def open_recording(
    path: Path | str, extra_dirs: list[str] | None = None, *, bundled: bool = True, every: int = 64
) -> Recording:
    """Read, verify and fold a log for replay (slow for a long log: run it off the UI thread).

    Raises :class:`sim.play.log.LogError` when there is nothing to replay, :class:`sim.play.session.ReplayError` when the
    reducer refuses an event.
    """
    events, verified = read_recording(path)
    replayer = Replayer(events, every).prepare()
    return Recording(
        Path(path), events, verified, check_case(events[0], extra_dirs, bundled=bundled), timeline(events), replayer
    )


__all__ = [
    "DEFAULT_SPEED",
    "SPEEDS",
    "CaseCheck",
    "Moment",
    "Recording",
    "Replayer",
    "check_case",
    "describe",
    "details",
    "faster",
    "next_mark",
    "open_recording",
    "play_delay",
    "read_recording",
    "timeline",
    "verification_line",
]
