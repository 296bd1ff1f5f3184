"""A small terminal (80x24, 60x20): a step is played, the flag modal and the dialogs fit with their keys in view,
long texts scroll, the debrief opens; resizing mid-session does not crash."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tabletop.tui.app import make_app
from tabletop.tui.dialogs.decision import DecisionDialog
from tabletop.tui.dialogs.flag import FlagModal
from tabletop.tui.dialogs.hotwash import HotwashDialog
from tabletop.tui.screens.debrief import DebriefScreen
from tabletop.tui.screens.exercise import ExerciseScreen
from tests.conftest import MINIMAL, fixed_clock, past_briefing, settle

SIZES = [(80, 24), (60, 20)]

LONG = " ".join(
    [
        "Stickers with a right-wing extremist symbol have been put up by the school's entrance, in the "
        "stairwell and at the bus stop; staff saw pupils photograph them and share the pictures."
    ]
    * 8
)


@pytest.fixture
def long_case(tmp_path):
    """The minimal case with a situation many screens long."""
    text = MINIMAL.read_text(encoding="utf-8")
    short = "en: Stickers have been put up at the school.}"
    assert short in text
    path = tmp_path / "long.yaml"
    path.write_text(text.replace(short, f'en: "{LONG}\\n\\n{LONG}"}}'), encoding="utf-8")
    return path


def in_view(app, widget) -> bool:
    """The widget is laid out with some area, wholly inside the terminal."""
    region = widget.region
    return bool(region.area) and Region(0, 0, *app.size).contains_region(region)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_step_the_flag_modal_and_the_debrief_on_a_small_terminal(size, long_case, tmp_path):
    app = make_app(
        scenario=long_case, departments={"skola": 3, "polis": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        exercise = app.screen
        assert isinstance(exercise, ExerciseScreen)
        main = exercise.query_one("#main")
        assert main.max_scroll_y > 0  # the long situation scrolls, by keys: the pane has the focus
        await pilot.press("end")
        await pilot.pause()
        assert main.scroll_y == main.max_scroll_y
        assert in_view(app, exercise.query_one("#contribution-text"))

        await pilot.press("2")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, FlagModal)
        assert in_view(app, modal.query_one("#back")) and in_view(app, modal.query_one("#confirm"))
        body = modal.query_one("#flag-body")
        assert body.region.height >= 3 and Region(0, 0, *app.size).contains_region(body.region)
        await pilot.press("n")
        await pilot.pause()

        await pilot.press("1")
        await pilot.pause()
        decision = app.screen
        assert isinstance(decision, DecisionDialog)
        assert in_view(app, decision.query_one("#reasons"))
        await pilot.press("enter")
        await pilot.pause()
        assert exercise.state.current == "follow-up"

        await pilot.press("e")
        await pilot.pause()
        hotwash = app.screen
        assert isinstance(hotwash, HotwashDialog)
        assert in_view(app, hotwash.query_one("#text-input"))
        await pilot.press("enter")
        await settle(pilot)
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        scroll = debrief.query_one("#debrief")
        assert scroll.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_resizing_to_a_small_terminal_mid_session_keeps_playing(size, long_case, tmp_path):
    app = make_app(scenario=long_case, departments={"skola": 1}, lang="sv", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        exercise = app.screen
        await pilot.press("2")
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert in_view(app, app.screen.query_one("#back"))
        await pilot.press("n", "question_mark")
        await pilot.pause()
        assert in_view(app, app.screen.query_one("#help-keys"))
        await pilot.press("escape", "1", "enter")
        await pilot.pause()
        assert exercise.state.current == "follow-up"


async def test_the_choices_stay_in_sight_beside_a_long_situation(long_case, tmp_path):
    app = make_app(
        scenario=long_case, departments={"skola": 3, "polis": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        assert app.screen.query_one("#main").max_scroll_y > 0  # the situation is longer than its pane
        assert in_view(app, app.screen.query_one("#choices"))
