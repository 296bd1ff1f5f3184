"""``stats`` over 1,000 session logs of 200 events each against reading and json.loads of every line."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tabletop.sim.play.session import Session
from tabletop.sim.review.stats import stats
from tests.bench.harness import Figure, paired
from tests.conftest import MINIMAL

LOGS, EVENTS = 1_000, 200


def play(source: str, path: Path, n: int) -> None:
    """One session of exactly EVENTS events: contributions, notes, items, pauses, choices, an undo, the end."""
    ticks = iter(range(0, 10**7, 7 + n % 5))
    start = datetime(2026, 11, 24, 13, tzinfo=UTC) + timedelta(days=n)
    present = {"skola": 1 + n % 3, "polis": 1} if n % 4 else {"skola": 2, "polis": 1, "fotboll": 2}
    session = Session.start(
        source,
        file="minimal.yaml",
        departments=present,
        term=("HT2026", "VT2027")[n % 2],
        group=f"Group {n % 7}",
        lang=("sv", "en")[n % 2],
        log_path=path,
        now=lambda: start + timedelta(seconds=next(ticks)),
    )
    depts = list(present)
    while session.state.seq < EVENTS - 3:  # then one more, and the end
        state, k = session.state, session.state.seq
        if state.paused:
            session.resume_play()
        elif state.current == "start" and k == 40 and n % 3 == 0:
            session.choose("ask-name", reasons="Vill veta", agreed=depts[:1], confirm=True)
        elif state.current == "named" and k == 50:
            session.undo()
        elif state.current == "start" and k >= 60:
            session.choose("routine", reasons="Rutinen", agreed=depts[:2])
        elif state.current == "follow-up" and k >= 120:
            session.choose("together" if n % 5 else "wait", reasons="Samverkan", agreed=depts[:1], dissented=depts[1:2])
        elif k % 23 == 5:
            session.note(f"Anteckning {k}: bra diskussion om rutinen.")
        elif k % 37 == 7:
            session.add_item(f"Se över rutin {k}", depts[0], "VT2027")
        elif k % 29 == 3 and not state.paused:
            session.pause()
        else:
            session.contribute(depts[k % len(depts)], f"Inspel {k}: vi följer vår rutin och kontaktar elevhälsan.")
    if session.state.paused:
        session.resume_play()
    else:
        session.extend(5)
    session.end("Bra övning.")
    session.close()


def make_logs(folder: Path) -> list[Path]:
    source = MINIMAL.read_text(encoding="utf-8")
    real_fsync = os.fsync
    os.fsync = lambda fd: None  # building the fixture only: 200,000 fsyncs would measure the disk
    try:
        paths = []
        for n in range(LOGS):
            path = folder / f"session-{n:04d}.jsonl"
            play(source, path, n)
            paths.append(path)
    finally:
        os.fsync = real_fsync
    return paths


def figures():
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_logs(folder)
        lines = sum(len(p.read_bytes().splitlines()) for p in paths)
        assert lines == LOGS * EVENTS, lines

        def baseline():
            for path in paths:
                for line in path.read_bytes().splitlines():
                    json.loads(line)

        result = stats([folder])
        assert result.sessions == LOGS and not result.skipped, result.skipped[:3]
        ours, base = paired(lambda: stats([folder]).json(), baseline, rounds=3, warmup=False)
        yield Figure(
            f"stats over {LOGS:,} logs of {EVENTS} events (verify + replay + count + json)",
            ours,
            "read + json.loads per line",
            base,
            target_ratio=3.0,
        )
