"""The teaching moment on the room's screen: the rule, why it moves the group to the individual level, and what
to do instead, or what the guard removed from a typed contribution. The text is ``sim.play.teaching``'s, the same the
console's flag modal shows; the panel stays until the facilitator moves on."""

from __future__ import annotations

from tabletop.sim.i18n import t
from tabletop.sim.play.teaching import moment_markdown

from .markdown_text import MarkdownText


class TeachingPanel(MarkdownText):
    """Shown (and the situation hidden behind it) while the state has a moment the viewer may see."""

    def __init__(self, *, hint: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hint = hint

    def show(self, state, lang: str, visible: bool) -> None:
        source = moment_markdown(state, lang) if visible else ""
        if source and self.hint:
            source += f"\n*{t('exercise.moment-hint', lang)}*\n"
        self.update_markdown(source)
        self.display = bool(source)
