"""The audience view: the same session, read-only, without the facilitator layer, following the log's tail.

No server: it polls the log's size and, when it grows, reads the log again in a
worker and folds it with the same reducer as live play.

Given a folder instead of a log (``tabletop follow`` without a LOG), it follows
the newest unfinished session there, waits for one if there is none yet, and
moves on to a session started later than the one it shows: the projector's
terminal can be opened before the exercise and left alone between exercises.
Each poll lists the folder (``sim.play.queries.LogFolder``: only new or changed logs are
read, and a log whose start event is still being written is looked at again),
so a session is found within one poll of its start event being complete.

Polls are one-shot timers armed again when a poll has been shown, so a slow
read never piles up; ``poll_timer`` is how the screen waits (``set_timer`` in
the app; tests put a clock of their own there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Header, Static

from tabletop.sim.i18n import t
from tabletop.sim.play.log import LogError, read_log
from tabletop.sim.play.queries import hms
from tabletop.sim.play.session import ReplayError, replay

from ..widgets.session_view import SessionView
from .base import LabelledScreen


class FollowScreen(LabelledScreen):
    BINDINGS = [Binding("r", "reload", "Reload", id="reload", tooltip="Read the log again")]

    @dataclass
    class Polled(Message):
        """What one poll found: the log to show (``None`` while waiting for one), its size, and its state when it
        was read again (``None`` when it had not changed), or why it could not be."""

        path: Path | None
        size: int
        state: object = None
        error: str = ""
        summary: object = None  # the SessionSummary of a log found in the folder

    def __init__(
        self, path: Path | None, interval: float = 1.0, *, newest_in: Path | None = None, poll_timer=None
    ) -> None:
        super().__init__()
        self.path = Path(path) if path else None
        self.interval = interval
        self.newest_in = Path(newest_in) if newest_in else None
        self.state = None
        self._log_size = -1
        self._following = None  # the followed session's summary, when found in the folder
        self._folder = (
            None  # sim.play.queries.LogFolder, made by the first poll (off the UI thread: it imports the engine)
        )
        self._polling = False
        self._timer = None
        self.poll_timer = poll_timer or self.set_timer
        """How the screen waits between polls: ``set_timer`` in the app; tests put a clock of their own here."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("follow.waiting", self.lang), id="follow-status")
        yield SessionView(id="session")
        yield Footer()

    def on_mount(self) -> None:
        self.label_keys()
        self.sub_title = t("follow.title", self.lang)
        self._poll()
        self.set_interval(1.0, self._tick)  # the room's clock runs between events, as the console's does

    def relabel(self) -> None:
        self.on_mount_labels()

    def on_mount_labels(self) -> None:
        self.label_keys()
        self.sub_title = t("follow.title", self.lang)
        self._show()

    def _poll(self) -> None:
        self._timer = None
        if self._polling:
            return
        self._polling = True
        self.poll(self.path, self._log_size, self._following)

    @work(thread=True, exclusive=True, group="follow-poll", exit_on_error=False)
    def poll(self, path: Path | None, size: int, following) -> None:
        """Look for a newer session in the folder, then read the followed log again if it changed."""
        summary = None
        if self.newest_in is not None:
            from tabletop.sim.play.queries import LogFolder

            if self._folder is None:
                self._folder = LogFolder(self.newest_in)
            summary = self._folder.newest_unfinished(after=following)
            if summary is not None:
                path, size = summary.path, -1
        if path is None:
            self.post_message(self.Polled(None, -1))
            return
        try:
            now_size = path.stat().st_size
        except OSError:
            now_size = -1
        if now_size == size:
            self.post_message(self.Polled(path, size, summary=summary))
            return
        try:
            events, _ = read_log(path, allow_torn=True)
            self.post_message(self.Polled(path, now_size, replay(events), summary=summary))
        except (LogError, ReplayError) as exc:
            self.post_message(self.Polled(path, now_size, None, str(exc), summary=summary))

    @on(Polled)
    def _polled(self, message: Polled) -> None:
        self._polling = False
        try:
            if message.summary is not None:
                if self.path is not None and message.path != self.path:
                    self.notify(t("follow.switched", self.lang), timeout=10)
                self._following = message.summary
            if message.path is None:
                self.query_one("#follow-status", Static).update(t("follow.none", self.lang, folder=str(self.newest_in)))
                return
            if message.path != self.path:
                self.path, self.state = message.path, None
            self._log_size = message.size
            if message.error:
                self.query_one("#follow-status", Static).update(message.error)
            elif message.state is not None:
                self._replayed(message.state)
        finally:
            if self.is_mounted:
                self._timer = self.poll_timer(self.interval, self._poll)

    def action_reload(self) -> None:
        self._log_size = -1
        if self._timer is not None:
            self._timer.stop()
        self._poll()

    def _replayed(self, state) -> None:
        first = self.state is None
        self.state = state
        if first and not self.app.lang_given and self.state.lang != self.lang:
            self.app.set_language(self.state.lang)  # the room sees the session's language
        self._show()

    def _tick(self) -> None:
        if self.state is not None and self.state.ended is None:
            self.query_one(SessionView).tick(self.state, self.lang, self.app.now())

    def _show(self) -> None:
        if self.state is None:
            return
        if self.state.ended:
            status = t("follow.ended", self.lang)
        elif self.state.paused and self.state.gaps and self.state.paused_at <= self.state.gaps[-1]["time"]:
            status = t("follow.reopened", self.lang, away=hms(self.state.gaps[-1]["seconds"]))  # until play goes on
        else:
            status = t("follow.live", self.lang)
        self.query_one("#follow-status", Static).update(status)
        self.query_one(SessionView).show(self.state, self.lang, self.app.now())
