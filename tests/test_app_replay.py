"""For reviewers in the app: replaying a past session event by event, and follow-up across terms on Home and Setup.

The replay is checked against the live console: a session is played by keys, the key widgets' texts are kept after
every event, and the replay at each event must show the same texts.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta

import pytest
from textual.widgets import DataTable, Input, Markdown, SelectionList

from tabletop.sim.play.log import read_log
from tabletop.sim.play.session import Session, replay
from tabletop.sim.review.replay import Replayer, next_mark, play_delay, timeline
from tabletop.tui.app import make_app
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.home import HomeScreen
from tabletop.tui.screens.replay import ReplayScreen
from tabletop.tui.screens.setup import SetupScreen
from tabletop.tui.widgets.markdown_text import MarkdownText
from tabletop.tui.widgets.session_view import SessionView
from tests.conftest import MINIMAL, NOW, ManualTimers, fixed_clock, past_briefing, row_at, settle, until


def ticking(start=NOW, seconds=37):
    """A clock that moves on ``seconds`` at every reading: events get distinct times."""
    moment = [start - timedelta(seconds=seconds)]

    def clock():
        moment[0] += timedelta(seconds=seconds)
        return moment[0]

    return clock


def on_screen(app, kind):
    assert isinstance(app.screen, kind), type(app.screen).__name__
    return app.screen


def view_texts(screen) -> dict[str, str]:
    """What the room and the facilitator read on the session view: the key widgets' texts."""
    view = screen.query_one(SessionView)
    texts = {
        key: str(view.query_one(f"#{key}").render())
        for key in ("breadcrumb", "timebox", "departments", "contributions")
    }
    texts["choices"] = view.query_one("#choices").plain
    if view.clock_keys:  # the console's keys beside its clock (p, x) are the console's, not the session's
        texts["timebox"] = texts["timebox"].split("   ", 1)[-1]
    texts["situation"] = view.query_one("#situation").source
    texts["briefing"] = str(view.query_one("#briefing").render()) if view.query_one("#briefing-scroll").display else ""
    texts["teaching"] = view.query_one("#teaching").source
    texts["facilitator"] = view.query_one("#facilitator").source
    return texts


def played(tmp_path, clock=None, group="Team Norr", lang="en", source=None):
    """A session of the minimal case through the engine: contribution, a declined flag, choices, an item, the end."""
    session = Session.start(
        source or MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 2, "polis": 1},
        term="HT2026",
        group=group,
        lang=lang,
        log_dir=tmp_path / "logs",
        now=clock or ticking(),
    )
    session.contribute("skola", "We follow our routine and call the principal")
    session.mark_spoken("polis")
    session.decline("ask-name")
    session.choose("routine", reasons="the school has a routine", agreed=["skola", "polis"])
    session.note("ask the club next time")
    session.add_item("write the routine down", "skola", "VT2027")
    session.choose("together")
    session.end("a good discussion")
    session.close()
    return session.path


# --- the replay reproduces the live console ---------------------------------------------------------------------


