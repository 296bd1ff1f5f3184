"""Whole-word alternations over folded text: a persona list's identifiers, the sensitive terms.

The match rule: case- and diacritic-insensitive, whole words, so "Ali" is found
in "ÄLI!" but not in "Alingsås". Sensitive terms are :func:`literal` words, inner
spaces matching any whitespace; a persona's identifiers have more written forms
(:mod:`sim.guard.forms`). One regex holds every alternative, grouped by
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
from typing import Any

from .forms import COMPOUND_TAIL, TOKEN, Form, key_of, value_forms
from .textmatch import fold

DIRECT_IDENTIFIERS = frozenset({"name", "alias", "personnummer", "phone", "email", "address"})


def literal(value: str) -> tuple[str, str] | None:
    """(first character, regex for the rest) of a value as whole words over folded text; None if blank."""
    words = fold(value).split()
    if not words:
        return None
    rest = re.escape(words[0][1:]) + "".join(r"\s+" + re.escape(w) for w in words[1:])
    return words[0][0], rest


# where a match may end with ``digits_part`` (see Alternation): after a digit no word character, after a
# letter no letter (a digit may follow: "Linus070")
_END_DIGITS_PART = r"(?:(?<=[0-9])(?!\w)|(?<![0-9])(?![^\W\d]))"


class Alternation:
    """Finds (start, end) of whole-word matches of any alternative in folded text.

    With ``digits_part``, digits and letters meet at a word boundary: a name glued to a number ("Linus070-174 06
    42", "2007Linus") is still found, as it would be once the number is redacted ("Linus[telefon]"), while a
    number is still whole only between non-digits. Without it (the sensitive terms) a word ends at a non-word
    character.
    """

    def __init__(
        self, alternatives: Iterable[tuple], suffix: str = "", digits_part: bool = False, prefix_tree: bool = False
    ):
        """``alternatives``: (first character, regex for the rest) or (first, rest, weight): higher weights are
        tried first, by default the longer regex (a proxy for the longer match). ``prefix_tree``: the rests are
        grouped by their next literal letters too (:func:`_tree`), in the same order: the same matches, found a
        quarter faster for the sensitive terms."""
        groups: dict[str, set[str]] = defaultdict(set)
        weights: dict[str, int] = {}
        for first, rest, *weight in alternatives:
            groups[first].add(rest)
            if weight:
                weights[rest] = max(weight[0], weights.get(rest, 0))

        # longer first, so that "ali ekstrom" wins over "ali"
        def order(rest: str) -> tuple[int, str]:
            return -weights.get(rest, len(rest)), rest

        if prefix_tree:
            body = "|".join(
                re.escape(first) + _tree([(rest, order(rest)) for rest in rests], 2)
                for first, rests in sorted(groups.items())
            )
        else:
            body = "|".join(
                re.escape(first) + "(?:" + "|".join(sorted(rests, key=order)) + ")"
                for first, rests in sorted(groups.items())
            )
        end = _END_DIGITS_PART if digits_part else r"(?!\w)"
        self._digits_part = digits_part
        self._at_start = re.compile(rf"(?:{body}){suffix}{end}")
        self._led = re.compile(rf"[^a-z{'' if digits_part else '0-9'}_](?:{body}){suffix}{end}")

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
            lead = text[start]
            # a non-ASCII letter is not a word boundary, nor is a digit before a digit
            if lead.isalnum() and not (self._digits_part and lead.isdigit() and not text[start + 1].isdigit()):
                pos = start + 1
                continue
            yield start + 1, m.end()
            pos = m.end()


def _tree(ranked: list[tuple[str, Any]], depth: int) -> str:
    """Rests (regexes, each with its rank; lower tried first) as one group, tried in rank order as before: runs
    of them that start with the same literal letter or digit are grouped under it, ``depth`` levels down, so the
    engine rejects a word after a letter or two instead of trying every rest. Rests under different letters
    cannot match at the same place, so only a rest that starts otherwise (a class, a whitespace escape) splits a
    run: the order of any two rests that can both match stays the same. A rest whose first letter takes a
    quantifier, or that holds an alternation of its own, is left whole."""
    ranked = sorted(ranked, key=lambda item: item[1])
    if depth == 0 or len(ranked) < 3:
        return "(?:" + "|".join(rest for rest, _ in ranked) + ")"
    parts: list[str] = []
    run: dict[str, list[tuple[str, object]]] = {}

    def flush() -> None:
        parts.extend(first + _tree(tails, depth - 1) for first, tails in run.items())
        run.clear()

    for rest, rank in ranked:
        if rest[:1].isalnum() and rest[:1].isascii() and rest[1:2] not in ("?", "*", "+", "{") and "|" not in rest:
            run.setdefault(rest[0], []).append((rest[1:], rank))
        else:
            flush()
            parts.append(rest)
    flush()
    return "(?:" + "|".join(parts) + ")"


class PersonaIndex:
    """Every form of every identifier of a persona list in one alternation, and whose identifier of which kind
    each is (:mod:`sim.guard.forms`).

    A genitive ``s`` may follow, also after an apostrophe ("Ali Ekströms pappa", "Alis klass", "Linus's"): the
    words stay whole ("Ali" is still not found in "Alingsås").
    """

    def __init__(self, key: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]):
        # form key -> (persona, kind, the token the flag starts at); one kind per persona and form
        self.owners: dict[str, list[tuple[str, str, int]]] = {}
        alternatives: set[tuple[str, str, int]] = set()
        own: list[tuple[str, Form]] = []
        derived: list[tuple[str, Form]] = []
        for persona, kinds in key:
            for kind, values in kinds:
                for value in values:
                    forms, more = value_forms(kind, value)
                    own += [(persona, form) for form in forms]
                    derived += [(persona, form) for form in more]
        for persona, form in own + derived:  # a value's own forms win over derived ones
            alternatives.add((*form.pattern(), form.weight))
            owned = self.owners.setdefault(form.key, [])
            if all(p != persona for p, _, _ in owned):
                owned.append((persona, form.kind, form.skip))
        self.alternation = (
            Alternation(sorted(alternatives), suffix="(?:['’]?s)?", digits_part=True, prefix_tree=True)
            if alternatives
            else None
        )

    def hits(self, folded: str) -> Iterator[tuple[int, int, str, str]]:
        """(start, end, persona id, identifier kind) of every identifier in folded text."""
        if self.alternation is None:
            return
        owners = self.owners
        for start, end in self.alternation.spans(folded):
            piece = folded[start:end]
            key = key_of(piece)
            if key not in owners:
                key = key[:-1] if key[:-1] in owners else _compound_stem(key, owners)  # the genitive s, a compound
            for persona, kind, skip in owners.get(key, ()):
                at = start + [m.start() for m in TOKEN.finditer(piece)][skip] if skip else start
                yield at, end, persona, kind


def _compound_stem(key: str, owners: dict) -> str:
    """The name a compound ("fjallgrenganget", "ekstromsfamiljen") is built on, or "" if it is not one."""
    for i in range(len(key) - 3, 1, -1):
        if key[:i] in owners and _TAIL.fullmatch(key, i):
            return key[:i]
    return ""


_TAIL = re.compile(COMPOUND_TAIL + "s?")


def persona_key(personas: Iterable) -> tuple:
    """A hashable key of a persona list's identifiers (ids, kinds and values)."""
    return tuple((p.id, tuple((str(kind), tuple(values)) for kind, values in p.identifiers.items())) for p in personas)


@lru_cache(maxsize=64)
def persona_index(key: tuple) -> PersonaIndex:
    return PersonaIndex(key)


def is_direct(kind: str) -> bool:
    return kind in DIRECT_IDENTIFIERS
