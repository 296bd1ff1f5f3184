"""Where the validator points, and what it says, for two mistakes easy to make in YAML by hand."""

from __future__ import annotations

import pytest

from tabletop.sim.format.loader import load_text
from tabletop.sim.format.source import parse
from tests.conftest import MINIMAL


@pytest.mark.parametrize(
    ("text", "where", "bracket"),
    [
        ("a: 1\nb: [1, 2\nc: 3\n", (2, 4), "["),
        ("a: 1\nb: {x: 1, y: 2\n", (2, 4), "{"),
        ("steps:\n  - id: a\n    text: {sv: hej, en: hi\n    title: T\n", (3, 11), "{"),
        ('a: ["x]", y\nb: 2\n', (1, 4), "["),
        ("title: Åsa Öberg\nlanguages: [sv, en\ntheme: other\n", (2, 12), "["),
    ],
)
def test_an_unclosed_bracket_or_brace_is_reported_where_it_opens(text, where, bracket):
    (d,) = parse(text, "f.yaml").diagnostics
    assert (d.code, (d.line, d.col)) == ("Y101", where)
    assert f"the '{bracket}' opened here is never closed" in d.message


def test_a_missing_comma_inside_closed_braces_is_reported_where_the_parser_stopped():
    (d,) = parse("a: {x: 1 y: 2}\n", "f.yaml").diagnostics
    assert (d.line, d.col) == (1, 11) and "never closed" not in d.message


@pytest.mark.parametrize("word", ["yes", "no", "on", "Off", "y"])
def test_yes_and_no_as_booleans_get_a_hint_about_yaml_1_2(word):
    text = MINIMAL.read_text(encoding="utf-8").replace("sets: {reported: true}", f"sets: {{reported: {word}}}")
    (d,) = load_text(text, "m.yaml").diagnostics
    assert d.code == "F202"
    assert f"'{word}' is text in YAML 1.2" in d.message and "write true or false" in d.message


def test_other_text_given_for_a_boolean_gets_no_yaml_hint():
    text = MINIMAL.read_text(encoding="utf-8").replace("sets: {reported: true}", "sets: {reported: maybe}")
    (d,) = load_text(text, "m.yaml").diagnostics
    assert "YAML 1.2" not in d.message
