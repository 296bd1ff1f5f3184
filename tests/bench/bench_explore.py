"""explore() on a 20,000-step layered case: the whole report under one second.

The floor beside it is the least any exploration does: a breadth-first walk over the same (step, facts) states
through every choice whose conditions hold, counting nothing. (It used to be a topological sort of the step graph,
which is not the work explore does.)
"""

from __future__ import annotations

import gc
import math
from collections import deque

from tabletop.sim.author.explore import explore
from tabletop.sim.format.loader import load_text
from tabletop.sim.format.model import holds
from tests.bench.harness import Figure, paired
from tests.generate import layered_case

STEPS = 20_001


def walk(scenario) -> int:
    """Every reachable (step, facts) state, through every choice whose conditions hold."""
    gc.disable()
    try:
        start = (scenario.start, tuple(sorted((f.id, f.initial) for f in scenario.facts)))
        seen, queue = {start}, deque([start])
        while queue:
            step_id, frozen = queue.popleft()
            facts = dict(frozen)
            for choice in scenario.step(step_id).choices:
                if all(holds(c, facts) for c in choice.requires):
                    nxt = (choice.goto, tuple(sorted({**facts, **choice.sets}.items())))
                    if nxt not in seen:
                        seen.add(nxt)
                        queue.append(nxt)
        return len(seen)
    finally:
        gc.enable()


def figures():
    result = load_text(layered_case(STEPS, 3), "generated.yaml")
    assert result.ok, result.diagnostics[:3]
    scenario = result.scenario
    report = explore(scenario)
    total = sum(e.paths for e in report.endings if e.reached)
    assert total > 10**30, total
    assert walk(scenario) == report.states, (walk(scenario), report.states)
    ours, floor = paired(lambda: explore(scenario), lambda: walk(scenario), rounds=3)
    yield Figure(
        f"explore() ({len(scenario.steps):,} steps, {report.states:,} states, {report.transitions:,} "
        f"transitions, about 10^{int(math.log10(total))} paths)",
        ours,
        "a bare breadth-first walk over the same states",
        floor,
        target_seconds=1.0,
    )
