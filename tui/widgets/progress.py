"""The path so far as a breadcrumb, and the timebox counting down."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from sim.i18n import t
from sim.view import breadcrumb_steps, clock, remaining_seconds
from tui.widgets.text import text


def breadcrumb(state, lang: str, keep: int = 6) -> str:
    titles = [text(state, state.scenario.step(step).title, lang) for step in breadcrumb_steps(state)]
    if len(titles) > keep:
        titles = ["…", *titles[-keep:]]
    return " › ".join(titles)


def timebox_content(state, lang: str, now: datetime) -> Content:
    if state.ended is not None:
        return Content(t("exercise.ended", lang))
    left = remaining_seconds(state, now)
    parts: list = []
    if state.paused:
        parts.append((f" {t('exercise.paused', lang)} ", "bold reverse $text-warning"))
        parts.append("  ")
    if left is None:
        parts.append((t("exercise.no-timebox", lang), "dim"))
    else:
        style = "bold $text-error" if left < 0 else ("bold $text-warning" if left < 60 else "bold")
        parts += [t("exercise.time-left", lang) + " ", (clock(left), style)]
    return Content.assemble(*parts)


class Breadcrumb(Static):
    def show(self, state, lang: str) -> None:
        self.update(Content(breadcrumb(state, lang)))


class Timebox(Static):
    def show(self, state, lang: str, now: datetime) -> None:
        self.update(timebox_content(state, lang, now))
