"""Text for people, one catalogue module per language (``en``, ``sv``).

``t(key, lang, **fields)`` returns the string in ``lang``, falling back to
English. Every label, hint and message of the app comes from here; tests check
that both catalogues have the same keys.
"""

from __future__ import annotations

from . import en, sv

CATALOGUES: dict[str, dict[str, str]] = {"en": en.STRINGS, "sv": sv.STRINGS}
LANGUAGES = tuple(CATALOGUES)


def t(key: str, lang: str = "en", /, **fields) -> str:
    text = CATALOGUES.get(lang, en.STRINGS).get(key) or en.STRINGS[key]
    return text.format(**fields) if fields else text


def tn(key: str, n: int, lang: str = "en", /, **fields) -> str:
    """A counted string: ``key.one`` when ``n`` is 1, else ``key.many``."""
    return t(f"{key}.{'one' if n == 1 else 'many'}", lang, n=n, **fields)
