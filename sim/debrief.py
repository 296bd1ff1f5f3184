"""The debrief as Markdown: what the Debrief screen shows and what its key writes beside the log. Pure.

The reviewers' full after-action report is a separate module; this one is the
short version a facilitator hands out after the meeting.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sim.catalogue import department_name
from sim.guard import RULES
from sim.i18n import t
from sim.legalbasis import LEGAL_TEXTS_CHECKED
from sim.view import clock, contributions_by_department, flag_status, objectives, path_times


def _dept(state, dept: str, lang: str) -> str:
    return department_name(dept, lang, {d.id: d.name for d in state.scenario.departments})


def sections(state, lang: str, now: datetime) -> dict[str, str]:
    """The debrief in parts (Markdown each), keyed outcome, objectives, path, flags, contributions, items, legal."""
    s = state.scenario
    step = state.step
    parts: dict[str, str] = {}
    lines = [f"# {s.text(s.title, lang)}", ""]
    if step.ending:
        lines += [f"**{t('debrief.outcome', lang)}:** {t('outcome.' + step.ending.outcome, lang)} "
                  f"({s.text(step.title, lang)})", ""]
        lines += [f"- {s.text(point, lang)}" for point in step.ending.debrief]
    else:
        lines.append(t("debrief.unfinished", lang))
    parts["outcome"] = "\n".join(lines)

    met, missed = objectives(state)
    lines = [f"## {t('debrief.objectives', lang)}", ""]
    lines += [f"- ✔ {s.text(o.text, lang)}" for o in met]
    lines += [f"- ✘ {s.text(o.text, lang)}" for o in missed]
    if not (met or missed):
        lines.append(t("debrief.none", lang))
    parts["objectives"] = "\n".join(lines)

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


def report_path(log_path: Path | str) -> Path:
    """Where the debrief of a log goes: beside it, ``<log stem>.debrief.md``."""
    path = Path(log_path)
    return path.with_name(path.stem + ".debrief.md")
