"""explore on a 5,000-step layered case with more than 10^30 paths: the whole report, under one second."""

from __future__ import annotations

import math

import networkx as nx

from sim.explore import explore
from sim.generate import layered_case
from sim.graph import to_graph
from sim.loader import load_text
from tests.bench.harness import Figure, best_of


def figures():
    result = load_text(layered_case(5000, 3), "generated.yaml")
    assert result.ok, result.diagnostics[:3]
    scenario = result.scenario
    report = explore(scenario)
    total = sum(e.paths for e in report.endings if e.reached)
    assert total > 10**30, total
    graph = to_graph(scenario)
    baseline = best_of(lambda: list(nx.topological_sort(graph)))
    ours = best_of(lambda: explore(scenario))
    yield Figure(f"explore ({len(scenario.steps):,} steps, {report.states:,} states, {report.transitions:,} "
                 f"transitions, about 10^{int(math.log10(total))} paths)", ours,
                 "networkx topological_sort of the step graph", baseline, target_seconds=1.0)
