"""Two small dialogs: one line of text (a facilitator's note), and a yes/no question.

Text that goes into the log is checked by the guard as it is typed: give the
text dialog a ``check`` (``Session.check_text``) and it shows the guard's
verdict under the field, as the exercise does for a contribution.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tabletop.sim.i18n import t

from ..bindings import relabel
from ..widgets.guard_preview import GuardPreview

Checker = Callable[[str], tuple[str, list]]


class TextDialog(ModalScreen[str | None]):
    """One line of text; returns it on Enter (maybe empty) and None on Escape."""

    BINDINGS = [Binding("escape", "back", "Back", id="text-back", tooltip="Go back without saving")]

    def __init__(
        self, title: str, lang: str, *, check: Checker | None = None, hint: str | None = None, intro: str = ""
    ) -> None:
        super().__init__()
        self.title_text, self.lang, self.check, self.intro = title, lang, check, intro
        self.hint = hint if hint is not None else t("text.hint", lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            if self.intro:
                yield Static(self.intro, classes="dialog-intro")
            yield Input(id="text-input")
            if self.check is not None:
                yield GuardPreview(id="text-preview")
            yield Static(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self._preview("")

    @on(Input.Changed, "#text-input")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, value: str) -> None:
        if self.check is not None:
            self.query_one(GuardPreview).check(value, self.check, self.lang)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_back(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,j", "answer(True)", "Yes", id="yes", tooltip="Yes"),  # j: ja
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
