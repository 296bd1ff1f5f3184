"""Which written forms of a persona's declared identifier count as that identifier.

A form is a sequence of tokens (runs of letters and digits of the folded value).
In text, up to three characters that are not letters or digits, or none, may
stand between two tokens, so "Linus Fjällgren" is also found as "linus  fjällgren",
"Linus-Fjällgren", "LinusFjällgren" and "linus_fjällgren", "Stenkullevägen 14,
Tallmora" as "stenkullevagen 14 tallmora", "070-174 06 42" as "070.174.06.42".

Every value is tried in four spellings: folded (diacritics dropped, "Fjällgren"
-> "fjallgren"), transliterated (ä and æ -> ae, ö and ø -> oe, å -> aa, ü -> ue:
"fjaellgren"), with the letters folding keeps turned into plain ones (ø -> o,
æ -> ae, ł -> l: "Bjørn" -> "bjorn") and with Danish-Norwegian letters (ä -> æ,
ö -> ø: "fjællgren").

The forms of a value, by kind:

- every kind: the value as declared, except the two below;
- ``name``, ``alias``: also each word on its own (first name, surname), split
  at spaces and hyphens, when it has two letters or more ("L." is not one);
- ``address``: also each comma-separated part, the street with its number
  ("Stenkullevägen 14"), and the street name alone when it looks like a street
  name (:func:`street_like`). A part without a number that is not a street
  ("Tallmora") is the town or area the person lives in: it counts as the
  persona's ``neighbourhood``, a narrowing detail, because the town is where the
  whole case is set and naming it alone is ordinary talk;
- ``age``: a bare number ("41", "41 år") only in an age phrase: "41 år",
  "41-åring(en)", "41-årig(a)", "ålder 41", "fyller 41", "är 41" (then not
  followed by a word: "det är 41 anmälningar" is a count), "41 years",
  "41-year-old", "aged 41", "age 41"; the flag covers the number and the words
  after it, never the word before it;
- ``gender``: "man" (in Swedish also the pronoun "one") only as "en man",
  "mannen", "a man", "the man"; "pojke", "flicka", "kvinna", "tjej", "kille" also
  in the definite form ("pojken").

A persona owns one kind per form: the value's own forms first, then the derived
ones (a name part that is also the persona's alias stays the alias).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .textmatch import fold

TOKEN = re.compile(r"[^\W_]+")
SEP = r"[\W_]{0,3}"  # between two tokens of a form: up to three spaces or punctuation marks, or none
_TRANSLIT = str.maketrans({"ä": "ae", "æ": "ae", "ö": "oe", "ø": "oe", "å": "aa", "ü": "ue"})
_PLAIN = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})
_NORDIC = str.maketrans({"ä": "æ", "ö": "ø"})
_WORDS = re.compile(r"[\s\-\u2010\u2011\u2013]+")  # name parts are split at spaces and hyphens


@dataclass(frozen=True, slots=True)
class Form:
    """One written form of an identifier: its tokens, a lookahead the text after it must pass, and which
    token the flag starts at (the words before it only give the context: "är 41" flags "41")."""

    kind: str
    tokens: tuple[str, ...]
    after: str = ""
    skip: int = 0
    spaced: bool = False  # a word letter by letter: tried after the forms that match more letters

    @property
    def weight(self) -> int:
        """Which alternatives the regex tries first: the longer pattern (a proxy for the longer match), a word
        spelled letter by letter as the word itself."""
        _, rest = self.pattern()
        return len(re.escape(self.key[1:])) if self.spaced else len(rest)

    @property
    def key(self) -> str:
        return "".join(self.tokens)

    def pattern(self) -> tuple[str, str]:
        """(first character, regex for the rest) over folded text."""
        first, *more = self.tokens
        return first[0], re.escape(first[1:]) + "".join(SEP + re.escape(t) for t in more) + self.after


def key_of(folded: str) -> str:
    """The key a match of folded text is looked up by: its tokens together."""
    return "".join(TOKEN.findall(folded))


def spellings(value: str) -> list[str]:
    """The value folded, transliterated, with plain letters and with Danish-Norwegian letters; each once."""
    lower = unicodedata.normalize("NFC", value).lower()
    found: list[str] = []
    for spelling in (
        fold(lower),
        fold(lower.translate(_TRANSLIT)),
        fold(lower.translate(_PLAIN)),
        fold(lower.translate(_NORDIC)),
    ):
        if spelling not in found:
            found.append(spelling)
    return found


def tokens(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text))


# --- age ---------------------------------------------------------------------------------------

_AGE_WORDS = frozenset({"ar", "ars", "aring", "arig", "gammal", "years", "year", "yrs", "old"})
_AGE_AFTER = (
    ("ar",),
    ("aring",),
    ("aringen",),
    ("aringar",),
    ("aringarna",),
    ("arig",),
    ("ariga",),
    ("arige",),
    ("years",),
    ("yrs",),
    ("year", "old"),
)
_AGE_BEFORE = (("alder",), ("fyller",), ("aged",), ("age",))
_NO_WORD_AFTER = r"(?!\s+[^\W\d_])"  # "han är 41." but not "det är 41 anmälningar"


def _age_forms(number: str) -> Iterator[Form]:
    for words in _AGE_AFTER:
        yield Form("age", (number, *words))
    for words in _AGE_BEFORE:
        yield Form("age", (*words, number), skip=len(words))
    yield Form("age", ("ar", number), after=_NO_WORD_AFTER, skip=1)


# --- gender ------------------------------------------------------------------------------------

# everyday words: only in a phrase that makes them a person (tokens, the token the flag starts at)
_GENDER_PHRASES = {
    ("man",): ((("en", "man"), 1), (("mannen",), 0), (("a", "man"), 1), (("the", "man"), 1)),
}
_DEFINITE = {"pojke": "pojken", "flicka": "flickan", "kvinna": "kvinnan", "tjej": "tjejen", "kille": "killen"}


# --- address -----------------------------------------------------------------------------------

_STREET_ENDINGS = (
    "vagen",
    "vag",
    "gatan",
    "gata",
    "granden",
    "grand",
    "stigen",
    "stig",
    "backen",
    "backe",
    "torget",
    "torg",
    "leden",
    "gangen",
    "platsen",
    "plan",
    "slingan",
    "allen",
    "alle",
    "kroken",
    "svangen",
    "terrassen",
    "promenaden",
    "esplanaden",
    "kajen",
    "bryggan",
)
_STREET_WORDS = frozenset(
    {
        "road",
        "street",
        "lane",
        "avenue",
        "close",
        "way",
        "drive",
        "crescent",
        "place",
        "square",
        "court",
        "gardens",
        "terrace",
        "row",
        "walk",
    }
)
# names every town has: alone they point at no one
_GENERIC_STREETS = frozenset(
    {
        "storgatan",
        "kyrkogatan",
        "kungsgatan",
        "drottninggatan",
        "skolgatan",
        "stationsgatan",
        "jarnvagsgatan",
        "nygatan",
        "hamngatan",
        "parkgatan",
        "torggatan",
        "stortorget",
        "skolvagen",
        "kyrkvagen",
        "stationsvagen",
        "industrivagen",
        "strandvagen",
        "high street",
        "main street",
        "church street",
        "station road",
        "church road",
        "park road",
        "school lane",
    }
)


def street_like(words: tuple[str, ...]) -> bool:
    """Whether the words (folded) name a street distinctively enough to count alone.

    Swedish: the last word ends like a street ("-vägen", "-gatan", "-gränd", "-stigen", "-backen", "-torget",
    "-leden", "-gången", "-platsen", "-allén" …) after at least two letters of its own, and is five letters
    or more ("Stenkullevägen", "Humlestigen"; not "gatan"). English: two words or more, the last a street
    word ("road", "street", "lane", "avenue" …), the one before it three letters or more ("Elm Street").
    Names every town has ("Storgatan", "Kyrkvägen", "High Street") do not count alone.
    """
    if not words or " ".join(words) in _GENERIC_STREETS:
        return False
    last = words[-1]
    if any(last.endswith(ending) and len(last) >= max(5, len(ending) + 2) for ending in _STREET_ENDINGS):
        return True
    return len(words) >= 2 and last in _STREET_WORDS and len(words[-2]) >= 3 and words[-2].isalpha()


def _address_slices(plain: str) -> list[tuple[int, slice, str]]:
    """(comma part, token slice of it, kind) of each derived address form, decided on the folded spelling."""
    parts = plain.split(",")
    slices: list[tuple[int, slice, str]] = []
    for i, part in enumerate(parts):
        words = tokens(part)
        if not words:
            continue
        number_at = next((j for j, w in enumerate(words) if any(c.isdigit() for c in w)), None)
        if number_at is None:
            if len(parts) > 1:
                slices.append((i, slice(None), "address" if street_like(words) else "neighbourhood"))
            continue
        if len(parts) > 1:
            slices.append((i, slice(None), "address"))
        if number_at > 0:  # "Stenkullevägen 14 …": the street with its number, and the street alone
            slices.append((i, slice(0, number_at + 1), "address"))
            street = slice(0, number_at)
        else:  # "14 Elm Street": the street alone
            street = slice(number_at + 1, None)
        if street_like(words[street]):
            slices.append((i, street, "address"))
    return slices


# --- a name written with a slip ----------------------------------------------------------------

SLIP_LONG = 5  # letters a word of a name needs before a split or a compound of it counts
# the second half of a compound that makes a name point at the person or the people around them
# ("Fjällgrengänget", "Ekströmsfamiljen"), never any compound: "Tjäderbäcken" is a place named after a bird
_COMPOUND_TAILS = (
    "ganget",
    "gang",
    "familjen",
    "familj",
    "familjens",
    "mamma",
    "mamman",
    "pappa",
    "pappan",
    "morsan",
    "farsan",
    "bror",
    "brodern",
    "brorsan",
    "syster",
    "systern",
    "syrran",
    "barnet",
    "barnen",
    "grabben",
    "killen",
    "tjejen",
    "flickan",
    "pojken",
    "arendet",
    "arende",
    "fallet",
    "akten",
    "hemmet",
    "huset",
    "kompisar",
    "kompisarna",
    "kompisen",
    "gruppen",
    "klanen",
    "slakten",
    "foraldrar",
    "foraldrarna",
    "ungen",
    "ungarna",
    "gossen",
)
COMPOUND_TAIL = "s?(?:" + "|".join(sorted(_COMPOUND_TAILS, key=lambda t: (-len(t), t))) + ")"


def _slip_forms(kind: str, words: tuple[str, ...], parts: list[tuple[str, ...]]) -> list[Form]:
    """A name's words of three letters or more letter by letter (a whole name spaced out is its words spaced
    out, each found on its own), so that up to three
    separators may stand between any two letters: spaced out ("l i n u s") or split in two ("fjall gren"); and
    each word of five letters or more glued to the front of a compound that points at a person
    ("fjallgrenganget"). :mod:`sim.guard.slips` finds the slips that are not a fixed form (one edit away)."""
    forms = []
    for part in parts:
        if len(part) != 1 or not part[0].isalpha():
            continue  # "nordvind_lf" is one handle: "nordvind" alone is a word
        word = part[0]
        if len(word) >= 3:  # between any two letters up to three separators: spaced out, or split in two
            forms.append(Form(kind, tuple(word), spaced=True))
        if len(word) >= SLIP_LONG:
            forms.append(Form(kind, (word,), after=COMPOUND_TAIL))
    return forms


# --- all of it ---------------------------------------------------------------------------------


def value_forms(kind: str, value: str) -> tuple[list[Form], list[Form]]:
    """(the value's own forms, the forms derived from it) for one declared value of one kind."""
    own: list[Form] = []
    derived: list[Form] = []
    written = spellings(value)
    for spelling in written:
        words = tokens(spelling)
        if not words:
            continue
        if kind == "age" and words[0].isdigit() and set(words[1:]) <= _AGE_WORDS:
            own += _age_forms(words[0])
        elif kind == "gender" and words in _GENDER_PHRASES:
            own += [Form(kind, phrase, skip=skip) for phrase, skip in _GENDER_PHRASES[words]]
        else:
            own.append(Form(kind, words))
        if kind == "gender" and len(words) == 1 and words[0] in _DEFINITE:
            derived.append(Form(kind, (_DEFINITE[words[0]],)))
        if kind in ("name", "alias"):
            for word in _WORDS.split(spelling):
                part = tokens(word)
                if part and part != words and sum(c.isalpha() for c in "".join(part)) >= 2:
                    derived.append(Form(kind, part))
            derived += _slip_forms(kind, words, [tokens(w) for w in _WORDS.split(spelling)])
    if kind == "address" and written:
        for i, cut, part_kind in _address_slices(written[0]):
            for spelling in written:
                parts = spelling.split(",")
                if i < len(parts) and (words := tokens(parts[i])[cut]):
                    derived.append(Form(part_kind, words))
    return own, derived
