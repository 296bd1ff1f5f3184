"""The guard's live verdict on text being typed: identifiers highlighted, the redacted text that would be saved.

Used under every field whose text goes into the log: the exercise's contribution, a facilitator's note, the
hotwash when the session ends.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from tabletop.sim.i18n import t


def preview(text: str, redacted: str, flags, lang: str) -> Content:
    if not text.strip():
        return Content(t("guard.hint", lang)).stylize("dim")
    if not flags:
        return Content.assemble(("✔ ", "bold $text-success"), (t("guard.clean", lang), "dim"))
    marked = Content(text)
    for f in flags:
        if f.span:
            marked = marked.stylize(
                "bold reverse $text-error" if f.severity == "breach" else "bold reverse", f.span[0], f.span[1]
            )
    titles = sorted({f.rule.text("title", lang) for f in flags})
    return Content.assemble(
        ("⚑ ", "bold $text-error"),
        marked,
        "\n",
        (t("guard.saved-as", lang) + " ", "bold"),
        redacted,
        "\n",
        (" · ".join(titles), "italic $text-warning"),
    )


class GuardPreview(Static):
    """Shows ``preview``; has the class ``-flagged`` while the guard flags something."""

    DEFAULT_CSS = """
    GuardPreview {
        height: auto;
        padding: 0 1;
    }
    GuardPreview.-flagged {
        background: $error-muted;
    }
    """

    def show(self, text: str, redacted: str, flags, lang: str) -> None:
        self.update(preview(text, redacted, flags, lang))
        self.set_class(bool(flags), "-flagged")

    def check(self, text: str, checker, lang: str) -> None:
        """Run ``checker`` (``Session.check_text``: text -> (redacted, flags)) over ``text`` and show the verdict."""
        redacted, flags = checker(text) if text.strip() else (text, [])
        self.show(text, redacted, flags, lang)
