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
    from ..play.log import event_time

    started = event_time(events[0])
    moments = []
    for index, event in enumerate(events):
        p = event.get("payload", {})
        when = event_time(event)
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


def _choice_of(scenario: Scenario, step_id: str, choice_id: str):
    for step in scenario.steps:
        if step.id == step_id:
            return next((c for c in step.choices if c.id == choice_id), None)
    return None


def _choice_text(scenario: Scenario, step_id: str, choice_id: str, lang: str) -> str:
    for step in scenario.steps:
        if step.id == step_id or not step_id:
            for choice in step.choices:
                if choice.id == choice_id:
                    return scenario.text(choice.text, lang)
    return choice_id


def _inject_text(scenario: Scenario, step_id: str, inject_id: str):
    for step in scenario.steps:
        if step.id == step_id:
            for inject in step.injects:
                if inject.id == inject_id:
                    return inject.text
    return inject_id


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
    if kind == "inject":
        key = "replay.event.inject-timed" if p.get("timed") else "replay.event.inject"
        return t(key, lang, text=scenario.text(_inject_text(scenario, p.get("step", ""), p.get("inject", "")), lang))
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
    if event["type"] == "choice":
        choice = _choice_of(scenario, p.get("step", ""), p.get("choice", ""))
        if choice is not None and choice.consequence is not None:
            lines.append(t("replay.detail.consequence", lang, text=scenario.text(choice.consequence, lang)))
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
    assert problem is not None  # a result that is not ok has its problem
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
        assert result.problem is not None  # not ok
        raise result.problem
    with Path(path).open("rb") as fh:
        events = [json.loads(fh.readline()) for _ in range(result.events)]
    return events, result


# Lists of the state whose entries the reducer never changes once appended (the bulk of a long log): a
# checkpoint keeps only their length and shares the entries. Every other list, dict or set of the state is copied
# one level deep at each checkpoint (decisions, flags and visits are marked undone later; the current visit
# changes). tests/test_app_replay.py folds long logs both ways to hold this claim to the reducer.
APPEND_ONLY = ("contributions", "notes", "items", "done_marks")
MAX_CHECKPOINTS = 64  # at most this many (spaced wider on a long log), so checkpoints cost memory linear in the log


def _fresh(value):
    """``value`` copied one level deep: containers, and the containers inside a state's entries."""
    kind = type(value)
    if kind is dict:
        return value.copy()
    if kind is list:
        return [_entry(v) for v in value]
    if kind is set:
        return value.copy()
    return _entry(value)


def _same(kept, live) -> bool:
    """Whether a checkpoint's entry still reads as the live one (so the next checkpoint can share it)."""
    if type(kept) is not type(live):
        return False
    if hasattr(live, "__dict__"):
        return kept.__dict__ == live.__dict__
    return kept == live


def _entry(value):
    """An entry of a state's list as a copy that later folding cannot change (its own containers copied)."""
    kind = type(value)
    if kind is dict:
        return value.copy()
    if kind is tuple:
        return tuple(v.copy() if type(v) in (dict, set, list) else v for v in value)
    if kind in (set, list):
        return value.copy()
    if hasattr(value, "__dict__") and hasattr(kind, "__dataclass_fields__"):  # a Visit: plain attributes, fast
        clone = object.__new__(kind)
        clone.__dict__.update(value.__dict__)
        for name, inner in value.__dict__.items():
            if type(inner) in (dict, set, list):
                clone.__dict__[name] = inner.copy()
        return clone
    if hasattr(kind, "__dataclass_fields__"):
        return copy.deepcopy(value)  # a slotted or frozen entry: rare, and correct
    return value


class Replayer:
    """The state after any event of a log, by the session's own reducer.

    The log is folded once (in :meth:`prepare`, which a worker runs), keeping up to :data:`MAX_CHECKPOINTS`
    checkpoints, at least ``every`` events apart; the state after event ``index`` is the nearest checkpoint
    before it, folded forward. A checkpoint shares the entries of the append-only lists (:data:`APPEND_ONLY`)
    with the folded log and copies the rest of the state one level deep, so opening stays linear in the log and
    a jump folds at most one spacing of events. The returned state belongs to the replayer and changes on the
    next call.
    """

    def __init__(self, events: list[dict], every: int = 64):
        self.events = events
        self.every = max(1, every, -(-len(events) // MAX_CHECKPOINTS))
        self._checkpoints: list[tuple[SessionState, dict[str, int]]] = []
        self._shared: dict[str, list] = {}
        self.scenario: Scenario | None = None
        self._state: SessionState | None = None
        self._index = -1

    @staticmethod
    def _copy(state: SessionState) -> SessionState:
        """The state with everything but the case and the append-only lists copied one level deep."""
        clone = copy.copy(state)
        for name in state.__dataclass_fields__:
            value = getattr(state, name)
            if (
                name != "scenario"
                and name not in APPEND_ONLY
                and (isinstance(value, (dict, list, set)) or hasattr(value, "__dataclass_fields__"))
            ):
                setattr(clone, name, _fresh(value))
        return clone

    def _checkpoint(self, state: SessionState) -> tuple[SessionState, dict[str, int]]:
        """A pristine copy of ``state``; entries unchanged since the previous checkpoint are that checkpoint's."""
        previous = self._checkpoints[-1][0] if self._checkpoints else None
        kept = copy.copy(state)
        for name in state.__dataclass_fields__:
            value = getattr(state, name)
            if name == "scenario" or name in APPEND_ONLY:
                continue
            if type(value) is list:
                before = getattr(previous, name, None) if previous is not None else None
                before = before if type(before) is list else []
                setattr(
                    kept,
                    name,
                    [b if i < len(before) and _same(b := before[i], v) else _entry(v) for i, v in enumerate(value)],
                )
            elif isinstance(value, (dict, set)) or hasattr(value, "__dataclass_fields__"):
                setattr(kept, name, _fresh(value))
        lengths = {name: len(getattr(state, name)) for name in APPEND_ONLY}
        for name in APPEND_ONLY:
            setattr(kept, name, None)
        return kept, lengths

    def _restore(self, checkpoint: tuple[SessionState, dict[str, int]]) -> SessionState:
        kept, lengths = checkpoint
        state = self._copy(kept)  # so that the checkpoint stays as it was
        for name, length in lengths.items():
            setattr(state, name, self._shared[name][:length])
        return state

    def prepare(self) -> Replayer:
        """Fold the whole log once, keeping checkpoints; raises ReplayError on an event the reducer refuses."""
        from ..play.session import initial_state, reduce, scenario_of

        state = initial_state(self.events[0], scenario_of(self.events[0]))
        self.scenario = state.scenario
        self._checkpoints = [self._checkpoint(state)]
        every = self.every
        for index in range(1, len(self.events)):
            reduce(state, self.events[index])
            if index % every == 0:
                self._checkpoints.append(self._checkpoint(state))
        self._shared = {name: list(getattr(state, name)) for name in APPEND_ONLY}
        self._state, self._index = state, len(self.events) - 1
        return self

    def state_at(self, index: int) -> SessionState:
        """The state after events ``0..index`` (clamped to the log)."""
        from ..play.session import reduce

        if not self._checkpoints:
            self.prepare()
        index = max(0, min(index, len(self.events) - 1))
        base = index // self.every
        if self._state is None or index < self._index or base * self.every > self._index:
            self._state, self._index = self._restore(self._checkpoints[base]), base * self.every
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
        scenario = self.replayer.scenario
        assert scenario is not None  # open_recording prepared the replayer
        return scenario

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
