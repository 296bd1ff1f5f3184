"""The flag modal: why a choice would move the group to the individual level, and what to do instead.

Returns True to take the choice anyway (warn mode only) and False to go back;
the caller records a ``decline`` for False. In strict mode the choice is
refused: the modal offers only the alternative.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static

from tabletop.sim.i18n import t
from tabletop.sim.play.teaching import lesson_markdown

from ..bindings import relabel


def flag_markdown(option, choice_text: str, lang: str, strict: bool) -> str:
    """The lesson the room's screen shows too (``sim.play.teaching.lesson_markdown``): one text, two places."""
    return lesson_markdown(option.flags, choice_text, lang, "refused" if strict else "proposed")


class FlagModal(ModalScreen[bool]):
    DEFAULT_CSS = """
    #flag-dialog {
        width: 100;
        max-width: 100%;
        height: auto;
        max-height: 95%;
        border: thick $error;
        background: $surface;
        padding: 0 1;
    }
    #flag-body {
        height: auto;
        max-height: 30;
    }
    #flag-buttons {
        height: auto;
        align: center middle;
    }
    #flag-buttons Button {
        margin: 0 2;
    }
    #flag-hint {
        color: $text-muted;
    }
    /* a short terminal (down to 20 rows): the dialog fills it and the text scrolls */
    FlagModal.-short #flag-dialog {
        height: 100%;
        max-height: 100%;
    }
    FlagModal.-short #flag-body {
        height: 1fr;
        max-height: 100%;
    }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # short: the text scrolls, the buttons stay in view
    BINDINGS = [
        Binding("y,j", "confirm", "Take it anyway", id="flag-confirm", tooltip="Record the flagged choice"),
        Binding("escape,n", "back", "Go back", id="flag-back", tooltip="Step back; the flag is recorded as declined"),
        Binding(
            "down,pagedown", "read(1)", "Read on", id="flag-read-on", show=False, tooltip="Scroll the explanation down"
        ),
        Binding(
            "up,pageup", "read(-1)", "Read back", id="flag-read-back", show=False, tooltip="Scroll the explanation up"
        ),
    ]

    def __init__(self, option, choice_text: str, lang: str, strict: bool) -> None:
        super().__init__()
        self.option, self.choice_text, self.lang, self.strict = option, choice_text, lang, strict

    def compose(self) -> ComposeResult:
        with Vertical(id="flag-dialog", classes="-strict" if self.strict else ""):
            with VerticalScroll(id="flag-body"):
                yield Markdown(flag_markdown(self.option, self.choice_text, self.lang, self.strict), id="flag-text")
            with Horizontal(id="flag-buttons"):
                yield Button(t("flag.back", self.lang), id="back", variant="primary")
                if not self.strict:
                    yield Button(t("flag.confirm", self.lang), id="confirm", variant="error")
            yield Static(t("flag.hint.strict" if self.strict else "flag.hint", self.lang), id="flag-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.query_one("#back", Button).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        return not (action == "confirm" and self.strict)

    def action_confirm(self) -> None:
        if not self.strict:
            self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

    def action_read(self, direction: int) -> None:
        """The explanation scrolls by keys while the focus stays on the buttons."""
        body = self.query_one("#flag-body", VerticalScroll)
        body.scroll_relative(y=direction * max(1, body.size.height - 2), animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm" and not self.strict)
