"""Swedish personal identity numbers, coordination numbers, phone numbers and e-mail addresses in text.

All of it runs over folded text (:mod:`sim.guard.folding`), where digits are ASCII
digits and letters are lower case. Each finder returns ``(start, end, what)``
spans of the folded text.

Personal identity number (personnummer): ``YYMMDD-NNNC`` or ``YYYYMMDDNNNC``,
with ``-``, ``+`` (100 years or older), a space or no separator, or with the
date written with dashes (``2017-01-01-2393``, ``17-01-01-2393``); the date must exist, a
coordination number (samordningsnummer) has the day plus 60, and ``C`` is the
Luhn check digit over the ten digits ``YYMMDDNNN``. A number that fails any of
these is not one (and is not flagged). Without a century the number is accepted
if its date exists in any century it could be in (18/19 with ``+``, 19/20
otherwise): a pure function does not know today's date.

Phone number: national ``0`` + area code or mobile prefix + subscriber number,
8 to 10 digits in all (``070-174 06 05``, ``08-123 456 78``, ``0701740605``), or
international ``+46``/``0046`` with the national number without its ``0``,
optionally written ``(0)``; a space, a dash or a spaced dash may separate the digits.
Also: an area code of three or four digits followed by a slash or a dot (``070/174 06 42``,
``070.174.06.42``; a two-digit one is left alone, ``08.30`` is a time and ``06/05`` a date), an area
code in brackets (``(070) 174 06 42``, ``(08) 123 45 67``), and a mobile number with a space after
its 0 (``0 70 174 06 42``); each of these has 8 to 10 digits in all.
A space before the last four digits of a personal identity number, or the dashed date form, is
not taken when a dash and a digit follow (``240506 2024-05-07`` is a date and the start of another).
Not taken for a phone number: a number shaped like a personal identity number
(six digits, a dash, four digits), digits that go on before or after it, and
digits right after a number and a dash, which are the tail of a date or a
range ("2024-05-06 2024-05-07" holds "05-06 2024-05-07", ten digits from a 0).
A ten-digit number from a 0 without separators that is also a valid personal
identity or coordination number (``0701740607`` is one: 14 January 2007 + 60)
is flagged as a personnummer; both are breaches and both are redacted.
"""

from __future__ import annotations

import re
from datetime import date

DASHES = "-\u2010\u2011\u2013\u2212"  # hyphen-minus, hyphen, non-breaking hyphen, en dash, minus sign
# between the digits of a phone number: a space, a dash, or a dash with spaces (NFKD folds no-break and thin
# spaces to plain spaces)
_PSEP = f"(?: ?[{DASHES}] ?| )?"
_AFTER_46 = rf"{_PSEP}(?:\(0\){_PSEP})?[1-9](?:{_PSEP}[0-9]){{6,8}}(?![0-9])"  # the national number without its 0
_AFTER_0 = rf"[1-9](?:{_PSEP}[0-9]){{6,8}}(?![0-9])"
# written in groups: "070/174 06 42", "070.174.06.42" (a three- or four-digit area code, then a slash or a dot),
# "0 70 174 06 42" (a mobile number with a space after its 0); the digit count is checked after the match
_GSEP = f"(?: ?[{DASHES}/.] ?| )?"
_AFTER_0_GROUPED = rf"[1-9][0-9]{{1,2}} ?[/.] ?[0-9](?:{_GSEP}[0-9]){{3,7}}(?![0-9])"
_AFTER_0_SPACED = rf" 7[0-9](?:{_PSEP}[0-9]){{7}}(?![0-9])"
_IN_BRACKETS = rf"0[1-9][0-9]{{0,2}}\) ?[0-9](?:{_PSEP}[0-9]){{4,7}}(?![0-9])"  # "(070) 174 06 42"
# a space or a dashed date can be the end of a date and the start of another: not when a dash and a digit follow
_PNR_END = rf"[0-9]{{4}}(?![0-9]|[{DASHES}][0-9])"

# One pass over the digits, plus signs and opening brackets of a text. Every branch starts with the same
# character class, so the regex engine skips everything else at C speed; the branch that matched is named by an
# empty group.
NUMBERS = re.compile(
    r"[0-9+(](?:"
    rf"(?<=[0-9])(?P<pnr>)(?:[0-9]{{7}}|[0-9]{{5}})[{DASHES}+]?[0-9]{{4}}(?![0-9])"
    rf"|(?<=[0-9])(?P<pnrspaced>)(?:[0-9]{{7}}|[0-9]{{5}}) {_PNR_END}"
    rf"|(?<=[0-9])(?P<pnrdashed>)(?:[0-9]{{3}}|[0-9])[{DASHES}][0-9]{{2}}[{DASHES}][0-9]{{2}}[{DASHES}+]{_PNR_END}"
    rf"|(?<=0)(?P<phone0046>)046{_AFTER_46}"
    rf"|(?<=0)(?P<phone0>)(?:{_AFTER_0}|{_AFTER_0_GROUPED}|{_AFTER_0_SPACED})"
    rf"|(?<=\+)(?P<phone46>)46{_AFTER_46}"
    rf"|(?<=\()(?P<phonebrackets>){_IN_BRACKETS}"
    r")"
)
_COUNTED = frozenset({"phone0", "phonebrackets"})  # branches whose digit count (8 to 10) is checked after a match
_DIGIT = re.compile("[0-9]")
_PHONE = re.compile(rf"0(?:046{_AFTER_46}|{_AFTER_0})|\+46{_AFTER_46}")
_PNR_SHAPE = re.compile(rf"[0-9]{{6}}(?:[0-9]{{2}})?[{DASHES}+][0-9]{{4}}")


