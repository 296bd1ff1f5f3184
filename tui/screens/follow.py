"""The audience view: the same session, read-only, without the facilitator layer, following the log's tail.

No server: it polls the log's size and, when it grows, reads the log again in a
worker and folds it with the same reducer as live play.

Given a folder instead of a log (``tabletop follow`` without a LOG), it follows
the newest unfinished session there, waits for one if there is none yet, and
moves on to a session started later: the projector's terminal can be opened
before the exercise and left alone between exercises. It notices a new session
by the folder's modification time, so it does not read every log each second.
"""

from __future__ import annotations

import time
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
        path: Path
        state: object
        error: str = ""

    def __init__(self, path: Path | None, interval: float = 1.0, *, newest_in: Path | None = None) -> None:
        super().__init__()
        self.path = Path(path) if path else None
        self.interval = interval
        self.newest_in = Path(newest_in) if newest_in else None
        self.state = None
        self._log_size = -1
        self._folder_stamp: int | None = None

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
        self.set_interval(1.0, self._tick)  # the room's clock runs between events, as the console's does

    def relabel(self) -> None:
        self.on_mount_labels()

    def on_mount_labels(self) -> None:
        relabel(self, self.lang)
        self.sub_title = t("follow.title", self.lang)
        self._show()

    def _poll(self) -> None:
        if self.newest_in is not None:
            self._look_for_a_newer_session()
        if self.path is None:
            return
        try:
            size = self.path.stat().st_size
        except OSError:
            size = -1
        if size != self._log_size:
            self._log_size = size
            self.load()

    def _look_for_a_newer_session(self) -> None:
        from sim.view import newest_unfinished

        try:
            stamp = self.newest_in.stat().st_mtime_ns
        except OSError:
            stamp = None
        if stamp == self._folder_stamp and self._folder_stamp is not None:
            return
        # a folder changed in the last second may hold a log whose first line is still being written: look again
        self._folder_stamp = stamp if stamp is not None and time.time_ns() - stamp > 1_000_000_000 else None
        newest = newest_unfinished(self.newest_in) if stamp is not None else None
        if newest is not None and newest != self.path:
            if self.path is not None:
                self.notify(t("follow.switched", self.lang), timeout=10)
            self.path, self.state, self._log_size = newest, None, -1
        elif self.path is None:
            self.query_one("#follow-status", Static).update(t("follow.none", self.lang, folder=str(self.newest_in)))

    def action_reload(self) -> None:
        self._log_size = -1
        self._folder_stamp = None
        self._poll()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        path = self.path
        try:
            events, _ = read_log(path, allow_torn=True)
            self.post_message(self.Replayed(path, replay(events)))
        except (LogError, ReplayError) as exc:
            self.post_message(self.Replayed(path, None, str(exc)))

    @on(Replayed)
    def _replayed(self, message: Replayed) -> None:
        if message.path != self.path:
            return  # read before the view moved on to a newer session
        if message.state is None:
            self.query_one("#follow-status", Static).update(message.error)
            return
        first = self.state is None
        self.state = message.state
        if first and not self.app._lang_given and self.state.lang != self.lang:
            self.app.set_language(self.state.lang)  # the room sees the session's language
        self._show()

    def _tick(self) -> None:
        if self.state is not None and self.state.ended is None:
            self.query_one(SessionView).tick(self.state, self.lang, self.app.now())

    def _show(self) -> None:
        if self.state is None:
            return
        status = t("follow.ended" if self.state.ended else "follow.live", self.lang)
        self.query_one("#follow-status", Static).update(status)
        self.query_one(SessionView).show(self.state, self.lang, self.app.now())
