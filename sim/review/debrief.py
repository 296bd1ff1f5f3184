"""The debrief as Markdown: what the Debrief screen shows after the ending. Pure.

Who met, when and with which departments; the ending; the objectives, each met
or missed with the reason (judged on the whole session, :mod:`sim.play.objectives`);
the decisions with their reasons and dissent; the path; the flags; the
contributions and the improvement items. The reviewers' full after-action
report (:mod:`sim.review.report`) is what the Debrief screen's key writes beside the
log (:func:`report_paths`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..format.departments import department_name
from ..format.legalbasis import LEGAL_TEXTS_CHECKED
from ..guard import RULES
from ..i18n import t
from ..play.objectives import MET, OPEN, judge
from ..play.queries import clock, contributions_by_department, flag_status, path_times


def _dept(state, dept: str, lang: str) -> str:
    return department_name(dept, lang, {d.id: d.name for d in state.scenario.departments})


def _present(state) -> list[tuple[str, int]]:
    """The departments at the table with their participants, in the case's order."""
    order = [d.id for d in state.scenario.departments]
    return sorted(state.departments.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))


def _step(scenario, step_id: str, lang: str) -> str:
    try:
        return scenario.text(scenario.step(step_id).title, lang)
    except KeyError:
        return t("objective.unknown-step", lang)


def _choice_text(scenario, decision: dict, lang: str) -> str:
    try:
        choice = next(c for c in scenario.step(decision.get("step", "")).choices if c.id == decision.get("choice"))
    except (KeyError, StopIteration):
        return t("objective.unknown-choice", lang)
    return scenario.text(choice.text, lang)


def sections(state, lang: str, now: datetime) -> dict[str, str]:
    """The debrief in parts (Markdown each), keyed outcome (with who met, when, and the departments), objectives,
    decisions, path, flags, contributions, items, legal."""
    s = state.scenario
    step = state.step
    parts: dict[str, str] = {}
    lines = [
        f"# {s.text(s.title, lang)}",
        "",
        f"**{t('report.group', lang)}:** {state.group or '–'}  ",
        f"**{t('report.date', lang)}:** {state.started.strftime('%Y-%m-%d %H:%M UTC')} ({state.term})  ",
        f"**{t('report.departments', lang)}:** "
        + ", ".join(f"{_dept(state, d, lang)} ({n})" for d, n in _present(state)),
        "",
    ]
    if step.ending:
        lines += [
            f"**{t('debrief.outcome', lang)}:** {t('outcome.' + step.ending.outcome, lang)} "
            f"({s.text(step.title, lang)})",
            "",
        ]
        lines += [f"- {s.text(point, lang)}" for point in step.ending.debrief]
    else:
        lines.append(t("debrief.unfinished", lang))
    parts["outcome"] = "\n".join(lines)

    lines = [f"## {t('debrief.objectives', lang)}", ""]
    for j in judge(state, lang):
        mark = "✔" if j.status == MET else "…" if j.status == OPEN else "✘"
        lines.append(f"- {mark} **{j.text}**: " + "; ".join(j.reasons))
    if not s.objectives:
        lines.append(t("debrief.none", lang))
    parts["objectives"] = "\n".join(lines)

    lines = [f"## {t('debrief.decisions', lang)}", ""]
    for n, d in enumerate(state.decisions, 1):
        lines.append(
            f"{n}. **{_step(s, d.get('step', ''), lang)}**: {_choice_text(s, d, lang)}"
            + (f" {t('report.decision.undone', lang)}" if d.get("undone") else "")
        )
        if d.get("reasons"):
            lines.append(f"    - {t('report.reasons', lang)}: {d['reasons']}")
        if d.get("agreed"):
            lines.append(f"    - {t('report.agreed', lang)}: " + ", ".join(_dept(state, x, lang) for x in d["agreed"]))
        if d.get("dissented"):
            lines.append(
                f"    - {t('report.dissented', lang)}: " + ", ".join(_dept(state, x, lang) for x in d["dissented"])
            )
    if not state.decisions:
        lines.append(t("debrief.none", lang))
    parts["decisions"] = "\n".join(lines)

    lines = [f"## {t('debrief.path', lang)}", ""]
    for i, p in enumerate(path_times(state, now), 1):
        lines.append(f"{i}. {s.text(s.step(p.step).title, lang)} — {clock(int(p.seconds))}")
    parts["path"] = "\n".join(lines)

    lines = [f"## {t('debrief.flags', lang)}", ""]
    counted: dict[tuple[str, str, str], int] = {}  # the same flag at the same step, the same way: one line, ×n
    for f in state.flags:
        rule = RULES.get(f["rule"])
        title = rule.text("title", lang) if rule else f["rule"]
        status = flag_status(f, state.mode)
        status = _DEBRIEF_STATUS.get(status, status)
        key = (title, s.text(s.step(f["step"]).title, lang), t("debrief.flag." + status, lang))
        counted[key] = counted.get(key, 0) + 1
    for (title, step, status), n in counted.items():
        lines.append(f"- **{title}** ({step}; {status})" + (f" ×{n}" if n > 1 else ""))
    if not state.flags:
        lines.append(t("debrief.no-flags", lang))
    parts["flags"] = "\n".join(lines)

    lines = [f"## {t('debrief.contributions', lang)}", ""]
    for dept, entries in contributions_by_department(state).items():
        lines.append(f"- **{_dept(state, dept, lang)}**: {len(entries)}")
        lines += [f"    - {c['text']}" for c in entries]
    parts["contributions"] = "\n".join(lines)

    lines = [f"## {t('debrief.items', lang)}", ""]
    lines += [f"- {i['what']} — {_dept(state, i['owner'], lang)}, {i['due']}" for i in state.items]
    if not state.items:
        lines.append(t("debrief.none", lang))
    parts["items"] = "\n".join(lines)
    parts["legal"] = f"*{t('legal.checked', lang, month=LEGAL_TEXTS_CHECKED)}*"
    return parts


# the debrief speaks more plainly than the report: a refusal is "declined", a kept term "typed"
_DEBRIEF_STATUS = {"refused": "declined", "refused-strict": "declined", "recorded": "redacted"}


def markdown(state, lang: str, now: datetime) -> str:
    """The whole debrief as one Markdown document."""
    return "\n\n".join(sections(state, lang, now).values()) + "\n"


def report_paths(log_path: Path | str) -> dict[str, Path]:
    """Where the full report of a log goes, per format: beside it, ``<log stem>.report.md`` and ``.report.html``."""
    path = Path(log_path)
    return {fmt: path.with_name(f"{path.stem}.report.{fmt}") for fmt in ("md", "html")}


def write_reports(log_path: Path | str, lang: str) -> list[Path]:
    """Render the full report of the log (read and verified) as Markdown and HTML and write both beside it.

    Slow (it replays the log): run it off the UI thread. Raises what :func:`sim.review.report.render_report` raises,
    and OSError."""
    from .report import render_report, write_private

    written = []
    for fmt, target in report_paths(log_path).items():
        written.append(write_private(target, render_report(log_path, fmt, lang)))
    return written
