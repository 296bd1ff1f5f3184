"""The facilitator's app: cold start to the first painted screen, and a choice key to the next step painted.

Cold start (issue 3, "Speed"): a fresh Python process runs the real command
line (``tui.cli.main``) headless at 120x40 and reports the wall-clock moment its
target screen is first painted; the baseline is a minimal Textual app (a header,
a static and a footer) timed the same way in the same run, interleaved, best of
a few. "Painted" is the first compositor update, rendered to terminal
sequences (the work a headless driver skips), with the target screen on top
and its content in place:

- ``tabletop run CASE --departments …``: the exercise with its situation (the
  issue's figure, target 1.3 x). The case was opened before, as on every run
  but the first after installing or editing it, so it comes checked from the
  case cache (``sim.format.cache``); the same with an empty cache, for information;
- ``tabletop``: Home, first paint (the case list still loading in its worker),
  target 1.3 x; and Home with the bundled cases listed, for information;
- for scale, in the same run: the minimal app with the exercise's first
  situation as Rich Markdown instead of its one-line static, and nothing else.
  It is the floor under any exercise screen that shows its situation as
  Markdown (importing the parser and drawing the text), before reading a case,
  opening the log or drawing choices, departments and keys.

Step change: the app in process, driven by key events on a generated
5,000-step case (``layered_case(5000, 3)``). Each round times, from the key
event being posted to the first paint that shows the result: the choice key
(``1``) to the decision dialog painted, and Enter in the dialog (the choice
recorded in the log, fsync'd) to the next step's situation painted; the figure
is the median of their sums, target 50 ms. The same on a 100-step case is the
baseline, to show the case's size costs nothing per step.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.harness import Figure

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 5  # cold starts per command, interleaved
STEPS = 30  # step changes per case
SMALL = 100  # steps of the baseline case: enough layers for STEPS choices

# Runs in a fresh interpreter: argv = [target, cli args...] or ["minimal"]. Prints the time.time() of the first
# paint of the target, then exits.
COLD = r"""
import sys, time
from textual.app import App

target = sys.argv[1]


def ready(app, screen) -> bool:
    name = type(screen).__name__
    if target in ("minimal", "minimal-markdown"):
        return True
    if target == "home":
        return name == "HomeScreen"
    if target == "home-listed":
        return name == "HomeScreen" and bool(screen.query("#cases")) and screen.query_one("#cases").row_count > 0
    if target == "exercise":
        if name != "ExerciseScreen":
            return False
        situation = screen.query_one("#situation")  # its text in place: a Markdown widget's blocks, or a Static's
        blocks = any(c.__module__ == "textual.widgets._markdown" for c in type(situation).__mro__)
        return bool(situation.source) and (bool(situation.children) or not blocks)
    raise SystemExit(f"unknown target {target}")


def display(self, screen, renderable):
    if renderable is None or getattr(self, "_bench_done", False):
        return
    renderable.render_segments(self.console)  # the terminal output a real driver would write
    if screen is self.screen and ready(self, screen):
        self._bench_done = True
        print(repr(time.time()), flush=True)
        self.exit()


_run = App.run


def run(self, **kwargs):
    return _run(self, headless=True, size=(120, 40))


App._display = display
App.run = run

if target in ("minimal", "minimal-markdown"):
    from textual.app import ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self) -> ComposeResult:
            yield Header()
            if target == "minimal-markdown":  # the floor: the first situation as Markdown, and nothing else
                from rich.markdown import Markdown

                yield Static(Markdown(sys.argv[2]))
            else:
                yield Static("A minimal Textual app")
            yield Footer()

    Minimal().run()
else:
    from tabletop.tui.cli import main

    sys.exit(main(sys.argv[2:]))
