"""The path so far as a breadcrumb, and the timebox counting down."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t
from tabletop.sim.play.queries import breadcrumb_steps, clock, overall_clock, remaining_seconds

from .text import text

SEPARATOR = " › "


def breadcrumb(state, lang: str, keep: int = 6, width: int | None = None) -> str:
    """The path's step titles, the current one last; earlier ones are elided ("…") to keep to ``keep`` titles and,
    given a ``width``, to fit it: the current step always shows, shortened itself only when it alone is too long."""
    titles = [text(state, state.scenario.step(step).title, lang) for step in breadcrumb_steps(state)]
    return fit_breadcrumb(titles, keep, width)


def fit_breadcrumb(titles: list[str], keep: int = 6, width: int | None = None) -> str:
    shown, elided = titles[-keep:], len(titles) > keep

    def joined() -> str:
        return SEPARATOR.join(["…", *shown] if elided else shown)

    while width is not None and len(shown) > 1 and cell_len(joined()) > width:
        shown, elided = shown[1:], True
    line = joined()
    if width is not None and cell_len(line) > width:  # the current step alone: its title, shortened if need be
        line = shown[-1] if cell_len(shown[-1]) <= width else shown[-1][: max(width - 1, 0)] + "…"
    return line


def key_hint(key: str, label: str) -> tuple:
    """A key and its label as the footer shows them, for a hint next to the widget it acts on."""
    return (f" {key} ", "bold $footer-key-foreground"), f"{label} "


def timebox_content(state, lang: str, now: datetime, *, hints: bool = False) -> Content:
    """The time left; with ``hints`` (the console) also the keys that pause the clock and extend the timebox."""
    if state.ended is not None:
        return Content(t("exercise.ended", lang))
    if state.briefing:  # the step's clock starts with step 1
        return (
            Content.assemble((f" {t('exercise.paused', lang)} ", "bold reverse $text-warning"))
            if state.paused
            else Content("")
        )
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


def overall_content(state, lang: str, now: datetime) -> Content:
    """The session against the case's slot: time used, time left (or over), and behind or ahead of the plan."""
    o = overall_clock(state, now)
    slot = clock(o.used + o.left)
    parts: list = [t("exercise.overall", lang, used=clock(o.used), slot=slot), " · "]
    if o.left >= 0:
        parts.append((t("exercise.overall-left", lang, left=clock(o.left)), "bold"))
    else:
        parts.append((t("exercise.overall-over", lang, over=clock(-o.left)), "bold $text-error"))
    if not state.briefing:
        pace = o.pace
        style = {"behind": "bold $text-warning", "ahead": "$text-success"}.get(pace, "")
        parts += [" · ", (t(f"exercise.pace.{pace}", lang, m=clock(abs(o.behind))), style)]
    return Content.assemble(*parts)


class Breadcrumb(Static):
    """The path, fitted to the width it is given whenever it is drawn (a resize redraws it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles: list[str] = []
        self.briefing = ""  # during the briefing, what the line says instead of a path

    def show(self, state, lang: str) -> None:
        self.briefing = t("exercise.briefing-on", lang) if state.briefing else ""
        self.titles = (
            []
            if state.briefing
            else [text(state, state.scenario.step(step).title, lang) for step in breadcrumb_steps(state)]
        )
        self.refresh()

    def render(self) -> Content:
        if self.briefing:
            return Content.assemble((f" {self.briefing} ", "bold reverse"))
        return Content(fit_breadcrumb(self.titles, width=self.content_region.width or None))


class Timebox(Static):
    def __init__(self, *, hints: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hints = hints

    def show(self, state, lang: str, now: datetime) -> None:
        self.update(timebox_content(state, lang, now, hints=self.hints))


class OverallClock(Static):
    """The overall clock, beside the step's timebox, for the room too."""

    def show(self, state, lang: str, now: datetime) -> None:
        self.update(overall_content(state, lang, now) if state.ended is None else "")
