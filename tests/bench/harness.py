"""A tiny benchmark harness: each figure is timed beside its baseline in the same run.

A bench module ``tests/bench/bench_*.py`` defines ``figures()``, yielding
:class:`Figure` objects. ``run.py`` prints each as seconds and as a ratio to its
baseline, with the target ratio where there is one. Timings take the best of a
few rounds, which is the figure least disturbed by a noisy shared machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass


def best_of(fn: Callable[[], object], rounds: int = 3) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def paired(fn: Callable[[], object], baseline: Callable[[], object], rounds: int = 5) -> tuple[float, float, str]:
    """Time ``fn`` and ``baseline`` in alternating pairs: (median of fn, median of baseline, spread of the ratio).

    Pairs see the same moment of a busy machine, so their ratio moves less than either time; the spread is the
    lowest and highest ratio of the pairs, printed beside the figure.
    """
    import statistics

    ours, base, ratios = [], [], []
    for _ in range(rounds):
        b = best_of(baseline, rounds=1)
        o = best_of(fn, rounds=1)
        ours.append(o)
        base.append(b)
        ratios.append(o / b if b else float("inf"))
    spread = f"ratio {min(ratios):.2f}-{max(ratios):.2f} over {rounds} pairs"
    return statistics.median(ours), statistics.median(base), spread


@dataclass
class Figure:
    name: str
    seconds: float
    baseline_name: str | None = None
    baseline_seconds: float | None = None
    target_ratio: float | None = None  # at most this many times the baseline
    target_seconds: float | None = None  # or at most this many seconds (when there is no natural baseline)
    spread: str = ""  # how much paired runs varied (see :func:`paired`)

    @property
    def ratio(self) -> float | None:
        if self.baseline_seconds:
            return self.seconds / self.baseline_seconds
        return None

    @property
    def ok(self) -> bool:
        if self.target_ratio is not None and self.ratio is not None:
            return self.ratio <= self.target_ratio
        if self.target_seconds is not None:
            return self.seconds <= self.target_seconds
        return True

    def line(self) -> str:
        text = f"{self.name}: {self.seconds:.3f} s"
        if self.ratio is not None:
            text += f" = {self.ratio:.2f} x {self.baseline_name} ({self.baseline_seconds:.3f} s)"
        if self.target_ratio is not None:
            text += f"; target <= {self.target_ratio:g} x"
        elif self.target_seconds is not None:
            text += f"; target <= {self.target_seconds:g} s"
        if self.spread:
            text += f" [{self.spread}]"
        return text + ("" if self.ok else "  [OVER TARGET]")
