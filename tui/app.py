"""The Textual app: ``make_app`` builds it for the command line and the tests alike."""

from __future__ import annotations

import locale
import os

from textual.app import App
from textual.binding import Binding

from sim.i18n import LANGUAGES, t
from tui.bindings import relabel


def default_language() -> str:
    """Swedish when the user's locale is Swedish, otherwise English."""
    for var in ("TABLETOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "sv" if loc.lower().startswith("sv") else "en"


class TabletopApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "tabletop"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave tabletop"),
        Binding("l", "toggle_language", "Svenska", id="language", tooltip="Switch between Swedish and English"),
    ]

    def __init__(self, *, scenario_dirs: list[str] | None = None, lang: str | None = None, bundled: bool = True):
        super().__init__()
        self.scenario_dirs = scenario_dirs or []
        self.bundled = bundled
        self.lang = lang if lang in LANGUAGES else default_language()

    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        self.sub_title = t("app.subtitle", self.lang)
        self._label_bindings()
        self.push_screen(HomeScreen())

    def _label_bindings(self) -> None:
        relabel(self, self.lang)

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "sv" else "sv"
        self.sub_title = t("app.subtitle", self.lang)
        self._label_bindings()
        for screen in self.screen_stack:
            if hasattr(screen, "relabel"):
                screen.relabel()


def make_app(*, scenario_dirs: list[str] | None = None, lang: str | None = None,
             bundled: bool = True) -> TabletopApp:
    """The app as the command line runs it; tests may leave out the bundled cases to pin their own."""
    return TabletopApp(scenario_dirs=scenario_dirs, lang=lang, bundled=bundled)
