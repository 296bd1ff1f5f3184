"""What adds up over a session: narrowing details said in different texts, judged together.

One narrowing detail of a persona (a school, an age, a class) is ordinary talk; two
or more different kinds of the same persona point at one person (see
:mod:`sim.guard`). Said in one text, :func:`sim.guard.scan_text` flags them. Said in
different texts (one department at step 2, another at step 4) they add up all the
same, so a session keeps every narrowing detail it has heard, as (persona, kind,
who said it, at which step), never the words, and the text that completes a
combination is flagged, naming the earlier ones: "together with what socialtjanst
said at step 2". The session folds what was said from its log, so a replay judges
exactly as the live session did.

Limits: only the details a case declares for its personas count (the guard cannot
know that "the boy with the red moped" is someone); details add up per persona,
never across personas; a detail said once keeps counting for the rest of the
session, also after an undo, because it was said in the room.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .rules import Flag, flag


@dataclass(frozen=True, slots=True)
class Said:
    """One narrowing detail heard earlier in the session: whose, of which kind, by whom, at which step."""

    persona: str
    kind: str
    by: str  # a department's id, "facilitator", or "line" (``tabletop guard --each-line``: step is the line)
    step: int  # the step's place on the session's path, from 1

    def as_dict(self) -> dict:
        return {"persona": self.persona, "kind": self.kind, "by": self.by, "step": self.step}

    @classmethod
    def from_dict(cls, data: dict) -> Said:
        return cls(str(data["persona"]), str(data["kind"]), str(data.get("by", "")), int(data.get("step", 0)))


def adds_up(now: Iterable[tuple[tuple[int, int], str, str]], said: Iterable[Said]) -> list[Flag]:
    """``narrowing`` flags for the details of this text (span, persona, kind) that complete a combination with
    what was said before; a flag per detail of this text, its detail naming the earlier texts."""
    earlier: dict[str, list[Said]] = {}
    for s in said:
        earlier.setdefault(s.persona, []).append(s)
    here: dict[str, list[tuple[tuple[int, int], str]]] = {}
    for span, persona, kind in now:
        here.setdefault(persona, []).append((span, kind))
    flags = []
    for persona, found in here.items():
        kinds_here = {kind for _, kind in found}
        before = earlier.get(persona, [])
        kinds_before = {s.kind for s in before}
        if len(kinds_here) >= 2 or not kinds_here - kinds_before or len(kinds_here | kinds_before) < 2:
            continue  # flagged on its own already, nothing new, or still one kind
        others = [s for s in before if s.kind not in kinds_here]
        whom = []
        for s in others:
            if (s.by, s.step) not in whom:
                whom.append((s.by, s.step))
        together = ", ".join(sorted(kinds_here | kinds_before))
        where = "; ".join(f"line {step}" if by == "line" else f"what {by} said at step {step}" for by, step in whom)
        for span, kind in found:
            flags.append(
                flag(
                    "narrowing",
                    f"persona {persona}: {kind} (together: {together}; together with {where})",
                    span,
                    persona=persona,
                    kind=kind,
                )
            )
    return flags
