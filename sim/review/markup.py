"""Markup for what reviewers and participants read on paper: one escaping rule per format, one template folder.

Every field a report, a handout or a brief prints goes through :func:`md_text` (a paragraph line) or
:func:`md_cell` (a table cell) in Markdown; in HTML, Jinja2 templates from ``templates/`` escape every field
(autoescape on), so typed text, group names and case text can never become markup. Jinja2 is imported on the
first HTML render, never at start-up.
"""

from __future__ import annotations

from functools import cache

_MARKDOWN_SPECIAL = "\\`*_[<>#|"  # an escaped "[" is enough to keep typed text from becoming a link


def md_text(text: object) -> str:
    """Text as one Markdown paragraph line: whitespace joined, markup characters escaped (a name stays a name)."""
    out = " ".join(str(text).split())
    for ch in _MARKDOWN_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out


def md_cell(text: object) -> str:
    """Text for a Markdown table cell: one line, markup characters (the cell separator included) escaped."""
    return md_text(text)


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("tabletop.sim.review", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,  # a field a template names but the caller did not give is a bug, not a blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(template: str, /, **fields: object) -> str:
    """Render ``templates/<template>`` with ``fields``, every field escaped unless a template marks it safe."""
    return _environment().get_template(template).render(**fields)


__all__ = ["md_cell", "md_text", "render_html"]
