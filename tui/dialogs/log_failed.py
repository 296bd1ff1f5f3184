"""The dialog a failed write opens: the log could not take an event (disk full, folder gone, permissions).

It says what failed and that nothing already saved is lost, and offers the two ways on: retry (open the log
again and go on, paused) or quit (the log stays as it was on disk and the session is resumed later). It
returns True for retry and False for quit.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.sim.i18n import t

from ..bindings import relabel


class LogFailedDialog(ModalScreen[bool]):
    """The log could not be written: retry or quit; no other key does anything until one is chosen."""

    BINDINGS = [
        Binding("r", "answer(True)", "Retry", id="log-retry", tooltip="Open the log again and go on, paused"),
        Binding(
            "q",
            "answer(False)",
            "Quit",
            id="log-quit",
            tooltip="Leave tabletop; the session is resumed later from its log",
        ),
    ]

    def __init__(self, problem: str, lang: str) -> None:
        super().__init__()
        self.problem, self.lang = problem, lang

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="log-failed"):
            yield Static(t("log-failed.title", self.lang), classes="dialog-title")
            yield Static(t("log-failed.body", self.lang), classes="dialog-intro")
            yield Static(self.problem, id="log-failed-problem", markup=False)
            yield Static(t("log-failed.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)

    def action_answer(self, retry: bool) -> None:
        self.dismiss(retry)
