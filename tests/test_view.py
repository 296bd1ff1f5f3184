"""The queries the app renders (sim.play.queries) and the debrief Markdown (sim.review.debrief), without a terminal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tabletop.sim.play.queries import (
    breadcrumb_steps,
    clock,
    current_term,
    list_sessions,
    newest_unfinished,
    objectives,
    path_times,
    remaining_seconds,
    speakers,
    step_contributions,
)
from tabletop.sim.play.session import Session
from tabletop.sim.review.debrief import markdown, report_paths
from tests.conftest import MINIMAL

START = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def played(tmp_path):
    tick = Clock()
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1, "polis": 2},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=tick,
    )
    yield session, tick
    session.close()


def test_the_timebox_counts_down_without_the_time_paused_and_with_extensions(played):
    session, tick = played
    tick.advance(120)
    assert remaining_seconds(session.state, tick.now) == 480
    session.pause()
    tick.advance(300)
    assert remaining_seconds(session.state, tick.now) == 480
    session.resume_play()
    session.extend(5)
    tick.advance(60)
    assert remaining_seconds(session.state, tick.now) == 720
    assert clock(-75) == "-1:15" and clock(600) == "10:00"


def test_speakers_lists_the_departments_present_in_the_cases_order(played):
    session, _ = played
    session.mark_spoken("polis")
    assert speakers(session.state) == [("skola", False), ("polis", True)]


def test_an_undone_choice_leaves_the_breadcrumb_but_its_time_is_kept(played):
    session, tick = played
    tick.advance(60)
    session.choose("routine")
    tick.advance(30)
    session.undo()
    assert breadcrumb_steps(session.state) == ["start"]
    # back at the step: one entry, its time kept (the 30 s on the undone step are not the group's time here)
    assert [(p.step, p.seconds) for p in path_times(session.state, tick.now)] == [("start", 60.0)]


def test_an_undo_keeps_what_was_said_and_who_spoke_at_the_step(played):
    session, tick = played
    session.contribute("polis", "We follow our routine.")
    tick.advance(60)
    session.choose("routine")
    session.undo()
    assert [c["text"] for c in step_contributions(session.state)] == ["We follow our routine."]
    assert ("polis", True) in speakers(session.state)


def test_the_ending_says_which_objectives_were_met(played):
    session, _ = played
    session.choose("routine")
    session.choose("together")
    met, missed = objectives(session.state)
    assert [o.id for o in met] == ["routine"] and missed == []


def test_the_debrief_lists_outcome_flags_and_redacted_contributions(played):
    session, tick = played
    session.contribute("polis", "Ali Ekström was seen")
    session.decline("ask-name")
    session.choose("routine")
    session.choose("wait")
    session.end()
    text = markdown(session.state, "en", tick.now)
    assert "**Outcome:** poor" in text
    assert "[elev-a: name] was seen" in text and "Ekström" not in text
    assert "declined" in text and "✘ **Know the school's routine**" in text
    assert {p.name for p in report_paths(session.path).values()} == {
        session.path.stem + ".report.md",
        session.path.stem + ".report.html",
    }


def test_sessions_are_listed_newest_first_with_whether_they_ended(tmp_path):
    tick = Clock()
    source = MINIMAL.read_text(encoding="utf-8")
    first = Session.start(source, departments={"skola": 1}, term="HT2026", log_dir=tmp_path, now=tick)
    first.end()
    first.close()
    tick.advance(3600)
    second = Session.start(source, departments={"skola": 1}, term="VT2027", log_dir=tmp_path, now=tick)
    second.close()
    (tmp_path / "notes.jsonl").write_text("not a log\n")
    listed = list_sessions(tmp_path)
    assert [(s.term, s.ended) for s in listed] == [("VT2027", False), ("HT2026", True)]
    assert newest_unfinished(tmp_path) == second.path
    assert list_sessions(tmp_path / "missing") == []


def test_the_term_follows_the_school_year():
    assert current_term(datetime(2026, 8, 20)) == "HT2026"
    assert current_term(datetime(2027, 2, 1)) == "VT2027"


BIG = MINIMAL.parents[2].parent / "scenarios" / "rekrytering-forening.yaml"  # a start event of over 100 KB


def test_a_session_with_only_its_long_start_event_or_a_torn_last_line_is_listed_as_unfinished(tmp_path):
    session = Session.start(
        BIG.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", log_dir=tmp_path, now=lambda: START
    )
    session.close()
    assert session.path.stat().st_size > 100_000
    (only,) = list_sessions(tmp_path)
    assert (only.path, only.ended, only.events, only.scenario_id) == (session.path, False, 1, BIG.stem)
    with session.path.open("ab") as fh:
        fh.write(b'{"payload":{"step":"st')  # a crash while the second event was being written
    (torn,) = list_sessions(tmp_path)
    assert (torn.ended, torn.events) == (False, 1) and newest_unfinished(tmp_path) == session.path


def test_the_log_folder_finds_a_session_once_its_start_event_is_complete_and_moves_on_only_to_a_later_one(tmp_path):
    from tabletop.sim.play.queries import LogFolder

    source = tmp_path / "source"
    made = Session.start(
        BIG.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", log_dir=source, now=lambda: START
    )
    made.close()
    line = made.path.read_bytes()
    logs = tmp_path / "logs"
    logs.mkdir()
    folder = LogFolder(logs)
    arriving = logs / made.path.name
    arriving.write_bytes(line[:70_000])
    assert folder.sessions() == []  # the start event is still being written
    with arriving.open("ab") as fh:
        fh.write(line[70_000:])
    found = folder.newest_unfinished()
    assert found is not None and found.path == arriving
    earlier = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        log_dir=logs,
        now=lambda: START - timedelta(days=1),
    )
    earlier.close()
    assert folder.newest_unfinished(after=found) is None  # an older unfinished session is never "newer"
    later = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        log_dir=logs,
        now=lambda: START + timedelta(hours=1),
    )
    later.end()
    later.close()
    assert folder.newest_unfinished(after=found) is None  # a later session that has ended is not followed
    assert [s.path for s in folder.sessions()] == [later.path, arriving, earlier.path]
