"""Replaying a 10,000-event session log (read, verify, fold) against json.loads over its lines."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tabletop.sim.play.log import read_log
from tabletop.sim.play.session import Session, replay
from tests.bench.harness import Figure, best_of
from tests.conftest import MINIMAL


def figures():
    source = MINIMAL.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        ticks = iter(range(10**6))
        start = datetime(2026, 11, 24, 13, tzinfo=UTC)
        path = Path(tmp) / "long.jsonl"
        session = Session.start(
            source,
            departments={"skola": 2, "polis": 1},
            term="HT2026",
            log_path=path,
            now=lambda: start + timedelta(seconds=next(ticks)),
        )
        real_fsync = os.fsync
        os.fsync = lambda fd: None  # building the fixture only: 10,000 fsyncs would measure the disk
        try:
            while session.state.seq < 9_999:
                n = session.state.seq
                if n % 50 == 49 and session.state.undo_stack:
                    session.undo()
                elif n % 50 == 10 and session.state.current == "start":
                    session.choose("routine", reasons="Routine", agreed=["skola"])
                else:
                    session.contribute("skola" if n % 2 else "polis", f"Contribution {n}: we check the routine.")
        finally:
            os.fsync = real_fsync
        session.close()
        lines = path.read_bytes().splitlines()
        baseline = best_of(lambda: [json.loads(line) for line in lines])
        ours = best_of(lambda: replay(read_log(path)[0]))
        yield Figure(
            f"replay {len(lines):,} events (read + verify + fold)",
            ours,
            "json.loads per line",
            baseline,
            target_ratio=2.0,
        )
