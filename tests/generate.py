"""Generated scenarios for benchmarks and property tests (never for the bundled library).

``layered_case(n_steps, fanout)``: a valid case of ``n_steps`` steps in which
every step offers ``fanout`` choices onward; the number of paths grows
exponentially with depth. With ``story=True`` it is a format 1.1 case that uses
every addition: consequences, paragraphs that depend on a fact, injects (timed
and on the facilitator's key) and role cards.
"""

from __future__ import annotations


def layered_case(n_steps: int = 5000, fanout: int = 3, *, width: int = 3, story: bool = False) -> str:
    """YAML text of a valid layered case: layers of ``width`` steps, each choosing among the next layer."""
    layers = max(2, n_steps // width)
    lines = [
        "format: 1.1" if story else "format: 1",
        "id: generated",
        "title: {sv: Genererat fall, en: Generated case}",
        "summary: {sv: Ett genererat fall., en: A generated case.}",
        "languages: [sv, en]",
        "theme: other",
        "duration: 90m",
        "objectives:",
        "  - id: goal",
        "    text: {sv: Mål, en: Goal}",
        "departments: [skola, polis, socialtjanst]",
        "facts:",
        "  - id: noted",
        "    text: Noted",
        "start: s0-0",
        "steps:",
    ]
    for layer in range(layers):
        last = layer == layers - 1
        for k in range(1 if layer == 0 else width):
            sid = f"s{layer}-{k}"
            lines += [
                f"  - id: {sid}",
                f"    title: {{sv: Steg {sid}, en: Step {sid}}}",
                *(
                    [
                        "    text:",
                        f"      - {{sv: Situationen vid steg {sid} beskrivs här., en: The situation at {sid}.}}",
                        "      - when: noted",
                        "        text: {sv: Det har noterats., en: It has been noted.}",
                        "    injects:",
                        f"      - {{id: i{sid}, after: 2m, text: {{sv: Tidningen ringer., en: The paper calls.}}}}",
                        "      - {id: viral, text: {sv: Ett inlägg sprids., en: A post spreads.}}",
                    ]
                    if story
                    else [
                        f"    text:\n      sv: Situationen vid steg {sid} beskrivs här.\n"
                        f"      en: The situation at step {sid} is described here."
                    ]
                ),
                "    timebox: 5m",
                "    prompts:",
                "      skola: {sv: Vad gör skolan?, en: What does the school do?}",
                "      polis: {sv: Vad gör polisen?, en: What do the police do?}",
                "      socialtjanst: {sv: Vad gör socialtjänsten?, en: What do social services do?}",
            ]
            if last:
                lines += [
                    "    ending:",
                    "      outcome: good",
                    "      debrief: [{sv: Bra, en: Good}]",
                    "      objectives: [goal]",
                ]
                continue
            lines.append("    choices:")
            for j in range(fanout):
                target = f"s{layer + 1}-{(k + j) % width}"
                lines += [
                    f"      - id: c{layer}-{k}-{j}",
                    f"        text: {{sv: Val {j}, en: Choice {j}}}",
                    f"        goto: {target}",
                ]
                if j == 0:
                    lines += ["        by: skola", "        sets: {noted: true}"]
                    if story:
                        lines.append("        consequence: {sv: Det noteras., en: It is noted.}")
                elif j == 1:
                    lines.append("        requires: [noted]" if layer % 2 else "        requires: [{not: noted}]")
    if story:
        lines += [
            "roles:",
            "  - department: polis",
            "    text: {sv: Polisen vet mer., en: The police know more.}",
        ]
    return "\n".join(lines) + "\n"
