"""The screens' common ground: they speak the app's language and relabel themselves when it changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.screen import Screen

from ..bindings import relabel

if TYPE_CHECKING:
    from ..app import TabletopApp


class LabelledScreen(Screen):
    """A screen in the app's language: its keys carry their labels in it, and :meth:`relabel` (which the app
    calls on every screen when the language changes) shows the screen anew in it. A screen with text of its own
    extends :meth:`relabel`, calling ``super().relabel()`` first."""

    @property
    def lang(self) -> str:
        return cast("TabletopApp", self.app).lang

    @on(events.Mount)
    def _release_collector_after_paint(self) -> None:
        from ..launch import release_collector

        self.call_after_refresh(release_collector)  # the command line held it until the first screen is painted

    def label_keys(self) -> None:
        """The screen's keys, labelled in its language (the footer, help and the palette show them)."""
        relabel(self, self.lang)

    def relabel(self) -> None:
        """Show the screen in the app's language, which has just changed."""
        self.label_keys()


class HubScreen(LabelledScreen):
    """A screen that the others open over and return to (Home): opening a case or a session never replaces it.
    The app tells it by this class, without importing the screen itself before it is first shown."""
