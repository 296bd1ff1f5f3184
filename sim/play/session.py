"""Sessions: commands become events, the state is a fold of the events.

Live play and replay run the same reducer (:func:`reduce`), so a replayed
session is exactly the session that was played. :class:`Session` checks each
command against the state (refusing with a clear, bilingual reason and
changing nothing), runs the guard over every typed text, appends the event to
the log (flushed and fsync'd before the command returns) and folds it in.

Typed text is stored redacted: the original never reaches the log.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from ..format.model import Choice, Scenario, holds
from ..i18n import LANGUAGES, t
from .log import event_time, log_time

if TYPE_CHECKING:
    from collections.abc import Callable

    from .events import (
        BriefedPayload,
        ChoicePayload,
        ContributionPayload,
        DeclinedPayload,
        EndPayload,
        ExtendPayload,
        FlagRecord,
        InjectPayload,
        ItemDonePayload,
        ItemPayload,
        MovedOnPayload,
        NotePayload,
        PausePayload,
        ProposedPayload,
        ReopenPayload,
        ResumePayload,
        SpokenPayload,
        StartPayload,
        UndoPayload,
    )

TERM_RE = re.compile(r"^(HT|VT)\d{4}$")
ITEM_REF_RE = re.compile(r"^[\w.-]{1,200}#\d{1,9}$")
MODES = ("warn", "strict")
REVEALS = ("before", "taken")  # flags shown to the room before a choice, or revealed when a flagged choice is taken


class Refused(Exception):
    """A command that cannot be taken; nothing was changed."""

    def __init__(self, key: str, lang: str = "en", /, **fields):
        self.key = key
        self.fields = fields
        super().__init__(t(f"refused.{key}", lang, **fields))


class ReplayError(Exception):
    """An event that the reducer cannot apply (a foreign or inconsistent log)."""


# --- state ----------------------------------------------------------------------------------


@dataclass
class Visit:
    step: str
    seq: int  # the event that entered the step
    entered: datetime
    left: datetime | None = None
    choice: str | None = None  # the choice that left it
    paused_seconds: float = 0.0
    extended_minutes: int = 0
    spoken: set[str] = field(default_factory=set)
    undone: bool = False
    injects: list[str] = field(default_factory=list)  # the step's injects shown to the room during this visit


@dataclass
class SessionState:
    scenario: Scenario
    scenario_sha256: str
    departments: dict[str, int]
    group: str
    term: str
    mode: str
    lang: str
    started: datetime
    current: str
    facts: dict[str, bool]
    visits: list[Visit] = field(default_factory=list)
    contributions: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    decisions: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    done_marks: list[dict] = field(default_factory=list)  # earlier sessions' items marked done in this one
    flags: list[dict] = field(default_factory=list)
    said: list = field(default_factory=list)  # narrowing details heard so far (sim.guard.together.Said)
    paused_at: datetime | None = None
    gaps: list[dict] = field(default_factory=list)  # each time the session was away: reopened after a quit or crash
    ended: datetime | None = None
    hotwash: str = ""
    seq: int = 0
    last_time: datetime | None = None
    undo_stack: list[tuple[int, str, dict[str, bool]]] = field(default_factory=list)
    reveal: str = "before"  # when the room sees a choice's flags (the console always does): REVEALS
    briefing: bool = False  # the exercise opens on the briefing; step 1 starts with a ``briefed`` event
    briefing_seconds: float | None = None  # how long the briefing took (less pauses), once step 1 started
    moment: dict | None = None  # the teaching moment the room sees until the facilitator moves on (``moved-on``)
    consequence: dict | None = None  # what the choice that led here caused (format 1.1), shown until moved on
    injects: list[dict] = field(default_factory=list)  # every inject shown, in order: seq, time, step, inject

    @property
    def step(self):
        return self.scenario.step(self.current)

    @property
    def visit(self) -> Visit:
        return self.visits[-1]

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def path(self) -> list[Visit]:
        """The visits that stand (undone ones are kept in ``visits`` but not on the path)."""
        return [v for v in self.visits if not v.undone]

    @property
    def outcome(self) -> str | None:
        step = self.step
        return step.ending.outcome if step.ending else None


def initial_state(event: dict, scenario: Scenario) -> SessionState:
    try:
        return _initial_state(event, scenario)
    except Exception as exc:  # a log whose chain verifies but whose start event is not ours
        raise ReplayError(f"line 1: the start event cannot be read ({type(exc).__name__}: {exc})") from None


def _initial_state(event: dict, scenario: Scenario) -> SessionState:
    p: StartPayload = event["payload"]
    when = event_time(event)
    state = SessionState(
        scenario=scenario,
        scenario_sha256=p["scenario"]["sha256"],
        departments=dict(p["departments"]),
        group=p.get("group", ""),
        term=p["term"],
        mode=p["mode"],
        lang=p["lang"],
        started=when,
        current=scenario.start,
        facts={f.id: f.initial for f in scenario.facts},
        seq=event["seq"],
        last_time=when,
        reveal=p.get("reveal", "before"),
        briefing=bool(p.get("briefing", False)),
    )
    state.visits.append(Visit(scenario.start, event["seq"], when))
    _record_flags(state, event["seq"], "group", p)
    return state


def reduce(state: SessionState, event: dict) -> SessionState:
    """Fold one event into the state (in place; returns it). The one reducer for live play and replay."""
    kind, p = event.get("type"), event.get("payload")
    seq: Any = event.get("seq")  # an int in any log the reader passed; the line below copes all the same
    line = seq + 1 if isinstance(seq, int) else "?"
    handler = _HANDLERS.get(kind) if isinstance(kind, str) else None
    if handler is None:
        raise ReplayError(f"line {line}: unknown event type {kind!r}")
    try:
        when = event_time(event)
        handler(state, p, seq, when)
        if isinstance(p, dict) and p.get("said"):
            from ..guard.together import Said

            state.said += [Said.from_dict(d) for d in p["said"]]  # what adds up over the session
    except Exception as exc:  # the chain verified, so the log is intact but not one this engine wrote
        detail = {
            StopIteration: "it names a choice the step does not have",
            IndexError: "there is nothing to undo",
            KeyError: f"it lacks {exc}",
        }.get(type(exc), f"{type(exc).__name__}: {exc}")
        raise ReplayError(f"line {line}: the {kind} event cannot be replayed: {detail}") from None
    state.seq = seq
    state.last_time = when
    return state


def _contribution(state: SessionState, p: ContributionPayload, seq: int, when: datetime) -> None:
    state.contributions.append({"seq": seq, "time": when, **p})
    state.visit.spoken.add(p["department"])
    _record_flags(state, seq, "contribution", p)
    if p.get("flags"):  # the room sees what was kept and what kind of identifier was removed, never the raw text
        state.moment = {
            "kind": "redacted",
            "seq": seq,
            "step": p["step"],
            "department": p["department"],
            "text": p["text"],
            "flags": list(p["flags"]),
        }


def _briefed(state: SessionState, p: BriefedPayload, seq: int, when: datetime) -> None:
    """The briefing is over: step 1's clock starts now (time paused during the briefing was the briefing's)."""
    from .queries import briefing_seconds

    state.briefing_seconds = briefing_seconds(state, when)
    state.briefing = False
    visit = state.visit
    visit.entered, visit.paused_seconds = when, 0.0


def _choice_moment(state: SessionState, kind: str, seq: int, p: ProposedPayload | DeclinedPayload) -> None:
    """The teaching moment of a flagged choice (proposed, declined or refused) that the room's panel shows."""
    state.moment = {
        "kind": kind,
        "seq": seq,
        "step": p["step"],
        "choice": p["choice"],
        "flags": list(p.get("flags", ())),
    }


