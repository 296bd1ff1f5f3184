"""A persona's name written one edit away from its declared form, as people type in a hurry.

The other slips are fixed forms of a name, found with every other form by
:mod:`sim.guard.words` (see :func:`sim.guard.forms.value_forms`): letters spaced
out ("L i n u s"), a word split in two ("Fjäll gren"), a word glued to the front
of a compound that points at a person ("Fjällgrengänget"), and, through folding,
look-alike letters of another script (a Cyrillic "А" in "Аli").

One edit (a letter missing, added, changed, or two neighbours swapped:
"Fjällgern", "Ekstöm") cannot be a fixed form without listing hundreds of them,
so it is found here: a whole word, written with a capital as a name is, that
begins with the first letter of a declared name's word of five letters or more
and is one edit away from it. Shorter words are left to exact matching (one edit
from "Ali" is "all", "Alv", "Eli"), and a slip in lower case or in the first
letter is not caught, nor is a common first name one edit from another ("Maria" is not a slip of "Marie":
:data:`OTHER_NAMES`). One pass over the text's capitals that can start a name:
cheap, since capitals are few.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from .forms import SLIP_LONG, spellings, tokens
from .textmatch import fold

_KINDS = ("name", "alias")
# first names one edit away from another common one: written, they are that other name, not a slip of this one
OTHER_NAMES = frozenset(
    {
        "maria",
        "marie",
        "mari",
        "mario",
        "elisa",
        "elise",
        "elsa",
        "eliza",
        "elias",
        "linda",
        "linde",
        "lina",
        "lena",
        "hanna",
        "hanne",
        "anna",
        "anne",
        "karin",
        "karen",
        "daniel",
        "daniela",
        "simon",
        "simone",
        "johan",
        "johanna",
        "jonas",
        "tomas",
        "niklas",
        "nicklas",
        "emil",
        "emilia",
        "emelie",
        "emilie",
        "julia",
        "julie",
        "erika",
        "erik",
        "eric",
        "sara",
        "sarah",
        "hampus",
        "markus",
        "marcus",
        "martin",
        "martina",
        "kristin",
        "kristina",
        "kerstin",
        "christin",
        "petra",
        "peter",
        "mattias",
        "matias",
        "andreas",
        "anders",
        "helen",
        "helena",
        "helene",
        "ellen",
        "ellinor",
        "elinor",
        "linnea",
        "linus",
        "louise",
        "lovisa",
        "jessica",
        "jessika",
        "jesper",
        "jasper",
    }
)


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one insertion, deletion, substitution or swap of neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    if a[i + 1 :] == b[i + 1 :]:
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


class NearNames:
    """The words one edit away from a persona list's long name words."""

    def __init__(self, key: tuple):
        self.words: dict[str, tuple[str, str]] = {}  # every folded word of a name -> (persona, kind)
        initials: dict[str, str] = {}  # a capital as written -> its folded letter
        for persona, kinds in key:
            for kind, values in kinds:
                if kind not in _KINDS:
                    continue
                for value in values:
                    for word in value.split():
                        if word[:1].isalpha() and len(word) >= SLIP_LONG:
                            initials[word[0].upper()] = initials[fold(word[0]).upper()] = fold(word[0])
                    for spelling in spellings(value):
                        for word in tokens(spelling):
                            if word.isalpha():
                                self.words.setdefault(word, (persona, kind))
        self.long = [w for w in self.words if len(w) >= SLIP_LONG]
        # one pattern per capital, each led by its literal letter, which the regex engine finds at C speed; a word
        # one edit from a name keeps the name's second letter or its last one, and is about its length
        self.patterns = []
        for capital, letter in sorted(initials.items()):
            alternatives = set()
            for w in self.long:
                if w[0] == letter:
                    n = len(w)
                    alternatives.add(rf"{_like(w[1])}[^\W\d_]{{{n - 3},{n - 1}}}")
                    alternatives.add(rf"[^\W\d_]{{{n - 3},{n - 1}}}{_like(w[-1])}")
            if alternatives:
                self.patterns.append(
                    re.compile(
                        rf"{re.escape(capital)}(?:{'|'.join(sorted(alternatives))})"
                        rf"(?![^\W_])"
                    )
                )

    def hits(self, source: str) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, persona, kind) in ``source``, the original text (not folded)."""
        judged: dict[str, tuple[str, str] | None] = {}  # a text repeats its words: judge each once
        for m in (m for pattern in self.patterns for m in pattern.finditer(source)):
            start = m.start()
            if start and (source[start - 1].isalnum() or source[start - 1] == "_"):
                continue
            written = m.group()
            if written not in judged:
                judged[written] = self._owner(written)
            if owner := judged[written]:
                yield start, m.end(), *owner

    def _owner(self, written: str) -> tuple[str, str] | None:
        words = self.words
        word = written.lower()
        if not word.isascii():
            word = fold(word)
        if word in words or (word[-1] == "s" and word[:-1] in words) or word in OTHER_NAMES:
            return None  # the name itself (or its genitive): exact matching has it; another common name
        return next((words[w] for w in self.long if w[0] == word[0] and one_edit(word, w)), None)


@lru_cache(maxsize=256)
def _like(letter: str) -> str:
    """A character class of the letters that fold to ``letter`` (Latin, Cyrillic and Greek look-alikes)."""
    found = {letter, letter.upper()} | {chr(c) for c in range(0xC0, 0x250) if fold(chr(c)) == letter}
    found |= {chr(c) for c in range(0x391, 0x3CA) if fold(chr(c)) == letter}
    found |= {chr(c) for c in range(0x400, 0x4FF) if fold(chr(c)) == letter}
    return "[" + "".join(re.escape(c) for c in sorted(found)) + "]"


@lru_cache(maxsize=64)
def near_names(key: tuple) -> NearNames:
    return NearNames(key)
