"""The room's experience: the briefing the exercise opens on, the overall clock against the slot, the teaching
moment (a flagged choice proposed, taken, stepped back from or refused; a typed identifier removed) on the
audience view, and when the room sees the flags (remembered per group, recorded in the log)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tabletop.sim.play.log import read_log
from tabletop.sim.play.queries import overall_clock
from tabletop.sim.play.session import Refused, Session, replay
from tabletop.sim.play.teaching import lesson_markdown, moment_markdown
from tabletop.sim.review.report import report_markdown
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.flag import FlagModal
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.follow import FollowScreen
from tabletop.tui.screens.setup import SetupScreen
from tests.conftest import MINIMAL, NOW, fixed_clock, past_briefing, settle, until

LANGS = pytest.mark.parametrize("lang", ["sv", "en"])


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def started(tmp_path, lang="en", **kwargs) -> Session:
    kwargs.setdefault("now", fixed_clock)
    return Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 2, "polis": 1},
        term="HT2026",
        lang=lang,
        log_dir=tmp_path / "logs",
        briefing=True,
        **kwargs,
    )


# --- the engine ----------------------------------------------------------------------------------------------------


def test_play_waits_for_the_briefing_and_the_briefing_time_is_logged(tmp_path):
    clock = Clock()
    session = started(tmp_path, now=clock)
    assert session.state.briefing
    with pytest.raises(Refused, match="briefing"):
        session.choose("routine")
    clock.now += timedelta(minutes=4)
    event = session.begin()
    assert event["type"] == "briefed" and event["payload"]["seconds"] == 240
    assert not session.state.briefing and session.state.visit.entered == clock.now
    session.choose("routine")
    session.close()
    assert replay(read_log(session.path)[0]).briefing_seconds == 240


def test_a_proposed_flagged_choice_is_logged_and_its_moment_stays_until_the_facilitator_moves_on(tmp_path):
    session = started(tmp_path)
    session.begin()
    session.propose("ask-name")
    assert session.state.moment["kind"] == "proposed"
    session.decline("ask-name")
    assert session.state.moment["kind"] == "declined"
    session.contribute("skola", "our routine")  # the group talks on: the lesson stays
    assert session.state.moment is not None
    session.move_on()
    assert session.state.moment is None
    with pytest.raises(Refused):
        session.move_on()
    session.close()
    events = read_log(session.path)[0]
    assert [e["type"] for e in events] == ["start", "briefed", "proposed", "declined", "contribution", "moved-on"]
    assert replay(events, 4).moment["kind"] == "declined"  # replay shows it too
    assert {f["source"] for f in replay(events).flags} == {"declined"}  # proposing adds no flag to the debrief


def test_a_refused_choice_in_strict_mode_is_a_refusal_moment(tmp_path):
    session = started(tmp_path, mode="strict")
    session.begin()
    session.propose("ask-name")
    assert session.state.moment["kind"] == "refused"
    assert "Strict mode refuses" in moment_markdown(session.state, "en")
    session.close()


@LANGS
def test_the_lesson_says_the_rule_why_and_instead_in_the_sessions_language(tmp_path, lang):
    session = started(tmp_path, lang=lang)
    session.begin()
    session.propose("ask-name")
    text = moment_markdown(session.state, lang)
    option = next(o for o in session.available_choices() if o.choice.id == "ask-name")
    for flag in option.flags:
        assert flag.rule.text("why", lang) in text and flag.rule.text("instead", lang) in text
    assert text == lesson_markdown(option.flags, session.state.scenario.text(option.choice.text, lang), lang)
    session.close()


@LANGS
def test_a_redacted_contribution_says_what_kind_was_removed_never_the_raw_text(tmp_path, lang):
    session = started(tmp_path, lang=lang)
    session.begin()
    session.contribute("polis", "20170101-2393 called")
    text = moment_markdown(session.state, lang)
    assert "2393" not in text and "[personnummer]" in text
    assert {"sv": "ett personnummer togs bort", "en": "a personnummer was removed"}[lang] in text
    session.close()


def test_when_the_room_sees_the_flags_is_recorded_and_reported(tmp_path):
    session = started(tmp_path, reveal="taken")
    session.close()
    first = read_log(session.path)[0][0]
    assert first["payload"]["reveal"] == "taken" and first["payload"]["briefing"] is True
    state = replay(read_log(session.path)[0])
    assert "| Flags shown to the room | when a flagged choice was taken |" in report_markdown(state, "en")
    with pytest.raises(Refused):
        started(tmp_path, reveal="sometimes")


def test_the_overall_clock_says_time_used_left_and_behind_or_ahead_of_plan(tmp_path):
    clock = Clock()
    session = started(tmp_path, now=clock)
    clock.now += timedelta(minutes=5)  # the planned briefing
    session.begin()
    clock.now += timedelta(minutes=13)  # the first step's timebox is 10 minutes: 3 behind
    o = overall_clock(session.state, clock.now)
    assert (o.used, o.behind, o.pace) == (18 * 60, 3 * 60, "behind")
    assert o.left == o.used + o.left - 18 * 60 and o.used + o.left == 30 * 60  # the case's slot
    session.choose("routine")
    clock.now += timedelta(minutes=1)
    assert overall_clock(session.state, clock.now).pace == "behind"
    session.close()


# --- the app -------------------------------------------------------------------------------------------------------


def _follow(session, lang):
    return make_app(follow=session.path, lang=lang, now=fixed_clock, follow_interval=0.05)


@LANGS
async def test_the_exercise_opens_on_the_briefing_and_a_key_starts_step_1(tmp_path, lang):
    app = make_app(
        scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang=lang, log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen) and screen.state.briefing
        briefing = str(screen.query_one("#briefing").render())
        title = screen.state.scenario.text(screen.state.scenario.title, lang)
        assert title in briefing
        assert {"sv": "verksamhetsnivå", "en": "operational level"}[lang] in briefing
        assert {"sv": "Tidsplan (30 min)", "en": "Time plan (30 min)"}[lang] in briefing
        assert not screen.query_one("#body").display
        await pilot.press("1")  # no choice is taken during the briefing
        await pilot.pause()
        assert screen.state.briefing
        await past_briefing(pilot)
        assert screen.query_one("#body").display and screen.state.current == "start"


@LANGS
async def test_the_room_sees_the_briefing_and_the_overall_clock(tmp_path, lang):
    session = started(tmp_path, lang=lang)
    app = _follow(session, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "state", None) is not None, "the session read")
        assert "Enter" not in str(app.screen.query_one("#briefing").render())  # the key is the console's
        session.begin()
        await until(pilot, lambda: not app.screen.state.briefing, "step 1 followed")
        clock = str(app.screen.query_one("#overall-clock").render())
        assert {"sv": "Passet 0:00 av 30:00", "en": "Session 0:00 of 30:00"}[lang] in clock
    session.close()


@LANGS
async def test_the_room_sees_the_teaching_moment_the_console_modal_shows(tmp_path, lang):
    log_dir = tmp_path / "logs"
    console = make_app(scenario=MINIMAL, departments={"skola": 1}, lang=lang, log_dir=log_dir, now=fixed_clock)
    async with console.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("2")
        await until(pilot, lambda: isinstance(console.screen, FlagModal), "the flag modal")
        modal_text = console.screen.query_one("#flag-text").source
        path = console.screen_stack[-2].session.path
        await pilot.press("n")
        await settle(pilot)
    follow = make_app(follow=path, lang=lang, now=fixed_clock)
    async with follow.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(follow.screen, "state", None) is not None, "the session read")
        panel = follow.screen.query_one("#teaching")
        assert panel.display and not follow.screen.query_one("#main").display
        assert panel.source.split("\n", 1)[1] == modal_text.split("\n", 1)[1]  # the same rule, why and instead
        assert {"sv": "Gruppen backade från", "en": "Stepped back from"}[lang] in panel.source


@LANGS
async def test_the_room_sees_a_redacted_contribution_and_the_kind_of_identifier_removed(tmp_path, lang):
    session = started(tmp_path, lang=lang)
    session.begin()
    app = _follow(session, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "state", None) is not None, "the session read")
        session.contribute("polis", "20170101-2393 called")
        await until(pilot, lambda: app.screen.state.moment is not None, "the contribution followed")
        shown = app.export_screenshot()
        assert {"sv": "ett personnummer togs bort", "en": "a personnummer was removed"}[lang] in shown.replace(
            "&#160;", " "
        )
        assert "2393" not in shown
    session.close()


@LANGS
async def test_flags_revealed_on_taking_stay_off_the_rooms_screen_until_a_flagged_choice_is_taken(tmp_path, lang):
    session = started(tmp_path, lang=lang, reveal="taken")
    session.begin()
    app = _follow(session, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FollowScreen) and app.screen.state is not None, "read")
        assert "⚑" not in str(app.screen.query_one("#choices").render())
        session.propose("ask-name")  # the console asks; the room does not see it yet
        await until(pilot, lambda: app.screen.state.moment is not None, "the proposal followed")
        assert not app.screen.query_one("#teaching").display
        session.choose("ask-name", confirm=True)
        await until(pilot, lambda: app.screen.state.current == "named", "the choice followed")
        assert app.screen.query_one("#teaching").display
        assert {"sv": "Valt", "en": "Taken"}[lang] in app.screen.query_one("#teaching").source
    session.close()


async def test_setup_remembers_per_group_when_the_room_sees_the_flags(tmp_path):
    from textual.widgets import Input, RadioButton

    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, SetupScreen) and setup.query_one("#reveal-before", RadioButton).value
        setup.query_one("#group", Input).value = "Team Norr"
        await settle(pilot)
        setup.query_one("#reveal-taken", RadioButton).value = True
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "the exercise")
        assert app.screen.state.reveal == "taken"
    app = make_app(scenario=MINIMAL, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        setup = app.screen
        assert setup.query_one("#reveal-before", RadioButton).value  # another group: the default
        setup.query_one("#group", Input).value = "Team Norr"
        await settle(pilot)
        assert setup.query_one("#reveal-taken", RadioButton).value


# --- snapshots -----------------------------------------------------------------------------------------------------


async def _painted(pilot) -> None:
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


class TestTeachingSnapshots:
    @LANGS
    def test_briefing(self, snap_compare, lang, tmp_path):
        app = make_app(
            scenario=MINIMAL,
            departments={"skola": 3, "polis": 1},
            lang=lang,
            log_dir=tmp_path / "logs",
            now=fixed_clock,
        )
        assert snap_compare(app, terminal_size=(120, 40), run_before=_painted)

    @LANGS
    @pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
    def test_audience_view_teaching_moment(self, snap_compare, lang, size, tmp_path):
        session = started(tmp_path, lang=lang)
        session.begin()
        session.propose("ask-name")
        session.decline("ask-name")
        session.close()

        async def followed(pilot):
            await until(pilot, lambda: getattr(pilot.app.screen, "state", None) is not None, "the session read")
            await _painted(pilot)

        app = make_app(follow=session.path, lang=lang, now=fixed_clock)
        assert snap_compare(app, terminal_size=size, run_before=followed)
