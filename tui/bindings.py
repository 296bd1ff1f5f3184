"""Key bindings in the user's language: each binding's ``id`` names its label in the catalogue (``key.<id>``)."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from sim.i18n import t


def relabel(node: DOMNode, lang: str) -> None:
    """Give every binding of ``node`` that has an id its description in ``lang``, then refresh the footer."""
    bindings = node._bindings.key_to_bindings  # Textual keeps no public setter for descriptions
    for key, entries in bindings.items():
        bindings[key] = [replace(b, description=t(f"key.{b.id}", lang)) if b.id else b for b in entries]
    node.refresh_bindings()
