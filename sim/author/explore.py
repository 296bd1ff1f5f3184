"""Play-testing a case for its author: every choice from every reachable state, counted, never enumerated.

A *state* is a step and the set of facts that are true there. Exploration
starts at ``(start, initial facts)``; a choice is available in a state when all
its ``requires`` conditions hold (:func:`sim.format.model.holds`, the engine's own
test), and taking it applies ``sets`` and moves to ``goto``. Facts that no
condition reads are left out of the state: they cannot change what is
available, so every figure is the same and the state space is smaller.

:func:`explore` walks every reachable state (breadth first, at most
``max_states``) and returns an :class:`ExploreReport`:

- problems (``report.ok`` is False): a step or a choice never reached, a state
  with no way on (a non-ending step where no choice is available), a loop with
  no way out, no safe path from the start to a good ending, the bound hit;
- per ending: the number of distinct paths (sequences of choices) from the
  start, counted by dynamic programming over the state graph in topological
  order with Python ints, so exact for 10^30 paths and more; the shortest and
  longest path in steps visited (start and ending included) and in summed
  timeboxes; and airtime, the fewest and the most prompts each department gets
  on the way (each figure over its own path);
- the safe path: from each reachable step, whether a good ending can still be
  reached without any further breach; a breach is what the guard calls one
  (``sim.guard.choice_flags``).

Loops. A state on a cycle of the state graph (the group can come back to the
same step with the same facts) can be repeated without end, so an ending
reachable from one has infinitely many paths (``paths is None``) and no longest
path (``None``); the report names the loop's steps. Shortest paths stay exact.
A loop is a warning, not a problem; a loop with no way out (no choice leaves
it) is a problem, like a stuck state.

Only the structure is computed here; :meth:`ExploreReport.lines` turns it into
lines for people, in English or Swedish.
"""

from __future__ import annotations

import gc
import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..format.model import minutes
from ..format.states import backwards, predecessors, search

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..format.model import Scenario

DEFAULT_MAX_STATES = 200_000

# An airtime or length figure: (fewest, most); most is None when a loop makes it unbounded.
Span = tuple[int, "int | None"]


@dataclass(frozen=True, slots=True)
class StuckState:
    """A reachable state at a non-ending step where no choice is available."""

    step: str
    facts: tuple[str, ...]  # the true facts that conditions read, sorted


@dataclass(slots=True)
class EndingReport:
    """What the ways to one ending look like. ``None`` as a maximum or count: unbounded (a loop leads here)."""

    step: str
    outcome: str
    reached: bool
    paths: int | None = 0
    loop: tuple[str, ...] = ()  # the steps of a loop on the way here, when paths is None
    shortest_steps: int | None = None
    longest_steps: int | None = None
    shortest_minutes: int | None = None
    longest_minutes: int | None = None
    airtime: dict[str, Span] = field(default_factory=dict)  # department -> (fewest, most) prompts