def _proposed(state: SessionState, p: ProposedPayload, seq: int, when: datetime) -> None:
    """A flagged choice was put to the group: its teaching moment opens (in strict mode, as a refusal)."""
    _choice_moment(state, "refused" if p.get("strict") else "proposed", seq, p)


def _moved_on(state: SessionState, p: MovedOnPayload, seq: int, when: datetime) -> None:
    """The room's panel closes: the teaching moment first, then the consequence above the situation."""
    if state.moment is not None:
        state.moment = None
    else:
        state.consequence = None


def _inject(state: SessionState, p: InjectPayload, seq: int, when: datetime) -> None:
    """News arrived during the step (format 1.1): the room sees it from now on, and the log says when."""
    inject = next(i for i in state.step.injects if i.id == p["inject"])
    state.visit.injects.append(inject.id)
    state.injects.append({"seq": seq, "time": when, **p})


def _spoken(state: SessionState, p: SpokenPayload, seq: int, when: datetime) -> None:
    state.visit.spoken.add(p["department"])


def _note(state: SessionState, p: NotePayload, seq: int, when: datetime) -> None:
    state.notes.append({"seq": seq, "time": when, **p})
    _record_flags(state, seq, "note", p)


def _choice(state: SessionState, p: ChoicePayload, seq: int, when: datetime) -> None:
    step = state.scenario.step(state.current)
    choice = next(c for c in step.choices if c.id == p["choice"])
    state.undo_stack.append((len(state.visits) - 1, state.current, dict(state.facts)))
    state.facts.update(choice.sets)
    visit = state.visit
    visit.left, visit.choice = when, choice.id
    state.decisions.append({"seq": seq, "time": when, **p})
    own = _own_flags(state.scenario, choice) if p.get("flags") else set()
    _record_flags(
        state,
        seq,
        "choice",
        p,
        confirmed=p.get("confirmed", False),
        source_of=lambda flag: "choice" if (flag.get("rule"), flag.get("detail")) in own else "reasons",
    )
    state.current = choice.goto
    state.visits.append(Visit(choice.goto, seq, when))
    own_flags = [f for f in p.get("flags", ()) if (f.get("rule"), f.get("detail")) in own]
    state.moment = (
        {"kind": "taken", "seq": seq, "step": p["step"], "choice": choice.id, "flags": own_flags} if own_flags else None
    )
    state.consequence = (
        {"seq": seq, "step": p["step"], "choice": choice.id, "text": choice.consequence}
        if choice.consequence is not None
        else None
    )


