"""Diagnostics: the problems the loader and validator find, as plain values.

A diagnostic names a file, a 1-based line and column where there is one, a
severity, a stable code (documented in docs/diagnostics.md) and a message.
Nothing here prints: the command line turns diagnostics into lines.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int | None
    col: int | None
    severity: Severity
    code: str
    message: str

    def format(self, *, strict: bool = False) -> str:
        """One line: ``path:line:col: error CODE: message``."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.effective(strict).value} {self.code}: {self.message}"

    def effective(self, strict: bool) -> Severity:
        return Severity.ERROR if strict else self.severity

    def to_json(self, *, strict: bool = False) -> dict:
        data = asdict(self)
        data["severity"] = self.effective(strict).value
        return data