@dataclass(slots=True)
class ExploreReport:
    scenario_id: str
    start: str
    duration_minutes: int
    departments: list[str]
    states: int = 0
    transitions: int = 0  # choices between states (one per available choice per state)
    tracked_facts: tuple[str, ...] = ()
    max_states: int = DEFAULT_MAX_STATES
    truncated: bool = False  # the bound was hit: nothing but the stuck states below is complete
    unreached_steps: list[str] = field(default_factory=list)
    untaken_choices: list[tuple[str, str]] = field(default_factory=list)  # (step, choice) at reached steps
    stuck: list[StuckState] = field(default_factory=list)
    closed_loops: list[tuple[str, ...]] = field(default_factory=list)  # steps of loops no choice leaves
    loop_steps: list[str] = field(default_factory=list)  # every step on a loop of the state graph
    endings: list[EndingReport] = field(default_factory=list)
    airtime: dict[str, Span] = field(default_factory=dict)  # over every play-through, to any ending
    safe_path: dict[str, bool | None] = field(default_factory=dict)  # step -> yes / no / None: depends on facts
    good_reachable: bool = False  # some good ending can be reached at all
    breaches_before_good: list[tuple[str, str]] = field(default_factory=list)  # breach choices a good ending follows
    # steps with a reachable state from which no ending is reached without a flagged choice (validate's C705)
    no_clean_way_out: list[str] = field(default_factory=list)
    # format 1.1: (consequences, injects, paragraphs with a 'when'); shown, never part of the state space
    story: tuple[int, int, int] = (0, 0, 0)

    @property
    def start_safe(self) -> bool:
        return self.safe_path.get(self.start) is True

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        return self.problem_lines("en")

    @property
    def warnings(self) -> list[str]:
        return self.warning_lines("en")

    def problem_lines(self, lang: str = "en") -> list[str]:
        say = _say(lang)
        out = []
        if self.truncated:
            out.append(say("truncated", n=_num(self.max_states, lang)))
        out += [say("unreached_step", step=s) for s in self.unreached_steps]
        out += [say("untaken_choice", step=s, choice=c) for s, c in self.untaken_choices]
        out += [say("stuck", step=s.step, facts=_facts_text(s.facts, lang)) for s in self.stuck]
        out += [say("closed_loop", steps=", ".join(loop)) for loop in self.closed_loops]
        out += [say("no_clean_way_out", step=s) for s in self.no_clean_way_out]
        if not self.truncated and not self.start_safe:
            out.append(say("no_good") if not self.good_reachable else say("no_safe_start", start=self.start))
        return out

    def warning_lines(self, lang: str = "en") -> list[str]:
        say = _say(lang)
        out = []
        if self.loop_steps:
            out.append(say("loops", steps=", ".join(self.loop_steps)))
        slot = self.duration_minutes
        for e in self.endings:
            if not e.reached:
                continue
            if e.shortest_minutes is not None and e.shortest_minutes > slot:
                out.append(say("shortest_over", ending=e.step, m=e.shortest_minutes, slot=slot))
            elif e.longest_minutes is None:
                out.append(say("unbounded_time", ending=e.step, slot=slot))
            elif e.longest_minutes > slot:
                out.append(say("longest_over", ending=e.step, m=e.longest_minutes, slot=slot))
        out += [say("breach_then_good", step=s, choice=c) for s, c in self.breaches_before_good]
        return out

    def lines(self, lang: str = "en") -> list[str]:
        """The report for people: header, problems, warnings, endings, airtime, safe path, verdict."""
        say = _say(lang)
        out = [
            say(
                "header",
                id=self.scenario_id,
                states=_num(self.states, lang),
                transitions=_num(self.transitions, lang),
                slot=self.duration_minutes,
            )
        ]
        if self.tracked_facts:
            out.append(say("tracked", facts=", ".join(self.tracked_facts)))
        if any(self.story):
            consequences, injects, varying = self.story
            out.append(say("story", consequences=consequences, injects=injects, varying=varying))
        out += [say("problem") + line for line in self.problem_lines(lang)]
        out += [say("warning") + line for line in self.warning_lines(lang)]
        if self.endings:
            out.append(say("endings"))
        for e in self.endings:
            if not e.reached:
                out.append("  " + say("ending_unreached", ending=e.step, outcome=say(e.outcome)))
                continue
            if e.paths is None:
                paths = say("paths_infinite", loop=", ".join(e.loop))
            else:
                paths = say("paths_one" if e.paths == 1 else "paths", n=_count_text(e.paths, lang))
            out.append(
                "  "
                + say(
                    "ending",
                    ending=e.step,
                    outcome=say(e.outcome),
                    paths=paths,
                    steps=_span_text((e.shortest_steps, e.longest_steps)),
                    minutes=_span_text((e.shortest_minutes, e.longest_minutes)),
                )
            )
            if e.airtime:
                out.append("    " + say("prompts", airtime=_airtime_text(e.airtime)))
        if self.airtime and any(e.reached for e in self.endings):
            out.append(say("airtime", airtime=_airtime_text(self.airtime)))
            never = [d for d, (_, most) in self.airtime.items() if most == 0]
            maybe = [d for d, (least, most) in self.airtime.items() if least == 0 and most != 0]
            if never:
                out.append("  " + say("never_asked", depts=", ".join(never)))
            if maybe:
                out.append("  " + say("maybe_asked", depts=", ".join(maybe)))
        if self.safe_path:
            out.append(say("safe_start", answer=say("yes" if self.start_safe else "no")))
            inner = {s: v for s, v in self.safe_path.items() if not self._is_ending(s)}
            unsafe = [s for s, v in inner.items() if v is False]
            depends = [s for s, v in inner.items() if v is None]
            if unsafe:
                out.append("  " + say("unsafe_steps", steps=", ".join(unsafe)))
            if depends:
                out.append("  " + say("depends_steps", steps=", ".join(depends)))
        n = len(self.problem_lines(lang))
        out.append(say("ok") if not n else say("failed_one" if n == 1 else "failed", n=n))
        return out

    def _is_ending(self, step: str) -> bool:
        return any(e.step == step for e in self.endings)


