"""Queries over a session's state that screens and reports show: pure, no I/O beyond listing logs.

Everything the app displays about a session that needs computing (the time left
on a step, who has spoken, the path with time per step, which objectives an
ending met, the sessions in a log folder) is computed here, so the app only
renders and a report can show the same numbers.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..format.model import minutes

# --- the step being played -------------------------------------------------------------------


def active_seconds(state, visit, now: datetime) -> float:
    """Seconds a visit has been played: from entering it to leaving it (or now), less the time paused."""
    end = visit.left or state.ended or now
    seconds = (end - visit.entered).total_seconds() - visit.paused_seconds
    if visit is state.visit and state.paused_at is not None and visit.left is None:
        seconds -= (now - state.paused_at).total_seconds()
    return max(0.0, seconds)


def timebox_seconds(state) -> int | None:
    """The current step's timebox with its extensions, in seconds; None when the step has none."""
    box = state.step.timebox
    if not box:
        return None
    return (minutes(box) + state.visit.extended_minutes) * 60


def remaining_seconds(state, now: datetime) -> int | None:
    """Seconds left on the current step's timebox (negative when over); None without a timebox or once ended."""
    total = timebox_seconds(state)
    if total is None or state.ended is not None:
        return None
    return int(total - sum(active_seconds(state, v, now) for v in stay(state)))


def shown_injects(state) -> list:
    """The current step's injects the room has seen during this stay, in the order they arrived (format 1.1)."""
    ids = [i for v in stay(state) for i in v.injects]
    by_id = {i.id: i for i in state.step.injects}
    return [by_id[i] for i in ids if i in by_id]


def pending_injects(state) -> list:
    """The current step's injects not yet shown during this stay, in the order the case gives them."""
    shown = {i for v in stay(state) for i in v.injects}
    return [i for i in state.step.injects if i.id not in shown]


def due_injects(state, now: datetime) -> list:
    """Pending injects whose ``after`` has been reached on the step's clock (pauses excluded) at ``now``."""
    if state.ended is not None or state.briefing:
        return []
    played = sum(active_seconds(state, v, now) for v in stay(state))
    return [i for i in pending_injects(state) if i.after is not None and played >= minutes(i.after) * 60]


def briefing_seconds(state, now: datetime) -> float:
    """Seconds the briefing took (less pauses): so far while it is on, as logged once step 1 started."""
    if not state.briefing:
        return state.briefing_seconds or 0.0
    return active_seconds(state, state.visits[0], now)


# --- the overall clock against the case's slot ------------------------------------------------------------------

BRIEFING_MINUTES = 5  # what the time plan gives the briefing
ON_PLAN_SECONDS = 60  # within a minute of the plan is on plan


@dataclass(frozen=True)
class TimePlan:
    """The case's slot and how it is meant to be spent (minutes): the briefing, steps of ``step_low`` to
    ``step_high`` minutes each (their timeboxes), at least ``shortest`` to reach an ending, then the debrief."""

    slot: int
    briefing: int
    step_low: int
    step_high: int
    shortest: int


_PLANS: dict[int, tuple[object, TimePlan]] = {}  # the last few cases' plans, by identity (a case never changes)


def time_plan(scenario) -> TimePlan:
    """The case's :class:`TimePlan`, worked out once per case: the clocks ask for it every second."""
    known = _PLANS.get(id(scenario))
    if known is not None and known[0] is scenario:
        return known[1]
    plan = _time_plan(scenario)
    if len(_PLANS) >= 4:
        _PLANS.pop(next(iter(_PLANS)))
    _PLANS[id(scenario)] = (scenario, plan)
    return plan


def _time_plan(scenario) -> TimePlan:
    import heapq

    boxes = {s.id: minutes(s.timebox) for s in scenario.steps}
    timed = [m for m in boxes.values() if m] or [0]
    steps = {s.id: s for s in scenario.steps}
    best: dict[str, int] = {}
    queue = [(boxes.get(scenario.start, 0), scenario.start)]
    shortest = 0
    while queue:  # the fewest minutes of timeboxes from the start to an ending (conditions aside)
        spent, step_id = heapq.heappop(queue)
        if step_id in best or step_id not in steps:
            continue
        best[step_id] = spent
        if steps[step_id].ending is not None or not steps[step_id].choices:
            shortest = spent
            break
        for choice in steps[step_id].choices:
            if choice.goto not in best:
                heapq.heappush(queue, (spent + boxes.get(choice.goto, 0), choice.goto))
    return TimePlan(minutes(scenario.duration), BRIEFING_MINUTES, min(timed), max(timed), shortest)


