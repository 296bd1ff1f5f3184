"""The case map drawn for people: one Mermaid renderer and one SVG drawing, for every place that shows a map.

``tabletop graph --format mermaid``, the after-action report, handouts and briefs all draw the map here, so a
step's label is shortened, marked and escaped the same way wherever it appears:

- :func:`mermaid` ``(scenario, lang, route=None)``: a Mermaid flowchart (text for a ```` ```mermaid ```` fence);
- :func:`svg` ``(scenario, lang, route=None)``: the same map as inline SVG (no namespace URL, no external
  reference; every text escaped; its styles, ``map.css``, inside), drawn on :func:`layout`; it scales to fit one
  A4 page when printed (give its section ``break-before: page`` to put it on a page of its own);
- :func:`layout` ``(scenario)``: the layered box positions the SVG uses;
- :class:`Route` the path of one session to highlight: each step's number(s) on the path (the same numbers as
  the report's path table), the choices taken, and what was taken and then undone. Without a route the map is
  the bare case (a handout, ``tabletop graph``).

Both drawings mark the same things: individual-level steps red and dashed with ⚠, choices the guard flags red
and dashed with ⚠, endings by outcome; with a route, the path's steps numbered and its choices thick, undone
choices and the steps they led to grey and dashed, "undone". The graph model these walk is
:func:`sim.map.graph.to_graph` (networkx, imported only when a map is drawn).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..i18n import t

if TYPE_CHECKING:
    from ..format.model import Scenario

LABEL_LIMIT = 80  # characters of a step title or choice text on a Mermaid map; longer ones end in " …"


@dataclass(frozen=True)
class Route:
    """One session's way through the map: what a report highlights."""

    numbers: dict[str, tuple[int, ...]] = field(default_factory=dict)  # step -> its numbers on the path
    taken: frozenset[tuple[str, str]] = frozenset()  # (step, choice) the group took and kept
    undone: frozenset[tuple[str, str]] = frozenset()  # (step, choice) taken and then undone
    undone_steps: frozenset[str] = frozenset()  # steps reached only by an undone choice


def edges(scenario: Scenario):
    """Every choice whose target exists, as (step, choice, flagged), in file order: the map's edges."""
    from .graph import is_flagged_choice

    steps = {s.id for s in scenario.steps}
    for step in scenario.steps:
        for choice in step.choices:
            if choice.goto in steps:
                yield step, choice, is_flagged_choice(scenario, choice)


def shorten(text: str, limit: int = LABEL_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word and ended with " …" when it was longer."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return (text[:limit].rsplit(" ", 1)[0] or text[:limit]) + " …"


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;"}


def mermaid_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """Text for a quoted Mermaid label: shortened, and every character Mermaid (or the Markdown fence around it)
    would read as markup written as a Mermaid entity code, so a title prints as typed."""
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in shorten(text, limit))


def _numbered(title: str, numbers: tuple[int, ...]) -> str:
    return f"{','.join(map(str, numbers))}. {title}" if numbers else title


def _mermaid_node(scenario: Scenario, step, node: str, lang: str, numbers: tuple[int, ...]) -> str:
    title = scenario.text(step.title, lang)
    if step.level == "individual" and not step.ending:
        title = "⚠ " + title
    title = mermaid_label(_numbered(title, numbers))
    if step.ending:
        outcome = t("graph.outcome." + step.ending.outcome, lang)
        return f'  {node}(["{title}<br/>({outcome})"]):::{step.ending.outcome}'
    if step.level == "individual":
        return f'  {node}["{title}<br/>({t("graph.individual", lang)})"]:::individual'
    return f'  {node}["{title}"]'


