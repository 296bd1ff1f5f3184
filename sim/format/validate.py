"""Semantic checks of a well-shaped scenario: ids, references, the graph, usage, translations, lint.

``check`` returns diagnostics, each at the exact place of the problem.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import codes
from .departments import DEPARTMENTS
from .diagnostics import Diagnostic
from .legalbasis import LEGAL_BASIS_IDS
from .model import Scenario, Step
from .source import Positions

# identifier kinds the lint looks for in a case's own text: direct ones and proper-noun-like ones
LINT_KINDS = (
    "name",
    "alias",
    "personnummer",
    "phone",
    "email",
    "address",
    "school",
    "class",
    "club",
    "workplace",
    "neighbourhood",
)

# the lesson rule's search (C705) stops here; a case with more states is checked in full by `tabletop explore`
LESSON_MAX_STATES = 50_000


@dataclass(frozen=True, slots=True)
class TextField:
    path: tuple
    value: str | dict
    label: str  # "step 'x' text"
    step: Step | None  # the step it belongs to, None for the header
    facilitator: bool = False


def iter_texts(scenario: Scenario) -> Iterator[TextField]:
    """Every text field of a scenario, with where it is and which step it belongs to."""
    yield TextField(("title",), scenario.title, "title", None)
    yield TextField(("summary",), scenario.summary, "summary", None)
    for o in scenario.objectives:
        yield TextField(o.path + ("text",), o.text, f"objective '{o.id}'", None)
    for d in scenario.departments:
        if d.name is not None:
            yield TextField(d.path + ("name",), d.name, f"department '{d.id}' name", None)
    for p in scenario.personas:
        yield TextField(p.path + ("label",), p.label, f"persona '{p.id}' label", None)
    for f in scenario.facts:
        if f.text is not None:
            yield TextField(f.path + ("text",), f.text, f"fact '{f.id}'", None)
    for s in scenario.steps:
        where = f"step '{s.id}'"
        yield TextField(s.path + ("title",), s.title, f"{where} title", s)
        if s.text is not None:
            yield TextField(s.path + ("text",), s.text, f"{where} text", s)
        for dept, prompt in s.prompts.items():
            yield TextField(s.path + ("prompts", dept), prompt, f"{where} prompt for '{dept}'", s)
        if s.facilitator:
            if s.facilitator.notes is not None:
                yield TextField(
                    s.facilitator.path + ("notes",), s.facilitator.notes, f"{where} facilitator notes", s, True
                )
            for dept, text in s.facilitator.expected.items():
                yield TextField(
                    s.facilitator.path + ("expected", dept), text, f"{where} expected for '{dept}'", s, True
                )
        for c in s.choices:
            yield TextField(c.path + ("text",), c.text, f"choice '{c.id}' text", s)
        if s.ending:
            for i, point in enumerate(s.ending.debrief):
                yield TextField(s.ending.path + ("debrief", i), point, f"{where} debrief point {i + 1}", s)


def check(scenario: Scenario, positions: Positions, file: str) -> list[Diagnostic]:
    return _Checker(scenario, positions, file).run()


class _Checker:
    def __init__(self, scenario: Scenario, positions: Positions, file: str):
        self.s = scenario
        self.pos = positions
        self.file = file
        self.out: list[Diagnostic] = []

    def add(self, code: str, path: tuple, *, key: bool = False, **fields) -> None:
        where = self.pos.key(path) if key else self.pos.of(path)
        self.out.append(codes.make(code, self.file, where, **fields))

    def run(self) -> list[Diagnostic]:
        s = self.s
        self.step_ids = self._unique("step", s.steps)
        self._unique("choice", [c for step in s.steps for c in step.choices])
        self.persona_ids = self._unique("persona", s.personas)
        self.objective_ids = self._unique("objective", s.objectives)
        self.fact_ids = self._unique("fact", s.facts)
        self.dept_ids = self._unique("department", s.departments)
        self.used_depts: set[str] = set()
        self.trapped = False
        self.used_personas: set[str] = set()
        self.required_facts: set[str] = set()
        self.set_facts: set[str] = set()
        self._departments()
        self._start()
        for step in s.steps:
            self._step(step)
        self._objectives()
        self._graph()
        self._lesson()
        self._usage()
        self._translations()
        self._lint()
        self._identifiers()
        return self.out

    def _unique(self, kind: str, items) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for item in items:
            if item.id in seen:
                first = seen[item.id].line
                self.add("R301", item.path + ("id",), kind=kind, id=item.id, first=first)
            else:
                seen[item.id] = item
        return seen

    def _departments(self) -> None:
        for d in self.s.departments:
            if d.id not in DEPARTMENTS and d.name is None:
                self.add("R310", d.path, id=d.id, hint=codes.did_you_mean(d.id, DEPARTMENTS))

    def _dept_ref(self, dept: str, path: tuple, *, key: bool = False, code: str = "R304") -> None:
        self.used_depts.add(dept)
        if dept not in self.dept_ids:
            self.add(code, path, key=key, id=dept, hint=codes.did_you_mean(dept, self.dept_ids))

    def _start(self) -> None:
        if self.s.start not in self.step_ids:
            hint = codes.did_you_mean(self.s.start, self.step_ids)
            self.add("R303", ("start",), detail=f"start '{self.s.start}' names no step{hint}")

    def _step(self, step: Step) -> None:
        if step.choices and step.ending:
            self.add("G405", step.path + ("id",), id=step.id)
        elif not step.choices and not step.ending:
            self.add("G402", step.path + ("id",), id=step.id)
        if step.text is None or not any(
            t.strip() for t in ([step.text] if isinstance(step.text, str) else step.text.values())
        ):
            self.add("G404", step.path + ("id",), id=step.id)
        for dept in step.prompts:
            self._dept_ref(dept, step.path + ("prompts", dept), key=True, code="R309")
        if step.facilitator:
            for dept in step.facilitator.expected:
                self._dept_ref(dept, step.facilitator.path + ("expected", dept), key=True)
            self._basis(step.facilitator)
        for choice in step.choices:
            if choice.goto not in self.step_ids:
                self.add(
                    "R302",
                    choice.path + ("goto",),
                    target=choice.goto,
                    hint=codes.did_you_mean(choice.goto, self.step_ids),
                )
            if choice.by is not None:
                self._dept_ref(choice.by, choice.path + ("by",))
            for d in choice.discloses:
                self._disclosure(d)
            self._basis(choice)
            for i, condition in enumerate(choice.requires):
                for fact, path in _fact_paths(condition, choice.path + ("requires", i)):
                    self.required_facts.add(fact)
                    self._fact_ref(fact, path)
            for fact in choice.sets:
                self.set_facts.add(fact)
                self._fact_ref(fact, choice.path + ("sets", fact), key=True)
        if step.ending:
            self._basis(step.ending)
            for i, objective in enumerate(step.ending.objectives):
                if objective not in self.objective_ids:
                    self.add(
                        "R307",
                        step.ending.path + ("objectives", i),
                        id=objective,
                        hint=codes.did_you_mean(objective, self.objective_ids),
                    )

    def _objectives(self) -> None:
        """What each objective needs must name a step, a fact and a department the case declares (R312)."""
        for o in self.s.objectives:
            for key, kind, known in (
                ("reached", "step", self.step_ids),
                ("set", "fact", self.fact_ids),
                ("heard", "department", self.dept_ids),
            ):
                for i, ref in enumerate(getattr(o, key)):
                    if key == "set":
                        self.required_facts.add(ref)  # read like a requirement: U504 if no choice sets it
                        fact = self.fact_ids.get(ref)
                        if fact is not None and fact.text is None:  # the debrief's reason would show the id
                            self.add("U506", o.path + (key, i), objective=o.id, id=ref)
                    if key == "heard":
                        self.used_depts.add(ref)
                    if ref not in known:
                        self.add(
                            "R312",
                            o.path + (key, i),
                            objective=o.id,
                            kind=kind,
                            id=ref,
                            hint=codes.did_you_mean(ref, known),
                        )

    def _basis(self, part) -> None:
        """Every legal-basis id a choice, a facilitator note or an ending cites is an entry of the register."""
        for i, entry in enumerate(part.basis):
            if entry not in LEGAL_BASIS_IDS:
                self.add("R311", part.path + ("basis", i), id=entry, hint=codes.did_you_mean(entry, LEGAL_BASIS_IDS))

    def _disclosure(self, d) -> None:
        if d.from_ is not None:
            self._dept_ref(d.from_, d.path + ("from",))
        for i, to in enumerate(d.to):
            if to != "group":
                self._dept_ref(to, d.path + ("to", i))
        self.used_personas.add(d.persona)
        persona = next((p for p in self.s.personas if p.id == d.persona), None)
        if persona is None:
            self.add("R305", d.path + ("persona",), id=d.persona, hint=codes.did_you_mean(d.persona, self.persona_ids))
            return
        for i, kind in enumerate(d.identifiers or ()):
            if kind.value not in {k.value for k in persona.identifiers}:
                self.add(
                    "R308",
                    d.path + ("identifiers", i),
                    persona=persona.id,
                    id=kind.value,
                    hint=codes.did_you_mean(kind.value, [k.value for k in persona.identifiers]),
                )

    def _fact_ref(self, fact: str, path: tuple, *, key: bool = False) -> None:
        if fact not in self.fact_ids:
            self.add("R306", path, key=key, id=fact, hint=codes.did_you_mean(fact, self.fact_ids))

    def _graph(self) -> None:
        """Reachability: from the start, and (backwards) to some ending.

        Plain breadth-first search over the choices: the validator runs before the app's first screen, and
        networkx (heavy to import) is kept for the map exports (sim.map.graph.to_graph)."""
        if self.s.start not in self.step_ids:
            return
        successors = {s.id: [c.goto for c in s.choices if c.goto in self.step_ids] for s in self.s.steps}
        predecessors: dict[str, list[str]] = {}
        for source, targets in successors.items():
            for target in targets:
                predecessors.setdefault(target, []).append(source)
        from_start = _reachable(successors, [self.s.start])
        to_ending = _reachable(predecessors, [s.id for s in self.s.steps if s.ending is not None])
        for step in self.step_ids.values():
            if step.id not in from_start:
                self.add("G401", step.path + ("id",), id=step.id, start=self.s.start)
            elif step.id not in to_ending and step.choices:
                self.add("G403", step.path + ("id",), id=step.id)
                self.trapped = True

    def _lesson(self) -> None:
        """The rules that make a case a lesson: every flagged choice has an unflagged choice beside it (C704), and
        from every reachable state an ending can be reached without a flagged choice (C705)."""
        from ..guard import choice_flags
        from .states import without_safe_way_out

        alone = False
        flagged: set[int] = set()  # id() of each flagged choice
        for step in self.s.steps:
            flags = [choice_flags(self.s, c) for c in step.choices]
            flagged.update(id(c) for c, found in zip(step.choices, flags, strict=True) if found)
            if all(flags):
                alone = alone or bool(flags)
                for choice, found in zip(step.choices, flags, strict=True):
                    rules = ", ".join(dict.fromkeys(f.rule_id for f in found))
                    self.add("C704", choice.path, id=choice.id, step=step.id, rules=rules)
        if (
            not flagged
            or alone
            or self.trapped
            or self.s.start not in self.step_ids
            or len(self.step_ids) != len(self.s.steps)
        ):
            return  # nothing flagged: every way is clean; the graph's errors and C704 come first
        for k, facts in without_safe_way_out(self.s, LESSON_MAX_STATES, lambda c: id(c) in flagged) or ():
            step = self.s.steps[k]
            shown = f" (with {', '.join(sorted(facts))} true)" if facts else ""
            self.add("C705", step.path + ("id",), id=step.id, facts=shown)

    def _usage(self) -> None:
        for d in self.s.departments:
            if d.id not in self.used_depts:
                self.add("U501", d.path, id=d.id)
        for p in self.s.personas:
            if p.id not in self.used_personas:
                self.add("U502", p.path + ("id",), id=p.id)
        initial = {f.id: f.initial for f in self.s.facts}
        for f in self.s.facts:
            if f.id not in self.required_facts and f.id not in self.set_facts:
                self.add("U503", f.path + ("id",), id=f.id)
            elif f.id in self.required_facts and f.id not in self.set_facts:
                self.add("U504", f.path + ("id",), id=f.id, initial="true" if initial[f.id] else "false")
        met = {o for s in self.s.steps if s.ending for o in s.ending.objectives}
        for o in self.s.objectives:
            if o.id not in met and not o.criteria:
                self.add("U505", o.path + ("id",), id=o.id)

    def _translations(self) -> None:
        languages = self.s.languages
        shown = "[" + ", ".join(languages) + "]"
        for field in iter_texts(self.s):
            if not isinstance(field.value, dict):
                continue
            for lang in languages:
                if lang not in field.value:
                    self.add("T601", field.path, field=field.label, lang=lang, languages=shown)
            for lang in field.value:
                if lang not in languages:
                    self.add("T602", field.path + (lang,), key=True, field=field.label, lang=lang, languages=shown)

    def _identifiers(self) -> None:
        _identifier_checks(self)

    def _lint(self) -> None:
        """C701: a persona's identifier in operational text, found exactly as the guard finds it in a session."""
        from ..guard import identifier_spans

        if not self.s.personas:
            return
        lang = self.s.languages[0]
        personas = {p.id: p for p in self.s.personas}
        for field in iter_texts(self.s):
            if field.facilitator or (field.step is not None and field.step.level == "individual"):
                continue
            if field.label.startswith("persona "):
                continue
            items = (
                [(field.path, field.value)]
                if isinstance(field.value, str)
                else [(field.path + (k,), v) for k, v in field.value.items()]
            )
            for path, text in items:
                seen = set()
                for flag in identifier_spans(text, self.s.personas, LINT_KINDS):
                    if (flag.persona, flag.kind) in seen or flag.persona is None or flag.span is None:
                        continue  # identifier_spans gives every flag its persona and span
                    seen.add((flag.persona, flag.kind))
                    persona = personas[flag.persona]
                    self.add(
                        "C701",
                        path,
                        field=field.label,
                        persona=persona.id,
                        kind=flag.kind,
                        value=text[flag.span[0] : flag.span[1]],
                        label=self.s.text(persona.label, lang),
                    )


