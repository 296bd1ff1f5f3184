"""Who is at the table and who has spoken at this step: the facilitator sees at a glance who is quiet."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t
from tabletop.sim.play.queries import speakers, step_contributions

from .text import dept


def department_lines(state, lang: str) -> Content:
    parts: list = [(t("exercise.departments", lang) + "\n", "bold")]
    counts = {}
    for c in step_contributions(state):
        counts[c["department"]] = counts.get(c["department"], 0) + 1
    for d, spoken in speakers(state):
        mark = ("✔ ", "bold $text-success") if spoken else ("○ ", "$text-warning")
        label = f"{dept(state, d, lang)} ({state.departments[d]})"
        extra = f"  {counts[d]}×" if counts.get(d) else ("" if spoken else "  " + t("exercise.quiet", lang))
        parts += [mark, (label, "" if spoken else "bold"), (extra, "dim"), "\n"]
    return Content.assemble(*parts)


def contribution_lines(state, lang: str) -> Content:
    entries = step_contributions(state)
    parts: list = [(t("exercise.contributions", lang) + "\n", "bold")]
    if not entries:
        parts.append((t("exercise.no-contributions", lang), "dim"))
    for c in entries:
        parts += [(dept(state, c["department"], lang) + ": ", "bold"), c["text"]]
        if c.get("flags"):
            parts += [" ", (" ⚑ ", "bold $text-error on $error-muted")]
        parts.append("\n")
    return Content.assemble(*parts)


class DepartmentPanel(Static):
    def show(self, state, lang: str) -> None:
        self.update(department_lines(state, lang))


class Contributions(Static):
    def show(self, state, lang: str) -> None:
        self.update(contribution_lines(state, lang))
