"""The shapes of a session log's events: one typed payload per event kind.

A log line is an :class:`Event`: the envelope :mod:`sim.play.log` writes and
chains (``v``, ``seq``, ``time``, ``type``, ``payload``, ``prev``, ``hash``),
whose ``payload`` has the shape its ``type`` names in :data:`PAYLOADS`. The
writers (:class:`sim.play.session.Session`'s commands) build these payloads
and the reducer (:func:`sim.play.session.reduce`) reads them, both through
these types, so mypy holds the two to one shape; tests/test_events.py holds
the events a played session writes to them as well.

Keys marked ``NotRequired`` are either written only sometimes (``flags`` of a
start event, ``dropped_bytes`` of a reopen) or missing from logs written by
earlier versions, which the reducer reads with a default. Any payload may
carry ``said`` (the narrowing details of its text, see
:mod:`sim.guard.together`) and ``signed`` (see :mod:`sim.play.signing`).
Types only: nothing here runs when a log is read or written. (No postponed
annotations here: the TypedDicts' required and optional keys are read at run
time by tests/test_events.py, and Python 3.11 sees ``NotRequired`` only in an
evaluated annotation.)
"""

from typing import Any, Literal, NotRequired, TypedDict

# --- what several payloads hold -------------------------------------------------------------


class FlagRecord(TypedDict):
    """A guard flag as the log keeps it (:func:`sim.play.session.flag_record`): never the identifier, never a span."""

    rule: str
    severity: str  # "breach" or "caution"
    detail: str
    persona: NotRequired[str]
    kind: NotRequired[str]


class SaidRecord(TypedDict):
    """A narrowing detail heard in a saved text (:class:`sim.guard.together.Said` as a dict)."""

    persona: str
    kind: str
    by: str  # a department's id or "facilitator"
    step: int  # the step's place on the session's path, from 1


class Signature(TypedDict):
    """An installation's signature over the event (:mod:`sim.play.signing`)."""

    key: str  # the public key, base64
    sig: str  # base64


class _Payload(TypedDict):
    """What every payload may carry besides its own keys."""

    said: NotRequired[list[SaidRecord]]
    signed: NotRequired[Signature]


class _AtStep(_Payload):
    step: str  # the id of the step the session was on


# --- one payload per event kind -------------------------------------------------------------


class ScenarioBlock(TypedDict):
    """The case a log embeds in its start event (:func:`sim.play.log.scenario_block`)."""

    id: str
    file: str
    sha256: str
    source: str


class StartPayload(_Payload):
    scenario: ScenarioBlock
    departments: dict[str, int]  # department id -> how many took part
    group: NotRequired[str]  # the group's name, redacted
    term: str  # HT2026, VT2027
    mode: str  # "warn" or "strict"
    lang: str
    reveal: NotRequired[str]  # "before" or "taken"; "before" in logs that lack it
    briefing: NotRequired[bool]  # written only when the exercise opens on the briefing
    flags: NotRequired[list[FlagRecord]]  # written only when the group's name was flagged


class BriefedPayload(_AtStep):
    seconds: float  # how long the briefing took, less pauses


class ContributionPayload(_AtStep):
    department: str
    text: str  # redacted
    flags: list[FlagRecord]


class SpokenPayload(_AtStep):
    department: str


class NotePayload(_AtStep):
    text: str  # redacted
    flags: list[FlagRecord]


class ChoicePayload(_AtStep):
    choice: str
    goto: str
    reasons: str  # redacted
    agreed: list[str]
    dissented: list[str]
    flags: list[FlagRecord]  # the choice's own flags and its reasons'
    confirmed: bool  # the facilitator confirmed a flagged choice


class ProposedPayload(_AtStep):
    choice: str
    strict: bool  # strict mode refuses it: the room sees why
    flags: list[FlagRecord]


class MovedOnPayload(_AtStep):
    pass


class DeclinedPayload(_AtStep):
    choice: str
    strict: bool
    flags: list[FlagRecord]


class UndoPayload(_AtStep):
    choice: str  # the choice taken back
    choice_seq: int  # the seq of its choice event


class ItemPayload(_AtStep):
    what: str  # redacted
    owner: str  # a department's id
    due: str  # a term
    flags: list[FlagRecord]


class ItemDonePayload(_AtStep):
    done_of: str  # "<log name>#<seq>" or "<session id>#<seq>"


class PausePayload(_AtStep):
    pass


class ResumePayload(_AtStep):
    pass


class ReopenPayload(_AtStep):
    since: str  # the time of the last event before, or "" when there was none
    away_seconds: float
    clock_running: bool  # the clock ran when the console stopped (a crash)
    dropped_bytes: NotRequired[int]  # a torn last line was cut off on the way in


class ExtendPayload(_AtStep):
    minutes: int


class EndPayload(_AtStep):
    outcome: str | None
    hotwash: str  # redacted
    flags: list[FlagRecord]


Kind = Literal[
    "start",
    "briefed",
    "contribution",
    "spoken",
    "note",
    "choice",
    "proposed",
    "moved-on",
    "declined",
    "undo",
    "item",
    "item-done",
    "pause",
    "resume",
    "reopen",
    "extend",
    "end",
]

PAYLOADS: dict[str, type] = {
    "start": StartPayload,
    "briefed": BriefedPayload,
    "contribution": ContributionPayload,
    "spoken": SpokenPayload,
    "note": NotePayload,
    "choice": ChoicePayload,
    "proposed": ProposedPayload,
    "moved-on": MovedOnPayload,
    "declined": DeclinedPayload,
    "undo": UndoPayload,
    "item": ItemPayload,
    "item-done": ItemDonePayload,
    "pause": PausePayload,
    "resume": ResumePayload,
    "reopen": ReopenPayload,
    "extend": ExtendPayload,
    "end": EndPayload,
}
"""Each event kind and the shape of its payload."""


# --- the envelope ---------------------------------------------------------------------------


class Event(TypedDict):
    """One line of a log, as :func:`sim.play.log.read_log` reads it and :meth:`LogWriter.append` returns it.

    ``payload`` is typed loosely here: its shape is the one :data:`PAYLOADS` gives for ``type``, which the
    reducer's handlers take as their typed payloads.
    """

    v: int
    seq: int
    time: str  # ISO 8601, UTC, microseconds, "Z"
    type: str
    payload: dict[str, Any]
    prev: str
    hash: str


__all__ = [
    "PAYLOADS",
    "BriefedPayload",
    "ChoicePayload",
    "ContributionPayload",
    "DeclinedPayload",
    "EndPayload",
    "Event",
    "ExtendPayload",
    "FlagRecord",
    "ItemDonePayload",
    "ItemPayload",
    "Kind",
    "MovedOnPayload",
    "NotePayload",
    "PausePayload",
    "ProposedPayload",
    "ReopenPayload",
    "ResumePayload",
    "SaidRecord",
    "ScenarioBlock",
    "Signature",
    "SpokenPayload",
    "StartPayload",
    "UndoPayload",
]
