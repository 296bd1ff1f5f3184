"""The decision: the group's reasons, and which departments agreed or dissented, recorded with the choice.

Returns ``Decision`` or None when the facilitator goes back. The exercise builds one dialog and asks it again for
each choice (``ask``): a choice key then only shows a screen that is already built and styled, instead of composing,
mounting and styling a dozen widgets while the room waits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events, on
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
    DEFAULT_CSS = """
    #decision-lists {
        height: auto;
        max-height: 14;
    }
    #decision-lists SelectionList {
        height: auto;
        max-height: 12;
    }
    """
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
    # no breakpoint classes: nothing here is styled by them, and setting them restyles the whole dialog when shown
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] = []
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] = []

    def __init__(self, title: str, departments: list[tuple[str, str]], lang: str, *, check=None) -> None:
        super().__init__()
        self.title_text, self.departments, self.lang, self.check = title, departments, lang, check
        self._styled_at: int | None = None  # the app's CSS generation the widgets were last styled in

    def fits(self, departments: list[tuple[str, str]], lang: str, check) -> bool:
        """Whether this dialog can ask about another choice: the same departments, language and guard."""
        return (departments, lang, check) == (self.departments, self.lang, self.check)

    def ask(self, title: str) -> None:
        """Ready the dialog for another choice before it is shown again: the choice's title, and nothing left of the
        last one (the reasons, the ticks, the guard's verdict); the keys go to the reasons again."""
        self.title_text = title
        if not self.is_mounted:  # composed with all this when first shown
            return
        self.query_one(".dialog-title", Static).update(title)
        reasons = self.query_one("#reasons", Input)
        reasons.value = ""
        for lists in self.query(SelectionList):
            lists.deselect_all()
            lists.highlighted = 0 if lists.option_count else None  # as built: Space ticks the first
        self.query_one("#decision-dialog").scroll_home(animate=False)
        self.set_focus(reasons)
        if self.check is not None:
            self.query_one(GuardPreview).check("", self.check, self.lang)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown again for another choice: Textual restyles every widget of a screen each time it is shown, which is
        a third of the time the key takes; the widgets keep their styles unless the app's CSS changed since (the
        theme), so only then. Runs before Textual's own handler (it reads the event after this)."""
        generation = self.app._css_update_count  # Textual 8 counts CSS changes here and has no public view of it
        if self._styled_at == generation:
            event.refresh_styles = False
        self._styled_at = generation

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
        self.query_one(".dialog-title", Static).update(self.title_text)  # asked while it was being built
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
