"""A known session of the bundled case ``samtal-till-stodtelefonen``, played through the real engine: the source of
the take-home briefs' golden files (tests/test_handout.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tabletop.sim.play.session import Session

CASE = Path(__file__).parent.parent / "scenarios" / "samtal-till-stodtelefonen.yaml"


def _clock(step_seconds: int = 120, start: datetime = datetime(2026, 11, 24, 13, tzinfo=UTC)):
    ticks = iter(range(0, 10**6, step_seconds))
    return lambda: start + timedelta(seconds=next(ticks))


def play_support_phone(path: Path, lang: str) -> Path:
    """Support phone, social services, police and school at the table: one trap declined, one taken and undone, a
    dissent, two improvement items, a facilitator's note and a contribution the guard redacts."""
    session = Session.start(
        CASE.read_text(encoding="utf-8"),
        file=CASE.name,
        departments={"stodtelefon": 2, "socialtjanst": 1, "polis": 1, "skola": 2},
        term="HT2026",
        group="Norrstad",
        lang=lang,
        log_path=path,
        now=_clock(),
    )
    session.contribute("stodtelefon", "Vi ger råd utan namn och säger tidigt var gränsen går.")
    session.contribute("polis", "Vid akut fara 112; annars kan hon ringa 070-174 06 42 hos oss.")
    session.decline("c-ring-upp-med-forevandning")
    session.choose("c-rad-utan-namn", reasons="Råd utan namn bygger förtroende", agreed=["socialtjanst", "polis"])
    session.contribute("skola", "Mentorn anmäler själv, med rektor.")
    session.choose("c-fraga-stodtelefonen", reasons="Vill veta om det är samma", agreed=["skola"], confirm=True)
    session.undo()
    session.note("Bra att gruppen backade direkt.")
    session.choose("c-mentorn-anmaler", reasons="Skolans rutin", agreed=["skola", "socialtjanst"], dissented=["polis"])
    session.choose("c-anonymiteten-upphor", reasons="Risken är konkret", agreed=["stodtelefon", "polis"])
    session.choose("c-fraga-om-rutinerna", reasons="Verksamhetsnivå")
    session.add_item("Skriv in anonymitetens gräns i stödtelefonens rutin", "stodtelefon", "VT2027")
    session.add_item("Gå igenom rutinen för orosanmälan med mentorerna", "skola", "VT2027")
    session.choose("c-avidentifierat-exempel", reasons="Lärdom på verksamhetsnivå", agreed=["stodtelefon"])
    session.end("Bra samtal om gränserna.")
    session.close()
    return path


# What the heavy session's participants type, in the session's language (the guard redacts the number, the address
# and the identity number before anything is saved).
_TYPED = {
    "sv": {
        "advice": "Vi ger råd utan namn och säger tidigt var gränsen går.",
        "police": "Vid akut fara 112; annars kan hon ringa 070-174 06 42 hos oss.",
        "social": "Mamman kan själv göra en orosanmälan, eller mejla mottagningen@example.se.",
        "school": "Mentorn anmäler själv, med rektor, samma dag.",
        "slip": "Eleven med personnummer 20170101-2393 har slutat komma på morgnarna.",
        "ticket": "En biljett är en konkret risk: då upphör anonymiteten, och det ska hon få veta.",
        "coordinator": "Vi tar frågan om rutinerna, inte om familjen.",
        "after": "Vi skriver ett avidentifierat exempel till nästa möte.",
        "advice-reason": "Råd utan namn bygger förtroende",
        "undone-reason": "Vill veta om det är samma",
        "school-reason": "Skolans rutin",
        "ticket-reason": "Risken är konkret",
        "routine-reason": "Verksamhetsnivå",
        "example-reason": "Lärdom på verksamhetsnivå",
        "items": [
            ("Skriv in anonymitetens gräns i stödtelefonens rutin", "stodtelefon", "VT2027"),
            ("Gå igenom rutinen för orosanmälan med mentorerna", "skola", "VT2027"),
            ("Se över hur kontaktcentret tar emot tips om utresor", "polis", "VT2027"),
            ("Ta fram en kontaktväg för råd till skolorna", "socialtjanst", "HT2027"),
            ("Boka uppföljning av rutinerna i samverkansgruppen", "samordnare", "VT2027"),
            ("Lägg det avidentifierade exemplet i introduktionen för nya volontärer", "stodtelefon", "HT2027"),
        ],
        "hotwash": "Bra samtal om gränserna; vi backade när det behövdes.",
    },
    "en": {
        "advice": "We give advice without names and say early on where the line is.",
        "police": "In acute danger 112; otherwise she can call us on 070-174 06 42.",
        "social": "The mother can make a report of concern herself, or e-mail intake@example.se.",
        "school": "The mentor reports it personally, with the principal, the same day.",
        "slip": "The pupil with identity number 20170101-2393 has stopped coming in the mornings.",
        "ticket": "A ticket is a concrete risk: anonymity ends then, and she should be told so.",
        "coordinator": "We take the question about the routines, not about the family.",
        "after": "We write an anonymised example for the next meeting.",
        "advice-reason": "Advice without names builds trust",
        "undone-reason": "Wanted to know whether it is the same one",
        "school-reason": "The school's routine",
        "ticket-reason": "The risk is concrete",
        "routine-reason": "The operational level",
        "example-reason": "A lesson at the operational level",
        "items": [
            ("Write the limit of anonymity into the support phone's routine", "stodtelefon", "VT2027"),
            ("Go through the routine for reports of concern with the mentors", "skola", "VT2027"),
            ("Review how the contact centre takes tips about travel to conflict zones", "polis", "VT2027"),
            ("Set up a way for schools to ask social services for advice", "socialtjanst", "HT2027"),
            ("Book a follow-up of the routines in the coordination team", "samordnare", "VT2027"),
            ("Put the anonymised example into the induction of new volunteers", "stodtelefon", "HT2027"),
        ],
        "hotwash": "A good talk about the limits; we stepped back when we had to.",
    },
}


