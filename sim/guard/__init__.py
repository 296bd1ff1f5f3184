"""The confidentiality guard: named rules that keep an exercise at the operational level.

The group exchanges knowledge about how the organisations work, never about an
identifiable person (docs/confidentiality.md). The guard flags what
would move it to the individual level, before it happens, with the reason and
the operational-level alternative (:mod:`sim.guard.rules`). Pure functions, no
I/O:

- :func:`choice_flags` and :func:`step_flags`: what the scenario declares (a
  step at the individual level, a choice that discloses a persona's
  identifiers, sensitive categories), computed before a choice is taken;
- :func:`scan_text`: every detector over free text (a contribution, a note, a
  hotwash): a persona's identifiers, personal identity and coordination
  numbers, phone numbers, e-mail addresses, narrowing details, sensitive terms;
- :func:`redact` and :func:`check_text`: the text as it may be stored, every
  identifier replaced by a placeholder (``[personnummer]``, ``[elev-a: name]``);
- :func:`check_in_session`: the same for a text said in a session, where narrowing
  details said in earlier texts add up (:mod:`sim.guard.together`);
- :func:`identifier_spans`: each persona identifier in a text, one at a time (a
  single narrowing detail too), with the guard's own matching: for the
  validator's lint of a case's text.

Which written forms of a declared value count (a name's parts, an address's
street, an age in an age phrase …): :mod:`sim.guard.forms`; a name written with a
slip (spaced out, split, glued to a compound; one edit away: :mod:`sim.guard.slips`).

Which persona details count as identifying: the direct kinds (name, alias,
personnummer, phone, email, address) alone, in text and in disclosures; the
narrowing kinds (school, class, age, gender, family …) when two or more
different kinds of the same persona come together, because one of them alone
(the school's name, an age) is ordinary operational talk.

A phone number is a breach, not a caution: it is a direct identifier, the
program cannot tell a person's number from an organisation's, and the log must
never hold an identifier; it is redacted either way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from .folding import Folded
from .numbers import find_emails, find_numbers, luhn_digit, personnummer_kind
from .rules import ORDER, RULES, Flag, Rule, Severity, flag
from .slips import near_names
from .terms import SPECIAL, sensitive_terms
from .words import is_direct, persona_index, persona_key

__all__ = [
    "RULES",
    "Flag",
    "Rule",
    "Severity",
    "check_in_session",
    "check_text",
    "choice_flags",
    "identifier_spans",
    "luhn_digit",
    "personnummer_kind",
    "redact",
    "scan_text",
    "step_flags",
]


# --- what a scenario declares -------------------------------------------------------------


def step_flags(scenario, step) -> list[Flag]:
    """Flags of a step itself: a step at the individual level."""
    if step.level == "individual":
        return [flag("individual-step", f"step {step.id}")]
    return []


def choice_flags(scenario, choice) -> list[Flag]:
    """Flags of a choice, computed before it is taken: where it leads, what it discloses, what it asks for."""
    flags = []
    try:
        target = scenario.step(choice.goto)
    except KeyError:
        target = None
    if target is not None and target.level == "individual":
        flags.append(flag("individual-step", f"step {target.id}"))
    personas = {p.id: p for p in scenario.personas}
    for disclosure in choice.discloses:
        recipients = [to for to in disclosure.to if to != disclosure.from_]
        if not recipients:
            continue  # a department "disclosing" to itself discloses nothing
        persona = personas.get(disclosure.persona)
        if disclosure.identifiers is not None:
            kinds = [str(k) for k in disclosure.identifiers]
            if not kinds:
                continue  # identifiers: [] discloses no identifier (sensitive categories are flagged below)
        else:
            kinds = [str(k) for k in (persona.identifiers if persona else ())]
        direct = [k for k in kinds if is_direct(k)]
        narrowing = sorted({k for k in kinds if not is_direct(k)})
        to = ", ".join(recipients)
        if direct or not kinds:  # no kinds at all: "everything", i.e. who the person is
            what = ", ".join(kinds) if kinds else "all identifiers"
            flags.append(
                flag(
                    "discloses-identifiers", f"persona {disclosure.persona}: {what} to {to}", persona=disclosure.persona
                )
            )
        elif len(narrowing) >= 2:
            flags.append(
                flag(
                    "narrowing",
                    f"persona {disclosure.persona}: {', '.join(narrowing)} to {to}",
                    persona=disclosure.persona,
                )
            )
    for category in choice.sensitive:
        flags.append(flag("sensitive", str(category), kind=str(category)))
    return flags


# --- free text ---------------------------------------------------------------------------


def scan_text(
    text: str, personas: Iterable = (), lang: str | None = None, *, details: list | None = None
) -> list[Flag]:
    """Every detector over free text; flags in text order, each with its span in ``text``.

    ``personas`` is the scenario's persona list (may be empty); ``lang`` picks the
    sensitive-term list ("sv", "en"), None for all of them. ``details``, if given, receives every narrowing
    detail found, flagged or not, as (span, persona, kind): what a session adds up (:mod:`sim.guard.together`).
    """
    if not text:
        return []
    folded = Folded(text)
    ftext = folded.text
    flags = []
    persona_detail = False
    details_at: list[tuple[int, int]] = []  # where a persona's detail stands (original text), flagged or not
    for start, end, what in find_numbers(ftext):
        rule_id = "phone" if what == "phone" else "personnummer"
        flags.append(flag(rule_id, "phone number" if what == "phone" else what, folded.span(start, end), kind=what))
    for start, end, _ in find_emails(ftext):
        flags.append(flag("email", "e-mail address", folded.span(start, end), kind="email"))
    key = persona_key(personas)
    if key:
        narrowing = defaultdict(list)
        exact = []
        for start, end, persona, kind in persona_index(key).hits(ftext):
            span = folded.span(start, end)
            exact.append((start, end))
            persona_detail = True
            details_at.append(span)
            if is_direct(kind):
                flags.append(flag("text-identifier", f"persona {persona}: {kind}", span, persona=persona, kind=kind))
            else:
                narrowing[persona].append((span, kind))
                if details is not None:
                    details.append((span, persona, kind))
        taken = None
        for start, end, persona, kind in near_names(key).hits(text):
            if taken is None:
                taken = {i for s, e in (folded.span(s, e) for s, e in exact) for i in range(s, e)}
            if not taken.intersection(range(start, end)):
                flags.append(
                    flag("text-identifier", f"persona {persona}: {kind}", (start, end), persona=persona, kind=kind)
                )
        for persona, found in narrowing.items():
            kinds = sorted({kind for _, kind in found})
            if len(kinds) >= 2:
                together = ", ".join(kinds)
                flags += [
                    flag(
                        "narrowing",
                        f"persona {persona}: {kind} (together: {together})",
                        span,
                        persona=persona,
                        kind=kind,
                    )
                    for span, kind in found
                ]
    anchored = bool(flags) or persona_detail  # an identifier or a persona's detail anywhere in the text
    for start, end, category in sensitive_terms(lang).find(ftext):
        lo, hi = _sentence(ftext, start, end)
        if category in SPECIAL:
            # a special category only when the identifier or the detail is in the same sentence
            a, b = folded.span(lo, hi)
            here = any(s < b and a < e for s, e in details_at) or any(
                f.span is not None and f.span[0] < b and a < f.span[1] for f in flags if f.rule_id != "sensitive"
            )
        else:
            here = anchored
        if here or _tied(ftext, lo, hi, start, category):
            flags.append(flag("sensitive", category, folded.span(start, end), kind=category))
    flags.sort(key=lambda f: (f.span, ORDER[f.rule_id]))
    return flags


# what ties a sensitive term to a person in its sentence: a word for a particular person ...
_WHO = re.compile(
    r"(?<![^\W_])(?:eleven|elevens|pojken|flickan|killen|tjejen|kvinnan|mannen|mamman|pappan|modern|fadern|brodern|"
    r"systern|barnet|ungdomen(?!s)|personen|patienten|klienten|deltagaren|medarbetaren|den anstallde|den unge|"
    r"den unga|familjen|foraldrarna|vardnadshavaren|hans|hennes|hens|"
    r"(?:\d+-?|ton|[a-z]*(?:ett|tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|ton|tjugo|trettio|fyrtio))aringen|"
    r"his|hers|the pupil|the student|the boy|the girl|the child|the young person|the patient|"
    r"the client|the man|the woman|the participant|the employee|the family|the parents|the guardian|the mother|"
    r"the father|the brother|the sister|"
    r"the [\w-]*year-old)s?(?![^\W_])"
)
# ... or a personal pronoun, unless the term is the topic the person speaks about ("hon berättar om psykisk
# ohälsa bland unga", "he needs to know more about mental illness"): the pronoun is then most often the official
_PRONOUN = re.compile(r"(?<![^\W_])(?:han|hon|hen|honom|henne|he|she|him|her)(?![^\W_])")
_TOPIC = re.compile(
    r"(?<![^\W_])(?:om|kring|angaende|gallande|about|around|regarding|concerning|"
    r"(?:okning|minskning|andel|forekomst|spridning)\w* av|(?:increase|rise|decrease|fall) in)"
    r"\W+(?:[\w-]+\W+){0,3}\Z"
)
_OWNER = re.compile(r"(?<![^\W_])(?:sin|sina|sitt|their|its)(?![^\W_])")
# ... or asking for the information (a question, a verb of telling or sharing) ...
_ASK = re.compile(
    r"(?<![^\W_])(?:veta|beratta|berattar|dela|delar|lamna ut|lamnar ut|skicka|visa|share|tell|send|show|know)s?"
    r"(?![^\W_])"
)
# ... unless the question or the request is about how the organisations work ("hur arbetar ni med …?")
_ROUTINE = re.compile(
    r"(?<![^\W_])(?:hur|pa vilket satt|rutin\w*|arbetssatt\w*|vad (?:gor|kan|far|ska|bor|sager|behover|betyder)|"
    r"vem (?:gor|beslutar|bestammer|dokumenterar)|how|routine\w*|procedure\w*|"
    r"what (?:do|does|can|may|should|must|is|are) (?:you|we|the|an?|your|our)|who (?:decides|documents))"
    r"(?![^\W_])"
)
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence(folded: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence around ``folded[start:end]``, at most 400 characters either side."""
    before = [m.end() for m in _SENTENCE_END.finditer(folded, max(0, start - 400), start)]
    lo = before[-1] if before else max(0, start - 400)
    after = _SENTENCE_END.search(folded, end)
    hi = after.end() if after else min(len(folded), end + 400)
    return lo, hi


