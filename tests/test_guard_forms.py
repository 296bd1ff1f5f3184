"""The guard against the forms people really type: identity numbers by Skatteverket's rules, phones, e-mail
written to dodge filters, names with a slip, and ordinary numbers that must stay as typed.

Numbers here cannot belong to anyone: Skatteverket's test personal identity number 20170101-2393 and the
coordination number Skatteverket itself gives as its example (701063-2391); the fiction phone range
070-174 06 05..99; example.se. Coordination numbers with an incomplete date (month or day 00) are checked with
the check digit stubbed and every number written with a deliberately WRONG check digit, so that no test ever
writes a valid number that could be someone's. Negatives are built with invalid check digits.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.sim.format.model import Persona
from tabletop.sim.guard import check_text, luhn_digit, numbers, personnummer_kind, scan_text
from tests.corpus import corpus

TEST_PNR = "20170101-2393"
SKV_COORDINATION = "701063-2391"  # Skatteverket's own example of a coordination number (born 3 October 1970)


def found(text: str, personas=()) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.span[0] : f.span[1]]) for f in scan_text(text, personas)]


def wrong_check(nine: str) -> str:
    """The ten digits of ``nine`` with a check digit that is certainly wrong."""
    return nine + str((luhn_digit(nine) + 1) % 10)


# --- identity numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "20170101-2393",
        "170101-2393",
        "170101+2393",
        "170101 – 2393",
        "170101—2393",
        "170101 − 2393",
        "170101.2393",
        "170101/2393",
        "170101_2393",
        "170101 2393",
        "20170101 - 2393",
        "2017.01.01-2393",
        "2017/01/01-2393",
        "17-01-01 - 2393",
        "２０１７０１０１-２３９３",
        "٢٠١٧٠١٠١-٢٣٩٣",
        "२०१७०१०१-२३९३",
        "2O17O1O1-2393",
        "2017OlOl-2393",
        "170101-239З".replace("З", "3"),
    ],
)
def test_the_test_number_is_found_in_every_way_people_type_it(number):
    text = f"Eleven har nummer {number} enligt listan."
    assert found(text) == [("personnummer", number)]
    assert check_text(text)[0] == "Eleven har nummer [personnummer] enligt listan."


@pytest.mark.parametrize("number", [SKV_COORDINATION, "19701063-2391", "701063 2391", "701063–2391"])
def test_skatteverkets_example_coordination_number_is_found(number):
    flags = scan_text(f"nummer {number}", [])
    assert [(f.rule_id, f.kind) for f in flags] == [("personnummer", "samordningsnummer")]


def test_a_plus_marks_a_person_of_a_hundred_or_more_and_is_still_checked():
    assert personnummer_kind("170101+2393") == "personnummer"  # born 1917 (or 1817)
    assert personnummer_kind("170101+2394") is None


@pytest.mark.parametrize(
    ("digits", "kind"),
    [
        ("170060239", "samordningsnummer"),  # month 00, day 00: the day shown as 60
        ("170160239", "samordningsnummer"),  # January, day unknown
        ("170061239", "samordningsnummer"),  # month unknown, day 1
        ("171391239", None),  # month 13
        ("170192239", None),  # day 32 (92 - 60)
        ("170100239", None),  # day 00 without the 60: not a coordination number
        ("170001239", None),  # month 00 is only written in a coordination number
    ],
)
def test_coordination_numbers_with_an_incomplete_date_follow_skatteverkets_rules(monkeypatch, digits, kind):
    number = wrong_check(digits)  # never a valid number: the check digit is stubbed to accept it
    monkeypatch.setattr(numbers, "luhn_digit", lambda nine: int(number[9]))
    assert numbers.personnummer_kind(number) == kind
    text = f"Samordningsnummer {number[:6]}-{number[6:]} i akten."
    assert [f.kind for f in scan_text(text, [])] == ([kind] if kind else [])


@pytest.mark.parametrize("number", ["170060-2391", "170160-2391", "170001-2391"])
def test_an_incomplete_date_with_a_wrong_check_digit_is_not_flagged(number):
    digits = number.replace("-", "")
    if luhn_digit(digits[:9]) == int(digits[9]):
        number = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert scan_text(f"nummer {number}", []) == []


@pytest.mark.parametrize(
    "number",
    [
        "170101 – 2394",
        "170101.2394",
        "170101/2394",
        "2O17O1O1-2394",
        "٢٠١٧٠١٠١-٢٣٩٤",
        "170101_2394",
    ],
)
def test_every_separator_is_still_luhn_checked(number):
    assert scan_text(f"nummer {number}", []) == []


@pytest.mark.parametrize(
    "number", ["20170101-T123", "170101-K1234", "20170101T123", "2017-01-01-R123"[5:] and "20170101 - T123"]
)
def test_a_reserve_number_is_an_identifier(number):
    text = f"Patienten har reservnummer {number} i journalsystemet."
    flags = scan_text(text, [])
    assert [(f.rule_id, f.kind, text[f.span[0] : f.span[1]]) for f in flags if f.rule_id == "personnummer"] == [
        ("personnummer", "reservnummer", number)
    ]
    assert number not in check_text(text)[0]


@pytest.mark.parametrize("text", ["20171301-T123", "20170230-K123", "vecka 20240506 v19", "KS 2024/0123 A123"])
def test_a_reserve_number_needs_a_real_date(text):
    assert [f for f in scan_text(text, []) if f.kind == "reservnummer"] == []


def test_the_personnummer_package_rejects_what_skatteverket_allows_so_the_guard_keeps_its_own_checks():
    """The open personnummer specification (the `personnummer` package 3.2.1) treats day 60 and month 00 as
    invalid, reads the century from today's date, and runs on the hot path of every keystroke; the guard
    follows Skatteverket: the cases below are rules it must keep. (Stubbed check digit, as above.)"""
    assert numbers._birth_date_ok([19, 20], 17, 0, 0, coordination=True)
    assert numbers._birth_date_ok([19, 20], 17, 1, 0, coordination=True)
    assert not numbers._birth_date_ok([19, 20], 17, 0, 0, coordination=False)
    # the rules the specification and the guard share
    assert personnummer_kind(TEST_PNR) == "personnummer"
    assert personnummer_kind(TEST_PNR.replace("-", "")) == "personnummer"
    assert personnummer_kind(SKV_COORDINATION) == "samordningsnummer"
    assert personnummer_kind("21170101-2393") is None  # a century that is not 18, 19 or 20
    assert personnummer_kind("20170101-2392") is None  # the check digit
    assert personnummer_kind("20170230-2393") is None  # 30 February


# --- phones ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "46 70 174 06 05",
        "46701740605",
        "(46) 70 174 06 05",
        "(+46) 70-174 06 05",
        "(0046) 70 174 06 42",
        "070.174.06.05",
        "070_174_06_05",
        "070—174 06 05",
        "070 – 174 06 05",
        "070−174 06 42",
        "0 7 0 1 7 4 0 6 0 5",
        "0-7-0-1-7-4-0-6-4-2",
        "0.7.0.1.7.4.0.6.9.9",
        "O7O-174 O6 O5",
        "070-l74 06 05",
        "٠٧٠-١٧٤ ٠٦ ٠٥",
        "+46 (0)70_174_06_05",
    ],
)
def test_a_phone_number_is_found_in_every_way_people_type_it(number):
    text = f"Ring {number} i kväll."
    assert found(text) == [("phone", number)]
    assert check_text(text)[0] == "Ring [telefon] i kväll." or check_text(text)[0] == "Ring [phone] i kväll."


# --- e-mail ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "ebba(a)example.se",
        "ebba[@]example.se",
        "ebba (@) example.se",
        "ebba at example dot se",
        "ebba [at] example[.]se",
        "ebba (at) example (dot) se",
        "ebba @example.se",
        "ebba@ example.se",
        "ebba%40example.se",
        "ebba.e%40example%2ese",
        "ebba dot e at example dot se",
        "ebba [a] example.se",
        "ebba punkt e (at) skola punkt example punkt se",
    ],
)
def test_an_email_address_written_to_dodge_a_filter_is_found(address):
    text = f"Mejla {address} i dag."
    assert found(text) == [("email", address)]
    assert check_text(text)[0] == "Mejla [e-post] i dag."


@pytest.mark.parametrize(
    "text",
    [
        "look at example.com for the routine",
        "we met at school",
        "möte at 15.30",
        "läs mer på kommunen.se",
        "vi ses @ 15",
        "mejla @kommunen",
        "punkt (at) slut.",
        "titta [at] sidan",
    ],
)
def test_written_out_at_signs_without_an_address_are_not_flagged(text):
    assert scan_text(text, []) == []


# --- names with a slip --------------------------------------------------------------------------------

LINUS = Persona(id="elev-a", label="en elev", identifiers={"name": ["Linus Fjällgren"], "alias": ["nordvind_lf"]})
ALI = Persona(id="elev-b", label="en elev", identifiers={"name": ["Ali Ekström"], "alias": ["Ali"]})
MARIE = Persona(id="foralder", label="en förälder", identifiers={"name": ["Marie Tallrot"]})
RASMUS = Persona(id="vuxen", label="en ung vuxen", identifiers={"name": ["Rasmus Tjäder"]})
NAMES = [LINUS, ALI, MARIE, RASMUS]


@pytest.mark.parametrize(
    ("text", "persona"),
    [
        ("Fjällgern sa det", "elev-a"),
        ("Fjälgren sa det", "elev-a"),
        ("Fjällgrenn sa det", "elev-a"),
        ("Ekstöm sa det", "elev-b"),
        ("Ekströn sa det", "elev-b"),  # one edit
        ("L i n u s sa det", "elev-a"),
        ("E.k.s.t.r.ö.m sa det", "elev-b"),
        ("A l i sa det", "elev-b"),  # spaced out
        ("Fjäll gren sa det", "elev-a"),
        ("Ek-ström sa det", "elev-b"),
        ("Tall rot sa det", "foralder"),  # split
        ("Fjällgrengänget sa det", "elev-a"),
        ("Ekströmsfamiljen sa det", "elev-b"),  # glued to a compound
        ("Tallrotsmamman sa det", "foralder"),
        ("Аli sa det", "elev-b"),
        ("Εkström sa det", "elev-b"),
        ("Fjällgrеn sa det", "elev-a"),  # other scripts
    ],
)
def test_a_name_written_with_a_slip_is_found(text, persona):
    flags = [f for f in scan_text(text, NAMES) if f.rule_id == "text-identifier"]
    assert [f.persona for f in flags] == [persona]
    assert check_text(text, NAMES)[0].endswith(" sa det") and check_text(text, NAMES)[0].startswith("[")


@pytest.mark.parametrize(
    "text",
    [
        "Vi åkte till Alingsås.",
        "Tjäderbäcken",
        "Öbergsson",
        "Ekströmska villan",
        "Linnea",
        "Lundin",
        "allt",
        "Maria och Elisa kom",
        "Tallrotens",
        "Henriksson",
        "fjällgården",
        "Mariebergs skola",
        "Ekstam",
        "nordvind",
        "L. F.",
        "talla rot",
    ],
)
def test_a_slip_is_never_found_inside_an_unrelated_word(text):
    assert [f for f in scan_text(text, NAMES) if f.rule_id == "text-identifier"] == []


# --- ordinary numbers stay as typed -------------------------------------------------------------------

ORDINARY = [
    "Kostnaden är 1 250 000 kr.",
    "Budgeten är 46 700 000 kr.",
    "Vi fick 3 450 000 SEK.",
    "2,5 miljoner kronor",
    "12 345 678 invånare",
    "Invånarna var 104 512 vid årsskiftet.",
    "Intäkten 070 000 kr",
    "0 kr",
    "1 200:-",
    "Mötet är 2024-05-06 kl. 14.00.",
    "den 06.05.2024",
    "den 6/5 2024",
    "kl 08.30–09.45",
    "kl. 08:30-09:45",
    "KS 2024/0123",
    "Dnr SN 2023.456",
    "Dnr 2024-00345",
    "Org.nr 212000-1142",
    "212000-1142",
    "år 1999 och 2024",
    "rum 0342",
    "0,50 kr",
    "version 0.17.6",
    "vecka 19",
    "46 procent av 1 200 elever",
    "Antalet ökade från 1 020 till 1 105.",
    "plan 2024–2027",
    "§ 112",
    "kl 08 - 10",
    "2024-05-06 - 2024-05-07",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_never_flagged_and_stay_as_typed(text):
    assert scan_text(text, NAMES) == []
    assert check_text(text, NAMES)[0] == text


_PIECES = st.sampled_from(
    ORDINARY
    + [
        "Ring 070-174 06 05.",
        f"Nummer {TEST_PNR}.",
        "Mejla ebba (at) example.se.",
        "Fjällgern sa det.",
        "Skolan följer sin rutin.",
        " ",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=8))
def test_redaction_removes_and_never_garbles(pieces):
    text = " ".join(pieces)
    redacted, flags = check_text(text, NAMES)
    # every character outside a flagged span is kept, in order; what is flagged is replaced by one placeholder
    spans = sorted(f.span for f in flags if f.rule_id != "sensitive")
    kept, pos = [], 0
    for start, end in spans:
        if start >= pos:
            kept.append(text[pos:start])
            pos = end
        else:
            pos = max(pos, end)
    kept.append(text[pos:])
    at = 0
    for piece in kept:
        found_at = redacted.find(piece, at)
        assert found_at != -1, (piece, redacted)
        at = found_at + len(piece)
    for piece in ORDINARY:
        if piece in text:
            assert piece in redacted


# --- the corpus ------------------------------------------------------------------------------------------


def test_ordinary_municipal_text_has_at_most_one_false_positive_per_ten_thousand_words():
    from pathlib import Path

    from tabletop.sim.format.loader import load_file

    personas = [p for path in sorted(Path("scenarios").glob("*.yaml")) for p in load_file(path).scenario.personas]
    text = corpus()
    words = len(text.split())
    assert words >= 50_000
    flagged = [f for paragraph in text.split("\n\n") for f in scan_text(paragraph, personas)]
    assert len(flagged) * 10_000 <= words, [f.detail for f in flagged]


# --- sensitive categories only when tied to a person --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Socialtjänsten gör en utredning enligt sin rutin.",
        "Vår rutin för orosanmälan gäller.",
        "Vi diskuterar religiöst motiverad extremism och vänsterautonoma miljöer.",
        "Kriminalvården samverkar inför en frigivning enligt handlingsplanen.",
        "The police explained how intelligence work is organised.",
    ],
)
def test_operational_talk_about_routines_groups_and_ideologies_is_not_flagged(text):
    assert scan_text(text, NAMES) == []


@pytest.mark.parametrize(
    "text",
    [
        "Hen har en pågående utredning.",
        "Eleven har en ADHD-diagnos.",
        "När är datum för frigivningen?",
        "Kan ni dela utredningen?",
        "Is there police intelligence on him.",
        "Fjällgren har en diagnos.",
        "Ring 070-174 06 05 om utredningen.",
    ],
)
def test_a_sensitive_category_tied_to_a_person_or_asked_for_is_flagged(text):
    assert "sensitive" in [f.rule_id for f in scan_text(text, NAMES)]


# --- special categories of personal data and the sectors' secrecy subjects -------------------------------

CLASS_9B = Persona(id="elev-c", label="en elev", identifiers={"school": ["Tallmoraskolan"], "class": ["9B"]})


def sensitive(text: str, personas=NAMES) -> list[str]:
    return [f.detail for f in scan_text(text, personas) if f.rule_id == "sensitive"]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Swedish: a particular person, a pronoun about the person, a persona's detail in the same sentence
        ("Eleven är muslim och ber på rasterna.", "religion"),
        ("Hon har konverterat och är numera troende.", "religion"),
        ("Vilken religiös tillhörighet har familjen?", "religion"),
        ("Linus har blivit religiös det senaste året.", "religion"),
        ("Pojken har utländsk bakgrund.", "ethnic-origin"),
        ("Vilket etniskt ursprung har sextonåringen?", "ethnic-origin"),
        ("Hen har berättat om sin sexuella läggning.", "sexual-life"),
        ("Killen är homosexuell, säger kuratorn.", "sexual-life"),
        ("Han sympatiserar med nazisterna.", "political-opinion"),
        ("Ali Ekström är högerextremist.", "political-opinion"),
        ("Hennes politiska åsikter är kända i klassen.", "political-opinion"),
        ("Pappan är medlem i facket på bruket.", "trade-union"),
        ("Hon är sjukskriven sedan i våras.", "health"),
        ("Eleven har psykisk ohälsa och självmordstankar.", "health"),
        ("Han har pratat om att han har självmordstankar.", "health"),
        ("Mamman är gravid igen.", "health"),
        ("Hen har kontakt med BUP sedan i höstas.", "psychiatric-contact"),
        ("Han är inskriven på BUP.", "psychiatric-contact"),
        ("Klienten har en psykiatrisk kontakt.", "psychiatric-contact"),
        ("Han är känd hos polisen sedan tidigare.", "police-intelligence"),
        ("Är han dömd för något?", "police-intelligence"),
        ("Familjen har försörjningsstöd.", "social-case"),
        ("Hon är orosanmäld två gånger.", "social-case"),
        ("En elev i 9B på Tallmoraskolan har en psykiatrisk kontakt.", "psychiatric-contact"),
        # English
        ("The pupil is a Muslim and prays at break.", "religion"),
        ("She converted to Islam last year.", "religion"),
        ("What is the boy's ethnic background?", "ethnic-origin"),
        ("He told the counsellor about his sexual orientation.", "sexual-life"),
        ("She is gay, her friends say.", "sexual-life"),
        ("He sympathises with the network.", "political-opinion"),
        ("Her political views are known in the class.", "political-opinion"),
        ("The father is a union member.", "trade-union"),
        ("He has been on sick leave since spring.", "health"),
        ("The student has a mental illness.", "health"),
        ("She is in contact with psychiatry.", "psychiatric-contact"),
        ("He is known to the police.", "police-intelligence"),
        ("The family is on welfare.", "social-case"),
    ],
)
def test_a_special_category_or_secrecy_subject_tied_to_a_person_is_flagged(text, category):
    assert category in sensitive(text, [*NAMES, CLASS_9B])


@pytest.mark.parametrize(
    "text",
    [
        # Swedish: ideologies, groups, routines, the rules themselves, the official's own pronoun
        "Vi diskuterar religiöst motiverad extremism och vänsterautonoma miljöer.",
        "Högerextrema grupper rekryterar på nätet.",
        "Vår rutin för orosanmälan gäller också här.",
        "Hur arbetar ni med religiöst motiverad extremism?",
        "Hur arbetar ni med psykisk ohälsa bland unga?",
        "Hur samverkar skolan och socialtjänsten kring barn med funktionsnedsättning?",
        "Vilken rutin har elevhälsan vid självmordstankar?",
        "Vad säger dataskyddet om att skriva ner ungdomars politiska åsikter?",
        "Ingen får registreras för sina politiska åsikter.",
        "Dataskyddet gäller uppgifter om hälsa, etniskt ursprung, sexuell läggning och facklig tillhörighet.",
        "Kommunpolisen berättar att hon ser en ökning av psykisk ohälsa bland unga.",
        "Rektorn menar att han behöver mer kunskap om jihadistisk propaganda och om psykisk ohälsa.",
        "Gruppen bjöd in den judiska församlingen och moskéföreningen till ett samtal om hot.",
        "Nazistisk propaganda sprids i sociala medier, och islamistiska nätverk är aktiva.",
        "Socialtjänsten beskrev sin rutin när en orosanmälan rör våldsbejakande extremism.",
        "Vi delar kunskap om politiskt motiverat våld, aldrig uppgifter om enskilda.",
        "Hur arbetar polisen när någon som är dömd för ett ideologiskt motiverat brott kommer tillbaka?",
        "Det här är ungdomens hus för alla, oavsett religiös tillhörighet.",
        "Besparingen på sjukskrivningar blev större än väntat.",
        # English
        "We discuss religiously motivated extremism and autonomous left-wing milieus.",
        "How do you work with mental illness among young people?",
        "What does data protection say about writing down young people's political opinions?",
        "Far-right groups recruit online, and violent extremist propaganda spreads.",
        "The community police officer said she sees a rise in mental illness among young people.",
        "What support can social services give someone who wants to leave a violent extremist milieu?",
        "How do the police work when someone convicted of an ideologically motivated crime returns?",
        "The team met the Jewish congregation's security officer about threats.",
    ],
)
def test_operational_talk_about_ideologies_groups_health_and_routines_is_not_flagged(text):
    assert sensitive(text) == []


def test_the_bundled_cases_questions_to_the_departments_are_operational_talk():
    """Every prompt of every bundled case asks how the organisations work, in both languages: no caution."""
    from pathlib import Path

    from tabletop.sim.format.loader import load_file

    flagged = []
    for path in sorted(Path("scenarios").glob("*.yaml")):
        scenario = load_file(path).scenario
        for step in scenario.steps:
            for dept, prompt in step.prompts.items():
                for text in prompt.values() if isinstance(prompt, dict) else [prompt]:
                    flagged += [(path.stem, step.id, dept, c) for c in sensitive(text, scenario.personas)]
    assert flagged == []
