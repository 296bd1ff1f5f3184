"""Loading and validating a 5,000-step case against bare yaml.load with the C loader."""

from __future__ import annotations

import yaml

from sim.generate import layered_case
from sim.loader import load_text
from tests.bench.harness import Figure, best_of


def figures():
    text = layered_case(5001, 3)
    result = load_text(text, "generated.yaml")
    assert result.ok, result.diagnostics[:3]
    choices = sum(len(s.choices) for s in result.scenario.steps)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    bare = best_of(lambda: yaml.load(text, Loader=loader))
    ours = best_of(lambda: load_text(text, "generated.yaml"))
    yield Figure(f"load + validate ({len(result.scenario.steps)} steps, {choices} choices, "
                 f"{len(text) / 1e6:.1f} MB)", ours, f"yaml.load {loader.__name__}", bare, target_ratio=1.5)
