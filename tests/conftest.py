"""Shared test helpers: the small real fixture files, a fixed clock, and isolation from the user's own setup."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "valid" / "minimal.yaml"


@pytest.fixture
def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No test reads the user's own cases or settings, or writes into the user's logs, case cache or settings."""
    monkeypatch.delenv("TABLETOP_SCENARIOS", raising=False)
    monkeypatch.setenv("TABLETOP_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("TABLETOP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TABLETOP_CONFIG_DIR", str(tmp_path / "config"))


def row_at(table, index: int) -> list[str]:
    """A DataTable row as the text it shows (the app gives its cells as Rich Text, never as markup)."""
    return [str(cell) for cell in table.get_row_at(index)]


async def settle(pilot) -> None:
    """Let the app finish what it started: pending messages and workers."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot, condition, what: str = "the condition", seconds: float = 60.0) -> None:
    """Let the app run until ``condition()`` holds: a test waits on what it needs, never on a guess at a delay.

    The bound only stops a broken test from hanging; a busy machine takes longer to get there, never fails.
    """
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.01)


class ManualTimers:
    """Timers that fire when the test says so, standing in for ``set_timer``: playing is driven by the test."""

    class Handle:
        def __init__(self) -> None:
            self.stopped = False

        def stop(self) -> None:
            self.stopped = True

    def __init__(self) -> None:
        self.pending: list[tuple[float, object, ManualTimers.Handle]] = []

    def __call__(self, delay: float, callback) -> Handle:
        handle = self.Handle()
        self.pending.append((delay, callback, handle))
        return handle

    @property
    def waiting(self) -> int:
        return sum(not handle.stopped for _, _, handle in self.pending)

    def fire(self) -> bool:
        """Run the oldest timer still waiting, as if its delay had passed; False when none waits."""
        while self.pending:
            _, callback, handle = self.pending.pop(0)
            if not handle.stopped:
                callback()
                return True
        return False


async def past_briefing(pilot) -> None:
    """Leave the briefing the exercise opens on (Enter starts step 1), as a facilitator does first."""
    from tabletop.tui.screens.exercise import ExerciseScreen

    await until(pilot, lambda: isinstance(pilot.app.screen, ExerciseScreen), "the exercise on screen")
    await pilot.press("enter")
    await until(pilot, lambda: not pilot.app.screen.state.briefing, "step 1 started")
