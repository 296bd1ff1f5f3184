"""`tabletop graph` shows what a choice requires and sets, on the choice's edge, in the map's language."""

from __future__ import annotations

from tabletop.sim.format.loader import load_file
from tabletop.sim.map.draw import mermaid
from tabletop.sim.map.graph import choice_logic, to_dot
from tabletop.tui.cli import main
from tests.conftest import MINIMAL


def minimal():
    return load_file(MINIMAL).scenario


def choice(scenario, choice_id):
    return next(c for s in scenario.steps for c in s.choices if c.id == choice_id)


def test_a_choice_edge_says_what_it_requires_and_sets():
    scenario = minimal()
    assert choice_logic(choice(scenario, "routine"), "en") == " [sets reported=true]"
    assert choice_logic(choice(scenario, "together"), "en") == " [requires reported]"
    assert choice_logic(choice(scenario, "club-routine"), "sv") == (
        " [kräver reported och inte (reported och inte reported)]"
    )
    assert choice_logic(choice(scenario, "ask-name"), "en") == ""


def test_both_exports_carry_it_in_the_label_of_the_edge(capsys):
    scenario = minimal()
    assert '-->|"The school follows its routine [sets reported=true]"|' in mermaid(scenario, "en", logic=True)
    assert "[sets reported=true]" not in mermaid(scenario, "en")  # the report's map keeps its labels short
    assert 'label="together: Samverka på verksamhetsnivå [kräver reported]"' in to_dot(scenario, "sv")
    assert main(["graph", str(MINIMAL), "--format", "mermaid", "--lang", "en"]) == 0
    assert "[requires reported]" in capsys.readouterr().out