"""

COMMANDS = {
    "minimal": ["minimal"],
    "exercise": [
        "exercise",
        "run",
        "propaganda-gymnasiet",
        "--departments",
        "skola,polis,socialtjanst",
        "--lang",
        "en",
    ],
    "home": ["home"],
    "home-listed": ["home-listed"],
}


def _cold(argv: list[str], env: dict[str, str], *, empty_cache: bool = False) -> float:
    if empty_cache:
        shutil.rmtree(env["TABLETOP_CACHE_DIR"], ignore_errors=True)
    started = time.time()
    done = subprocess.run(
        [sys.executable, "-c", COLD, *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    lines = done.stdout.split()
    if done.returncode or not lines:
        raise RuntimeError(f"{argv}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    return float(lines[0]) - started


def _first_situation() -> str:
    """The Markdown of the exercise's first situation, as the benchmark's ``run`` shows it (in English)."""
    from tabletop.sim.format.library import resolve
    from tabletop.sim.format.loader import load_file

    case = load_file(resolve(COMMANDS["exercise"][2])).scenario
    step = case.step(case.start)
    return f"## {case.text(step.title, 'en')}\n\n{case.text(step.text, 'en')}"


def cold_starts() -> dict[str, float]:
    best = dict.fromkeys(COMMANDS, float("inf"))
    with tempfile.TemporaryDirectory() as tmp:
        # Bytecode as an installed tabletop has it (the third-party packages have theirs): the warm-up run writes
        # it to a cache in tmp, even where PYTHONDONTWRITEBYTECODE is set, which would otherwise make every run
        # compile tabletop's own modules from source (~15-20 ms) and not the minimal app's.
        env = {k: v for k, v in os.environ.items() if k not in ("TABLETOP_SCENARIOS", "PYTHONDONTWRITEBYTECODE")}
        env |= {
            "TABLETOP_LOG_DIR": str(Path(tmp) / "logs"),
            "TABLETOP_LANG": "en",
            "PYTHONPATH": str(ROOT),
            "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache"),
            "TABLETOP_CACHE_DIR": str(Path(tmp) / "cases"),
        }
        for argv in COMMANDS.values():  # warm the disk cache, the bytecode and the case cache once
            _cold(argv, env)
        best["exercise, case not cached"] = float("inf")
        best["minimal-markdown"] = float("inf")
        floor = ["minimal-markdown", _first_situation()]
        for _ in range(ROUNDS):
            for name, argv in COMMANDS.items():
                best[name] = min(best[name], _cold(argv, env))
            first = _cold(COMMANDS["exercise"], env, empty_cache=True)
            best["exercise, case not cached"] = min(best["exercise, case not cached"], first)
            _cold(COMMANDS["home-listed"], env)  # every case cached again
            best["minimal-markdown"] = min(best["minimal-markdown"], _cold(floor, env))
    return best


# --- step change --------------------------------------------------------------------------------------------------

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


async def _step_changes(case_text: str, rounds: int) -> tuple[list[float], list[float]]:
    from textual import events

    from tabletop.tui.app import make_app
    from tabletop.tui.dialogs.decision import DecisionDialog
    from tabletop.tui.screens.exercise import ExerciseScreen

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "generated.yaml"
        path.write_text(case_text, encoding="utf-8")
        app = make_app(
            scenario=path,
            departments={"skola": 1, "polis": 1, "socialtjanst": 1},
            lang="en",
            bundled=False,
            log_dir=Path(tmp) / "logs",
        )
        paints: list[tuple[float, str]] = []

        def probe(screen, renderable) -> None:
            if renderable is not None:
                paints.append((time.perf_counter(), ESCAPES.sub("", renderable.render_segments(app.console))))

        async def painted(since: int, marker: str, timeout: float = 10.0) -> float:
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                for when, text in paints[since:]:
                    if marker in text:
                        return when
                await asyncio.sleep(0)
            raise TimeoutError(f"never painted: {marker!r}")

        def press(key: str, char: str) -> tuple[int, float]:
            since = len(paints)
            started = time.perf_counter()
            app._driver.send_message(events.Key(key, char))
            return since, started

        to_dialog, to_step = [], []
        async with app.run_test(size=(120, 40)) as pilot:
            app._display = probe
            while not isinstance(app.screen, ExerciseScreen):
                await pilot.pause(0.05)
            exercise = app.screen
            await pilot.pause(0.2)
            for _ in range(rounds):
                target = exercise.options[0].choice.goto
                since, started = press("1", "1")
                to_dialog.append(await painted(since, "The group's reasons") - started)
                assert isinstance(app.screen, DecisionDialog)
                await pilot.pause()
                since, started = press("enter", "\r")
                to_step.append(await painted(since, f"The situation at step {target} is described here.") - started)
                assert exercise.state.current == target
                await pilot.pause()
        return to_dialog, to_step


def step_change(steps: int) -> tuple[list[float], list[float]]:
    from tests.generate import layered_case

    return asyncio.run(_step_changes(layered_case(steps, 3), STEPS))


def figures():
    best = cold_starts()
    minimal = best["minimal"]
    yield Figure(
        "cold start: tabletop run CASE --departments … to the exercise painted",
        best["exercise"],
        "a minimal Textual app painted",
        minimal,
        target_ratio=1.3,
    )
    yield Figure(
        "cold start: the same, the first time the case is opened (not in the case cache)",
        best["exercise, case not cached"],
        "a minimal Textual app painted",
        minimal,
    )
    yield Figure(
        "cold start, for scale: the minimal app with the first situation as Markdown (nothing else)",
        best["minimal-markdown"],
        "a minimal Textual app painted",
        minimal,
    )
    yield Figure(
        "cold start: tabletop to Home painted (cases loading)",
        best["home"],
        "a minimal Textual app painted",
        minimal,
        target_ratio=1.3,
    )
    yield Figure(
        "cold start: tabletop to Home painted with the bundled cases listed",
        best["home-listed"],
        "a minimal Textual app painted",
        minimal,
    )

    small_dialog, small_step = step_change(SMALL)
    big_dialog, big_step = step_change(5000)
    small = statistics.median(d + s for d, s in zip(small_dialog, small_step, strict=True))
    big = statistics.median(d + s for d, s in zip(big_dialog, big_step, strict=True))
    yield Figure(
        f"5,000-step case: choice key to the decision dialog painted (median of {STEPS})",
        statistics.median(big_dialog),
        f"{SMALL}-step case",
        statistics.median(small_dialog),
    )
    yield Figure(
        f"5,000-step case: Enter in the decision to the next step painted (median of {STEPS}, "
        f"max {max(big_step) * 1000:.0f} ms)",
        statistics.median(big_step),
        f"{SMALL}-step case",
        statistics.median(small_step),
    )
    yield Figure(
        f"5,000-step case: choice key to the next step painted, both keys (median of {STEPS})",
        big,
        f"{SMALL}-step case",
        small,
        target_seconds=0.05,
    )