def _declined(state: SessionState, p: DeclinedPayload, seq: int, when: datetime) -> None:
    _record_flags(state, seq, "declined", p, confirmed=False)
    _choice_moment(state, "refused" if p.get("strict") else "declined", seq, p)


def _undo(state: SessionState, p: UndoPayload, seq: int, when: datetime) -> None:
    index, step, facts = state.undo_stack.pop()
    for visit in state.visits[index + 1 :]:
        visit.undone = True
    for decision in reversed(state.decisions):
        if not decision.get("undone"):
            decision["undone"] = True
            for flag in state.flags:
                if flag["seq"] == decision["seq"] and flag["source"] == "choice":
                    flag["undone"] = True  # the group took the choice back: its flags say so
            break
    state.current, state.facts = step, facts
    state.visits.append(Visit(step, seq, when))
    state.moment = None
    state.consequence = None


def _item(state: SessionState, p: ItemPayload, seq: int, when: datetime) -> None:
    state.items.append({"seq": seq, "time": when, **p})
    _record_flags(state, seq, "item", p)


def _item_done(state: SessionState, p: ItemDonePayload, seq: int, when: datetime) -> None:
    state.done_marks.append({"seq": seq, "time": when, **p})


def _pause(state: SessionState, p: PausePayload, seq: int, when: datetime) -> None:
    state.paused_at = when


def _resume(state: SessionState, p: ResumePayload, seq: int, when: datetime) -> None:
    state.visit.paused_seconds += (when - state.paused_at).total_seconds() if state.paused_at else 0.0
    state.paused_at = None


def _reopen(state: SessionState, p: ReopenPayload, seq: int, when: datetime) -> None:
    """The log was opened again after its console stopped (a quit or a crash alike): the session resumes paused,
    so the time away is never the group's. After a crash the clock was still running: the log cannot know when the
    console stopped, so the time from its last event on counts as away."""
    since = state.last_time or when
    running = state.paused_at is None
    if running:
        state.paused_at = since
    state.gaps.append(
        {
            "seq": seq,
            "time": when,
            "since": since,
            "seconds": max(0.0, (when - since).total_seconds()),
            "clock_running": running,
        }
    )


def _extend(state: SessionState, p: ExtendPayload, seq: int, when: datetime) -> None:
    state.visit.extended_minutes += p["minutes"]


def _end(state: SessionState, p: EndPayload, seq: int, when: datetime) -> None:
    if state.paused_at is not None:
        _resume(state, p, seq, when)
    state.ended = when
    state.visit.left = when
    state.hotwash = p.get("hotwash", "")
    _record_flags(state, seq, "hotwash", p)


def _own_flags(scenario, choice) -> set[tuple]:
    """The (rule, detail) of the flags a choice carries itself; the other flags of its event are its reasons'."""
    from ..guard import choice_flags

    return {(f.rule_id, f.detail) for f in choice_flags(scenario, choice)}


def _record_flags(state, seq, source, p, confirmed=None, source_of=None):
    for flag in p.get("flags", ()):
        entry = {
            "seq": seq,
            "source": source_of(flag) if source_of else source,
            "step": p.get("step", state.current),
            **flag,
        }
        if "choice" in p:
            entry["choice"] = p["choice"]
        if confirmed is not None:
            entry["confirmed"] = confirmed
        state.flags.append(entry)


