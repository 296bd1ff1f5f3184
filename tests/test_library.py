"""The bundled case library: what each case must have (issue 5), checked on every case, and the library's balance
(issue 17): right-wing, left-wing and religiously motivated cases alike, and the departments a case can turn on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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


KINDS = ("right-wing", "left-wing", "religious")
# Departments that each must be at the centre of at least one case: the ones whose own routine, mandate or secrecy
# a team most often gets wrong when it meets them only at the coordination table.
MUST_BE_CENTRAL = ("psykiatri", "stodtelefon", "sspf", "kriminalvard")


def centre(scenario) -> str | None:
    """The department at the centre of a case: the one whose mandate most of its decisions need (the choices' `by`).

    The format has no field for it; `by` is the nearest thing it already says. None when two departments tie.
    """
    owners = Counter(c.by for st in scenario.steps for c in st.choices if c.by).most_common(2)
    if not owners or (len(owners) == 2 and owners[0][1] == owners[1][1]):
        return None
    return owners[0][0]


def test_the_library_covers_right_left_and_religious_extremism():
    themes = {load_file(c.path).scenario.theme.value for c in CASES}
    assert set(KINDS) <= themes
    assert len(CASES) >= 9


def test_the_library_holds_right_left_and_religious_cases_in_balance():
    kinds = Counter(load_file(c.path).scenario.theme.value for c in CASES)
    counts = [kinds[k] for k in KINDS]
    assert min(counts) >= 3, kinds
    assert max(counts) - min(counts) <= 1, kinds


def test_each_case_has_one_department_at_its_centre(case):
    _, result = case
    s = result.scenario
    assert centre(s) in {d.id for d in s.departments}


def test_psychiatry_the_support_phone_sspf_and_correctional_services_are_each_at_the_centre_of_a_case():
    centres = Counter(centre(load_file(c.path).scenario) for c in CASES)
    assert all(centres[d] >= 1 for d in MUST_BE_CENTRAL), centres


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


def _library_table() -> dict[str, dict[str, str]]:
    """The table of every case in docs/scenarios.md, by case id, each row by column heading."""
    doc = (Path(__file__).parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")
    lines = doc.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| case |"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    header = [cell.strip() for cell in lines[start].strip("|").split("|")]
    rows = {}
    for line in lines[start + 2 : end]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        row = dict(zip(header, cells, strict=True))
        case_id = row["case"].rsplit("(`", 1)[-1].rstrip("`)")
        rows[case_id] = row
    return rows


def test_docs_list_every_bundled_case_with_its_size_kind_and_centre():
    from tabletop.sim.format.departments import department_name

    table = _library_table()
    for file in CASES:
        s = load_file(file.path).scenario
        row = table[s.id]
        assert row["steps"] == str(len(s.steps))
        assert row["endings"] == str(sum(1 for st in s.steps if st.ending))
        assert row["ideology"] == s.theme.value
        assert row["at the centre"] == department_name(centre(s), "en")
