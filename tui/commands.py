"""The command palette's provider: every bound action of the current screen and the app that can run now, by its
label in the UI's language (a choice by its number and its text)."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class Actions(Provider):
    """The main actions, named as the footer names them, in the user's language."""

    def _actions(self):
        screen = self.screen
        seen = set()
        for node in (screen, self.app):
            for entries in node._bindings.key_to_bindings.values():
                for b in entries:
                    if not b.id or b.action in seen or b.id in ("command-palette",):
                        continue
                    seen.add(b.action)
                    if self.app._check_action_state(b.action, node) is False:  # e.g. a choice the step does not have
                        continue
                    yield self._title(b), b.tooltip, partial(self.app.run_action, b.action, node)

    def _title(self, binding) -> str:
        """The binding's label; a choice also says what it is."""
        options = getattr(self.screen, "options", None)
        if options and binding.id.startswith("choose-"):
            from .widgets.choices import choice_body

            number = int(binding.id.removeprefix("choose-"))
            state = self.screen.state
            return f"{binding.description}: {choice_body(state, options[number - 1], self.app.lang).plain}"
        return binding.description

    async def discover(self) -> Hits:
        for title, help_text, run in self._actions():
            yield DiscoveryHit(title, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, run in self._actions():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), run, help=help_text)
