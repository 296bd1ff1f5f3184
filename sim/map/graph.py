"""The decision graph: a scenario as a ``networkx.DiGraph``, and its Graphviz DOT export.

The Mermaid and SVG drawings of the map are :mod:`sim.map.draw` (which walks this graph).

Nodes are step ids with their data (``step``, ``level``, ``outcome``); an edge
holds the list of choices (``choices``) that lead from one step to another,
since two choices may share their ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from ..format.model import Scenario


def to_graph(scenario: Scenario) -> nx.DiGraph:
    import networkx as nx

    graph: nx.DiGraph[str] = nx.DiGraph(id=scenario.id, start=scenario.start)
    for step in scenario.steps:
        graph.add_node(step.id, step=step, level=step.level, outcome=step.ending.outcome if step.ending else None)
    for step in scenario.steps:
        for choice in step.choices:
            if choice.goto not in graph:
                continue
            if graph.has_edge(step.id, choice.goto):
                graph.edges[step.id, choice.goto]["choices"].append(choice)
            else:
                graph.add_edge(step.id, choice.goto, choices=[choice])
    return graph


def is_flagged_choice(scenario: Scenario, choice) -> bool:
    """Whether the guard flags a choice: the maps mark exactly what the app warns about."""
    from ..guard import choice_flags

    return bool(choice_flags(scenario, choice))


def choice_logic(choice, lang: str) -> str:
    """What a choice requires and sets, for its edge's label: `` [requires a and not b; sets c=true]``, or ``""``."""
    from ..i18n import t

    parts = []
    if choice.requires:
        conditions = f" {t('graph.and', lang)} ".join(_condition(c, lang, top=True) for c in choice.requires)
        parts.append(t("graph.requires", lang, conditions=conditions))
    if choice.sets:
        facts = ", ".join(f"{fact}={'true' if value else 'false'}" for fact, value in choice.sets.items())
        parts.append(t("graph.sets", lang, facts=facts))
    return f" [{'; '.join(parts)}]" if parts else ""


def _condition(condition, lang: str, *, top: bool = False) -> str:
    """A declarative condition in words: ``a``, ``not a``, ``(a and b)``, ``(a or b)``."""
    from ..i18n import t

    if isinstance(condition, str):
        return condition
    ((op, arg),) = condition.items()
    if op == "not":
        return f"{t('graph.not', lang)} {_condition(arg, lang)}"
    word = t("graph.and" if op == "all" else "graph.or", lang)
    joined = f" {word} ".join(_condition(c, lang) for c in arg)
    return joined if top or len(arg) == 1 else f"({joined})"


_OUTCOME_COLOUR = {"good": "#2e7d32", "mixed": "#f9a825", "poor": "#c62828"}


def _choices(graph):
    """(source, choice) for every edge of the graph, each step's choices in the order the case gives them."""
    for source, data in graph.nodes(data=True):
        for choice in data["step"].choices:
            if choice.goto in graph:
                yield source, choice


def to_dot(scenario: Scenario, lang: str) -> str:
    """Graphviz DOT of the case's graph: individual-level steps red and dashed, disclosing choices red,
    endings coloured by outcome."""
    from ..i18n import t

    graph = to_graph(scenario)
    lines = [f'digraph "{_esc(scenario.id)}" {{', "  rankdir=TB;", '  node [shape=box, style="rounded"];']
    for node, data in graph.nodes(data=True):
        step = data["step"]
        label = _esc(node) + "\\n" + _esc(scenario.text(step.title, lang))
        attrs = []
        if data["outcome"]:
            label += "\\n(" + _esc(t(f"graph.outcome.{data['outcome']}", lang)) + ")"
            attrs += [
                "shape=doubleoctagon",
                'style="filled"',
                f'fillcolor="{_OUTCOME_COLOUR[data["outcome"]]}"',
                'fontcolor="white"',
            ]
        if data["level"] == "individual":
            label += "\\n[" + _esc(t("graph.individual", lang)) + "]"
            attrs += ['color="#c62828"', "penwidth=3", 'style="dashed,rounded"']
        if node == scenario.start:
            attrs.append("peripheries=2")
        attrs.insert(0, f'label="{label}"')
        lines.append(f'  "{_esc(node)}" [{", ".join(attrs)}];')
    for source, choice in _choices(graph):
        label = _esc(f"{choice.id}: {scenario.text(choice.text, lang)}{choice_logic(choice, lang)}")
        attrs = [f'label="{label}"']
        if is_flagged_choice(scenario, choice):
            attrs = [f'label="⚠ {label}"', 'color="#c62828"', 'fontcolor="#c62828"', "penwidth=2"]
        lines.append(f'  "{_esc(source)}" -> "{_esc(choice.goto)}" [{", ".join(attrs)}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
