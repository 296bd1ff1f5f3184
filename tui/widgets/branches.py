"""Which branches of a case were exercised before, as Markdown for Home's preview and for Setup.

The counting is the engine's (``sim.play.queries.branch_rows`` over ``sim.review.followup.explored_branches``); this only lays it
out: per step, each choice marked taken, taken by other groups only, or not yet explored.
"""

from __future__ import annotations

from tabletop.sim.i18n import t, tn
from tabletop.sim.play.queries import branch_rows


def branches_markdown(scenario, mine, everyone, lang: str) -> str:
    """``mine``: the group's :class:`~sim.review.followup.Explored` (None on Home: every group); ``everyone``: all groups'."""
    lines = [f"**{t('followup.branches.title', lang)}**", ""]
    if everyone is None or everyone.sessions == 0:
        lines.append(t("followup.branches.none", lang))
        return "\n".join(lines)
    if mine is None:
        lines.append(tn("followup.branches.all", everyone.sessions, lang))
    else:
        lines.append(tn("followup.branches.group", mine.sessions, lang, all=everyone.sessions))
    rows = branch_rows(scenario, mine, everyone)
    open_rows = [r for r in rows if not r.taken]
    lines[-1] += " " + t("followup.branches.unexplored", lang, n=len(open_rows), total=len(rows))
    lines += ["", t("followup.branches.legend" if mine is None else "followup.branches.legend-group", lang), ""]
    by_step: dict[str, list[str]] = {}
    for row in rows:
        choice = next(c for c in scenario.step(row.step).choices if c.id == row.choice)
        label = scenario.text(choice.text, lang)
        if row.taken:
            mark = f"✔ {label} ({row.taken}×)"
        elif row.taken_all:
            mark = f"◐ {label} ({row.taken_all}×)"
        else:
            mark = f"○ **{label}**"
        by_step.setdefault(row.step, []).append(mark)
    for step_id, marks in by_step.items():
        lines.append(f"- *{scenario.text(scenario.step(step_id).title, lang)}*: " + " · ".join(marks))
    return "\n".join(lines)