def _tied(folded: str, lo: int, hi: int, start: int, category: str) -> bool:
    """Whether a sentence (folded text) that holds a sensitive term at ``start`` speaks of a particular person or
    asks for the information: operational talk about routines, groups and ideologies ("socialtjänsten gör en
    utredning enligt sin rutin", "hur arbetar ni med religiöst motiverad extremism?", "hon ser en ökning av
    psykisk ohälsa") is not flagged, "hen har en utredning", "han berättade om sin diagnos" and "när är
    frigivningen?" are. A special category of personal data (religion, political opinion, ethnic origin …) is
    flagged only when the sentence speaks of a particular person: the topic itself is the everyday subject of
    the group's work ("vad säger dataskyddet om politiska åsikter?")."""
    if _WHO.search(folded, lo, hi) is not None:
        return True
    topic = _TOPIC.search(folded, lo, start)
    if topic is not None and (_PRONOUN.search(topic.group()) or _OWNER.search(topic.group())):
        topic = None  # "om att hon har …", "om sin diagnos": the person's own
    if topic is None and _PRONOUN.search(folded, lo, hi) is not None:
        return True
    if category in SPECIAL or _ROUTINE.search(folded, lo, hi) is not None:
        return False
    return folded[hi - 1 : hi] == "?" or _ASK.search(folded, lo, hi) is not None


