"""The projector never misses a session: ``tabletop follow`` waits in the log folder (making it if need be), finds
each new session however long its start event, stays on an ended session until a newer one starts, and rides out a
console that is killed and resumed; such a session is unfinished on Home and resumes paused.

The view's polls are driven by the test (``ManualTimers`` stands in for ``set_timer``): nothing here waits on time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tabletop.sim.play.log import read_log
from tabletop.tui.app import make_app
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.follow import FollowScreen
from tabletop.tui.screens.home import HomeScreen
from tests.conftest import MINIMAL, NOW, ManualTimers, fixed_clock, row_at, settle, until

ROOT = Path(__file__).parent.parent
BIG = ROOT / "scenarios" / "rekrytering-forening.yaml"  # its start event, the case embedded, is over 100 KB
STATUS = {
    "en": {
        "none": "waiting for one to start",
        "live": "Following the session live",
        "reopened": "It was resumed after 30:00 away and is paused",
    },
    "sv": {
        "none": "väntar på att en startar",
        "live": "Följer övningen live",
        "reopened": "Den återupptogs efter 30:00 borta och är pausad",
    },
}


def start(logs: Path, source: str = "", *, lang: str = "en", at=None, **kwargs):
    from tabletop.sim.play.session import Session

    return Session.start(
        source or MINIMAL.read_text(encoding="utf-8"),
        departments=kwargs.pop("departments", {"skola": 1}),
        term="HT2026",
        lang=lang,
        log_dir=logs,
        now=at or fixed_clock,
        **kwargs,
    )


def status(screen) -> str:
    return str(screen.query_one("#follow-status").render())


async def poll(pilot, timers: ManualTimers) -> None:
    """Let the view poll once, as if its interval had passed, and wait until what it found is shown."""
    await until(pilot, lambda: timers.waiting == 1, "the next poll to be armed")
    timers.fire()
    await until(pilot, lambda: timers.waiting == 1, "the poll to be shown")
    await settle(pilot)


def test_follow_without_a_log_folder_makes_it_owner_only_and_waits_in_it(tmp_path, monkeypatch):
    from tabletop.tui import cli

    opened = []
    monkeypatch.setattr("tabletop.tui.app.TabletopApp.run", lambda app, *a, **k: opened.append(app.follow_path))
    folder = tmp_path / "never-used" / "logs"
    assert cli.main(["--log-dir", str(folder), "follow"]) == 0
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
    assert opened == [folder]  # the view follows the folder: it waits there for the first session


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_follow_started_before_the_first_session_ever_picks_it_up_however_long_its_start_event(tmp_path, lang):
    logs = tmp_path / "logs"
    logs.mkdir(mode=0o700)
    timers = ManualTimers()
    app = make_app(follow=logs, lang=lang, now=fixed_clock, follow_timer=timers)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, FollowScreen)
        await poll(pilot, timers)
        assert screen.state is None and STATUS[lang]["none"] in status(screen)

        # another console's start event, caught half written: the folder changed once, the file not yet complete
        written = start(tmp_path / "elsewhere", BIG.read_text(encoding="utf-8"), lang=lang)
        line = written.path.read_bytes()
        written.close()
        assert len(line) > 100_000 and line.count(b"\n") == 1
        arriving = logs / written.path.name
        arriving.write_bytes(line[: len(line) // 2])
        await poll(pilot, timers)
        assert screen.state is None  # not a session yet
        with arriving.open("ab") as fh:
            fh.write(line[len(line) // 2 :])  # the rest of the line: the folder itself does not change
        await poll(pilot, timers)
        assert screen.path == arriving and screen.state is not None and screen.state.scenario.id == BIG.stem
        assert STATUS[lang]["live"] in status(screen)


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_follow_on_an_ended_session_moves_on_when_a_new_one_starts_and_never_back_to_an_older_one(tmp_path, lang):
    logs = tmp_path / "logs"
    older = start(logs, lang=lang, at=lambda: NOW - timedelta(days=7))
    older.close()  # a week-old session that never ended
    timers = ManualTimers()
    app = make_app(follow=logs, lang=lang, now=fixed_clock, follow_timer=timers)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await until(pilot, lambda: screen.state is not None, "the older session to be shown")
        today = start(logs, lang=lang, departments={"polis": 1})
        await poll(pilot, timers)
        assert screen.path == today.path and screen.state.departments == {"polis": 1}
        today.choose("routine")
        today.end("")
        today.close()
        await poll(pilot, timers)
        await poll(pilot, timers)
        assert screen.path == today.path and screen.state.ended is not None  # stays on it: not back to last week's
        assert status(screen) == {"en": "The session has ended.", "sv": "Övningen är avslutad."}[lang]
        after = start(logs, lang=lang, departments={"skola": 2}, at=lambda: NOW + timedelta(hours=1))
        await poll(pilot, timers)
        assert screen.path == after.path and screen.state.ended is None and screen.state.departments == {"skola": 2}
        after.close()


WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from tabletop.sim.play.session import Session
session = Session.start(Path(sys.argv[1]).read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026",
                        lang=sys.argv[3], log_dir=sys.argv[2], now=lambda: datetime(2026, 11, 24, 18, 0, tzinfo=UTC))
if sys.argv[4] == "speak":
    session.contribute("skola", "We follow our routine.")
print(session.path, flush=True)
time.sleep(3600)  # the console is alive until it is killed
"""


