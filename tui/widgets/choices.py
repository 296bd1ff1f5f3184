"""The choices of the current step on number keys: flag badge, whose mandate, and why one is unavailable.

Each choice is a widget of its own (its number key beside a body that wraps under itself), so that a layout can
guarantee, and a test can check, that every choice is on screen. The heading sits in the list's top border and
a choice's flag badge and mandate follow its text on the same lines: at a projector's large font, every line
counts.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t

from .text import dept, text

POOL = 9  # the number keys: a step offers at most this many choices the console can take


def choice_body(state, option, lang: str) -> Content:
    """One choice as the room reads it: its text, then its flags' badges and whose mandate it needs."""
    c = option.choice
    parts: list = [(text(state, c.text, lang), "" if option.available else "dim")]
    for f in {f.rule_id: f for f in option.flags}.values():  # one badge a rule: two disclosures, one badge
        badge = t("flag.badge." + f.severity, lang)
        parts += [
            " ",
            (
                f"⚑ {badge}: {f.rule.text('title', lang)}",
                "bold $text-error on $error-muted"
                if f.severity == "breach"
                else "bold $text-warning on $warning-muted",
            ),
        ]
    if c.by is not None:
        where = "" if option.by_present else " " + t("exercise.not-present", lang)
        parts += [
            " · ",
            (
                t("exercise.by", lang, department=dept(state, c.by, lang)) + where,
                "italic" if option.by_present else "italic $text-warning",
            ),
        ]
    if not option.available and option.reason:  # said short: the choice's own text is right above
        strict = option.breach and state.mode == "strict"
        parts += ["\n", (t("exercise.strict-refused" if strict else "exercise.not-yet", lang), "italic $text-muted")]
    return Content.assemble(*parts)


def choice_lines(state, options, lang: str) -> Content:
    """All the choices as one text, numbered (what the list shows, for a reader without the widgets)."""
    if not options:
        return Content("")
    lines = [t("exercise.choices", lang)]
    lines += [f"{i} {choice_body(state, option, lang).plain}" for i, option in enumerate(options, 1)]
    return Content("\n".join(lines))


class ChoiceEntry(Horizontal):
    """One choice: its number key, and its body wrapping beside it."""

    def compose(self) -> ComposeResult:
        yield Static(classes="choice-key")
        yield Static(classes="choice-body")

    def show(self, number: int, state, option, lang: str) -> None:
        self.query_one(".choice-key", Static).update(
            Content.styled(f" {number} ", "bold reverse" if option.available else "dim reverse")
        )
        self.query_one(".choice-body", Static).update(choice_body(state, option, lang))
        self.set_class(not option.available, "-unavailable")
        self.set_class(option.flagged, "-flagged")


class ChoiceList(Vertical):
    """What the group can decide, numbered; the number key takes it. Hidden when there is nothing to decide."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plain = ""

    def compose(self) -> ComposeResult:
        for _ in range(POOL):
            yield ChoiceEntry(classes="choice")

    def show(self, state, options, lang: str) -> None:
        self.border_title = t("exercise.choices", lang)
        self.plain = choice_lines(state, options, lang).plain
        entries = list(self.query_children(ChoiceEntry))
        more = [ChoiceEntry(classes="choice") for _ in range(len(options) - len(entries))]
        if more:  # beyond the number keys: still shown, so that the room sees everything the case offers
            self.mount_all(more)
        for i, (entry, option) in enumerate(zip(entries + more, options, strict=False), 1):
            if entry in more:
                entry.call_after_refresh(entry.show, i, state, option, lang)
            else:
                entry.show(i, state, option, lang)
        entries += more
        for n, entry in enumerate(entries):
            entry.display = n < len(options)
        self.display = bool(options)
