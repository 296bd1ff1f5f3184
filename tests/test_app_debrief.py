"""The in-app debrief, driven by keys: who met and when, the departments, the decisions with reasons and dissent,
each objective met or missed with its reason, and the key that writes the full report beside the log."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown, SelectionList

from tabletop.sim.format.departments import department_name
from tabletop.sim.i18n import t
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.decision import DecisionDialog
from tabletop.tui.dialogs.flag import FlagModal
from tabletop.tui.screens.debrief import DebriefScreen
from tests.conftest import fixed_clock, past_briefing, settle, until
from tests.test_objectives import case_text

GROUP = "Norrstad samverkan"


def on_screen(app, kind):
    assert isinstance(app.screen, kind), type(app.screen).__name__
    return app.screen


async def play_with_a_breach_undone(pilot) -> None:
    """Leave the briefing, take the flagged choice after confirming, undo it, decide for the routine with a dissent,
    end."""
    await past_briefing(pilot)
    await pilot.press("2")
    await pilot.pause()
    on_screen(pilot.app, FlagModal)
    await pilot.press("y")
    await pilot.pause()
    on_screen(pilot.app, DecisionDialog)
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("u")  # the group takes it back: what was said stays said
    await pilot.pause()
    await pilot.press("1", *"our routine first")
    await pilot.pause()
    dialog = on_screen(pilot.app, DecisionDialog)
    dialog.query_one("#dissented", SelectionList).select("polis")
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("1", "enter")  # on to the good ending
    await pilot.pause()
    await pilot.press("e", "enter")  # end, without a hotwash
    await settle(pilot)


def app_for(tmp_path, lang: str):
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    return make_app(
        scenario=case,
        departments={"skola": 2, "polis": 1},
        lang=lang,
        group=GROUP,
        log_dir=tmp_path / "logs",
        now=fixed_clock,
    )


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_debrief_shows_group_date_departments_decisions_and_objectives_with_reasons(tmp_path, lang):
    app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_with_a_breach_undone(pilot)
        debrief = on_screen(app, DebriefScreen)
        shown = debrief.query_one("#debrief-text", Markdown).source
    assert GROUP in shown and "2026-11-24 18:00 UTC" in shown
    assert f"{department_name('skola', lang)} (2), {department_name('polis', lang)} (1)" in shown
    assert f"## {t('debrief.decisions', lang)}" in shown
    assert f"{t('report.reasons', lang)}: our routine first" in shown
    assert f"{t('report.dissented', lang)}: {department_name('polis', lang)}" in shown
    assert t("report.decision.undone", lang) in shown  # the flagged choice, taken and undone
    operational = {
        "en": "- ✘ **Keep to the operational level**: a breach was confirmed at “Stickers”: "
        "“Ask the school for the pupil's name” (undone later",
        "sv": "- ✘ **Hålla samtalet på verksamhetsnivå**: en överträdelse bekräftades vid ”Klistermärken”: "
        "”Be skolan säga elevens namn” (ångrades sedan",
    }[lang]
    assert operational in shown
    routine = {
        "en": "- ✔ **Know the school's routine**: the ending reached, “Good ending”, meets it",
        "sv": "- ✔ **Känna till skolans rutin**: slutet gruppen nådde, ”Bra slut”, uppfyller det",
    }[lang]
    assert routine in shown
    assert "ask-name" not in shown and "follow-up" not in shown  # ids never reach the room


@pytest.mark.parametrize("lang", ["en", "sv"])
async def test_the_debrief_key_writes_the_full_report_beside_the_log_and_says_where(tmp_path, lang):
    app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_with_a_breach_undone(pilot)
        on_screen(app, DebriefScreen)
        (log,) = (tmp_path / "logs").glob("*.jsonl")
        md, html = log.with_name(log.stem + ".report.md"), log.with_name(log.stem + ".report.html")
        app.clear_notifications()
        await pilot.press("w")
        await until(pilot, lambda: any(str(md) in n.message for n in app._notifications), "the notification")
        await settle(pilot)
        [note] = [n.message for n in app._notifications]
    assert note == t("debrief.written", lang, path=f"{md}, {html}")
    report = md.read_text(encoding="utf-8")
    assert report.startswith(f"# {t('report.title', lang)}")
    assert f"## {t('report.decisions', lang)}" in report and GROUP in report
    assert {"en": "(not met: a breach was confirmed at", "sv": "(inte uppnått: en överträdelse bekräftades vid"}[
        lang
    ] in report
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'id="objectives"' in page
    assert oct(md.stat().st_mode & 0o777) == oct(0o600) == oct(html.stat().st_mode & 0o777)
