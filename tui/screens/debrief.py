"""Debrief: the group, date and departments, the ending's outcome and points, the group's hotwash, each objective
met or missed with the reason, the decisions with reasons and dissent, the path with time per step, every flag, the
contributions per department and the improvement items. A key writes the full report (Markdown and HTML) beside the
log, another the take-home brief of each department present; both in a worker."""

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

from tabletop.sim.i18n import t
from tabletop.sim.review.debrief import sections

from ..bindings import relabel


class DebriefScreen(Screen):
    AUTO_FOCUS = "#debrief"
    BINDINGS = [
        Binding(
            "w",
            "write",
            "Write report",
            id="write-report",
            tooltip="Write the full report (Markdown and HTML) beside the log",
        ),
        Binding(
            "b",
            "write_briefs",
            "Write briefs",
            id="write-briefs",
            tooltip="Write a take-home brief for each department present (Markdown and HTML) beside the log",
        ),
        Binding("escape", "home", "Home", id="home", tooltip="Back to Home"),
    ]

    @dataclass
    class Written(Message):
        """The report (or, ``kind`` "briefs", the take-home briefs) was written (``paths``), or not (``error``)."""

        paths: list[Path]
        error: str = ""
        kind: str = "report"

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
            parts = {
                "outcome": outcome,
                "hotwash": f"## {t('report.hotwash', self.lang)}\n\n{self.state.hotwash}",
                **parts,
            }
        return "\n\n".join(parts.values()) + "\n"

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("debrief.title", self.lang)

    def relabel(self) -> None:
        self.on_mount()
        self.query_one("#debrief-text", Markdown).update(self._markdown())

    def action_write(self) -> None:
        if self.log_path is not None:
            self.write(self.log_path, self.lang)

    def action_write_briefs(self) -> None:
        if self.log_path is not None:
            self.write(self.log_path, self.lang, "briefs")

    @work(thread=True, exclusive=True, exit_on_error=False)
    def write(self, log_path: Path, lang: str, kind: str = "report") -> None:
        """Replay the log and write its report (or the briefs) in both formats beside it (slow: off the UI thread)."""
        from tabletop.sim.play.log import LogError
        from tabletop.sim.play.session import ReplayError
        from tabletop.sim.review.brief import write_briefs
        from tabletop.sim.review.debrief import write_reports

        try:
            written = (write_briefs if kind == "briefs" else write_reports)(log_path, lang)
        except OSError as exc:
            self.post_message(self.Written([], str(exc.strerror or exc), kind))
            return
        except (LogError, ReplayError, ValueError) as exc:
            self.post_message(self.Written([], str(exc), kind))
            return
        self.post_message(self.Written(written, kind=kind))

    @on(Written)
    def _written(self, message: Written) -> None:
        if not message.paths:
            self.notify(message.error, severity="error")
        else:
            key = "brief.written" if message.kind == "briefs" else "debrief.written"
            self.notify(t(key, self.lang, path=", ".join(str(p) for p in message.paths)))

    def action_home(self) -> None:
        self.app.go_home()
