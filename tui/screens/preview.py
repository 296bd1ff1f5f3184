"""``tabletop preview CASE``: the case as the room will see it, for its author, reloaded on every save.

The screen shows one step at a time: the situation with every paragraph (those that depend on facts marked with
their condition), the news that arrives during it, the prompts, the choices with where they lead, their flags and
their consequences, or the ending. Beside it are the validator's diagnostics. Number keys follow a choice,
Backspace goes back, ``[`` and ``]`` walk the steps in the file's order, ``s`` returns to the start.

Saving is noticed by polling the file's modification time: each poll is a one-shot timer armed again after it ran
(``poll_timer``: ``set_timer`` in the app; tests put a clock of their own there). A change reloads and re-validates
the case, keeping the author's place when the step still exists; a version that does not load leaves the last one
that did on screen, with the diagnostics that say why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tabletop.sim.format.departments import department_name
from tabletop.sim.format.model import minutes
from tabletop.sim.i18n import t

from ..bindings import relabel
from ..widgets.markdown_text import MarkdownText

if TYPE_CHECKING:
    from ..app import TabletopApp

POLL_SECONDS = 0.5


def _condition(condition) -> str:
    """A declarative condition as an author wrote it, in one line."""
    if isinstance(condition, str):
        return condition
    ((op, arg),) = condition.items()
    if op == "not":
        return f"not {_condition(arg)}"
    return f"{op}(" + ", ".join(_condition(a) for a in arg) + ")"


def step_markdown(scenario, step_id: str, lang: str) -> str:
    """One step as the room will see it, every variant shown, with what the author needs beside it."""
    from tabletop.sim.guard import choice_flags

    step = scenario.step(step_id)
    say = scenario.text
    names = {d.id: d.name for d in scenario.departments}
    lines = [f"# {say(step.title, lang)}", "", f"`{step.id}`" + (f" · {step.timebox}" if step.timebox else ""), ""]
    if step.level == "individual":
        lines += [f"> **{t('exercise.individual-level', lang)}**", ""]
    paragraphs = step.text if isinstance(step.text, list) else [{"text": step.text, "when": None}] if step.text else []
    for paragraph in paragraphs:
        if paragraph.get("when") is not None:
            lines += [f"*{t('preview.when', lang, condition=_condition(paragraph['when']))}*", ""]
        lines += [say(paragraph["text"], lang), ""]
    if step.injects:
        lines += [f"### {t('exercise.injects', lang)}", ""]
        for inject in step.injects:
            when = (
                t("preview.after", lang, minutes=minutes(inject.after)) if inject.after else t("preview.on-key", lang)
            )
            lines.append(f"- *{when}*: {say(inject.text, lang)}")
        lines.append("")
    if step.prompts:
        lines += [f"### {t('exercise.prompts', lang)}", ""]
        lines += [f"- **{department_name(d, lang, names)}**: {say(p, lang)}" for d, p in step.prompts.items()]
        lines.append("")
    if step.choices:
        lines += [f"### {t('preview.choices', lang)}", ""]
        for i, choice in enumerate(step.choices, 1):
            flagged = " ⚑" if choice_flags(scenario, choice) else ""
            lines.append(f"{i}. {say(choice.text, lang)}{flagged} → `{choice.goto}`")
            if choice.requires:
                lines.append(f"   *{t('preview.requires', lang)}: {', '.join(map(_condition, choice.requires))}*")
            if choice.consequence is not None:
                lines.append(f"   > **{t('exercise.consequence', lang)}:** {say(choice.consequence, lang)}")
        lines.append("")
    if step.ending:
        lines += [f"### {t('exercise.ending', lang)}: {t('outcome.' + step.ending.outcome, lang)}", ""]
        lines += [f"- {say(point, lang)}" for point in step.ending.debrief]
    return "\n".join(lines)


def diagnostics_text(result, step_id: str | None, lang: str) -> str:
    """The diagnostics, the current step's first; a line saying all is well when there are none."""
    if not result.diagnostics:
        return t("preview.clean", lang)
    here: list = []
    rest: list = []
    step = None
    if result.scenario is not None and step_id is not None:
        try:
            step = result.scenario.step(step_id)
        except KeyError:
            step = None
    for d in result.diagnostics:
        (
            here
            if step is not None and d.line is not None and step.line is not None and _within(d, step, result)
            else rest
        ).append(d)
    lines = [t("preview.problems", lang, n=len(result.diagnostics)), ""]
    lines += [f"{d.line or '-'}:{d.col or '-'} {d.severity.value} {d.code}: {d.message}" for d in here + rest]
    return "\n".join(lines)


def _within(diagnostic, step, result) -> bool:
    """Whether a diagnostic's line falls inside ``step`` (from its line to the next step's)."""
    following = [s.line for s in result.scenario.steps if s.line is not None and s.line > step.line]
    end = min(following) if following else float("inf")
    return step.line <= diagnostic.line < end


