"""An improvement item: what, the owning department, the term it is due. Returns (what, owner, due) or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from tabletop.sim.i18n import t

from ..bindings import relabel
from ..widgets.guard_preview import GuardPreview


class ItemDialog(ModalScreen[tuple[str, str, str] | None]):
    BINDINGS = [
        Binding("ctrl+s", "record", "Record", id="item-record", tooltip="Add the improvement item"),
        Binding("escape", "back", "Back", id="item-back", tooltip="Go back without adding"),
    ]

    def __init__(self, departments: list[tuple[str, str]], term: str, lang: str, *, check=None) -> None:
        super().__init__()
        self.departments, self.term, self.lang, self.check = departments, term, lang, check

    def compose(self) -> ComposeResult:
        with Vertical(id="item-dialog", classes="dialog"):
            yield Static(t("item.title", self.lang), classes="dialog-title")
            yield Label(t("item.what", self.lang))
            yield Input(id="item-what")
            if self.check is not None:  # what goes into the log: the guard reads it as it is typed
                yield GuardPreview(id="item-preview")
            yield Label(t("item.owner", self.lang))
            yield Select(
                [(name, d) for d, name in self.departments],
                value=self.departments[0][0],
                allow_blank=False,
                id="item-owner",
            )
            yield Label(t("item.due", self.lang))
            yield Input(self.term, id="item-due")
            yield Static(t("item.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.query_one("#item-what", Input).focus()
        if self.check is not None:
            self.query_one(GuardPreview).check("", self.check, self.lang)

    @on(Input.Changed, "#item-what")
    def _changed(self, event: Input.Changed) -> None:
        if self.check is not None:
            self.query_one(GuardPreview).check(event.value, self.check, self.lang)

    @on(Input.Submitted)
    def action_record(self) -> None:
        what = self.query_one("#item-what", Input).value
        owner = self.query_one("#item-owner", Select).value
        self.dismiss((what, str(owner), self.query_one("#item-due", Input).value.strip()))

    def action_back(self) -> None:
        self.dismiss(None)
