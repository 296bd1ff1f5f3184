"""Legible from the back of the room: the audience view and the console at a projector's large font (80x24,
100x30), every choice of every bundled step on screen, a readable measure on a wide screen, the breadcrumb fitted
to the width, a new step opened at its top; and the small things a room notices (box shapes, toasts, palette,
theme, Escape and q)."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tabletop.sim.author.playtest import _plan
from tabletop.sim.format.library import bundled_dir
from tabletop.sim.format.loader import load_text
from tabletop.sim.play.session import Session
from tabletop.tui.app import make_app
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.follow import FollowScreen
from tabletop.tui.widgets.choices import ChoiceEntry
from tabletop.tui.widgets.progress import fit_breadcrumb
from tabletop.tui.widgets.text import text
from tests.conftest import MINIMAL, fixed_clock, past_briefing, settle
from tests.test_app import painted
from tests.test_app_small import LONG

BUNDLED = sorted(bundled_dir().glob("*.yaml"))


def on_screen(app, region: Region) -> bool:
    return bool(region.area) and Region(0, 0, *app.size).contains_region(region)


def states_at_every_step(case, lang: str, log_dir):
    """For each step of ``case`` that offers choices: the state of a session that reached it (all present)."""
    source = case.read_text(encoding="utf-8")
    scenario = load_text(source, str(case)).scenario
    for step in scenario.steps:
        if step.is_ending:
            continue
        session = Session.start(
            source,
            file=str(case),
            departments={d.id: 1 for d in scenario.departments},
            term="HT2026",
            lang=lang,
            log_dir=log_dir / step.id,
            now=fixed_clock,
            briefing=True,
        )
        session.begin()  # the room has left the briefing: step 1 is on
        if step.id != scenario.start:
            into = [c.id for s in scenario.steps for c in s.choices if c.goto == step.id]
            plan = next(p for p in (_plan(scenario, scenario.start, session.state.facts, c) for c in into) if p)
            for choice in plan:
                session.choose(choice, confirm=True)
        session.close()
        yield step.id, session.path, session.state


def assert_all_in_view(app, screen, where: str) -> None:
    choices = screen.query_one("#choices")
    entries = [e for e in choices.query(ChoiceEntry) if e.display]
    assert entries, where
    assert choices.max_scroll_y == 0, f"{where}: the choices scroll"
    assert on_screen(app, choices.region), f"{where}: the choice list is clipped"
    for n, entry in enumerate(entries, 1):
        assert on_screen(app, entry.region), f"{where}: choice {n} is off screen"
        assert choices.content_region.contains_region(entry.region), f"{where}: choice {n} is clipped"
    assert on_screen(app, screen.query_one("#timebox").region), f"{where}: the step's clock is off screen"
    overall = screen.query_one("#overall-clock")
    assert on_screen(app, overall.region) and str(overall.render()).strip(), f"{where}: the overall clock is off screen"
    # the situation, or the teaching moment in its place, keeps some room (the choices never give theirs up)
    situation = max(screen.query_one(pane).region.height for pane in ("#main", "#teaching-scroll"))
    assert situation >= 2, f"{where}: no room left for the situation"


@pytest.mark.parametrize("case", BUNDLED, ids=lambda p: p.stem)
async def test_every_choice_of_every_bundled_step_is_on_the_audience_view_at_80x24(case, tmp_path):
    scenario = load_text(case.read_text(encoding="utf-8"), str(case)).scenario
    for lang in scenario.languages:
        steps = list(states_at_every_step(case, lang, tmp_path / lang))
        app = make_app(follow=steps[0][1], lang=lang, now=fixed_clock, follow_interval=3600)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FollowScreen)
            for step, path, state in steps:
                screen.path = path
                screen._replayed(state)  # as when a poll has read this log again
                await pilot.pause()
                await pilot.pause()
                assert screen.state.current == step
                assert_all_in_view(app, screen, f"{case.stem} {lang} {step}")


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_choice_of_the_flagged_step_is_on_the_console_at_a_projectors_size(size, tmp_path):
    app = make_app(
        scenario=MINIMAL, departments={"skola": 3, "polis": 1}, lang="sv", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        assert_all_in_view(app, app.screen, "the console")


async def test_a_wide_screen_keeps_the_situation_to_a_readable_measure(tmp_path):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path / "logs",
        now=fixed_clock,
    )
    session.close()
    app = make_app(follow=session.path, lang="en", now=fixed_clock, follow_interval=3600)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#situation").region.width <= 100
        assert app.screen.query_one("#choices").region.width <= 100
        assert app.screen.query_one("#side").display


def test_the_breadcrumb_elides_earlier_steps_to_fit_and_keeps_the_current_one():
    titles = ["Stickers at school", "A closed chat group", "The student health team meets", "Who takes it on?"]
    assert fit_breadcrumb(titles, width=200) == " › ".join(titles)
    fitted = fit_breadcrumb(titles, width=50)
    assert fitted.startswith("… › ") and fitted.endswith("Who takes it on?") and len(fitted) <= 50
    assert fit_breadcrumb(titles, width=18) == "Who takes it on?"
    assert fit_breadcrumb(titles, width=8) == "Who tak…"


async def test_the_breadcrumb_fits_the_width_and_shows_the_current_step(tmp_path):
    case = bundled_dir() / "propaganda-gymnasiet.yaml"
    step, path, state = list(states_at_every_step(case, "sv", tmp_path))[-1]
    app = make_app(follow=path, lang="sv", now=fixed_clock, follow_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        crumb = app.screen.query_one("#breadcrumb")
        shown = str(crumb.render())
        assert shown.endswith(text(state, state.scenario.step(step).title, "sv"))
        assert len(shown) <= crumb.content_region.width
        assert shown.startswith("…")


@pytest.fixture
def long_case(tmp_path):
    text = MINIMAL.read_text(encoding="utf-8")
    short = "en: Stickers have been put up at the school.}"
    path = tmp_path / "long.yaml"
    path.write_text(text.replace(short, f'en: "{LONG}\\n\\n{LONG}"}}'), encoding="utf-8")
    return path


async def test_a_new_step_opens_scrolled_to_its_top(long_case, tmp_path):
    app = make_app(
        scenario=long_case, departments={"skola": 3, "polis": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await past_briefing(pilot)
        await settle(pilot)
        main = app.screen.query_one("#main")
        await pilot.press("end")
        await pilot.pause()
        assert main.scroll_y > 0
        await pilot.press("1", "enter")  # on to the follow-up
        await settle(pilot)
        await pilot.press("u")  # and back: the long step again, from its top
        await settle(pilot)
        assert app.screen.state.current == "start"
        assert main.scroll_y == 0


def audience_app(tmp_path, lang):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 3, "polis": 1},
        term="HT2026",
        lang=lang,
        log_dir=tmp_path / "logs",
        now=fixed_clock,
    )
    session.close()
    return make_app(follow=session.path, lang=lang, now=fixed_clock, follow_interval=3600)


@pytest.mark.parametrize("lang", ["en", "sv"])
class TestLegibleSnapshots:
    @pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_audience_view(self, snap_compare, lang, size, tmp_path):
        assert snap_compare(audience_app(tmp_path, lang), terminal_size=size, run_before=painted)

    def test_exercise_at_80x24(self, snap_compare, lang, tmp_path):
        app = make_app(
            scenario=MINIMAL,
            departments={"skola": 3, "polis": 1},
            lang=lang,
            log_dir=tmp_path / "logs",
            now=fixed_clock,
        )

        async def started(pilot):
            await past_briefing(pilot)
            await painted(pilot)

        assert snap_compare(app, terminal_size=(80, 24), run_before=started)

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
    def test_briefing(self, snap_compare, lang, size, tmp_path):
        app = make_app(
            scenario=MINIMAL,
            departments={"skola": 3, "polis": 1},
            lang=lang,
            log_dir=tmp_path / "logs",
            now=fixed_clock,
        )
        assert snap_compare(app, terminal_size=size, run_before=painted)


# --- what a room notices -------------------------------------------------------------------------------------------


async def test_ticked_and_unticked_boxes_and_radio_buttons_differ_in_shape(tmp_path):
    from tabletop.tui.widgets.toggles import Checkbox, RadioButton

    app = make_app(scenario=MINIMAL, lang="en", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        box = app.screen.query(Checkbox).first()
        assert "☑" in str(box.render())
        box.value = False
        await pilot.pause()
        assert "☐" in str(box.render()) and "☑" not in str(box.render())
        radios = list(app.screen.query(RadioButton))
        assert {str(r.render())[1] for r in radios} == {"●", "○"}


def exercise(tmp_path, lang="en", **kwargs):
    return make_app(
        scenario=MINIMAL,
        departments={"skola": 3, "polis": 1},
        lang=lang,
        log_dir=tmp_path / "logs",
        now=fixed_clock,
        **kwargs,
    )


async def test_a_toast_never_covers_the_guards_saved_as_line(tmp_path):
    from textual.widgets._toast import Toast

    app = exercise(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await past_briefing(pilot)
        await settle(pilot)
        await pilot.press("c", *"Ali Ekström, 070-174 06 50")
        app.notify("A long notice that would sit at the bottom right of the screen over the typing", timeout=60)
        await painted(pilot)
        preview = app.screen.query_one("#guard-preview")
        assert "will be saved as" in str(preview.render()).lower() or preview.has_class("-flagged")
        toasts = list(app.screen.query(Toast))
        assert toasts
        assert all(not toast.region.overlaps(preview.region) for toast in toasts)


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_command_palette_speaks_the_ui_language_and_lists_only_choices_that_exist(lang, tmp_path):
    from textual.command import CommandPalette

    from tabletop.tui.commands import Actions

    app = exercise(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        await settle(pilot)
        titles = [title for title, _, _ in Actions(app.screen)._actions()]
        choice = "Choice" if lang == "en" else "Val"
        assert any(title.startswith(f"{choice} 1: ") for title in titles)
        assert any(title.startswith(f"{choice} 2: ") for title in titles)
        assert not any(title.startswith(f"{choice} 3") for title in titles)
        assert ("Quit" if lang == "en" else "Avsluta") in titles
        assert "Screenshot" not in titles and "Keys" not in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.screen._placeholder == ("Search the commands…" if lang == "en" else "Sök bland kommandona …")


async def test_the_theme_switch_says_which_theme_is_on(tmp_path):
    app = exercise(tmp_path, "sv")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert app.theme == "tabletop-projector"
        assert [n.message for n in app._notifications][-1] == "Tema: projektor (ljust)"


async def test_escape_after_saving_a_contribution_does_not_leave_the_exercise(tmp_path):
    app = exercise(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        await settle(pilot)
        screen = app.screen
        await pilot.press("c", *"the school follows its routine", "enter", "escape")
        await settle(pilot)
        assert app.screen is screen and screen.state.contributions
        await pilot.press("escape")  # a second one leaves, as ever
        await settle(pilot)
        assert not isinstance(app.screen, ExerciseScreen)


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_q_says_how_to_resume_the_session(lang, tmp_path, capsys):
    app = exercise(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        path = app.screen.session.path
        await pilot.press("q")
        await pilot.pause()
    said = "".join(capsys.readouterr().err.split())  # printed after the app has left the screen, wrapped
    assert f"tabletopresume{path}" in said
    assert ("SessionsonHome" if lang == "en" else "ÖvningarpåHem") in said
