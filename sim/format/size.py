"""Size figures of a scenario, for ``tabletop validate`` and the case library."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Scenario, text_for

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CaseSize:
    steps: int
    choices: int
    endings: int
    words: int

    def line(self) -> str:
        return f"{self.steps} steps, {self.choices} choices, {self.endings} endings, {self.words:,} words"


def size(scenario: Scenario) -> CaseSize:
    """Counts; words are those a reader of the first declared language reads (facilitator layer included)."""
    from .validate import iter_texts

    lang = scenario.languages[0]
    words = sum(len(_WORD.findall(text_for(f.value, lang, scenario.languages))) for f in iter_texts(scenario))
    return CaseSize(
        steps=len(scenario.steps),
        choices=sum(len(s.choices) for s in scenario.steps),
        endings=sum(1 for s in scenario.steps if s.ending),
        words=words,
    )
