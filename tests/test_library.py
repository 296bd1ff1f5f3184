"""The bundled case library: what each case must have (issue 5), checked on every case."""

from __future__ import annotations

import pytest

from tabletop.sim.author.explore import explore
from tabletop.sim.author.playtest import playtest
from tabletop.sim.format.library import discover
from tabletop.sim.format.loader import load_file
from tabletop.sim.format.model import minutes
from tabletop.sim.guard import choice_flags

CASES = discover()


@pytest.fixture(scope="module", params=CASES, ids=[c.path.stem for c in CASES])
def case(request):
    result = load_file(request.param.path)
    return request.param, result


def test_the_library_covers_right_left_and_religious_extremism():
    themes = {load_file(c.path).scenario.theme.value for c in CASES}
    assert {"right-wing", "left-wing"} <= themes
    assert len(CASES) >= 4


def test_each_case_validates_strictly(case):
    _, result = case
    assert result.ok and result.diagnostics == []


def test_each_case_has_the_size_of_a_termly_exercise(case):
    _, result = case
    s = result.scenario
    assert 8 <= len(s.steps) <= 20
    assert {st.ending.outcome for st in s.steps if st.ending} == {"good", "mixed", "poor"}
    assert 2 <= len(s.objectives) <= 4
    assert 60 <= minutes(s.duration) <= 120
    assert all(st.ending.debrief for st in s.steps if st.ending)


def test_each_department_is_prompted_at_least_every_second_step(case):
    _, result = case
    s = result.scenario
    steps = [st for st in s.steps if not st.ending]
    for dept in (d.id for d in s.departments):
        prompted = [dept in st.prompts for st in steps]
        gaps = [i for i in range(len(prompted) - 1) if not prompted[i] and not prompted[i + 1]]
        assert not gaps, f"{dept} has no prompt at two steps in a row"


def test_each_step_has_the_facilitator_layer(case):
    _, result = case
    for step in result.scenario.steps:
        assert step.facilitator is not None and step.facilitator.notes is not None
        assert step.facilitator.expected


def test_each_case_has_at_least_two_tempting_individual_level_choices(case):
    _, result = case
    s = result.scenario
    tempting = [
        c
        for st in s.steps
        if st.level == "operational"
        for c in st.choices
        if c.discloses and any(f.severity == "breach" for f in choice_flags(s, c))
    ]
    assert len(tempting) >= 2


def test_each_case_has_a_safe_path_and_no_good_ending_through_a_breach(case):
    _, result = case
    report = explore(result.scenario)
    assert report.ok, report.problems
    assert report.start_safe
    assert report.breaches_before_good == []


def test_each_case_survives_a_playtest_that_takes_every_choice(case):
    file, result = case
    n_choices = sum(len(st.choices) for st in result.scenario.steps)
    report = playtest(file.path.read_text(encoding="utf-8"), file.display, runs=n_choices, seed=0)
    assert report.ok, report.failures[:3]
    taken = {c.id for st in result.scenario.steps for c in st.choices if report.choice_hits[c.id]}
    assert taken == {c.id for st in result.scenario.steps for c in st.choices}


def test_docs_list_every_bundled_case_with_its_size():
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for file in CASES:
        s = load_file(file.path).scenario
        row = next(line for line in doc.splitlines() if f"(`{s.id}`)" in line)
        assert row.split("|")[-3].strip() == str(len(s.steps))
