"""Finding a persona's identifiers in free text: case- and diacritic-insensitive, whole words.

"Ali" matches "ali" and "ÄLI" but not "Alingsås". Shared by the validator's
lint of scenario text and by the guard's check of typed text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Casefolded, without diacritics: "Åsa Öberg" -> "asa oberg". Keeps the length of plain text.

    Invisible format characters (Unicode category Cf: a soft hyphen, a zero-width space or joiner, a
    word joiner, a byte order mark) are dropped too, so "Lin\u00adus" is "linus".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed
                   if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf").casefold()


@lru_cache(maxsize=4096)
def word_pattern(value: str) -> re.Pattern[str]:
    """A pattern for ``value`` as whole words, over folded text; inner spaces match any whitespace."""
    parts = [re.escape(part) for part in fold(value).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def find(value: str, text: str) -> bool:
    return bool(value.strip()) and word_pattern(value).search(fold(text)) is not None