def killed_console(logs: Path, case: Path, lang: str, then: str = "") -> Path:
    """A console in its own process that starts a session (and maybe records a contribution), then is SIGKILLed."""
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(case), str(logs), lang, then or "-"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    path = Path(proc.stdout.readline().strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    return path


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_follow_while_the_console_is_killed_and_resumed_shows_the_session_paused_with_its_time_away(
    tmp_path, lang
):
    from tabletop.sim.play.session import Session

    logs = tmp_path / "logs"
    logs.mkdir(mode=0o700)
    timers = ManualTimers()
    app = make_app(follow=logs, lang=lang, now=fixed_clock, follow_timer=timers)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        path = killed_console(logs, MINIMAL, lang, "speak")
        await poll(pilot, timers)
        assert screen.path == path and len(screen.state.contributions) == 1 and not screen.state.paused
        await poll(pilot, timers)
        assert screen.path == path and STATUS[lang]["live"] in status(screen)  # killed: the view stays on it

        console, _ = Session.resume(path, now=lambda: NOW + timedelta(minutes=30))  # half an hour later
        await poll(pilot, timers)
        assert screen.state.paused and screen.state.gaps[-1]["clock_running"]
        assert STATUS[lang]["reopened"] in status(screen)
        console.resume_play()
        await poll(pilot, timers)
        assert not screen.state.paused and STATUS[lang]["live"] in status(screen)
        console.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
@pytest.mark.parametrize(
    ("lang", "unfinished", "notice"),
    [
        ("en", "unfinished", "Resumed after 2:00:00 away: the clock is paused until you press p."),
        ("sv", "oavslutad", "Återupptagen efter 2:00:00 borta: klockan står still tills du trycker p."),
    ],
)
async def test_a_session_whose_console_died_right_after_it_started_is_unfinished_on_home_and_resumes_paused(
    tmp_path, lang, unfinished, notice
):
    logs = tmp_path / "logs"
    path = killed_console(logs, BIG, lang)
    assert [e["type"] for e in read_log(path)[0]] == ["start"]
    app = make_app(lang=lang, bundled=True, log_dir=logs, now=lambda: NOW + timedelta(hours=2))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        sessions = home.query_one("#sessions", DataTable)
        await until(pilot, lambda: sessions.row_count == 1, "the session to be listed")
        assert row_at(sessions, 0)[0] == unfinished
        sessions.focus()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "the session to resume")
        exercise = app.screen
        assert exercise.state.paused and exercise.state.gaps[-1]["seconds"] == 2 * 3600
        await settle(pilot)
        assert any(n.message == notice for n in app._notifications)
    assert [e["type"] for e in read_log(path)[0]] == ["start", "reopen"]  # left again, still paused: nothing more


@pytest.mark.parametrize(("lang", "line"), [("en", "Away 30:00; back paused"), ("sv", "Borta 30:00; åter pausad")])
async def test_the_replay_shows_how_long_a_resumed_session_was_away(tmp_path, lang, line):
    from tabletop.sim.play.session import Session
    from tabletop.tui.screens.replay import ReplayScreen
    from tabletop.tui.widgets.timeline import Timeline

    crashed = start(tmp_path / "logs", lang=lang)
    crashed.close()  # the console died with the clock running
    resumed, _ = Session.resume(crashed.path, now=lambda: NOW + timedelta(minutes=30))
    resumed.close()
    app = make_app(replay=crashed.path, lang=lang, bundled=False, now=fixed_clock)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        timeline = screen.query_one(Timeline)
        await until(pilot, lambda: timeline.row_count == 2, "the timeline")
        assert row_at(timeline, 1)[2] == line
