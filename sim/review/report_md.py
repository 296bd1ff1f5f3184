"""The after-action report as Markdown (GitHub-flavoured), with the case map as a Mermaid flowchart.

Prints the words of :mod:`sim.review.report_text`; every one of them, labels included, goes through
:func:`~sim.review.markup.md_text` (a line) or :func:`~sim.review.markup.md_cell` (a table cell), so a group name,
a typed text or a case title with ``*``, ``|``, ``<`` or ``[x](y)`` in it prints as written. The map is
:func:`sim.map.draw.mermaid`, which escapes its own labels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..map.draw import mermaid
from .markup import md_cell, md_text
from .report_text import ReportText, words

if TYPE_CHECKING:
    from .report_analysis import Report


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(md_cell(c) for c in cells) + " |"


def _numbered_head(head: list[str]) -> str:
    """A table's header whose first column is the row number ("#", markup rather than a field)."""
    return "| # | " + " | ".join(md_cell(c) for c in head[1:]) + " |"


def _items_and_flags(w: ReportText, label: dict[str, str]) -> list[str]:
    out = ["", f"## {label['items']}", ""]
    if not w.items:
        out.append(label["none"])
    else:
        out += [_row(w.item_head), "| --- | --- | --- |"]
        out += [_row(item) for item in w.items]
    out += ["", f"## {label['flags']}", ""]
    if not w.flags:
        return out + [label["flags_none"]]
    out += [_numbered_head(w.flag_head), "| ---: | --- | --- | --- | --- |"]
    out += [_row([f.number, f.title, f.where, f.detail, f.status]) for f in w.flags]
    for rule in w.rules:
        out += [
            "",
            f"### {md_text(rule.title)}",
            "",
            f"- {label['why']}: {md_text(rule.why)}",
            f"- {label['instead']}: {md_text(rule.instead)}",
        ]
    return out


def markdown(r: Report) -> str:
    """The report ``r`` as Markdown."""
    w = words(r)
    label = {k: md_text(v) for k, v in w.labels.items()}
    out = [f"# {md_text(w.heading)}", "", "| | |", "| --- | --- |"]
    out += [_row([k, v]) for k, v in w.header]
    out += ["", f"*{md_text(w.legal)}*"]

    out += ["", f"## {label['objectives']}", ""]
    if not w.objectives:
        out.append(label["none"])
    for o in w.objectives:
        box = "x" if o.state == "met" else " "
        out.append(f"- [{box}] {md_text(o.text)} ({md_text(o.status)}: {md_text(o.because)})")

    out += ["", f"## {label['path']}", "", _numbered_head(w.path_head), "| ---: | --- | ---: | ---: | --- | --- |"]
    out += [_row([p.number, p.step, p.time, p.timebox, p.decision, p.mandate]) for p in w.path]

    out += ["", f"## {label['contributions']}", ""]
    if not w.contributions:
        out.append(label["none"])
    for dept, said in w.contributions:
        out += [f"### {md_text(dept)}", ""]
        out += [f"- {md_text(s.when)}, {md_text(s.step)}: {md_text(s.text)}" for s in said]
        out.append("")
    if w.contributions:
        out.pop()

    out += ["", f"## {label['decisions']}", ""]
    if not w.decisions:
        out.append(label["none"])
    for n, (step, text, reasons, agreed, dissented) in enumerate(w.decisions, 1):
        out += [
            f"{n}. **{md_text(step)}**: {md_text(text)}",
            f"   - {label['reasons']}: {md_text(reasons)}",
            f"   - {label['agreed']}: {md_text(agreed)}",
            f"   - {label['dissented']}: {md_text(dissented)}",
        ]

    out += _items_and_flags(w, label)

    out += ["", f"## {label['ending']}", ""]
    if w.ending is None:
        out.append(label["ending_none"])
    else:
        out += [f"**{md_text(w.ending.title)}** ({md_text(w.ending.outcome_text)})", "", f"{label['debrief']}:", ""]
        out += [f"- {md_text(p)}" for p in w.ending.debrief] or [label["none"]]

    out += ["", f"## {label['notes']}", ""]
    if not w.notes:
        out.append(label["none"])
    out += [f"- {md_text(s.when)}, {md_text(s.step)}: {md_text(s.text)}" for s in w.notes]

    out += ["", f"## {label['hotwash']}", "", md_text(w.hotwash) if w.hotwash else label["none"]]

    out += [
        "",
        f"## {label['map']}",
        "",
        label["legend"],
        "",
        "```mermaid",
        mermaid(r.scenario, r.lang, r.route).rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(out)


__all__ = ["markdown"]
