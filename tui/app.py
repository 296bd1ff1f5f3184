"""The Textual app: ``make_app`` builds it for the command line and the tests alike.

The app routes between screens and owns what they share: the language, the
clock, the log folder and the mode. Each screen renders the engine's state;
loading a case and replaying a log run in workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding

from tabletop.sim.i18n import LANGUAGES, t

from . import settings
from .bindings import relabel
from .commands import Actions
from .themes import CYCLE, THEMES


def _utc_now() -> datetime:
    return datetime.now(UTC)


class TabletopApp(App):
    CSS_PATH = ["app.tcss", "review.tcss"]
    TITLE = "tabletop"
    COMMANDS = {Actions}  # the app's own actions, in the UI's language (Textual's system commands speak English)
    # every screen carries its size class, for the layouts a projector's large font needs (app.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave tabletop; an unfinished session can be resumed"),
        Binding("l", "toggle_language", "Svenska", id="language", tooltip="Switch between Swedish and English"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="List the keys"),
        Binding(
            "t", "cycle_theme", "Theme", id="theme", tooltip="Default, projector or high-contrast theme", show=False
        ),
    ]

    def __init__(
        self,
        *,
        scenario_dirs: list[str] | None = None,
        lang: str | None = None,
        bundled: bool = True,
        scenario: str | Path | None = None,
        departments: dict[str, int] | None = None,
        strict: bool = False,
        log_dir: str | Path | None = None,
        resume: str | Path | None = None,
        follow: str | Path | None = None,
        group: str = "",
        term: str | None = None,
        now: Callable[[], datetime] | None = None,
        follow_interval: float = 1.0,
        replay: str | Path | None = None,
        session=None,
        loaded: tuple | None = None,
        follow_timer: Callable | None = None,
    ):
        super().__init__()
        self._session = session
        self._loaded = loaded
        self.scenario_dirs = scenario_dirs or []
        self.bundled = bundled
        self.lang = lang if lang in LANGUAGES else settings.user_language()
        self._lang_given = lang in LANGUAGES
        self.scenario_path = Path(scenario) if scenario else None
        self.departments = departments
        self.strict = strict
        self.resume_path = Path(resume) if resume else None
        self.follow_path = Path(follow) if follow else None
        self.replay_path = Path(replay) if replay else None
        self.group, self.term = group, term
        self.now = now or _utc_now
        self.follow_interval = follow_interval
        self.follow_timer = follow_timer
        from tabletop.sim.play.log import default_log_dir

        self.log_dir = Path(log_dir) if log_dir else default_log_dir()
        for theme in THEMES:
            self.register_theme(theme)
        remembered = settings.load().get("theme")
        if remembered in CYCLE:
            self.theme = remembered

    def on_mount(self) -> None:
        self.sub_title = t("app.subtitle", self.lang)
        self._label_bindings()
        if self.replay_path is not None:
            self.open_replay(self.replay_path)
        elif self.follow_path is not None:
            from .screens.follow import FollowScreen

            if self.follow_path.is_dir():  # the newest unfinished session there, and the next ones
                self.push_screen(
                    FollowScreen(None, self.follow_interval, newest_in=self.follow_path, poll_timer=self.follow_timer)
                )
            else:
                self.push_screen(FollowScreen(self.follow_path, self.follow_interval, poll_timer=self.follow_timer))
        elif self.resume_path is not None:
            self.resume_session(self.resume_path)
        elif self._session is not None:
            session, self._session = self._session, None
            self.open_session(session)
        elif self.scenario_path is not None and self._loaded is not None:
            (source, scenario), self._loaded = self._loaded, None
            if self.departments:
                self._start_direct(self.scenario_path, source, scenario)
            else:
                self._open_setup(self.scenario_path, scenario, source)
        elif self.scenario_path is not None:
            self.open_setup(self.scenario_path, start=bool(self.departments))
        else:
            self.go_home()

    def _label_bindings(self) -> None:
        relabel(self, self.lang)
        bindings = self._bindings.key_to_bindings  # the palette's own binding has no id: its label, in the language
        for key, entries in bindings.items():
            bindings[key] = [
                replace(b, description=t("key.command-palette", self.lang)) if b.action == "command_palette" else b
                for b in entries
            ]

    def action_command_palette(self) -> None:
        """The command palette, asking in the UI's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder", self.lang), id="--command-palette"))

    def action_quit(self) -> None:
        """Quit; an unfinished session on the stack is kept, and the message after quitting says how to resume it."""
        import shlex

        from .screens.exercise import ExerciseScreen

        for screen in self.screen_stack:
            if isinstance(screen, ExerciseScreen) and screen.state.ended is None:
                self.exit(message=t("app.resume-hint", self.lang, log=shlex.quote(str(screen.session.path))))
                return
        self.exit()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.sub_title = t("app.subtitle", self.lang)
        self._label_bindings()
        for screen in self.screen_stack:
            if hasattr(screen, "relabel"):
                screen.relabel()

    def action_toggle_language(self) -> None:
        self.set_language("en" if self.lang == "sv" else "sv")
        settings.remember("lang", self.lang)  # the next launch opens in it

    def action_cycle_theme(self) -> None:
        current = CYCLE.index(self.theme) if self.theme in CYCLE else -1
        self.theme = CYCLE[(current + 1) % len(CYCLE)]
        settings.remember("theme", self.theme)
        self.notify(t("theme.on", self.lang, theme=t(f"theme.name.{self.theme}", self.lang)), timeout=4)

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen, key_rows

        if type(self.screen).__name__ != "HelpScreen":
            self.push_screen(HelpScreen(key_rows([self.screen, self], self, self.lang), self.lang))

    # routing ----------------------------------------------------------------------------------

    def go_home(self) -> None:
        from .screens.home import HomeScreen

        if any(isinstance(s, HomeScreen) for s in self.screen_stack):
            while not isinstance(self.screen, HomeScreen):
                self.pop_screen()
        elif len(self.screen_stack) > 1:
            self.switch_screen(HomeScreen())
        else:
            self.push_screen(HomeScreen())

    def _show(self, screen) -> None:
        """Replace a Setup or Exercise on top with ``screen``; push it over Home or the default screen."""
        if len(self.screen_stack) > 1 and type(self.screen).__name__ != "HomeScreen":  # Home is not imported for this
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_setup(self, path: Path, start: bool = False) -> None:
        """Load a case (off the UI thread) and open Setup, or the exercise when ``start`` and all is given."""
        from tabletop.sim.format.loader import load_text

        try:
            source = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.call_from_thread(self._problem, f"{path}: {exc}")
            return
        result = load_text(source, str(path), cached=True)
        if not result.ok:
            self.call_from_thread(self._problem, "; ".join(d.format() for d in result.errors[:3]))
            return
        if start:
            self.call_from_thread(self._start_direct, path, source, result.scenario)
        else:
            self.call_from_thread(self._open_setup, path, result.scenario, source)

    def _open_setup(self, path, scenario, source) -> None:
        from .screens.setup import SetupScreen

        if not self._lang_given and self.lang not in scenario.languages:
            self.set_language(scenario.languages[0])
        self._show(SetupScreen(path, scenario, source))

    def _start_direct(self, path, source, scenario) -> None:
        from tabletop.sim.play.log import LogError
        from tabletop.sim.play.queries import current_term
        from tabletop.sim.play.session import Refused, Session

        lang = self.lang if self._lang_given else scenario.languages[0]
        try:
            session = Session.start(
                source,
                file=str(path),
                departments=dict(self.departments or {}),
                term=self.term or current_term(self.now()),
                group=self.group,
                mode="strict" if self.strict else "warn",
                lang=lang,
                log_dir=self.log_dir,
                now=self.now,
                briefing=True,
                reveal=settings.for_group("reveal", self.group, "before"),
            )
        except (Refused, LogError) as exc:
            self._problem(str(exc))
            self._open_setup(path, scenario, source)
            return
        self.open_session(session)

    def _problem(self, text: str) -> None:
        self.notify(text, severity="error", timeout=20)
        if len(self.screen_stack) <= 1:
            self.go_home()

    def open_session(self, session) -> None:
        from .screens.exercise import ExerciseScreen

        if session.state.lang != self.lang:
            self.set_language(session.state.lang)
        self._show(ExerciseScreen(session))

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def resume_session(self, path: Path) -> None:
        """Resume an unfinished session: verify and replay its log off the UI thread."""
        from tabletop.sim.play.log import LogError
        from tabletop.sim.play.session import Refused, ReplayError, Session

        try:
            session, recovery = Session.resume(path, now=self.now)
        except (LogError, Refused, ReplayError) as exc:
            self.call_from_thread(self._problem, str(exc))
            return
        if recovery is not None:
            self.call_from_thread(self.notify, recovery.describe(), severity="warning", timeout=20)
        self.call_from_thread(self._open_resumed, session)

    def _open_resumed(self, session) -> None:
        """A resumed session opens paused (the engine saw to it); say for how long it was away and how to go on."""
        from tabletop.sim.play.queries import hms

        self.open_session(session)
        self.notify(t("exercise.reopened", self.lang, away=hms(session.away_seconds)), timeout=15)

    def open_replay(self, path: Path) -> None:
        """Replay a session's log, read-only (the screen reads and verifies it in a worker)."""
        from .screens.replay import ReplayScreen

        self.push_screen(ReplayScreen(path))

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_debrief(self, path: Path) -> None:
        """Replay an ended session's log and show its debrief."""
        from tabletop.sim.play.log import LogError
        from tabletop.sim.play.session import ReplayError, replay_file

        from .screens.debrief import DebriefScreen

        try:
            state = replay_file(path)
        except (LogError, ReplayError) as exc:
            self.call_from_thread(self._problem, str(exc))
            return
        self.call_from_thread(self.push_screen, DebriefScreen(state, Path(path)))


