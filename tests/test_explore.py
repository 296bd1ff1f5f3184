"""Exploring every reachable state of a case: reachability, stuck states, loops, counts, timings, safe paths."""

from __future__ import annotations

import pytest

from tabletop.sim.author.explore import explore
from tabletop.sim.format.loader import load_file, load_text
from tabletop.sim.format.model import holds
from tests.conftest import MINIMAL
from tests.generate import layered_case

HEADER = """\
format: 1
id: inline
title: Inline case
summary: A small case written inside a test.
languages: [en]
theme: other
duration: {duration}
departments: [skola, polis]
{personas}facts:
  - id: asked
  - id: reported
start: a
steps:
"""


def case(steps: str, *, duration: str = "30m", personas: str = ""):
    """A valid scenario from a YAML list of steps (the metadata is filled in)."""
    result = load_text(HEADER.format(duration=duration, personas=personas) + steps, "inline.yaml")
    assert result.ok, [d.message for d in result.errors]
    return result.scenario


GOOD_END = """\
  - id: good
    title: Good
    text: It went well.
    ending: {outcome: good}
"""
POOR_END = """\
  - id: poor
    title: Poor
    text: It went badly.
    ending: {outcome: poor}
"""


# --- the minimal fixture, checked by hand -------------------------------------------------------


@pytest.fixture(scope="module")
def minimal_report():
    return explore(load_file(MINIMAL).scenario)


def test_minimal_counts_the_paths_to_each_ending(minimal_report):
    paths = {e.step: e.paths for e in minimal_report.endings}
    # good: routine + club-routine / routine + together. poor: ask-name, stop / routine, wait.
    assert paths == {"good-end": 2, "poor-end": 2}


def test_minimal_shortest_and_longest_paths_in_steps_and_minutes(minimal_report):
    good, poor = minimal_report.endings
    assert (good.shortest_steps, good.longest_steps) == (3, 3)
    assert (good.shortest_minutes, good.longest_minutes) == (20, 20)  # start 10m + follow-up 10m
    assert (poor.shortest_steps, poor.longest_steps) == (3, 3)
    assert (poor.shortest_minutes, poor.longest_minutes) == (15, 20)  # via named (5m) or via follow-up (10m)
    assert minimal_report.duration_minutes == 30
    assert not minimal_report.warnings


def test_minimal_airtime_is_the_fewest_and_most_prompts_per_department(minimal_report):
    good, poor = minimal_report.endings
    assert good.airtime == {"skola": (1, 1), "polis": (1, 1), "fotboll": (1, 1)}
    assert poor.airtime == {"skola": (1, 1), "polis": (1, 1), "fotboll": (0, 1)}
    assert minimal_report.airtime == {"skola": (1, 1), "polis": (1, 1), "fotboll": (0, 1)}


def test_minimal_has_a_safe_path_from_the_start_but_not_from_the_individual_step(minimal_report):
    assert minimal_report.start_safe
    assert minimal_report.safe_path == {
        "start": True,
        "named": False,
        "follow-up": True,
        "good-end": True,
        "poor-end": False,
    }
    assert minimal_report.breaches_before_good == []


def test_minimal_reaches_every_step_and_choice(minimal_report):
    assert minimal_report.untaken_choices == []
    assert minimal_report.unreached_steps == []
    assert minimal_report.ok and minimal_report.problems == []


def test_minimal_states_track_only_the_facts_that_conditions_read(minimal_report):
    assert minimal_report.tracked_facts == ("reported",)
    assert minimal_report.states == 6  # start, named, follow-up+reported, good-end, poor-end with and without
    assert minimal_report.transitions == 6


def test_report_lines_in_english_and_swedish(minimal_report):
    en = "\n".join(minimal_report.lines())
    sv = "\n".join(minimal_report.lines("sv"))
    assert "good-end (good): 2 paths; 3 steps; 20 min" in en
    assert "poor-end (poor): 2 paths; 3 steps; 15–20 min" in en
    assert "no safe path from: named" in en
    assert en.splitlines()[-1] == "OK"
    assert "good-end (bra): 2 vägar; 3 steg; 20 min" in sv
    assert "ingen säker väg från: named" in sv


# --- small inline cases -------------------------------------------------------------------------


def test_a_choice_behind_a_fact_nobody_sets_is_never_taken_and_its_step_never_reached():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: on, text: On, goto: good}
      - {id: locked, text: Locked, goto: b, requires: [reported]}
  - id: b
    title: B
    text: Behind the lock.
    choices:
      - {id: done, text: Done, goto: good}
