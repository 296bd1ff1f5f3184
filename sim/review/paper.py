"""Paper for the room: a printed document as plain data (:class:`Paper` of :class:`Section`), and its two renderings.

Handouts before the meeting (:mod:`sim.review.handout`) and take-home briefs after it (:mod:`sim.review.brief`)
say what goes on paper; this module says how it looks: Markdown with every field through ``md_text``/``md_cell``,
or one self-contained HTML file (``templates/paper.html.j2``, autoescape on) that prints on A4: a box is never
split across pages, a table's header repeats on every page and never stands alone at the foot of one, and the map
gets a page of its own, scaled to fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .markup import md_cell, md_text, render_html

FORMATS = ("md", "html")


@dataclass
class Section:
    """One part of a page: a heading and what follows it, in this order: paragraphs, a list, terms with their
    texts, a table, closing paragraphs (``after``: what a table leaves to the full report, a note under it). ``box``
    keeps the section whole on paper; ``page`` starts it on a new page; ``map`` is the case map (``map_md`` for
    Markdown, ``map_html`` an inline SVG made by our own code). ``css`` names its kind for the print style (a
    brief's ``half`` sets two such sections side by side)."""

    heading: str
    level: int = 2
    paras: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    defs: list[tuple[str, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    box: bool = False
    page: bool = False
    css: str = ""
    map_md: str = ""
    map_html: str = ""


@dataclass
class Paper:
    """A printed document: a title, a line under it, its sections, a closing line (the legal line). ``compact``
    sets it smaller and tighter, for what should fit on one page (a take-home brief)."""

    title: str
    lang: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)
    footer: str = ""
    compact: bool = False


def markdown(papers: list[Paper]) -> str:
    """One or more papers as Markdown; papers after the first are set off by a rule (a new page when printed)."""
    out: list[str] = []
    for n, paper in enumerate(papers):
        if n:
            out += ["---", ""]
        out += [f"# {md_text(paper.title)}", ""]
        if paper.subtitle:
            out += [f"*{md_text(paper.subtitle)}*", ""]
        for s in paper.sections:
            out += [f"{'#' * max(2, min(s.level, 6))} {md_text(s.heading)}", ""]
            for para in s.paras:
                out += [md_text(para), ""]
            if s.items:
                out += [f"- {md_text(item)}" for item in s.items] + [""]
            if s.defs:
                out += [f"- **{md_text(term)}** {md_text(text)}" for term, text in s.defs] + [""]
            if s.header:
                out.append("| " + " | ".join(md_cell(h) for h in s.header) + " |")
                out.append("|" + "---|" * len(s.header))
                out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in s.rows]
                out.append("")
            for para in s.after:
                out += [md_text(para), ""]
            if s.map_md:
                out += ["```mermaid", s.map_md.rstrip("\n"), "```", ""]
        if paper.footer:
            out += [f"*{md_text(paper.footer)}*", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def html(papers: list[Paper], title: str) -> str:
    """One or more papers as one self-contained HTML file for A4: each paper starts on a new page."""
    from markupsafe import Markup

    for paper in papers:
        for s in paper.sections:
            if s.map_html and not isinstance(s.map_html, Markup):
                s.map_html = Markup(s.map_html)  # drawn by our own code, every text in it escaped there
    return render_html("paper.html.j2", title=title, lang=papers[0].lang if papers else "en", papers=papers)


def render(papers: list[Paper], fmt: str, title: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use md or html")
    return markdown(papers) if fmt == "md" else html(papers, title)


__all__ = ["FORMATS", "Paper", "Section", "html", "markdown", "render"]