def luhn_digit(digits: str) -> int:
    """The Luhn check digit for ``digits`` (for a personnummer: the nine digits YYMMDDNNN)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _date_exists(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def personnummer_kind(candidate: str) -> str | None:
    """"personnummer", "samordningsnummer" or None (not a valid number) for a 10- or 12-digit candidate."""
    digits = "".join(ch for ch in candidate if ch.isdigit())
    plus = "+" in candidate
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return None
        centuries = [int(digits[:2])]
        digits = digits[2:]
    elif len(digits) == 10:
        centuries = [18, 19] if plus else [19, 20]
    else:
        return None
    yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    if not any(_date_exists(c * 100 + yy, month, day) for c in centuries):
        return None
    if luhn_digit(digits[:9]) != int(digits[9]):
        return None
    return kind


def _phone_ok(text: str, start: int, end: int) -> bool:
    if _PNR_SHAPE.fullmatch(text, start, end):
        return False  # six digits, a dash, four digits: the shape of a personnummer, never of a phone number
    prev = text[start - 1] if start else ""
    if prev.isdigit() or prev == "+":
        return False  # inside a longer number
    # the tail of a date or a range ("2024-05-06 2024-05-07"), not a phone number
    return not (prev and prev in DASHES and start > 1 and text[start - 2].isdigit())


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """Valid personal identity/coordination numbers and phone numbers: (start, end, "personnummer"|...|"phone")."""
    found = []
    search = NUMBERS.search
    pos = 0
    while m := search(text, pos):
        start, end, branch = m.start(), m.end(), m.lastgroup
        pos = start + 1
        if start and text[start - 1].isdigit():
            continue  # inside a longer run of digits
        if branch.startswith("pnr"):
            kind = personnummer_kind(text[start:end])
            if kind is None:
                # not a valid number; it may still be a phone number written without separators
                phone = _PHONE.match(text, start)
                if phone is None or not _phone_ok(text, start, phone.end()):
                    continue
                end, kind = phone.end(), "phone"
            found.append((start, end, kind))
        elif branch in _COUNTED and not 8 <= len(_DIGIT.findall(text, start, end)) <= 10:
            continue
        elif _phone_ok(text, start, end):
            found.append((start, end, "phone"))
        else:
            continue
        pos = end
    return found


_LOCAL = re.compile(r"[\w.+-]{1,64}\Z")
# the at sign, or written out to get past a harvester: "(at)", "[at]", "{at}", "<at>", "snabel-a" (Swedish)
# searched for by what each begins with, fast: "@" and "snabel" with str.find, "at)" by its literal prefix
_AT_CLOSE = re.compile(r"at\s*[)\]}>]")
_SNABEL = re.compile(r"snabel-?a(?!\w)")
_OPENING = "([{<"
# a dot in the domain, or written out: "[dot]", "(punkt)"
_DOT = r"(?:\.|\s*[(\[{<]\s*(?:dot|punkt)\s*[)\]}>]\s*)"
_DOMAIN = re.compile(rf"(?:[^\W_][\w-]*{_DOT})+[^\W\d_]{{2,}}")


def _spaces_before(text: str, i: int) -> int:
    start = i
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return i - start


def _spaces_after(text: str, i: int) -> int:
    end = i
    while end < len(text) and text[end].isspace():
        end += 1
    return end - i


def find_emails(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, found from each at sign outwards, also when the '@' or the dots are written out.

    Spaces may stand around the at sign: around "(at)" and its kind freely, around a plain "@" or "snabel-a"
    only on both sides ("ebba @ example.com"; "mejla @example.com" names a handle, not an address). An '@' is
    rare, and so are the written-out forms: one regex search for them costs almost nothing.
    """
    found = []
    signs = []
    at = text.find("@")
    while at != -1:
        signs.append((at, at + 1))
        at = text.find("@", at + 1)
    for m in _AT_CLOSE.finditer(text):
        opening = m.start() - _spaces_before(text, m.start()) - 1
        if opening >= 0 and text[opening] in _OPENING:
            signs.append((opening, m.end()))
    at = text.find("snabel")
    while at != -1:
        if (m := _SNABEL.match(text, at)) and not (at and (text[at - 1].isalnum() or text[at - 1] == "_")):
            signs.append(m.span())
        at = text.find("snabel", at + 1)
    signs.sort()
    pos = 0
    for sign_start, sign_end in signs:
        if sign_start < pos:
            continue
        before, after = _spaces_before(text, sign_start), _spaces_after(text, sign_end)
        if text[sign_start] in "@s" and bool(before) != bool(after):
            continue  # a plain '@' or "snabel-a": spaces on both sides or on neither
        if text[sign_start] == "s" and not before:
            continue  # "snabel-a" is a word between two others
        at, past = sign_start - before, sign_end + after
        local = _LOCAL.search(text, max(0, at - 64), at)
        domain = _DOMAIN.match(text, past)
        if local is None or domain is None:
            continue
        start = local.start()
        while start < at and text[start] == ".":
            start += 1
        if start < at:
            found.append((start, domain.end(), "email"))
            pos = domain.end()
    return found
