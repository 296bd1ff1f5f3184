"""Role cards (format 1.1): a briefing for one department that only it receives, shown to the facilitator on
request, to read to that department or hand over; never on the room's screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tabletop.sim.format.departments import department_name
from tabletop.sim.i18n import t

from ..bindings import relabel
from ..widgets.markdown_text import MarkdownText


def role_cards_markdown(scenario, lang: str) -> str:
    names = {d.id: d.name for d in scenario.departments}
    if not scenario.roles:
        return t("exercise.no-role-cards", lang)
    lines = []
    for card in scenario.roles:
        name = department_name(card.department, lang, names)
        title = f"{name}: {scenario.text(card.title, lang)}" if card.title is not None else name
        lines += [f"## {title}", "", scenario.text(card.text, lang), ""]
    return "\n".join(lines)


class RoleCardsDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,k", "close", "Close", id="help-close", tooltip="Close")]

    def __init__(self, scenario, lang: str) -> None:
        super().__init__()
        self.scenario, self.lang = scenario, lang

    def compose(self) -> ComposeResult:
        with Vertical(id="role-cards-dialog", classes="dialog"):
            yield Static(t("exercise.role-cards", self.lang), classes="dialog-title")
            with VerticalScroll(id="role-cards-scroll"):
                yield MarkdownText(id="role-cards")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.query_one(MarkdownText).update_markdown(role_cards_markdown(self.scenario, self.lang))
        self.query_one("#role-cards-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