def mermaid(scenario: Scenario, lang: str, route: Route | None = None, *, logic: bool = False) -> str:
    """The case as a Mermaid flowchart; with ``route``, the path numbered and thick and undone choices marked; with
    ``logic``, each choice's edge also says what it requires and sets (``tabletop graph``)."""
    route = route or Route()
    ids = {s.id: f"s{i}" for i, s in enumerate(scenario.steps)}
    lines = ["flowchart TD"]
    lines += [_mermaid_node(scenario, s, ids[s.id], lang, route.numbers.get(s.id, ())) for s in scenario.steps]
    styles: dict[str, list[int]] = {"taken": [], "flagged": [], "taken-flagged": [], "undone": []}
    for n, (step, choice, flagged) in enumerate(edges(scenario)):
        text = mermaid_label(scenario.text(choice.text, lang))
        if logic:
            from .graph import choice_logic

            text += (
                " " + mermaid_label(choice_logic(choice, lang).strip(), 400) if choice.requires or choice.sets else ""
            )
        on_path = (step.id, choice.id) in route.taken
        undone = (step.id, choice.id) in route.undone
        if flagged:
            text = "⚠ " + text
        if undone:
            text += f" ({t('graph.undone', lang)})"
        arrow = "==>" if on_path else "-.->" if flagged or undone else "-->"
        lines.append(f'  {ids[step.id]} {arrow}|"{text}"| {ids[choice.goto]}')
        if undone and not on_path and not flagged:  # an undone flagged choice stays red: it was said
            styles["undone"].append(n)
        elif on_path or flagged:
            styles["taken-flagged" if on_path and flagged else "taken" if on_path else "flagged"].append(n)
    lines += [
        "  classDef good fill:#2e7d32,color:#fff",
        "  classDef mixed fill:#f9a825,color:#000",
        "  classDef poor fill:#c62828,color:#fff",
        "  classDef individual stroke:#c62828,stroke-width:3px,stroke-dasharray:5 5",
    ]
    if route.numbers:
        lines.append("  classDef visited stroke:#1565c0,stroke-width:4px")
        lines.append(f"  class {','.join(ids[s] for s in ids if s in route.numbers)} visited")
    undone_steps = [ids[s] for s in ids if s in route.undone_steps]
    if undone_steps:
        lines.append("  classDef undone stroke:#757575,stroke-width:2px,stroke-dasharray:3 3")
        lines.append(f"  class {','.join(undone_steps)} undone")
    css = {
        "taken": "stroke:#1565c0,stroke-width:4px",
        "flagged": "stroke:#c62828,stroke-width:2px",
        "taken-flagged": "stroke:#c62828,stroke-width:4px",
        "undone": "stroke:#757575,stroke-width:2px",
    }
    for kind, numbers in styles.items():
        if numbers:
            lines.append(f"  linkStyle {','.join(map(str, numbers))} {css[kind]}")
    return "\n".join(lines) + "\n"


# --- the SVG drawing ---------------------------------------------------------------------------------------------


@dataclass
class Layout:
    """Box positions (top-left) of a layered drawing, its size, and each step's layer."""

    boxes: dict[str, tuple[float, float]]
    layer: dict[str, int]
    width: float
    height: float


BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 176, 52, 28, 64, 24