@dataclass(frozen=True)
class OverallClock:
    """The session against the case's slot: seconds used and left (negative when over), and how far behind
    the plan (negative: ahead). The plan gives the briefing its minutes and each step played its timebox."""

    used: int
    left: int
    behind: int

    @property
    def pace(self) -> str:
        """``on-plan``, ``behind`` or ``ahead``."""
        if abs(self.behind) < ON_PLAN_SECONDS:
            return "on-plan"
        return "behind" if self.behind > 0 else "ahead"


def overall_clock(state, now: datetime) -> OverallClock:
    plan = time_plan(state.scenario)
    briefing = briefing_seconds(state, now)
    if state.briefing:
        used, planned = briefing, min(briefing, plan.briefing * 60)
    else:
        used = briefing + sum(active_seconds(state, v, now) for v in state.visits)
        planned = plan.briefing * 60.0
        taken = path_times(state, now)
        for i, entry in enumerate(taken):
            box = minutes(state.scenario.step(entry.step).timebox) * 60
            last = i == len(taken) - 1 and state.ended is None
            planned += (min(entry.seconds, box) if last else box) if box else entry.seconds
        undone = sum(active_seconds(state, v, now) for v in state.visits if v.undone)
        planned += undone  # time on a path later undone was spent, not planned: neither ahead nor behind
    used_s = int(used)  # whole seconds, so that used and left add up to the slot exactly
    return OverallClock(used_s, int(plan.slot * 60) - used_s, int(used - planned))


def _left_by_undone(state) -> set[int]:
    """Indexes of visits that a later-undone choice left: the group came back to that step."""
    undone = {d["seq"] for d in state.decisions if d.get("undone")}
    visits = state.visits
    return {i for i in range(len(visits) - 1) if visits[i + 1].seq in undone}


def stay(state) -> list:
    """The visits that make up the group's current stay at its step: an undo returns to the step, so the visit
    the undone choice left and the visit after the undo are one stay (time, who spoke and what was said add up)."""
    visits, reopened = state.visits, _left_by_undone(state)
    chain = [len(visits) - 1]
    i = len(visits) - 2
    while i >= 0:
        if visits[i].undone:
            i -= 1
            continue
        if i in reopened and visits[i].step == visits[chain[0]].step:
            chain.insert(0, i)
            i -= 1
            continue
        break
    return [visits[k] for k in chain]


def clock(seconds: int) -> str:
    """``m:ss``, with a minus sign when over time."""
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    return f"{sign}{seconds // 60}:{seconds % 60:02d}"


def hms(seconds: float) -> str:
    """``H:MM:SS`` or ``M:SS``: a stretch of time such as the time a session was away."""
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def away(state) -> tuple[float, int]:
    """The time a session was away (reopened after a quit or a crash), in seconds, and how many times."""
    return sum(g["seconds"] for g in state.gaps), len(state.gaps)


def speakers(state) -> list[tuple[str, bool]]:
    """The departments at the table, in the case's order, each with whether it has spoken at this step."""
    spoken = set().union(*(v.spoken for v in stay(state)))
    order = [d.id for d in state.scenario.departments if d.id in state.departments]
    return [(dept, dept in spoken) for dept in order]


def present_prompts(state) -> list[tuple[str, object]]:
    """The current step's prompts for the departments at the table, in the case's order."""
    prompts = state.step.prompts
    return [(dept, prompts[dept]) for dept, _ in speakers(state) if dept in prompts]


def step_contributions(state) -> list[dict]:
    """The contributions made during the current stay at the step (an undo does not hide them)."""
    first = stay(state)[0].seq
    return [c for c in state.contributions if c["seq"] > first and c["step"] == state.current]


# --- the path and the debrief ----------------------------------------------------------------


@dataclass(frozen=True)
class PathStep:
    step: str
    seconds: float
    choice: str | None


def path_times(state, now: datetime) -> list[PathStep]:
    """The path taken, with the time played at each step and the choice that left it. Undone visits are left out,
    and a step the group came back to by an undo is one entry (its times added)."""
    reopened = _left_by_undone(state)
    out: list[PathStep] = []
    joining = False
    for i, v in enumerate(state.visits):
        if v.undone:
            continue
        seconds = active_seconds(state, v, now)
        if joining and out and out[-1].step == v.step:
            out[-1] = PathStep(v.step, out[-1].seconds + seconds, v.choice)
        else:
            out.append(PathStep(v.step, seconds, v.choice))
        joining = i in reopened
    return out


