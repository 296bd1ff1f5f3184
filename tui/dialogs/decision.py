"""The decision: the group's reasons, and which departments agreed or dissented, recorded with the choice.

Returns ``Decision`` or None when the facilitator goes back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from tabletop.sim.i18n import t

from ..bindings import relabel
from ..widgets.guard_preview import GuardPreview
from ..widgets.toggles import SelectionList


@dataclass
class Decision:
    reasons: str = ""
    agreed: list[str] = field(default_factory=list)
    dissented: list[str] = field(default_factory=list)


class DecisionDialog(ModalScreen[Decision | None]):
    BINDINGS = [
        Binding("ctrl+s", "record", "Record", id="decision-record", tooltip="Record the decision"),
        Binding(
            "enter",
            "record",
            "Record",
            id="decision-record-enter",
            show=False,
            priority=True,
            tooltip="Record the decision (Space ticks a department)",
        ),
        Binding("escape", "back", "Back", id="decision-back", tooltip="Go back without deciding"),
    ]

    def __init__(self, title: str, departments: list[tuple[str, str]], lang: str, *, check=None) -> None:
        super().__init__()
        self.title_text, self.departments, self.lang, self.check = title, departments, lang, check

    def compose(self) -> ComposeResult:
        with Vertical(id="decision-dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Label(t("decision.reasons", self.lang))
            yield Input(placeholder=t("decision.reasons-hint", self.lang), id="reasons")
            if self.check is not None:  # the reasons go into the log: the guard reads them as they are typed
                yield GuardPreview(id="reasons-preview")
            with Horizontal(id="decision-lists"):
                with Vertical():
                    yield Label(t("decision.agreed", self.lang))
                    yield SelectionList[str](*[(name, d) for d, name in self.departments], id="agreed")
                with Vertical():
                    yield Label(t("decision.dissented", self.lang))
                    yield SelectionList[str](*[(name, d) for d, name in self.departments], id="dissented")
            yield Static(t("decision.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self.query_one("#reasons", Input).focus()
        if self.check is not None:
            self.query_one(GuardPreview).check("", self.check, self.lang)

    @on(Input.Changed, "#reasons")
    def _changed(self, event: Input.Changed) -> None:
        if self.check is not None:
            self.query_one(GuardPreview).check(event.value, self.check, self.lang)

    @on(Input.Submitted, "#reasons")
    def action_record(self) -> None:
        agreed = list(self.query_one("#agreed", SelectionList).selected)
        dissented = [d for d in self.query_one("#dissented", SelectionList).selected if d not in agreed]
        self.dismiss(Decision(self.query_one("#reasons", Input).value, agreed, dissented))

    def action_back(self) -> None:
        self.dismiss(None)
