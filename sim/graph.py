"""The decision graph: a scenario as a ``networkx.DiGraph``, and the map exports.

Nodes are step ids with their data (``step``, ``level``, ``outcome``); an edge
holds the list of choices (``choices``) that lead from one step to another,
since two choices may share their ends.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from sim.model import Scenario


def to_graph(scenario: Scenario) -> nx.DiGraph:
    import networkx as nx

    graph = nx.DiGraph(id=scenario.id, start=scenario.start)
    for step in scenario.steps:
        graph.add_node(step.id, step=step, level=step.level,
                       outcome=step.ending.outcome if step.ending else None)
    for step in scenario.steps:
        for choice in step.choices:
            if choice.goto not in graph:
                continue
            if graph.has_edge(step.id, choice.goto):
                graph.edges[step.id, choice.goto]["choices"].append(choice)
            else:
                graph.add_edge(step.id, choice.goto, choices=[choice])
    return graph


def reachable(successors: dict[str, list[str]], sources) -> set[str]:
    """Every node reachable from ``sources`` (included) along ``successors``."""
    seen = set(sources)
    queue = deque(seen)
    while queue:
        node = queue.popleft()
        for nxt in successors.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def is_flagged_choice(choice, target_step) -> bool:
    return bool(choice.discloses or choice.sensitive) or (target_step is not None and target_step.level == "individual")


_OUTCOME_COLOUR = {"good": "#2e7d32", "mixed": "#f9a825", "poor": "#c62828"}


def to_dot(scenario: Scenario, lang: str) -> str:
    """Graphviz DOT: individual-level steps red and dashed, disclosing choices red, endings by outcome."""
    steps = {s.id: s for s in scenario.steps}
    lines = [f'digraph "{_esc(scenario.id)}" {{', "  rankdir=TB;", '  node [shape=box, style="rounded"];']
    for step in scenario.steps:
        label = _esc(step.id) + "\\n" + _esc(scenario.text(step.title, lang))
        attrs = [f'label="{label}"']
        if step.ending:
            colour = _OUTCOME_COLOUR[step.ending.outcome]
            attrs += ['shape=doubleoctagon', 'style="filled"', f'fillcolor="{colour}"', 'fontcolor="white"']
            attrs[0] = f'label="{label}\\n({step.ending.outcome})"'
        if step.level == "individual":
            attrs += ['color="#c62828"', 'penwidth=3', 'style="dashed,rounded"']
            attrs[0] = attrs[0][:-1] + '\\n[individual level]"'
        if step.id == scenario.start:
            attrs.append("peripheries=2")
        lines.append(f'  "{_esc(step.id)}" [{", ".join(attrs)}];')
    for step in scenario.steps:
        for choice in step.choices:
            label = _esc(f"{choice.id}: {scenario.text(choice.text, lang)}")
            attrs = [f'label="{label}"']
            if is_flagged_choice(choice, steps.get(choice.goto)):
                attrs += ['color="#c62828"', 'fontcolor="#c62828"', 'penwidth=2']
                attrs[0] = f'label="⚠ {label}"'
            lines.append(f'  "{_esc(step.id)}" -> "{_esc(choice.goto)}" [{", ".join(attrs)}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(scenario: Scenario, lang: str) -> str:
    """Mermaid flowchart with the same markings as :func:`to_dot`."""
    steps = {s.id: s for s in scenario.steps}
    ids = {s.id: f"s{i}" for i, s in enumerate(scenario.steps)}
    lines = ["flowchart TD"]
    for step in scenario.steps:
        title = _mermaid_text(scenario.text(step.title, lang))
        node = ids[step.id]
        if step.ending:
            lines.append(f'  {node}(["{title}<br/>({step.ending.outcome})"]):::{step.ending.outcome}')
        elif step.level == "individual":
            lines.append(f'  {node}["⚠ {title}<br/>(individual level)"]:::individual')
        else:
            lines.append(f'  {node}["{title}"]')
    flagged_edges = []
    edge = 0
    for step in scenario.steps:
        for choice in step.choices:
            if choice.goto not in ids:
                continue
            text = _mermaid_text(scenario.text(choice.text, lang))
            if is_flagged_choice(choice, steps.get(choice.goto)):
                text = "⚠ " + text
                flagged_edges.append(edge)
            lines.append(f'  {ids[step.id]} -->|"{text}"| {ids[choice.goto]}')
            edge += 1
    lines += [
        "  classDef good fill:#2e7d32,color:#fff",
        "  classDef mixed fill:#f9a825,color:#000",
        "  classDef poor fill:#c62828,color:#fff",
        "  classDef individual stroke:#c62828,stroke-width:3px,stroke-dasharray:5 5",
    ]
    if flagged_edges:
        lines.append(f"  linkStyle {','.join(map(str, flagged_edges))} stroke:#c62828,stroke-width:2px")
    return "\n".join(lines) + "\n"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")[:80]
