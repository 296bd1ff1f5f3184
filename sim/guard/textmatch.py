"""Finding a persona's identifiers in free text: case- and diacritic-insensitive, whole words.

"Ali" matches "ali" and "ÄLI" but not "Alingsås". Shared by the validator's
lint of scenario text and by the guard's check of typed text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# letters of other scripts that look like Latin ones, as they are typed to get past a filter ("Аli" with a
# Cyrillic А): folded to the Latin letter they look like (after casefolding, so lower case only)
_LOOKALIKES = {
    "а": "a",
    "в": "b",
    "е": "e",
    "і": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ѕ": "s",
    "ԁ": "d",
    "һ": "h",
    "ԛ": "q",
    "ԝ": "w",
    "α": "a",
    "β": "b",
    "ε": "e",
    "ζ": "z",
    "η": "h",
    "ι": "i",
    "κ": "k",
    "μ": "m",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
}


class _Latin(dict):
    """str.translate table: a digit of any script to its ASCII digit, a look-alike letter to its Latin one."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _LOOKALIKES.get(ch)
        if folded is None:
            folded = str(unicodedata.decimal(ch)) if ch.isdecimal() else ch
        self[code] = folded
        return folded


_LATIN = _Latin()


def fold(text: str) -> str:
    """Casefolded, without diacritics: "Åsa Öberg" -> "asa oberg". Keeps the length of plain text.

    Invisible format characters (Unicode category Cf: a soft hyphen, a zero-width space or joiner, a
    word joiner, a byte order mark) are dropped too, so "Lin\u00adus" is "linus". Digits of every script are
    ASCII digits ("٠٧٠" is "070"), and Cyrillic and Greek letters that look like Latin ones are those ("Аli" with
    a Cyrillic А is "ali"): character for character, so lengths stay.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and unicodedata.category(ch) != "Cf"
    ).casefold()
    return folded if folded.isascii() else folded.translate(_LATIN)


@lru_cache(maxsize=4096)
def word_pattern(value: str) -> re.Pattern[str]:
    """A pattern for ``value`` as whole words, over folded text; inner spaces match any whitespace."""
    parts = [re.escape(part) for part in fold(value).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(parts) + r"(?!\w)")


def find(value: str, text: str) -> bool:
    return bool(value.strip()) and word_pattern(value).search(fold(text)) is not None
