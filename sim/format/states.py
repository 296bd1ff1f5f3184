"""The state space of a case: every reachable (step, facts) pair, and the choices between them.

A *state* is a step and the set of facts that are true there. The search starts
at ``(start, initial facts)``; a choice is available in a state when all its
``requires`` conditions hold (:func:`sim.format.model.holds`, the engine's own
test), and taking it applies ``sets`` and moves to ``goto``. Facts that no
condition reads are left out of the state: they cannot change what is
available.

It lives here, below play and author, so that the validator can ask the same
question as ``tabletop explore`` (:mod:`sim.author.explore`, which adds counts,
lengths and airtime on top) without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import condition_facts, holds

if TYPE_CHECKING:
    from collections.abc import Callable

    from .model import Choice, Scenario


@dataclass(slots=True)
class StateSpace:
    """The reachable states, breadth first from the start (state 0), and the choices between them."""

    tracked: tuple[str, ...]  # the facts that some condition reads, sorted
    choices: list[tuple[int, Choice]]  # every choice of the case as (step number, choice); a choice's number
    state_step: list[int] = field(default_factory=list)  # state -> step number
    state_facts: list[frozenset] = field(default_factory=list)  # state -> the true tracked facts
    succ: list[list[int]] = field(default_factory=list)  # state -> the states its available choices lead to
    via: list[list[int]] = field(default_factory=list)  # the choice number of each edge in succ
    taken: bytearray = field(default_factory=bytearray)  # choice number -> available in some reachable state
    stuck: list[int] = field(default_factory=list)  # non-ending states where no choice is available
    truncated: bool = False  # the bound was hit: only the states found so far (and stuck among them) are known


def search(scenario: Scenario, max_states: int) -> StateSpace | None:
    """Every state reachable from the start, at most ``max_states``; None when the start names no step."""
    steps = scenario.steps
    step_no = {s.id: k for k, s in enumerate(steps)}
    tracked = sorted({f for s in steps for c in s.choices for cond in c.requires for f in condition_facts(cond)})
    tracked_set = frozenset(tracked)

    moves, all_choices = _moves(steps, step_no, tracked_set)
    space = StateSpace(tuple(tracked), all_choices, taken=bytearray(len(all_choices)))
    start = step_no.get(scenario.start)
    if start is None:
        return None
    initial = frozenset(f.id for f in scenario.facts if f.initial) & tracked_set
    state_step, state_facts, succ, via, taken = space.state_step, space.state_facts, space.succ, space.via, space.taken
    state_step.append(start)
    state_facts.append(initial)
    index: list[dict[frozenset, int]] = [{} for _ in steps]  # per step: facts -> state number
    index[start][initial] = 0
    i = 0
    while i < len(state_step) and not space.truncated:
        k, facts = state_step[i], state_facts[i]
        out: list[int] = []
        out_via: list[int] = []
        values = None
        for number, target, requires, on, off in moves[k]:
            if requires:
                if values is None:
                    values = dict.fromkeys(facts, True)
                if not all(holds(c, values) for c in requires):
                    continue
            after = (facts | on) - off if (on or off) else facts
            known = index[target]
            j = known.get(after)
            if j is None:
                if len(state_step) >= max_states:
                    space.truncated = True
                    break
                j = known[after] = len(state_step)
                state_step.append(target)
                state_facts.append(after)
            out.append(j)
            out_via.append(number)
            taken[number] = 1
        succ.append(out)
        via.append(out_via)
        if not out and not space.truncated and not steps[k].is_ending:
            space.stuck.append(i)
        i += 1
    return space


def _moves(steps, step_no: dict[str, int], tracked_set: frozenset) -> tuple[list, list]:
    """Per step, its choices as (global choice number, target step, requires, facts set true, facts set false);
    and every choice as (step number, choice)."""
    moves: list[list[tuple[int, int, list, frozenset, frozenset]]] = []
    all_choices: list[tuple[int, Choice]] = []
    for k, step in enumerate(steps):
        row = []
        for choice in [] if step.is_ending else step.choices:
            target = step_no.get(choice.goto)
            number = len(all_choices)
            all_choices.append((k, choice))
            if target is None:  # the validator reports it; it can never be taken
                continue
            on = frozenset(f for f, v in choice.sets.items() if v) & tracked_set
            off = frozenset(f for f, v in choice.sets.items() if not v) & tracked_set
            row.append((number, target, choice.requires, on, off))
        moves.append(row)

    return moves, all_choices


def predecessors(space: StateSpace) -> list[list[tuple[int, int]]]:
    """For each state, the ``(state, choice number)`` pairs of the edges that lead into it."""
    pred: list[list[tuple[int, int]]] = [[] for _ in range(len(space.succ))]
    for v in range(len(space.succ)):
        for w, number in zip(space.succ[v], space.via[v], strict=True):
            pred[w].append((v, number))
    return pred


def backwards(
    pred: list[list[tuple[int, int]]], targets: list[int], allowed: bytes | bytearray | None = None
) -> bytearray:
    """Which states reach one of ``targets`` using only edges whose choice number is marked in ``allowed`` (every
    edge when None); ``pred`` from :func:`predecessors`, built once for every question asked of one state space.
    A mask rather than a function: this walks every edge, and a call per edge was most of its time."""
    marked = bytearray(len(pred))
    queue = list(targets)
    for v in queue:
        marked[v] = 1
    while queue:
        w = queue.pop()
        if allowed is None:
            for v, _ in pred[w]:
                if not marked[v]:
                    marked[v] = 1
                    queue.append(v)
        else:
            for v, number in pred[w]:
                if not marked[v] and allowed[number]:
                    marked[v] = 1
                    queue.append(v)
    return marked


def flagged(scenario: Scenario) -> Callable[[Choice], bool]:
    """Whether the guard flags a choice before it is taken (a breach or a caution): the choices that move the
    group towards the individual level, and that the lesson rules want an operational alternative beside."""
    from ..guard import choice_flags

    return lambda choice: bool(choice_flags(scenario, choice))


def without_safe_way_out(
    scenario: Scenario, max_states: int, is_flagged: Callable[[Choice], bool] | None = None
) -> list[tuple[int, frozenset]] | None:
    """Each step (number) with a reachable state from which an ending can be reached, but only through a flagged
    choice, with the facts of the first such state; None when the search was cut short or the start names no
    step. (A state from which no ending can be reached at all is stuck: another problem.)"""
    space = search(scenario, max_states)
    if space is None or space.truncated:
        return None
    steps = scenario.steps
    is_flagged = is_flagged or flagged(scenario)
    clean = bytearray(is_flagged(c) is False for _, c in space.choices)
    endings = [v for v, k in enumerate(space.state_step) if steps[k].is_ending]
    pred = predecessors(space)
    safe = backwards(pred, endings, clean)
    some = backwards(pred, endings)
    out: dict[int, frozenset] = {}
    for v, k in enumerate(space.state_step):
        if some[v] and not safe[v] and k not in out:
            out[k] = space.state_facts[v]
    return sorted(out.items())
