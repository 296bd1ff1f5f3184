"""The situation of the current step, large and legible: title, text, and the prompts for the departments present."""

from __future__ import annotations

from tabletop.sim.format.model import paragraphs_for
from tabletop.sim.i18n import t
from tabletop.sim.play.queries import pending_injects, present_prompts, shown_injects

from .markdown_text import MarkdownText
from .text import dept, text


def situation_markdown(state, lang: str, *, facilitator: bool = False) -> str:
    """The step as the room reads it: the consequence of the choice that led here above it (until moved on), the
    paragraphs the facts so far select, and the news shown so far; ``facilitator`` adds how much news is left."""
    step = state.step
    lines = []
    if state.consequence is not None:
        consequence = text(state, state.consequence["text"], lang)
        lines += [f"> **{t('exercise.consequence', lang)}:** {consequence}", ""]
    lines += [f"# {text(state, step.title, lang)}", ""]
    if step.level == "individual":
        lines += [f"> **{t('exercise.individual-level', lang)}**", ""]
    if step.text:
        lines += [paragraphs_for(step.text, state.facts, lang, state.scenario.languages), ""]
    news = shown_injects(state)
    if news:
        lines += [f"### {t('exercise.injects', lang)}", ""]
        lines += [f"- **{text(state, i.text, lang)}**" for i in news] + [""]
    pending = len(pending_injects(state)) if facilitator and state.ended is None else 0
    if pending:
        lines += [f"*{t('exercise.injects-pending', lang, n=pending)}*", ""]
    prompts = present_prompts(state)
    if prompts:
        lines += [f"### {t('exercise.prompts', lang)}", ""]
        lines += [f"- **{dept(state, d, lang)}**: {text(state, p, lang)}" for d, p in prompts]
    if step.ending:
        lines += [
            "",
            f"### {t('exercise.ending', lang)}: {t('outcome.' + step.ending.outcome, lang)}",
            "",
            t("exercise.ending-hint", lang),
        ]
    return "\n".join(lines)


class Situation(MarkdownText):
    """The step as the room reads it."""

    def show(self, state, lang: str, *, facilitator: bool = False) -> None:
        self.update_markdown(situation_markdown(state, lang, facilitator=facilitator))