_HANDLERS: dict[str, Callable[[SessionState, Any, int, datetime], None]] = {  # payload: events.PAYLOADS[kind]
    "contribution": _contribution,
    "spoken": _spoken,
    "note": _note,
    "choice": _choice,
    "briefed": _briefed,
    "proposed": _proposed,
    "moved-on": _moved_on,
    "inject": _inject,
    "declined": _declined,
    "undo": _undo,
    "item": _item,
    "item-done": _item_done,
    "pause": _pause,
    "resume": _resume,
    "reopen": _reopen,
    "extend": _extend,
    "end": _end,
}


# --- offered choices ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChoiceOption:
    """A choice of the current step as the group sees it: its flags, and whether (and why not) it can be taken."""

    choice: Choice
    flags: list
    available: bool
    reason: str | None
    by_present: bool | None  # None when the choice needs no department's mandate

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    @property
    def breach(self) -> bool:
        return any(f.severity == "breach" for f in self.flags)


def offered(state: SessionState) -> list[ChoiceOption]:
    from ..guard import choice_flags

    options = []
    for choice in state.step.choices:
        flags = choice_flags(state.scenario, choice)
        ok = all(holds(c, state.facts) for c in choice.requires)
        text = state.scenario.text(choice.text, state.lang)  # people read the choice, never its id
        reason = None if ok else t("refused.requires", state.lang, choice=text)
        if ok and flags and state.mode == "strict":  # strict mode refuses every flagged choice, cautions too
            ok, reason = False, t("refused.strict", state.lang, choice=text)
        by_present = None if choice.by is None else choice.by in state.departments
        options.append(ChoiceOption(choice, flags, ok, reason, by_present))
    return options


def flag_record(flag) -> FlagRecord:
    """A flag as the log keeps it: the rule, its severity and what was found (never the identifier).

    The span is left out: it points into the original text, which the log never holds.
    """
    record = flag.as_dict()
    record.pop("span", None)
    return record


# --- the live session -----------------------------------------------------------------------


