"""The facilitator-only layer: the case's notes and expected actions per department, and the notes made here.

The room must not see it: the audience view never composes it, and the
console hides it with a key.
"""

from __future__ import annotations

from tabletop.sim.i18n import t
from tabletop.sim.play.queries import speakers, step_notes

from .markdown_text import MarkdownText
from .text import dept, text


def facilitator_markdown(state, lang: str) -> str:
    step = state.step
    lines = [f"### {t('exercise.facilitator', lang)} ({t('exercise.facilitator-key', lang)})", ""]
    f = step.facilitator
    if f and f.notes:
        lines += [text(state, f.notes, lang), ""]
    if f and f.expected:
        lines += [f"**{t('exercise.expected', lang)}**", ""]
        present = {d for d, _ in speakers(state)}
        lines += [f"- {dept(state, d, lang)}: {text(state, e, lang)}" for d, e in f.expected.items() if d in present]
        lines.append("")
    notes = step_notes(state)
    if notes:
        lines += [f"**{t('exercise.notes', lang)}**", ""] + [f"- {n['text']}" for n in notes]
    if len(lines) == 2:
        lines.append(t("exercise.no-notes", lang))
    return "\n".join(lines)


class FacilitatorNotes(MarkdownText):
    def show(self, state, lang: str) -> None:
        self.update_markdown(facilitator_markdown(state, lang))
