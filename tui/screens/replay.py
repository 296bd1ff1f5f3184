"""Replay: a past session, read-only, exactly as the exercise screen showed it at each event.

The same widgets as the console (``SessionView`` with the facilitator layer)
render the state that the session's own reducer gives after the event under
the timeline's cursor, with the clock as it was then. Keys step through the
events, jump between choices and flags, and play at an adjustable pace. The
log is read, verified and folded in a worker (``sim.review.replay.open_recording``);
the status line says whether it verified and whether the library's case of the
same id still reads as the one played (the replay always uses the log's copy).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Static

from tabletop.sim.i18n import t
from tabletop.sim.play.log import LogError
from tabletop.sim.play.session import ReplayError
from tabletop.sim.review.replay import DEFAULT_SPEED, describe, details, faster, next_mark, open_recording, play_delay
from tabletop.sim.review.replay import verification_line as verified_text

from ..widgets.session_view import SessionView
from ..widgets.text import text
from ..widgets.timeline import Timeline
from .base import LabelledScreen


class ReplayScreen(LabelledScreen):
    AUTO_FOCUS = "#timeline"
    BINDINGS = [
        Binding("right", "step(1)", "Step", id="replay-forward", priority=True, tooltip="Show the next event"),
        Binding(
            "left", "step(-1)", "Back", id="replay-back", priority=True, show=False, tooltip="Show the event before"
        ),
        Binding(
            "right_square_bracket",
            "jump('choice', 1)",
            "Next choice",
            id="replay-next-choice",
            tooltip="Jump to the next choice",
        ),
        Binding(
            "left_square_bracket",
            "jump('choice', -1)",
            "Previous choice",
            id="replay-prev-choice",
            show=False,
            tooltip="Jump to the choice before",
        ),
        Binding(
            "right_curly_bracket",
            "jump('flag', 1)",
            "Next flag",
            id="replay-next-flag",
            tooltip="Jump to the next confidentiality flag",
        ),
        Binding(
            "left_curly_bracket",
            "jump('flag', -1)",
            "Previous flag",
            id="replay-prev-flag",
            show=False,
            tooltip="Jump to the flag before",
        ),
        Binding(
            "home", "go(0)", "First event", id="replay-first", priority=True, show=False, tooltip="Jump to the start"
        ),
        Binding(
            "end", "go(-1)", "Last event", id="replay-last", priority=True, show=False, tooltip="Jump to the last event"
        ),
        Binding("space", "play", "Play/pause", id="replay-play", priority=True, tooltip="Play or pause"),
        Binding("plus", "speed(1)", "Faster", id="replay-faster", tooltip="Play faster"),
        Binding("minus", "speed(-1)", "Slower", id="replay-slower", show=False, tooltip="Play slower"),
        Binding(
            "f",
            "toggle_notes",
            "Notes layer",
            id="replay-notes",
            show=False,
            tooltip="Hide or show the facilitator-only layer",
        ),
        Binding("escape", "home", "Home", id="replay-home", tooltip="Back to Home"),
    ]

    @dataclass
    class Loaded(Message):
        """The worker's result: a recording ready to replay, or why there is none."""

        recording: object | None
        error: str = ""

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = Path(path)
        self.recording = None
        self.index = 0
        self.state = None
        self.speed = DEFAULT_SPEED
        self.playing = False
        self._timer: Timer | None = None
        self.play_timer = self.set_timer
        """How playing waits between events: ``set_timer`` in the app; tests put a clock of their own here."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("replay.loading", self.lang), id="replay-status")
        with Horizontal(id="replay-body"):
            yield SessionView(facilitator=True, id="session")
            with Vertical(id="replay-side"):
                yield Timeline(id="timeline")
                yield Static(id="replay-position")
                yield Static(id="replay-event")
        yield Footer()

    def on_mount(self) -> None:
        self.label_keys()
        self.sub_title = t("replay.title", self.lang)
        self.load()

    def on_unmount(self) -> None:
        self._stop()

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        """Read, verify and fold the log off the UI thread: a long log takes a while."""
        try:
            recording = open_recording(self.path, self.app.scenario_dirs, bundled=self.app.bundled)
        except (LogError, ReplayError) as exc:
            self.post_message(self.Loaded(None, str(exc)))
            return
        if len(recording.events) > 10_000:
            # a long log's events and checkpoints live as long as the screen: keep them out of the cycle
            # collector's full passes, which would otherwise stall a jump for a second on 100,000 events
            import gc

            gc.freeze()
        self.post_message(self.Loaded(recording))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.recording is None:
            self.query_one("#replay-status", Static).update(
                Content(t("replay.error", self.lang, reason=message.error)).stylize("bold $text-error")
            )
            self.notify(message.error, severity="error", timeout=20)
            return
        self.recording = message.recording
        lang = self.recording.events[0]["payload"].get("lang")
        if not self.app.lang_given and lang in ("sv", "en") and lang != self.lang:
            self.app.set_language(lang)  # relabels this screen too
        else:
            self.relabel()
        self.go(0)

    def relabel(self) -> None:
        super().relabel()
        if self.recording is None:
            self.sub_title = t("replay.title", self.lang)
            return
        self.query_one(Timeline).fill(self.recording, self.lang)
        self._status()
        self.go(self.index)

    # showing one moment ------------------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show the session as it was right after event ``index`` (clamped to the log)."""
        rec = self.recording
        if rec is None:
            return
        last = len(rec.events) - 1
        self.index = max(0, min(index, last))
        self.state = rec.replayer.state_at(self.index)
        self.query_one(SessionView).show(self.state, self.lang, rec.now_at(self.index))
        title = text(self.state, self.state.scenario.title, self.lang)
        self.sub_title = f"{t('replay.title', self.lang)} · {title} · {self.state.term}"
        timeline = self.query_one(Timeline)
        if timeline.cursor_row != self.index:
            with timeline.prevent(DataTable.RowHighlighted):  # the replay moved it: nothing to follow back
                timeline.move_cursor(row=self.index, scroll=True)
        self._position()
        event = rec.events[self.index]
        lines = [describe(event, rec.scenario, self.lang), *details(event, rec.scenario, self.lang)]
        self.query_one("#replay-event", Static).update(Content("\n".join(lines)))

    def _status(self) -> None:
        rec = self.recording
        verified = Content(verified_text(rec.verified, self.lang))
        verified = verified.stylize("$text-success" if rec.verified.ok else "bold $text-error")
        case = Content(rec.case.line(self.lang))
        if rec.case.status != "same":
            case = case.stylize("bold $text-warning" if rec.case.status == "differs" else "$text-warning")
        self.query_one("#replay-status", Static).update(Content.assemble(verified, "\n", case))
        self.set_class(not rec.verified.ok or rec.case.status == "differs", "-notice")

    def _position(self) -> None:
        rec = self.recording
        moment = rec.moments[self.index]
        play = t("replay.playing" if self.playing else "replay.stopped", self.lang, speed=self.speed)
        position = t("replay.position", self.lang, n=self.index + 1, total=len(rec.events))
        self.query_one("#replay-position", Static).update(
            Content.assemble(
                (position, "bold"),
                f" · {moment.clock} · {moment.since_start} · ",
                (play, "bold $text-accent" if self.playing else ""),
            )
        )

    @on(DataTable.RowHighlighted, "#timeline")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.recording is not None and event.cursor_row != self.index:
            self.go(event.cursor_row)

    # keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters) -> bool | None:
        return self.recording is not None or action not in ("step", "jump", "go", "play", "speed")

    def action_step(self, direction: int) -> None:
        self.go(self.index + direction)

    def action_go(self, index: int) -> None:
        """The first event, or with -1 the last."""
        self.go(len(self.recording.events) - 1 if index < 0 else index)

    def action_jump(self, kind: str, direction: int) -> None:
        found = next_mark(self.recording.moments, self.index, kind, direction)
        if found is None:
            self.notify(t(f"replay.no-more-{kind}", self.lang), timeout=3)
            return
        self.go(found)

    def action_play(self) -> None:
        if self.playing:
            self._stop()
        else:
            if self.index >= len(self.recording.events) - 1:
                self.go(0)
            self.playing = True
            self._schedule()
        self._position()

    def action_speed(self, direction: int) -> None:
        self.speed = faster(self.speed, direction)
        self._position()

    def action_toggle_notes(self) -> None:
        self.toggle_class("-audience")

    def action_home(self) -> None:
        self._stop()
        self.app.go_home()

    # playing -----------------------------------------------------------------------------------

    def _schedule(self) -> None:
        self._timer = self.play_timer(play_delay(self.recording.moments, self.index, self.speed), self._advance)

    def _advance(self) -> None:
        if not self.playing:
            return
        self.go(self.index + 1)
        if self.index >= len(self.recording.events) - 1:
            self._stop()
            self._position()
        else:
            self._schedule()

    def _stop(self) -> None:
        self.playing = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
