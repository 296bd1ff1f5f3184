"""The briefing the exercise opens on, for the console and the room alike: the case, its objectives, who is at the
table, the ground rules and the time plan (``sim.play.teaching.briefing_sections``). Drawn as plain styled text: the
first screen of ``tabletop run`` needs no Markdown parser."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t
from tabletop.sim.play.teaching import briefing_sections


def briefing_content(state, lang: str, *, hint: bool = False) -> Content:
    (title, intro), *rest = briefing_sections(state, lang)
    parts: list = [(title + "\n", "bold $accent"), "\n", *(line + "\n" for line in intro)]
    for heading, lines in rest:
        parts += ["\n", (heading + "\n", "bold $accent")]
        parts += [part for line in lines for part in ("  • ", line + "\n")]
    if hint:
        parts += ["\n", (f" {t('exercise.briefing-hint', lang)} ", "bold reverse")]
    return Content.assemble(*parts)


class Briefing(Static):
    """The briefing; ``hint`` adds the key that starts step 1 (the console)."""

    def __init__(self, *, hint: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hint = hint

    def show(self, state, lang: str) -> None:
        self.update(briefing_content(state, lang, hint=self.hint))
