"""The case's own text: an identifier no persona declares is an error (C702), a declared one must be
fiction-safe (C703), and a session never starts on such a case."""

from __future__ import annotations

import pytest

from tabletop.sim.format.loader import load_text
from tabletop.sim.guard.fiction import fiction_safe, same_identifier
from tabletop.sim.play.session import Refused, Session
from tests.conftest import MINIMAL


def codes(source: str) -> list[str]:
    return [d.code for d in load_text(source, "case.yaml").diagnostics if d.code.startswith("C7")]


@pytest.fixture
def minimal() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kind", "value", "safe"),
    [
        ("phone", "070-174 06 05", True),
        ("phone", "+46 70 174 06 99", True),
        ("phone", "070-174 06 04", False),
        ("phone", "08-123 456 78", False),
        ("email", "ebba@example.se", True),
        ("email", "e@skola.example.org", True),
        ("email", "e@kommun.test", True),
        ("email", "e@x.invalid", True),
        ("email", "e@kommunen.se", False),
        ("email", "e@notexample.se", False),
        ("personnummer", "20170101-2393", True),
        ("personnummer", "170101-2393", True),
        ("personnummer", "701063-2391", True),
        ("personnummer", "20170101-2394", False),
        ("name", "Sam Berg", True),
    ],
)
def test_what_counts_as_fiction_safe(kind, value, safe):
    assert fiction_safe(kind, value) is safe


def test_an_author_extends_the_test_numbers_deliberately(tmp_path, monkeypatch):
    number = "19121212-1212"  # Skatteverket's other published example of a personal identity number
    assert not fiction_safe("personnummer", number)
    extra = tmp_path / "test-numbers.txt"
    extra.write_text(f"# published by Skatteverket as an example\n{number}\n", encoding="utf-8")
    monkeypatch.setenv("TABLETOP_TEST_NUMBERS", str(extra))
    assert fiction_safe("personnummer", number)


@pytest.mark.parametrize(
    ("kind", "declared", "written"),
    [
        ("phone", "070-174 06 42", "070.174.06.42"),
        ("phone", "070-174 06 42", "+46 70 174 06 42"),
        ("personnummer", "20170101-2393", "170101 2393"),
        ("email", "ebba@example.se", "ebba (at) example [dot] se"),
    ],
)
def test_a_declared_identifier_in_any_written_form_is_the_declared_one(kind, declared, written):
    assert same_identifier(kind, declared, written)


@pytest.mark.parametrize(
    "text",
    [
        "A caretaker calls 070-174 06 77.",
        "Mail ebba (at) example.se.",
        "The number 20170101-2393 is on the form.",
    ],
)
def test_an_identifier_in_case_text_that_no_persona_declares_is_an_error(minimal, text):
    source = minimal.replace(
        "text: {sv: Orosanmälan gjord, en: Report of concern made}", f"text: {{sv: Orosanmälan gjord, en: '{text}'}}"
    )
    assert "C702" in codes(source)


def test_a_declared_fiction_safe_identifier_in_case_text_is_allowed(minimal):
    source = minimal.replace("      class: 9B\n", "      class: 9B\n      phone: 070-174 06 77\n")
    source = source.replace("en: Report of concern made}", "en: Called 070.174.06.77}")
    assert "C702" not in codes(source) and "C703" not in codes(source)  # C701 says it names the persona


def test_a_declared_identifier_that_is_not_fiction_safe_is_an_error_and_no_session_starts(minimal, tmp_path):
    source = minimal.replace("      class: 9B\n", "      class: 9B\n      email: ali@kommunen.se\n")
    assert codes(source) == ["C703"]
    with pytest.raises(Refused):
        Session.start(source, departments={"skola": 1}, term="HT2026", log_path=tmp_path / "s.jsonl")
    assert not (tmp_path / "s.jsonl").exists()


# --- C702 points at the identifier itself ----------------------------------------------------------------

FACT_TEXT = "    text: {sv: Orosanmälan gjord, en: Report of concern made}\n"