"""
        + GOOD_END
    )
    report = explore(scenario)
    assert report.untaken_choices == [("a", "locked")]
    assert report.unreached_steps == ["b"]
    assert report.problems == ["step b is never reached", "choice a/locked is never available in any reachable state"]


def test_a_state_with_no_available_choice_is_stuck_and_named_with_its_facts():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: report, text: Report, goto: b, sets: {reported: true}}
      - {id: skip, text: Skip, goto: b, sets: {asked: true}}
  - id: b
    title: B
    text: Only a reported case can go on.
    choices:
      - {id: on, text: On, goto: good, requires: [reported]}
      - {id: ask, text: Ask, goto: good, requires: [{all: [asked, reported]}]}
"""
        + GOOD_END
    )
    report = explore(scenario)
    assert [(s.step, s.facts) for s in report.stuck] == [("b", ("asked",))]
    assert "stuck at step b (asked): no choice is available and it is not an ending" in report.problems
    assert report.safe_path["b"] is None  # safe after reporting, stuck after skipping


def test_a_loop_makes_the_paths_after_it_infinite_and_names_its_steps():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    timebox: 10m
    prompts: {skola: What does the school do?}
    choices:
      - {id: discuss, text: Discuss more, goto: b}
      - {id: decide, text: Decide, goto: good}
  - id: b
    title: B
    text: Talking it over.
    timebox: 5m
    prompts: {polis: What do the police do?}
    choices:
      - {id: back, text: Back, goto: a}
      - {id: give-up, text: Give up, goto: poor}
"""
        + GOOD_END
        + POOR_END
    )
    report = explore(scenario)
    good, poor = report.endings
    assert good.paths is None and poor.paths is None
    assert good.loop == ("a", "b")
    assert report.loop_steps == ["a", "b"]
    assert (good.shortest_steps, good.longest_steps) == (2, None)
    assert (good.shortest_minutes, good.longest_minutes) == (10, None)
    assert (poor.shortest_minutes, poor.longest_minutes) == (15, None)
    assert good.airtime == {"skola": (1, None), "polis": (0, None)}
    assert report.ok  # a loop with a way out is allowed
    assert any("loop through a, b" in w for w in report.warnings)
    assert "  good (good): infinitely many paths (loop through a, b); 2–∞ steps; 10–∞ min" in report.lines()


def test_a_loop_broken_by_a_fact_is_counted_exactly():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: once-more, text: Once more, goto: a, requires: [{not: asked}], sets: {asked: true}}
      - {id: decide, text: Decide, goto: good}
      - {id: also, text: Also decide, goto: good}
"""
        + GOOD_END
    )
    report = explore(scenario)
    assert report.loop_steps == []
    assert report.endings[0].paths == 4  # decide or also, with or without once-more first
    assert (report.endings[0].shortest_steps, report.endings[0].longest_steps) == (2, 3)


def test_a_loop_whose_exit_needs_a_fact_not_set_on_the_way_is_a_problem():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: report, text: Report, goto: good, sets: {reported: true}}
      - {id: spin, text: Spin, goto: b}
  - id: b
    title: B
    text: Round and round.
    choices:
      - {id: round, text: Round, goto: c}
  - id: c
    title: C
    text: And round.
    choices:
      - {id: again, text: Again, goto: b}
      - {id: out, text: Out, goto: good, requires: [reported]}
"""
        + GOOD_END
    )
    report = explore(scenario)
    assert report.closed_loops == [("b", "c")]
    assert report.problems == ["choice c/out is never available in any reachable state", "a loop with no way out: b, c"]
    assert report.endings[0].paths == 1
    assert report.safe_path["b"] is False


def test_a_case_whose_only_good_ending_needs_a_breach_fails():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: name-them, text: Name the pupil, goto: individual}
      - {id: wait, text: Wait, goto: poor}
  - id: individual
    title: Individual level
    level: individual
    text: The group talks about one pupil.
    choices:
      - {id: act, text: Act, goto: good}
"""
        + GOOD_END
        + POOR_END
    )
    report = explore(scenario)
    assert not report.start_safe
    assert report.good_reachable
    assert report.safe_path["individual"] is True  # no further breach is needed from there
    assert "no safe path from the start (a): every way to a good ending takes a breach" in report.problems
    assert report.breaches_before_good == [("a", "name-them")]
    assert "a good ending can still be reached after the breach a/name-them" in report.warnings