def objectives(state) -> tuple[list, list]:
    """(met, not met) objectives of the case, judged on the whole session (:func:`sim.play.objectives.judge`)."""
    from .objectives import MET, judge

    met_ids = {j.objective_id for j in judge(state, state.lang) if j.status == MET}
    met = [o for o in state.scenario.objectives if o.id in met_ids]
    missed = [o for o in state.scenario.objectives if o.id not in met_ids]
    return met, missed


def contributions_by_department(state) -> dict[str, list[dict]]:
    """Every contribution, grouped by department, departments in the case's order (those present first)."""
    order = [d.id for d in state.scenario.departments]
    grouped: dict[str, list[dict]] = {d: [] for d in order if d in state.departments}
    for c in state.contributions:
        grouped.setdefault(c["department"], []).append(c)
    return grouped


# --- sessions in a log folder ----------------------------------------------------------------


@dataclass(frozen=True)
class SessionSummary:
    """One log as Home lists it: read from its first and last lines, not verified (resuming verifies)."""

    path: Path
    scenario_id: str
    group: str
    term: str
    started: str
    ended: bool
    events: int


def _last_complete_line(fh, size: int) -> bytes | None:
    """The last line of an open log that ends with a newline, read backwards in blocks: a line of any length (a
    start event embedding a 100 KB case is one line) and a torn last line (a crash while writing) both read right.
    None when no line is complete yet."""
    block, end, buffer = 65536, size, b""
    while end > 0:  # find the newline that ends the last complete line
        start = max(0, end - block)
        fh.seek(start)
        chunk = fh.read(end - start)
        cut = chunk.rfind(b"\n")
        if cut >= 0:
            end = start + cut
            break
        end = start
    else:
        return None
    while True:  # then the newline before it, or the file's beginning
        start = max(0, end - block)
        fh.seek(start)
        chunk = fh.read(end - start)
        cut = chunk.rfind(b"\n")
        buffer = chunk[cut + 1 :] + buffer
        if cut >= 0 or start == 0:
            return buffer
        end = start


def _first_and_last(path: Path, first: dict | None = None) -> tuple[dict, dict, int] | None:
    """A log's first and last complete events and its event count, or None while it is no (complete) log yet.

    ``first`` is the first event when it was read before: it never changes in an append-only log."""
    try:
        with path.open("rb") as fh:
            if first is None:
                line = fh.readline()
                if not line.endswith(b"\n"):
                    return None  # the first event is still being written (or this is no log)
                first = json.loads(line)
            size = os.fstat(fh.fileno()).st_size
            last_line = _last_complete_line(fh, size)
        last = json.loads(last_line) if last_line else first
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(first, dict) or first.get("type") != "start" or not isinstance(last, dict):
        return None
    return first, last, int(last.get("seq", 0)) + 1 if isinstance(last.get("seq", 0), int) else 1


def _summary(path: Path, first: dict, last: dict, count: int) -> SessionSummary:
    p = first.get("payload", {})
    p = p if isinstance(p, dict) else {}
    scenario = p.get("scenario", {})
    return SessionSummary(
        path,
        str(scenario.get("id", "?") if isinstance(scenario, dict) else "?"),
        str(p.get("group", "")),
        str(p.get("term", "")),
        str(first.get("time", "")),
        last.get("type") == "end",
        count,
    )


def _first_slim(first: dict) -> dict:
    """The parts of a first event a summary needs: the embedded case's source is not kept in memory."""
    p = first.get("payload", {})
    scenario = p.get("scenario", {}) if isinstance(p, dict) else {}
    keep = {k: p[k] for k in ("group", "term") if isinstance(p, dict) and k in p}
    keep["scenario"] = {"id": scenario.get("id", "?")} if isinstance(scenario, dict) else {}
    return {"type": first.get("type"), "time": first.get("time", ""), "seq": first.get("seq", 0), "payload": keep}


