"""Debrief: the ending's outcome and points, the group's hotwash, objectives met and missed, the path with time per
step, every flag, the contributions per department and the improvement items. A key writes the Markdown beside the
log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from sim.debrief import report_path, sections
from sim.i18n import t
from tui.bindings import relabel


class DebriefScreen(Screen):
    AUTO_FOCUS = "#debrief"
    BINDINGS = [
        Binding("w", "write", "Write report", id="write-report", tooltip="Write the debrief beside the log"),
        Binding("escape", "home", "Home", id="home", tooltip="Back to Home"),
    ]

    @dataclass
    class Written(Message):
        path: Path | None
        error: str = ""

    def __init__(self, state, log_path: Path | None) -> None:
        super().__init__()
        self.state, self.log_path = state, log_path

    @property
    def lang(self) -> str:
        return self.app.lang

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Markdown(self._markdown(), id="debrief-text")
        yield Footer()

    def _markdown(self) -> str:
        parts = sections(self.state, self.lang, self.app.now())
        if self.state.hotwash:  # stored redacted by the engine; shown right after the outcome
            outcome = parts.pop("outcome")
            parts = {"outcome": outcome,
                     "hotwash": f"## {t('report.hotwash', self.lang)}\n\n{self.state.hotwash}", **parts}
        return "\n\n".join(parts.values()) + "\n"

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("debrief.title", self.lang)

    def relabel(self) -> None:
        self.on_mount()
        self.query_one("#debrief-text", Markdown).update(self._markdown())

    def action_write(self) -> None:
        if self.log_path is not None:
            self.write(self._markdown())

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write(self, text: str) -> None:
        target = report_path(self.log_path)
        try:
            from sim.report import write_private

            write_private(target, text)
        except OSError as exc:
            self.post_message(self.Written(None, str(exc.strerror or exc)))
            return
        self.post_message(self.Written(target))

    @on(Written)
    def _written(self, message: Written) -> None:
        if message.path is None:
            self.notify(message.error, severity="error")
        else:
            self.notify(t("debrief.written", self.lang, path=str(message.path)))

    def action_home(self) -> None:
        self.app.go_home()