def _c702_at(source: str) -> list[tuple[int, int]]:
    return [(d.line, d.col) for d in load_text(source, "case.yaml").diagnostics if d.code == "C702"]


def _where(source: str, needle: str) -> tuple[int, int]:
    at = source.index(needle)
    line = source.count("\n", 0, at) + 1
    return line, at - (source.rfind("\n", 0, at) + 1) + 1


@pytest.mark.parametrize(
    "field",
    [
        # plain, in a flow mapping and in a block mapping over several lines
        "    text: {sv: Orosanmälan gjord, en: Ring 070-174 06 77 i dag}\n",
        "    text:\n      sv: Orosanmälan gjord\n      en: Ring fältgruppen eller\n        070-174 06 77 i dag\n",
        # quoted: doubled quotes and escapes before the number
        "    text: {sv: Orosanmälan gjord, en: 'It''s on the form: 070-174 06 77'}\n",
        '    text: {sv: Orosanmälan gjord, en: "\\"Ring\\"\\tnu \\u00e4\\\n        070-174 06 77"}\n',
        # block scalars, folded and literal, with chomping and indentation indicators and a comment
        "    text:\n      sv: Orosanmälan gjord\n      en: >-\n        Ring fältgruppen,\n\n"
        "          eller ring 070-174 06 77 i dag.\n",
        "    text:\n      sv: Orosanmälan gjord\n      en: |2  # a comment\n        Ring fältgruppen\n"
        "        eller 070-174 06 77\n",
    ],
    ids=["plain", "plain-multiline", "single-quoted", "double-quoted", "folded", "literal"],
)
def test_c702_points_at_the_identifier_inside_the_text(minimal, field):
    source = minimal.replace(FACT_TEXT, field)
    assert _c702_at(source) == [_where(source, "070-174 06 77")]


def test_c702_points_at_each_identifier_in_a_text(minimal):
    field = "    text:\n      sv: Orosanmälan gjord\n      en: >\n"
    field += "        Ring 070-174 06 77\n        eller 070-174 06 78.\n"
    source = minimal.replace(FACT_TEXT, field)
    assert _c702_at(source) == [_where(source, "070-174 06 77"), _where(source, "070-174 06 78")]


def test_c702_falls_back_to_the_start_of_the_text_where_the_place_cannot_be_worked_out(minimal):
    from tabletop.sim.format.source import parse

    source = minimal.replace(FACT_TEXT, "    text: {sv: Orosanmälan gjord, en: 'Ring 070-174 06 77'}\n")
    positions = parse(source, "case.yaml").positions
    path = ("facts", 0, "text", "en")
    assert positions.inner(path, "something else entirely", 5) == positions.of(path)


# --- street addresses in case text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["He lives on Storgatan 12.", "Hon bor på Tallmoravägen 3 B, Tallmora.", "Ses vid Björkallén 7", "Lönngränd 2a"],
)
def test_an_undeclared_street_address_in_case_text_is_an_error(minimal, text):
    source = minimal.replace(FACT_TEXT, f"    text: {{sv: Orosanmälan gjord, en: '{text}'}}\n")
    assert "C702" in codes(source)
    (diagnostic,) = [d for d in load_text(source, "case.yaml").diagnostics if d.code == "C702"]
    assert "a street address" in diagnostic.message


@pytest.mark.parametrize(
    "text",
    [
        "Vi möts på Storgatan.",
        "Gatan 3 gånger",
        "the 1990s on Storgatan",
        "Storgatan 1950-talet",
        "Bor på Tallmoravägen 3 i Tallmora",
    ],
)
def test_a_street_without_a_number_or_a_declared_address_is_not_an_error(minimal, text):
    source = minimal.replace("      class: 9B\n", "      class: 9B\n      address: Tallmoravägen 3, Tallmora\n")
    source = source.replace(FACT_TEXT, f"    text: {{sv: Orosanmälan gjord, en: '{text}'}}\n")
    assert "C702" not in codes(source)
