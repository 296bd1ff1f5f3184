"""Replay at any size: the replayer's checkpoints give exactly the state that folding from the start gives.

A checkpoint shares the entries of the lists the reducer only appends to and copies the rest; this folds a log
with every kind of event (undos that mark earlier decisions, flags and visits undone, pauses, items, flagged
text) and compares every field of the state after each event, visited in a shuffled order.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

from tabletop.sim.play.log import read_log
from tabletop.sim.play.session import Session, replay
from tabletop.sim.review.replay import MAX_CHECKPOINTS, Replayer
from tests.conftest import MINIMAL


def long_log(tmp_path, count: int):
    ticks = iter(range(10**6))
    start = datetime(2026, 11, 24, 13, tzinfo=UTC)
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 2, "polis": 1},
        term="HT2026",
        log_dir=tmp_path,
        now=lambda: start + timedelta(seconds=next(ticks)),
    )
    while session.state.seq < count - 1:
        n = session.state.seq
        if session.state.paused:
            session.resume_play()
        elif n % 23 == 22 and session.state.undo_stack:
            session.undo()
        elif n % 11 == 5 and session.state.current == "start":
            session.choose("ask-name" if n % 2 else "routine", reasons="Routine", agreed=["skola"], confirm=True)
        elif n % 17 == 3:
            session.pause()
        elif n % 13 == 7:
            session.add_item(f"Item {n}", "skola", "VT2027")
        elif n % 7 == 1:
            session.contribute("skola", f"Eleven 20170101-2393 sa något ({n})")
        else:
            session.contribute("polis" if n % 2 else "skola", f"Contribution {n}: we check the routine.")
    session.close()
    return read_log(session.path)[0]


def fields(state) -> dict:
    return {f.name: getattr(state, f.name) for f in dataclasses.fields(state) if f.name != "scenario"}


def test_every_state_from_checkpoints_equals_the_fold_from_the_start_in_any_order(tmp_path):
    events = long_log(tmp_path, 400)
    assert {"undo", "pause", "resume", "item", "choice"} <= {e["type"] for e in events}
    replayer = Replayer(events, every=16).prepare()
    order = list(range(len(events))) * 2
    random.Random(15).shuffle(order)
    for index in order[:500]:
        assert fields(replayer.state_at(index)) == fields(replay(events, index + 1)), index


def test_a_long_log_keeps_a_bounded_number_of_checkpoints(tmp_path):
    events = long_log(tmp_path, 3000)
    replayer = Replayer(events, every=4).prepare()
    assert len(replayer._checkpoints) <= MAX_CHECKPOINTS + 1
    assert fields(replayer.state_at(1234)) == fields(replay(events, 1235))
