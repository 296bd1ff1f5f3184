"""The shapes in sim.play.events are the events a session writes: every kind, every key, nothing else."""

from __future__ import annotations

import typing
from datetime import UTC, datetime, timedelta

from tabletop.sim.play import events
from tabletop.sim.play.log import read_log
from tabletop.sim.play.session import _HANDLERS, Session, replay
from tests.conftest import MINIMAL

TEST_PNR = "20170101-2393"  # the Swedish Tax Agency's published test personal identity number
COMMON = {"said", "signed"}  # what any payload may carry


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(seconds=30)
        return self.now


def _every_kind(tmp_path) -> list[dict]:
    """A session that writes each kind of event at least once, as read back from its log."""
    path = tmp_path / "every.jsonl"
    s = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        file="minimal.yaml",
        departments={"skola": 3, "polis": 1},
        term="HT2026",
        group=f"Norrby {TEST_PNR}",  # flagged: the start event gets its flags
        lang="en",
        log_path=path,
        now=Clock(),
        briefing=True,
    )
    s.begin()
    s.contribute("skola", "The class mentor saw it first.")
    s.mark_spoken("polis")
    s.note(f"check {TEST_PNR}")
    s.propose("ask-name")
    s.move_on()
    s.decline("ask-name")
    s.choose("ask-name", reasons="we need to know", agreed=["skola"], confirm=True)
    s.undo()
    s.choose("routine")
    s.add_item("Write the routine down", "skola", "VT2027")
    s.mark_item_done("earlier.jsonl#3")
    s.pause()
    s.resume_play()
    s.extend(5)
    s.close()
    resumed, _ = Session.resume(path, now=Clock())
    resumed.resume_play()
    resumed.end("It went well.")
    resumed.close()
    return read_log(path)[0]


def _keys(shape: type) -> tuple[frozenset[str], frozenset[str]]:
    return shape.__required_keys__, shape.__optional_keys__


def test_every_kind_the_reducer_folds_has_a_shape_and_no_shape_is_left_over():
    assert set(events.PAYLOADS) == set(_HANDLERS) | {"start"}
    assert set(typing.get_args(events.Kind)) == set(events.PAYLOADS)


def test_every_event_a_session_writes_has_the_keys_of_its_shape(tmp_path):
    written = _every_kind(tmp_path)
    assert {e["type"] for e in written} == set(events.PAYLOADS), "the session above writes every kind"
    for event in written:
        assert set(event) == set(events.Event.__annotations__)
        required, optional = _keys(events.PAYLOADS[event["type"]])
        keys = set(event["payload"])
        assert required <= keys, f"{event['type']} lacks {sorted(required - keys)}"
        assert keys <= required | optional | COMMON, f"{event['type']} has {sorted(keys - required - optional)}"
        for flag in event["payload"].get("flags", ()):
            flag_required, flag_optional = _keys(events.FlagRecord)
            assert flag_required <= set(flag) <= flag_required | flag_optional, flag
    assert replay(written).ended is not None


def test_what_every_payload_may_carry_is_in_every_shape():
    for kind, shape in events.PAYLOADS.items():
        _, optional = _keys(shape)
        assert optional >= COMMON, kind
