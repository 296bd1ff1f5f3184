"""The footer of keys, redrawn only when the keys it shows change.

Textual's ``Footer`` rebuilds every key widget each time a screen's bindings may have changed: each command (the
screen refreshes its bindings after it), each focus change, each dialog that closes. On the exercise most of those
change nothing the footer shows, and the rebuild (mounting and styling a dozen widgets) costs more than the step
change it follows. This one compares what it would show, and rebuilds only when that differs.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeysFooter(Footer):
    """A ``Footer`` that recomposes only when its keys (key, label, enabled, tooltip) change."""

    _shown: tuple | None = None

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