def explore(scenario: Scenario, *, max_states: int = DEFAULT_MAX_STATES) -> ExploreReport:
    """Every reachable state of ``scenario``, and what its author needs to know about it."""
    # The state graph is tens of thousands of small lists and sets, none of them in a reference cycle; left on,
    # the cyclic collector would walk the whole loaded scenario again and again while they are made (half the time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        report = _explore(scenario, max_states)
        report.story = story_counts(scenario)
        return report
    finally:
        if was_enabled:
            gc.enable()


def story_counts(scenario: Scenario) -> tuple[int, int, int]:
    """What format 1.1 adds to the case: consequences, injects, paragraphs shown only when a condition holds."""
    steps = scenario.steps
    return (
        sum(c.consequence is not None for s in steps for c in s.choices),
        sum(len(s.injects) for s in steps),
        sum(p.get("when") is not None for s in steps if isinstance(s.text, list) for p in s.text),
    )


def _explore(scenario: Scenario, max_states: int) -> ExploreReport:
    steps = scenario.steps
    space = search(scenario, max_states)
    tracked = space.tracked if space is not None else ()
    report = ExploreReport(
        scenario.id,
        scenario.start,
        minutes(scenario.duration),
        [d.id for d in scenario.departments],
        tracked_facts=tuple(tracked),
        max_states=max_states,
    )
    if space is None:
        return report
    all_choices = space.choices
    from ..guard import choice_flags

    verdicts = [choice_flags(scenario, choice) for _, choice in all_choices]  # the guard asked once a choice
    breach = [any(f.severity == "breach" for f in flags) for flags in verdicts]
    state_step, state_facts, succ, via, taken = space.state_step, space.state_facts, space.succ, space.via, space.taken
    stuck = space.stuck
    report.truncated = space.truncated

    n = len(state_step)
    report.states = n
    report.transitions = sum(len(o) for o in succ)
    report.stuck = [StuckState(steps[state_step[s]].id, tuple(sorted(state_facts[s]))) for s in stuck]
    if report.truncated:
        return report

    reached = set(state_step)
    report.unreached_steps = [s.id for k, s in enumerate(steps) if k not in reached]
    report.untaken_choices = [
        (steps[k].id, c.id) for number, (k, c) in enumerate(all_choices) if k in reached and not taken[number]
    ]

    # --- loops: strongly connected components, in topological order ---------------------------
    comps, comp_of = _components(succ)
    comps.reverse()
    cyclic = [len(c) > 1 or c[0] in succ[c[0]] for c in comps]
    loop_steps: set[int] = set()
    for c, comp in enumerate(comps):
        if not cyclic[c]:
            continue
        loop_steps.update(state_step[v] for v in comp)
        if all(comp_of[w] == c for v in comp for w in succ[v]):
            report.closed_loops.append(tuple(sorted({steps[state_step[v]].id for v in comp})))
    report.loop_steps = [s.id for k, s in enumerate(steps) if k in loop_steps]

    # --- counts, lengths and airtime ------------------------------------------------------
    paths, loop_of = _count_paths(succ, comps, comp_of, cyclic)
    step_weights = {
        "steps": [1] * len(steps),
        "minutes": [minutes(s.timebox) for s in steps],
    }
    departments = list(report.departments)
    departments += sorted({d for s in steps for d in s.prompts} - set(departments))
    report.departments = departments
    for d in departments:
        step_weights[d] = [1 if d in s.prompts else 0 for s in steps]
    least: dict[str, list] = {}
    most: dict[str, list] = {}
    for name, weights in step_weights.items():
        per_state = [weights[k] for k in state_step]
        least[name] = _shortest(succ, comps, comp_of, cyclic, per_state)
        most[name] = _longest(succ, comps, comp_of, cyclic, per_state)

    at_step: dict[int, list[int]] = defaultdict(list)
    for v, k in enumerate(state_step):
        at_step[k].append(v)
    all_endings: list[int] = []
    for k, step in enumerate(steps):
        if step.ending is None:  # not step.is_ending
            continue
        ending = EndingReport(step.id, step.ending.outcome, reached=k in reached)
        report.endings.append(ending)
        if not ending.reached:
            continue
        vs = at_step[k]
        all_endings += vs
        counts = [paths[v] for v in vs]
        if None in counts:
            ending.paths = None
            first = next(v for v in vs if paths[v] is None)
            ending.loop = tuple(sorted({steps[state_step[u]].id for u in comps[loop_of[first]]}))
        else:
            ending.paths = sum(c for c in counts if c is not None)  # all of them
        ending.shortest_steps, ending.longest_steps = _span(least["steps"], most["steps"], vs)
        ending.shortest_minutes, ending.longest_minutes = _span(least["minutes"], most["minutes"], vs)
        ending.airtime = {d: _span(least[d], most[d], vs) for d in departments}
    if all_endings:
        report.airtime = {d: _span(least[d], most[d], all_endings) for d in departments}

    # --- the safe path ---------------------------------------------------------------------
    pred = predecessors(space)
    good = [v for v in range(n) if (e := steps[state_step[v]].ending) is not None and e.outcome == "good"]
    report.good_reachable = bool(good)
    safe = backwards(pred, good, bytes(not b for b in breach))
    clean = bytes(not flags for flags in verdicts)  # nothing flagged before it is taken (states.flagged)
    endings = [v for v in range(n) if steps[state_step[v]].is_ending]
    way_out = backwards(pred, endings, clean)
    any_way = backwards(pred, endings)  # no way at all: stuck or a closed loop, said above
    report.no_clean_way_out = [
        s.id for k, s in enumerate(steps) if any(any_way[v] and not way_out[v] for v in at_step.get(k, ()))
    ]
    to_good = backwards(pred, good)
    for k in sorted(reached):
        marks = {bool(safe[v]) for v in at_step[k]}
        report.safe_path[steps[k].id] = None if len(marks) > 1 else marks.pop()
    before_good = set()
    for v in range(n):
        for w, number in zip(succ[v], via[v], strict=True):
            if breach[number] and to_good[w]:
                before_good.add(number)
    report.breaches_before_good = [(steps[all_choices[c][0]].id, all_choices[c][1].id) for c in sorted(before_good)]
    return report


