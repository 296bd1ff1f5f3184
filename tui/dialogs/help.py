"""Help: every key of the screen underneath and of the app, what it is called and what it does, in the user's
language (``key.<id>`` and ``tip.<id>`` in the catalogue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from tabletop.sim.i18n import t

from ..bindings import bindings_of, label, relabel, tip
from ..widgets.text import cells

DIALOG_WIDTH = 110  # #help-dialog in app.tcss (its width against .dialog there)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    #help-keys {
        height: 1fr;
    }
    """
    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close", id="help-close", tooltip="Close help")]

    def __init__(self, rows: list[tuple[str, str, str]], lang: str) -> None:
        super().__init__()
        self.rows, self.lang = rows, lang

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(t("help.title", self.lang), classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="row", show_cursor=False)

    def on_mount(self) -> None:
        relabel(self, self.lang)
        table = self.query_one(DataTable)
        heads = (t("help.key", self.lang), t("help.action", self.lang), t("tip.column", self.lang))
        widths = [max(len(heads[i]), *(len(row[i]) for row in self.rows)) for i in (0, 1)]
        # what a key does wraps in the room left beside the two short columns, rather than running off the side:
        # the dialog's width less its border and padding, each column's padding and the scrollbar
        room = min(DIALOG_WIDTH, self.app.size.width) - 6 - 3 * 2 - 2
        table.add_column(heads[0], width=widths[0])
        table.add_column(heads[1], width=widths[1])
        table.add_column(heads[2], width=max(20, room - sum(widths)))
        for row in self.rows:
            table.add_row(*cells(row), height=None)
        table.focus()  # arrows and page keys scroll a long list on a small terminal

    def action_close(self) -> None:
        self.dismiss(None)


def key_rows(nodes, app, lang: str) -> list[tuple[str, str, str]]:
    """(keys, label, what it does) for every binding with an id on ``nodes``, in order, without repeats."""
    rows, seen = [], set()
    for node in nodes:
        held = bindings_of(node)
        for entries in held.values():
            for b in entries:
                if not b.id or b.id in seen:
                    continue
                seen.add(b.id)
                if b.id.startswith("choose-"):  # the number keys: one row for all of them
                    if b.id == "choose-1":
                        rows.append(("1–9", t("help.choose", lang), t("tip.choose", lang)))
                    continue
                keys = "/".join(app.get_key_display(bb) for each in held.values() for bb in each if bb.id == b.id)
                rows.append((keys or b.key, label(b, lang), tip(b, lang)))
    return rows
