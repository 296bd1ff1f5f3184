"""The choices of the current step on number keys: flag badge, whose mandate, and why one is unavailable."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t

from .text import dept, text


def choice_lines(state, options, lang: str) -> Content:
    if not options:
        return Content("")
    parts: list = [(t("exercise.choices", lang) + "\n", "bold")]
    for i, option in enumerate(options, 1):
        c = option.choice
        style = "" if option.available else "dim"
        parts += [
            (f" {i} ", "bold reverse" if option.available else "dim reverse"),
            " ",
            (text(state, c.text, lang), style),
        ]
        for f in {f.rule_id: f for f in option.flags}.values():  # one badge a rule: two disclosures, one line
            badge = t("flag.badge." + f.severity, lang)
            parts += [
                "\n     ",
                (
                    f" ⚑ {badge}: {f.rule.text('title', lang)} ",
                    "bold $text-error on $error-muted"
                    if f.severity == "breach"
                    else "bold $text-warning on $warning-muted",
                ),
            ]
        if c.by is not None:
            where = "" if option.by_present else " " + t("exercise.not-present", lang)
            parts += [
                "\n     ",
                (
                    t("exercise.by", lang, department=dept(state, c.by, lang)) + where,
                    "italic" if option.by_present else "italic $text-warning",
                ),
            ]
        if not option.available and option.reason:
            parts += ["\n     ", (option.reason, "italic $text-muted")]
        parts.append("\n")
    return Content.assemble(*parts)


class ChoiceList(Static):
    """What the group can decide, numbered; the number key takes it."""

    def show(self, state, options, lang: str) -> None:
        self.update(choice_lines(state, options, lang))