class Session:
    """A session being played: commands in, events out to the log, state folded by :func:`reduce`."""

    def __init__(self, state: SessionState, writer, path: Path):
        self.state = state
        self._writer = writer  # None until a deferred start is written (see :meth:`open`)
        self._pending: tuple[Any, StartPayload, Callable[[], datetime], Scenario] | None = None  # a start not written
        self.path = path
        self._said: list[dict] = []  # the narrowing details of the text being saved, for its event

    @property
    def writer(self):
        """The log's writer; a deferred start is written first (so nothing is ever taken before it is durable)."""
        if self._writer is None:
            self.open()
        return self._writer

    @writer.setter
    def writer(self, writer) -> None:
        self._writer = writer

    @property
    def opened(self) -> bool:
        """The start event is on disk (always, except after ``start(defer=True)`` until :meth:`open`)."""
        return self._writer is not None

    def open(self) -> None:
        """Write a deferred start event (created, fsync'd, signed as ``start`` would); a no-op once written.

        On :class:`sim.play.log.LogError` nothing was written and the session stays unopened: the next command (or
        ``open``/``reconnect``) tries again. The state is folded again from the event as written (its time).
        """
        if self._writer is not None:
            return
        assert self._pending is not None  # a session is either written or pending
        writer, sign = _write_start(self.path, *self._pending[:3])
        assert writer.last_event is not None  # the start event, written by create
        self._writer, self._sign = writer, sign
        self.state = initial_state(dict(writer.last_event), self._pending[3])
        self._pending = None

    # creation and resumption ------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        source: str,
        *,
        file: str = "",
        departments: dict[str, int],
        term: str,
        group: str = "",
        mode: str = "warn",
        lang: str | None = None,
        log_dir: Path | str | None = None,
        log_path: Path | str | None = None,
        now=None,
        reveal: str = "before",
        briefing: bool = False,
        checked=None,
        create_log=None,
        defer: bool = False,
    ) -> Session:
        """Start a session: the start event is written before this returns.

        ``reveal``: when the room sees a choice's flags (``before`` a choice, or when a flagged choice is
        ``taken``); ``briefing``: the exercise opens on the briefing and step 1 starts with :meth:`begin`.
        ``checked``: the :class:`~sim.format.loader.LoadResult` of this very text, when the caller has it (playtest checks
        a case once for thousands of runs). ``create_log``: what writes the log, ``LogWriter.create`` by default.
        ``defer``: everything is checked now, but the start event is written by :meth:`open` (the app calls it
        once the first screen is painted) or by the first command, whichever comes first: the session's state
        is there to draw, and nothing the group does can be taken before its start is on disk.
        """
        from ..format.loader import load_text
        from .log import LogWriter, default_log_dir, new_log_path

        if checked is not None and checked.text == source:
            result = checked
        else:
            result = load_text(source, file or "<scenario>", cached=True)
        if not result.ok:
            raise Refused("setup", detail="; ".join(d.format() for d in result.errors[:3]) or "not a scenario")
        scenario = result.scenario
        lang = lang or scenario.languages[0]
        if lang not in LANGUAGES:
            raise Refused("language", "en", lang=lang, languages=", ".join(LANGUAGES))
        declared = {d.id for d in scenario.departments}
        if not departments:
            raise Refused("setup", lang, detail=t("refused.department", lang, department="-"))
        for dept, count in departments.items():
            if dept not in declared:
                raise Refused("unknown-department", lang, department=dept)
            if not isinstance(count, int) or isinstance(count, bool) or not 0 < count < 1000:
                raise Refused("count", lang, department=dept)
        if not TERM_RE.match(term):
            raise Refused("term", lang, term=term)
        if mode not in MODES:
            raise Refused("mode", lang, mode=mode)
        if reveal not in REVEALS:
            raise Refused("reveal", lang, reveal=reveal)
        group_text, group_flags = _guarded(group, scenario, lang)
        payload: StartPayload = {
            "scenario": {
                "id": scenario.id,
                "file": Path(file).name if file else "",
                "sha256": result.sha256,
                "source": source,
            },
            "departments": departments,
            "group": group_text,
            "term": term,
            "mode": mode,
            "lang": lang,
            "reveal": reveal,
        }
        if briefing:
            payload["briefing"] = True
        if group_flags:
            payload["flags"] = group_flags
        clock = now or (lambda: datetime.now(UTC))
        if log_path is None:
            log_path = new_log_path(Path(log_dir) if log_dir else default_log_dir(), scenario.id, clock())
        create = create_log or LogWriter.create
        if defer:  # the state of the start as it will be written (folded again from the event when it is)
            moment = log_time(clock())
            provisional = {"seq": 0, "time": moment, "type": "start", "payload": payload}
            session = cls(initial_state(provisional, scenario), None, Path(log_path))
            session._pending = (create, payload, clock, scenario)
            return session
        writer, sign = _write_start(Path(log_path), create, payload, clock)
        assert writer.last_event is not None  # the start event, written by create
        session = cls(initial_state(dict(writer.last_event), scenario), writer, Path(log_path))
        session._sign = sign
        return session

    @classmethod
    def resume(cls, path: Path | str, *, now=None) -> tuple[Session, Any]:
        """Continue an unfinished session; returns the session and what recovery dropped (or None).

        The session always resumes paused, after a quit and after a crash alike, and the log says how long it was
        away: a ``reopen`` event (see :func:`_reopen`). The facilitator starts the clock again when the room is.
        """
        from .log import LogWriter

        kwargs = {"now": now} if now else {}
        writer, events, recovery = LogWriter.open_for_append(Path(path), **kwargs)
        try:
            state = replay(events)
            if state.ended is not None:
                raise Refused("ended", state.lang)
            session = cls(state, writer, Path(path))
            session._reopen(recovery)
        except BaseException:
            writer.close()
            raise
        return session, recovery

    def _reopen(self, recovery) -> dict:
        since = self.state.last_time
        moment = self.writer._now()
        payload: ReopenPayload = {
            "step": self.state.current,
            "since": log_time(since) if since else "",
            "away_seconds": round(max(0.0, (moment - since).total_seconds()), 3) if since else 0.0,
            "clock_running": not self.state.paused,
        }
        if recovery is not None:
            payload["dropped_bytes"] = recovery.dropped_bytes  # a torn last line cut off: how much was lost
        return self._emit("reopen", payload)

    @property
    def away_seconds(self) -> float:
        """How long the session was away before it was last resumed (0 when it never was)."""
        return self.state.gaps[-1]["seconds"] if self.state.gaps else 0.0

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()

    @property
    def interrupted(self) -> bool:
        """A write failed and closed the log: commands raise LogError until :meth:`reconnect` succeeds."""
        return self._writer is not None and self._writer.closed

    def reconnect(self) -> Any:
        """After a failed write, open the log again and go on, paused; returns what recovery dropped (or None).

        The log must still hold exactly the events this session folded (a torn line left by the failed write is
        cut off, as on any resume); otherwise, or when the disk still refuses, :class:`sim.play.log.LogError` is raised
        and the session stays interrupted. The clock is paused on the way: the time the log could not be
        written is not the group's, and the facilitator starts it again when the room is ready.
        """
        from .log import LogError, LogWriter

        if not self.writer.closed:
            return None
        old = self.writer
        writer, events, recovery = LogWriter.open_for_append(self.path, now=old._now)
        if len(events) != self.state.seq + 1 or events[-1]["hash"] != old.last_hash:
            writer.close()
            raise LogError(
                self.path,
                len(events),
                "changed",
                "the log on disk no longer ends with this session's "
                "last event; it was not touched: open it from the home screen to go on",
            )
        self.writer = writer
        if self.state.ended is None and not self.state.paused:
            self.pause()
        return recovery

    def leave(self) -> None:
        """The console is left (Home, quit): the clock stops, so time away is not the group's, and the log closes.

        A running, unfinished session records a ``pause``; it resumes paused. A log that cannot take the pause
        is closed all the same: nothing already written is touched.
        """
        from .log import LogError

        if self.state.ended is None and not self.state.paused:
            with contextlib.suppress(LogError):
                self.pause()
        self.close()

    # commands ---------------------------------------------------------------------------------

    def _refuse(self, key: str, **fields) -> Refused:
        self._said = []  # a refused command saves nothing, so nothing was said
        return Refused(key, self.state.lang, **fields)

    def _live(self, *, allow_paused: bool = False, allow_briefing: bool = False) -> None:
        if self.state.ended is not None:
            raise self._refuse("ended")
        if self.state.paused and not allow_paused:
            raise self._refuse("paused")
        if self.state.briefing and not (allow_briefing or allow_paused):
            raise self._refuse("briefing")

    # each kind with its payload's shape (sim.play.events), so that mypy checks what every command writes
    @overload
    def _emit(self, kind: Literal["briefed"], payload: BriefedPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["contribution"], payload: ContributionPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["spoken"], payload: SpokenPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["note"], payload: NotePayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["choice"], payload: ChoicePayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["proposed"], payload: ProposedPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["moved-on"], payload: MovedOnPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["inject"], payload: InjectPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["declined"], payload: DeclinedPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["undo"], payload: UndoPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["item"], payload: ItemPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["item-done"], payload: ItemDonePayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["pause"], payload: PausePayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["resume"], payload: ResumePayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["reopen"], payload: ReopenPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["extend"], payload: ExtendPayload) -> dict: ...
    @overload
    def _emit(self, kind: Literal["end"], payload: EndPayload) -> dict: ...
    def _emit(self, kind: str, payload: Any) -> dict:
        from .log import LogError

        if self.writer.closed:  # a write failed (disk full, folder gone): nothing more until reconnect() succeeds
            raise LogError(
                self.path,
                None,
                "interrupted",
                "a write failed and the log was closed; reopen it (retry) or quit and resume the session later",
            )
        said = self._said
        if said:
            payload, self._said = {**payload, "said": said}, []
        event = self.writer.append(kind, payload, sign=self._signer(kind))  # a failure saves nothing, said too
        reduce(self.state, event)
        return event

    def _signer(self, kind: str):
        """The installation's signature for the end of a session and every ``SIGN_EVERY`` events, else None."""
        from .signing import SIGN_EVERY, installation_key, signer

        if kind != "end" and self.writer.seq % SIGN_EVERY:
            return None
        if not hasattr(self, "_sign"):
            key = installation_key()  # None when it cannot be had (no config folder): the log goes unsigned
            self._sign = signer(key) if key is not None else None
        return self._sign

    def _present(self, department: str) -> None:
        if department not in self.state.departments:
            raise self._refuse("department", department=department)

    def check_text(self, text: str) -> tuple[str, list]:
        """What the guard makes of ``text`` before it is saved: (redacted text, flags), with what was said before."""
        from ..guard import check_in_session

        return check_in_session(text, self.state.scenario.personas, self.state.said, tags=self.state.lang)[:2]

    def _guard(self, text: str, by: str = "facilitator") -> tuple[str, list[FlagRecord]]:
        """``text`` as the log stores it: redacted in the session's language, with its flags' records; its
        narrowing details go into the event (``said``), so that they add up with later texts, in replay too."""
        from ..guard import check_in_session

        if not text:
            return "", []
        redacted, flags, details = check_in_session(
            text, self.state.scenario.personas, self.state.said, tags=self.state.lang
        )
        step = len(self.state.path)
        self._said = [{"persona": persona, "kind": kind, "by": by, "step": step} for persona, kind in details]
        return redacted, [flag_record(f) for f in flags]

    def begin(self) -> dict:
        """The briefing is over: step 1 starts. The event says how long the briefing took (less pauses)."""
        self._live(allow_briefing=True)
        if not self.state.briefing:
            raise self._refuse("not-briefing")
        from .queries import briefing_seconds

        seconds = round(briefing_seconds(self.state, self.writer._now()), 1)
        return self._emit("briefed", {"step": self.state.current, "seconds": seconds})

    def contribute(self, department: str, text: str) -> dict:
        self._live()
        self._present(department)
        redacted, flags = self._guard(text, by=department)
        if not redacted.strip():
            raise self._refuse("empty")
        return self._emit(
            "contribution", {"step": self.state.current, "department": department, "text": redacted, "flags": flags}
        )

    def mark_spoken(self, department: str) -> dict:
        self._live()
        self._present(department)
        return self._emit("spoken", {"step": self.state.current, "department": department})

    def note(self, text: str) -> dict:
        self._live(allow_paused=True)
        redacted, flags = self._guard(text)
        if not redacted.strip():
            raise self._refuse("empty")
        return self._emit("note", {"step": self.state.current, "text": redacted, "flags": flags})

    def available_choices(self) -> list[ChoiceOption]:
        return offered(self.state)

    def _option(self, choice_id: str) -> ChoiceOption:
        for option in offered(self.state):
            if option.choice.id == choice_id:
                return option
        raise self._refuse("no-choice", choice=choice_id)

    def choose(self, choice_id: str, *, reasons: str = "", agreed=(), dissented=(), confirm: bool = False) -> dict:
        self._live()
        option = self._option(choice_id)
        text = self.state.scenario.text(option.choice.text, self.state.lang)
        if not option.available:
            key = "strict" if option.flagged and self.state.mode == "strict" else "requires"
            raise self._refuse(key, choice=text)
        if option.flagged and not confirm:
            raise self._refuse("confirm", choice=text)
        for dept in (*agreed, *dissented):
            self._present(dept)
        reasons_text, reason_flags = self._guard(reasons)
        payload: ChoicePayload = {
            "step": self.state.current,
            "choice": choice_id,
            "goto": option.choice.goto,
            "reasons": reasons_text,
            "agreed": list(agreed),
            "dissented": list(dissented),
            "flags": [flag_record(f) for f in option.flags] + reason_flags,
            "confirmed": bool(option.flags),
        }
        return self._emit("choice", payload)

    def propose(self, choice_id: str) -> dict:
        """A flagged choice is put to the group (the console asks for confirmation): the room's teaching moment opens.

        In strict mode a refused breach is proposed too: the room sees why it is refused.
        """
        self._live()
        option = self._option(choice_id)
        if not option.flagged:
            raise self._refuse("not-flagged", choice=choice_id)
        return self._emit(
            "proposed",
            {
                "step": self.state.current,
                "choice": choice_id,
                "strict": not option.available and self.state.mode == "strict",
                "flags": [flag_record(f) for f in option.flags],
            },
        )

    def move_on(self) -> dict:
        """The facilitator moves on from the teaching moment, then from a consequence: the room's panel closes."""
        self._live(allow_paused=True)
        if self.state.moment is None and self.state.consequence is None:
            raise self._refuse("no-moment")
        return self._emit("moved-on", {"step": self.state.current})

    def bring_in(self, inject_id: str | None = None, *, timed: bool = False) -> dict:
        """Show the room an inject of the step (format 1.1): ``inject_id``, or the next one not yet shown.

        ``timed`` says the session's clock brought it in (its ``after`` was reached), not the facilitator's key.
        """
        from .queries import pending_injects

        self._live()
        pending = pending_injects(self.state)
        inject = next((i for i in pending if inject_id is None or i.id == inject_id), None)
        if inject is None:
            raise self._refuse("no-inject")
        return self._emit("inject", {"step": self.state.current, "inject": inject.id, "timed": timed})

    def bring_in_due(self, now: datetime) -> list[dict]:
        """Show every timed inject whose time on the step's clock has come; the app calls this as its clock ticks."""
        from .queries import due_injects

        if self.state.ended is not None or self.state.paused or self.state.briefing:
            return []
        return [self.bring_in(inject.id, timed=True) for inject in due_injects(self.state, now)]

    def decline(self, choice_id: str) -> dict:
        """Record that the group considered a flagged choice and stepped back (or strict mode refused it)."""
        self._live()
        option = self._option(choice_id)
        if not option.flagged:
            raise self._refuse("not-flagged", choice=self.state.scenario.text(option.choice.text, self.state.lang))
        return self._emit(
            "declined",
            {
                "step": self.state.current,
                "choice": choice_id,
                "strict": self.state.mode == "strict",
                "flags": [flag_record(f) for f in option.flags],
            },
        )

    def add_item(self, what: str, owner: str, due: str) -> dict:
        self._live(allow_paused=True)
        if owner not in {d.id for d in self.state.scenario.departments}:
            raise self._refuse("unknown-department", department=owner)
        if not TERM_RE.match(due):
            raise self._refuse("term", term=due)
        text, flags = self._guard(what)
        if not text.strip():
            raise self._refuse("empty")
        return self._emit(
            "item", {"step": self.state.current, "what": text, "owner": owner, "due": due, "flags": flags}
        )

    def mark_item_done(self, ref: str) -> dict:
        """Record that an earlier session's item (``<log name>#<seq>`` or ``<session id>#<seq>``) is done."""
        self._live(allow_paused=True)
        if not isinstance(ref, str) or not ITEM_REF_RE.match(ref):  # a file name and a number, never free text
            raise self._refuse("item-ref")
        return self._emit("item-done", {"step": self.state.current, "done_of": ref})

    def undo(self) -> dict:
        self._live()
        if not self.state.undo_stack:
            raise self._refuse("nothing-to-undo")
        undone = next(d for d in reversed(self.state.decisions) if not d.get("undone"))
        return self._emit("undo", {"choice": undone["choice"], "choice_seq": undone["seq"], "step": undone["step"]})

    def pause(self) -> dict:
        self._live(allow_briefing=True)
        return self._emit("pause", {"step": self.state.current})

    def resume_play(self) -> dict:
        if self.state.ended is not None:
            raise self._refuse("ended")
        if not self.state.paused:
            raise self._refuse("not-paused")
        return self._emit("resume", {"step": self.state.current})

    def extend(self, minutes: int = 5) -> dict:
        self._live(allow_paused=True)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 60:
            raise self._refuse("minutes")
        return self._emit("extend", {"step": self.state.current, "minutes": minutes})

    def end(self, hotwash: str = "") -> dict:
        if self.state.ended is not None:
            raise self._refuse("ended")
        text, flags = self._guard(hotwash)
        return self._emit(
            "end", {"step": self.state.current, "outcome": self.state.outcome, "hotwash": text, "flags": flags}
        )