def play_heavy_session(path: Path, lang: str, *, flood: bool = False, long: bool = False) -> Path:
    """A full table of five with much on the record, as heavy as a real session gets: six decisions (one taken and
    undone), two dissents, six improvement items (two for the support phone), eight contributions (three from the
    support phone), and sixteen flags of six kinds: an identity number, a phone number and an e-mail address typed
    and redacted, traps stepped back from at four steps, one taken and undone.

    ``flood`` adds more than a page can hold, for the brief's rule of what it leaves to the full report: the support
    phone says four things more (two of them redacted), and the group takes two more choices it undoes. ``long``:
    every text typed is a pasted paragraph (each eight times over, an item four times), and the support phone owns
    six items more."""
    typed = _TYPED[lang]
    if long:
        typed = {k: " ".join([v] * 8) if isinstance(v, str) else v for k, v in typed.items()}
        longer = [(" ".join([what] * 4), owner, due) for what, owner, due in typed["items"]]
        typed["items"] = [*longer, *[(what, "stodtelefon", due) for what, _, due in longer]]
    session = Session.start(
        CASE.read_text(encoding="utf-8"),
        file=CASE.name,
        departments={"stodtelefon": 2, "socialtjanst": 1, "polis": 1, "skola": 2, "samordnare": 1},
        term="HT2026",
        group="Norrstad",
        lang=lang,
        log_path=path,
        now=_clock(),
    )
    session.contribute("stodtelefon", typed["advice"])
    session.contribute("polis", typed["police"])
    session.contribute("socialtjanst", typed["social"])
    if flood:
        for text in (typed["police"], typed["social"], typed["school"], typed["ticket"]):
            session.contribute("stodtelefon", text)
    session.decline("c-ring-upp-med-forevandning")
    session.choose("c-rad-utan-namn", reasons=typed["advice-reason"], agreed=["socialtjanst", "polis"])
    session.contribute("skola", typed["school"])
    session.contribute("skola", typed["slip"])
    session.choose("c-fraga-stodtelefonen", reasons=typed["undone-reason"], agreed=["skola"], confirm=True)
    session.undo()
    if flood:
        session.choose("c-avvakta-lovet", reasons=typed["school-reason"])
        session.undo()
    session.choose(
        "c-mentorn-anmaler", reasons=typed["school-reason"], agreed=["skola", "socialtjanst"], dissented=["polis"]
    )
    session.contribute("stodtelefon", typed["ticket"])
    session.decline("c-namnet-till-gruppen")
    if flood:
        session.choose("c-lovade-anonymitet", reasons=typed["ticket-reason"], confirm=True)
        session.undo()
    session.choose("c-anonymiteten-upphor", reasons=typed["ticket-reason"], agreed=["stodtelefon", "polis"])
    session.contribute("samordnare", typed["coordinator"])
    session.decline("c-socialtjansten-berattar")
    session.choose(
        "c-fraga-om-rutinerna", reasons=typed["routine-reason"], agreed=["polis", "samordnare"], dissented=["skola"]
    )
    for what, owner, due in typed["items"]:
        session.add_item(what, owner, due)
    session.decline("c-anteckningar-i-mappen")
    session.contribute("stodtelefon", typed["after"])
    session.choose("c-avidentifierat-exempel", reasons=typed["example-reason"], agreed=["stodtelefon", "samordnare"])
    session.end(typed["hotwash"])
    session.close()
    return path


def play_flooded_session(path: Path, lang: str) -> Path:
    return play_heavy_session(path, lang, flood=True)


def play_long_session(path: Path, lang: str) -> Path:
    return play_heavy_session(path, lang, long=True)