def make_app(
    *,
    scenario_dirs: list[str] | None = None,
    lang: str | None = None,
    bundled: bool = True,
    scenario: str | Path | None = None,
    departments: dict[str, int] | None = None,
    strict: bool = False,
    log_dir: str | Path | None = None,
    resume: str | Path | None = None,
    follow: str | Path | None = None,
    group: str = "",
    term: str | None = None,
    now: Callable[[], datetime] | None = None,
    follow_interval: float = 1.0,
    replay: str | Path | None = None,
    session=None,
    loaded: tuple | None = None,
    follow_timer: Callable | None = None,
) -> TabletopApp:
    """The app as the command line runs it; tests may leave out the bundled cases to pin their own.

    - nothing: Home (the case library and the sessions in ``log_dir``);
    - ``scenario`` (a path): Setup for that case; with ``departments`` ({id: participants}) too, the exercise
      starts at once with ``lang`` (default: the case's first language), ``strict``, ``term`` (default: the
      current term) and ``group``;
    - ``resume`` (a log): the unfinished session continues;
    - ``follow`` (a log, or a folder of logs: its newest unfinished session, then each newer one): the read-only
      audience view, polling every ``follow_interval`` seconds (``follow_timer``, like ``set_timer``, is how it
      waits between polls: tests drive it with a timer of their own);
    - ``replay`` (a log): the read-only replay of that session, event by event (``tabletop replay LOG``); the
      case library (``scenario_dirs``, ``bundled``) is what the case played is compared with.

    - ``session`` (a started ``sim.play.session.Session``): its exercise, at once (``tabletop run`` with departments,
      which has started it);
    - ``loaded`` (``(source, scenario)``, with ``scenario``): the case as the command line already loaded and
      validated it, so that the app does not load it again.

    ``log_dir`` defaults to ``sim.play.log.default_log_dir()``; ``now`` is the clock (tests pin it).
    """
    return TabletopApp(
        scenario_dirs=scenario_dirs,
        lang=lang,
        bundled=bundled,
        scenario=scenario,
        departments=departments,
        strict=strict,
        log_dir=log_dir,
        resume=resume,
        follow=follow,
        group=group,
        term=term,
        now=now,
        follow_interval=follow_interval,
        replay=replay,
        session=session,
        loaded=loaded,
        follow_timer=follow_timer,
    )
