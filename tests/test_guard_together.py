"""What adds up over a session: narrowing details said in different contributions, and at earlier steps,
are judged together, and the contribution that completes a combination is flagged, naming the earlier ones.
The session folds what was said from its log, so a replay judges exactly as the live session did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tabletop.sim.format.model import Persona
from tabletop.sim.guard import check_in_session, scan_text
from tabletop.sim.guard.together import Said
from tabletop.sim.play.session import Session, replay_file
from tests.conftest import MINIMAL

ALI = Persona(
    id="elev-a",
    label="en elev",
    identifiers={"name": ["Ali Ekström"], "school": ["Ekbackens skola"], "class": ["9B"], "age": ["15 år"]},
)


class Clock:
    def __init__(self):
        self.now = datetime(2026, 9, 14, 9, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(seconds=30)
        return self.now


@pytest.fixture
def session(tmp_path):
    s = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        file="minimal.yaml",
        departments={"skola": 3, "polis": 1},
        term="HT2026",
        mode="warn",
        lang="en",
        log_path=tmp_path / "s.jsonl",
        now=Clock(),
    )
    yield s
    s.close()


def test_one_detail_alone_is_ordinary_talk():
    redacted, flags, details = check_in_session("Det gäller en elev i 9B.", [ALI], [])
    assert flags == [] and redacted == "Det gäller en elev i 9B." and details == [("elev-a", "class")]


def test_a_detail_that_completes_a_combination_is_flagged_naming_the_earlier_one():
    said = [Said("elev-a", "school", "socialtjanst", 2)]
    redacted, flags, _ = check_in_session("Eleven går i 9B.", [ALI], said, tags="en")
    assert [(f.rule_id, f.kind) for f in flags] == [("narrowing", "class")]
    assert "together with what socialtjanst said at step 2" in flags[0].detail
    assert redacted == "Eleven går i [elev-a: class]."


def test_the_same_kind_again_or_another_personas_detail_does_not_add_up():
    assert check_in_session("Eleven går i 9B.", [ALI], [Said("elev-a", "class", "skola", 1)])[1] == []
    assert check_in_session("Eleven går i 9B.", [ALI], [Said("elev-b", "school", "skola", 1)])[1] == []


def test_two_details_in_one_text_are_flagged_by_the_text_alone():
    text = "Eleven på Ekbackens skola går i 9B."
    assert check_in_session(text, [ALI], [Said("elev-a", "age", "polis", 1)])[1] == scan_text(text, [ALI])


def test_in_a_session_details_said_by_different_departments_at_different_steps_add_up(session):
    first = session.contribute("skola", "Det gäller en elev på Ekbackens skola.")
    assert first["payload"]["flags"] == []
    session.choose("routine")
    second = session.contribute("polis", "Vi har sett affischer kring Ekbackens skola.")
    assert second["payload"]["flags"] == []  # the same kind again
    third = session.note("Hen går i 9B, har vi hört.")
    flags = third["payload"]["flags"]
    assert [(f["rule"], f["kind"]) for f in flags] == [("narrowing", "class")]
    assert "together with what skola said at step 1; what polis said at step 2" in flags[0]["detail"]
    assert "9B" not in third["payload"]["text"]


def test_replay_folds_what_was_said_and_judges_as_the_live_session(session):
    session.contribute("skola", "Det gäller en elev på Ekbackens skola.")
    session.note("Hen går i 9B.")
    replayed = replay_file(session.path)
    assert replayed.said == session.state.said
    assert [f["rule"] for f in replayed.flags] == [f["rule"] for f in session.state.flags] == ["narrowing"]


def test_the_log_keeps_whose_detail_of_which_kind_never_the_words(session):
    event = session.contribute("skola", "Det gäller en elev på Ekbackens skola.")
    assert event["payload"]["said"] == [{"persona": "elev-a", "kind": "school", "by": "skola", "step": 1}]
    assert "Ekbackens" not in str(event["payload"]["said"])
