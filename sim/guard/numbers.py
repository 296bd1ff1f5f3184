"""Swedish personal identity numbers, coordination numbers, phone numbers and e-mail addresses in text.

All of it runs over folded text (:mod:`sim.guard.folding`), where digits are ASCII
digits and letters are lower case. Each finder returns ``(start, end, what)``
spans of the folded text.

Personal identity number (personnummer): ``YYMMDD-NNNC`` or ``YYYYMMDDNNNC``,
with ``-``, ``+`` (100 years or older), a space or no separator, or with the
date written with dashes, dots or slashes and any of those separators, or a space, before the serial
(``2017-01-01-2393``, ``17-01-01-2393``, ``2017-01-01 2393``, ``2017.01.01/2393``); the date must exist, a
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

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"  # hyphen-minus, hyphens, dashes, bar, minus
# between the digits of a phone number: a space, a dash, a dot or an underscore, or a dash with spaces (NFKD folds
# no-break and thin spaces to plain spaces); a dotted number is checked not to be a date or a time range after
_PSEP = f"(?: ?[{DASHES}] ?| |[._])?"
_AFTER_46 = rf"{_PSEP}(?:\(0\){_PSEP})?[1-9](?:{_PSEP}[0-9]){{6,8}}(?![0-9])"  # the national number without its 0
_AFTER_0 = rf"[1-9](?:{_PSEP}[0-9]){{6,8}}(?![0-9])"
# written in groups: "070/174 06 42", "070.174.06.42" (a three- or four-digit area code, then a slash or a dot),
# "0 70 174 06 42" (a mobile number with a space after its 0); the digit count is checked after the match
_GSEP = f"(?: ?[{DASHES}/._] ?| )?"
_AFTER_0_GROUPED = rf"[1-9][0-9]{{1,2}} ?[/.] ?[0-9](?:{_GSEP}[0-9]){{3,7}}(?![0-9])"
_AFTER_0_SPACED = rf" 7[0-9](?:{_PSEP}[0-9]){{7}}(?![0-9])"
# digits spread out one at a time: "0 7 0 1 7 4 0 6 0 5", "0-7-0-1-7-4-0-6-0-5"
_AFTER_0_SPREAD = rf"[{DASHES} ._][1-9](?:[{DASHES} ._][0-9]){{6,8}}(?![0-9])"
_IN_BRACKETS = rf"0[1-9][0-9]{{0,2}}\) ?[0-9](?:{_PSEP}[0-9]){{4,7}}(?![0-9])"  # "(070) 174 06 42"
# the country code in brackets, with or without its plus: "(46) 70 174 06 05", "(+46) 70-174 06 05", "(0046) …"
_CODE_IN_BRACKETS = rf"(?:\+|00)?46\){_AFTER_46}"
# the country code without a plus (or a 00): "46 70 174 06 05", "46701740605"; a mobile number only (7 and eight
# more digits), since "46 …" is otherwise too often the start of an ordinary number
_BARE_46 = rf"6{_PSEP}7(?:{_PSEP}[0-9]){{8}}(?![0-9])"
# between the date and the serial of a personal identity number: a dash of any kind or a plus (100 years or
# older), a dot, a slash or an underscore, each with or without a space on either side, or a space alone
_NSEP = rf"(?: ?[{DASHES}+./_] ?| )"
# a space or a dashed date can be the end of a date and the start of another: not when a dash and a digit follow
_PNR_END = rf"[0-9]{{4}}(?![0-9]|[{DASHES}][0-9])"
_DATE_SEP = rf"[{DASHES}./]"

# One pass over the digits, plus signs and opening brackets of a text. Every branch starts with the same
# character class, so the regex engine skips everything else at C speed; the branch that matched is named by an
# empty group.
NUMBERS = re.compile(
    r"[0-9+(](?:"
    # a number starts where a run of digits starts: a lead digit after a digit goes on only as a look-alike seed
    r"(?<=[0-9])(?:(?<![0-9].)(?:"
    rf"(?:[0-9]{{7}}|[0-9]{{5}})(?:(?P<pnr>)[{DASHES}+]?[0-9]{{4}}(?![0-9])|(?P<pnrspaced>){_NSEP}{_PNR_END}"
    rf"|(?P<reserv>)(?: ?[{DASHES}] ?)?[a-z][0-9]{{3,4}}(?![0-9a-z]))"
    rf"|(?P<pnrdashed>)(?:[0-9]{{3}}|[0-9]){_DATE_SEP}[0-9]{{2}}{_DATE_SEP}[0-9]{{2}}{_NSEP}{_PNR_END}"
    rf"|(?<=0)(?:(?P<phone0046>)046{_AFTER_46}"
    rf"|(?P<phone0>)(?:{_AFTER_0}|{_AFTER_0_GROUPED}|{_AFTER_0_SPACED}|{_AFTER_0_SPREAD}))"
    rf"|(?<=4)(?P<phonebare46>){_BARE_46})"
    # a letter that looks like a digit touching this digit ("O7O-174 O6 O5"): a seed for _lookalikes, zero-width
    r"|(?P<lookalike>)(?:(?=[oli])|(?<=[oli][0-9])))"
    rf"|(?<=\+)(?P<phone46>)46{_AFTER_46}"
    rf"|(?<=\()(?:(?P<phonebrackets>){_IN_BRACKETS}|(?P<phonecode>){_CODE_IN_BRACKETS})"
    r")"
)
_COUNTED = frozenset({"phone0", "phonebrackets"})  # branches whose digit count (8 to 10) is checked after a match
_DIGIT = re.compile("[0-9]")
_PHONE = re.compile(rf"0(?:046{_AFTER_46}|{_AFTER_0})|\+46{_AFTER_46}")
_PNR_SHAPE = re.compile(rf"[0-9]{{6}}(?:[0-9]{{2}})?[{DASHES}+][0-9]{{4}}")
# what makes a run of digits an amount, a count or a share, not a phone number: "46 700 000 000 kr"
_AMOUNT_AFTER = re.compile(r"\s*(?:kr\b|kronor|sek\b|tkr|mkr|mnkr|miljon|miljard|:-|%|procent|euro|eur\b|usd\b)")
_GROUPS = re.compile("[0-9]+")
_THOUSANDS_AFTER = re.compile(r" [0-9]{3}(?![0-9])")


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


def _birth_date_ok(centuries: list[int], yy: int, month: int, day: int, coordination: bool) -> bool:
    """Whether a (coordination number's, with 60 taken off the day) birth date can be one.

    A coordination number's date may be incomplete: Skatteverket writes an unknown month as 00 and an unknown
    day as 00, which the day plus 60 shows as 60 ("170060", "170001" with day 61).
    """
    if coordination and (month == 0 or day == 0):
        return 0 <= month <= 12 and 0 <= day <= 31
    return any(_date_exists(c * 100 + yy, month, day) for c in centuries)


def _digits_and_centuries(candidate: str) -> tuple[str, list[int]] | None:
    digits = "".join(ch for ch in candidate if ch.isdigit())
    plus = "+" in candidate
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20"):
            return None
        return digits[2:], [int(digits[:2])]
    if len(digits) == 10:
        return digits, [18, 19] if plus else [19, 20]
    return None


def personnummer_kind(candidate: str) -> str | None:
    """ "personnummer", "samordningsnummer" or None (not a valid number) for a 10- or 12-digit candidate.

    Skatteverket's rules: the date of birth YYMMDD (a coordination number has the day plus 60, and its month or
    day may be 00 when the date is not known in full, the day then shown as 60), a three-digit birth number and a
    Luhn check digit over the ten digits; a ``+`` for a person of 100 years or more.
    """
    parsed = _digits_and_centuries(candidate)
    if parsed is None:
        return None
    digits, centuries = parsed
    yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    kind = "personnummer"
    if day >= 60:
        day -= 60
        kind = "samordningsnummer"
    if not _birth_date_ok(centuries, yy, month, day, kind == "samordningsnummer"):
        return None
    if luhn_digit(digits[:9]) != int(digits[9]):
        return None
    return kind


def reservnummer_ok(candidate: str) -> bool:
    """A birth date (six or eight digits, one that exists) followed by a letter and digits: a reserve or interim
    number of the kind health care and schools give people without a personal identity number."""
    date_digits = ""
    for ch in candidate:
        if ch.isdigit():
            date_digits += ch
        elif ch.isalpha():
            break
    if len(date_digits) == 8:
        if date_digits[:2] not in ("18", "19", "20"):
            return False
        centuries, date_digits = [int(date_digits[:2])], date_digits[2:]
    elif len(date_digits) == 6:
        centuries = [19, 20]
    else:
        return False
    yy, month, day = int(date_digits[:2]), int(date_digits[2:4]), int(date_digits[4:6])
    if day > 60:
        day -= 60
    return any(_date_exists(c * 100 + yy, month, day) for c in centuries)


def _date_or_time(text: str, start: int, end: int) -> bool:
    """Whether digits a phone branch matched begin with a date or are a time range ("06.05.2024 2,5 …",
    "08.30-09.45")."""
    groups = _GROUPS.findall(text, start, end)
    sizes = [len(g) for g in groups]
    if sizes[:3] in ([2, 2, 4], [2, 2, 2]):
        a, b = int(groups[0]), int(groups[1])
        if (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31):
            return True
    if sizes == [2, 2, 2, 2]:
        return all(int(h) < 24 and int(m) < 60 for h, m in (groups[:2], groups[2:]))
    return False


def _phone_ok(text: str, start: int, end: int) -> bool:
    if _PNR_SHAPE.fullmatch(text, start, end):
        return False  # six digits, a dash, four digits: the shape of a personnummer, never of a phone number
    prev = text[start - 1] if start else ""
    if prev.isdigit() or prev == "+":
        return False  # inside a longer number
    # the tail of a date, a time, a decimal or a range ("2024-05-06 2024-05-07", "06.05.2024 12 345"), not a phone
    # number
    return not (prev and (prev in DASHES or prev in "./:,") and start > 1 and text[start - 2].isdigit())


def _phone_branch_ok(text: str, start: int, end: int) -> bool:
    if not _phone_ok(text, start, end) or _AMOUNT_AFTER.match(text, end):
        return False
    if end + 1 < len(text) and (text[end] in DASHES or text[end] in "./") and text[end + 1].isdigit():
        return False  # digits go on after a dash or a dot: the start of an organisation number, a date, a range
    if _THOUSANDS_AFTER.match(text, end) and text[end - 4 : end - 3] == " " and text[end - 3 : end].isdigit():
        return False  # "… 12 345 678": groups of three digits go on, a long spaced integer
    return not (any(c in "./" for c in text[start:end]) or text[start:end].count(" ") == 2) or not _date_or_time(
        text, start, end
    )


def _scan(text: str, seeds: list[int] | None = None) -> list[tuple[int, int, str]]:
    found = []
    search = NUMBERS.search
    pos = 0
    while m := search(text, pos):
        start, end, branch = m.start(), m.end(), m.lastgroup or ""  # every alternative is a named group
        pos = start + 1
        if branch == "lookalike":
            if seeds is not None:
                seeds.append(start)
            continue
        if start and text[start - 1].isdigit():
            continue  # inside a longer run of digits
        if branch.startswith("pnr"):
            kind = personnummer_kind(text[start:end])
            if kind is None:
                # not a valid number; it may still be a phone number written without separators
                phone = _PHONE.match(text, start)
                if phone is None or not _phone_branch_ok(text, start, phone.end()):
                    continue
                end, kind = phone.end(), "phone"
            found.append((start, end, kind))
        elif branch == "reserv":
            if not reservnummer_ok(text[start:end]) or (start and text[start - 1].isalpha()):
                continue
            found.append((start, end, "reservnummer"))
        elif branch in _COUNTED and not 8 <= len(_DIGIT.findall(text, start, end)) <= 10:
            continue
        elif _phone_branch_ok(text, start, end):
            found.append((start, end, "phone"))
        else:
            continue
        pos = end
    return found


# letters that look like digits, in a number that is otherwise whole ("O7O-174 06 05", "2Ol7OlOl-2393"): looked
# for only where such a letter touches a digit, which ordinary text hardly ever has (NUMBERS finds those seeds)
_AS_DIGITS = str.maketrans("oli", "011")
_IN_NUMBER = frozenset("0123456789oli +()./_" + DASHES)


def _lookalikes(text: str, found: list[tuple[int, int, str]], seeds: list[int]) -> list[tuple[int, int, str]]:
    more = []
    done = 0
    taken = None  # the characters of the numbers already found
    for seed in seeds:
        if seed < done:
            continue
        lo = seed
        while lo > 0 and seed - lo < 24 and text[lo - 1] in _IN_NUMBER:
            lo -= 1
        hi = seed + 1
        while hi < len(text) and hi - seed < 24 and text[hi] in _IN_NUMBER:
            hi += 1
        done = hi
        window = text[lo:hi]
        for start, end, kind in _scan(window.translate(_AS_DIGITS)):
            piece = window[start:end]
            letters = sum(piece.count(c) for c in "oli")
            digits = sum(c.isdigit() for c in piece)
            if not letters or letters > 5 or digits < letters:
                continue
            start, end = start + lo, end + lo
            if (start and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha()):
                continue  # a letter of a word, not of a number
            if taken is None:
                taken = {i for s, e, _ in found for i in range(s, e)}
            if taken.intersection(range(start, end)):
                continue
            more.append((start, end, kind))
    return more


def find_numbers(text: str) -> list[tuple[int, int, str]]:
    """Valid personal identity/coordination numbers, reserve numbers and phone numbers:
    (start, end, "personnummer"|"samordningsnummer"|"reservnummer"|"phone")."""
    seeds: list[int] = []
    found = _scan(text, seeds)
    if seeds:
        found = sorted(found + _lookalikes(text, found, seeds))
    return found


_LOCAL = re.compile(r"[\w.+-]{1,64}\Z")
# the at sign, or written out to get past a harvester: "(at)", "[at]", "{at}", "<at>", "(a)", "[a]", "[@]", " at ",
# "%40" (percent-encoded), "snabel-a" (Swedish); searched for by what each begins with, fast: "@", "%40", " at "
# and "snabel" with str.find, the bracketed ones by their opening bracket
# one pattern per opening bracket, each led by its literal character, which the regex engine finds at C speed
_AT_BRACKETED = re.compile(r"[(\[{<]\s*(?:at|a|@)\s*[)\]}>]")  # one pass for every kind of bracket
_SNABEL = re.compile(r"snabel-?a(?!\w)")
_OPENING = "([{<"
# a dot in the domain, or written out: "[dot]", "(punkt)", "[.]", " dot ", " punkt ", "%2e"
_DOT = r"(?:\.|%2e|\s*[(\[{<]\s*(?:dot|punkt|\.)\s*[)\]}>]\s*|\s+(?:dot|punkt)\s+)"
# " at " before what could be a domain: a word, then a dot in any of its forms (one pass with a literal prefix)
_SPACED_AT = re.compile(rf" at (?=[^\W_][\w-]*{_DOT})")
_DOMAIN = re.compile(rf"(?:[^\W_][\w-]*{_DOT})+[^\W\d_]{{2,}}(?![\w])")
# a dot of the local part written out ("ebba dot e at example dot se"): the word before it belongs to the address
_LOCAL_DOT = re.compile(rf"[\w+-]{{1,64}}{_DOT}\Z")
# words that stand before " at " in ordinary English ("look at example.com", "we met at skolan.se")
_NOT_LOCAL = frozenset(
    {
        "look",
        "looks",
        "looked",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "meet",
        "met",
        "stay",
        "stayed",
        "work",
        "works",
        "worked",
        "available",
        "found",
        "online",
        "visit",
        "us",
        "me",
        "them",
        "him",
        "her",
        "it",
        "arrive",
        "arrived",
        "arrives",
        "live",
        "lives",
        "lived",
        "posted",
        "published",
        "read",
        "see",
        "seen",
        "only",
        "not",
        "and",
        "or",
        "but",
        "even",
        "also",
        "just",
        "both",
        "held",
        "here",
        "there",
        "directly",
        "start",
        "starts",
        "started",
        "begin",
        "begins",
        "end",
        "ends",
        "ended",
        "go",
        "goes",
        "went",
        "training",
        "more",
        "info",
    }
)


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


def _find_all(text: str, needle: str) -> list[int]:
    found = []
    at = text.find(needle)
    while at != -1:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def find_emails(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, found from each at sign outwards, also when the '@' or the dots are written out.

    Spaces may stand around the at sign, on both sides, on one or on none ("ebba @example.com"); around
    "snabel-a" on both sides; " at " is a word between two others, and not after a word that ordinary English
    puts before "at" ("look at example.com"). An '@' is rare, and so are the written-out forms: finding them
    costs almost nothing.
    """
    found = []
    signs = []
    for at in _find_all(text, "@"):
        if not (at and text[at - 1] in _OPENING):  # "[@]" is found below, whole
            signs.append((at, at + 1))
    signs += [(at, at + 3) for at in _find_all(text, "%40")]
    signs += [(m.start() + 1, m.start() + 3) for m in _SPACED_AT.finditer(text)]
    signs += [m.span() for m in _AT_BRACKETED.finditer(text)]
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
        sign = text[sign_start:sign_end]
        if sign.startswith("s") and not (before and after):
            continue  # "snabel-a" is a word between two others
        at, past = sign_start - before, sign_end + after
        domain = _DOMAIN.match(text, past)
        if domain is None:
            continue
        local = _LOCAL.search(text, max(0, at - 64), at)
        if local is None:
            continue
        if sign == "at" and text[local.start() : at].lower() in _NOT_LOCAL:
            continue
        start = local.start()
        while (more := _LOCAL_DOT.search(text, max(0, start - 80), start)) is not None:
            start = more.start()
        while start < at and text[start] == ".":
            start += 1
        if start < at:
            found.append((start, domain.end(), "email"))
            pos = domain.end()
    return found
