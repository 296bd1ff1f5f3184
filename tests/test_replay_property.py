"""Property: for any sequence of commands, replaying the log reproduces the live state exactly."""

from __future__ import annotations

import itertools
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.sim.play.session import Refused, Session, replay_file
from tests.conftest import MINIMAL

SOURCE = MINIMAL.read_text(encoding="utf-8")
TEXTS = st.sampled_from(
    [
        "We follow the routine.",
        "Ali Ekström is in 9B",
        "call 070-174 06 42",
        "pnr 20170101-2393",
        "Vi gör en orosanmälan.",
        "",
        "   ",
    ]
)
COMMANDS = st.one_of(
    st.tuples(st.just("contribute"), st.sampled_from(["skola", "polis", "fotboll"]), TEXTS),
    st.tuples(st.just("spoken"), st.sampled_from(["skola", "polis", "fotboll"])),
    st.tuples(st.just("note"), TEXTS),
    st.tuples(
        st.just("choose"),
        st.sampled_from(["routine", "ask-name", "stop", "together", "wait", "club-routine", "nope"]),
        st.booleans(),
    ),
    st.tuples(st.just("decline"), st.sampled_from(["ask-name", "routine"])),
    st.tuples(st.just("item"), TEXTS, st.sampled_from(["skola", "nobody"]), st.sampled_from(["VT2027", "soon"])),
    st.tuples(st.just("undo")),
    st.tuples(st.just("pause")),
    st.tuples(st.just("resume")),
    st.tuples(st.just("extend"), st.integers(-1, 70)),
    st.tuples(st.just("end"), TEXTS),
)


def run(session: Session, command: tuple) -> None:
    name, *args = command
    actions = {
        "contribute": lambda: session.contribute(*args),
        "spoken": lambda: session.mark_spoken(*args),
        "note": lambda: session.note(*args),
        "choose": lambda: session.choose(args[0], confirm=args[1]),
        "decline": lambda: session.decline(*args),
        "item": lambda: session.add_item(*args),
        "undo": session.undo,
        "pause": session.pause,
        "resume": session.resume_play,
        "extend": lambda: session.extend(*args),
        "end": lambda: session.end(*args),
    }
    actions[name]()


def snapshot(state) -> tuple:
    return (
        state.current,
        state.facts,
        state.seq,
        state.ended,
        state.paused_at,
        state.hotwash,
        [
            (v.step, v.seq, v.entered, v.left, v.choice, v.paused_seconds, v.extended_minutes, v.spoken, v.undone)
            for v in state.visits
        ],
        state.contributions,
        state.notes,
        state.decisions,
        state.items,
        state.flags,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(COMMANDS, max_size=25), st.sampled_from(["warn", "strict"]))
def test_replaying_any_log_reproduces_the_live_state(commands, mode):
    ticks = itertools.count()
    start = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def clock():
        return start + timedelta(seconds=17 * next(ticks))

    with tempfile.TemporaryDirectory() as tmp:
        session = Session.start(
            SOURCE,
            file="minimal.yaml",
            departments={"skola": 2, "polis": 1},
            term="HT2026",
            mode=mode,
            log_path=Path(tmp) / "p.jsonl",
            now=clock,
        )
        for command in commands:
            before = session.path.read_bytes()
            try:
                run(session, command)
            except Refused:
                assert session.path.read_bytes() == before  # a refused command changes nothing
        session.close()
        assert snapshot(replay_file(session.path)) == snapshot(session.state)
