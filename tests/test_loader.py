"""Loading: the model, its positions, the graph, and the shape errors."""

from __future__ import annotations

from tabletop.sim.format.loader import load_file, load_text
from tabletop.sim.format.model import holds, minutes
from tabletop.sim.map.graph import to_graph
from tests.conftest import MINIMAL


def test_the_minimal_case_loads_clean():
    result = load_file(MINIMAL)
    assert result.ok and result.diagnostics == []
    s = result.scenario
    assert [step.id for step in s.steps] == ["start", "named", "follow-up", "good-end", "poor-end"]
    assert s.step("named").level == "individual"
    assert s.step("start").choices[1].discloses[0].from_ == "skola"
    assert s.step("start").choices[1].discloses[0].to == ["group"]


def test_model_objects_know_where_they_come_from():
    s = load_file(MINIMAL).scenario
    choice = s.step("start").choices[1]
    assert (choice.line, choice.col) == (46, 9)
    assert choice.path == ("steps", 0, "choices", 1)
    assert s.personas[0].line == 18


def test_the_graph_has_steps_as_nodes_and_choices_on_edges():
    graph = to_graph(load_file(MINIMAL).scenario)
    assert graph.number_of_nodes() == 5
    assert graph.nodes["named"]["level"] == "individual"
    assert graph.nodes["good-end"]["outcome"] == "good"
    assert [c.id for c in graph.edges["follow-up", "good-end"]["choices"]] == ["club-routine", "together"]


def test_conditions_are_declarative():
    assert holds({"all": ["a", {"not": "b"}]}, {"a": True})
    assert not holds({"any": ["a", "b"]}, {})


def test_durations_read_as_minutes():
    assert [minutes(d) for d in ("10m", "90m", "1h30m", "2h", "45min")] == [10, 90, 90, 120, 45]


def test_unknown_key_suggests_the_right_one(minimal_text):
    text = minimal_text.replace("    timebox: 10m\n    prompts:", "    timebx: 10m\n    prompts:", 1)
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "F201" and "did you mean 'timebox'" in d.message and (d.line, d.col) == (32, 5)


def test_all_shape_errors_come_in_one_run(minimal_text):
    text = (
        minimal_text.replace("theme: right-wing", "theme: rightwing")
        .replace("duration: 30m", "duration: half an hour")
        .replace("      outcome: poor", "      outcome: bad")
    )
    found = {d.code for d in load_text(text, "case.yaml").diagnostics}
    assert found == {"F205"}
    assert len(load_text(text, "case.yaml").diagnostics) == 3


def test_wrong_type_names_the_field_and_what_was_expected(minimal_text):
    text = minimal_text.replace("languages: [sv, en]", "languages: sv")
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "F202" and "'languages'" in d.message and "expected a list" in d.message


def test_a_list_at_the_top_is_not_a_scenario():
    [d] = load_text("- a\n- b\n", "x.yaml").diagnostics
    assert d.code == "Y107" and (d.line, d.col) == (1, 1)


def test_an_empty_file_is_not_a_scenario():
    [d] = load_text("# nothing here\n", "x.yaml").diagnostics
    assert d.code == "Y107" and "empty" in d.message


def test_a_newer_format_is_refused_before_anything_else():
    [d] = load_text("format: 2\nwhatever: true\n", "x.yaml").diagnostics
    assert d.code == "F204" and (d.line, d.col) == (1, 9)


def test_identifier_in_operational_text_is_a_lint_warning(minimal_text):
    text = minimal_text.replace(
        "en: Stickers have been put up at the school.", "en: Ali Ekström put up stickers at the school."
    )
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "C701" and d.severity.value == "warning" and "elev-a" in d.message


def test_identifier_matching_is_whole_word_and_diacritic_insensitive(minimal_text):
    text = minimal_text.replace(
        "en: Stickers have been put up at the school.", "en: Stickers were seen in Alingsås and at EKBACKENS SKOLA."
    )
    [d] = load_text(text, "case.yaml").diagnostics
    assert d.code == "C701" and "'EKBACKENS SKOLA'" in d.message


def test_typos_in_keys_do_not_hide_the_other_problems(minimal_text):
    text = (
        minimal_text.replace("timebox: 10m", "timbox: 10m", 1)
        .replace("goto: follow-up", "goto: folow-up")
        .replace("start: start", "start: strat")
        .replace("summary:", "sumary:")
    )
    found = sorted((d.code, d.line) for d in load_text(text, "case.yaml").diagnostics)
    assert found == [("F201", 5), ("F201", 32), ("R302", 45), ("R303", 27)]  # no F203 for 'summary'


def test_a_missing_format_is_reported_with_everything_else(minimal_text):
    text = minimal_text.replace("format: 1\n", "").replace("duration: 30m", "duration: lots")
    assert sorted(d.code for d in load_text(text, "case.yaml").diagnostics) == ["F203", "F205"]


def test_format_must_be_the_integer_1(minimal_text):
    [d] = load_text(minimal_text.replace("format: 1", "format: 1.0"), "case.yaml").diagnostics
    assert d.code == "F204"


def test_ids_may_use_swedish_letters(minimal_text):
    text = minimal_text.replace("id: good-end", "id: gött-slut").replace("goto: good-end", "goto: gött-slut")
    assert load_text(text, "case.yaml").diagnostics == []


def test_a_comma_in_unquoted_text_gets_a_hint_not_python(minimal_text):
    text = minimal_text.replace("en: Stickers have been put up at the school.", "en: Stickers, e.g. logos, went up.")
    [d] = load_text(text, "case.yaml").diagnostics
    assert "'e.g. logos' is not a language code" in d.message and "put the text in quotes" in d.message
    assert "!r" not in d.message


def test_empty_values_and_bare_numbers_are_described_in_yaml_terms(minimal_text):
    [empty] = load_text(minimal_text.replace("theme: right-wing", "theme:"), "case.yaml").diagnostics
    assert "nothing (an empty value)" in empty.message and "None" not in empty.message
    [number] = load_text(minimal_text.replace("timebox: 10m", "timebox: 10", 1), "case.yaml").diagnostics
    assert number.message.endswith("(a duration like 10m)")
