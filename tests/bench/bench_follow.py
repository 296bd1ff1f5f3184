"""The projector: a new session appears on a running audience view within 1.5 s (median) of its start event.

The audience view runs in process as ``tabletop follow`` runs it (the log folder, the real one-second poll), headless
at 120x40, with every frame rendered to terminal sequences as a real driver would. Each round another console starts
a session of a bundled case (its start event embeds the case: over 100 KB on one line) at a random moment of the
poll's cycle, so the rounds do not line up with the timer; the figure is the time from the start event written and
fsync'd to the first frame that shows the new session's first step, the median of the rounds, with their spread.

The baseline, paired with each round: reading, verifying and replaying that same log directly, the work the view
cannot skip. The view's extra is the wait for its next poll (half a second on average) and the painting.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from tests.bench.harness import Figure

ROOT = Path(__file__).resolve().parents[2]
CASES = [ROOT / "scenarios" / "rekrytering-forening.yaml", ROOT / "scenarios" / "propaganda-gymnasiet.yaml"]
ROUNDS = 12
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


def _first_step_title(source: str) -> str:
    from tabletop.sim.format.loader import load_text

    case = load_text(source, "<bench>").scenario
    return case.text(case.step(case.start).title, "en")


async def _rounds(rounds: int) -> tuple[list[float], list[float]]:
    from tabletop.sim.play.log import read_log
    from tabletop.sim.play.session import Session, replay
    from tabletop.tui.app import make_app

    sources = [case.read_text(encoding="utf-8") for case in CASES]
    markers = [_first_step_title(source) for source in sources]
    assert markers[0] != markers[1]
    rng = random.Random(20261204)
    appear, floor = [], []
    with tempfile.TemporaryDirectory() as tmp:
        logs = Path(tmp) / "logs"
        logs.mkdir(mode=0o700)
        app = make_app(follow=logs, lang="en", bundled=False, log_dir=logs)
        paints: list[tuple[float, str]] = []

        def probe(screen, renderable) -> None:
            if renderable is not None:
                paints.append((time.perf_counter(), ESCAPES.sub("", renderable.render_segments(app.console))))

        async def painted(since: int, marker: str, timeout: float = 30.0) -> float:
            deadline = time.perf_counter() + timeout
            while time.perf_counter() < deadline:
                for when, text in paints[since:]:
                    if marker in text:
                        return when
                await asyncio.sleep(0.005)
            raise TimeoutError(f"never painted: {marker!r}")

        async with app.run_test(size=(120, 40)) as pilot:
            app._display = probe
            await pilot.pause(0.5)
            for i in range(rounds + 1):  # the first round warms the imports and the case cache: not counted
                await asyncio.sleep(rng.uniform(0.0, app.follow_interval))
                since = len(paints)
                session = Session.start(
                    sources[i % 2], departments={"skola": 1, "polis": 1}, term="HT2026", lang="en", log_dir=logs
                )
                written = time.perf_counter()
                shown = await painted(since, markers[i % 2])
                session.close()
                started = time.perf_counter()
                replay(read_log(session.path)[0])
                if i:
                    appear.append(shown - written)
                    floor.append(time.perf_counter() - started)
    return appear, floor


def figures():
    appear, floor = asyncio.run(_rounds(ROUNDS))
    spread = f"{min(appear):.2f}-{max(appear):.2f} s"
    yield Figure(
        f"a new session on a running audience view: start event written to its first step painted "
        f"(median of {ROUNDS}, spread {spread})",
        statistics.median(appear),
        f"reading and replaying the log (median, spread {min(floor) * 1000:.0f}-{max(floor) * 1000:.0f} ms)",
        statistics.median(floor),
        target_seconds=1.5,
    )