class PreviewScreen(Screen):
    AUTO_FOCUS = "#preview-main"
    BINDINGS = [
        *[
            Binding(str(i), f"follow({i})", f"Choice {i}", id=f"choose-{i}", show=False, tooltip=f"Follow choice {i}")
            for i in range(1, 10)
        ],
        Binding("backspace", "back", "Back", id="preview-back", tooltip="Back to the step before"),
        Binding("left_square_bracket", "walk(-1)", "Previous", id="preview-previous", tooltip="The step before"),
        Binding("right_square_bracket", "walk(1)", "Next", id="preview-next", tooltip="The step after"),
        Binding("s", "to_start", "Start", id="preview-start", tooltip="Back to the start step"),
        Binding("escape", "app.quit", "Quit", id="preview-quit", tooltip="Leave the preview"),
    ]

    def __init__(self, path: Path | str, *, poll_timer=None, read=None) -> None:
        super().__init__()
        self.path = Path(path)
        self.poll_timer = poll_timer or self.set_timer
        """How the screen waits between polls: ``set_timer`` in the app; tests put a clock of their own here."""
        self.read = read or _read
        self.result = None  # the last LoadResult
        self.scenario = None  # the last case that loaded
        self.step_id: str | None = None
        self.history: list[str] = []
        self.stamp = None  # what the last poll saw of the file
        self.reloads = 0

    @property
    def lang(self) -> str:
        return cast("TabletopApp", self.app).lang

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="preview-body"):
            with VerticalScroll(id="preview-main"):
                yield MarkdownText(id="preview-step")
            with VerticalScroll(id="preview-side"):
                yield Static(id="preview-status")
                yield Static(id="preview-diagnostics")
        yield Footer()

    def on_mount(self) -> None:
        relabel(self, self.lang)
        self._poll()

    def relabel(self) -> None:
        relabel(self, self.lang)
        self._show()

    def _poll(self) -> None:
        """Reload when the file changed since the last look; then look again after ``POLL_SECONDS``."""
        try:
            stamp = _stamp(self.path)
            if stamp != self.stamp:
                self.stamp = stamp
                self.reload()
        finally:
            self.poll_timer(
                POLL_SECONDS, self._poll
            )  # one-shot, armed again after each look: a slow read never piles up

    def reload(self) -> None:
        """Read and validate the case again; keep the place when its step still exists."""
        result = self.read(self.path)
        self.result = result
        self.reloads += 1
        scenario = result.scenario
        if scenario is not None:
            self.scenario = scenario
            ids = {s.id for s in scenario.steps}
            if self.step_id not in ids:
                self.step_id = scenario.start if scenario.start in ids else scenario.steps[0].id
            self.history = [s for s in self.history if s in ids]
        self._show()

    def _show(self) -> None:
        lang = self.lang
        status = self.query_one("#preview-status", Static)
        step = self.query_one("#preview-step", MarkdownText)
        if self.scenario is None:
            step.update_markdown(t("preview.nothing", lang))
        else:
            step.update_markdown(step_markdown(self.scenario, self.step_id, lang))
        stale = self.result is not None and self.result.scenario is None and self.scenario is not None
        status.update(t("preview.stale" if stale else "preview.status", lang, file=self.path.name, n=self.reloads))
        if self.result is not None:
            self.query_one("#preview-diagnostics", Static).update(diagnostics_text(self.result, self.step_id, lang))

    def _go(self, step_id: str) -> None:
        if self.step_id is not None:
            self.history.append(self.step_id)
        self.step_id = step_id
        self._show()
        self.query_one("#preview-main").scroll_home(animate=False)

    def action_follow(self, number: int) -> None:
        if self.scenario is None:
            return
        choices = self.scenario.step(self.step_id).choices
        if number <= len(choices) and choices[number - 1].goto in {s.id for s in self.scenario.steps}:
            self._go(choices[number - 1].goto)

    def action_back(self) -> None:
        if self.history:
            self.step_id = self.history.pop()
            self._show()

    def action_walk(self, direction: int) -> None:
        if self.scenario is None:
            return
        ids = [s.id for s in self.scenario.steps]
        i = ids.index(self.step_id) if self.step_id in ids else 0
        self._go(ids[max(0, min(len(ids) - 1, i + direction))])

    def action_to_start(self) -> None:
        if self.scenario is not None:
            self._go(self.scenario.start)


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _read(path: Path):
    from tabletop.sim.format.loader import load_text
    from tabletop.sim.format.result import LoadResult
    from tabletop.sim.format.source import read_text

    text, problems = read_text(path, str(path))
    if text is None:
        return LoadResult(str(path), diagnostics=problems)
    return load_text(text, str(path))


def make_preview_app(path: Path | str, *, lang: str | None = None, poll_timer=None):
    """The app with the preview as its only screen (``tabletop preview CASE``)."""
    from ..app import TabletopApp

    class PreviewApp(TabletopApp):
        CSS_PATH = [Path(__file__).parent.parent / name for name in TabletopApp.CSS_PATH]  # beside tui/app.py

        def on_mount(self, event: Mount) -> None:  # type: ignore[override]  # the event, to prevent the default
            event.prevent_default()  # TabletopApp's own on_mount would open Home over the preview
            self.sub_title = t("preview.title", self.lang)
            self._label_bindings()
            self.push_screen(PreviewScreen(path, poll_timer=poll_timer))

    from ..launch import Launch

    return PreviewApp(Launch.of(lang=lang, bundled=False))