class LogFolder:
    """The sessions in a log folder, kept up to date cheaply for a view that asks again every second.

    Each call lists the folder (its modification time is not trusted to say that something changed: it does not
    change when a log grows, and some file systems keep it coarsely) and reads only what may have changed: a log
    it has not seen, or whose size or modification time moved. A log's first event never changes, so it is read
    once; an ended log never changes, so it is not even looked at again. A log whose first event is still being
    written is looked at again on the next call, so a session is found as soon as its start event is complete,
    whatever its size.
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._firsts: dict[tuple[str, int], dict] = {}  # (name, inode) -> the slim first event
        self._seen: dict[tuple[str, int], tuple[tuple[int, int] | None, SessionSummary | None]] = {}

    def sessions(self) -> list[SessionSummary]:
        """The session logs in the folder, newest first; files that are no log (yet) are left out."""
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(".jsonl")]
        except OSError:
            return []
        seen: dict = {}
        for entry in entries:
            key = (entry.name, entry.inode())
            known = self._seen.get(key)
            if known is not None and known[1] is not None and known[1].ended:
                seen[key] = known  # an ended log is never written again
                continue
            try:
                if not entry.is_file():
                    continue
                st = entry.stat()
            except OSError:
                continue
            stamp = (st.st_size, st.st_mtime_ns)
            if known is not None and known[0] == stamp:
                seen[key] = known
                continue
            read = _first_and_last(Path(entry.path), self._firsts.get(key))
            summary = None
            if read is not None:
                first, last, count = read
                self._firsts[key] = slim = _first_slim(first)
                summary = _summary(Path(entry.path), slim, last, count)
            seen[key] = (stamp, summary)
        self._seen = seen
        self._firsts = {k: v for k, v in self._firsts.items() if k in seen}
        found = [summary for _, summary in seen.values() if summary is not None]
        found.sort(key=lambda s: (s.started, s.path.name), reverse=True)
        return found

    def newest_unfinished(self, after: SessionSummary | None = None) -> SessionSummary | None:
        """The most recently started session that has not ended; with ``after``, only one started later than it."""
        for s in self.sessions():
            if after is not None and (s.started, s.path.name) <= (after.started, after.path.name):
                return None
            if not s.ended:
                return s
        return None


def list_sessions(log_dir: Path | str) -> list[SessionSummary]:
    """The session logs in ``log_dir``, newest first; files that are no log are left out."""
    return LogFolder(log_dir).sessions()


def newest_unfinished(log_dir: Path | str) -> Path | None:
    """The most recently started session in ``log_dir`` that has not ended, or None."""
    found = LogFolder(log_dir).newest_unfinished()
    return found.path if found else None


def flag_status(flag: dict, mode: str) -> str:
    """What became of a flag: a choice ``confirmed`` (or ``undone`` later), ``refused`` by the group (or
    ``refused-strict`` by strict mode), or typed text ``redacted`` (``recorded``: a sensitive term, kept)."""
    source = flag.get("source", "")
    if source == "choice":
        return "undone" if flag.get("undone") else "confirmed"
    if source == "declined":
        return "refused-strict" if mode == "strict" and flag.get("severity") == "breach" else "refused"
    return "recorded" if flag.get("rule") == "sensitive" else "redacted"


def current_term(now: datetime) -> str:
    """The school term a date falls in: HT (autumn, July-December) or VT (spring), with the year."""
    return f"{'HT' if now.month >= 7 else 'VT'}{now.year}"


def step_notes(state) -> list[dict]:
    """The facilitator's notes made during the current visit."""
    seq = state.visit.seq
    return [n for n in state.notes if n["seq"] > seq]


def breadcrumb_steps(state) -> list[str]:
    """The steps of the path as the group sees it now: a visit left by a choice later undone is left out,
    since the group is back at that step (the engine keeps both visits, for the time spent)."""
    undone = {d["seq"] for d in state.decisions if d.get("undone")}
    visits = state.visits
    return [
        v.step
        for i, v in enumerate(visits)
        if not v.undone and not (i + 1 < len(visits) and visits[i + 1].seq in undone)
    ]


# --- follow-up across terms: open items and the branches exercised ---------------------------------------------


@dataclass(frozen=True)
class BranchRow:
    """One choice of a case with how often it was taken: by the group asked about, and by every group."""

    step: str
    choice: str
    taken: int  # by the group (by every group when no group was asked about)
    taken_all: int


def branch_rows(scenario, mine, everyone) -> list[BranchRow]:
    """Every choice of ``scenario`` in file order with the times taken (``mine`` may be None: every group)."""
    ours = (mine or everyone).taken
    return [
        BranchRow(step.id, choice.id, ours.get(choice.id, 0), everyone.taken.get(choice.id, 0))
        for step in scenario.steps
        for choice in step.choices
    ]