def check_in_session(
    text: str, personas: Iterable, said: Iterable, *, tags: str | None = None
) -> tuple[str, list[Flag], list[tuple[str, str]]]:
    """(the text redacted, its flags, its narrowing details as (persona, kind)): :func:`check_text` for a text
    said in a session, where ``said`` (:class:`sim.guard.together.Said`) is every narrowing detail heard before.
    A detail that completes a combination with earlier ones is flagged and redacted like one said together."""
    from .together import adds_up

    if not text:
        return "", [], []
    found: list = []
    flags = scan_text(text, personas, details=found)
    flags += adds_up(found, said)
    flags.sort(key=lambda f: (f.span, ORDER[f.rule_id]))
    return redact(text, flags, tags), flags, [(persona, kind) for _, persona, kind in found]


def identifier_spans(text: str, personas: Iterable = (), kinds: Iterable[str] | None = None) -> list[Flag]:
    """Every persona identifier of the given kinds (None: all kinds) in ``text``, each on its own, in text order.

    The same matching as :func:`scan_text` (folding, whole words, a name's parts, an address's street, the
    genitive …), but a narrowing detail is reported alone too, as a ``narrowing`` flag, while ``scan_text``
    reports it only with a second kind of the same persona; direct identifiers are ``text-identifier`` flags.
    Numbers and e-mail addresses are found only as a persona declares them. For the validator's lint.
    """
    if not text:
        return []
    key = persona_key(personas)
    if not key:
        return []
    wanted = None if kinds is None else {str(k) for k in kinds}
    folded = Folded(text)
    flags = []
    for start, end, persona, kind in persona_index(key).hits(folded.text):
        if wanted is None or kind in wanted:
            rule_id = "text-identifier" if is_direct(kind) else "narrowing"
            flags.append(
                flag(rule_id, f"persona {persona}: {kind}", folded.span(start, end), persona=persona, kind=kind)
            )
    flags.sort(key=lambda f: f.span or (0, 0))  # every flag here has its span
    return flags


