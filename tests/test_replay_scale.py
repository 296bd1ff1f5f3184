"""Replay at any size: the replayer's checkpoints give exactly the state that folding from the start gives.

A checkpoint shares the entries of the lists the reducer only appends to and copies the rest; this folds a log
with every kind of event (undos that mark earlier decisions, flags and visits undone, pauses, items, flagged
text) and compares every field of the state after each event, visited in a shuffled order.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import random
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

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


@pytest.fixture(scope="module")
def log_of_3000(tmp_path_factory):
    return long_log(tmp_path_factory.mktemp("long"), 3000)


def test_a_long_log_keeps_a_bounded_number_of_checkpoints(log_of_3000):
    events = log_of_3000
    replayer = Replayer(events, every=4).prepare()
    assert len(replayer._checkpoints) <= MAX_CHECKPOINTS + 1
    assert fields(replayer.state_at(1234)) == fields(replay(events, 1235))


def held_by_replayer(events) -> int:
    """The bytes a prepared replayer holds beyond the events themselves: its checkpoints and its working state."""
    gc.collect()  # no garbage of an earlier test counted as this one's
    tracemalloc.start()
    try:
        replayer = Replayer(events).prepare()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del replayer
    return held


def test_the_replayers_memory_grows_linearly_with_the_log_and_stays_near_its_size(log_of_3000):
    """Checkpoints share what the reducer only appends to: no deep copy of the whole state every few events.

    A copy of the state at each checkpoint would make the last thousand events cost more than the first thousand
    (the state they copy is longer); shared entries keep each event's cost the same wherever it falls.
    """
    events = log_of_3000
    held_by_replayer(events[:100])  # once before measuring: what the first fold caches for good is not the log's
    first, second, third = (held_by_replayer(events[:n]) for n in (1000, 2000, 3000))
    assert third - second < 1.25 * (second - first)
    logged = sum(len(json.dumps(event)) for event in events)
    assert third < 3 * logged  # about 1.6x the events' own text here