def layout(scenario: Scenario) -> Layout:
    """Steps in layers by their distance (in choices) from the start; steps never reached go in a last layer.

    Distances are networkx's breadth-first shortest path lengths over the case's graph. Within a layer, steps are
    ordered by the mean position of the steps that lead to them (one barycentre sweep from the top), which keeps
    most edges short and uncrossed for the small graphs cases are.
    """
    import networkx as nx

    from .graph import to_graph

    graph = to_graph(scenario)
    depth = dict(nx.single_source_shortest_path_length(graph, scenario.start)) if scenario.start in graph else {}
    last = max(depth.values(), default=0) + 1
    for step in scenario.steps:
        depth.setdefault(step.id, last)
    layers: dict[int, list[str]] = {}
    for step in scenario.steps:  # file order first: authors write cases roughly top to bottom
        layers.setdefault(depth[step.id], []).append(step.id)
    position: dict[str, float] = {}
    for level in sorted(layers):
        members = layers[level]
        if level:

            def centre(node, members=members, level=level):
                above = [position[p] for p in graph.predecessors(node) if p in position and depth[p] < level]
                return sum(above) / len(above) if above else members.index(node)

            members.sort(key=centre)
        for i, node in enumerate(members):
            position[node] = i
    widest = max((len(m) for m in layers.values()), default=1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    boxes: dict[str, tuple[float, float]] = {}
    for row, level in enumerate(sorted(layers)):
        members = layers[level]
        span = len(members) * BOX_W + (len(members) - 1) * GAP_X
        left = (width - span) / 2
        for i, node in enumerate(members):
            boxes[node] = (left + i * (BOX_W + GAP_X), MARGIN + row * (BOX_H + GAP_Y))
    height = MARGIN * 2 + len(layers) * BOX_H + (len(layers) - 1) * GAP_Y
    return Layout(boxes, depth, width, height)


def _wrap(text: str, width: int = 24, lines: int = 2) -> list[str]:
    words, out, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return [s if len(s) <= width else s[: width - 1] + "…" for s in out]


def _edge_path(lay: Layout, step_id: str, goto: str, k: int, total: int) -> str:
    sx, sy = lay.boxes[step_id]
    gx, gy = lay.boxes[goto]
    offset = (k - (total - 1) / 2) * 16
    if lay.layer[goto] > lay.layer[step_id]:
        x1, y1, x2, y2 = sx + BOX_W / 2 + offset, sy + BOX_H, gx + BOX_W / 2 + offset / 2, gy
        bend = (y2 - y1) / 2
        return f"M{x1:.1f},{y1:.1f} C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
    if lay.layer[goto] == lay.layer[step_id] and goto != step_id:  # across the layer
        right = gx > sx
        x1, x2 = (sx + BOX_W, gx) if right else (sx, gx + BOX_W)
        y1 = y2 = sy + BOX_H / 2 + offset / 2
        return f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"
    x1, y1, x2, y2 = sx + BOX_W, sy + BOX_H / 2 + offset / 2, gx + BOX_W, gy + BOX_H / 2 + offset / 2  # back up
    reach = max(x1, x2) + 40 + 14 * k
    return f"M{x1:.1f},{y1:.1f} C{reach:.1f},{y1:.1f} {reach:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _svg_edge(scenario: Scenario, lang: str, route: Route, step, choice, flagged: bool, d: str) -> str:
    esc = html.escape
    on_path = (step.id, choice.id) in route.taken
    undone = (step.id, choice.id) in route.undone and not on_path
    classes = ["edge"] + (["taken"] if on_path else []) + (["flagged"] if flagged else [])
    classes += ["undone"] if undone else []
    marker = "taken" if on_path else "flagged" if flagged else "plain"
    label = ("⚠ " if flagged else "") + f"{choice.id}: {scenario.text(choice.text, lang)}"
    if on_path:
        label += f" ({t('graph.taken', lang)})"
    if undone:
        label += f" ({t('graph.undone', lang)})"
    return (
        f'<path class="{" ".join(classes)}" data-choice="{esc(choice.id)}" d="{d}" '
        f'marker-end="url(#arrow-{marker})"><title>{esc(label)}</title></path>'
    )


def _svg_step(scenario: Scenario, lang: str, route: Route, step, box: tuple[float, float]) -> str:
    esc = html.escape
    x, y = box
    numbers = route.numbers.get(step.id, ())
    undone = step.id in route.undone_steps and not numbers
    classes = ["step"] + (["visited"] if numbers else ["undone"] if undone else [])
    if step.level == "individual":
        classes.append("individual")
    if step.ending:
        classes.append(f"ending {step.ending.outcome}")
    title = scenario.text(step.title, lang)
    tip = title
    if step.level == "individual":
        tip += f" ({t('graph.individual', lang)})"
    if step.ending:
        tip += f" ({t('graph.outcome.' + step.ending.outcome, lang)})"
    if undone:
        tip += f" ({t('graph.undone', lang)})"
    parts = [
        f'<g class="{" ".join(classes)}" data-step="{esc(step.id)}"><title>{esc(tip)}</title>'
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="8"/>'
    ]
    lines = _wrap(("⚠ " if step.level == "individual" else "") + title)
    top = y + BOX_H / 2 - (len(lines) - 1) * 8 + 4
    for i, line in enumerate(lines):
        parts.append(f'<text x="{x + BOX_W / 2:.1f}" y="{top + i * 16:.1f}">{esc(line)}</text>')
    if numbers:
        badge = ",".join(map(str, numbers))
        parts.append(f'<text class="badge" x="{x + 6:.1f}" y="{y + 13:.1f}">{esc(badge)}</text>')
    parts.append("</g>")
    return "\n".join(parts)


@cache
def _css() -> str:
    """The map's styles (``map.css`` beside this module), embedded in each SVG: classes, colours, and on paper
    a size that fits one A4 page."""
    from importlib.resources import files

    return files(__package__).joinpath("map.css").read_text(encoding="utf-8").strip()


def svg(scenario: Scenario, lang: str, route: Route | None = None) -> str:
    """The case map as inline SVG: layered boxes, the path in blue and numbered, flagged choices red and dashed,
    individual-level steps with a red dashed border, undone choices and their steps grey and dashed. It carries its
    own styles (``map.css``, classes ``step``, ``visited``, ``individual``, ``undone``, ``edge``, ``taken``,
    ``flagged``), so a page needs nothing else to show it; on paper it scales to fit one A4 page."""
    route = route or Route()
    esc = html.escape
    lay = layout(scenario)
    parts = [
        f'<svg class="map" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}" width="{lay.width:.0f}" '
        f'preserveAspectRatio="xMidYMin meet" role="img" aria-labelledby="map-title">'
        f'<title id="map-title">{esc(t("report.map", lang))}</title>',
        f"<style>{_css()}</style>",
        "<defs>",
    ]
    for kind in ("plain", "taken", "flagged"):
        parts.append(
            f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
            f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path class="head-{kind}" d="M0,0 L10,5 L0,10 z"/></marker>'
        )
    parts.append("</defs>")
    drawn = []
    parallel: dict[tuple[str, str], int] = {}
    for step, choice, flagged in edges(scenario):
        key = (step.id, choice.goto)
        drawn.append((step, choice, flagged, parallel.get(key, 0)))
        parallel[key] = parallel.get(key, 0) + 1
    edge_parts: list[str] = []
    taken_parts: list[str] = []
    for step, choice, flagged, k in drawn:
        on_path = (step.id, choice.id) in route.taken
        d = _edge_path(lay, step.id, choice.goto, k, parallel[(step.id, choice.goto)])
        (taken_parts if on_path else edge_parts).append(_svg_edge(scenario, lang, route, step, choice, flagged, d))
    parts += edge_parts + taken_parts
    parts += [_svg_step(scenario, lang, route, step, lay.boxes[step.id]) for step in scenario.steps]
    parts.append("</svg>")
    return "\n".join(parts)


__all__ = ["LABEL_LIMIT", "Layout", "Route", "edges", "layout", "mermaid", "mermaid_label", "shorten", "svg"]
