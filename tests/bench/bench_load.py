"""Loading a 5,000-step case: in process against yaml.load, and `tabletop validate` / `explore` as whole commands.

In process, ``load_text`` (parse, shape, every semantic check) is paired with bare ``yaml.load`` and the C loader;
the floors beside it are libyaml's event stream alone and ``yaml.load`` with the cyclic collector off, so the ratio
cannot look good only because the baseline pays for the collector. As whole commands (what a person waits for):
``tabletop validate`` against a process that does nothing but ``yaml.load`` the file, and ``tabletop explore``
against ``tabletop validate`` of the same case.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
from pathlib import Path

import yaml

from tabletop.sim.format.loader import load_text
from tests.bench.harness import Figure, command, paired, repeated
from tests.generate import layered_case

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BARE = (
    "import sys, yaml\n"
    "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))"
)


def _without_collector(text: str) -> None:
    gc.disable()
    try:
        yaml.load(text, Loader=LOADER)
    finally:
        gc.enable()


def figures():
    text = layered_case(5001, 3)
    result = load_text(text, "generated.yaml")
    assert result.ok, result.diagnostics[:3]
    choices = sum(len(s.choices) for s in result.scenario.steps)
    ours, bare = paired(
        lambda: load_text(text, "generated.yaml"), lambda: yaml.load(text, Loader=LOADER), rounds=3, warmup=False
    )
    events = repeated(lambda: sum(1 for _ in yaml.parse(text, Loader=LOADER)), rounds=3, warmup=False)
    no_gc = repeated(lambda: _without_collector(text), rounds=3, warmup=False)
    yield Figure(
        f"load + validate in process ({len(result.scenario.steps):,} steps, {choices:,} choices, "
        f"{len(text) / 1e6:.1f} MB)",
        ours,
        f"yaml.load {LOADER.__name__}",
        bare,
        target_ratio=1.0,
        floors=[
            ("libyaml's event stream alone", events),
            (f"yaml.load {LOADER.__name__} with the collector off", no_gc),
        ],
    )
    story = layered_case(5001, 3, story=True)  # format 1.1, every addition on every step
    checked = load_text(story, "story.yaml")
    assert checked.ok and not checked.diagnostics, checked.diagnostics[:3]
    ours, bare = paired(
        lambda: load_text(story, "story.yaml"), lambda: yaml.load(story, Loader=LOADER), rounds=3, warmup=False
    )
    yield Figure(
        f"load + validate in process, format 1.1 with every addition ({len(story) / 1e6:.1f} MB)",
        ours,
        f"yaml.load {LOADER.__name__}",
        bare,
        target_ratio=1.5,
    )
    with tempfile.TemporaryDirectory() as tmp:
        case = Path(tmp) / "generated.yaml"
        case.write_text(text, encoding="utf-8")
        env = {"TABLETOP_CACHE_DIR": str(Path(tmp) / "cache")}
        validate = command("validate", str(case), env=env)
        ours, bare = paired(validate, command("-c", BARE, str(case)), rounds=3, warmup=False)
        yield Figure(
            "tabletop validate of the 5,000-step case, as a whole command",
            ours,
            "a process that only yaml.loads it (CSafeLoader)",
            bare,
            target_ratio=0.8,
        )
        started = command(
            "-c", "import tabletop.sim.format.loader, tabletop.sim.format.validate, tabletop.sim.author.explore"
        )
        explored, validated = paired(command("explore", str(case), env=env), validate, rounds=3, warmup=False)
        yield Figure(
            "tabletop explore of the same case, as a whole command",
            explored,
            "tabletop validate of it",
            validated,
            target_ratio=1.2,
            floors=[("starting Python and importing the engine", statistics.median(repeated(started, rounds=3)))],
        )
