"""Play-testing at scale: 10,000 runs of a bundled case against one `tabletop validate` of it; a 5,000-step case.

Each run goes through the real engine: a session started (its start event embedding the whole case), commands,
choices to an ending, the log written by the real writer (in memory: ``--save-logs`` is off) and read back by the
real reader, replayed and compared, and the guard's invariants checked. The 10,000-run figure is timed as three
rounds of 500 runs, each paired with a ``tabletop validate`` process, and scaled to 10,000. The floor beside it:
per run, only the start event written and read back by the same log code (the case text encoded, hashed,
decoded and hashed again), which no run can skip while every run keeps a real log.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tabletop.sim.author.playtest import MemoryLog, playtest
from tabletop.sim.play.log import _read, scenario_block
from tests.bench.harness import ROOT, Figure, command, paired, repeated, timed
from tests.generate import layered_case

CASE = ROOT / "scenarios" / "rekrytering-forening.yaml"
ROUND, SCALE = 500, 20  # three rounds of 500 runs, scaled to 10,000


def _start_events(source: str, n: int) -> None:
    block = scenario_block(source, "case", CASE.name)
    for k in range(n):
        log = MemoryLog.create(
            Path(f"run{k}.jsonl"),
            "start",
            {
                "scenario": block,
                "departments": {"skola": 1 + k % 3},
                "group": "Playtest",
                "term": "HT2026",
                "mode": "warn",
                "lang": "sv",
            },
            now=lambda: datetime(2026, 11, 24, 13, tzinfo=UTC),
        )
        _read(log.path, bytes(log.data), allow_torn=False)


def figures():
    source = CASE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TABLETOP_CACHE_DIR": str(Path(tmp) / "cache")}
        counter = iter(range(10**6))
        ours, validate = paired(
            lambda: playtest(source, str(CASE), runs=ROUND, seed=next(counter) * ROUND),
            command("validate", str(CASE), env=env),
            rounds=3,
            warmup=False,
        )
        floor = repeated(lambda: _start_events(source, ROUND), rounds=3, warmup=False)
    yield Figure(
        f"playtest: 10,000 runs of {CASE.name} ({len(source) / 1000:.0f} kB), scaled from rounds of {ROUND:,}",
        [s * SCALE for s in ours],
        "one tabletop validate of it",
        validate,
        target_ratio=25,
        floors=[("each run's start event written and read back alone", [s * SCALE for s in floor])],
    )

    big = layered_case(5001, 3)
    runs = 3
    report = None

    def play_big():
        nonlocal report
        report = playtest(big, "generated.yaml", runs=runs, seed=0)

    seconds = timed(play_big)
    ended = sum(report.endings.values())
    yield Figure(
        f"playtest: {runs} runs of a 5,000-step case (checked once; {ended} of {runs} reached an ending, "
        f"{len(report.failures)} failed)",
        seconds,
        holds=report.ok and ended == runs,
        target_text="every run plays to an ending",
    )
