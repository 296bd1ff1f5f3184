"""The app's own themes: one legible on a projector, one with the highest contrast."""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR = Theme(
    name="tabletop-projector",
    primary="#0b5cad",
    secondary="#1f7a4d",
    accent="#b35c00",
    warning="#b35c00",
    error="#b00020",
    success="#1f7a4d",
    foreground="#111111",
    background="#ffffff",
    surface="#f2f2f2",
    panel="#e0e6ee",
    dark=False,
)

HIGH_CONTRAST = Theme(
    name="tabletop-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ff00ff",
    warning="#ffff00",
    error="#ff5555",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
)

THEMES = (PROJECTOR, HIGH_CONTRAST)
CYCLE = ("textual-dark", PROJECTOR.name, HIGH_CONTRAST.name)