_WHAT = {
    "phone": "a phone number",
    "personnummer": "a personal identity number",
    "samordningsnummer": "a coordination number",
    "reservnummer": "a reserve number",
    "email": "an e-mail address",
    "address": "a street address",
}
_WHY = {
    "phone": "use the range reserved for fiction, 070-174 06 05 to 070-174 06 99",
    "email": "use a reserved domain (example.se, example.com, example.org, example.net, .test, .invalid)",
    "personnummer": "it is not one of the Skatteverket test numbers tabletop ships (20170101-2393, 19701063-2391); "
    "if it is a published test number, add it deliberately to the file named by "
    "TABLETOP_TEST_NUMBERS",
}


def _identifier_checks(checker) -> None:
    """C702: an identifier-like number or e-mail address in any text of the case (facilitator notes and
    individual-level steps too) that is not a declared persona detail; C703: a declared phone, e-mail or
    personal identity number that is not fiction-safe. The case text is copied into every session log."""
    from ..guard.fiction import CHECKED_KINDS, fiction_safe, find_addresses, same_identifier
    from ..guard.folding import Folded
    from ..guard.numbers import find_emails, find_numbers

    s = checker.s
    declared = [
        (str(kind), value)
        for p in s.personas
        for kind, values in p.identifiers.items()
        for value in values
        if str(kind) in CHECKED_KINDS or str(kind) == "address"
    ]
    for persona in s.personas:
        for kind, values in persona.identifiers.items():
            for i, value in enumerate(values):
                if str(kind) in CHECKED_KINDS and not fiction_safe(str(kind), value):
                    checker.add(
                        "C703",
                        persona.path + ("identifiers", str(kind), i),
                        persona=persona.id,
                        kind=str(kind),
                        value=value,
                        why=_WHY[str(kind)],
                    )
    for field in iter_texts(s):
        items = (
            [(field.path, field.value)]
            if isinstance(field.value, str)
            else [(field.path + (k,), v) for k, v in field.value.items()]
        )
        for path, text in items:
            if not isinstance(text, str) or not text:
                continue
            folded = Folded(text)
            found = find_numbers(folded.text) + find_emails(folded.text) + find_addresses(folded.text)
            for start, end, what in found:
                a, b = folded.span(start, end)
                kind = what if what in ("phone", "email", "address") else "personnummer"
                if any(k == kind and same_identifier(kind, value, text[a:b]) for k, value in declared):
                    continue
                # at the identifier itself, not at the start of the text
                where = checker.pos.inner(path, text, a)
                checker.out.append(
                    codes.make("C702", checker.file, where, field=field.label, what=_WHAT[what], kind=kind)
                )


def _fact_paths(condition, path: tuple) -> Iterator[tuple[str, tuple]]:
    """Each fact a condition mentions, with its path in the document."""
    if isinstance(condition, str):
        yield condition, path
        return
    ((op, arg),) = condition.items()
    if op == "not":
        yield from _fact_paths(arg, (*path, "not"))
    else:
        for i, item in enumerate(arg):
            yield from _fact_paths(item, (*path, op, i))


def _reachable(successors: dict[str, list[str]], sources: list[str]) -> set[str]:
    """Every node reachable from ``sources`` (included) along ``successors``."""
    seen, queue = set(sources), deque(sources)
    while queue:
        for nxt in successors.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen
