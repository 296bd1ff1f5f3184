"""Playing a case by keys alone: setup, contributions checked by the guard, choices, the flag modal, the decision,
undo, quitting and resuming, ending with a hotwash, the debrief and its report, the audience view following the
log, and help in the user's language."""

from __future__ import annotations

import json

from textual.command import CommandList
from textual.widgets import DataTable, Input, Markdown

from tabletop.sim.play.log import read_log
from tabletop.sim.play.queries import newest_unfinished
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.decision import DecisionDialog
from tabletop.tui.dialogs.flag import FlagModal
from tabletop.tui.dialogs.help import HelpScreen
from tabletop.tui.dialogs.hotwash import HotwashDialog
from tabletop.tui.screens.debrief import DebriefScreen
from tabletop.tui.screens.exercise import ExerciseScreen
from tabletop.tui.screens.follow import FollowScreen
from tabletop.tui.screens.home import HomeScreen
from tabletop.tui.screens.setup import SetupScreen
from tabletop.tui.widgets.guard_preview import GuardPreview
from tests.conftest import MINIMAL, ManualTimers, fixed_clock, past_briefing, row_at, settle, until


def events(log_dir):
    (path,) = list(log_dir.glob("*.jsonl"))
    return path, read_log(path)[0]


def on_screen(app, kind):
    assert isinstance(app.screen, kind), type(app.screen).__name__
    return app.screen


async def test_a_case_is_played_from_home_to_the_debrief_by_keys_alone(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario_dirs=[str(MINIMAL.parent)], bundled=False, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        on_screen(app, HomeScreen)
        await pilot.press("enter")  # the highlighted case
        await settle(pilot)
        on_screen(app, SetupScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        assert exercise.state.term == "HT2026" and exercise.state.mode == "warn"
        await pilot.press("s")  # the school has spoken
        await pilot.press("1")
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press(*"routine", "enter")
        await pilot.pause()
        assert exercise.state.current == "follow-up"
        await pilot.press("1", "enter")
        await pilot.pause()
        assert exercise.state.current == "good-end"
        await pilot.press("e")
        await pilot.pause()
        on_screen(app, HotwashDialog)
        await pilot.press("enter")  # no hotwash: it is optional
        await settle(pilot)
        on_screen(app, DebriefScreen)
        await pilot.press("w")
        await settle(pilot)
    path, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "spoken", "choice", "choice", "end"]
    assert log[3]["payload"]["reasons"] == "routine"
    report = path.with_name(path.stem + ".report.md").read_text(encoding="utf-8")
    assert "good" in report and "Know the school's routine" in report


async def test_an_identifier_typed_into_a_contribution_is_flagged_live_and_stored_redacted(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 2, "polis": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("d")  # the police
        await pilot.press("c", *"Ali Ekström called from 070-174 06 50")
        await pilot.pause()
        preview = exercise.query_one(GuardPreview)
        assert preview.has_class("-flagged")
        assert "[elev-a: name]" in str(preview.render())
        await pilot.press("enter")
        await pilot.pause()
        assert exercise.query_one("#contribution-text", Input).value == ""
    _, log = events(logs)
    raw = json.dumps(log[1:], ensure_ascii=False)  # the start event embeds the case, personas and all
    assert "Ekström" not in raw and "06 50" not in raw
    contribution = log[-2]["payload"]  # the last is the pause that leaving the console records
    assert contribution["department"] == "polis"
    assert contribution["text"] == "[elev-a: name] called from [phone]"
    assert {f["rule"] for f in contribution["flags"]} == {"text-identifier", "phone"}


async def test_a_flagged_choice_is_confirmed_in_warn_mode_and_going_back_is_recorded(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("2")
        await pilot.pause()
        on_screen(app, FlagModal)
        await pilot.press("n")  # go back
        await pilot.pause()
        assert exercise.state.current == "start"
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("y")  # take it anyway
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert exercise.state.current == "named"
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "proposed", "declined", "proposed", "choice", "pause"]
    assert log[5]["payload"]["confirmed"] is True
    assert {f["rule"] for f in log[5]["payload"]["flags"]} == {"individual-step", "discloses-identifiers"}


async def test_strict_mode_refuses_a_flagged_choice_and_records_the_refusal(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, strict=True, lang="sv", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("2")
        await pilot.pause()
        modal = on_screen(app, FlagModal)
        assert modal.strict and not modal.query("#confirm")
        await pilot.press("y")  # refused: nothing happens
        await pilot.pause()
        on_screen(app, FlagModal)
        await pilot.press("escape")
        await pilot.pause()
        assert exercise.state.current == "start"
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "proposed", "declined", "pause"]
    assert log[2]["payload"]["strict"] is True and log[3]["payload"]["strict"] is True


async def test_undo_takes_back_the_last_choice(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1", "enter")
        await pilot.pause()
        assert exercise.state.current == "follow-up"
        await pilot.press("u")
        await pilot.pause()
        assert exercise.state.current == "start"
        assert str(exercise.query_one("#breadcrumb").render()) == "Stickers"
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "choice", "undo", "pause"]  # leaving pauses the clock


async def test_pause_extend_note_and_item_are_recorded(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("x", "p")
        await pilot.pause()
        assert exercise.state.paused
        await pilot.press("p", "n", *"ask the club next", "enter")
        await pilot.pause()
        await pilot.press("i", *"write the routine down", "enter")
        await pilot.pause()
        await pilot.press("f")
        assert exercise.has_class("-audience")
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "extend", "pause", "resume", "note", "item", "pause"]
    assert log[-2]["payload"] == {
        "step": "start",
        "what": "write the routine down",
        "owner": "skola",
        "due": "HT2026",
        "flags": [],
    }


async def test_quitting_mid_session_loses_nothing_and_home_resumes_it(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("c", *"the school follows its routine", "enter", "1", "enter")
        await pilot.pause()
        await pilot.press("q")
    path, _ = events(logs)
    assert newest_unfinished(logs) == path

    app = make_app(lang="en", bundled=False, log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = on_screen(app, HomeScreen)
        sessions = home.query_one("#sessions", DataTable)
        assert row_at(sessions, 0)[:2] == ["unfinished", "minimal"]
        sessions.focus()
        await pilot.press("enter")
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        assert exercise.state.current == "follow-up"
        assert [c["text"] for c in exercise.state.contributions] == ["the school follows its routine"]
        await pilot.press("escape")  # back home: the log is closed again, and can be resumed once more
        await settle(pilot)
        on_screen(app, HomeScreen)


async def test_the_audience_view_follows_the_log_without_the_facilitator_layer(tmp_path):
    from tabletop.sim.play.session import Session

    logs = tmp_path / "logs"
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=logs,
        now=fixed_clock,
    )
    timers = ManualTimers()
    app = make_app(follow=session.path, lang="en", now=fixed_clock, follow_timer=timers)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: timers.waiting == 1, "the first poll")
        screen = on_screen(app, FollowScreen)
        assert screen.state.current == "start"
        assert not screen.query("#facilitator")
        session.choose("routine")
        timers.fire()
        await until(pilot, lambda: screen.state.current == "follow-up", "the choice to be shown")
    session.close()


async def test_help_lists_the_keys_in_the_users_language(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="sv", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-keys", DataTable)
        labels = [row_at(table, i)[1] for i in range(table.row_count)]
        assert "Ångra" in labels and "Paus" in labels and "Avsluta" in labels


async def test_the_command_palette_offers_the_screens_actions(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"+5 min")
        await until(pilot, lambda: app.screen.query_one(CommandList).highlighted is not None, "a highlighted match")
        await pilot.press("enter")
        await settle(pilot)
        assert exercise.state.visit.extended_minutes == 5


async def test_ending_asks_for_a_hotwash_checked_live_and_stored_redacted(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1", "enter", "1", "enter")
        await pilot.pause()
        assert exercise.state.current == "good-end"
        await pilot.press("e", *"Routine held; Ali Ekström's call 070-174 06 50 was out of place")
        await pilot.pause()
        dialog = on_screen(app, HotwashDialog)
        preview = dialog.query_one(GuardPreview)
        assert preview.has_class("-flagged")
        assert "[elev-a: name]" in str(preview.render()) and "[phone]" in str(preview.render())
        await pilot.press("enter")
        await settle(pilot)
        debrief = on_screen(app, DebriefScreen)
        shown = debrief.query_one("#debrief-text", Markdown).source
        assert "## Hotwash" in shown and "[elev-a: name]" in shown and "Ekström" not in shown
    _, log = events(logs)
    assert log[-1]["type"] == "end"
    hotwash = log[-1]["payload"]["hotwash"]
    assert hotwash.startswith("Routine held; [elev-a: name]") and hotwash.endswith("call [phone] was out of place")
    assert {f["rule"] for f in log[-1]["payload"]["flags"]} == {"text-identifier", "phone"}
    raw = json.dumps(log[1:], ensure_ascii=False)
    assert "Ekström" not in raw and "06 50" not in raw


async def test_ending_early_can_be_taken_back_from_the_hotwash_dialog(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="sv", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = on_screen(app, HotwashDialog)
        assert dialog.early and "Fallet stannar här" in str(dialog.query_one(".dialog-intro").render())
        await pilot.press("escape")  # back to the case: nothing recorded
        await pilot.pause()
        assert app.screen is exercise and exercise.state.ended is None
        await pilot.press("e", "enter")  # ended early, without a hotwash
        await settle(pilot)
        on_screen(app, DebriefScreen)
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "end"]
    assert log[-1]["payload"]["hotwash"] == "" and log[-1]["payload"]["flags"] == []


async def test_going_back_from_the_decision_for_an_unflagged_choice_records_nothing(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1", *"not yet")
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is exercise and exercise.state.current == "start"
        await pilot.press("1", "enter")  # the same choice can still be taken
        await pilot.pause()
        assert exercise.state.current == "follow-up"
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "choice", "pause"]
    assert log[2]["payload"]["reasons"] == ""


async def test_the_decision_asked_again_shows_the_new_choice_and_nothing_left_of_the_last(tmp_path):
    """The console keeps one decision dialog and asks it again for each choice: the second choice's title, empty
    reasons with the keys in them, no ticks, the guard's hint, and only what is typed this time is recorded."""
    from textual.widgets import Static

    from tabletop.tui.widgets.toggles import SelectionList

    app = make_app(
        scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1", *"Ali Ekström said so", "tab", "space")  # reasons the guard flags, the school ticked
        await pilot.pause()
        first = on_screen(app, DecisionDialog)
        assert first.query_one(GuardPreview).has_class("-flagged")
        assert first.query_one("#agreed", SelectionList).selected == ["skola"]
        await pilot.press("escape")  # back: nothing recorded
        await pilot.pause()
        await pilot.press("2", "y")  # another choice, flagged and confirmed
        await pilot.pause()
        second = on_screen(app, DecisionDialog)
        assert second is first
        assert str(second.query_one(".dialog-title", Static).render()) == "Ask the school for the pupil's name"
        reasons = second.query_one("#reasons", Input)
        assert reasons.value == "" and app.focused is reasons
        assert [list(s.selected) for s in second.query(SelectionList)] == [[], []]
        assert not second.query_one(GuardPreview).has_class("-flagged")
        await pilot.press(*"the group insists", "enter")
        await pilot.pause()
        assert exercise.state.current == "named"
    decision = exercise.state.decisions[-1]
    assert (decision["choice"], decision["reasons"], decision["agreed"], decision["dissented"]) == (
        "ask-name",
        "the group insists",
        [],
        [],
    )


async def test_the_decision_is_built_while_the_step_is_read_and_keys_typed_behind_a_choice_land_in_it(tmp_path):
    """The console builds the decision dialog after the step is painted; the choice key only shows it, and what a
    fast typist types in the same burst is the group's reasons, though 'u', 'n', 'e', 'i' and 's' are console keys."""
    from textual import events as textual_events

    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock)

    async def burst(keys: str) -> None:
        for character in keys:
            app._driver.send_message(textual_events.Key("space" if character == " " else character, character))

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await until(pilot, lambda: exercise._decision is not None and exercise._decision.is_mounted, "built ahead")
        kept = exercise._decision
        assert app.screen is exercise  # built, not shown
        await burst("1our routine")
        await until(pilot, lambda: app.screen is kept, "the decision asked")
        await until(pilot, lambda: kept.query_one("#reasons", Input).value == "our routine", "the reasons typed")
        await pilot.press("enter")
        await until(pilot, lambda: exercise.state.current == "follow-up", "the first choice taken")
        await burst("2send it")
        await until(pilot, lambda: app.screen is kept, "the decision asked again")
        await until(pilot, lambda: kept.query_one("#reasons", Input).value == "send it", "the reasons typed")
        await pilot.press("enter")
        await until(pilot, lambda: exercise.state.current == "poor-end", "the second choice taken")
    assert [d["reasons"] for d in exercise.state.decisions] == ["our routine", "send it"]
    assert exercise.state.notes == [] and exercise.state.items == [] and exercise.state.ended is None


async def test_the_decision_asked_again_follows_a_new_theme_and_a_new_language(tmp_path):
    from textual.color import Color

    from tabletop.sim.i18n import t

    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog) and app.screen.is_mounted, "the decision")
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "tabletop-contrast" if app.theme != "tabletop-contrast" else "textual-dark"
        await settle(pilot)
        await pilot.press("1")
        await pilot.pause()
        box = on_screen(app, DecisionDialog).query_one("#decision-dialog")
        assert box.styles.background == Color.parse(app.get_css_variables()["surface"])
        await pilot.press("escape", "l", "1")  # Swedish, and the choice again
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog) and app.screen.is_mounted, "the decision")
        dialog = on_screen(app, DecisionDialog)
        assert t("decision.reasons", "sv") in [str(label.render()) for label in dialog.query("Label")]
        await pilot.press("escape", "escape")  # back, and away from the console: the kept dialog goes with it
        await settle(pilot)
        assert not isinstance(app.screen, ExerciseScreen) and not exercise.is_attached
        assert not app.is_screen_installed(dialog) and not dialog.is_running


