"""The facilitator's app: the first screen painted, the key that leaves the briefing, and the step change.

Every figure is the median of paired runs (``tests/bench/harness.py``). "Painted" is a compositor update rendered
to terminal sequences (the work a headless driver skips) and handed to the driver: the probe replaces the app's
``_display`` and sets an ``asyncio.Event`` when the update it waits for has been written, so nothing polls the loop.

First screen (a fresh Python process per run, the real command line ``tabletop.tui.cli.main``, headless at
120x40), each run paired with a minimal Textual app (a header, a static and a footer) timed the same way, the two
alternating which goes first:

- ``tabletop run CASE --departments …`` to the briefing painted (the exercise opens on it), target 1.3x the
  minimal app. The case comes checked from the case cache, as on every run but the first after editing it. Its
  floor: the minimal app that also imports the tabletop modules the first screen needs (``FIRST_SCREEN_MODULES``),
  timed after each pair;
- in the same process, once the session's start event is on disk and step 1 is built behind the briefing (the
  exercise does both after the first paint, while the room reads; ``ready_for_step``), Enter (the key that leaves
  the briefing) to step 1 painted, target 100 ms: the first Markdown on screen;
- ``tabletop`` to Home painted (the case list still loading in its worker), target 1.3x.

Step change (the app in process): the choice key to the decision dialog painted, and Enter in the dialog (the
choice recorded in the log, fsync'd) to the next step painted, each target 30 ms median, both together 50 ms; on a
bundled case (undoing after each choice, untimed, so the same choice is taken each round) and on a generated
5,000-step case (``layered_case(5000, 3)``). The floor beside the choice key: a key that opens a bare modal (one
Static, built anew each time) over the same console in the same run, the least any dialog there costs (most of it
is painting the console dimmed behind it).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.harness import Figure

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 7  # cold starts per command, each paired with a minimal app
STEPS = 20  # step changes per case
CASE = "propaganda-gymnasiet"
DEPARTMENTS = "skola,polis,socialtjanst"

# Runs in a fresh interpreter: argv = [target, cli args...] or ["minimal"]. Prints the time.time() of the first
# paint of the target (and for the exercise, the perf_counter from Enter to step 1 painted), then exits.
COLD = r"""
import sys, time
from textual import events
from textual.app import App

target = sys.argv[1]
entered = None  # perf_counter of the Enter that leaves the briefing


def ready(app, screen) -> bool:
    name = type(screen).__name__
    if target in ("minimal", "floor"):
        return True
    if target == "home":
        return name == "HomeScreen"
    if target == "exercise":
        return name == "ExerciseScreen" and bool(screen.query_one("#briefing").visual)
    raise SystemExit(f"unknown target {target}")


def display(self, screen, renderable):
    global entered
    if renderable is None:
        return
    renderable.render_segments(self.console)  # the terminal output a real driver would write
    if screen is not self.screen:
        return
    if not getattr(self, "_bench_first", False):
        if ready(self, screen):
            self._bench_first = True
            print(repr(time.time()), flush=True)
            if target != "exercise":
                self.exit()
        return
    if entered is None:
        # the start event is on disk and step 1 built behind the briefing: the facilitator's Enter, seconds later
        if screen.session.opened and screen.ready_for_step:
            entered = time.perf_counter()
            key = events.Key("enter", "\r")
            key.set_sender(self)
            self._driver.send_message(key)
        return
    if not screen.state.briefing and screen.query_one("#situation").source:
        print(repr(time.perf_counter() - entered), flush=True)
        self.exit()


_run = App.run


def run(self, **kwargs):
    return _run(self, headless=True, size=(120, 40))


App._display = display
App.run = run

if target in ("minimal", "floor"):
    if target == "floor":  # tabletop's own modules on the way to the briefing, imported and not used
        import importlib

        for name in FIRST_SCREEN_MODULES:
            importlib.import_module(name)
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("A minimal Textual app")
            yield Footer()

    Minimal().run()
else:
    from tabletop.tui.cli import main

    sys.exit(main(sys.argv[2:]))
