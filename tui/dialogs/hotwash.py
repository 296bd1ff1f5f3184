"""Ending a session: the group's hotwash (what went well, what to improve), optional, checked by the guard.

Returns the hotwash text (empty when the group adds none) to end the session,
or None to go back and play on. What is typed is shown through the guard as it
is typed; the engine stores it redacted in the log's ``end`` event.
"""

from __future__ import annotations

from tabletop.sim.i18n import t

from .prompt import Checker, TextDialog


class HotwashDialog(TextDialog):
    def __init__(self, check: Checker, lang: str, *, early: bool = False) -> None:
        """``early``: the session is ended before reaching an ending, so the dialog says the case stops here."""
        super().__init__(
            t("hotwash.title", lang),
            lang,
            check=check,
            hint=t("hotwash.hint", lang),
            intro=(t("exercise.end-early", lang) + "\n\n" if early else "") + t("hotwash.prompt", lang),
        )
        self.early = early