def _write_start(path: Path, create_log, payload: StartPayload, clock: Callable[[], datetime]):
    """Create the log with its start event, signed with the installation's key: (writer, signer or None)."""
    from .signing import installation_key, signer

    key = installation_key()  # None when it cannot be had (no config folder): the log goes unsigned
    sign = signer(key) if key is not None else None
    return create_log(path, "start", payload, now=clock, sign=sign), sign


def _guarded(text: str, scenario: Scenario, lang: str) -> tuple[str, list[FlagRecord]]:
    if not text:  # no group named: the guard is not even imported (the first screen does not wait for it)
        return "", []
    from ..guard import check_text

    redacted, flags = check_text(text, scenario.personas, tags=lang)
    return redacted, [flag_record(f) for f in flags]


# --- replay ---------------------------------------------------------------------------------

_RECENT_CASES: dict[str, Scenario] = {}  # the last few embedded cases this process loaded, by the sha256 of the text


def scenario_of(first: dict) -> Scenario:
    """The scenario embedded in a log's first event.

    Taken from the case cache (:mod:`sim.format.cache`, keyed by the sha256 of the embedded text) when the case was
    checked before, so that ``report``, ``replay`` and ``resume`` of a log of a big case do not parse it again; a
    case met for the first time is checked and kept. The reader has already checked the text against its sha256.
    """
    from ..format.loader import load_text

    embedded = first["payload"]["scenario"]
    source = embedded["source"]
    key = embedded.get("sha256") or ""
    known = _RECENT_CASES.get(key)
    if known is not None and key == _sha256(source):
        return known
    result = load_text(source, embedded.get("file") or "<embedded scenario>", cached=True)
    if result.scenario is None:
        raise ReplayError(
            "the embedded scenario does not load: " + "; ".join(d.format() for d in result.diagnostics[:2])
        )
    if len(_RECENT_CASES) >= 4:
        _RECENT_CASES.pop(next(iter(_RECENT_CASES)))
    _RECENT_CASES[result.sha256 or _sha256(source)] = result.scenario  # result.sha256 is None only without a text
    return result.scenario


def _sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def replay(events: list[dict], upto: int | None = None) -> SessionState:
    """The state after the first ``upto`` events (all by default): the same reducer as live play."""
    if not events or events[0].get("type") != "start":
        raise ReplayError("a session log starts with a start event")
    state = initial_state(events[0], scenario_of(events[0]))
    for event in events[1:upto]:
        reduce(state, event)
    return state


def replay_file(path: Path | str, upto: int | None = None) -> SessionState:
    from .log import read_log

    events, _ = read_log(Path(path))
    return replay(events, upto)


__all__ = [
    "ChoiceOption",
    "Refused",
    "ReplayError",
    "Session",
    "SessionState",
    "Visit",
    "reduce",
    "replay",
    "replay_file",
]
