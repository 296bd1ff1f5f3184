"""Figures across sessions: what many logs say together (``tabletop stats``).

:func:`stats` reads session logs (files, or folders searched for ``*.jsonl``),
verifies each, replays it with the session's own reducer and counts: sessions
per term and case; endings reached; flags per rule, per case, and the choices
that raise them most; department attendance (a share of the sessions of the cases
that list the department: a department no case of a session invites is not
counted absent there) and each department's share of the contributions; the
median time per step against its timebox. A log that fails to verify or to
replay is one line in :attr:`Stats.skipped` and is left out; nothing raises for
bad content.

Speed: the cost is reading and verifying the logs; the embedded scenario is
parsed once per distinct text (cached by its sha256), not once per log.

:func:`load_sessions` is the shared reader (also used by :mod:`sim.review.followup`).
"""

from __future__ import annotations

import csv as csv_module
import io
import json as json_module
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from ..format.model import Scenario
    from ..play.session import SessionState

FORMATS = ("table", "csv", "json")
_CACHE_SIZE = 64
_scenarios: dict[str, Scenario] = {}


# --- reading many logs ------------------------------------------------------------------------------------------


def log_paths(paths: Iterable[Path | str]) -> list[Path]:
    """The logs named: files as given, folders searched (recursively) for ``*.jsonl``, in name order."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.jsonl") if p.is_file())
        else:
            found.append(path)
    return found


def cached_scenario(first: dict) -> Scenario:
    """The scenario a start event embeds, parsed once per distinct source (the log has verified its sha256)."""
    from ..play.session import scenario_of

    sha = first["payload"]["scenario"]["sha256"]
    scenario = _scenarios.get(sha)
    if scenario is None:
        scenario = scenario_of(first)
        if len(_scenarios) >= _CACHE_SIZE:
            _scenarios.pop(next(iter(_scenarios)))
        _scenarios[sha] = scenario
    return scenario


@dataclass
class LoadedSession:
    path: Path
    events: list[dict]
    state: SessionState


def load_sessions(paths: Iterable[Path | str], skipped: list[str] | None = None) -> Iterator[LoadedSession]:
    """Every log that verifies and replays, with its events and final state; the others as one line each in
    ``skipped`` (``path:line: reason: explanation``)."""
    from ..play.log import LogError, read_log
    from ..play.session import ReplayError, initial_state, reduce

    for path in log_paths(paths):
        try:
            events, _ = read_log(path)
            state = initial_state(events[0], cached_scenario(events[0]))
            for event in events[1:]:
                reduce(state, event)
        except LogError as problem:
            if skipped is not None:
                skipped.append(str(problem))
            continue
        except (ReplayError, KeyError, TypeError, ValueError) as problem:
            if skipped is not None:
                skipped.append(f"{path}: replay: {' '.join(str(problem).split()) or type(problem).__name__}")
            continue
        yield LoadedSession(path, events, state)


# --- the figures ------------------------------------------------------------------------------------------------


@dataclass
class Stats:
    """Counts over many sessions. Keys are ids (case, step, choice, department, rule); names are for tables."""

    sessions: int = 0
    skipped: list[str] = field(default_factory=list)
    per_term_case: Counter = field(default_factory=Counter)  # (term, case) -> sessions
    endings: Counter = field(default_factory=Counter)  # (case, ending step or "", outcome or "") -> sessions
    flags_by_rule: Counter = field(default_factory=Counter)  # rule -> flags
    severity: dict[str, str] = field(default_factory=dict)  # rule -> breach | caution
    flags_by_case: Counter = field(default_factory=Counter)  # case -> flags
    sessions_by_case: Counter = field(default_factory=Counter)
    flag_choices: Counter = field(default_factory=Counter)  # (case, choice) -> flags it raised (taken or declined)
    choice_rules: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    attendance: Counter = field(default_factory=Counter)  # department -> sessions present
    listed: Counter = field(default_factory=Counter)  # department -> sessions of cases that list it (or it attended)
    participants: Counter = field(default_factory=Counter)  # department -> participants, summed
    contributions: Counter = field(default_factory=Counter)  # department -> contributions
    step_seconds: dict[tuple[str, str], list[float]] = field(default_factory=lambda: defaultdict(list))
    timebox: dict[tuple[str, str], int] = field(default_factory=dict)  # (case, step) -> minutes
    scenarios: dict[str, Scenario] = field(default_factory=dict)  # case -> the version last counted (for names)
    lang: str = "en"

    def add(self, loaded: LoadedSession) -> None:
        """Count one replayed session."""
        from ..format.model import minutes

        state, events = loaded.state, loaded.events
        scenario = state.scenario
        case = scenario.id
        self.sessions += 1
        self.sessions_by_case[case] += 1
        self.per_term_case[(state.term, case)] += 1
        if self.scenarios.get(case) is not scenario:
            self.scenarios[case] = scenario
            for step in scenario.steps:
                if step.timebox:
                    self.timebox[(case, step.id)] = minutes(step.timebox)
        step = state.step
        ending = step.ending
        self.endings[(case, step.id if ending else "", ending.outcome if ending else "")] += 1
        for flag in state.flags:
            rule = flag.get("rule", "?")
            self.flags_by_rule[rule] += 1
            self.severity.setdefault(rule, flag.get("severity", ""))
            self.flags_by_case[case] += 1
            if flag.get("source") in ("choice", "declined"):
                choice = events[flag["seq"]]["payload"].get("choice", "?")
                self.flag_choices[(case, choice)] += 1
                self.choice_rules[(case, choice)].add(rule)
        for dept, count in state.departments.items():
            self.attendance[dept] += 1
            self.participants[dept] += count
        for dept in {d.id for d in scenario.departments} | set(state.departments):
            self.listed[dept] += 1
        for contribution in state.contributions:
            self.contributions[contribution["department"]] += 1
        spent: dict[str, float] = defaultdict(float)
        for visit in state.visits:
            if visit.left is not None:
                spent[visit.step] += max(0.0, (visit.left - visit.entered).total_seconds() - visit.paused_seconds)
        for step_id, seconds in spent.items():
            self.step_seconds[(case, step_id)].append(seconds)

    # figures derived from the counts --------------------------------------------------------------------------

    def median_times(self) -> list[dict]:
        """Per (case, step): sessions counted, the median seconds spent, the timebox and the ratio to it."""

        def order(item):
            (case, step), _ = item
            scenario = self.scenarios.get(case)
            index = next((i for i, s in enumerate(scenario.steps) if s.id == step), 10**6) if scenario else 0
            return case, index, step

        out = []
        for (case, step), values in sorted(self.step_seconds.items(), key=order):
            median = statistics.median(values)
            box = self.timebox.get((case, step), 0)
            out.append(
                {
                    "case": case,
                    "step": step,
                    "sessions": len(values),
                    "median_seconds": round(median, 1),
                    "timebox_minutes": box or None,
                    "ratio": round(median / (box * 60), 2) if box else None,
                }
            )
        return out

    def records(self) -> dict[str, list[dict]]:
        """Every figure as rows of plain values, section by section: what csv() and json() write."""
        total_contributions = sum(self.contributions.values())
        departments = sorted(set(self.attendance) | set(self.contributions), key=lambda d: (-self.attendance[d], d))
        return {
            "sessions": [
                {"term": term, "case": case, "sessions": n}
                for (term, case), n in sorted(self.per_term_case.items(), key=_term_key)
            ],
            "endings": [
                {"case": case, "ending": ending or None, "outcome": outcome or None, "sessions": n}
                for (case, ending, outcome), n in sorted(self.endings.items())
            ],
            "flags_by_rule": [
                {"rule": rule, "severity": self.severity.get(rule, ""), "flags": n}
                for rule, n in self.flags_by_rule.most_common()
            ],
            "flags_by_case": [
                {
                    "case": case,
                    "flags": self.flags_by_case[case],
                    "sessions": n,
                    "per_session": round(self.flags_by_case[case] / n, 2),
                }
                for case, n in sorted(self.sessions_by_case.items())
            ],
            "flag_choices": [
                {"case": case, "choice": choice, "flags": n, "rules": sorted(self.choice_rules[(case, choice)])}
                for (case, choice), n in sorted(self.flag_choices.items(), key=lambda kv: (-kv[1], kv[0]))
            ],
            "departments": [
                {
                    "department": d,
                    "sessions": self.attendance[d],
                    "attendance": round(self.attendance[d] / self.listed[d], 3) if self.listed[d] else 0.0,
                    "participants": self.participants[d],
                    "contributions": self.contributions[d],
                    "share": round(self.contributions[d] / total_contributions, 3) if total_contributions else 0.0,
                }
                for d in departments
            ],
            "step_times": self.median_times(),
        }

    # renderings -----------------------------------------------------------------------------------------------

    def json(self) -> str:
        data = {
            "sessions": self.sessions,
            "skipped": self.skipped,
            **{("sessions_per_term_case" if k == "sessions" else k): v for k, v in self.records().items()},
        }
        return json_module.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def csv(self) -> str:
        """One table in long form: a ``section`` column, then the union of every section's columns."""
        records = self.records()
        columns = ["section"]
        for rows in records.values():
            for row in rows:
                columns += [c for c in row if c not in columns]
        out = io.StringIO()
        writer = csv_module.DictWriter(out, columns, lineterminator="\n")
        writer.writeheader()
        for section, rows in records.items():
            for row in rows:
                writer.writerow(
                    {
                        "section": section,
                        **{k: ";".join(v) if isinstance(v, list) else ("" if v is None else v) for k, v in row.items()},
                    }
                )
        for line in self.skipped:
            writer.writerow({"section": "skipped", "case": line})
        return out.getvalue()

    def table(self, lang: str | None = None) -> str:
        """Plain-text tables for a terminal, labels in ``lang``."""
        lang = lang or self.lang
        records = self.records()
        names = _Names(self.scenarios, lang)
        case, dept, step_title, rule, choice = names.case, names.department, names.step, names.rule, names.choice
        out = [t("stats.title", lang, n=self.sessions)]
        if self.skipped:
            out += ["", t("stats.skipped", lang, n=len(self.skipped))] + [f"  {line}" for line in self.skipped]

        def section(
            title: str, header: list[str], rows: list[list], right: frozenset[int] | set[int] = frozenset()
        ) -> None:
            out.extend(["", title])
            if not rows:
                out.append("  " + t("stats.none", lang))
                return
            cells = [header] + [[str(c) for c in row] for row in rows]
            widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
            for n, row in enumerate(cells):
                out.append(
                    "  "
                    + "  ".join(
                        c.rjust(w) if i in right else c.ljust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))
                    ).rstrip()
                )
                if n == 0:
                    out.append("  " + "  ".join("-" * w for w in widths))

        section(
            t("stats.per-term", lang),
            [t("stats.col.term", lang), t("stats.col.case", lang), t("stats.col.sessions", lang)],
            [[r["term"], case(r["case"]), r["sessions"]] for r in records["sessions"]],
            {2},
        )
        section(
            t("stats.endings", lang),
            [
                t("stats.col.case", lang),
                t("stats.col.ending", lang),
                t("stats.col.outcome", lang),
                t("stats.col.sessions", lang),
            ],
            [
                [
                    case(r["case"]),
                    step_title(r["case"], r["ending"]) if r["ending"] else t("stats.unfinished", lang),
                    t("report.outcome." + r["outcome"], lang) if r["outcome"] else "–",
                    r["sessions"],
                ]
                for r in records["endings"]
            ],
            {3},
        )
        section(
            t("stats.flags-rule", lang),
            [t("stats.col.rule", lang), t("stats.col.severity", lang), t("stats.col.flags", lang)],
            [
                [rule(r["rule"]), t("report.severity." + r["severity"], lang) if r["severity"] else "", r["flags"]]
                for r in records["flags_by_rule"]
            ],
            {2},
        )
        section(
            t("stats.flags-case", lang),
            [
                t("stats.col.case", lang),
                t("stats.col.flags", lang),
                t("stats.col.sessions", lang),
                t("stats.col.per-session", lang),
            ],
            [[case(r["case"]), r["flags"], r["sessions"], f"{r['per_session']:.2f}"] for r in records["flags_by_case"]],
            {1, 2, 3},
        )
        section(
            t("stats.flag-choices", lang),
            [
                t("stats.col.case", lang),
                t("stats.col.choice", lang),
                t("stats.col.flags", lang),
                t("stats.col.rule", lang),
            ],
            [
                [case(r["case"]), _short(choice(r["case"], r["choice"])), r["flags"], ", ".join(map(rule, r["rules"]))]
                for r in records["flag_choices"][:10]
            ],
            {2},
        )
        section(
            t("stats.departments", lang),
            [
                t("stats.col.department", lang),
                t("stats.col.sessions", lang),
                t("stats.col.attendance", lang),
                t("stats.col.participants", lang),
                t("stats.col.contributions", lang),
                t("stats.col.share", lang),
            ],
            [
                [
                    dept(r["department"]),
                    r["sessions"],
                    f"{r['attendance']:.0%}",
                    r["participants"],
                    r["contributions"],
                    f"{r['share']:.0%}",
                ]
                for r in records["departments"]
            ],
            {1, 2, 3, 4, 5},
        )
        section(
            t("stats.step-times", lang),
            [
                t("stats.col.case", lang),
                t("stats.col.step", lang),
                t("stats.col.sessions", lang),
                t("stats.col.median", lang),
                t("stats.col.timebox", lang),
                t("stats.col.ratio", lang),
            ],
            [
                [
                    case(r["case"]),
                    step_title(r["case"], r["step"]),
                    r["sessions"],
                    _clock(r["median_seconds"]),
                    t("report.minutes", lang, n=r["timebox_minutes"]) if r["timebox_minutes"] else "–",
                    f"{r['ratio']:.2f}" if r["ratio"] is not None else "–",
                ]
                for r in records["step_times"]
            ],
            {2, 3, 4, 5},
        )
        return "\n".join(out) + "\n"

    def render(self, fmt: str = "table", lang: str | None = None) -> str:
        if fmt == "table":
            return self.table(lang)
        if fmt == "csv":
            return self.csv()
        if fmt == "json":
            return self.json()
        raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def _short(text: str, width: int = 60) -> str:
    """A long text cut to ``width`` characters for a table cell."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class _Names:
    """Names for people in one language, from the scenarios counted: cases, steps, choices, rules, departments."""

    def __init__(self, scenarios: dict[str, Scenario], lang: str):
        self.scenarios, self.lang = scenarios, lang

    def case(self, case: str) -> str:
        scenario = self.scenarios.get(case)
        return scenario.text(scenario.title, self.lang) if scenario else case

    def step(self, case: str, step: str) -> str:
        scenario = self.scenarios.get(case)
        try:
            return scenario.text(scenario.step(step).title, self.lang) if scenario else step
        except KeyError:
            return step

    def choice(self, case: str, choice: str) -> str:
        scenario = self.scenarios.get(case)
        found = next((c for step in scenario.steps for c in step.choices if c.id == choice), None) if scenario else None
        return scenario.text(found.text, self.lang) if found and scenario else choice

    def rule(self, rule: str) -> str:
        from ..guard import RULES

        return RULES[rule].text("title", self.lang) if rule in RULES else rule

    def department(self, dept: str) -> str:
        from ..format.departments import department_name

        for scenario in self.scenarios.values():
            local = {d.id: d.name for d in scenario.departments if d.name is not None}
            if dept in local:
                return department_name(dept, self.lang, local)
        return department_name(dept, self.lang)


def _term_key(item) -> tuple:
    (term, case), _ = item
    return (term[2:], term[:2] == "HT", case)  # VT2027 after HT2026; within a year, VT before HT


def _clock(seconds: float) -> str:
    from .report import clock

    return clock(seconds)


def stats(paths: Iterable[Path | str], lang: str = "en") -> Stats:
    """Figures over the logs at ``paths`` (files or folders); ``lang`` picks the names shown by ``table()``."""
    result = Stats(lang=lang)
    for loaded in load_sessions(paths, result.skipped):
        result.add(loaded)
    return result


__all__ = ["LoadedSession", "Stats", "load_sessions", "log_paths", "stats"]
