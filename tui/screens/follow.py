"""The audience view: the same session, read-only, without the facilitator layer, following the log's tail.

No server: it polls the log's size and, when it grows, reads the log again in a
worker and folds it with the same reducer as live play.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from sim.i18n import t
from sim.log import LogError, read_log
from sim.session import ReplayError, replay
from tui.bindings import relabel
from tui.widgets.session_view import SessionView


class FollowScreen(Screen):
    BINDINGS = [Binding("r", "reload", "Reload", id="reload", tooltip="Read the log again")]

    @dataclass
    class Replayed(Message):
        state: object
        error: str = ""

    def __init__(self, path: Path, interval: float = 1.0) -> None:
        super().__init__()
        self.path, self.interval = Path(path), interval
        self.state = None
        self._log_size = -1

    @property
    def lang(self) -> str:
        return self.app.lang

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("follow.waiting", self.lang), id="follow-status")
        yield SessionView(id="session")
        yield Footer()

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("follow.title", self.lang)
        self._poll()
        self.set_interval(self.interval, self._poll)

    def relabel(self) -> None:
        self.on_mount_labels()

    def on_mount_labels(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("follow.title", self.lang)
        self._show()

    def _poll(self) -> None:
        try:
            size = self.path.stat().st_size
        except OSError:
            size = -1
        if size != self._log_size:
            self._log_size = size
            self.load()

    def action_reload(self) -> None:
        self._log_size = -1
        self._poll()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        try:
            events, _ = read_log(self.path, allow_torn=True)
            self.post_message(self.Replayed(replay(events)))
        except (LogError, ReplayError) as exc:
            self.post_message(self.Replayed(None, str(exc)))

    @on(Replayed)
    def _replayed(self, message: Replayed) -> None:
        if message.state is None:
            self.query_one("#follow-status", Static).update(message.error)
            return
        first = self.state is None
        self.state = message.state
        if first and not self.app._lang_given and self.state.lang != self.lang:
            self.app.set_language(self.state.lang)  # the room sees the session's language
        self._show()

    def _show(self) -> None:
        if self.state is None:
            return
        status = t("follow.ended" if self.state.ended else "follow.live", self.lang)
        self.query_one("#follow-status", Static).update(status)
        self.query_one(SessionView).show(self.state, self.lang, self.app.now())
