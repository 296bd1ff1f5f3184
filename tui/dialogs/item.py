"""An improvement item: what, the owning department, the term it is due. Returns (what, owner, due) or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from sim.i18n import t
from tui.bindings import relabel


class ItemDialog(ModalScreen[tuple[str, str, str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "record", "Record", id="item-record", tooltip="Add the improvement item"),
        Binding("escape", "back", "Back", id="item-back", tooltip="Go back without adding"),
    ]

    def __init__(self, departments: list[tuple[str, str]], term: str, lang: str) -> None:
        super().__init__()
        self.departments, self.term, self.lang = departments, term, lang

    def compose(self) -> ComposeResult:
        with Vertical(id="item-dialog", classes="dialog"):
            yield Static(t("item.title", self.lang), classes="dialog-title")
            yield Label(t("item.what", self.lang))
            yield Input(id="item-what")
            yield Label(t("item.owner", self.lang))
            yield Select([(name, d) for d, name in self.departments], value=self.departments[0][0],
                         allow_blank=False, id="item-owner")
            yield Label(t("item.due", self.lang))
            yield Input(self.term, id="item-due")
            yield Static(t("item.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.query_one("#item-what", Input).focus()

    @on(Input.Submitted)
    def action_record(self) -> None:
        what = self.query_one("#item-what", Input).value
        owner = self.query_one("#item-owner", Select).value
        self.dismiss((what, str(owner), self.query_one("#item-due", Input).value.strip()))

    def action_back(self) -> None:
        self.dismiss(None)