# --- the graph algorithms ---------------------------------------------------------------------


def _components(succ: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Tarjan's strongly connected components, iteratively; components come sinks first."""
    n = len(succ)
    order = [-1] * n
    low = [0] * n
    on_stack = bytearray(n)
    stack: list[int] = []
    comps: list[list[int]] = []
    comp_of = [-1] * n
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack[root] = 1
        work = [(root, iter(succ[root]))]
        while work:
            v, edges = work[-1]
            for w in edges:
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on_stack[w] = 1
                    work.append((w, iter(succ[w])))
                    break
                if on_stack[w] and order[w] < low[v]:
                    low[v] = order[w]
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    if low[v] < low[u]:
                        low[u] = low[v]
                if low[v] == order[v]:
                    comp = []
                    number = len(comps)
                    while True:
                        w = stack.pop()
                        on_stack[w] = 0
                        comp_of[w] = number
                        comp.append(w)
                        if w == v:
                            break
                    comps.append(comp)
    # Tarjan numbers components sinks first; callers reverse the list, so renumber to match.
    last = len(comps) - 1
    return comps, [last - c for c in comp_of]


def _count_paths(succ, comps, comp_of, cyclic) -> tuple[list[int | None], list[int]]:
    """Paths (choice sequences) from state 0 to every state; None: infinitely many, through loop ``loop_of``."""
    n = len(succ)
    count: list[int | None] = [0] * n
    count[0] = 1
    loop_of = [-1] * n
    for c, comp in enumerate(comps):
        if cyclic[c]:
            inherited = next((loop_of[v] for v in comp if count[v] is None), c)
            for v in comp:
                count[v] = None
                loop_of[v] = inherited
        for v in comp:
            here = count[v]
            if here is None:
                for w in succ[v]:
                    if count[w] is not None:
                        count[w] = None
                        loop_of[w] = loop_of[v]
            else:
                for w in succ[v]:
                    if count[w] is not None:
                        count[w] += here
    return count, loop_of


def _longest(succ, comps, comp_of, cyclic, weight: list[int]) -> list[int | None]:
    """The greatest summed weight of a path from state 0 to each state (weights on states); None: unbounded."""
    n = len(succ)
    into: list[int | None] = [-1] * n  # best over the paths into a state, before its own weight
    into[0] = 0
    best: list[int | None] = [0] * n
    for c, comp in enumerate(comps):
        if not cyclic[c]:  # one state and no edge back into its own component: most states, so kept short
            v = comp[0]
            here = into[v]
            if here is None:
                best[v] = None
                for w in succ[v]:
                    into[w] = None
                continue
            here += weight[v]
            best[v] = here
            for w in succ[v]:
                current = into[w]
                if current is not None and here > current:
                    into[w] = here
            continue
        entries = [into[v] for v in comp]
        value = None if None in entries or any(weight[v] for v in comp) else max(entries)
        for v in comp:
            best[v] = value
        for v in comp:
            value = best[v]
            for w in succ[v]:
                if comp_of[w] == c:
                    continue
                if value is None:
                    into[w] = None
                else:
                    current = into[w]
                    if current is not None and value > current:
                        into[w] = value
    return best


def _shortest(succ, comps, comp_of, cyclic, weight: list[int]) -> list[int]:
    """The least summed weight of a path from state 0 to each state (weights on states, never negative)."""
    n = len(succ)
    far = math.inf
    into: list = [far] * n
    into[0] = 0
    best: list = [far] * n
    for c, comp in enumerate(comps):
        if cyclic[c]:  # Dijkstra inside the loop, seeded from outside it
            heap = [(into[v] + weight[v], v) for v in comp if into[v] != far]
            heapq.heapify(heap)
            while heap:
                d, v = heapq.heappop(heap)
                if d >= best[v]:
                    continue
                best[v] = d
                for w in succ[v]:
                    if comp_of[w] == c and d + weight[w] < best[w]:
                        heapq.heappush(heap, (d + weight[w], w))
        else:  # one state and no edge back into its own component: most states, so kept short
            v = comp[0]
            value = best[v] = into[v] + weight[v]
            for w in succ[v]:
                if value < into[w]:
                    into[w] = value
            continue
        for v in comp:
            value = best[v]
            for w in succ[v]:
                if comp_of[w] != c and value < into[w]:
                    into[w] = value
    return best


def _span(least: list, most: list, states: list[int]) -> Span:
    tops = [most[v] for v in states]
    return int(min(least[v] for v in states)), (None if None in tops else max(tops))


def _say(lang: str) -> Callable[..., str]:
    from ..i18n import t

    return lambda key, **fields: t(f"explore.{key}", lang, **fields)


def _num(n: int, lang: str) -> str:
    text = f"{n:,}"
    return text.replace(",", "\u00a0") if lang == "sv" else text


def _count_text(n: int, lang: str) -> str:
    """Exact up to 10^15; beyond, three significant digits and the power of ten (no huge str() of the int)."""
    if n < 10**15:
        return _num(n, lang)
    exponent = int(math.log10(n))
    lead = n // 10 ** (exponent - 2)
    if lead >= 1000:
        exponent += 1
        lead = n // 10 ** (exponent - 2)
    elif lead < 100:
        exponent -= 1
        lead = n // 10 ** (exponent - 2)
    mantissa = f"{lead // 100}.{lead % 100:02d}"
    if lang == "sv":
        mantissa = mantissa.replace(".", ",")
    return f"≈ {mantissa} × 10^{exponent}"


def _span_text(span: tuple[int | None, int | None]) -> str:
    least, most = span
    if most is None:
        return f"{least}–∞"
    return str(least) if least == most else f"{least}–{most}"


def _airtime_text(airtime: dict[str, Span]) -> str:
    return ", ".join(f"{dept} {_span_text(span)}" for dept, span in airtime.items())


def _facts_text(facts: tuple[str, ...], lang: str) -> str:
    return ", ".join(facts) if facts else _say(lang)("no_facts")
