"""The situation of the current step, large and legible: title, text, and the prompts for the departments present."""

from __future__ import annotations

from tabletop.sim.i18n import t
from tabletop.sim.play.queries import present_prompts

from .markdown_text import MarkdownText
from .text import dept, text


def situation_markdown(state, lang: str) -> str:
    step = state.step
    lines = [f"# {text(state, step.title, lang)}", ""]
    if step.level == "individual":
        lines += [f"> **{t('exercise.individual-level', lang)}**", ""]
    if step.text:
        lines += [text(state, step.text, lang), ""]
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

    def show(self, state, lang: str) -> None:
        self.update_markdown(situation_markdown(state, lang))