_FIXED = {"personnummer": "[personnummer]", "phone": "[telefon]", "email": "[e-post]"}
# the words of a placeholder in the session's language: "[elev-a: namn]" and "[telefon]" on a Swedish screen,
# "[elev-a: name]" and "[phone]" on an English one (without a language: the case's kinds and _FIXED)
_TAG_WORDS = {
    "sv": {
        "personnummer": "personnummer",
        "phone": "telefon",
        "email": "e-post",
        "name": "namn",
        "alias": "alias",
        "address": "adress",
        "school": "skola",
        "class": "klass",
        "age": "ålder",
        "gender": "kön",
        "family": "familj",
        "club": "förening",
        "workplace": "arbetsplats",
        "neighbourhood": "område",
        "origin": "ursprung",
        "appearance": "utseende",
        "other": "annat",
    },
    "en": {"phone": "phone", "email": "e-mail"},  # otherwise the case's own kinds, which are English
}
# which placeholder stands for overlapping spans: the widest flag, then the most telling rule
_PRIORITY = {"text-identifier": 0, "personnummer": 1, "email": 2, "phone": 3, "narrowing": 4}


def _placeholder(f: Flag, lang: str | None = None) -> str | None:
    words = _TAG_WORDS.get(lang or "", {})
    if f.rule_id in ("text-identifier", "narrowing"):
        return f"[{f.persona}: {words.get(f.kind or '', f.kind)}]"
    if f.rule_id in words:
        return f"[{words[f.rule_id]}]"
    return _FIXED.get(f.rule_id)


def redact(text: str, flags: Iterable[Flag], tags: str | None = None) -> str:
    """``text`` with every flagged identifier replaced by its placeholder; overlapping spans become one.

    ``tags``: the language of the placeholders' words (a session's). Sensitive terms are flagged but kept: they
    are not identifiers.
    """
    marks = [
        (f.span[0], f.span[1], f)
        for f in flags
        if f.span is not None and f.rule_id in _PRIORITY and f.span[0] < f.span[1]
    ]
    marks.sort(key=lambda m: m[:2])
    pieces = []
    pos = 0
    i = 0
    while i < len(marks):
        start, end, _ = marks[i]
        group = [marks[i]]
        i += 1
        while i < len(marks) and marks[i][0] < end:
            end = max(end, marks[i][1])
            group.append(marks[i])
            i += 1
        chosen = min(group, key=lambda m: (-(m[1] - m[0]), _PRIORITY[m[2].rule_id], m[0]))[2]
        pieces += [text[pos:start], _placeholder(chosen, tags) or ""]  # every rule of _PRIORITY has one
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def check_text(
    text: str, personas: Iterable = (), lang: str | None = None, *, tags: str | None = None
) -> tuple[str, list[Flag]]:
    """(the text redacted, its flags): what a session stores for a contribution or a note.

    ``lang`` narrows the sensitive terms looked for to one language's; ``tags`` is the language of the
    placeholders (a session passes its own, and looks for every language's terms).
    """
    flags = scan_text(text, personas, lang)
    return redact(text, flags, tags), flags
