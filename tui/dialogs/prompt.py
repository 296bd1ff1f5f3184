"""Two small dialogs: one line of text (a facilitator's note), and a yes/no question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from sim.i18n import t
from tui.bindings import relabel


class TextDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "back", "Back", id="text-back", tooltip="Go back without saving")]

    def __init__(self, title: str, lang: str) -> None:
        super().__init__()
        self.title_text, self.lang = title, lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(id="text-input")
            yield Static(t("text.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_back(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="yes", tooltip="Yes"),
        Binding("escape,n", "answer(False)", "No", id="no", tooltip="No"),
    ]

    def __init__(self, question: str, lang: str) -> None:
        super().__init__()
        self.question, self.lang = question, lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            yield Static(t("confirm.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
