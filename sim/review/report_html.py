"""The after-action report as one self-contained HTML file that prints on A4.

Renders ``templates/report.html.j2`` through :func:`sim.review.markup.render_html` (Jinja2, autoescape on) with the
words of :mod:`sim.review.report_text`; the styles are ``templates/report.css``, inlined. The map is the SVG of
:func:`sim.map.draw.svg` (its texts escaped there), the only field marked safe. The file references nothing outside
itself: no scripts, fonts, images or style sheets, so a browser shows and prints it with no network. On paper the
table headers repeat on each page, no box or row is split, and the map has a page of its own, scaled to fit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..map.draw import svg
from .markup import render_html
from .report_text import words

if TYPE_CHECKING:
    from .report_analysis import Report


def html(r: Report) -> str:
    """The report ``r`` as HTML."""
    return render_html("report.html.j2", w=words(r), map_svg=svg(r.scenario, r.lang, r.route))


__all__ = ["html"]