"""

# The modules of tabletop that ``tabletop run CASE --departments …`` imports before the briefing is painted (and
# with them what they import): the floor figure imports them into the minimal app.
FIRST_SCREEN_MODULES = (
    "tabletop.tui.cli",
    "tabletop.tui.app",
    "tabletop.tui.screens.exercise",
    "tabletop.sim.play.session",
    "tabletop.sim.format.loader",
    "tabletop.sim.format.cache",
    "tabletop.sim.format.source",
    "tabletop.sim.format.library",
)
COLD = f"FIRST_SCREEN_MODULES = {FIRST_SCREEN_MODULES!r}\n" + COLD

COMMANDS = {
    "minimal": ["minimal"],
    "floor": ["floor"],
    "exercise": ["exercise", "run", CASE, "--departments", DEPARTMENTS, "--lang", "en"],
    "home": ["home"],
}


def _cold(argv: list[str], env: dict[str, str]) -> list[float]:
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", COLD, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = done.stdout.split()
    if done.returncode or not lines:
        raise RuntimeError(f"{argv}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    return [float(lines[0]) - started, *map(float, lines[1:])]


def cold_starts() -> dict[str, list[float]]:
    """Each command's runs, each beside a minimal app's run (``minimal-for-exercise``…), alternating the order."""
    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Bytecode as an installed tabletop has it (the third-party packages have theirs): the warm-up run writes
        # it to a cache in tmp, even where PYTHONDONTWRITEBYTECODE is set, which would otherwise make every run
        # compile tabletop's own modules from source and not the minimal app's.
        env = {k: v for k, v in os.environ.items() if k not in ("TABLETOP_SCENARIOS", "PYTHONDONTWRITEBYTECODE")}
        env |= {
            "TABLETOP_LOG_DIR": str(Path(tmp) / "logs"),
            "TABLETOP_LANG": "en",
            "PYTHONPATH": str(ROOT),
            "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
            "TABLETOP_CACHE_DIR": str(Path(tmp) / "cases"),
            "XDG_CONFIG_HOME": str(Path(tmp) / "config"),  # the installation key and settings, made on warm-up
        }
        for argv in COMMANDS.values():  # warm the disk cache, the bytecode and the case cache once
            _cold(argv, env)
        for n in range(ROUNDS):
            for name in ("exercise", "home"):
                if n % 2:
                    base = _cold(COMMANDS["minimal"], env)
                    ours = _cold(COMMANDS[name], env)
                else:
                    ours = _cold(COMMANDS[name], env)
                    base = _cold(COMMANDS["minimal"], env)
                out.setdefault(name, []).append(ours[0])
                out.setdefault(f"minimal-for-{name}", []).append(base[0])
                if name == "exercise":
                    out.setdefault("begin", []).append(ours[1])
                    out.setdefault("floor", []).append(_cold(COMMANDS["floor"], env)[0])
    return out


# --- step change --------------------------------------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


async def _step_changes(case_text: str | None, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """``rounds`` of (choice key to the dialog painted, Enter to the next step painted, a key to a bare modal
    painted: the floor); ``None``: the bundled case."""
    from textual import events
    from textual.binding import Binding
    from textual.screen import ModalScreen
    from textual.widgets import Static

    from tabletop.sim.format.library import resolve
    from tabletop.sim.i18n import t
    from tabletop.tui.app import make_app
    from tabletop.tui.dialogs.decision import DecisionDialog
    from tabletop.tui.screens.exercise import ExerciseScreen

    with tempfile.TemporaryDirectory() as tmp:
        if case_text is None:
            path = resolve(CASE)
        else:
            path = Path(tmp) / "generated.yaml"
            path.write_text(case_text, encoding="utf-8")
        app = make_app(
            scenario=path,
            departments={"skola": 1, "polis": 1, "socialtjanst": 1},
            lang="en",
            bundled=False,
            log_dir=Path(tmp) / "logs",
        )
        waiting: tuple[object, asyncio.Event] | None = None  # (what the paint must show, set when it is written)
        painted_at = 0.0

        def probe(screen, renderable) -> None:
            nonlocal painted_at
            if renderable is None:
                return
            text = ESCAPES.sub("", renderable.render_segments(app.console))
            if waiting is not None and waiting[0](screen, text):
                painted_at = time.perf_counter()
                waiting[1].set()

        async def press(key: str, char: str, shown) -> float:
            nonlocal waiting
            waiting = (shown, asyncio.Event())
            started = time.perf_counter()
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)
            await asyncio.wait_for(waiting[1].wait(), 30)
            waiting = None
            return painted_at - started

        class Bare(ModalScreen[None]):
            """The floor: the least a key that opens a modal over the console does (one Static, built anew)."""

            BINDINGS = [Binding("escape", "app.pop_screen")]

            def compose(self):
                yield Static("a bare modal", classes="dialog")

        reasons = t("decision.reasons", "en")
        to_dialog, to_step, to_bare = [], [], []
        async with app.run_test(size=(120, 40)) as pilot:
            while not (isinstance(app.screen, ExerciseScreen) and app.screen.session.opened):
                await pilot.pause(0.05)
            exercise = app.screen
            app._display = probe
            await press("enter", "\r", lambda screen, text: not exercise.state.briefing)
            await pilot.pause(0.2)
            exercise.action_bench_bare = lambda: app.push_screen(Bare())
            exercise._bindings.bind("f9", "bench_bare")
            for _ in range(rounds):
                to_bare.append(await press("f9", "", lambda s, text: isinstance(s, Bare) and "a bare modal" in text))
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
                number, option = next(
                    (i, o) for i, o in enumerate(exercise.options, 1) if o.available and not o.flagged
                )
                target = exercise.state.scenario.step(option.choice.goto)
                title = exercise.state.scenario.text(target.title, "en")[:20]
                to_dialog.append(
                    await press(
                        str(number), str(number), lambda s, text: isinstance(s, DecisionDialog) and reasons in text
                    )
                )
                await pilot.pause()
                to_step.append(
                    await press(
                        "enter",
                        "\r",
                        lambda s, text, title=title, target=target: (
                            s is exercise and exercise.state.current == target.id and title in text
                        ),
                    )
                )
                await pilot.pause()
                if case_text is None or target.is_ending:  # back to where it was, untimed
                    await pilot.press("u")
                    await pilot.pause()
        return to_dialog, to_step, to_bare


def step_change(case_text: str | None) -> tuple[list[float], list[float], list[float]]:
    return asyncio.run(_step_changes(case_text, STEPS))


def figures():
    from tests.generate import layered_case

    cold = cold_starts()
    yield Figure(
        "first screen: tabletop run CASE --departments … to the briefing painted",
        cold["exercise"],
        "a minimal Textual app painted",
        cold["minimal-for-exercise"],
        target_ratio=1.3,
        floors=[("the minimal app importing the tabletop modules the briefing needs, unused", cold["floor"])],
    )
    yield Figure(
        "first screen: Enter on the briefing to step 1 painted (the first Markdown, in the same process)",
        cold["begin"],
        target_seconds=0.1,
    )
    yield Figure(
        "first screen: tabletop to Home painted (cases loading)",
        cold["home"],
        "a minimal Textual app painted",
        cold["minimal-for-home"],
        target_ratio=1.3,
    )
    for name, text in ((f"bundled case ({CASE})", None), ("5,000-step case", layered_case(5000, 3))):
        dialog, step, bare = step_change(text)
        yield Figure(
            f"{name}: choice key to the decision dialog painted ({STEPS} rounds)",
            dialog,
            target_seconds=0.03,
            floors=[("a key to a bare modal (one Static) painted over the console", bare)],
        )
        yield Figure(
            f"{name}: Enter in the decision to the next step painted (logged, fsync'd; {STEPS} rounds)",
            step,
            target_seconds=0.03,
        )
        yield Figure(
            f"{name}: both keys, choice key to the next step painted",
            [d + s for d, s in zip(dialog, step, strict=True)],
            target_seconds=0.05,
        )
