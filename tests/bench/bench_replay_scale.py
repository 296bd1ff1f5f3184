"""Replay at any size: opening a log (read, verify, fold, timeline) and jumping to any event, on 1k, 10k, 100k events.

Each opening is timed against reading the same file and ``json.loads`` per line, in alternating pairs (median and
the ratio's spread). The target: at most 3x at 100,000 events, under 5 s to open and under 100 ms for the slowest
of the jumps.
"""

from __future__ import annotations

import gc
import json
import random
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from tabletop.sim.play.log import LogWriter, scenario_block
from tabletop.sim.review.replay import open_recording
from tests.bench.harness import Figure, paired
from tests.conftest import MINIMAL

TEXTS = [
    "Skolan följer sin rutin: mentorn informerar rektor, som kontaktar elevhälsan.",
    "Polisen: kommunpolisen tar frågan till SSPF-gruppen, på verksamhetsnivå.",
    "Vi behöver veta vilken rutin som gäller när elever delar extremistiskt material.",
]


def make_log(folder: Path, count: int) -> Path:
    """A session the reducer accepts: contributions and notes, a choice and its undo now and then."""
    rng = random.Random(15)
    source = MINIMAL.read_text(encoding="utf-8")
    moments = iter(datetime(2026, 11, 24, 18, tzinfo=UTC) + timedelta(seconds=i) for i in range(count + 1))
    path = folder / f"long-{count}.jsonl"
    start = {
        "scenario": scenario_block(source, "minimal", "minimal.yaml"),
        "group": "Bench",
        "term": "HT2026",
        "mode": "warn",
        "lang": "sv",
        "departments": {"skola": 2, "polis": 1},
    }
    with mock.patch("os.fsync"), LogWriter.create(path, "start", start, now=lambda: next(moments)) as writer:
        chosen = None
        for i in range(1, count):
            if chosen is not None and i % 50 == 0:
                writer.append("undo", {"choice": "routine", "choice_seq": chosen, "step": "start"})
                chosen = None
            elif chosen is None and i % 50 == 25:
                writer.append(
                    "choice",
                    {
                        "step": "start",
                        "choice": "routine",
                        "goto": "follow-up",
                        "reasons": rng.choice(TEXTS),
                        "agreed": ["skola"],
                        "dissented": [],
                        "flags": [],
                        "confirmed": False,
                    },
                )
                chosen = i
            elif i % 9 == 0:
                writer.append("note", {"step": "start", "text": rng.choice(TEXTS), "flags": []})
            else:
                writer.append(
                    "contribution",
                    {
                        "step": "start",
                        "department": rng.choice(["skola", "polis"]),
                        "text": rng.choice(TEXTS),
                        "flags": [],
                    },
                )
    return path


def figures():
    with tempfile.TemporaryDirectory() as folder:
        for count in (1_000, 10_000, 100_000):
            path = make_log(Path(folder), count)

            def bare(path=path):
                return [json.loads(line) for line in path.read_bytes().splitlines()]

            def opening(path=path):
                return open_recording(path, bundled=False)

            ours, base = paired(opening, bare, rounds=3 if count == 100_000 else 5)
            yield Figure(
                f"open {count:,} events",
                ours,
                "read + json.loads per line",
                base,
                target_ratio=3.0 if count == 100_000 else None,
                target_seconds=5.0 if count == 100_000 else None,
            )
            recording = opening()
            if count > 10_000:
                gc.freeze()  # as the replay screen does for a long log (see tui/screens/replay.py)
            rng = random.Random(count)
            jumps = []
            for index in [rng.randrange(count) for _ in range(200)] + [0, count - 1, count // 2]:
                started = time.perf_counter()
                recording.replayer.state_at(index)
                jumps.append(time.perf_counter() - started)
            jumps.sort()
            yield Figure(
                f"jump to any event, {count:,} events (the slowest of {len(jumps)} jumps; median "
                f"{jumps[len(jumps) // 2] * 1000:.1f} ms)",
                jumps[-1],
                target_seconds=0.1,
            )
            if count == 100_000:
                tracemalloc.start()
                held = opening()
                size = tracemalloc.get_traced_memory()[0]
                tracemalloc.stop()
                events_only = sum(len(line) for line in path.read_bytes().splitlines())
                yield Figure(
                    f"memory held by an open 100,000-event log: {size / 1e6:.0f} MB "
                    f"({size / events_only:.1f}x the log's bytes; the time is the traced opening's)",
                    [0.0],
                )
                del held
