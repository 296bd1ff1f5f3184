"""A small benchmark harness: each figure is timed in pairs with its baseline, in the same run.

A bench module ``tests/bench/bench_*.py`` defines ``figures()``, yielding :class:`Figure` objects; ``run.py``
prints them. A figure is the **median of paired runs**: the figure and its baseline run one after the other,
alternating which goes first, so that a burst of load on a shared machine falls on both; the ratio is the median
of the per-pair ratios, and the spread (lowest to highest) is printed beside it, never hidden behind a best-of.

Every figure says its target and whether it holds. Where the work has a floor (the least any implementation must
do), the bench prints it as well, so a ratio cannot look good only because its baseline is slow.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def timed(fn: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    started = clock()
    fn()
    return clock() - started


def paired(
    figure: Callable[[], object],
    baseline: Callable[[], object],
    rounds: int = 5,
    warmup: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> tuple[list[float], list[float]]:
    """``rounds`` pairs of timings (figure, baseline), alternating which runs first; one unrecorded pair first.

    ``clock``: wall time by default; ``time.process_time`` for pure computation in this process, whose ratio
    then does not depend on how many other processes share the cores."""
    if warmup:
        figure(), baseline()
    ours, base = [], []
    for n in range(rounds):
        if n % 2:
            base.append(timed(baseline, clock))
            ours.append(timed(figure, clock))
        else:
            ours.append(timed(figure, clock))
            base.append(timed(baseline, clock))
    return ours, base


def repeated(fn: Callable[[], object], rounds: int = 5, warmup: bool = True) -> list[float]:
    """``rounds`` timings of ``fn`` (for a figure with an absolute target and a floor timed beside it)."""
    if warmup:
        fn()
    return [timed(fn) for _ in range(rounds)]


def command(*args: str, env: dict | None = None) -> Callable[[], None]:
    """A whole ``python -m tui.cli ARGS`` process (or ``python -c CODE`` with args ``-c``, CODE), output dropped."""
    argv = [sys.executable, *args] if args[0] == "-c" else [sys.executable, "-m", "tabletop.tui.cli", *args]
    environment = {**os.environ, **(env or {})}

    def run() -> None:
        subprocess.run(
            argv, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )

    return run


def best_of(fn: Callable[[], object], rounds: int = 3) -> float:
    """The least of a few timings. Not for figures any more (it hides the spread); kept for benches not yet moved."""
    return min(timed(fn) for _ in range(rounds))


def _spread(values: Sequence[float]) -> str:
    return f"{_t(min(values))}–{_t(max(values))}"


def _t(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


@dataclass
class Figure:
    name: str
    seconds: float | Sequence[float]  # one timing, or every round's (the median is the figure)
    baseline_name: str | None = None
    baseline_seconds: float | Sequence[float] | None = None  # paired with ``seconds`` round by round
    target_ratio: float | None = None  # at most this many times the baseline
    target_seconds: float | None = None  # or at most this many seconds (when there is no natural baseline)
    holds: bool | None = None  # a target that is not a time (say, every run reached an ending)
    target_text: str | None = None  # what ``holds`` checks, for the printed line
    floors: list[tuple[str, float | Sequence[float]]] = field(default_factory=list)  # printed for scale

    @staticmethod
    def _all(value) -> list[float]:
        return [value] if isinstance(value, int | float) else list(value)

    @property
    def rounds(self) -> list[float]:
        return self._all(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.rounds)

    @property
    def ratios(self) -> list[float] | None:
        if self.baseline_seconds is None:
            return None
        base = self._all(self.baseline_seconds)
        if len(base) == len(self.rounds):
            return [a / b for a, b in zip(self.rounds, base, strict=True) if b]
        return [self.median / statistics.median(base)]

    @property
    def ratio(self) -> float | None:
        ratios = self.ratios
        return statistics.median(ratios) if ratios else None

    @property
    def ok(self) -> bool:
        if self.holds is False:
            return False
        if self.target_ratio is not None and self.ratio is not None and self.ratio > self.target_ratio:
            return False
        return not (self.target_seconds is not None and self.median > self.target_seconds)

    @property
    def has_target(self) -> bool:
        return self.target_ratio is not None or self.target_seconds is not None or self.holds is not None

    def line(self) -> str:
        rounds = self.rounds
        text = f"{self.name}\n    median {_t(self.median)}"
        if len(rounds) > 1:
            text += f" (spread {_spread(rounds)}, {len(rounds)} runs)"
        if self.ratio is not None:
            base = self._all(self.baseline_seconds)
            ratios = self.ratios
            text += f" = {self.ratio:.2f}x"
            if len(ratios) > 1:
                text += f" (pairs {min(ratios):.2f}–{max(ratios):.2f})"
            text += f" {self.baseline_name}: median {_t(statistics.median(base))}"
            if len(base) > 1:
                text += f" (spread {_spread(base)})"
        for name, value in self.floors:
            values = self._all(value)
            text += f"\n    floor, {name}: median {_t(statistics.median(values))}"
            if len(values) > 1:
                text += f" (spread {_spread(values)})"
        targets = []
        if self.target_ratio is not None:
            targets.append(f"<= {self.target_ratio:g}x")
        if self.target_seconds is not None:
            targets.append(f"<= {_t(self.target_seconds)}")
        if self.holds is not None:
            targets.append(self.target_text or "the check")
        if targets:
            text += f"\n    target {', '.join(targets)}: {'holds' if self.ok else 'MISSED'}"
        else:
            text += "\n    (no target: for scale)"
        return text
