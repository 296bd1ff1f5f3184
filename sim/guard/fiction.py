"""Which identifiers a case may declare: numbers and addresses that cannot belong to anyone.

A case's text is copied into every session log, so a persona's declared phone,
e-mail and personal identity number must be fiction-safe:

- phone numbers in the range the Swedish telecom regulator (PTS) reserves for
  fiction, 070-174 06 05 to 070-174 06 99 (also written +46 70 …);
- e-mail addresses in reserved domains: example.se, example.com, example.org,
  example.net, and any name under .test, .invalid, .example or .localhost;
- personal identity and coordination numbers from Skatteverket's published test
  numbers. tabletop ships the few it uses (:data:`TEST_PERSONNUMMER`); an author
  who needs another published test number adds it deliberately to a file named by
  the ``TABLETOP_TEST_NUMBERS`` variable (one number a line, ``#`` comments),
  and the validator's message says so.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

# Skatteverket's test personal identity number, and the coordination number Skatteverket gives as its example
TEST_PERSONNUMMER = frozenset({"201701012393", "197010632391"})
RESERVED_DOMAINS = ("example.se", "example.com", "example.org", "example.net")
RESERVED_TLDS = (".test", ".invalid", ".example", ".localhost")
CHECKED_KINDS = ("phone", "email", "personnummer")


def national_phone(value: str) -> str:
    """The digits of a Swedish phone number as dialled at home: "+46 70-174 06 05" -> "0701740605"."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.lstrip().startswith("+46") or (digits.startswith("0046")):
        digits = "0" + digits[4 if digits.startswith("0046") else 2 :]
    return digits


def _tail10(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[-10:]


def test_numbers() -> frozenset[str]:
    """The shipped test numbers and the author's own (``TABLETOP_TEST_NUMBERS``), as their last ten digits."""
    numbers = {n[-10:] for n in TEST_PERSONNUMMER}
    extra = os.environ.get("TABLETOP_TEST_NUMBERS")
    if extra:
        try:
            lines = Path(extra).expanduser().read_text(encoding="utf-8").splitlines()
        except OSError:
            lines = []
        for line in lines:
            number = _tail10(line.split("#", 1)[0])
            if len(number) == 10:
                numbers.add(number)
    return frozenset(numbers)


def fiction_safe(kind: str, value: str) -> bool:
    """Whether a declared identifier of ``kind`` cannot belong to anyone (kinds not in CHECKED_KINDS: True)."""
    if kind == "phone":
        digits = national_phone(value)
        return len(digits) == 10 and digits.startswith("07017406") and 5 <= int(digits[8:]) <= 99
    if kind == "email":
        domain = value.strip().rsplit("@", 1)[-1].lower().rstrip(".")
        return (
            domain in RESERVED_DOMAINS
            or any(domain.endswith("." + d) for d in RESERVED_DOMAINS)
            or any(domain.endswith(tld) for tld in RESERVED_TLDS)
        )
    if kind == "personnummer":
        return _tail10(value) in test_numbers()
    return True


# a Swedish street address as case text writes it: a street name ending in -gatan, -vägen, -gränd, -stigen, -torget
# or -allén, then a number (and perhaps an entrance letter A to H): "Storgatan 12", "Björkallén 3 B,"; over folded
# text
_STREET = re.compile(
    r"(?<![\w-])[a-z][a-z-]*(?:gatan|vagen|grand|stigen|torget|allen)\s+[0-9]{1,4}"
    r"(?:[a-h](?!\w)|\s[a-h](?=[,.;:)]|\s*\Z))?(?![0-9]|-?tal)"
)


def find_addresses(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, "address") of each street address in folded text (:class:`sim.guard.folding.Folded`)."""
    return [(m.start(), m.end(), "address") for m in _STREET.finditer(folded)]


def _street(value: str) -> str:
    from .textmatch import fold

    return " ".join(re.findall(r"[a-z]+|[0-9]+", fold(value)))


def same_identifier(kind: str, declared: str, found: str) -> bool:
    """Whether ``found`` (as written in a text) is the declared identifier ``declared`` of ``kind``."""
    if kind == "phone":
        return national_phone(declared) == national_phone(found)
    if kind == "personnummer":
        return _tail10(declared) == _tail10(found)
    if kind == "email":
        # the words of the address as written, without the at signs and dots written out ("(at)", "[dot]", "%40")
        written = re.sub(r"%40|%2e", " ", found.lower())
        words = [w for w in re.split(r"[\W_]+", written) if w]
        plain = "".join(ch for ch in declared.lower() if ch.isalnum())
        return plain in ("".join(words), "".join(w for w in words if w not in ("at", "a", "dot", "punkt")))
    if kind == "address":
        # "Storgatan 3" is the declared "Storgatan 3, Tallmora" (and "Storgatan 3 B" is not "Storgatan 3")
        street, written = _street(declared), _street(found)
        return bool(written) and (street == written or street.startswith(written + " "))
    return False
