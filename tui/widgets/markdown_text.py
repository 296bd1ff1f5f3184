"""Markdown drawn as one Rich renderable in a ``Static``: cheap to update, unlike Textual's ``Markdown`` widget.

Textual's ``Markdown`` rebuilds a child widget per block on every update (tens
of milliseconds a step on the exercise screen); here an update is one
re-render. The source stays on the widget as ``source``, as it does on
Textual's ``Markdown``. Headings are left-aligned and take the theme's
heading colour (the component class ``markdown-text--heading``).
"""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Heading, Markdown
from rich.style import Style
from textual.widgets import Static


class _Heading(Heading):
    @classmethod
    def create(cls, markdown: Markdown, token) -> Heading:
        heading = cls(token.tag)
        heading.style_name = getattr(markdown, "heading_style", None) or heading.style_name
        return heading

    LEVEL_ALIGN: ClassVar[dict] = dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "left")


class _Markdown(Markdown):
    elements: ClassVar[dict] = {**Markdown.elements, "heading_open": _Heading}

    def __init__(self, source: str, heading_style: Style | None = None) -> None:
        super().__init__(source)
        self.heading_style = heading_style


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

    def __init__(self, source: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.source = source

    def render(self):
        return _Markdown(self.source, self.get_component_rich_style("markdown-text--heading", partial=True))

    def update_markdown(self, source: str) -> None:
        if source != self.source:
            self.source = source
            self.refresh(layout=True)
