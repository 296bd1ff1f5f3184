"""Setup: who is at the table (departments with participant counts), group, term, language, mode, and when the
room sees the flags (before each choice, or when a flagged choice is taken: remembered per group).

No participant's name is asked for. Starting hands the answers to
``Session.start``; a refusal (a bad term, nobody at the table) is shown, not raised.

Follow-up across terms: the group's improvement items from earlier sessions that
are still open are listed under the group; those selected are marked done in the
new session as soon as it starts (``Session.mark_item_done``), the others carry
over. Below, which branches of the case this group and all groups have
exercised. Both are read from the log folder in a worker, again when the group
changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Footer,
    Header,
    Input,
    Label,
    Markdown,
    RadioSet,
    Static,
)
from textual.widgets.selection_list import Selection
from textual.worker import get_current_worker

from tabletop.sim.format.departments import department_name
from tabletop.sim.i18n import t, tn
from tabletop.sim.play.log import LogError
from tabletop.sim.play.queries import current_term
from tabletop.sim.play.session import Refused, Session
from tabletop.sim.review.followup import FollowUp, follow_up, mark_done

from .. import settings
from ..bindings import relabel
from ..widgets.branches import branches_markdown
from ..widgets.toggles import Checkbox, RadioButton, SelectionList


class SetupScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", id="start", tooltip="Start the exercise"),
        Binding("escape", "back", "Back", id="back", tooltip="Back to Home"),
    ]

    @dataclass
    class FollowUpLoaded(Message):
        group: str
        follow_up: FollowUp

    def __init__(self, path: Path, scenario, source: str) -> None:
        super().__init__()
        self.path, self.scenario, self.source = Path(path), scenario, source
        self.follow_up: FollowUp | None = None

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
            yield Input(self.app.group, placeholder=t("setup.group-hint", lang), id="group")
            yield Label(t("followup.setup.loading", lang), classes="setup-label", id="setup-items-label")
            yield SelectionList[str](id="setup-items")
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
            yield Label(t("setup.reveal", lang), classes="setup-label", id="label-reveal")
            reveal = settings.for_group("reveal", self.app.group, "before")
            with RadioSet(id="reveal"):
                for when in ("before", "taken"):
                    yield RadioButton(t(f"setup.reveal.{when}", lang), value=reveal == when, id=f"reveal-{when}")
            yield Markdown(id="setup-branches")
            yield Static(t("setup.no-names", lang), id="setup-note")
            yield Button(t("setup.start", lang), id="start", variant="success")
        yield Footer()

    def _dept_name(self, dept_id: str) -> str:
        return department_name(dept_id, self.lang, {d.id: d.name for d in self.scenario.departments})

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("setup.title", self.lang)
        self.query_one("#setup-items", SelectionList).display = False
        self.load_follow_up(self.query_one("#group", Input).value.strip())

    # follow-up: the group's open items and the branches exercised --------------------------------

    @work(thread=True, exclusive=True, group="followup", exit_on_error=False)
    def load_follow_up(self, group: str) -> None:
        found = follow_up(self.app.log_dir, {self.scenario.id: self.scenario}, group)
        if not get_current_worker().is_cancelled:
            self.post_message(self.FollowUpLoaded(group, found))

    @on(Input.Changed, "#group")
    def _group_changed(self, event: Input.Changed) -> None:
        self.load_follow_up(event.value.strip())
        reveal = settings.for_group("reveal", event.value.strip(), "before")  # what this group chose last time
        self.query_one(f"#reveal-{reveal}", RadioButton).value = True

    @on(FollowUpLoaded)
    def _follow_up_loaded(self, message: FollowUpLoaded) -> None:
        if message.group != self.query_one("#group", Input).value.strip():
            return  # typed on since: a newer read is under way
        self.follow_up = message.follow_up
        self.query_one("#group", Input).suggester = SuggestFromList(message.follow_up.groups, case_sensitive=False)
        self._show_follow_up()

    def _show_follow_up(self) -> None:
        items_list = self.query_one("#setup-items", SelectionList)
        label = self.query_one("#setup-items-label", Label)
        if self.follow_up is None:
            return
        items = self.follow_up.items
        chosen = set(items_list.selected)
        items_list.clear_options()
        items_list.add_options([Selection(self._item_line(i), i.ref, i.ref in chosen) for i in items])
        items_list.display = bool(items)
        if items:
            items_list.highlighted = 0
        label.update(t("followup.setup.items" if items else "followup.setup.no-items", self.lang))
        label.set_class(not items, "-none")
        mine, everyone = self.follow_up.explored[self.scenario.id]
        self.query_one("#setup-branches", Markdown).update(branches_markdown(self.scenario, mine, everyone, self.lang))

    def _item_line(self, item) -> str:
        return f"{item.due}  {item.owner_label(self.lang)}: {item.what}  ({item.term}, {item.case_label(self.lang)})"

    def items_done(self) -> list[str]:
        """The references of the earlier items selected as done."""
        return list(self.query_one("#setup-items", SelectionList).selected)

    def relabel(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("setup.title", self.lang)
        for key in ("departments", "group", "term", "language", "mode", "reveal"):
            self.query_one(f"#label-{key}", Label).update(t(f"setup.{key}", self.lang))
        for d in self.scenario.departments:
            self.query_one(f"#present-{d.id}", Checkbox).label = self._dept_name(d.id)
        for code in ("sv", "en"):
            self.query_one(f"#lang-{code}", RadioButton).label = t(f"lang.{code}", self.lang)
        for mode in ("warn", "strict"):
            self.query_one(f"#mode-{mode}", RadioButton).label = t(f"setup.mode.{mode}", self.lang)
        for when in ("before", "taken"):
            self.query_one(f"#reveal-{when}", RadioButton).label = t(f"setup.reveal.{when}", self.lang)
        self.query_one("#setup-note", Static).update(t("setup.no-names", self.lang))
        self._show_follow_up()
        self.query_one("#start", Button).label = t("setup.start", self.lang)

    def answers(self) -> dict:
        departments = {}
        for d in self.scenario.departments:
            if self.query_one(f"#present-{d.id}", Checkbox).value:
                raw = self.query_one(f"#count-{d.id}", Input).value.strip()
                departments[d.id] = int(raw) if raw.lstrip("-").isdigit() else 0
        lang_button = self.query_one("#language", RadioSet).pressed_button
        mode_button = self.query_one("#mode", RadioSet).pressed_button
        reveal_button = self.query_one("#reveal", RadioSet).pressed_button
        return {
            "departments": departments,
            "group": self.query_one("#group", Input).value.strip(),
            "term": self.query_one("#term", Input).value.strip().upper(),
            "lang": lang_button.id.removeprefix("lang-") if lang_button else self._case_lang(),
            "mode": mode_button.id.removeprefix("mode-") if mode_button else "warn",
            "reveal": reveal_button.id.removeprefix("reveal-") if reveal_button else "before",
        }

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        answers = self.answers()
        try:
            session = Session.start(
                self.source, file=str(self.path), log_dir=self.app.log_dir, now=self.app.now, briefing=True, **answers
            )
        except Refused as exc:
            self.notify(str(exc), severity="warning")
            return
        except LogError as exc:
            self.notify(str(exc), severity="error", timeout=20)
            return
        settings.remember_for_group("reveal", answers["group"], answers["reveal"])  # the group's choice next time
        done = self.items_done()
        try:
            for ref in done:
                mark_done(session, ref)
        except (Refused, LogError) as exc:
            self.notify(str(exc), severity="error", timeout=20)
        else:
            if done:
                self.notify(tn("followup.setup.marked", len(done), self.lang))
        self.app.open_session(session)

    def action_back(self) -> None:
        self.app.go_home()
