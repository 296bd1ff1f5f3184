"""The confidentiality guard: every rule, the negatives that must not be flagged, and redaction.

Numbers used here cannot belong to anyone (docs/confidentiality.md): the tax agency's published
test personal identity number 20170101-2393; a coordination number derived from it
(day + 60, check digit recomputed); Luhn-valid numbers with impossible dates, whose
check digits are computed here from fixed digits (never random); phone numbers in
the range the telecom regulator reserves for fiction (070-174 06 05 to 070-174 06 99).
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabletop.sim.format.loader import load_file, load_text
from tabletop.sim.format.model import Persona
from tabletop.sim.guard import (
    RULES,
    check_text,
    choice_flags,
    luhn_digit,
    personnummer_kind,
    redact,
    scan_text,
    step_flags,
)
from tabletop.sim.guard.folding import Folded
from tabletop.sim.guard.textmatch import fold
from tests.conftest import MINIMAL

TEST_PNR = "20170101-2393"  # Skatteverket's test personal identity number
COORDINATION = f"170161-239{luhn_digit('170161239')}"  # the test number's date with day + 60: 170161-2390
PHONE = "070-174 06 42"

ALI = Persona(
    id="elev-a",
    label="en elev i årskurs 9",
    identifiers={
        "name": ["Ali Ekström"],
        "alias": ["Ali"],
        "school": ["Ekbackens skola"],
        "class": ["9B"],
        "age": ["15 år"],
        "phone": [PHONE],
    },
)
ASA = Persona(
    id="elev-b",
    label="en elev på gymnasiet",
    identifiers={
        "name": ["Åsa Öberg"],
        "school": ["Lindgymnasiet"],
        "gender": ["flicka"],
        "family": ["bor med sin pappa"],
    },
)
PERSONAS = [ALI, ASA]


def rules(flags) -> list[str]:
    return [f.rule_id for f in flags]


def found(text: str, flags) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.span[0] : f.span[1]]) for f in flags]


# --- the rules themselves ---------------------------------------------------------------------


def test_the_rules_are_the_named_ones_with_their_severities():
    assert {rule_id: rule.severity for rule_id, rule in RULES.items()} == {
        "individual-step": "breach",
        "discloses-identifiers": "breach",
        "text-identifier": "breach",
        "personnummer": "breach",
        "phone": "breach",
        "email": "breach",
        "narrowing": "caution",
        "sensitive": "caution",
    }


@pytest.mark.parametrize("rule", RULES.values(), ids=list(RULES))
def test_every_rule_explains_itself_in_swedish_and_english(rule):
    for part in ("title", "why", "instead"):
        texts = getattr(rule, part)
        assert set(texts) == {"sv", "en"} and all(t.strip() for t in texts.values())
    assert rule.text("why", "sv") == rule.why["sv"] and rule.text("why", "de") == rule.why["en"]


def test_the_alternatives_name_the_operational_channels():
    instead = RULES["individual-step"].instead
    for term in ("orosanmälan", "SSPF", "samtycke", "stödtelefonen", "112", "jurist"):
        assert term in instead["sv"]
    for term in ("report of concern", "SSPF", "consent", "support phone", "112", "lawyer"):
        assert term in instead["en"]


# --- choices and steps: what the scenario declares -------------------------------------------


@pytest.fixture(scope="module")
def minimal():
    return load_file(MINIMAL).scenario


def test_a_choice_into_an_individual_level_step_is_a_breach(minimal):
    flags = choice_flags(minimal, minimal.step("start").choices[1])
    assert rules(flags) == ["individual-step", "discloses-identifiers"]
    assert flags[0].severity == "breach" and flags[0].detail == "step named"


def test_a_choice_that_discloses_a_name_to_the_group_is_a_breach(minimal):
    flag = choice_flags(minimal, minimal.step("start").choices[1])[1]
    assert flag.severity == "breach"
    assert flag.detail == "persona elev-a: name, school to group"
    assert flag.persona == "elev-a"


def test_a_choice_at_the_operational_level_has_no_flags(minimal):
    assert choice_flags(minimal, minimal.step("start").choices[0]) == []


def test_a_step_at_the_individual_level_is_flagged_and_an_operational_one_is_not(minimal):
    assert rules(step_flags(minimal, minimal.step("named"))) == ["individual-step"]
    assert step_flags(minimal, minimal.step("start")) == []


CHOICES_CASE = """\
format: 1
id: choices
title: Choices
summary: Choices that disclose
languages: [sv]
theme: other
duration: 30m
departments: [skola, polis]
personas:
  - id: elev-a
    label: en elev
    identifiers: {name: Ali Ekström, school: Ekbackens skola, class: 9B, age: 15}
