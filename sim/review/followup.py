"""Follow-up across terms: open improvement items, and the branches of a case a group has exercised.

An improvement item (an ``item`` event: what, owner, due) stays open until a
*later* session of the *same group* marks it done: an ``item-done`` event
(``Session.mark_item_done``) whose payload names ``done_of``: ``<log file
name>#<seq>`` of the item (or ``<session id>#<seq>``, the session id being the first 16 hex digits
of the log's start-event hash, which survives renaming the file).
:func:`mark_done` writes one through a live session. An item not marked done
is carried over: it appears again at the group's next session.

:func:`explored_branches` says which choices of a case the group has taken (not
undone) so the next meeting can pick an unexplored branch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import t
from ..play.queries import list_sessions
from .stats import load_sessions

if TYPE_CHECKING:
    from ..format.model import Scenario
    from ..play.session import Session


@dataclass
class FollowUp:
    """What Home and Setup show from earlier sessions: the open improvement items, the groups seen, and per case
    (by id) which of its branches were exercised, by the group asked about (``None`` when none) and by all."""

    items: list
    groups: list[str]
    explored: dict[str, tuple[Explored | None, Explored]]


def follow_up(log_dir: Path | str, scenarios: dict, group: str | None = None) -> FollowUp:
    """Read the logs in ``log_dir`` for the cases ``scenarios`` ({id: Scenario as it is now}); slow: a worker's job.

    ``group`` (Setup's group; ``None`` on Home for every group) keeps that group's open items.
    """

    sessions = list_sessions(log_dir)
    items = open_items([s.path for s in sessions], group)
    explored = {}
    for case_id, scenario in scenarios.items():
        paths = [s.path for s in sessions if s.scenario_id == case_id]
        everyone = explored_branches(paths, case_id, scenario=scenario)
        mine = explored_branches(paths, case_id, group, scenario=scenario) if group is not None else None
        explored[case_id] = (mine, everyone)
    groups = sorted({s.group for s in sessions if s.group}, key=str.casefold)
    return FollowUp(items, groups, explored)


def _same_group(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def session_id(events: list[dict]) -> str:
    """A log's stable id: the first 16 hex digits of its start event's hash."""
    return events[0]["hash"][:16]


@dataclass(frozen=True)
class OpenItem:
    ref: str  # "<log file name>#<seq>": what a later session's done mark names
    log: Path
    seq: int
    session: str  # the session id (see session_id)
    group: str
    term: str  # the term of the session that recorded it
    case: str
    what: str
    owner: str
    due: str
    case_title: Any = None  # the case's title (a text), for people; ``case`` is its id
    owner_name: Any = None  # the owner's name when the case declares the department itself (a text)

    def owner_label(self, lang: str = "en") -> str:
        """The owning department's name in ``lang`` (the case's own name for a department it declares)."""
        from ..format.departments import department_name

        return department_name(self.owner, lang, {self.owner: self.owner_name} if self.owner_name else None)

    def case_label(self, lang: str = "en") -> str:
        """The case's title in ``lang`` (its id only for an item read from a log without a title)."""
        from ..format.model import text_for

        return text_for(self.case_title, lang, ("en", "sv")) if self.case_title else self.case

    def line(self, lang: str = "en") -> str:
        return t(
            "report.items.line",
            lang,
            due=self.due,
            owner=self.owner_label(lang),
            what=self.what,
            group=self.group or "–",
            term=self.term,
            case=self.case_label(lang),
            ref=self.ref,
        )


def open_items(
    paths: Iterable[Path | str], group: str | None = None, skipped: list[str] | None = None
) -> list[OpenItem]:
    """Improvement items of the sessions at ``paths`` that no later session of the same group marked done.

    ``group`` keeps one group's items (compared without case and extra spaces). Logs that do not verify go to
    ``skipped`` as one line each. Sorted by due term, then by when they were recorded.
    """
    recorded = []  # (started, group, item)
    marks = []  # (started, group, ref)
    for loaded in load_sessions(paths, skipped):
        state = loaded.state
        sid = session_id(loaded.events)
        marks += [(state.started, state.group, str(mark["done_of"])) for mark in state.done_marks]
        for item in state.items:
            ref = f"{loaded.path.name}#{item['seq']}"
            recorded.append(
                (
                    state.started,
                    OpenItem(
                        ref=ref,
                        log=loaded.path,
                        seq=item["seq"],
                        session=sid,
                        group=state.group,
                        term=state.term,
                        case=state.scenario.id,
                        what=item.get("what", ""),
                        owner=item.get("owner", ""),
                        due=item.get("due", ""),
                        case_title=state.scenario.title,
                        owner_name=next(
                            (d.name for d in state.scenario.departments if d.id == item.get("owner")), None
                        ),
                    ),
                )
            )
    still_open = []
    for started, open_item in recorded:
        if group is not None and not _same_group(open_item.group, group):
            continue
        names = {open_item.ref, f"{open_item.session}#{open_item.seq}"}
        done = any(ref in names and when > started and _same_group(who, open_item.group) for when, who, ref in marks)
        if not done:
            still_open.append((started, open_item))
    still_open.sort(key=lambda pair: (_term_order(pair[1].due), pair[0]))
    return [open_item for _, open_item in still_open]


def _term_order(term: str) -> tuple:
    return (term[2:], term[:2] == "HT") if len(term) == 6 else (term, False)


def item_lines(items: list[OpenItem], lang: str = "en") -> list[str]:
    """``tabletop items``: one line per open item, or one line saying there are none."""
    return [item.line(lang) for item in items] or [t("report.items.none", lang)]


def mark_done(session: Session, item: OpenItem | str) -> dict:
    """Record in a live session that an earlier session's item is done; returns the event.

    The engine logs it as an ``item-done`` event; the reducer keeps it in ``state.done_marks``.
    """
    return session.mark_item_done(item.ref if isinstance(item, OpenItem) else str(item))


@dataclass
class Explored:
    """Which choices of a case a group has taken, over its sessions."""

    scenario_id: str
    sessions: int = 0
    taken: Counter = field(default_factory=Counter)  # choice id -> times taken (undone ones left out)
    endings: Counter = field(default_factory=Counter)  # ending step id -> sessions
    choices: list[str] = field(default_factory=list)  # every choice of the case, in file order

    @property
    def unexplored(self) -> list[str]:
        return [c for c in self.choices if c not in self.taken]


def explored_branches(
    paths: Iterable[Path | str],
    scenario_id: str,
    group: str | None = None,
    *,
    scenario: Scenario | None = None,
    skipped: list[str] | None = None,
) -> Explored:
    """The choices of case ``scenario_id`` taken in the sessions at ``paths`` (of ``group``, if given).

    ``scenario`` (the case as it is now) gives the list of choices to compare with; without it, the version
    embedded in the latest session is used.
    """
    result = Explored(scenario_id)
    latest = None
    for loaded in load_sessions(paths, skipped):
        state = loaded.state
        if state.scenario.id != scenario_id or (group is not None and not _same_group(state.group, group)):
            continue
        result.sessions += 1
        if latest is None or state.started >= latest[0]:
            latest = (state.started, state.scenario)
        for decision in state.decisions:
            if not decision.get("undone"):
                result.taken[decision["choice"]] += 1
        if state.step.ending:
            result.endings[state.current] += 1
    case = scenario or (latest[1] if latest else None)
    if case is not None:
        result.choices = [c.id for s in case.steps for c in s.choices]
    return result


__all__ = ["Explored", "OpenItem", "explored_branches", "item_lines", "mark_done", "open_items", "session_id"]
