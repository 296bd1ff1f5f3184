"""Whole-word alternations over folded text: a persona list's identifiers, the sensitive terms.

The match rule is :func:`sim.textmatch.word_pattern`'s: case- and diacritic-
insensitive, whole words, inner spaces match any whitespace, so "Ali" is found
in "ÄLI!" but not in "Alingsås". One regex holds every alternative, grouped by
first character so the engine tries only the few that can start there.

Speed: a leading ``(?<!\\w)`` would make the engine try every position of the
text. Instead each match starts with one character that is not an ASCII
letter, digit or underscore, which lets the engine skip through words at C
speed; the rare lead that is a non-ASCII letter (``ø``, ``ł``: fold leaves
them) is rejected here and the search goes on one character later. The start
of the text is matched on its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache

from sim.model import DIRECT_IDENTIFIERS
from sim.textmatch import fold


def normal(folded: str) -> str:
    """Folded text with its whitespace runs as single spaces: the key a match is looked up by."""
    return " ".join(folded.split())


def literal(value: str) -> tuple[str, str] | None:
    """(first character, regex for the rest) of a value as whole words over folded text; None if blank."""
    words = fold(value).split()
    if not words:
        return None
    rest = re.escape(words[0][1:]) + "".join(r"\s+" + re.escape(w) for w in words[1:])
    return words[0][0], rest


class Alternation:
    """Finds (start, end) of whole-word matches of any alternative in folded text."""

    def __init__(self, alternatives: Iterable[tuple[str, str]], suffix: str = ""):
        groups: dict[str, set[str]] = defaultdict(set)
        for first, rest in alternatives:
            groups[first].add(rest)
        # longer first, so that "ali ekstrom" wins over "ali"
        body = "|".join(re.escape(first) + "(?:" + "|".join(sorted(rests, key=lambda r: (-len(r), r))) + ")"
                        for first, rests in sorted(groups.items()))
        self._at_start = re.compile(rf"(?:{body}){suffix}(?!\w)")
        self._led = re.compile(rf"[^a-z0-9_](?:{body}){suffix}(?!\w)")

    def fullmatch(self, text: str) -> bool:
        return self._at_start.fullmatch(text) is not None

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        pos = 0
        m = self._at_start.match(text)
        if m:
            yield m.span()
            pos = m.end()
        search = self._led.search
        while m := search(text, pos):
            start = m.start()
            if text[start].isalnum():  # a non-ASCII letter: not a word boundary
                pos = start + 1
                continue
            yield start + 1, m.end()
            pos = m.end()


class PersonaIndex:
    """Every identifier of a persona list in one alternation, and whose identifier of which kind each is.

    A Swedish genitive ``s`` may follow ("Ali Ekströms pappa", "Alis klass"): the words
    stay whole ("Ali" is still not found in "Alingsås").
    """

    def __init__(self, key: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]):
        self.owners: dict[str, list[tuple[str, str]]] = defaultdict(list)
        alternatives = []
        for persona, kinds in key:
            for kind, values in kinds:
                for value in values:
                    parts = literal(value)
                    if parts is None:
                        continue
                    owner = (persona, kind)
                    owned = self.owners[normal(fold(value))]
                    if owner not in owned:
                        owned.append(owner)
                    alternatives.append(parts)
        self.alternation = Alternation(alternatives, suffix="s?") if alternatives else None

    def hits(self, folded: str) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, persona id, identifier kind) of every identifier in folded text."""
        if self.alternation is None:
            return
        owners = self.owners
        for start, end in self.alternation.spans(folded):
            key = normal(folded[start:end])
            if key not in owners:
                key = key[:-1]  # the genitive s
            for persona, kind in owners.get(key, ()):
                yield start, end, persona, kind


def persona_key(personas: Iterable) -> tuple:
    """A hashable key of a persona list's identifiers (ids, kinds and values)."""
    return tuple((p.id, tuple((str(kind), tuple(values)) for kind, values in p.identifiers.items()))
                 for p in personas)


@lru_cache(maxsize=64)
def persona_index(key: tuple) -> PersonaIndex:
    return PersonaIndex(key)


def is_direct(kind: str) -> bool:
    return kind in DIRECT_IDENTIFIERS
