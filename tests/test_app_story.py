"""The room sees the story (format 1.1): a choice's consequence above the next step until the facilitator moves on,
news brought in by key or arriving on the step's clock, on the console and on the audience view, in Swedish and
English; the role cards open for the facilitator only.

Nothing here waits on time: the app's clock is the test's, the console's tick is called by the test, and the
audience view's polls are fired by ``ManualTimers``.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tabletop.sim.play.log import read_log
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.decision import DecisionDialog
from tabletop.tui.dialogs.role_cards import RoleCardsDialog
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.follow import FollowScreen
from tests.conftest import FIXTURES, NOW, ManualTimers, past_briefing, settle, until

STORY = FIXTURES / "valid" / "story.yaml"
SEEN = {
    "en": {
        "what": "**What happened:** The police receive the report the same day.",
        "news": "### News during this step",
        "paper": "The local paper calls and asks what the city is doing.",
        "viral": "A post about the school spreads fast on social media.",
        "varies": "The police already have Monday's material.",
        "card": "What the police know",
        "left": "1 more to bring in",
    },
    "sv": {
        "what": "**Det här hände:** Polisen tar emot anmälan samma dag.",
        "news": "### Nytt under steget",
        "paper": "Lokaltidningen ringer och frågar vad kommunen gör.",
        "viral": "Ett inlägg om skolan sprids snabbt i sociala medier.",
        "varies": "Polisen har redan materialet från i måndags.",
        "card": "Det polisen vet",
        "left": "1 till att ta in",
    },
}


class Clock:
    def __init__(self):
        self.now = NOW

    def __call__(self):
        return self.now


def situation(screen) -> str:
    return screen.query_one("#situation").source


async def take_routine(pilot, screen) -> None:
    await pilot.press("1")
    await until(pilot, lambda: isinstance(pilot.app.screen, DecisionDialog), "the decision dialog")
    await pilot.press("enter")
    await until(pilot, lambda: screen.state.current == "paper", "the next step")


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_console_shows_the_consequence_then_the_news_as_it_arrives(tmp_path, lang):
    logs, clock = tmp_path / "logs", Clock()
    app = make_app(scenario=STORY, departments={"skola": 2, "polis": 1}, lang=lang, log_dir=logs, now=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        screen = app.screen
        assert isinstance(screen, ExerciseScreen)
        await take_routine(pilot, screen)
        seen = SEEN[lang]
        text = situation(screen)
        assert text.index(seen["what"]) < text.index("# ")  # the consequence above the situation
        assert seen["varies"] in text  # the paragraph the report of Monday selects
        assert seen["news"] not in text

        clock.now += timedelta(minutes=5)  # the step's clock reaches the timed news
        screen._tick()
        await settle(pilot)
        assert seen["paper"] in situation(screen) and seen["viral"] not in situation(screen)
        assert seen["left"] in situation(screen)  # the console sees what is still to come

        await pilot.press("b")  # the facilitator brings in the rest
        await settle(pilot)
        assert seen["viral"] in situation(screen)

        await pilot.press("m")  # moved on: the consequence leaves the room's screen, the news stays
        await settle(pilot)
        assert seen["what"] not in situation(screen) and seen["paper"] in situation(screen)
    (path,) = logs.glob("*.jsonl")
    kinds = [(e["type"], e["payload"].get("timed")) for e in read_log(path)[0]]
    assert kinds[-4:] == [("inject", True), ("inject", False), ("moved-on", None), ("pause", None)]  # left: paused


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_audience_view_shows_the_consequence_and_the_news(tmp_path, lang):
    from tabletop.sim.play.session import Session

    logs, clock = tmp_path / "logs", Clock()
    console = Session.start(
        STORY.read_text(encoding="utf-8"),
        departments={"skola": 1, "polis": 1},
        term="HT2026",
        lang=lang,
        log_dir=logs,
        now=clock,
    )
    timers = ManualTimers()
    app = make_app(follow=console.path, lang=lang, now=clock, follow_timer=timers)
    seen = SEEN[lang]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, FollowScreen)
            await until(pilot, lambda: screen.state is not None, "the session read")
            console.choose("routine")
            timers.fire()
            await until(pilot, lambda: seen["what"] in situation(screen), "the consequence on the room's screen")
            clock.now += timedelta(minutes=6)
            console.bring_in_due(clock.now)
            timers.fire()
            await until(pilot, lambda: seen["paper"] in situation(screen), "the news on the room's screen")
            assert seen["news"] in situation(screen)
            assert seen["left"] not in situation(screen)  # how much news is left is the console's to know
            console.move_on()
            timers.fire()
            await until(pilot, lambda: seen["what"] not in situation(screen), "the consequence closed")
    finally:
        console.close()


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_role_cards_open_for_the_facilitator(tmp_path, lang):
    app = make_app(scenario=STORY, departments={"skola": 1, "polis": 1}, lang=lang, log_dir=tmp_path, now=Clock())
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, RoleCardsDialog), "the role cards")
        assert SEEN[lang]["card"] in app.screen.query_one("#role-cards").source
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "back at the console")
