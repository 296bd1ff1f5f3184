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
