"""What loading a case gives back: the scenario (when it loaded), every diagnostic, the text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from .source import Positions


@dataclass
class LoadResult:
    file: str
    scenario: Any = None  # sim.format.model.Scenario once loaded
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    positions: Positions | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not self.errors

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest() if self.text is not None else None