async def test_the_replay_at_each_event_shows_what_the_live_console_showed(tmp_path):
    logs = tmp_path / "logs"
    live = make_app(scenario=MINIMAL, departments={"skola": 3, "polis": 1}, lang="en", log_dir=logs, now=fixed_clock)
    seen: dict[int, dict[str, str]] = {}
    steps = [
        (),
        ("enter",),
        ("s",),
        ("c", *"Our routine: the principal decides", "enter"),
        ("2",),
        ("n",),
        ("x",),
        ("p",),
        ("n", *"ask the club next", "enter"),
        ("p",),
        ("1", *"routine", "enter"),
        ("i", *"write the routine down", "enter"),
        ("u",),
        ("1", "enter"),
        ("1", "enter"),
        ("p",),
    ]  # paused before leaving: leaving the console records no second pause
    async with live.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(live, ExerciseScreen)
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)
            seen[exercise.state.seq] = view_texts(exercise)
        path = exercise.session.path
    events = read_log(path)[0]
    assert [e["type"] for e in events] == [
        "start",
        "briefed",
        "spoken",
        "contribution",
        "proposed",
        "declined",
        "extend",
        "pause",
        "note",
        "resume",
        "choice",
        "item",
        "undo",
        "choice",
        "choice",
        "pause",
    ]
    assert sorted(seen) == list(range(len(events)))

    app = make_app(replay=path, lang="en", log_dir=logs, now=fixed_clock, bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        for k in range(len(events)):
            assert screen.index == k
            assert view_texts(screen) == seen[k], f"event {k} ({events[k]['type']})"
            await pilot.press("right")
            await pilot.pause()


async def test_a_replayed_session_reaches_the_end_and_the_ending(tmp_path):
    path = played(tmp_path)
    app = make_app(replay=path, lang="en", log_dir=tmp_path / "logs", now=fixed_clock, bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        await pilot.press("end")
        await pilot.pause()
        assert screen.state.ended is not None and screen.state.current == "good-end"
        assert "Ended" in str(screen.query_one("#timebox").render()) or screen.state.outcome == "good"
        assert "a good discussion" in str(screen.query_one("#replay-event").render())


# --- keys ---------------------------------------------------------------------------------------------------------


async def test_keys_step_jump_between_choices_and_flags_and_play(tmp_path):
    path = played(tmp_path)
    events = read_log(path)[0]
    kinds = [e["type"] for e in events]
    assert kinds == ["start", "contribution", "spoken", "declined", "choice", "note", "item", "choice", "end"]
    app = make_app(replay=path, lang="en", log_dir=tmp_path / "logs", now=fixed_clock, bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        await until(pilot, lambda: screen.recording is not None, "the log is read")
        timeline_table = screen.query_one("#timeline", DataTable)
        assert timeline_table.row_count == len(events)
        assert row_at(timeline_table, 2)[:2] == ["18:01:51", "+1:14"]  # the clock, and the time since the start

        async def press(*keys):
            await pilot.press(*keys)
            await pilot.pause()
            return screen.index

        assert screen.index == 0 and screen.state.current == "start"
        assert await press("right") == 1
        assert await press("left", "left") == 0  # stays at the first event
        assert await press("]") == 4 and screen.state.current == "follow-up"
        assert await press("]") == 7 and screen.state.current == "good-end"
        assert await press("]") == 7  # no choice after it: stays, and says so
        assert await press("[") == 4
        assert await press("home", "}") == 3  # the declined flagged choice
        assert "⚑" in str(screen.query_one("#replay-event").render())
        assert await press("{") == 3
        assert await press("end") == 8
        assert await press("up") == 7  # the timeline's cursor moves the replay too
        await press("home")

        assert screen.speed == 60
        await press("+")
        assert screen.speed == 120
        await press("-", "-", "-")
        assert screen.speed == 10
        assert "10×" in str(screen.query_one("#replay-position").render())
        await press(*"+" * 10)
        assert screen.speed == 600  # the fastest: 37 s between events go by in 0.1 s

        timers = ManualTimers()  # the test is the clock: playing moves on when a timer fires, however busy the machine
        screen.play_timer = timers
        await press("space")
        assert screen.playing and timers.waiting == 1
        assert timers.pending[0][0] == play_delay(screen.recording.moments, 0, 600)
        timers.fire()
        assert await press() == 1 and timers.waiting == 1
        await press("space")
        assert not screen.playing and timers.waiting == 0  # stopping cancels the wait
        assert not timers.fire()
        assert await press() == 1
        await press("space")
        while timers.fire():
            await pilot.pause()
        assert screen.index == len(events) - 1 and not screen.playing  # plays to the end, then stops


async def test_escape_goes_home_and_v_on_home_replays_a_session(tmp_path):
    played(tmp_path)
    app = make_app(lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        on_screen(app, HomeScreen)
        await pilot.press("v")
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        assert screen.recording is not None and len(screen.recording.events) == 9
        await pilot.press("escape")
        await settle(pilot)
        on_screen(app, HomeScreen)


async def test_l_switches_the_replay_to_swedish(tmp_path):
    path = played(tmp_path)
    app = make_app(replay=path, lang="en", log_dir=tmp_path / "logs", now=fixed_clock, bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        await until(pilot, lambda: screen.recording is not None, "the log is read")
        await pilot.press("]", "l")
        await until(pilot, lambda: "Uppföljning" in screen.query_one("#situation").source, "the replay speaks Swedish")
        assert screen.index == 4
        assert row_at(screen.query_one("#timeline", DataTable), 4)[2].startswith("◆ Val: Skolan följer")
        assert "Uppföljning" in screen.query_one("#situation").source


# --- the log's status and the case ---------------------------------------------------------------------------------


def library(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    shutil.copy(MINIMAL, cases / "minimal.yaml")
    return cases


async def status_of(tmp_path, path, cases) -> dict:
    """The replay's status line at the first choice, and what it shows there."""
    app = make_app(
        replay=path, lang="en", log_dir=tmp_path / "logs", now=fixed_clock, bundled=False, scenario_dirs=[str(cases)]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        await pilot.press("]")
        await pilot.pause()
        return {
            "status": str(screen.query_one("#replay-status").render()),
            "notice": screen.has_class("-notice"),
            "situation": screen.query_one("#situation").source,
            "current": screen.state.current,
            "events": len(screen.recording.events),
        }


async def test_the_status_says_the_log_verified_and_the_case_is_the_same(tmp_path):
    cases = library(tmp_path)
    seen = await status_of(tmp_path, played(tmp_path), cases)
    assert "Log verified: 9 events" in seen["status"]
    assert "is as in the library" in seen["status"] and not seen["notice"]


async def test_a_case_changed_since_is_said_and_the_replay_uses_the_copy_in_the_log(tmp_path):
    cases = library(tmp_path)
    path = played(tmp_path)
    changed = MINIMAL.read_text(encoding="utf-8").replace("en: Follow-up}", "en: Follow-up again}")
    (cases / "minimal.yaml").write_text(changed, encoding="utf-8")
    seen = await status_of(tmp_path, path, cases)
    assert "now differs from the one played" in seen["status"] and seen["notice"]
    assert f"({cases / 'minimal.yaml'})" in seen["status"]
    assert seen["situation"].startswith("# Follow-up\n")  # as it was played


async def test_a_case_file_gone_is_said_and_the_replay_still_works(tmp_path):
    cases = library(tmp_path)
    path = played(tmp_path)
    (cases / "minimal.yaml").unlink()
    seen = await status_of(tmp_path, path, cases)
    assert "is not in the library now" in seen["status"]
    assert seen["current"] == "follow-up"


async def test_a_log_that_does_not_verify_is_said_and_the_events_before_the_problem_replay(tmp_path):
    path = played(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("ask the club", "ask the CLUB")
    path.write_text("".join(lines), encoding="utf-8")
    seen = await status_of(tmp_path, path, library(tmp_path))
    assert "does not verify (line 6: edited" in seen["status"] and seen["notice"]
    assert seen["events"] == 5


async def test_a_file_that_is_no_log_is_said_not_raised(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a log\n", encoding="utf-8")
    app = make_app(replay=bad, lang="en", log_dir=tmp_path / "logs", bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, ReplayScreen)
        assert "Cannot replay this log" in str(screen.query_one("#replay-status").render())
        await pilot.press("right", "]", "space")  # nothing to step through: nothing happens


# --- the engine side of the replay ---------------------------------------------------------------------------------


def test_the_replayer_gives_the_same_state_as_folding_from_the_start_in_any_order(tmp_path):
    events = read_log(played(tmp_path))[0]
    replayer = Replayer(events, every=3).prepare()
    for k in [8, 0, 5, 4, 7, 1, 2, 6, 3, 8, 0]:
        state, expected = replayer.state_at(k), replay(events, k + 1)
        assert (state.seq, state.current, state.facts, len(state.decisions), len(state.items), state.ended) == (
            expected.seq,
            expected.current,
            expected.facts,
            len(expected.decisions),
            len(expected.items),
            expected.ended,
        )


def test_jumps_and_play_delays_follow_the_timeline(tmp_path):
    moments = timeline(read_log(played(tmp_path))[0])
    assert next_mark(moments, 0, "choice", 1) == 4 and next_mark(moments, 4, "choice", -1) is None
    assert next_mark(moments, 8, "flag", -1) == 3
    assert play_delay(moments, 0, 1) == 2.0  # 37 s apart: long silences are shortened
    assert play_delay(moments, 0, 600) == 0.1  # and bursts spread out


# --- follow-up across terms ---------------------------------------------------------------------------------------


def earlier_session(tmp_path, when):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2026",
        group="Team Norr",
        lang="en",
        log_dir=tmp_path / "logs",
        now=lambda: when,
    )
    session.add_item("write the routine down", "skola", "HT2026")
    session.add_item("invite the club", "polis", "VT2027")
    session.choose("routine")
    session.end()
    session.close()
    return session.path


async def test_items_marked_done_at_setup_are_gone_from_home_next_time(tmp_path):
    cases = library(tmp_path)
    earlier = earlier_session(tmp_path, NOW - timedelta(days=180))
    app = make_app(scenario_dirs=[str(cases)], bundled=False, lang="en", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = on_screen(app, HomeScreen)
        items = home.query_one("#items", DataTable)
        assert [row_at(items, i)[2] for i in range(items.row_count)] == ["write the routine down", "invite the club"]
        preview = home.query_one("#preview-text", MarkdownText).source
        assert "Played once (all groups). 5 of 6 choices not yet explored." in preview
        assert "✔ The school follows its routine (1×)" in preview and "○ **Wait**" in preview

        await pilot.press("enter")
        await settle(pilot)
        setup = on_screen(app, SetupScreen)
        choices = setup.query_one("#setup-items", SelectionList)
        assert not choices.display  # no group typed yet: the sessions without a group have no items
        setup.query_one("#group", Input).value = "team norr"  # the same group, however it is typed
        await settle(pilot)
        assert choices.display and choices.option_count == 2
        branches = setup.query_one("#setup-branches", Markdown).source
        assert "This group has played it once; all groups: 1." in branches
        choices.focus()
        await pilot.press("space")  # the first, soonest due, is done; the other carries over
        await pilot.pause()
        assert setup.items_done() == [f"{earlier.name}#1"]
        await pilot.press("ctrl+s")
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        assert [m["done_of"] for m in exercise.state.done_marks] == [f"{earlier.name}#1"]
        await pilot.press("escape")
        await settle(pilot)
        home = on_screen(app, HomeScreen)
        items = home.query_one("#items", DataTable)
        assert [row_at(items, i)[2] for i in range(items.row_count)] == ["invite the club"]
    (new_log,) = [p for p in (tmp_path / "logs").glob("*.jsonl") if p != earlier]
    assert json.loads(new_log.read_text(encoding="utf-8").splitlines()[1])["type"] == "item-done"


async def test_home_says_when_there_are_no_open_items(tmp_path):
    app = make_app(
        bundled=False, scenario_dirs=[str(library(tmp_path))], lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = on_screen(app, HomeScreen)
        assert str(home.query_one("#items-title").render()) == "No open improvement items from earlier sessions"
        assert not home.query_one("#items", DataTable).display
        assert "Not exercised yet" in home.query_one("#preview-text", MarkdownText).source


# --- snapshots -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "sv"])
class TestReplaySnapshots:
    def test_replay_at_a_choice(self, snap_compare, lang, tmp_path, monkeypatch):
        async def at_choice(pilot):
            await settle(pilot)
            await pilot.press("]")
            await settle(pilot)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

        monkeypatch.chdir(tmp_path)  # the status names the library's file as given: the same on every run
        library(tmp_path)
        path = played(tmp_path, lang=lang)
        app = make_app(
            replay=path, lang=lang, log_dir=tmp_path / "logs", now=fixed_clock, bundled=False, scenario_dirs=["cases"]
        )
        assert snap_compare(app, terminal_size=(120, 40), run_before=at_choice)
