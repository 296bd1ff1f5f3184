"""The exercise: the facilitator's console for one session being played.

Every key becomes one engine command (``Session``); the screen then renders the
new state. Taking a choice asks for the decision (reasons, who agreed or
dissented); a flagged choice goes through the flag modal first. Going back:

- from the decision for an unflagged choice: nothing is recorded;
- from the flag modal, or from the decision after confirming a flagged choice:
  a ``decline`` is recorded (the group considered the flagged choice and
  stepped back; the debrief lists it), and nothing is taken.

Ending the session (``e``) asks for the group's hotwash, optional and checked
by the guard like a contribution; the engine stores it redacted. Leaving the
screen closes the log, which the engine has already fsync'd event by event, so
the session resumes from Home.

The exercise opens on the briefing (when the session was started with one):
Enter starts step 1. Putting a flagged choice to the group records a
``proposed`` event, so the room's screen shows the lesson while the console
asks; the lesson stays there until ``m`` (move on), another choice or an undo.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Select

from tabletop.sim.i18n import t
from tabletop.sim.play.log import LogError
from tabletop.sim.play.queries import due_injects, speakers
from tabletop.sim.play.session import Refused

from ..widgets.footer import KeysFooter
from ..widgets.guard_preview import GuardPreview
from ..widgets.session_view import SessionView
from ..widgets.text import dept, text
from .base import LabelledScreen

if TYPE_CHECKING:  # the dialogs are imported when first opened, not before the console's first paint
    from ..dialogs.decision import Decision, DecisionDialog


class ExerciseScreen(LabelledScreen):
    AUTO_FOCUS = "#main"
    BINDINGS = [
        # priority: the app runs it as the key arrives, so the reasons typed right behind it find the decision open
        *[
            Binding(
                str(i),
                f"choose({i})",
                f"Choice {i}",
                id=f"choose-{i}",
                show=False,
                priority=True,
                tooltip=f"Take choice {i}",
            )
            for i in range(1, 10)
        ],
        # d, f, p and x are shown beside what they act on (the contribution bar, the notes, the timebox), which
        # leaves the footer room for the rest at 120 columns
        # priority: the app runs it as the key arrives, so the keys typed right behind c find the field focused
        Binding(
            "c",
            "contribute",
            "Contribution",
            id="contribute",
            priority=True,
            tooltip="Type a department's contribution",
        ),
        Binding(
            "d",
            "next_department",
            "Department",
            id="next-department",
            show=False,
            tooltip="Next department for the contribution",
        ),
        Binding("s", "spoken", "Spoken", id="spoken", tooltip="Mark the department as having spoken"),
        Binding("i", "item", "Item", id="item", tooltip="Add an improvement item"),
        Binding("n", "note", "Note", id="note", tooltip="Add a facilitator's note"),
        Binding(
            "f", "toggle_facilitator", "Hide notes", id="facilitator", show=False, tooltip="Hide or show the notes"
        ),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last choice"),
        Binding("p", "pause", "Pause", id="pause", show=False, tooltip="Pause or resume the clock"),
        Binding("x", "extend", "+5 min", id="extend", show=False, tooltip="Extend the timebox by five minutes"),
        Binding("e", "end", "End", id="end", tooltip="End the session and open the debrief"),
        Binding("escape", "leave", "Home", id="leave", tooltip="Back to Home; the session can be resumed"),
        Binding("enter", "begin", "Start step 1", id="begin", tooltip="End the briefing and start step 1"),
        Binding("m", "move_on", "Move on", id="move-on", tooltip="Close the teaching moment on the room's screen"),
        Binding("b", "inject", "News", id="inject", tooltip="Bring in the step's next news for the room"),
        Binding("k", "role_cards", "Role cards", id="role-cards", show=False, tooltip="Show the role cards"),
    ]

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        # on the briefing, the first paint is the briefing's alone: what step 1 draws with (its panes, the
        # contribution bar) is built right after it, while the room reads (_ready_for_step)
        self._step_later = session.state.briefing and session.state.ended is None
        self._step_built: asyncio.Event | None = None
        self.options: list = []
        self._decision: DecisionDialog | None = None  # the decision dialog, built once and asked again for each choice
        self._field_just_left = False  # a contribution was saved and the field left: the next Escape stays here
        self.ready_for_step = not self._step_later
        """What step 1 draws with is built (on the briefing, some time after the first paint)."""

    @property
    def state(self):
        return self.session.state

    def compose(self) -> ComposeResult:
        yield Header()
        yield SessionView(facilitator=True, clock_keys=True, body_later=self._step_later, id="session")
        if not self._step_later:
            yield self._contribution_bar()
        yield KeysFooter()

    def _contribution_bar(self) -> Vertical:
        departments = self._departments()
        return Vertical(
            Horizontal(
                Select(departments, value=departments[0][1], allow_blank=False, id="contribution-department"),
                Input(placeholder=t("exercise.contribution-hint", self.lang), id="contribution-text"),
                id="contribution-row",
            ),
            GuardPreview(id="guard-preview"),
            id="contribution-bar",
        )

    @property
    def _has_bar(self) -> bool:
        return not self._step_later or (self._step_built is not None and self._step_built.is_set())

    def _departments(self) -> list[tuple[str, str]]:
        return [(dept(self.state, d, self.lang), d) for d, _ in speakers(self.state)]

    def on_mount(self) -> None:
        self.label_keys()
        self.render_state()
        if self._has_bar:
            self._preview("")
        self.set_interval(1.0, self._tick)
        self.call_after_refresh(self._after_first_paint)

    async def _after_first_paint(self) -> None:
        """What the first screen does not need: the start event on disk (a key pressed before this runs is
        handled after it, and any command writes the start first anyway), and what step 1 draws with."""
        if not self.session.opened:
            try:
                self.session.open()
            except LogError as exc:
                self._log_failed(exc)
        if self.state.briefing:
            self._warm_up()
        await self._ready_for_step()

    async def _ready_for_step(self) -> None:
        """Build what the briefing's first paint went without (the step's panes, the contribution bar), hidden
        until the briefing ends, and draw step 1 into them, so that Enter only switches; a no-op once built. Every
        key that needs them (Enter, a paste) waits here first, so nothing typed is lost."""
        if not self._step_later:
            return
        if self._step_built is None:
            if not self.is_attached:
                return  # the app closed before the briefing's first paint was followed up: nothing to build
            self._step_built = asyncio.Event()
            bar = self._contribution_bar()
            bar.display = False
            await asyncio.gather(
                self.query_one(SessionView).build_body(), self.mount(bar, before=self.query_one(KeysFooter))
            )
            self._step_built.set()
            if not (self.query("#guard-preview") and self.query_one(SessionView).has_body):
                return  # the app closed while they were mounted: nothing to draw
            from ..widgets.situation import Situation

            self._preview("")
            self.render_state()
            self.query_one(Situation).prepare()  # parsed now, while the room reads, not on Enter
        await self._step_built.wait()
        self.ready_for_step = True

    @work(thread=True, exit_on_error=False)
    def _warm_up(self) -> None:
        """Import what step 1 needs while the briefing is read: the Markdown parser, the guard (the choices' flags)
        and the decision dialog (its widgets' modules)."""
        import tabletop.sim.guard  # noqa: F401

        from ..dialogs import decision  # noqa: F401
        from ..widgets.markdown_text import warm

        warm()

    def on_unmount(self) -> None:
        self.session.leave()
        self._drop_decision()

    def relabel(self) -> None:
        super().relabel()
        if not self._has_bar:  # built later, in the language of then
            self.render_state()
            return
        select = self.query_one("#contribution-department", Select)
        value = select.value
        select.set_options(self._departments())
        select.value = value
        select.mutate_reactive(Select.value)  # redraw the label even when the value stayed the same
        self.query_one("#contribution-text", Input).placeholder = t("exercise.contribution-hint", self.lang)
        self._preview(self.query_one("#contribution-text", Input).value)
        self.render_state()

    # rendering --------------------------------------------------------------------------------

    def render_state(self) -> None:
        self.options = self.query_one(SessionView).show(self.state, self.lang, self.app.now())
        if self._has_bar:  # shown and hidden directly: a class on the screen would restyle every widget on it
            self.query_one("#contribution-bar").display = not self.state.briefing
        self.sub_title = f"{text(self.state, self.state.scenario.title, self.lang)} · {self.state.term}"
        self.refresh_bindings()
        if self.options and not self.state.briefing:
            self.call_after_refresh(self._ready_decision)

    def _tick(self) -> None:
        now = self.app.now()
        if self.state.step.injects and due_injects(self.state, now):
            self._run(self.session.bring_in_due, now)  # timed news arrives: the room sees it, the log says when
        self.query_one(SessionView).tick(self.state, self.lang, now)

    def _run(self, command, *args, **kwargs):
        """Run one engine command; a refusal or a log problem becomes a message, never a crash."""
        try:
            result = command(*args, **kwargs)
        except Refused as exc:
            self.notify(str(exc), severity="warning")
            return None
        except LogError as exc:
            self._log_failed(exc)
            return None
        self.render_state()
        return result

    def _log_failed(self, problem: LogError) -> None:
        """A write failed: nothing more is taken until the facilitator retries (and it works) or quits."""
        from ..dialogs.log_failed import LogFailedDialog

        def answered(retry: bool | None) -> None:
            if not retry:
                self.app.exit()
                return
            try:
                self.session.reconnect()
            except LogError as again:
                self._log_failed(again)
                return
            self.render_state()
            self.notify(t("log-failed.retried", self.lang), severity="warning", timeout=10)

        self.app.push_screen(LogFailedDialog(str(problem), self.lang), answered)

    def check_action(self, action: str, parameters) -> bool | None:
        briefing = self.state.briefing and self.state.ended is None
        if action == "begin":
            return briefing
        if action == "move_on":
            return (self.state.moment is not None or self.state.consequence is not None) and self.state.ended is None
        if action == "inject":
            return bool(self.state.step.injects) and not briefing and self.state.ended is None
        if action == "role_cards":
            return bool(self.state.scenario.roles)
        if briefing and action in ("choose", "contribute", "next_department", "spoken", "undo", "extend"):
            return False
        if action == "choose":  # in a text field, a number is a digit; in a department list open, it searches
            focused = self.focused  # an open department list has its options focused, inside the Select
            typing = isinstance(focused, Input) or (focused is not None and isinstance(focused.parent, Select))
            return parameters[0] <= len(self.options) and not typing
        if action == "undo":
            return bool(self.state.undo_stack)
        if action == "contribute":  # in a text field, c is a letter
            return not isinstance(self.focused, (Input, Select))
        return True

    # choices ----------------------------------------------------------------------------------

    def action_choose(self, number: int) -> None:
        if not 0 < number <= len(self.options):
            return
        option = self.options[number - 1]
        choice_text = text(self.state, option.choice.text, self.lang)
        strict_refusal = not option.available and option.breach and self.state.mode == "strict"
        if not option.available and not strict_refusal:
            self.notify(option.reason or "", severity="warning")
            return
        if option.flagged:
            from ..dialogs.flag import FlagModal

            if self._run(self.session.propose, option.choice.id) is None:
                return  # the log refused it: the room would not see the lesson, so the console does not ask

            def flagged(confirmed: bool | None) -> None:
                if confirmed:
                    self._decide(option, choice_text)
                else:
                    self._run(self.session.decline, option.choice.id)

            self.app.push_screen(FlagModal(option, choice_text, self.lang, strict_refusal), flagged)
        else:
            self._decide(option, choice_text)

    def _decide(self, option, choice_text: str) -> None:
        def decided(decision: Decision | None) -> None:
            if decision is None:  # back: a flagged choice confirmed and then not taken counts as declined
                if option.flagged:
                    self._run(self.session.decline, option.choice.id)
                return
            self._run(
                self.session.choose,
                option.choice.id,
                reasons=decision.reasons,
                agreed=decision.agreed,
                dissented=decision.dissented,
                confirm=option.flagged,
            )

        dialog = self._decision_dialog()
        dialog.ask(choice_text)
        self.app.push_screen(dialog, decided)

    def _decision_dialog(self) -> DecisionDialog:
        """The decision dialog kept for this console: built again only when the departments at the table or the
        language changed. Installed, so that closing it keeps it for the next choice instead of removing it."""
        from ..dialogs.decision import DecisionDialog

        names = [(d, dept(self.state, d, self.lang)) for d, _ in speakers(self.state)]
        dialog = self._decision
        if dialog is None or not dialog.fits(names, self.lang, self.session.check_text):
            self._drop_decision()
            dialog = self._decision = DecisionDialog("", names, self.lang, check=self.session.check_text)
            self.app.install_screen(dialog, f"decision-{id(dialog)}")
        return dialog

    def _ready_decision(self) -> None:
        """Build and mount the decision dialog after the step is painted, while the room reads it, so that the
        choice key only has to show it (and the reasons typed right behind the key find it focused)."""
        if self.app.screen is self and self.is_attached and self.options:
            dialog = self._decision_dialog()
            if not dialog.is_running:
                self.app._get_screen(dialog)  # Textual 8 mounts a screen ahead of showing it only through this

    def _drop_decision(self) -> None:
        """Forget the decision dialog kept for the next choice (the departments or the language changed, or the
        exercise is left)."""
        dialog, self._decision = self._decision, None
        if dialog is not None and dialog not in self.app.screen_stack:  # on it: the app is closing, and takes it
            self.app.uninstall_screen(dialog)
            if dialog.is_running:
                dialog.remove()

    # contributions ----------------------------------------------------------------------------

    def action_contribute(self) -> None:
        # focus at once (Widget.focus is deferred), so that keys typed right after "c" land in the field
        self.set_focus(self.query_one("#contribution-text", Input))

    def action_next_department(self) -> None:
        select = self.query_one("#contribution-department", Select)
        ids = [d for d, _ in speakers(self.state)]
        select.value = ids[(ids.index(select.value) + 1) % len(ids)] if select.value in ids else ids[0]

    def action_spoken(self) -> None:
        self._run(self.session.mark_spoken, str(self.query_one("#contribution-department", Select).value))

    async def on_paste(self, event: events.Paste) -> None:
        """Text pasted anywhere on the console goes into the contribution field, through the guard."""
        await self._ready_for_step()
        if not self.ready_for_step:
            return  # the app closed while the contribution field was being built
        field = self.query_one("#contribution-text", Input)
        if self.focused is not field and event.text:
            event.stop()
            self.set_focus(field)
            field.insert_text_at_cursor(event.text.splitlines()[0])

    @on(Input.Changed, "#contribution-text")
    def _changed(self, event: Input.Changed) -> None:
        self._preview(event.value)

    def _preview(self, value: str) -> None:
        self.query_one(GuardPreview).check(value, self.session.check_text, self.lang)

    @on(Input.Submitted, "#contribution-text")
    def _submitted(self, event: Input.Submitted) -> None:
        department = str(self.query_one("#contribution-department", Select).value)
        if self._run(self.session.contribute, department, event.value) is not None:
            event.input.value = ""
            # saved: the keys are the console's again (a number takes a choice, c starts the next contribution)
            self.set_focus(self.query_one("#main"))
            self._field_just_left = True
            self.notify(t("exercise.saved", self.lang, department=dept(self.state, department, self.lang)))

    def on_key(self, event: events.Key) -> None:
        if event.key != "escape":
            self._field_just_left = False

    # the rest of the console ------------------------------------------------------------------

    def action_item(self) -> None:
        from ..dialogs.item import ItemDialog

        def added(result) -> None:
            if result:
                self._run(self.session.add_item, *result)

        names = [(d.id, dept(self.state, d.id, self.lang)) for d in self.state.scenario.departments]
        self.app.push_screen(ItemDialog(names, self.state.term, self.lang, check=self.session.check_text), added)

    def action_note(self) -> None:
        from ..dialogs.prompt import TextDialog

        def noted(value: str | None) -> None:
            if value:
                self._run(self.session.note, value)

        self.app.push_screen(
            TextDialog(t("exercise.note-title", self.lang), self.lang, check=self.session.check_text), noted
        )

    def action_toggle_facilitator(self) -> None:
        self.toggle_class("-audience")

    async def action_begin(self) -> None:
        await self._ready_for_step()
        if not self.ready_for_step:
            return  # the app closed while step 1 was being built: nothing to start
        if self._run(self.session.begin) is not None:
            self.set_focus(self.query_one("#main"))

    def action_move_on(self) -> None:
        self._run(self.session.move_on)

    def action_inject(self) -> None:
        self._run(self.session.bring_in)

    def action_role_cards(self) -> None:
        """The role cards, for the facilitator to hand out or read to one department (never the room's screen)."""
        from ..dialogs.role_cards import RoleCardsDialog

        self.app.push_screen(RoleCardsDialog(self.state.scenario, self.lang))

    def action_undo(self) -> None:
        self._run(self.session.undo)

    def action_pause(self) -> None:
        self._run(self.session.resume_play if self.state.paused else self.session.pause)

    def action_extend(self) -> None:
        self._run(self.session.extend, 5)

    def action_end(self) -> None:
        """Ask for the hotwash (optional), end the session with it and open the debrief."""
        from ..dialogs.hotwash import HotwashDialog

        def ended(hotwash: str | None) -> None:
            if hotwash is not None and self._run(self.session.end, hotwash) is not None:
                from .debrief import DebriefScreen

                self.app.switch_screen(DebriefScreen(self.state, self.session.path))

        dialog = HotwashDialog(self.session.check_text, self.lang, early=not self.state.step.is_ending)
        self.app.push_screen(dialog, ended)

    def action_leave(self) -> None:
        """Escape leaves the contribution field first, then the screen; right after a contribution is saved (which
        leaves the field by itself) the Escape a typist presses out of habit leaves nothing."""
        if isinstance(self.focused, (Input, Select)):
            self.query_one("#main").focus()
            return
        if self._field_just_left:
            self._field_just_left = False
            return
        self.app.go_home()
