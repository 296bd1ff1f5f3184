"""Format 1.1, the story a case tells: consequences, text that varies with the facts, injects on the step's clock or
the facilitator's key, role cards; loaded, checked, played, replayed and reported, with every v1 case unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tabletop.sim.author.explore import explore
from tabletop.sim.format.loader import load_file, load_text
from tabletop.sim.format.model import paragraphs_for, text_for
from tabletop.sim.format.schema import json_schema
from tabletop.sim.play.log import read_log
from tabletop.sim.play.queries import due_injects, pending_injects, shown_injects
from tabletop.sim.play.session import Refused, Session, replay
from tabletop.sim.review.replay import describe, details
from tabletop.sim.review.report import report_markdown
from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
STORY = FIXTURES / "valid" / "story.yaml"
V1_CASES = [
    p
    for p in [*sorted((ROOT / "scenarios").glob("*.yaml")), FIXTURES / "valid" / "minimal.yaml"]
    if "\nformat: 1\n" in p.read_text(encoding="utf-8")
]


class Clock:
    """The session's clock, moved by the test: nothing here sleeps."""

    def __init__(self):
        self.now = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **kwargs) -> datetime:
        self.now += timedelta(**kwargs)
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def session(tmp_path, clock):
    s = Session.start(
        STORY.read_text(encoding="utf-8"),
        file="story.yaml",
        departments={"skola": 2, "polis": 1},
        term="HT2026",
        lang="en",
        log_path=tmp_path / "s.jsonl",
        now=clock,
    )
    yield s
    s.close()


# --- the format ------------------------------------------------------------------------------------------------------


def test_the_story_fixture_is_clean_and_declares_format_1_1():
    result = load_file(STORY)
    assert result.ok and not result.diagnostics, [d.format() for d in result.diagnostics]
    assert result.scenario.format == 1.1


@pytest.mark.parametrize("path", V1_CASES, ids=lambda p: p.name)
def test_every_v1_case_stays_valid_unchanged_and_also_reads_as_1_1(path):
    text = path.read_text(encoding="utf-8")
    as_v1 = load_text(text, str(path))
    as_v11 = load_text(text.replace("\nformat: 1\n", "\nformat: 1.1\n", 1), str(path))
    assert as_v1.ok and as_v11.ok
    assert [d.code for d in as_v1.diagnostics] == [d.code for d in as_v11.diagnostics]


def test_the_format_version_is_1_or_1_1_exactly():
    text = STORY.read_text(encoding="utf-8")
    for bad in ("1.0", "1.2", "'1.1'", "2"):
        [d] = load_text(text.replace("format: 1.1", f"format: {bad}"), "case.yaml").diagnostics
        assert d.code == "F204" and "1 and 1.1" in d.message


def test_a_v1_case_that_uses_an_addition_is_told_to_declare_1_1():
    text = STORY.read_text(encoding="utf-8").replace("format: 1.1", "format: 1")
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "S801" and "choice 'routine' consequence" in d.message


def test_the_schema_describes_every_addition():
    schema = json_schema()
    defs = schema["$defs"]
    assert "consequence" in defs["Choice"]["properties"]
    assert "injects" in defs["Step"]["properties"] and "after" in defs["Inject"]["properties"]
    assert "roles" in schema["properties"] and "department" in defs["RoleCard"]["properties"]
    assert schema["properties"]["format"]["enum"] == [1, 1.1]
    assert "array" in str(defs["Step"]["properties"]["text"])  # paragraphs


def test_a_paragraph_takes_only_text_and_when(tmp_path):
    text = STORY.read_text(encoding="utf-8").replace("      - when: reported\n", "      - whan: reported\n", 1)
    result = load_text(text, "case.yaml")
    assert [d.code for d in result.diagnostics] == ["F202"]
    assert "whan" in result.diagnostics[0].message


def test_an_unknown_fact_in_a_paragraph_is_named_where_it_is():
    text = STORY.read_text(encoding="utf-8").replace("      - when: reported\n", "      - when: reportd\n", 1)
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "R306" and "reportd" in d.message and "did you mean 'reported'" in d.message
    assert d.line == text.splitlines().index("      - when: reportd") + 1


def test_injects_must_arrive_within_the_timebox_and_be_unique():
    text = STORY.read_text(encoding="utf-8")
    late = load_text(text.replace("after: 5m", "after: 10m"), "case.yaml").diagnostics
    assert [d.code for d in late] == ["S803"]
    twice = load_text(text.replace("id: post-viral", "id: paper-calls"), "case.yaml").diagnostics
    assert [d.code for d in twice] == ["R301"] and "inject" in twice[0].message


def test_a_role_card_names_a_declared_department_once():
    text = STORY.read_text(encoding="utf-8")
    wrong = load_text(text.replace("  - department: polis", "  - department: polisen"), "case.yaml").diagnostics
    assert [d.code for d in wrong if d.code.startswith("R")] == ["R304"]
    twice = text + "  - department: polis\n    text: Again.\n"
    [d] = load_text(twice, "case.yaml").diagnostics
    assert d.code == "R301" and "role card" in d.message


def test_without_facts_a_text_reads_as_its_unconditional_paragraphs():
    step = load_file(STORY).scenario.step("paper")
    assert text_for(step.text, "en") == "Two days later new stickers are up."
    assert paragraphs_for(step.text, {"reported": True}, "sv") == (
        "Två dagar senare sitter nya klistermärken uppe.\n\nPolisen har redan materialet från i måndags."
    )
    assert paragraphs_for(step.text, {"reported": False}, "en").endswith("Nobody kept anything from Monday.")


