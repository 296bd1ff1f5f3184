"""Setup: who is at the table (departments with participant counts), group, term, language, mode.

No participant's name is asked for. Starting hands the answers to
``Session.start``; a refusal (a bad term, nobody at the table) is shown, not raised.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from sim.catalogue import department_name
from sim.i18n import t
from sim.log import LogError
from sim.session import Refused, Session
from sim.view import current_term
from tui.bindings import relabel


class SetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="start", tooltip="Start the exercise"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to Home"),
    ]

    def __init__(self, path: Path, scenario, source: str) -> None:
        super().__init__()
        self.path, self.scenario, self.source = Path(path), scenario, source

    @property
    def lang(self) -> str:
        return self.app.lang

    def _case_lang(self) -> str:
        return self.app.lang if self.app.lang in self.scenario.languages else self.scenario.languages[0]

    def compose(self) -> ComposeResult:
        s, lang = self.scenario, self.lang
        yield Header()
        with VerticalScroll(id="setup"):
            yield Static(s.text(s.title, lang), classes="setup-title", id="setup-title")
            yield Label(t("setup.departments", lang), classes="setup-label", id="label-departments")
            for d in s.departments:
                with Horizontal(classes="setup-department"):
                    yield Checkbox(self._dept_name(d.id), value=True, id=f"present-{d.id}")
                    yield Input("1", type="integer", max_length=3, id=f"count-{d.id}", classes="count")
            yield Label(t("setup.group", lang), classes="setup-label", id="label-group")
            yield Input(placeholder=t("setup.group-hint", lang), id="group")
            yield Label(t("setup.term", lang), classes="setup-label", id="label-term")
            yield Input(current_term(self.app.now()), id="term")
            yield Label(t("setup.language", lang), classes="setup-label", id="label-language")
            with RadioSet(id="language"):
                for code in ("sv", "en"):
                    yield RadioButton(t(f"lang.{code}", lang), value=code == self._case_lang(), id=f"lang-{code}")
            yield Label(t("setup.mode", lang), classes="setup-label", id="label-mode")
            with RadioSet(id="mode"):
                yield RadioButton(t("setup.mode.warn", lang), value=not self.app.strict, id="mode-warn")
                yield RadioButton(t("setup.mode.strict", lang), value=self.app.strict, id="mode-strict")
            yield Static(t("setup.no-names", lang), id="setup-note")
            yield Button(t("setup.start", lang), id="start", variant="success")
        yield Footer()

    def _dept_name(self, dept_id: str) -> str:
        return department_name(dept_id, self.lang, {d.id: d.name for d in self.scenario.departments})

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("setup.title", self.lang)

    def relabel(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("setup.title", self.lang)
        for key in ("departments", "group", "term", "language", "mode"):
            self.query_one(f"#label-{key}", Label).update(t(f"setup.{key}", self.lang))
        for d in self.scenario.departments:
            self.query_one(f"#present-{d.id}", Checkbox).label = self._dept_name(d.id)
        for code in ("sv", "en"):
            self.query_one(f"#lang-{code}", RadioButton).label = t(f"lang.{code}", self.lang)
        for mode in ("warn", "strict"):
            self.query_one(f"#mode-{mode}", RadioButton).label = t(f"setup.mode.{mode}", self.lang)
        self.query_one("#setup-note", Static).update(t("setup.no-names", self.lang))
        self.query_one("#start", Button).label = t("setup.start", self.lang)

    def answers(self) -> dict:
        departments = {}
        for d in self.scenario.departments:
            if self.query_one(f"#present-{d.id}", Checkbox).value:
                raw = self.query_one(f"#count-{d.id}", Input).value.strip()
                departments[d.id] = int(raw) if raw.lstrip("-").isdigit() else 0
        lang_button = self.query_one("#language", RadioSet).pressed_button
        mode_button = self.query_one("#mode", RadioSet).pressed_button
        return {
            "departments": departments,
            "group": self.query_one("#group", Input).value.strip(),
            "term": self.query_one("#term", Input).value.strip().upper(),
            "lang": lang_button.id.removeprefix("lang-") if lang_button else self._case_lang(),
            "mode": mode_button.id.removeprefix("mode-") if mode_button else "warn",
        }

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        try:
            session = Session.start(self.source, file=str(self.path), log_dir=self.app.log_dir, now=self.app.now,
                                    **self.answers())
        except Refused as exc:
            self.notify(str(exc), severity="warning")
            return
        except LogError as exc:
            self.notify(str(exc), severity="error", timeout=20)
            return
        self.app.open_session(session)

    def action_back(self) -> None:
        self.app.go_home()

