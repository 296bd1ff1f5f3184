"""What the room sees of a session: path, clocks, situation, choices, departments. Shared by console and audience.

Before step 1 it shows the briefing instead (the console builds the step's panes only once the briefing is painted:
``body_later``); while a teaching moment is open, the lesson takes the situation's
place (the choices stay below). When the room's flags are revealed only on taking, the audience view keeps the
choices' flags (and a proposal's moment) back; the console always shows them.
"""

from __future__ import annotations

import asyncio
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
from .progress import Breadcrumb, OverallClock, Timebox


class SessionView(Vertical):
    """The shared part of the exercise screens; ``show`` renders a state, nothing here changes it.

    ``facilitator`` adds the facilitator-only layer (the console and replay); the audience view leaves it out.
    ``clock_keys`` shows the keys that pause the clock and extend the timebox beside it (the console only).
    ``body_later``: the step's panes (situation, choices, departments, notes) are not composed with the rest, so
    that a first screen showing the briefing paints without them; :meth:`build_body` mounts them, and until then
    :meth:`show` draws the briefing and the clocks only.
    """

    def __init__(
        self, *, facilitator: bool = False, clock_keys: bool = False, body_later: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.facilitator = facilitator
        self.clock_keys = clock_keys
        self.has_body = not body_later
        """The step's panes are there: :meth:`show` draws them."""
        self._body_mounted: asyncio.Event | None = None  # set once build_body's panes are mounted
        self._shown_visit: tuple | None = None  # the step visit on screen: a new one opens at its top

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Breadcrumb(id="breadcrumb")
            yield Timebox(hints=self.clock_keys, id="timebox")
        yield OverallClock(id="overall-clock")
        with VerticalScroll(id="briefing-scroll"):
            yield Briefing(hint=self.facilitator, id="briefing")
        if self.has_body:
            yield self._body()

    def _body(self) -> Horizontal:
        # the step's widgets, imported with the step's panes: a first screen showing the briefing goes without them
        from .choices import ChoiceList
        from .departments import Contributions, DepartmentPanel
        from .facilitator import FacilitatorNotes
        from .situation import Situation
        from .teaching import TeachingPanel

        side = [DepartmentPanel(id="departments"), Contributions(id="contributions")]
        if self.facilitator:
            # the hidden layer's placeholder is shown instead while the layer is hidden
            side += [FacilitatorNotes(id="facilitator"), Static(id="facilitator-hidden")]
        return Horizontal(
            Vertical(
                VerticalScroll(TeachingPanel(hint=self.facilitator, id="teaching"), id="teaching-scroll"),
                VerticalScroll(Situation(id="situation"), id="main"),
                ChoiceList(id="choices"),  # below the situation, never scrolled out of sight
                id="main-column",
            ),
            VerticalScroll(*side, id="side"),
            id="body",
        )

    async def build_body(self) -> None:
        """Mount the step's panes held back by ``body_later`` (hidden: :meth:`show` shows them when the briefing
        is over); a no-op once they are there."""
        if self._body_mounted is None:
            if self.has_body:
                return
            self._body_mounted = asyncio.Event()
            body = self._body()
            body.display = False
            await self.mount(body)
            self.has_body = bool(self.query("#situation"))  # not when the app closed while they were mounted
            self._body_mounted.set()
        await self._body_mounted.wait()

    def show(self, state, lang: str, now: datetime) -> list:
        """Render ``state``; returns the offered choices (the console binds number keys to them)."""
        briefing = state.briefing and state.ended is None
        options = offered(state) if state.ended is None and not briefing else []  # no choices (nor guard) yet
        self.query_one(Breadcrumb).show(state, lang)
        self.query_one(Timebox).show(state, lang, now)
        self.query_one(OverallClock).show(state, lang, now)
        self.query_one("#briefing-scroll").display = briefing
        if briefing:
            self.query_one(Briefing).show(state, lang)
        if not self.has_body:
            return options
        from .choices import ChoiceList
        from .departments import Contributions, DepartmentPanel
        from .facilitator import FacilitatorNotes
        from .situation import Situation
        from .teaching import TeachingPanel

        self.query_one("#body").display = not briefing
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
