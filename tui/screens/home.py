"""Home: the case library with each case's validation status and a preview of the one under the cursor.

Enter on a valid case opens Setup. Below, the sessions in the log folder:
Enter resumes an unfinished one, or opens the debrief of an ended one; ``v``
replays one. Last, the improvement items of earlier sessions (every group) not
yet marked done; the preview says which branches of the case were exercised.
Reading the logs for those runs in the same worker, after the lists are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from tabletop.sim.format.departments import department_name
from tabletop.sim.i18n import t, tn

from ..widgets.markdown_text import MarkdownText
from ..widgets.text import cells
from .base import HubScreen

if TYPE_CHECKING:  # the engine (pydantic models) is imported by the worker, after Home is first painted
    from tabletop.sim.format.library import CaseEntry
    from tabletop.sim.play.queries import SessionSummary
    from tabletop.sim.review.followup import FollowUp


class HomeScreen(HubScreen):
    BINDINGS = [
        Binding("r", "reload", "Reload", id="reload", tooltip="Read the case files again"),
        Binding("v", "replay", "Replay", id="replay-session", tooltip="Replay the highlighted session"),
    ]

    @dataclass
    class Loaded(Message):
        entries: list[CaseEntry]
        sessions: list[SessionSummary]

    @dataclass
    class FollowUpLoaded(Message):
        follow_up: FollowUp

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[CaseEntry] = []
        self.sessions: list[SessionSummary] = []
        self.follow_up: FollowUp | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(t("home.title", self.lang), id="home-title")
        yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="preview"):
            yield MarkdownText(placeholder=t("home.loading", self.lang), id="preview-text")
        yield Static(t("home.sessions", self.lang), id="sessions-title")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Static(t("followup.setup.loading", self.lang), id="items-title")
        yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.label_keys()
        self._rows()
        self.call_after_refresh(self.load)  # after the first paint: the worker imports the engine

    @work(thread=True, exclusive=True, exit_on_error=False)
    def load(self) -> None:
        from tabletop.sim.format.library import survey
        from tabletop.sim.play.queries import list_sessions
        from tabletop.sim.review.followup import follow_up

        entries = survey(self.app.scenario_dirs, bundled=self.app.bundled)
        self.post_message(self.Loaded(entries, list_sessions(self.app.log_dir)))
        scenarios = {e.scenario.id: e.scenario for e in entries if e.scenario is not None and not e.errors}
        self.post_message(self.FollowUpLoaded(follow_up(self.app.log_dir, scenarios)))

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.load()

    def action_reload(self) -> None:
        self.load()

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        self.entries = message.entries
        self.sessions = message.sessions
        self.loaded = True
        self._rows()

    @on(FollowUpLoaded)
    def _show_follow_up(self, message: FollowUpLoaded) -> None:
        self.follow_up = message.follow_up
        self._item_rows()
        self._preview(self.query_one("#cases", DataTable).cursor_row)

    def relabel(self) -> None:
        super().relabel()
        self.query_one("#home-title", Static).update(t("home.title", self.lang))
        self.query_one("#sessions-title", Static).update(t("home.sessions", self.lang))
        self._rows()

    def _rows(self) -> None:
        """Fill the table; column widths are set from the content, so the layout never depends on timing."""
        table = self.query_one("#cases", DataTable)
        if self.entries:
            from tabletop.sim.format.model import minutes
        keys = ("title", "theme", "languages", "duration", "steps", "status", "source")
        labels = [t(f"home.col.{key}", self.lang) for key in keys]
        rows = []
        for entry in self.entries:
            s = entry.scenario
            if s is not None:
                row = [
                    s.text(s.title, self.lang),
                    t(f"theme.{s.theme.value}", self.lang),
                    ", ".join(s.languages),
                    f"{minutes(s.duration)} min",
                    str(len(s.steps)),
                ]
            else:
                row = [entry.file.path.name, "–", "–", "–", "–"]
            rows.append([*row, self._status(entry), t(f"home.source.{entry.file.source}", self.lang)])
        cursor = table.cursor_row
        table.clear(columns=True)
        for i, (key, label) in enumerate(zip(keys, labels, strict=True)):
            width = max([len(label)] + [len(row[i]) for row in rows])
            table.add_column(label, key=key, width=width)
        for i, row in enumerate(rows):
            table.add_row(*cells(row), key=str(i))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
            self._preview(table.cursor_row)
        else:
            text = t("home.loading" if not self.loaded else "home.empty", self.lang)
            self.query_one("#preview-text", MarkdownText).update_markdown("", placeholder=text)
        self._session_rows()

    def _session_rows(self) -> None:
        table = self.query_one("#sessions", DataTable)
        keys = ("state", "case", "group", "term", "started", "events")
        # a session's case by its title in the library, or by its id when the library no longer has it
        titles = {e.scenario.id: e.scenario.text(e.scenario.title, self.lang) for e in self.entries if e.scenario}
        rows = [
            [
                t("home.session." + ("ended" if s.ended else "unfinished"), self.lang),
                titles.get(s.scenario_id, s.scenario_id),
                s.group,
                s.term,
                s.started[:16].replace("T", " "),
                str(s.events),
            ]
            for s in self.sessions
        ]
        table.clear(columns=True)
        for i, key in enumerate(keys):
            label = t(f"home.session.col.{key}", self.lang)
            table.add_column(label, key=key, width=max([len(label)] + [len(row[i]) for row in rows]))
        for i, row in enumerate(rows):
            table.add_row(*cells(row), key=str(i))
        self._item_rows()

    def _item_rows(self) -> None:
        """The open improvement items of earlier sessions, every group's, soonest due first."""
        title = self.query_one("#items-title", Static)
        table = self.query_one("#items", DataTable)
        table.clear(columns=True)
        if self.follow_up is None:
            title.update(t("followup.setup.loading", self.lang))
            table.display = False
            return
        items = self.follow_up.items
        title.update(
            t("followup.items.title", self.lang, n=len(items)) if items else t("followup.items.none", self.lang)
        )
        table.display = bool(items)
        keys = ("due", "owner", "what", "group", "term", "case")
        rows = [[i.due, department_name(i.owner, self.lang), i.what, i.group or "–", i.term, i.case] for i in items]
        for n, key in enumerate(keys):
            label = t(f"followup.col.{key}", self.lang)
            width = max([len(label)] + [len(row[n]) for row in rows])
            table.add_column(label, key=key, width=min(width, 50) if key == "what" else width)
        for n, row in enumerate(rows):
            table.add_row(*cells(row), key=str(n))

    @on(DataTable.RowSelected, "#cases")
    def _open_case(self, event: DataTable.RowSelected) -> None:
        if not 0 <= event.cursor_row < len(self.entries):
            return
        entry = self.entries[event.cursor_row]
        if entry.scenario is None or entry.errors:
            self.notify(t("home.not-valid", self.lang), severity="warning")
            return
        self.app.open_setup(entry.file.path)

    @on(DataTable.RowSelected, "#sessions")
    def _open_session(self, event: DataTable.RowSelected) -> None:
        if 0 <= event.cursor_row < len(self.sessions):
            summary = self.sessions[event.cursor_row]
            if summary.ended:
                self.app.open_debrief(summary.path)
            else:
                self.app.resume_session(summary.path)

    def action_replay(self) -> None:
        """Replay the session under the cursor of the sessions list."""
        row = self.query_one("#sessions", DataTable).cursor_row
        if 0 <= row < len(self.sessions):
            self.app.open_replay(self.sessions[row].path)

    def _status(self, entry: CaseEntry) -> str:
        if entry.errors:
            return tn("home.status.errors", entry.errors, self.lang)
        if entry.warnings:
            return tn("home.status.warnings", entry.warnings, self.lang)
        return t("home.status.ok", self.lang)

    @on(DataTable.RowHighlighted, "#cases")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._preview(event.cursor_row)

    def _preview(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        entry = self.entries[row]
        s = entry.scenario
        lines: list[str] = []
        if s is not None:
            lines += [f"## {s.text(s.title, self.lang)}", "", s.text(s.summary, self.lang), ""]
            local = {d.id: d.name for d in s.departments}
            lines.append(", ".join(department_name(d.id, self.lang, local) for d in s.departments))
            if s.objectives:
                lines += ["", f"**{t('home.objectives', self.lang)}**", ""]
                lines += [f"- {s.text(o.text, self.lang)}" for o in s.objectives]
            if self.follow_up is not None and s.id in self.follow_up.explored and not entry.errors:
                from ..widgets.branches import branches_markdown

                _, everyone = self.follow_up.explored[s.id]
                lines += ["", branches_markdown(s, None, everyone, self.lang)]
        if entry.result.diagnostics:
            lines += ["", f"**{t('home.problems', self.lang)}**", ""]
            lines += [f"- `{d.format()}`" for d in entry.result.diagnostics[:20]]
        self.query_one("#preview-text", MarkdownText).update_markdown("\n".join(lines))
