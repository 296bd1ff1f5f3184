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


def key_hint(key: str, label: str) -> tuple:
    """A key and its label as the footer shows them, for a hint next to the widget it acts on."""
    return (f" {key} ", "bold $footer-key-foreground"), f"{label} "


def timebox_content(state, lang: str, now: datetime, *, hints: bool = False) -> Content:
    """The time left; with ``hints`` (the console) also the keys that pause the clock and extend the timebox."""
    if state.ended is not None:
        return Content(t("exercise.ended", lang))
    keys = [*key_hint("p", t("key.pause", lang)), *key_hint("x", t("key.extend", lang)), "  "] if hints else []
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
    return Content.assemble(*keys, *parts)


class Breadcrumb(Static):
    def show(self, state, lang: str) -> None:
        self.update(Content(breadcrumb(state, lang)))


class Timebox(Static):
    def __init__(self, *, hints: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints = hints

    def show(self, state, lang: str, now: datetime) -> None:
        self.update(timebox_content(state, lang, now, hints=self.hints))