start: start
steps:
  - id: start
    title: Start
    text: Klotter på skolan.
    choices:
      - id: narrowing
        text: Skolan berättar skola och klass
        discloses: [{persona: elev-a, identifiers: [school, class], from: skola, to: group}]
        goto: end
      - id: one-detail
        text: Skolan nämner skolan
        discloses: [{persona: elev-a, identifiers: [school], from: skola, to: group}]
        goto: end
      - id: to-itself
        text: Skolan noterar namnet internt
        discloses: [{persona: elev-a, identifiers: [name], from: skola, to: skola}]
        goto: end
      - id: to-another
        text: Skolan ger polisen namnet
        discloses: [{persona: elev-a, identifiers: [name], from: skola, to: [skola, polis]}]
        goto: end
      - id: everything
        text: Allt om eleven
        discloses: [{persona: elev-a}]
        goto: end
      - id: sensitive
        text: Fråga efter diagnos och ärende
        sensitive: [diagnosis, social-case]
        goto: end
  - id: end
    title: Slut
    text: Slut.
    ending: {outcome: good}
"""


@pytest.fixture(scope="module")
def choices_case():
    result = load_text(CHOICES_CASE, "choices.yaml")
    assert result.ok, result.diagnostics
    return result.scenario


def _choice(scenario, choice_id):
    return next(c for c in scenario.step("start").choices if c.id == choice_id)


def test_disclosing_two_narrowing_details_without_a_direct_one_is_a_caution(choices_case):
    flags = choice_flags(choices_case, _choice(choices_case, "narrowing"))
    assert rules(flags) == ["narrowing"]
    assert flags[0].severity == "caution" and flags[0].detail == "persona elev-a: class, school to group"


def test_disclosing_one_narrowing_detail_is_not_flagged(choices_case):
    assert choice_flags(choices_case, _choice(choices_case, "one-detail")) == []


def test_a_department_keeping_a_detail_to_itself_is_not_flagged(choices_case):
    assert choice_flags(choices_case, _choice(choices_case, "to-itself")) == []


def test_disclosing_a_name_to_another_department_is_a_breach(choices_case):
    flags = choice_flags(choices_case, _choice(choices_case, "to-another"))
    assert rules(flags) == ["discloses-identifiers"]
    assert flags[0].detail == "persona elev-a: name to polis"


def test_a_disclosure_without_kinds_discloses_all_of_them(choices_case):
    flags = choice_flags(choices_case, _choice(choices_case, "everything"))
    assert rules(flags) == ["discloses-identifiers"]
    assert flags[0].detail == "persona elev-a: name, school, class, age to group"


def test_declared_sensitive_categories_are_cautions(choices_case):
    flags = choice_flags(choices_case, _choice(choices_case, "sensitive"))
    assert [(f.rule_id, f.severity, f.detail) for f in flags] == [
        ("sensitive", "caution", "diagnosis"),
        ("sensitive", "caution", "social-case"),
    ]


# --- persona identifiers in free text ------------------------------------------------------------


def test_a_persona_name_in_text_is_a_breach():
    text = "Det handlar om Ali Ekström."
    flags = scan_text(text, PERSONAS)
    assert found(text, flags) == [("text-identifier", "Ali Ekström")]
    assert flags[0].severity == "breach" and flags[0].detail == "persona elev-a: name"


@pytest.mark.parametrize("text", ["ali ekström", "ALI EKSTRÖM", "Ali Ekstrom", "Ali\n  Ekström", "(Ali Ekström)"])
def test_identifiers_are_found_whatever_the_case_diacritics_or_spacing(text):
    assert rules(scan_text(text, PERSONAS)) == ["text-identifier"]


@pytest.mark.parametrize("text", ["Vi åkte till Alingsås.", "Alibi", "Kali", "Ekströmska", "Öbergsson", "Åsarna"])
def test_an_identifier_inside_another_word_is_not_flagged(text):
    assert scan_text(text, PERSONAS) == []


def test_an_alias_at_the_start_and_at_the_end_of_the_text_is_found():
    text = "Ali sa hej till Ali"
    assert found(text, scan_text(text, PERSONAS)) == [("text-identifier", "Ali"), ("text-identifier", "Ali")]


def test_a_swedish_genitive_is_still_the_identifier():
    text = "Ali Ekströms pappa och Alis klass"
    assert found(text, scan_text(text, PERSONAS)) == [("text-identifier", "Ali Ekströms"), ("text-identifier", "Alis")]


def test_the_longest_identifier_wins():
    text = "Ali Ekström och Ali"
    assert [f.kind for f in scan_text(text, PERSONAS)] == ["name", "alias"]


def test_one_narrowing_detail_alone_is_not_flagged():
    assert scan_text("Ekbackens skola har en rutin för det.", PERSONAS) == []


def test_two_narrowing_details_of_one_persona_are_a_caution():
    text = "En elev i 9B på Ekbackens skola, 15 år."
    flags = scan_text(text, PERSONAS)
    assert found(text, flags) == [("narrowing", "9B"), ("narrowing", "Ekbackens skola"), ("narrowing", "15 år")]
    assert {f.severity for f in flags} == {"caution"}
    assert flags[0].detail == "persona elev-a: class (together: age, class, school)"


def test_narrowing_details_of_different_personas_do_not_add_up():
    assert scan_text("En flicka på Ekbackens skola.", PERSONAS) == []


def test_a_text_without_personas_still_finds_numbers():
    assert rules(scan_text(f"pnr {TEST_PNR}", [])) == ["personnummer"]


def test_spans_point_into_the_original_text_when_folding_changes_lengths():
    text = unicodedata.normalize("NFD", "Straße ﬁ Åsa Öberg på Lindgymnasiet, ") + "ring " + PHONE
    flags = scan_text(text, PERSONAS)
    assert found(text, flags) == [
        ("text-identifier", unicodedata.normalize("NFD", "Åsa Öberg")),
        ("text-identifier", PHONE),
        ("phone", PHONE),
    ]
    redacted = redact(text, flags)
    assert unicodedata.normalize("NFC", redacted) == "Straße ﬁ [elev-b: name] på Lindgymnasiet, ring [elev-a: phone]"


@pytest.mark.parametrize(
    "text",
    [
        "Åsa Öberg",
        unicodedata.normalize("NFD", "Åsa Öberg och José"),
        "Straße ½ ﬁ",
        "ΣΊΣΥΦΟΣ",
        "ᏣᎳᎩ ꭰ",
        "ǅemal",
        "\u00a0nbsp\u2009thin",
        "plain ascii",
        "",
    ],
)
def test_the_folded_text_is_exactly_textmatch_fold(text):
    assert Folded(text).text == fold(text)


@given(st.text())
def test_folding_any_text_gives_textmatch_fold(text):
    assert Folded(text).text == fold(text)


@given(st.text(), st.text())
def test_a_name_in_any_surrounding_text_is_found_at_its_exact_place(before, after):
    text = f"{before} Ali Ekström {after}"
    start = len(before) + 1
    assert any(f.span == (start, start + len("Ali Ekström")) and f.kind == "name" for f in scan_text(text, [ALI]))


# --- personal identity and coordination numbers --------------------------------------------------


def test_the_test_numbers_check_digits_are_valid():
    assert luhn_digit("170101239") == 3
    assert personnummer_kind(TEST_PNR) == "personnummer"
    assert personnummer_kind(COORDINATION) == "samordningsnummer"


@pytest.mark.parametrize("number", ["20170101-2393", "201701012393", "170101-2393", "1701012393", "170101+2393"])
def test_a_personal_identity_number_is_a_breach_in_every_form(number):
    text = f"Eleven har nummer {number}."
    flags = scan_text(text, [])
    assert found(text, flags) == [("personnummer", number)]
    assert flags[0].severity == "breach" and flags[0].detail == "personnummer"


@pytest.mark.parametrize("number", [COORDINATION, COORDINATION.replace("-", ""), "20" + COORDINATION])
def test_a_coordination_number_is_flagged(number):
    flags = scan_text(f"samordningsnummer {number}", [])
    assert [(f.rule_id, f.detail) for f in flags] == [("personnummer", "samordningsnummer")]


@pytest.mark.parametrize("number", ["170101-2394", "1701012390", "20170101-2395", "170161-2391"])
def test_a_luhn_invalid_number_is_not_flagged(number):
    assert scan_text(f"nummer {number}", []) == []


@pytest.mark.parametrize("date", ["170230", "171301", "170100", "170192"])  # 30 Feb, month 13, day 0, day 92 - 60
def test_an_impossible_date_is_not_flagged_even_with_a_valid_check_digit(date):
    number = f"{date}-239{luhn_digit(date + '239')}"
    assert scan_text(f"nummer {number}", []) == []


def test_a_century_other_than_18_19_20_is_not_flagged():
    assert scan_text(f"nummer 21{TEST_PNR[2:]}", []) == []


@pytest.mark.parametrize("text", [f"x{TEST_PNR}9", f"9{TEST_PNR}", "99" + TEST_PNR.replace("-", "")])
def test_a_number_inside_a_longer_run_of_digits_is_not_flagged(text):
    assert scan_text(text, []) == []


# --- phone numbers and e-mail addresses -----------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "070-174 06 05",
        "070 174 06 42",
        "070-1740699",
        "0701740642",
        "070–174 06 42",
        "+46 70 174 06 05",
        "+46 (0)70-174 06 05",
        "+46701740642",
        "0046 70 174 06 42",
        "070\u00a0174\u00a006\u00a042",
        "070 - 174 06 42",
    ],
)
def test_a_swedish_phone_number_is_a_breach(number):
    text = f"Ring {number} i kväll."
    flags = scan_text(text, [])
    assert found(text, flags) == [("phone", number)]
    assert flags[0].severity == "breach"


@pytest.mark.parametrize(
    "text",
    [
        "år 2017",
        "förra året (2024) och 1999",
        "070",
        "ring 070 sen",
        "kl. 07:30",
        "kl 08.30-09.45",
        "1 200 kr",
        "19 900 kronor",
        "0 kr",
        "0,50 kr",
        "2024-05-06",
        "2024-05-06 2024-05-07",
        "rum 0342",
        "sal 3, plan 2",
        "14-16 deltagare",
        "version 0.17.6",
        "112",
        "2024-05-06 - 2024-05-07",
        "kl 08 - 10",
    ],
)
def test_ordinary_numbers_are_not_flagged(text):
    assert scan_text(text, []) == []


@pytest.mark.parametrize("address", ["ali.e@example.com", "Ali.E+skola@Example.ORG", "åsa_ö@example.se"])
def test_an_email_address_is_a_breach(address):
    text = f"Mejla {address}."
    flags = scan_text(text, [])
    assert found(text, flags) == [("email", address)]
    assert flags[0].severity == "breach"


@pytest.mark.parametrize("text", ["@ali skrev", "vi ses @ 15", "a@b", "mejla @kommunen", "x@.se"])
def test_an_at_sign_without_an_address_is_not_flagged(text):
    assert scan_text(text, []) == []


# --- sensitive categories -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("diagnosen", "diagnosis"),
        ("ADHD", "diagnosis"),
        ("autism", "diagnosis"),
        ("psykos", "diagnosis"),
        ("elevhälsojournalen", "health-notes"),
        ("kuratorsanteckningarna", "health-notes"),
        ("ärende hos socialtjänsten", "social-case"),
        ("utredningen", "social-case"),
        ("LVU", "social-case"),
        ("underrättelseuppgifter", "police-intelligence"),
        ("belastningsregistret", "police-intelligence"),
        ("frigivningsdatum", "release-date"),
        ("datum för frigivningen", "release-date"),
    ],
)
def test_swedish_sensitive_terms_are_cautions(term, category):
    flags = scan_text(f"Vi vill veta {term} nu.", [], "sv")
    assert [(f.rule_id, f.severity, f.detail) for f in flags] == [("sensitive", "caution", category)]


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("diagnosis", "diagnosis"),
        ("ADHD", "diagnosis"),
        ("psychosis", "diagnosis"),
        ("student health records", "health-notes"),
        ("counselling notes", "health-notes"),
        ("kurator notes", "health-notes"),
        ("social services case", "social-case"),
        ("LVU", "social-case"),
        ("police intelligence", "police-intelligence"),
        ("criminal record", "police-intelligence"),
        ("release date", "release-date"),
        ("date of release", "release-date"),
    ],
)
def test_english_sensitive_terms_are_cautions(term, category):
    flags = scan_text(f"Can you share the {term} now?", [], "en")
    assert [(f.rule_id, f.detail) for f in flags] == [("sensitive", category)]


@pytest.mark.parametrize(
    "text",
    [
        "psykosocialt stöd",
        "journalisten ringde",
        "kuratorn deltar",
        "skolan har en rutin",
        "the counsellor took part",
        "psychosocial support",
        "the police explained their routine",
    ],
)
def test_everyday_words_are_not_sensitive(text):
    assert scan_text(text, []) == []


@pytest.mark.parametrize("text", ["a diagnostic tool", "the journal club"])
def test_english_words_that_share_a_swedish_stem_are_not_sensitive_in_english(text):
    assert scan_text(text, [], "en") == []


def test_the_language_picks_the_term_list():
    text = "share the police intelligence"
    assert scan_text(text, [], "sv") == []
    assert rules(scan_text(text, [], "en")) == ["sensitive"]
    assert rules(scan_text(text, [], None)) == ["sensitive"]


def test_sensitive_terms_are_flagged_but_not_redacted():
    text = "Eleven har en ADHD-diagnos."
    redacted, flags = check_text(text, [])
    assert redacted == text and rules(flags) == ["sensitive", "sensitive"]


# --- redaction --------------------------------------------------------------------------------------


def test_redaction_replaces_each_identifier_with_its_placeholder():
    text = (
        f"Ali Ekström ({TEST_PNR}) i 9B på Ekbackens skola har nummer 070-174 06 05 "
        f"och adressen ali.e@example.com; psykos nämndes."
    )
    redacted, flags = check_text(text, PERSONAS)
    assert redacted == (
        "[elev-a: name] ([personnummer]) i [elev-a: class] på [elev-a: school] har nummer [telefon] "
        "och adressen [e-post]; psykos nämndes."
    )
    # the alias "Ali" inside the address is flagged too, and redacted with it
    assert rules(flags) == [
        "text-identifier",
        "personnummer",
        "narrowing",
        "narrowing",
        "phone",
        "text-identifier",
        "email",
        "sensitive",
    ]


def test_overlapping_spans_become_one_placeholder():
    text = f"Ring {PHONE} nu"  # the persona's own number, and a phone number
    redacted, flags = check_text(text, PERSONAS)
    assert sorted(rules(flags)) == ["phone", "text-identifier"]
    assert redacted == "Ring [elev-a: phone] nu"


def test_redact_merges_overlapping_spans_given_in_any_order_under_the_widest_placeholder():
    text = "abc def ghi"
    alias = replace(scan_text("Ali", [ALI])[0], span=(4, 11))
    number = replace(scan_text(TEST_PNR, [])[0], span=(0, 6))
    assert redact(text, [alias, number]) == "[elev-a: alias]"
    apart = [replace(number, span=(0, 3)), replace(alias, span=(8, 11))]
    assert redact(text, apart) == "[personnummer] def [elev-a: alias]"


def test_after_redaction_no_identifier_remains():
    values = [
        "Ali Ekström",
        "Åsa Öberg",
        TEST_PNR,
        "170101-2393",
        COORDINATION,
        "070-174 06 05",
        "+46 70 174 06 99",
        PHONE,
        "ali.e@example.com",
    ]
    text = (
        "Anteckning: "
        + " / ".join(values)
        + ". ÅSA ÖBERG, Lindgymnasiet, flicka. ali ekstrom sa "
        + TEST_PNR.replace("-", "")
        + "."
    )
    redacted, flags = check_text(text, PERSONAS)
    assert all(f.severity == "breach" or f.rule_id == "narrowing" for f in flags)
    assert scan_text(redacted, PERSONAS) == []
    folded = fold(redacted)
    for value in [*values, "Lindgymnasiet", "flicka", "20170101", "2393"]:
        assert fold(value) not in folded


def test_flags_can_be_hashed_and_compared():
    flags = scan_text(f"{TEST_PNR} {TEST_PNR}", [])
    assert len(set(flags)) == 2 and flags[0] != flags[1] and flags[0].rule == RULES["personnummer"]


def test_flag_details_never_hold_the_identifier():
    text = f"Ali Ekström, {TEST_PNR}, {PHONE}, ali.e@example.com, 9B på Ekbackens skola"
    for flag in scan_text(text, PERSONAS):
        stored = str(flag.as_dict())
        for value in ("Ali", "Ekström", "2393", "174", "example", "9B", "Ekbackens"):
            assert value not in stored


def test_redact_without_flags_returns_the_text():
    assert redact("Inget att se här.", []) == "Inget att se här."
    assert check_text("", PERSONAS) == ("", [])


# --- the reviewer's findings on the bundled cases ---------------------------------------------------
# the personas of propaganda-gymnasiet and hot-mot-fortroendevald, as declared there

LINUS = Persona(
    id="elev-a",
    label="en elev i årskurs 2",
    identifiers={
        "name": ["Linus Fjällgren"],
        "alias": ["nordvind_lf"],
        "school": ["Lönnviksgymnasiet"],
        "class": ["SA2B"],
        "age": ["17"],
        "gender": ["pojke"],
        "club": ["Skärviks kampsportsklubb"],
        "address": ["Stenkullevägen 14, Tallmora"],
        "phone": ["070-174 06 42"],
        "family": ["bor med sin mamma och en yngre syster"],
    },
)
RASMUS = Persona(
    id="vuxen-b",
    label="en ung vuxen",
    identifiers={
        "name": ["Rasmus Tjäder"],
        "alias": ["Tallmoravarg"],
        "age": ["23"],
        "club": ["Skärviks kampsportsklubb"],
        "workplace": ["Lagerterminalen i Tallmora"],
        "neighbourhood": ["Tallmora centrum"],
    },
)
KERSTIN = Persona(
    id="fortroendevald",
    label="en förtroendevald",
    identifiers={
        "name": ["Kerstin Vallmo"],
        "address": ["Humlestigen 9, Ekbacka"],
        "neighbourhood": ["Ekbacka"],
        "age": ["47"],
        "gender": ["kvinna"],
    },
)
HENRIK = Persona(
    id="tjansteman",
    label="en tjänsteman",
    identifiers={"name": ["Henrik Lövsund"], "age": ["41"], "gender": ["man"], "workplace": ["kommunledningskontoret"]},
)
CASE = [LINUS, RASMUS]
HOT = [KERSTIN, HENRIK]


def redacted(text: str, personas=CASE) -> str:
    return check_text(text, personas)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Linus",
        "Fjällgren",
        "Fjällgrens pappa",
        "Fjällgren, Linus",
        "Linus-Fjällgren",
        "L. Fjällgren",
        "Linus Fjaellgren",
        "LINUS FJÄLLGRENS",
        "linus's mamma",
        "LinusFjällgren",
        "linus_fjallgren",
        "Fjællgren",
        "Rasmus",
        "Tjaeder",
    ],
)
def test_a_name_is_found_by_each_of_its_parts_and_in_transliteration(text):
    flags = scan_text(text, CASE)
    assert flags and all(f.rule_id == "text-identifier" and f.kind == "name" for f in flags)
    assert "[elev-a: name]" in redacted(text) or "[vuxen-b: name]" in redacted(text)
    folded = fold(redacted(text))
    assert "linus" not in folded and "fjallgren" not in folded and "fjaellgren" not in folded


def test_name_parts_keep_the_placeholder_and_leave_the_rest_of_the_text():
    assert redacted("Fjällgrens pappa ringde") == "[elev-a: name] pappa ringde"
    assert redacted("Fjällgren, Linus") == "[elev-a: name], [elev-a: name]"
    assert redacted("Linus-Fjällgren") == "[elev-a: name]"


@pytest.mark.parametrize(
    "text",
    [
        "Linusson",
        "Fjällgrenska",
        "Linnea",
        "L. F.",
        "Tjäderbäcken",
        "nordvind",
        "norra vinden",
    ],
)
def test_a_name_part_inside_another_word_or_a_single_letter_is_not_flagged(text):
    assert [f for f in scan_text(text, CASE) if f.rule_id == "text-identifier"] == []


def test_a_name_part_that_is_the_alias_stays_the_alias():
    assert [f.kind for f in scan_text("Ali", [ALI])] == ["alias"]


def test_a_handle_is_found_with_any_separator_or_none():
    for text in ("nordvind_lf", "nordvind lf", "NordvindLF", "nordvind-lf"):
        assert [f.kind for f in scan_text(text, CASE)] == ["alias"], text


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("Stenkullevägen 14", "[elev-a: address]"),
        ("stenkullevagen 14 tallmora", "[elev-a: address]"),
        ("Han bor på Stenkullevägen.", "Han bor på [elev-a: address]."),
        ("Stenkullevaegen 14, Tallmora", "[elev-a: address]"),
        ("Humlestigen", "[fortroendevald: address]"),
    ],
)
def test_a_partial_address_is_found(text, stored):
    assert redacted(text, CASE + HOT) == stored


def test_the_town_of_an_address_alone_is_a_narrowing_detail_not_an_address():
    assert scan_text("Polisen i Tallmora har en rutin.", CASE) == []
    text = "En elev på Lönnviksgymnasiet som bor i Tallmora."
    flags = scan_text(text, CASE)
    assert [(f.rule_id, f.kind) for f in flags] == [("narrowing", "school"), ("narrowing", "neighbourhood")]
    assert redacted(text) == "En elev på [elev-a: school] som bor i [elev-a: neighbourhood]."


def test_an_address_town_that_is_the_declared_neighbourhood_is_one_kind():
    assert scan_text("Ekbacka", HOT) == []  # not "address" and "neighbourhood" of one persona together


@pytest.mark.parametrize(
    "words",
    [
        ("stenkullevagen",),
        ("humlestigen",),
        ("sodra", "langgatan"),
        ("elm", "street"),
        ("tranbarsstigen",),
    ],
)
def test_street_names_that_count_alone(words):
    from tabletop.sim.guard.forms import street_like

    assert street_like(words)


@pytest.mark.parametrize(
    "words", [("gatan",), ("vagen",), ("storgatan",), ("tallmora",), ("high", "street"), ("street",), ("x", "road")]
)
def test_street_names_that_do_not_count_alone(words):
    from tabletop.sim.guard.forms import street_like

    assert not street_like(words)


def test_a_generic_street_name_alone_is_not_an_address():
    generic = Persona(id="p", label="en person", identifiers={"address": ["Storgatan 3, Tallmora"]})
    assert scan_text("Vi möts på Storgatan.", [generic]) == []
    assert redacted("Storgatan 3", [generic]) == "[p: address]"


@pytest.mark.parametrize(
    "number",
    [
        "170101 2393",
        "20170101 2393",
        "2017-01-01-2393",
        "17-01-01-2393",
        "2017–01–01–2393",
        # a dashed, dotted or slashed date, then a space or another separator before the serial
        "2017-01-01 2393",
        "17-01-01 2393",
        "2017.01.01 2393",
        "2017/01/01 2393",
        "2017-01-01/2393",
        "2017-01-01.2393",
        "2017.01.01_2393",
        "2017-01-01 – 2393",
    ],
)
def test_a_personal_identity_number_with_a_space_or_a_dashed_date_is_found(number):
    text = f"Eleven har nummer {number}."
    assert found(text, scan_text(text, [])) == [("personnummer", number)]


@pytest.mark.parametrize(
    "number", ["170101 2394", "2017-01-01-2394", "2017-02-30-2393", "170230 2393", "2017-01-01 2394", "2017.02.30 2393"]
)
def test_a_spaced_or_dashed_number_is_still_luhn_and_date_checked(number):
    assert scan_text(f"nummer {number}", []) == []


@pytest.mark.parametrize(
    "text",
    [
        "2024-05-06 1430",
        "2024-05-06 2024-05-07",
        "240506 2024-05-07",
        "2017-01-01 2393-05",
        "20170101 23930",
        "sidan 123456 7890",
        "2024-05-06-2024-05-07",
    ],
)
def test_dates_and_numbers_next_to_each_other_are_not_a_personal_identity_number(text):
    assert scan_text(text, []) == []


@pytest.mark.parametrize(
    "number",
    [
        "070/174 06 42",
        "070.174.06.42",
        "(070) 174 06 42",
        "0 70 174 06 42",
        "070 / 174 06 05",
        "(070)174 06 99",
    ],
)
def test_more_phone_formats_are_found(number):
    text = f"Ring {number} i kväll."
    assert found(text, scan_text(text, [])) == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "05.06.2024",
        "06/05/2024",
        "den 01/12 2024",
        "kl 08.30-09.45",
        "0 10 20 30 40",
        "(0 kr)",
        "(08) 30 min",
        "(2024)",
        "1/2 dag",
        "0.5 l",
        "03/04",
        "070/17",
        "(070) 174",
    ],
)
def test_dates_times_and_fractions_are_not_phone_numbers(text):
    assert scan_text(text, []) == []


@pytest.mark.parametrize(
    "text",
    [
        "Lin\u00adus Fjällgren",
        "Linus\u200bFjällgren",
        "Lin\u200dus",
        "Fjäll\u2060gren",
        "\ufeffLinus",
        "Lin\u200cus",
    ],
)
def test_invisible_characters_inside_a_word_do_not_hide_it(text):
    assert rules(scan_text(text, CASE)) and all(f.kind == "name" for f in scan_text(text, CASE))


def test_redacting_around_invisible_characters_replaces_the_right_characters():
    text = "Igår sa Lin\u00adus Fjäll\u200bgren hej."
    assert redacted(text) == "Igår sa [elev-a: name] hej."
    assert redacted(f"Ring 070\u200b-174 06 42, {TEST_PNR[:4]}\u00ad{TEST_PNR[4:]}.") == (
        "Ring [elev-a: phone], [personnummer]."
    )


@pytest.mark.parametrize(
    "address",
    [
        "ebba @ example.com",
        "ebba(at)example.com",
        "ebba [at] example [dot] com",
        "ebba snabel-a example.com",
        "ebba (AT) example (punkt) se",
        "ebba {at} example.com",
        "ebba.e [at] skola.example.org",
    ],
)
def test_an_obfuscated_email_address_is_found(address):
    text = f"Mejla {address} i dag."
    flags = scan_text(text, [])
    assert found(text, flags) == [("email", address)]
    assert check_text(text, [])[0] == "Mejla [e-post] i dag."


@pytest.mark.parametrize(
    "text",
    [
        "look (at) this",
        "look at example.com",
        "snabel-a example.com",
        "vi ses @ 15",
        "mejla @kommunen",
        "titta [at] sidan",
        "snabel-a är tecknet @",
        "ebba (at) example",
        "punkt (at) slut.",
    ],
)
def test_written_out_at_signs_without_an_address_are_not_flagged(text):
    assert scan_text(text, []) == []


def test_an_age_and_a_gender_in_everyday_words_are_not_flagged():
    text = "Det var 41 anmälningar förra året, och man såg en ökning."
    assert check_text(text, HOT) == (text, [])
    for text in ("Det är 41 anmälningar.", "Man kan ringa. Kvinnorna och männen.", "41 personer, 47 stolar", "man, 41"):
        assert scan_text(text, HOT) == [], text


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("en man, 41 år", ["gender", "age"]),
        ("mannen är 41.", ["gender", "age"]),
        ("en 41-åring, en man", ["age", "gender"]),
        ("41-årige mannen", ["age", "gender"]),
        ("the man, aged 41", ["gender", "age"]),
        ("a 41-year-old, the man", ["age", "gender"]),
        ("a man, age: 41", ["gender", "age"]),
        ("fyller 41, en man", ["age", "gender"]),
    ],
)
def test_an_age_and_a_gender_in_their_phrases_narrow(text, kinds):
    flags = scan_text(text, [HENRIK])
    assert [f.kind for f in flags] == kinds and rules(flags) == ["narrowing", "narrowing"]


def test_the_words_that_only_give_the_context_stay_in_the_text():
    assert redacted("Han är 41, en man på kommunledningskontoret.", [HENRIK]) == (
        "Han är [tjansteman: age], en [tjansteman: gender] på [tjansteman: workplace]."
    )
    assert (
        redacted("en 41-åring, kvinnan och 47 år", HOT) == "en 41-åring, [fortroendevald: gender] och "
        "[fortroendevald: age]"
    )


def test_an_age_declared_with_its_unit_still_finds_the_phrases():
    assert [f.kind for f in scan_text("15-åringen i 9B", [ALI])] == ["age", "class"]


def test_the_bundled_case_catches_every_form_the_review_found():
    from pathlib import Path

    from tests.conftest import FIXTURES

    root = Path(FIXTURES).parents[1]
    personas = load_file(root / "scenarios" / "propaganda-gymnasiet.yaml").scenario.personas
    for text in (
        "Linus",
        "Fjällgren",
        "Fjällgrens pappa",
        "Fjällgren, Linus",
        "Linus-Fjällgren",
        "L. Fjällgren",
        "Linus Fjaellgren",
        "Stenkullevägen 14",
        "stenkullevagen 14 tallmora",
        "Lin\u00adus Fjällgren",
        "Linus\u200bFjällgren",
    ):
        stored, flags = check_text(text, personas)
        assert flags and "[elev-a: " in stored and "linus" not in fold(stored) and "stenkull" not in fold(stored)
    hot = load_file(root / "scenarios" / "hot-mot-fortroendevald.yaml").scenario.personas
    text = "Det var 41 anmälningar förra året, och man såg en ökning."
    assert check_text(text, hot) == (text, [])


# --- the lint's view: each identifier on its own ---------------------------------------------------


def test_identifier_spans_finds_single_identifiers_with_the_guards_matching():
    from tabletop.sim.guard import identifier_spans

    text = "Ali Ekströms pappa, Ekbackens skola"
    spans = identifier_spans(text, PERSONAS)
    assert [(f.rule_id, f.kind, text[f.span[0] : f.span[1]]) for f in spans] == [
        ("text-identifier", "name", "Ali Ekströms"),
        ("narrowing", "school", "Ekbackens skola"),
    ]
    assert [f.kind for f in identifier_spans(text, PERSONAS, kinds=["school"])] == ["school"]
    assert identifier_spans(text, [], kinds=None) == [] and identifier_spans("", PERSONAS) == []
    assert [f.kind for f in identifier_spans("bor på Stenkullevägen", CASE, kinds={"address"})] == ["address"]


def test_identifier_spans_agrees_with_scan_text_on_direct_identifiers():
    from tabletop.sim.guard import identifier_spans

    text = "Linus Fjällgrens mamma, Tallmoravarg och nordvind_lf på Stenkullevägen 14"
    direct = [(f.span, f.persona, f.kind) for f in scan_text(text, CASE) if f.rule_id == "text-identifier"]
    assert [
        (f.span, f.persona, f.kind) for f in identifier_spans(text, CASE) if f.rule_id == "text-identifier"
    ] == direct and len(direct) == 4


def test_a_name_glued_to_a_number_is_found_so_redaction_never_exposes_it():
    text = "Linus070-174 06 42 och 2007Fjällgren"
    stored = redacted(text)
    assert stored == "[elev-a: name][telefon] och 2007[elev-a: name]"
    assert [f for f in scan_text(stored, CASE) if f.rule_id != "narrowing"] == []


def test_a_number_inside_a_longer_number_is_not_a_persona_detail():
    assert scan_text("1741 år, 4170-174 06 42, 0070-174 06 42", [HENRIK, LINUS]) == []
