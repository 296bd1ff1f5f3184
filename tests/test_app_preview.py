"""``tabletop preview``: the case as the room will see it, reloaded and re-validated on every save, keeping the
author's place. The screen's polls are fired by the test (``ManualTimers``): nothing here waits on time."""

from __future__ import annotations

import os

import pytest

from tabletop.tui.screens.preview import PreviewScreen, make_preview_app
from tests.conftest import FIXTURES, ManualTimers, settle, until

STORY = FIXTURES / "valid" / "story.yaml"


def save(path, text: str) -> None:
    """Write as an editor saves; the modification time moves on even within one clock tick."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def shown(screen) -> str:
    return screen.query_one("#preview-step").source


def problems(screen) -> str:
    return str(screen.query_one("#preview-diagnostics").render())


async def poll(pilot, timers) -> None:
    await until(pilot, lambda: timers.waiting >= 1, "the next poll armed")
    timers.fire()
    await settle(pilot)


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_preview_follows_choices_and_reloads_on_save_keeping_the_place(tmp_path, lang):
    case = tmp_path / "case.yaml"
    text = STORY.read_text(encoding="utf-8")
    save(case, text)
    timers = ManualTimers()
    app = make_preview_app(case, lang=lang, poll_timer=timers)
    async with app.run_test(size=(140, 44)) as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, PreviewScreen) and app.screen.scenario is not None, "the case"
        )
        screen = app.screen
        assert screen.step_id == "start"
        assert ("No problems" if lang == "en" else "Inga problem") in problems(screen)
        assert ("police receive the report" if lang == "en" else "Polisen tar emot anmälan") in shown(screen)

        await pilot.press("1")  # follow the first choice
        await settle(pilot)
        assert screen.step_id == "paper"
        page = shown(screen)
        assert ("only when reported" if lang == "en" else "bara när reported") in page  # every variant, marked
        assert ("after 5 min" if lang == "en" else "efter 5 min") in page

        save(
            case,
            text.replace("{sv: Lokaltidningen,", "{sv: Lokaltidningen ringer,").replace(
                "The local paper}", "The paper calls}"
            ),
        )
        await poll(pilot, timers)
        assert screen.step_id == "paper" and screen.reloads == 2  # the place kept
        assert ("# The paper calls" if lang == "en" else "# Lokaltidningen ringer") in shown(screen)

        save(case, text.replace("after: 5m", "after: 12m"))  # a mistake: shown beside, this step's first
        await poll(pilot, timers)
        assert "S803" in problems(screen) and screen.step_id == "paper"

        save(case, text.replace("title: {sv: Lokaltidningen", "title: {sv: [Lokaltidningen"))  # does not load
        await poll(pilot, timers)
        assert "Y101" in problems(screen) or "F202" in problems(screen)
        assert screen.scenario is not None and screen.step_id == "paper"  # the last version that loaded stays

        await pilot.press("backspace")
        await settle(pilot)
        assert screen.step_id == "start"


async def test_preview_returns_to_the_start_when_the_step_is_gone(tmp_path):
    case = tmp_path / "case.yaml"
    text = STORY.read_text(encoding="utf-8")
    save(case, text)
    timers = ManualTimers()
    app = make_preview_app(case, lang="en", poll_timer=timers)
    async with app.run_test(size=(140, 44)) as pilot:
        await until(
            pilot, lambda: isinstance(app.screen, PreviewScreen) and app.screen.scenario is not None, "the case"
        )
        screen = app.screen
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.step_id == "end"
        save(case, text.replace("id: end", "id: the-end").replace("goto: end", "goto: the-end"))
        await poll(pilot, timers)
        assert screen.step_id == "start"
        await poll(pilot, timers)
        assert screen.reloads == 2  # an unchanged file is not read again
