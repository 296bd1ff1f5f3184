"""The confidentiality guard over 1 MB of free text against one compiled regex pass over the same text.

The guard runs as a session runs it (:func:`sim.guard.check_in_session`): every detector, the forms people
really type, names with a slip, the sensitive terms and special categories with their tie to a person, and the
session-wide check of narrowing details said earlier.

Both sides are pure computation in this process, so they are timed in CPU time (``time.process_time``), paired
and alternating, 9 pairs: on a shared machine wall time measures the other processes as much as the guard (at a
load of 8 on 2 cores the wall-time pairs spread from 3.7x to 6.5x, the CPU-time pairs by about 0.3x).
"""

from __future__ import annotations

import random
import re
import time

from tabletop.sim.format.model import Persona
from tabletop.sim.guard import check_in_session, check_text, scan_text
from tabletop.sim.guard.together import Said
from tests.bench.harness import Figure, paired

PERSONAS = [
    Persona(
        id="elev-a",
        label="en elev i årskurs 9",
        identifiers={
            "name": ["Ali Ekström"],
            "alias": ["Ali"],
            "school": ["Ekbackens skola"],
            "class": ["9B"],
            "age": ["15 år"],
            "club": ["IK Ekbacken"],
            "phone": ["070-174 06 42"],
        },
    ),
    Persona(
        id="elev-b",
        label="en elev på gymnasiet",
        identifiers={
            "name": ["Åsa Öberg"],
            "school": ["Lindgymnasiet"],
            "class": ["NA2b"],
            "gender": ["flicka"],
            "family": ["bor med sin pappa"],
        },
    ),
    Persona(
        id="vardnadshavare",
        label="en vårdnadshavare",
        identifiers={
            "name": ["Märta Ekström"],
            "workplace": ["Ekbackens vårdcentral"],
            "address": ["Stenkullevägen 14, Tallmora"],
        },
    ),
    Persona(
        id="tjansteman",
        label="en tjänsteman",
        identifiers={
            "name": ["Henrik Lövsund"],
            "age": ["41"],
            "gender": ["man"],
            "workplace": ["kommunledningskontoret"],
        },
    ),
]

# what a facilitator's notes and the departments' contributions look like, in both languages
SENTENCES = [
    "Skolan följer sin rutin: rektor informeras och elevhälsan tar ställning till nästa steg.",
    "Socialtjänsten beskriver hur en orosanmälan tas emot och bedöms inom fjorton dagar.",
    "Polisen berättar om sitt brottsförebyggande arbete i området kring torget under hösten.",
    "Fritidsgården har sett nya klistermärken vid entrén och tar kontakt med stödtelefonen.",
    "Gruppen diskuterar vilken rutin som gäller när elever delar våldsbejakande material i sociala medier.",
    "Kuratorn påminner om att samtal med eleven sker inom elevhälsans egna ramar.",
    "Vi bokar ett uppföljningsmöte den 14 oktober kl. 08.30 i stadshusets sal 3, kostnad 1 200 kr för fika.",
    "Enligt handlingsplanen från 2023 ska skolan kontakta socialtjänsten samma dag.",
    "The school follows its routine and the student health team decides on the next step.",
    "Social services describe how a report of concern is received and assessed within two weeks.",
    "The police explain their crime-prevention work around the square during the autumn term.",
    "The youth centre noticed new stickers by the entrance and called the local support phone.",
    "We agree to revisit the routine at the meeting on 3 March at 14:00; 45 participants took part in 2024.",
]
IDENTIFYING = [
    "Det gäller Ali Ekström i 9B.",
    "Hennes personnummer är 20170101-2393.",
    "Ring mamman på 070-174 06 42.",
    "Mejla ali.ekstrom@example.com om tiden.",
    "Åsa Öberg på Lindgymnasiet bor med sin pappa.",
    "Eleven har en ADHD-diagnos enligt elevhälsojournalen.",
    "He is known to social services and his release date is next week.",
    "Samordningsnumret 170161-2390 står i akten.",
    "Fjällgrens pappa, alltså Ekströms, bor på Stenkullevägen och nås på 070.174.06.42 eller ebba [at] example.com.",
    "Det var 41 anmälningar förra året, och man såg en ökning; mannen är 41 och jobbar på kommunledningskontoret.",
    "Lin\u00adus sa att 2017-01-01-2393 och (070) 174 06 05 hör till Åsa Oeberg.",
    "Ekstöm, alltså E k s t r ö m från Ekströmsfamiljen, nås på 46 70 174 06 05 eller ebba at example dot se.",
    "Reservnumret 20170101-T123 och 2O17O1O1-2393 står i listan, ring O7O-174 O6 O5.",
    "Eleven går i 9B, sa socialtjänsten.",
]


def free_text(size: int = 1_000_000, seed: int = 6) -> str:
    """About ``size`` characters of notes, one identifying or sensitive sentence in about every 25."""
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size:
        sentence = rng.choice(IDENTIFYING) if rng.random() < 0.04 else rng.choice(SENTENCES)
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts)[:size]


CPU = time.process_time


def figures():
    text = free_text()
    flags = scan_text(text, PERSONAS)
    redacted, _ = check_text(text, PERSONAS)
    assert "20170101-2393" not in redacted and "Ali Ekström" not in redacted
    baseline = re.compile(r"\d{6,8}[-+]?\d{4}")
    ours, bare = paired(lambda: scan_text(text, PERSONAS), lambda: baseline.findall(text), rounds=9, clock=CPU)
    yield Figure(
        f"guard over 1 MB ({len(text) / 1e6:.1f} MB, {len(flags)} flags)",
        ours,
        "one compiled regex pass",
        bare,
        target_ratio=5,
    )
    ours, bare = paired(lambda: check_text(text, PERSONAS), lambda: baseline.findall(text), rounds=9, clock=CPU)
    yield Figure("guard + redaction over 1 MB", ours, "one compiled regex pass", bare, target_ratio=5)
    said = [Said("elev-a", "school", "socialtjanst", 1), Said("elev-b", "family", "skola", 2)]
    redacted, flags, _ = check_in_session(text, PERSONAS, said)
    assert any("together with what socialtjanst said at step 1" in f.detail for f in flags)
    ours, bare = paired(
        lambda: check_in_session(text, PERSONAS, said), lambda: baseline.findall(text), rounds=9, clock=CPU
    )
    yield Figure(
        "guard in a session (what adds up on) + redaction over 1 MB",
        ours,
        "one compiled regex pass",
        bare,
        target_ratio=5,
    )
