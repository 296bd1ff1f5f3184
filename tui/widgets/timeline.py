"""The replay's timeline: one row per event of the log, with its clock time, the time since the start, and a line
saying what happened; a choice is marked ◆ and a flagged event ⚑. The cursor is the event being shown."""

from __future__ import annotations

from textual.widgets import DataTable

from tabletop.sim.i18n import t
from tabletop.sim.review.replay import describe

from .text import cells

EVENT_WIDTH = 27


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class Timeline(DataTable):
    """The events of a recording; ``fill`` lays them out in ``lang``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def fill(self, recording, lang: str) -> None:
        """Lay the rows out again, keeping the cursor where it was.

        Clearing and refilling moves the cursor to the first row and back; those moves are not the reader's, so
        no ``RowHighlighted`` is posted for them (the replay would otherwise jump to the first event and back).
        """
        with self.prevent(DataTable.RowHighlighted):
            self._fill(recording, lang)

    def _fill(self, recording, lang: str) -> None:
        row = self.cursor_row
        self.clear(columns=True)
        elapsed = t("replay.col.elapsed", lang)
        width = EVENT_WIDTH - max(0, len(elapsed) - 7)  # the three columns fit the side panel in both languages
        self.add_column(t("replay.col.time", lang), key="time", width=8)
        self.add_column(elapsed, key="elapsed", width=max(7, len(elapsed)))
        self.add_column(t("replay.col.event", lang), key="event", width=width)
        scenario = recording.scenario
        rows = []
        for moment, event in zip(recording.moments, recording.events, strict=True):
            mark = "◆ " if moment.choice else ("⚑ " if moment.flagged else "")
            rows.append((moment.clock, moment.since_start, _fit(mark + describe(event, scenario, lang), width)))
        self.add_rows([cells(row) for row in rows])
        if rows:
            self.move_cursor(row=min(max(row, 0), len(rows) - 1), scroll=True)
