"""``tabletop report``: a session log in, its after-action report out, as Markdown or as one HTML file.

The report's parts, each with one job:

- :mod:`sim.review.report_analysis`: what a session amounts to, as plain data (:func:`analyse`);
- :mod:`sim.review.report_text`: that data in words, from the i18n catalogue;
- :mod:`sim.review.report_md`: the words as Markdown, every field escaped, with the Mermaid map;
- :mod:`sim.review.report_html`: the words in a Jinja2 template (autoescape on), with the SVG map;
- :mod:`sim.map.draw`: the map, the same one ``tabletop graph`` and the handouts draw.

The analysis' names are importable from here too (other reviews compare and count with them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import t
from .report_analysis import FlagRow, PathRow, Report, analyse, clock, flag_rows, path_rows, route

if TYPE_CHECKING:
    from ..play.session import SessionState

FORMATS = ("md", "html")


def report_markdown(state: SessionState, lang: str | None = None, *, source: str | None = None) -> str:
    """The after-action report as Markdown (GitHub-flavoured, with a Mermaid map)."""
    from .report_md import markdown

    return markdown(analyse(state, lang, source=source))


def report_html(state: SessionState, lang: str | None = None, *, source: str | None = None) -> str:
    """The after-action report as one self-contained HTML file that prints on A4."""
    from .report_html import html

    return html(analyse(state, lang, source=source))


def render_report(path: Path | str, fmt: str = "md", lang: str | None = None) -> str:
    """``tabletop report LOG --format md|html``: read and verify the log, replay it, render it.

    Raises :class:`sim.play.log.LogError` (a log that does not verify), :class:`sim.play.session.ReplayError` or
    ValueError (an unknown format); each has a one-line ``str()``.
    """
    from ..play.log import read_log
    from ..play.session import replay

    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}: use md or html")
    events, _ = read_log(Path(path))
    state = replay(events)
    lang = lang or state.lang
    source = t("report.log.verified", lang, name=Path(path).name, n=len(events))
    return (report_markdown if fmt == "md" else report_html)(state, lang, source=source)


def write_private(path: Path | str, text: str) -> Path:
    """Write a report readable by its owner only, like the session logs it comes from."""
    import os

    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(path, 0o600)  # an existing file keeps its old mode through O_CREAT: set it
    return path


__all__ = [
    "FORMATS",
    "FlagRow",
    "PathRow",
    "Report",
    "analyse",
    "clock",
    "flag_rows",
    "path_rows",
    "render_report",
    "report_html",
    "report_markdown",
    "route",
    "write_private",
]
