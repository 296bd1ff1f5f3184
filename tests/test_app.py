"""The app, driven by keys through Textual's Pilot, and its key screens by snapshot."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import DataTable

from tabletop.sim.play.session import Session
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.decision import DecisionDialog
from tabletop.tui.widgets.markdown_text import MarkdownText
from tests.conftest import FIXTURES, MINIMAL, fixed_clock, past_briefing, row_at, settle, until


async def test_home_lists_bundled_and_user_cases_with_their_status(tmp_path, minimal_text):
    (tmp_path / "mine.yaml").write_text(minimal_text)
    (tmp_path / "broken.yaml").write_text(minimal_text.replace("goto: good-end", "goto: nowhere", 1))
    app = make_app(scenario_dirs=[str(tmp_path)], lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#cases", DataTable)
        rows = [row_at(table, i) for i in range(table.row_count)]
        mine = [row[5:] for row in rows if row[0] == "Stickers at school"]
        assert sorted(mine) == [["1 error", "yours"], ["valid", "yours"]]
        assert any(row[6] == "bundled" for row in rows)


async def test_a_broken_case_is_listed_with_its_errors_not_crashing(tmp_path):
    (tmp_path / "bad.yaml").write_text("format: 1\ntitle: [\n")
    app = make_app(scenario_dirs=[str(tmp_path)], lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#cases", DataTable)
        last = row_at(table, table.row_count - 1)
        assert last[0] == "bad.yaml" and last[5] == "1 error"
        await pilot.press(*["down"] * table.row_count)
        await pilot.pause()
        preview = app.screen.query_one("#preview-text", MarkdownText)
        assert "Y101" in preview.source


async def test_l_switches_the_whole_screen_to_swedish():
    app = make_app(lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert app.lang == "sv"
        table = app.screen.query_one("#cases", DataTable)
        assert [str(c.label) for c in table.columns.values()][:2] == ["Fall", "Tema"]
        labels = {key: active.binding.description for key, active in app.screen.active_bindings.items()}
        assert (labels["q"], labels["r"], labels["l"]) == ("Avsluta", "Läs om", "English")


async def test_the_language_and_theme_last_chosen_are_where_the_next_launch_opens(monkeypatch):
    monkeypatch.delenv("TABLETOP_LANG", raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    app = make_app(bundled=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.lang == "en"
        await pilot.press("l", "t")
        await pilot.pause()
        assert app.lang == "sv" and app.theme == "tabletop-projector"
    again = make_app(bundled=False)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.lang == "sv" and again.theme == "tabletop-projector"
        assert str(again.screen.query_one("#home-title").render()) == "Fallbibliotek"
    monkeypatch.setenv("TABLETOP_LANG", "en")  # the environment, like --lang, still decides over a remembered choice
    assert make_app(bundled=False).lang == "en"


@pytest.mark.parametrize("damage", ["{not json", "[1, 2]", '{"lang": "fi", "theme": "no-such-theme"}'])
def test_damaged_settings_are_ignored(monkeypatch, tmp_path, damage):
    monkeypatch.delenv("TABLETOP_LANG", raising=False)
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text(damage, encoding="utf-8")
    app = make_app(bundled=False)
    assert app.lang == "sv" and app.theme == "textual-dark"


class TestHomeSnapshots:
    @pytest.mark.parametrize("lang", ["en", "sv"])
    def test_home(self, snap_compare, lang, tmp_path, monkeypatch):
        async def loaded(pilot):
            await settle(pilot)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()

        # pinned to fixtures, so that editing a bundled case does not change the picture
        shutil.copy(MINIMAL, tmp_path / "minimal.yaml")
        shutil.copy(FIXTURES / "invalid" / "R302-goto-missing.yaml", tmp_path / "broken.yaml")
        (tmp_path / "not-yaml.yaml").write_text("format: 1\ntitle: [\n")
        monkeypatch.chdir(tmp_path)  # the preview shows paths as given: keep them the same on every run
        Session.start(
            MINIMAL.read_text(encoding="utf-8"),
            departments={"skola": 1},
            term="HT2026",
            group="Team Norr",
            log_dir=tmp_path / "logs",
            now=fixed_clock,
        ).close()
        app = make_app(scenario_dirs=["."], lang=lang, bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
        assert snap_compare(app, terminal_size=(120, 40), run_before=loaded)


async def painted(pilot) -> None:
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def exercise_app(tmp_path, lang, **kwargs):
    """The minimal case started at once, with a fixed clock and a log folder of its own."""
    return make_app(
        scenario=MINIMAL,
        departments={"skola": 3, "polis": 1},
        lang=lang,
        log_dir=tmp_path / "logs",
        now=fixed_clock,
        **kwargs,
    )


@pytest.mark.parametrize("lang", ["en", "sv"])
class TestSessionSnapshots:
    def test_setup(self, snap_compare, lang, tmp_path):
        app = make_app(scenario=MINIMAL, lang=lang, log_dir=tmp_path / "logs", now=fixed_clock)
        assert snap_compare(app, terminal_size=(120, 40), run_before=painted)

    def test_exercise_with_an_identifier_being_typed(self, snap_compare, lang, tmp_path):
        async def typed(pilot):
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("s", "d", "c", *"Ali Ekström, 070-174 06 50", "escape")
            await painted(pilot)

        assert snap_compare(exercise_app(tmp_path, lang), terminal_size=(120, 40), run_before=typed)

    def test_flag_modal(self, snap_compare, lang, tmp_path):
        async def flagged(pilot):
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("2")
            await painted(pilot)

        assert snap_compare(exercise_app(tmp_path, lang), terminal_size=(120, 40), run_before=flagged)

    def test_decision_dialog(self, snap_compare, lang, tmp_path):
        """The dialog a choice key opens (kept from the step before and asked again): reasons, who agreed."""

        async def deciding(pilot):
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("1")
            await until(pilot, lambda: isinstance(pilot.app.screen, DecisionDialog), "the decision dialog")
            await pilot.press(*"first", "escape")  # left, and asked again: nothing of the first asking is left
            await until(pilot, lambda: not isinstance(pilot.app.screen, DecisionDialog), "back on the console")
            await pilot.press("1")
            await until(pilot, lambda: isinstance(pilot.app.screen, DecisionDialog), "the decision dialog again")
            await pilot.press(*"Enligt skolans rutin")
            await painted(pilot)

        assert snap_compare(exercise_app(tmp_path, lang), terminal_size=(120, 40), run_before=deciding)

    def test_flag_modal_in_strict_mode(self, snap_compare, lang, tmp_path):
        async def refused(pilot):
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("2")
            await painted(pilot)

        app = exercise_app(tmp_path, lang, strict=True)
        assert snap_compare(app, terminal_size=(120, 40), run_before=refused)

    def test_debrief(self, snap_compare, lang, tmp_path):
        async def played(pilot):
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("c", *"Our routine: the principal decides", "enter")
            await pilot.press("2", "y", "enter")
            await pilot.pause()
            await pilot.press("1", "enter")
            await pilot.pause()
            await pilot.press("e", "enter")  # end, without a hotwash
            await painted(pilot)
            pilot.app.clear_notifications()
            await painted(pilot)

        assert snap_compare(exercise_app(tmp_path, lang), terminal_size=(120, 40), run_before=played)
