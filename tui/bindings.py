"""Key bindings in the user's language: each binding's ``id`` names its label (``key.<id>``) and its longer
text, the tooltip (``tip.<id>``), in the catalogue; ``keycap.<id>``, where there is one, is the key the footer
shows (j for "ja" on a Swedish screen, y for "yes" on an English one, both bound)."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from tabletop.sim.i18n import CATALOGUES, t


def label(binding: Binding, lang: str) -> str:
    """The binding's short label in ``lang`` (the footer's), or its own description when the catalogue has none."""
    return t(f"key.{binding.id}", lang) if f"key.{binding.id}" in CATALOGUES["en"] else binding.description


def tip(binding: Binding, lang: str) -> str:
    """What the binding does in ``lang`` (help, tooltips, the palette), or its own tooltip when the catalogue has
    none."""
    return t(f"tip.{binding.id}", lang) if f"tip.{binding.id}" in CATALOGUES["en"] else binding.tooltip


def keycap(binding: Binding, lang: str) -> str | None:
    """The key the footer shows for the binding in ``lang``, where the catalogue names one."""
    return t(f"keycap.{binding.id}", lang) if f"keycap.{binding.id}" in CATALOGUES["en"] else binding.key_display


def bindings_of(node: DOMNode) -> dict[str, list[Binding]]:
    """``node``'s own bindings, key by key, as it holds them now (relabelled), for help and the palette.

    The one place that reaches into Textual's bindings map: Textual 8 has no public way to read a node's bindings
    as relabelled, nor to change a binding's description after the class is made."""
    return node._bindings.key_to_bindings


def relabel(node: DOMNode, lang: str) -> None:
    """Give every binding of ``node`` that has an id its label and tooltip in ``lang``, then refresh the footer."""
    bindings = bindings_of(node)
    for key, entries in bindings.items():
        bindings[key] = [
            replace(b, description=label(b, lang), tooltip=tip(b, lang), key_display=keycap(b, lang)) if b.id else b
            for b in entries
        ]
    node.refresh_bindings()
