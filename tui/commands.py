"""The command palette's provider: every bound action of the current screen and the app, by its label."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .bindings import bindings_of


class Actions(Provider):
    """The main actions, named as the footer names them, in the user's language."""

    def _actions(self):
        screen = self.screen
        seen = set()
        for node in (screen, self.app):
            for entries in bindings_of(node).values():
                for b in entries:
                    if not b.id or b.action in seen or b.id in ("command-palette",):
                        continue
                    seen.add(b.action)
                    yield b.description, b.tooltip, partial(self.app.run_action, b.action, node)

    async def discover(self) -> Hits:
        for title, help_text, run in self._actions():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
