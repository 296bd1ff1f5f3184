"""Two sessions of one case side by side: where the paths parted, flags and timings that differ."""

from __future__ import annotations

import pytest

from tabletop.sim.play.session import Session, replay_file
from tabletop.sim.review.diff import DiffError, diff, diff_logs
from tests.test_report import fixed_clock, play_known


@pytest.fixture
def two(tmp_path):
    play_known(tmp_path / "a.jsonl").close()
    play_known(tmp_path / "b.jsonl", named=True, clock=fixed_clock(60)).close()
    return tmp_path / "a.jsonl", tmp_path / "b.jsonl"


def test_diff_says_where_the_paths_parted(two):
    text = diff_logs(*two, lang="en")
    assert (
        'The paths parted at "Stickers": A chose "The school follows its routine", '
        'B chose "Ask the school for the pupil\'s name".'
    ) in text
    assert "~  Stickers (9:00 of 10 min)" in text and "Stickers (4:00 of 10 min)" in text
    assert "≠  Follow-up (7:30 of 15 min)" in text and "The name is said (2:00 of 5 min)" in text
    assert "Good ending (good)" in text.splitlines()[2] and "Poor ending (poor)" in text.splitlines()[3]


def test_diff_lists_the_timings_and_flags_that_differ(two):
    text = diff_logs(*two, lang="en")
    timings = text.split("Time at the steps both visited")[1].split("Flags that differ")[0]
    assert "Stickers" in timings and "9:00  4:00  -5:00" in timings  # the time on the undone branch is the step's
    flags = text.split("Flags that differ")[1]
    assert flags.startswith(" (A: 8 in all, B: 8 in all)")
    assert "No difference." in flags  # the same flags, though on different paths: A undid its flagged choice


def test_the_same_session_twice_has_no_differences(two):
    state = replay_file(two[0])
    text = diff(state, state, "sv")
    assert "Båda övningarna tog samma väg." in text
    assert text.count("Ingen skillnad.") == 2


def test_different_choices_that_lead_to_the_same_step_are_named(tmp_path):
    from tests.conftest import MINIMAL

    def play(path, choice):
        s = Session.start(
            MINIMAL.read_text(encoding="utf-8"),
            departments={"skola": 1},
            term="HT2026",
            lang="en",
            log_path=path,
            now=fixed_clock(),
        )
        s.choose("routine")
        s.choose(choice)
        s.end()
        s.close()

    play(tmp_path / "x.jsonl", "together")
    play(tmp_path / "y.jsonl", "club-routine")
    text = diff_logs(tmp_path / "x.jsonl", tmp_path / "y.jsonl", "en")
    assert (
        'At "Follow-up" A chose "Cooperate at the operational level" and B chose "The club calls the '
        'support phone"; both went on to "Good ending".' in text
    )
    assert "~  Follow-up" in text
    assert "Both sessions took the same path." not in text


def test_sessions_of_different_cases_are_refused_in_one_line(two, tmp_path):
    from tabletop.sim.format.library import bundled_dir

    case = bundled_dir() / "propaganda-gymnasiet.yaml"
    other = Session.start(
        case.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        log_path=tmp_path / "other.jsonl",
        now=fixed_clock(),
    )
    with pytest.raises(DiffError) as caught:
        diff(replay_file(two[0]), other.state, "en")
    other.close()
    assert "\n" not in str(caught.value) and "two different cases" in str(caught.value)
