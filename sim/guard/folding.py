"""Folding free text for matching, with a map from folded offsets back to the original text.

The guard's detectors run over :func:`sim.guard.textmatch.fold` of the text (casefolded,
without diacritics), so "ÅSA" is found as "asa". A flag's span must point into
the *original* text, which is what gets redacted. Folding every character on its
own gives exactly ``fold(text)`` (NFKD works per character, the reordering it
does only moves combining marks, which fold drops, and casefolding has no
context), so the folded text is the concatenation of the folded characters.

Most characters fold to exactly one character (``å`` -> ``a``, ``É`` -> ``e``,
``’`` -> ``’``): if every character of a text does, offsets are the same in
both texts and the fold runs as a handful of C-level ``str.replace`` calls plus
``str.lower``. Characters that fold to more or fewer (``ß`` -> ``ss``, ``½`` ->
``1⁄2``, a combining mark of decomposed text or an invisible format character such as a soft hyphen or a
zero-width space -> nothing) switch to a run map:
the text is cut at those characters and each run remembers where it starts in
both texts.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from functools import lru_cache

from .textmatch import fold

_ASCII_BYTES = bytes(range(128))
_ASCII_LOWER = {ord(c): c.lower() for c in string.ascii_uppercase}


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    return fold(ch)


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``, fast: UTF-8 without the ASCII bytes is just those."""
    return set(text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))


class _SameLength:
    """Folds texts whose characters all fold to exactly one character (given which non-ASCII ones occur)."""

    def __init__(self, folds: dict[str, str]):
        self.changes = [(c, f) for c, f in folds.items() if f != c]
        keys = {c for c, _ in self.changes}
        kept = {f for _, f in self.changes} | {c for c, f in folds.items() if f == c}
        # str.replace one after another and then str.lower() equal the per-character fold unless a replacement
        # produces a character that is replaced again, or lower() would change a character fold left alone
        self.table = None
        if keys & kept or any(not k.isascii() and k.lower() != k for k in kept):
            self.table = {ord(c): f for c, f in folds.items()} | _ASCII_LOWER

    def __call__(self, text: str) -> str:
        if self.table is not None:
            return text.translate(self.table)
        for c, f in self.changes:
            text = text.replace(c, f)
        return text.lower()


class Folded:
    """``fold(source)`` as ``text``, and :meth:`span` to map a span of it back to ``source``."""

    __slots__ = ("_f_at", "_o_at", "_unit", "_zero", "source", "text")

    def __init__(self, source: str):
        self.source = source
        self._f_at: list[int] | None = None  # None: offsets are the same in both texts
        if source.isascii():
            self.text = source.lower()
            return
        folds = {c: fold_char(c) for c in _non_ascii(source)}
        odd = {c: f for c, f in folds.items() if len(f) != 1}
        if not odd:
            self.text = _SameLength(folds)(source)
            return
        self._fold_with_map(folds, odd)

    def _fold_with_map(self, folds: dict[str, str], odd: dict[str, str]) -> None:
        same = _SameLength({c: f for c, f in folds.items() if c not in odd})
        source = self.source
        cut = re.compile("[" + "".join(re.escape(c) for c in sorted(odd)) + "]")
        pieces: list[str] = []
        f_at: list[int] = []
        o_at: list[int] = []
        unit: list[bool] = []  # True: one original character that folds to len(piece) characters
        fpos = opos = 0
        for m in cut.finditer(source):
            at = m.start()
            if at > opos:
                run = same(source[opos:at])
                f_at.append(fpos)
                o_at.append(opos)
                unit.append(False)
                pieces.append(run)
                fpos += len(run)
            piece = odd[m.group()]
            f_at.append(fpos)
            o_at.append(at)
            unit.append(True)
            pieces.append(piece)
            fpos += len(piece)
            opos = at + 1
        if opos < len(source):
            f_at.append(fpos)
            o_at.append(opos)
            unit.append(False)
            pieces.append(same(source[opos:]))
        self.text = "".join(pieces)
        self._f_at, self._o_at, self._unit = f_at, o_at, unit
        self._zero = frozenset(c for c, f in odd.items() if not f)

    def _origin(self, i: int) -> int:
        """The original character that folded character ``i`` comes from."""
        f_at = self._f_at
        assert f_at is not None  # span() asks only when the text was folded
        r = bisect_right(f_at, i) - 1
        return self._o_at[r] if self._unit[r] else self._o_at[r] + (i - f_at[r])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``source`` that folded ``text[start:end]`` (non-empty) comes from."""
        if self._f_at is None:
            return start, end
        first, last = self._origin(start), self._origin(end - 1) + 1
        # marks and format characters that folded to nothing belong to the character before them
        while last < len(self.source) and self.source[last] in self._zero:
            last += 1
        return first, last
