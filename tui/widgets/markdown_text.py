"""Markdown drawn as one Rich renderable in a ``Static``: cheap to update, unlike Textual's ``Markdown`` widget.

Textual's ``Markdown`` rebuilds a child widget per block on every update (tens
of milliseconds a step on the exercise screen); here an update is one
re-render, and the parsed document is kept until the source or the heading
style changes (a layout measures a widget before drawing it). The source stays
on the widget as ``source``, as it does on Textual's ``Markdown``. Headings are
left-aligned and take the theme's heading colour (the component class
``markdown-text--heading``). With no source the widget shows its
``placeholder`` as plain text, and the Markdown parser is not even imported:
Home's first paint says "Loading…" without paying for it.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

from textual.widgets import Static


@cache
def _markdown_class():
    from rich.markdown import Heading, Markdown

    class _Heading(Heading):
        LEVEL_ALIGN: ClassVar[dict] = dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "left")

        @classmethod
        def create(cls, markdown: Markdown, token) -> Heading:
            heading = cls(token.tag)
            heading.style_name = getattr(markdown, "heading_style", None) or heading.style_name
            return heading

    class _Markdown(Markdown):
        elements: ClassVar[dict] = {**Markdown.elements, "heading_open": _Heading}

        def __init__(self, source: str, heading_style=None) -> None:
            super().__init__(source)
            self.heading_style = heading_style

    return _Markdown


def warm() -> None:
    """Import the Markdown parser ahead of its first use (a worker calls it while the briefing is on screen)."""
    _markdown_class()("# warm")  # parsed as it is made: markdown-it builds its rules on the first parse


class MarkdownText(Static):
    """A ``Static`` showing Markdown source; ``update_markdown`` replaces it (a no-op when unchanged)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"markdown-text--heading"}
    DEFAULT_CSS = """
    MarkdownText {
        height: auto;
        padding: 0 2 1 2;
    }
    MarkdownText > .markdown-text--heading {
        color: $markdown-h1-color;
        text-style: bold;
    }
    """

    def __init__(
        self, source: str = "", *, placeholder: str = "", id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source
        self.placeholder = placeholder
        self._document = None  # (source, heading style, parsed document)

    def render(self):
        if not self.source:
            return self.placeholder
        style = self.get_component_rich_style("markdown-text--heading", partial=True)
        if self._document is None or self._document[:2] != (self.source, style):
            self._document = (self.source, style, _markdown_class()(self.source, style))
        return self._document[2]

    def prepare(self) -> None:
        """Parse the source now (a hidden widget's, say), so that its first paint only draws it."""
        self.render()

    def update_markdown(self, source: str, placeholder: str | None = None) -> None:
        changed = placeholder is not None and placeholder != self.placeholder
        if placeholder is not None:
            self.placeholder = placeholder
        if source != self.source or changed:
            self.source = source
            self.refresh(layout=True)
