"""Diagnostics: the problems the loader and validator find, as plain values.

A diagnostic names a file, a 1-based line and column where there is one, a
severity, a stable code (documented in docs/diagnostics.md) and a message.
Nothing here prints: the command line turns diagnostics into lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    message: str  # in English
    message_sv: str | None = field(default=None, compare=False, repr=False)  # the same in Swedish, when known

    def text(self, lang: str = "en") -> str:
        """The message in ``lang`` (sv or en); English when there is no Swedish version."""
        return self.message_sv if lang == "sv" and self.message_sv else self.message

    def format(self, *, strict: bool = False, lang: str = "en") -> str:
        """One line: ``path:line:col: error CODE: message``; the severity word and the code stay as they are in
        every language (tools read them), the message is in ``lang``."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.effective(strict).value} {self.code}: {self.text(lang)}"

    def effective(self, strict: bool) -> Severity:
        return Severity.ERROR if strict else self.severity

    def to_json(self, *, strict: bool = False, lang: str = "en") -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.effective(strict).value,
            "code": self.code,
            "message": self.text(lang),
        }
