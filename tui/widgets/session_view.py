"""What the room sees of a session: path, clocks, situation, choices, departments. Shared by console and audience.

Before step 1 it shows the briefing instead; while a teaching moment is open, the lesson takes the situation's
place (the choices stay below). When the room's flags are revealed only on taking, the audience view keeps the
choices' flags (and a proposal's moment) back; the console always shows them.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from tabletop.sim.format.model import holds
from tabletop.sim.i18n import t
from tabletop.sim.play.session import offered
from tabletop.sim.play.teaching import revealed_choices, room_sees_moment

from .briefing import Briefing
from .choices import ChoiceList
from .departments import Contributions, DepartmentPanel
from .facilitator import FacilitatorNotes
from .progress import Breadcrumb, OverallClock, Timebox
from .situation import Situation
from .teaching import TeachingPanel


class SessionView(Vertical):
    """The shared part of the exercise screens; ``show`` renders a state, nothing here changes it.

    ``facilitator`` adds the facilitator-only layer (the console and replay); the audience view leaves it out.
    ``clock_keys`` shows the keys that pause the clock and extend the timebox beside it (the console only).
    """

    def __init__(self, *, facilitator: bool = False, clock_keys: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facilitator = facilitator
        self.clock_keys = clock_keys
        self._shown_visit: tuple | None = None  # the step visit on screen: a new one opens at its top

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Breadcrumb(id="breadcrumb")
            yield Timebox(hints=self.clock_keys, id="timebox")
        yield OverallClock(id="overall-clock")
        with VerticalScroll(id="briefing-scroll"):
            yield Briefing(hint=self.facilitator, id="briefing")
        with Horizontal(id="body"):
            with Vertical(id="main-column"):
                with VerticalScroll(id="teaching-scroll"):
                    yield TeachingPanel(hint=self.facilitator, id="teaching")
                with VerticalScroll(id="main"):
                    yield Situation(id="situation")
                yield ChoiceList(id="choices")  # below the situation, never scrolled out of sight
            with VerticalScroll(id="side"):
                yield DepartmentPanel(id="departments")
                yield Contributions(id="contributions")
                if self.facilitator:
                    yield FacilitatorNotes(id="facilitator")
                    yield Static(id="facilitator-hidden")  # shown instead while the layer is hidden

    def show(self, state, lang: str, now: datetime) -> list:
        """Render ``state``; returns the offered choices (the console binds number keys to them)."""
        briefing = state.briefing and state.ended is None
        options = offered(state) if state.ended is None and not briefing else []  # no choices (nor guard) yet
        self.query_one(Breadcrumb).show(state, lang)
        self.query_one(Timebox).show(state, lang, now)
        self.query_one(OverallClock).show(state, lang, now)
        self.query_one("#briefing-scroll").display = briefing
        self.query_one("#body").display = not briefing
        if briefing:
            self.query_one(Briefing).show(state, lang)
        teaching = self.query_one(TeachingPanel)
        teaching.show(state, lang, self.facilitator or room_sees_moment(state))
        self.query_one("#teaching-scroll").display = teaching.display
        self.query_one("#main").display = not teaching.display
        self.query_one(Situation).show(state, lang, facilitator=self.facilitator)
        self.query_one(ChoiceList).show(
            state, options if self.facilitator else self._as_the_room_sees(state, options), lang
        )
        self.query_one(DepartmentPanel).show(state, lang)
        self.query_one(Contributions).show(state, lang)
        if self.facilitator:
            self.query_one(FacilitatorNotes).show(state, lang)
            self.query_one("#facilitator-hidden", Static).update(t("exercise.facilitator-hidden", lang))
        visit = (state.current, len(state.visits), state.ended is None)
        if visit != self._shown_visit:
            self._shown_visit = visit
            for pane in self.query("#main, #choices, #side"):
                pane.scroll_home(animate=False, immediate=True)
        return options

    @staticmethod
    def _as_the_room_sees(state, options: list) -> list:
        """The choices without the flags the room has not seen yet (flags revealed only when a choice is taken)."""
        if state.reveal != "taken":
            return options
        seen = revealed_choices(state)
        out = []
        for o in options:
            if o.flagged and o.choice.id not in seen:
                refused_by_strict = not o.available and all(holds(c, state.facts) for c in o.choice.requires)
                o = replace(o, flags=[]) if not refused_by_strict else replace(o, flags=[], available=True, reason=None)
            out.append(o)
        return out

    def tick(self, state, lang: str, now: datetime) -> None:
        self.query_one(Timebox).show(state, lang, now)
        self.query_one(OverallClock).show(state, lang, now)