async def test_going_back_from_the_decision_after_confirming_a_flag_takes_nothing_and_records_a_decline(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("2", "y")
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is exercise and exercise.state.current == "start"
    _, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "proposed", "declined", "pause"]
    assert log[3]["payload"]["choice"] == "ask-name" and log[3]["payload"]["strict"] is False


async def test_a_note_is_checked_by_the_guard_as_it_is_typed(tmp_path):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("n", *"ask Ali Ekström")
        await pilot.pause()
        assert app.screen.query_one(GuardPreview).has_class("-flagged")
        await pilot.press("enter")
        await pilot.pause()
    _, log = events(logs)
    assert log[-2]["type"] == "note" and log[-2]["payload"]["text"] == "ask [elev-a: name]"


async def test_help_shows_what_each_key_does_in_swedish(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="sv", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        assert app.screen.active_bindings["x"].binding.tooltip == "Förläng tidsramen med fem minuter"
        await pilot.press("question_mark")
        await pilot.pause()
        table = on_screen(app, HelpScreen).query_one("#help-keys", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Tangent", "Gör", "Vad den gör"]
        rows = {row_at(table, i)[0]: row_at(table, i)[1:] for i in range(table.row_count)}
        assert rows["u"] == ["Ångra", "Ångra det senaste valet"]
        assert rows["x"] == ["+5 min", "Förläng tidsramen med fem minuter"]
        assert rows["q"][1].startswith("Lämna tabletop")
        await pilot.press("escape", "l", "question_mark")  # English, and help again
        await pilot.pause()
        table = on_screen(app, HelpScreen).query_one("#help-keys", DataTable)
        rows = {row_at(table, i)[0]: row_at(table, i)[1:] for i in range(table.row_count)}
        assert rows["u"] == ["Undo", "Undo the last choice"]


def test_every_key_has_a_label_and_a_tooltip_in_both_languages():
    import importlib
    import pkgutil

    import tabletop.tui.dialogs
    import tabletop.tui.screens
    from tabletop.sim.i18n import CATALOGUES
    from tabletop.tui.app import TabletopApp

    classes = [TabletopApp]
    for package in (tabletop.tui.screens, tabletop.tui.dialogs):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            classes += [v for v in vars(module).values() if isinstance(v, type) and "BINDINGS" in vars(v)]
    ids = {b.id for cls in classes for b in cls.BINDINGS if getattr(b, "id", None)}
    assert {"quit", "undo", "flag-confirm", "text-back"} <= ids
    for lang, catalogue in CATALOGUES.items():
        missing = sorted(f"{kind}.{i}" for i in ids for kind in ("key", "tip") if f"{kind}.{i}" not in catalogue)
        assert not missing, (lang, missing)


async def test_enter_records_the_decision_even_from_the_department_lists(tmp_path):
    app = make_app(
        scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang="en", log_dir=tmp_path / "logs", now=fixed_clock
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1")
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press("tab", "space", "enter")  # into the 'agreed' list, tick the first, Enter
        await pilot.pause()
        assert exercise.state.current == "follow-up"
        assert exercise.state.decisions[-1]["agreed"] == ["skola"]


async def test_the_flag_explanation_scrolls_by_keys_while_the_buttons_keep_the_focus(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="sv", log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("2")
        await pilot.pause()
        modal = on_screen(app, FlagModal)
        body = modal.query_one("#flag-body")
        assert body.max_scroll_y > 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0 and app.focused.id == "back"


async def test_the_audience_view_speaks_the_sessions_language(tmp_path):
    from tabletop.sim.play.session import Session

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="sv",
        log_dir=tmp_path / "logs",
        now=fixed_clock,
    )
    app = make_app(follow=session.path, now=fixed_clock, follow_timer=ManualTimers())
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.lang == "sv", "the session's language")
    session.close()


async def test_every_key_the_footer_shows_fits_at_120_columns_in_both_languages(tmp_path):
    """d, f, p and x stay off the footer: their hints stand beside the bar, the layer and the timebox."""
    from textual.widgets._footer import FooterKey

    for lang in ("sv", "en"):
        app = make_app(
            scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang=lang, log_dir=tmp_path / lang, now=fixed_clock
        )
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            exercise = on_screen(app, ExerciseScreen)
            await past_briefing(pilot)
            await pilot.press("1", "enter")  # now undo is offered too: the longest footer
            await settle(pilot)
            keys = [k for k in exercise.query(FooterKey) if k.key != "ctrl+p"]
            palette = next(k for k in exercise.query(FooterKey) if k.key == "ctrl+p")
            assert {k.key for k in keys} >= {"c", "s", "i", "n", "u", "e", "escape", "question_mark"}
            assert all(k.region.width and k.region.right <= palette.region.x for k in keys), lang
            assert {"d", "f", "p", "x"}.isdisjoint(k.key for k in keys)
            timebox = str(exercise.query_one("#timebox").render())
            assert " p " in timebox and " x " in timebox
            assert "d:" in exercise.query_one("#contribution-text", Input).placeholder


async def test_hiding_the_facilitator_layer_says_how_to_show_it_again(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        hidden = exercise.query_one("#facilitator-hidden")
        assert "f hides" in exercise.query_one("#facilitator").source and not hidden.display
        await pilot.press("f")
        await pilot.pause()
        assert not exercise.query_one("#facilitator").display
        assert hidden.display and "f shows it" in str(hidden.render())
        await pilot.press("f")
        await pilot.pause()
        assert exercise.query_one("#facilitator").display and not hidden.display


async def test_the_audience_view_shows_no_console_keys(tmp_path):
    from tabletop.sim.play.session import Session

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=fixed_clock,
    )
    app = make_app(follow=session.path, lang="en", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, FollowScreen)
        assert str(screen.query_one("#timebox").render()).startswith("Time left")
        assert not screen.query("#facilitator-hidden")
    session.close()


async def test_home_names_a_sessions_case_by_its_title_when_the_library_has_it(tmp_path):
    from tabletop.sim.play.session import Session

    logs = tmp_path / "logs"
    Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="sv",
        log_dir=logs,
        now=fixed_clock,
    ).close()
    for lang, title in (("en", "Stickers at school"), ("sv", "Klistermärken på skolan")):
        app = make_app(scenario_dirs=[str(MINIMAL.parent)], bundled=False, lang=lang, log_dir=logs, now=fixed_clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            row = row_at(on_screen(app, HomeScreen).query_one("#sessions", DataTable), 0)
            assert row[1] == title


async def test_following_the_log_folder_waits_for_a_session_and_moves_on_to_the_next(tmp_path, monkeypatch):
    from tabletop.sim.play.session import Session

    monkeypatch.setenv("TABLETOP_LANG", "en")
    logs = tmp_path / "logs"
    logs.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    timers = ManualTimers()
    app = make_app(follow=logs, now=fixed_clock, follow_timer=timers)  # no --lang: each session's language

    async def poll(pilot) -> None:
        await until(pilot, lambda: timers.waiting == 1, "the next poll to be armed")
        timers.fire()
        await until(pilot, lambda: timers.waiting == 1, "the poll to be shown")

    async with app.run_test(size=(120, 40)) as pilot:
        await poll(pilot)
        screen = on_screen(app, FollowScreen)
        assert screen.state is None
        assert "waiting for one to start" in str(screen.query_one("#follow-status").render())
        first = Session.start(text, departments={"skola": 1}, term="HT2026", lang="en", log_dir=logs, now=fixed_clock)
        await poll(pilot)
        assert screen.path == first.path and screen.state.current == "start"
        first.choose("routine")
        first.end("")
        first.close()
        await poll(pilot)
        assert screen.state.ended is not None  # it stays on the ended session until another starts
        second = Session.start(
            text,
            departments={"polis": 1},
            term="HT2026",
            lang="sv",
            log_dir=logs,
            now=lambda: fixed_clock().replace(hour=19),
        )
        await poll(pilot)
        await settle(pilot)
        assert screen.path == second.path and screen.state.ended is None
        assert screen.state.departments == {"polis": 1} and app.lang == "sv"
        second.close()


async def test_after_saving_a_contribution_the_keys_are_the_consoles_again(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("c", *"we follow the routine", "enter", "2")
        await pilot.pause()
        field = exercise.query_one("#contribution-text", Input)
        assert field.value == "" and app.focused is not field
        on_screen(app, (FlagModal, DecisionDialog))  # 2 took a choice instead of being typed
        assert [c["text"] for c in exercise.state.contributions] == ["we follow the routine"]


async def test_a_redaction_tag_in_a_table_is_shown_as_written_not_read_as_markup(tmp_path):
    from tabletop.sim.play.session import Session

    logs = tmp_path / "logs"
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        group="[Team] Norr",
        lang="en",
        log_dir=logs,
        now=fixed_clock,
    )
    session.add_item("ask Ali Ekström's school for its routine", "skola", "VT2027")
    session.close()
    app = make_app(scenario_dirs=[str(MINIMAL.parent)], bundled=False, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = on_screen(app, HomeScreen)
        what = row_at(home.query_one("#items", DataTable), 0)[2]
        assert what.startswith("ask [elev-a: name]") and "Ekström" not in what
        shown = app.export_screenshot().replace("&#160;", " ")  # what is drawn, not only what is stored
        assert "ask [elev-a: name]" in shown and "[Team] Norr" in shown


async def test_the_audience_views_clock_runs_between_events(tmp_path):
    from datetime import timedelta

    from tabletop.sim.play.session import Session

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=fixed_clock,
    )
    later = [fixed_clock()]
    app = make_app(follow=session.path, lang="en", now=lambda: later[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = on_screen(app, FollowScreen)
        assert str(screen.query_one("#timebox").render()) == "Time left 10:00"
        later[0] += timedelta(minutes=3)
        # no new event in the log: only the clock moved, and the view's next tick shows it
        await until(pilot, lambda: str(screen.query_one("#timebox").render()) == "Time left 7:00", "the clock to move")
    session.close()


async def test_l_renames_the_department_in_the_contribution_bar_too(tmp_path):
    from textual.widgets import Select
    from textual.widgets._select import SelectCurrent

    app = make_app(scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        current = on_screen(app, ExerciseScreen).query_one("#contribution-department", Select).query_one(SelectCurrent)
        await past_briefing(pilot)
        assert str(current.query_one("Static").render()) == "School"
        await pilot.press("l")
        await pilot.pause()
        assert str(current.query_one("Static").render()) == "Skola"


async def test_a_number_typed_in_the_open_department_list_chooses_nothing(tmp_path):
    from textual.widgets import Select

    app = make_app(scenario=MINIMAL, departments={"skola": 1, "polis": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        select = on_screen(app, ExerciseScreen).query_one("#contribution-department", Select)
        select.focus()
        await pilot.press("enter")
        await until(pilot, lambda: select.expanded, "the department list open")
        await pilot.press("1")
        await settle(pilot)
        assert not isinstance(app.screen, DecisionDialog) and select.expanded
        await pilot.press("escape")
        await until(pilot, lambda: not select.expanded, "the department list closed")
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the choice key working again")


async def test_a_decisions_reasons_and_an_items_what_are_checked_as_they_are_typed(tmp_path):
    from tabletop.tui.dialogs.item import ItemDialog

    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("1", *"Ali Ekström's teacher said so")
        await pilot.pause()
        preview = on_screen(app, DecisionDialog).query_one(GuardPreview)
        assert preview.has_class("-flagged") and "[elev-a: name]" in str(preview.render())
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("i", *"call 070-174 06 50")
        await pilot.pause()
        preview = on_screen(app, ItemDialog).query_one(GuardPreview)
        assert preview.has_class("-flagged") and "[phone]" in str(preview.render())
        await pilot.press("escape")
    assert exercise.state.decisions[-1]["reasons"] == "[elev-a: name] teacher said so"


async def test_time_away_from_the_console_is_not_the_groups(tmp_path):
    from datetime import timedelta

    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await past_briefing(pilot)
        await pilot.press("q")
    path, log = events(logs)
    assert [e["type"] for e in log] == ["start", "briefed", "pause"]
    an_hour_later = make_app(resume=path, lang="en", log_dir=logs, now=lambda: fixed_clock() + timedelta(hours=1))
    async with an_hour_later.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(an_hour_later, ExerciseScreen)
        assert exercise.state.paused
        assert str(exercise.query_one("#timebox").render()).endswith("PAUSED   Time left 10:00")


async def test_on_a_swedish_screen_j_for_ja_takes_a_flagged_choice_and_the_keys_say_so(tmp_path):
    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="sv", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        await pilot.press("2")
        await pilot.pause()
        modal = on_screen(app, FlagModal)
        shown = {b.binding.key_display for b in modal.active_bindings.values() if b.binding.id == "flag-confirm"}
        assert shown == {"j"}
        await pilot.press("j")
        await pilot.pause()
        on_screen(app, DecisionDialog)
        await pilot.press("enter")
        await pilot.pause()
        assert exercise.state.decisions[-1]["choice"] == "ask-name"


async def test_text_typed_in_one_burst_right_after_c_lands_in_the_field(tmp_path):
    """A fast typist (or a slow machine) delivers 'c' and the text together, before the focus has moved."""
    from textual import events as textual_events

    app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang="en", log_dir=tmp_path, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        exercise = on_screen(app, ExerciseScreen)
        await past_briefing(pilot)
        for character in "cli is in":  # 'l' and 'i' are keys of the console too: here they are text
            app._driver.send_message(textual_events.Key("space" if character == " " else character, character))
        await until(pilot, lambda: exercise.query_one("#contribution-text", Input).value == "li is in", "the text")
        assert app.lang == "en" and isinstance(app.screen, ExerciseScreen)


async def test_help_fits_its_width_at_120_columns_what_a_key_does_wraps(tmp_path):
    from textual.widgets import DataTable as Table

    for lang in ("sv", "en"):
        app = make_app(scenario=MINIMAL, departments={"skola": 1}, lang=lang, log_dir=tmp_path / lang, now=fixed_clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await past_briefing(pilot)
            await pilot.press("question_mark")
            await until(
                pilot,
                lambda app=app: isinstance(app.screen, HelpScreen) and app.screen.query_one(Table).row_count,
                "help's table",
            )
            await settle(pilot)
            table = on_screen(app, HelpScreen).query_one(Table)
            assert table.virtual_size.width <= table.scrollable_content_region.width, lang
            assert any(row.height > 1 for row in table.rows.values()), "a long text wraps onto a second line"


def _deferred(tmp_path):
    from tabletop.sim.play.session import Session

    return Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        file=str(MINIMAL),
        departments={"skola": 1, "polis": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path / "logs",
        now=fixed_clock,
        briefing=True,
        defer=True,
    )


async def test_the_exercise_writes_a_deferred_start_once_its_first_screen_is_painted(tmp_path):
    session = _deferred(tmp_path)
    assert not session.opened
    app = make_app(session=session, lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: session.opened, "the start event written")
        screen = on_screen(app, ExerciseScreen)
        assert screen.state.briefing
        _, logged = events(tmp_path / "logs")
        assert [e["type"] for e in logged] == ["start"]


async def test_a_key_pressed_before_the_start_event_is_on_disk_is_not_lost(tmp_path, monkeypatch):
    # the start is not written after the first paint here: the facilitator's keys come first
    monkeypatch.setattr(ExerciseScreen, "_after_first_paint", lambda screen: None)
    session = _deferred(tmp_path)
    app = make_app(session=session, lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "the exercise on screen")
        assert not session.opened
        await pilot.press("enter", "1")
        await until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the decision asked")
        await pilot.press(*"routine", "enter")
        await until(pilot, lambda: session.state.current != "start", "the choice taken")
        _, logged = events(tmp_path / "logs")
        assert [e["type"] for e in logged] == ["start", "briefed", "choice"]
        assert logged[2]["payload"]["reasons"] == "routine"


async def test_the_briefing_paints_without_step_1_which_is_built_behind_it_before_any_key(tmp_path):
    session = _deferred(tmp_path)
    app = make_app(session=session, lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    painted: list[bool] = []  # at each paint of the exercise: were step 1's panes there?

    def display(screen, renderable) -> None:
        if isinstance(screen, ExerciseScreen) and renderable is not None and not painted:
            painted.append(bool(screen.query("#situation")) or bool(screen.query("#contribution-bar")))

    app._display = display  # type: ignore[method-assign]  # the paints, as a terminal would get them
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen) and app.screen.ready_for_step, "step 1 built")
        screen = on_screen(app, ExerciseScreen)
        assert painted == [False]  # the first paint was the briefing's alone
        assert session.opened and screen.state.briefing
        # step 1 is drawn already, hidden behind the briefing: Enter only switches
        assert screen.query_one("#situation").source.startswith("# ")
        assert not screen.query_one("#body").display and not screen.query_one("#contribution-bar").display
        await pilot.press("enter")
        await until(pilot, lambda: not screen.state.briefing, "step 1 started")
        assert screen.query_one("#body").display and screen.query_one("#contribution-bar").display
        assert not screen.query_one("#briefing-scroll").display


async def test_the_app_closed_at_the_briefings_first_paint_closes_cleanly_with_the_start_kept(tmp_path):
    """Closed before what the briefing went without is built (a facilitator who quits at once): no traceback."""
    session = _deferred(tmp_path)
    app = make_app(session=session, lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    real_display = app._display

    def display(screen, renderable) -> None:
        real_display(screen, renderable)
        if isinstance(screen, ExerciseScreen) and renderable is not None:
            app.exit()  # at the first paint, before the work that follows it has run

    app._display = display  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app._exit, "the app closing")
    assert app.return_code == 0 and app._exception is None
    (log,) = (tmp_path / "logs").glob("*.jsonl")
    assert [e["type"] for e in read_log(log)[0]] == ["start", "pause"]  # kept, and paused as any quit leaves it


async def test_text_pasted_and_a_language_switched_on_the_briefing_before_step_1_is_built_are_not_lost(
    tmp_path, monkeypatch
):
    from textual import events as textual_events

    monkeypatch.setattr(ExerciseScreen, "_after_first_paint", lambda screen: None)  # nothing built behind it yet
    session = _deferred(tmp_path)
    app = make_app(session=session, lang="en", bundled=False, log_dir=tmp_path / "logs", now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, ExerciseScreen), "the exercise on screen")
        screen = app.screen
        assert not screen.ready_for_step and not screen.query("#contribution-bar")
        await pilot.press("l")  # Swedish, before the contribution bar exists
        screen.post_message(textual_events.Paste("Skolan har pratat med eleven"))
        await until(pilot, lambda: screen.ready_for_step, "step 1 built for the paste")
        await settle(pilot)
        field = screen.query_one("#contribution-text", Input)
        assert field.value == "Skolan har pratat med eleven"
        assert field.placeholder.startswith("c: en verksamhets inspel")
