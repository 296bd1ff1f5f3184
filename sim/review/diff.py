"""Two sessions of one case side by side (``tabletop diff LOG_A LOG_B``).

Where the paths parted (and joined again), the time at each step both visited,
the flags that differ, and the endings. Plain text for a terminal, every label
from the i18n catalogue (``report.diff.*``).
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t
from .report import PathRow, clock, flag_rows, path_rows

if TYPE_CHECKING:
    from ..play.session import SessionState


class DiffError(ValueError):
    """Two sessions that cannot be compared (different cases); ``str()`` is one line."""


def _cell(row: PathRow | None, lang: str) -> str:
    if row is None:
        return ""
    box = f"/{row.timebox + row.extended}" if row.timebox else ""
    return f"{_short(row.title, 40)} ({clock(row.seconds)}{box and ' ' + t('report.diff.of', lang, box=box[1:])})"


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _choice(row: PathRow) -> str:
    return row.choice_text or row.choice or "–"


def _summary(state: SessionState, lang: str) -> str:
    step = state.step
    ending = (
        f"{state.scenario.text(step.title, lang)} ({t('report.outcome.' + step.ending.outcome, lang)})"
        if step.ending
        else t("report.ending.none", lang)
    )
    end = state.ended or state.last_time or state.started  # a replayed state has its last time
    return t(
        "report.diff.session",
        lang,
        date=state.started.strftime("%Y-%m-%d %H:%M UTC"),
        term=state.term,
        group=state.group or "–",
        mode=t(f"report.mode.{state.mode}", lang).split(" (")[0],
        duration=clock((end - state.started).total_seconds()),
        ending=ending,
    )


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    cells = [header, *rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    out = []
    for n, row in enumerate(cells):
        out.append("  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  " + "  ".join("-" * w for w in widths))
    return out


def diff(state_a: SessionState, state_b: SessionState, lang: str | None = None) -> str:
    """The two sessions side by side, as text. Raises :class:`DiffError` for sessions of different cases."""
    lang = lang or state_a.lang
    if state_a.scenario.id != state_b.scenario.id:
        raise DiffError(t("report.diff.other-case", lang, a=state_a.scenario.id, b=state_b.scenario.id))
    scenario = state_a.scenario
    out = [
        t("report.diff.title", lang, case=scenario.text(scenario.title, lang)),
        "",
        f"A: {_summary(state_a, lang)}",
        f"B: {_summary(state_b, lang)}",
    ]
    if state_a.scenario_sha256 != state_b.scenario_sha256:
        out.append(t("report.diff.changed", lang))

    rows_a, rows_b = path_rows(state_a, lang), path_rows(state_b, lang)
    matcher = difflib.SequenceMatcher(a=[r.step for r in rows_a], b=[r.step for r in rows_b], autojunk=False)
    table, partings = [], []
    opcodes = matcher.get_opcodes()
    for n, (op, a0, a1, b0, b1) in enumerate(opcodes):
        if op == "equal":
            for i, j in zip(range(a0, a1), range(b0, b1), strict=True):
                row_a, row_b = rows_a[i], rows_b[j]
                differ = row_a.choice != row_b.choice
                table.append(["~" if differ else "=", _cell(row_a, lang), _cell(row_b, lang)])
                if differ and i + 1 < a1:  # different choices that lead to the same next step
                    partings.append(
                        t(
                            "report.diff.same-next",
                            lang,
                            step=row_a.title,
                            a=_choice(row_a),
                            b=_choice(row_b),
                            next=rows_a[i + 1].title,
                        )
                    )
            continue
        if n > 0 and opcodes[n - 1][0] == "equal":
            fork_a, fork_b = rows_a[a0 - 1], rows_b[b0 - 1]
            partings.append(t("report.diff.parted", lang, step=fork_a.title, a=_choice(fork_a), b=_choice(fork_b)))
        if n + 1 < len(opcodes) and opcodes[n + 1][0] == "equal":
            partings.append(t("report.diff.joined", lang, step=rows_a[a1].title))
        for k in range(max(a1 - a0, b1 - b0)):
            i, j = a0 + k, b0 + k
            table.append(["≠", _cell(rows_a[i] if i < a1 else None, lang), _cell(rows_b[j] if j < b1 else None, lang)])
    out += ["", t("report.diff.paths", lang), *_table(["", "A", "B"], table)]
    out += ["", *(partings or [t("report.diff.same-path", lang)])]

    spent_a: dict[str, float] = {}
    spent_b: dict[str, float] = {}
    titles = {}
    for rows, spent in ((rows_a, spent_a), (rows_b, spent_b)):
        for row in rows:
            spent[row.step] = spent.get(row.step, 0.0) + row.seconds
            titles[row.step] = row.title
    both = [s for s in dict.fromkeys(r.step for r in rows_a) if s in spent_b]
    timing = []
    for step in both:
        delta = spent_b[step] - spent_a[step]
        if round(delta):
            sign = "+" if delta > 0 else "-"
            timing.append([titles[step], clock(spent_a[step]), clock(spent_b[step]), sign + clock(abs(delta))])
    out += ["", t("report.diff.timings", lang)]
    out += (
        _table([t("report.path.step", lang), "A", "B", "B - A"], timing)
        if timing
        else ["  " + t("report.diff.no-difference", lang)]
    )

    def flag_counts(state):
        return Counter(
            (f.title, f.rule, f.step_title, f.choice_text or t("report.source." + f.source, lang))
            for f in flag_rows(state, lang)
        )

    flags_a, flags_b = flag_counts(state_a), flag_counts(state_b)
    flag_table = [
        [title, _short(f"{where}: {what}"), str(flags_a[key]), str(flags_b[key])]
        for key in sorted(set(flags_a) | set(flags_b))
        if flags_a[key] != flags_b[key]
        for title, _rule, where, what in [key]
    ]
    out += ["", t("report.diff.flags", lang, a=sum(flags_a.values()), b=sum(flags_b.values()))]
    out += (
        _table([t("report.flag.rule", lang), t("report.flag.where", lang), "A", "B"], flag_table)
        if flag_table
        else ["  " + t("report.diff.no-difference", lang)]
    )
    return "\n".join(out) + "\n"


def diff_logs(path_a: Path | str, path_b: Path | str, lang: str | None = None) -> str:
    """``tabletop diff LOG_A LOG_B``: read and verify both logs, replay them, compare.

    Raises :class:`sim.play.log.LogError`, :class:`sim.play.session.ReplayError` or :class:`DiffError`, each one line.
    """
    from ..play.session import replay_file

    return diff(replay_file(path_a), replay_file(path_b), lang)


__all__ = ["DiffError", "diff", "diff_logs"]