def test_the_case_cache_gives_back_the_same_story(tmp_path, monkeypatch):
    text = STORY.read_text(encoding="utf-8")
    first = load_text(text, "story.yaml", cached=True)
    again = load_text(text, "story.yaml", cached=True)
    assert again.scenario.step("paper").text == first.scenario.step("paper").text
    assert again.scenario.step("paper").injects[0].after == "5m"
    assert again.scenario.roles[0].department == "polis"
    assert again.scenario.step("start").choices[0].consequence["en"].startswith("The police")


def test_explore_counts_the_story_and_its_state_space_is_that_of_the_same_case_without_it():
    scenario = load_file(STORY).scenario
    report = explore(scenario)
    assert report.story == (1, 2, 2)
    assert any("never which choices are available" in line for line in report.lines("en"))
    plain = STORY.read_text(encoding="utf-8")
    cut = plain.index("roles:")
    without = load_text(plain[:cut], "x.yaml").scenario
    assert (explore(without).states, explore(without).transitions) == (report.states, report.transitions)


# --- playing ---------------------------------------------------------------------------------------------------------


def test_a_consequence_shows_before_the_next_step_until_the_facilitator_moves_on(session):
    session.choose("routine")
    state = session.state
    assert state.current == "paper"
    assert state.consequence["choice"] == "routine"
    assert state.consequence["text"]["en"] == "The police receive the report the same day."
    session.move_on()
    assert state.consequence is None
    with pytest.raises(Refused):
        session.move_on()


def test_a_choice_without_a_consequence_shows_none_and_undo_takes_it_back(session):
    session.choose("routine")
    session.undo()
    assert session.state.consequence is None
    session.choose("quiet")
    assert session.state.consequence is None


def test_the_text_the_room_reads_follows_the_facts(session):
    session.choose("routine")
    state = session.state
    assert "The police already have" in paragraphs_for(state.step.text, state.facts, "en")
    session.undo()
    session.choose("quiet")
    shown = paragraphs_for(state.step.text, state.facts, "en")
    assert "Nobody kept anything" in shown and "already have" not in shown


def test_a_timed_inject_arrives_on_the_steps_clock_not_before(session, clock):
    session.choose("routine")
    assert [i.id for i in pending_injects(session.state)] == ["paper-calls", "post-viral"]
    assert due_injects(session.state, clock.advance(minutes=4, seconds=59)) == []
    assert session.bring_in_due(clock.now) == []
    [event] = session.bring_in_due(clock.advance(seconds=1))
    assert event["type"] == "inject" and event["payload"] == {"step": "paper", "inject": "paper-calls", "timed": True}
    assert [i.id for i in shown_injects(session.state)] == ["paper-calls"]
    assert session.bring_in_due(clock.advance(minutes=3)) == []  # shown once


def test_time_paused_does_not_count_toward_an_inject(session, clock):
    session.choose("routine")
    clock.advance(minutes=2)
    session.pause()
    clock.advance(minutes=30)
    assert due_injects(session.state, clock.now) == []
    assert session.bring_in_due(clock.now) == []  # nothing arrives while the clock is stopped
    session.resume_play()
    assert due_injects(session.state, clock.advance(minutes=2, seconds=59)) == []
    assert [i.id for i in due_injects(session.state, clock.advance(seconds=1))] == ["paper-calls"]


def test_the_facilitators_key_brings_in_the_next_news_then_refuses(session):
    with pytest.raises(Refused, match="no more news"):
        session.bring_in()  # the first step has none
    session.choose("routine")
    session.bring_in()
    session.bring_in()
    assert [i.id for i in shown_injects(session.state)] == ["paper-calls", "post-viral"]
    with pytest.raises(Refused, match="no more news"):
        session.bring_in()


def test_news_shown_stays_shown_after_an_undo_returns_to_the_step(session):
    session.choose("routine")
    session.bring_in("post-viral")
    session.choose("answer")
    session.undo()
    assert [i.id for i in shown_injects(session.state)] == ["post-viral"]
    assert [i.id for i in pending_injects(session.state)] == ["paper-calls"]


def test_replay_shows_the_same_consequence_and_news_and_reports_carry_them(session, clock):
    session.choose("routine", reasons="enligt rutin")
    clock.advance(minutes=6)
    session.bring_in_due(clock.now)
    session.bring_in()
    events, _ = read_log(session.path)
    assert [e["type"] for e in events] == ["start", "choice", "inject", "inject"]
    middle = replay(events, 2)
    assert middle.consequence["choice"] == "routine" and middle.injects == []
    again = replay(events)
    assert again.consequence == session.state.consequence and again.injects == session.state.injects
    scenario = session.state.scenario
    assert (
        describe(events[2], scenario, "sv")
        == "Nyhet kom enligt tid: Lokaltidningen ringer och frågar vad kommunen gör."
    )
    assert describe(events[3], scenario, "en").startswith("News brought in: A post about the school")
    assert "What happened: The police receive the report the same day." in details(events[1], scenario, "en")
    session.choose("answer")
    session.end()
    report = report_markdown(replay(read_log(session.path)[0]), "en")
    assert "what happened: The police receive the report the same day." in report
    assert "news during the step: The local paper calls" in report


def test_playtest_brings_in_the_news_and_replays_equal(tmp_path):
    from tabletop.sim.author.playtest import playtest

    result = playtest(STORY.read_text(encoding="utf-8"), str(STORY), runs=20, seed=3)
    assert result.ok, result.lines(load_file(STORY).scenario)
