"""The rules that make a case a lesson: a flagged choice never stands alone at its step (C704), and from every
reachable state an ending can be reached without a flagged choice (C705), in validate and in explore alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabletop.sim.author.explore import explore
from tabletop.sim.format.loader import load_file, load_text
from tabletop.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent

HEAD = """\
format: 1
id: lesson
title: A lesson
summary: Symbols appear on a school wall.
languages: [en]
theme: other
duration: 30m
departments: [skola]
personas:
  - id: pupil
    label: a pupil in year 8
    identifiers:
      name: Sam Berg
facts:
  - id: talked
start: found
steps:
  - id: found
    title: The symbols
    text: A teacher finds symbols painted on a wall.
    choices:
      - id: ask-name
        text: Ask the school which pupil painted them
        by: skola
        goto: done
        discloses:
          - persona: pupil
"""
END = """\
  - id: done
    title: Done
    text: The principal takes it from here.
    ending:
      outcome: mixed
"""


def codes_of(text: str) -> list[tuple[str, int | None]]:
    return [(d.code, d.line) for d in load_text(text, "lesson.yaml").diagnostics if d.code in ("C704", "C705")]


def test_a_flagged_choice_alone_at_its_step_is_reported_at_the_choice():
    assert codes_of(HEAD + END) == [("C704", 22)]


def test_an_unflagged_choice_beside_it_is_the_operational_alternative():
    alternative = "      - id: routine\n        text: Ask which routine applies\n        goto: done\n"
    assert codes_of(HEAD + alternative + END) == []


def test_an_alternative_closed_by_a_condition_leaves_no_safe_way_out_and_names_the_facts():
    # 'routine' is offered only after talking, and talking sets the fact only once: from the state where the
    # group has talked, the only way to an ending is the flagged question
    text = (
        HEAD
        + """\
      - id: talk
        text: Talk about symbols in general
        goto: talked
        sets: {talked: true}
  - id: talked
    title: Talked
    text: The group knows the symbols now.
    choices:
      - id: routine
        text: Ask which routine applies
        requires: [{not: talked}]
        goto: done
      - id: back
        text: Go back to the wall
        goto: found
"""
        + END
    )
    assert codes_of(text) == [("C705", 18), ("C705", 32)]
    messages = [d.message for d in load_text(text, "lesson.yaml").diagnostics if d.code == "C705"]
    assert "(with talked true)" not in messages[0] and "(with talked true)" in messages[1], messages
    report = explore(load_text(text, "lesson.yaml", validate=False).scenario)
    assert report.no_clean_way_out == ["found", "talked"]
    assert not report.ok


def test_explore_exits_non_zero_when_an_ending_needs_a_flagged_choice(tmp_path, capsys):
    path = ROOT / "tests" / "fixtures" / "invalid" / "C705-no-safe-way-out.yaml"
    report = explore(load_file(path, validate=False).scenario)
    assert report.no_clean_way_out == ["found"]
    assert any("only through a flagged choice" in line for line in report.problem_lines("en"))
    assert any("bara genom ett flaggat val" in line for line in report.problem_lines("sv"))
    assert main(["explore", str(path)]) == 1


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bundled_case_keeps_the_lesson_rules(path):
    result = load_file(path)
    assert not [d.format() for d in result.diagnostics if d.code in ("C704", "C705")]
    assert explore(result.scenario).no_clean_way_out == []
