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