def test_a_disclosing_choice_is_a_breach_too():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: tell, text: Tell the name, goto: good, discloses: [{persona: p, from: skola}]}
      - {id: wait, text: Wait, goto: poor}
"""
        + GOOD_END
        + POOR_END,
        personas="personas:\n  - {id: p, label: a pupil, identifiers: {name: Test Testsson}}\n",
    )
    report = explore(scenario)
    assert report.breaches_before_good == [("a", "tell")]
    assert not report.start_safe and not report.ok


def test_running_over_the_slot_is_a_warning_not_a_problem():
    scenario = case(
        """\
  - id: a
    title: A
    text: Start.
    timebox: 20m
    prompts: {skola: What does the school do?, polis: And the police?}
    choices:
      - {id: quick, text: Quick, goto: good}
      - {id: slow, text: Slow, goto: b}
  - id: b
    title: B
    text: A long discussion.
    timebox: 25m
    choices:
      - {id: done, text: Done, goto: good}
"""
        + GOOD_END,
        duration="30m",
    )
    report = explore(scenario)
    assert (report.endings[0].shortest_minutes, report.endings[0].longest_minutes) == (20, 45)
    assert report.ok
    assert report.warnings == ["the longest way to good takes 45 min, more than the 30-min slot"]


def test_hitting_the_state_bound_is_reported_and_judges_nothing_else():
    scenario = load_text(layered_case(60, 3)).scenario
    report = explore(scenario, max_states=10)
    assert report.truncated and report.states == 10
    assert report.problems == [
        "exploration stopped at 10 states: the case has more, so paths and safe paths were not judged"
    ]
    assert report.endings == [] and report.unreached_steps == []


# --- exact counting on generated cases --------------------------------------------------------------


def dense_layers(layers: int, width: int, fanout: int) -> str:
    """Layers of ``width`` steps; each offers ``fanout`` choices, choice j to step (k + j) % width of the next."""
    steps = []
    for layer in range(layers):
        for k in range(1 if layer == 0 else width):
            sid = "a" if layer == 0 else f"s{layer}-{k}"
            steps.append(f"  - id: {sid}\n    title: {sid}\n    text: Step {sid}.\n    timebox: 1m")
            if layer == 0:
                steps.append("    prompts: {skola: What does the school do?, polis: And the police?}")
            if layer == layers - 1:
                steps.append("    ending: {outcome: good}")
                continue
            steps.append("    choices:")
            steps += [
                f"      - {{id: c{sid}-{j}, text: Choice {j}, goto: s{layer + 1}-{(k + j) % width}}}"
                for j in range(fanout)
            ]
    return "\n".join(steps) + "\n"


def test_paths_are_counted_exactly_beyond_floating_point():
    layers, width, fanout = 70, 3, 6  # two parallel choices to every next step
    report = explore(case(dense_layers(layers, width, fanout), duration="2h"))
    total = sum(e.paths for e in report.endings)
    assert total == fanout ** (layers - 1)  # 6^69, about 5 x 10^53
    assert all(e.paths == total // width for e in report.endings)
    assert all(e.shortest_steps == e.longest_steps == layers for e in report.endings)
    assert "  s69-0 (good): ≈ 1.64 × 10^53 paths; 70 steps; 70 min" in report.lines()


def brute_force_paths(scenario) -> dict[str, int]:
    """Every play-through walked one by one, with the engine's own condition test."""
    steps = {s.id: s for s in scenario.steps}
    counts: dict[str, int] = {}

    def walk(step_id: str, facts: dict[str, bool]) -> None:
        step = steps[step_id]
        if step.ending:
            counts[step_id] = counts.get(step_id, 0) + 1
            return
        for choice in step.choices:
            if all(holds(c, facts) for c in choice.requires):
                walk(choice.goto, {**facts, **choice.sets})

    walk(scenario.start, {f.id: f.initial for f in scenario.facts})
    return counts


def test_counts_on_the_generated_case_agree_with_walking_every_path():
    scenario = load_text(layered_case(30, 3)).scenario
    report = explore(scenario)
    assert {e.step: e.paths for e in report.endings if e.reached} == brute_force_paths(scenario)


def test_the_benchmark_case_has_more_than_10_to_the_30_paths():
    report = explore(load_text(layered_case(5000, 3)).scenario)
    assert sum(e.paths for e in report.endings) > 10**30
    assert any("× 10^" in line for line in report.lines())
