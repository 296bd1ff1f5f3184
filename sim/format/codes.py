"""The catalogue of diagnostic codes: one place for every message an author reads.

Each code is stable (tools and docs refer to it), has a short name, a default
severity and a message template. docs/diagnostics.md documents every code with
a bad example and the fix; tests/test_diagnostics.py checks that the two
agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Diagnostic, Severity

E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    severity: Severity
    template: str


CODES: dict[str, Code] = {
    # Y1xx: the file and its YAML
    "Y101": Code("yaml-syntax", E, "YAML syntax error: {detail}"),
    "Y102": Code("duplicate-key", E, "duplicate key '{key}' (first at line {first})"),
    "Y103": Code("unreadable", E, "cannot read the file: {detail}"),
    "Y104": Code("encoding", E, "{detail}"),
    "Y105": Code("too-large", E, "file is {size} bytes, more than the limit of {limit} bytes"),
    "Y106": Code("alias-budget", E, "{detail}"),
    "Y107": Code("not-a-mapping", E, "{detail}"),
    "Y108": Code("unsupported-tag", E, "tag '{tag}' is not allowed: scenario files are plain data"),
    "Y109": Code("too-deep", E, "nesting deeper than {limit} levels"),
    # F2xx: the shape of the document
    "F201": Code("unknown-key", E, "unknown key '{key}' in {where}{hint}"),
    "F202": Code("wrong-type", E, "{field}: {detail}"),
    "F203": Code("missing-field", E, "{where} is missing the required field '{field}'"),
    "F204": Code("format-version", E, "unsupported format version {version!r}: this tabletop reads format 1"),
    "F205": Code("invalid-value", E, "{field}: {detail}"),
    # R3xx: references between parts
    "R301": Code("duplicate-id", E, "duplicate {kind} id '{id}' (first at line {first})"),
    "R302": Code("goto-missing", E, "goto '{target}' names no step{hint}"),
    "R303": Code("start-missing", E, "{detail}"),
    "R304": Code("undeclared-department", E, "department '{id}' is used but not declared in 'departments'{hint}"),
    "R305": Code("undeclared-persona", E, "persona '{id}' is used but not declared in 'personas'{hint}"),
    "R306": Code("undeclared-fact", E, "fact '{id}' is used but not declared in 'facts'{hint}"),
    "R307": Code("undeclared-objective", E, "objective '{id}' is not declared in 'objectives'{hint}"),
    "R308": Code("unknown-identifier", E, "persona '{persona}' has no identifier '{id}'{hint}"),
    "R309": Code("prompt-department", E, "prompt for department '{id}', which is not in this scenario{hint}"),
    "R310": Code(
        "unknown-department", E, "'{id}' is not a catalogue department; give it a name to declare it locally{hint}"
    ),
    "R311": Code("unknown-legal-basis", E, "basis '{id}' is not an entry of docs/legal-basis.md{hint}"),
    "R312": Code(
        "objective-reference", E, "objective '{objective}' needs {kind} '{id}', which the case does not declare{hint}"
    ),
    # G4xx: the decision graph
    "G401": Code("unreachable-step", E, "step '{id}' cannot be reached from the start '{start}'"),
    "G402": Code("dead-end", E, "step '{id}' has no choices and is not an ending"),
    "G403": Code("trap", E, "no ending can be reached from step '{id}'"),
    "G404": Code("empty-step", E, "step '{id}' has no text"),
    "G405": Code("choices-and-ending", E, "step '{id}' has both choices and an ending; a step is one or the other"),
    # U5xx: declared but never used (warnings)
    "U501": Code("unused-department", W, "department '{id}' is declared but never used"),
    "U502": Code("unused-persona", W, "persona '{id}' is declared but never used"),
    "U503": Code("unused-fact", W, "fact '{id}' is declared but never used"),
    "U504": Code("fact-never-set", W, "fact '{id}' is required but never set by any choice (and starts {initial})"),
    "U505": Code("unused-objective", W, "objective '{id}' is met by no ending and says nothing it needs"),
    "U506": Code(
        "objective-fact-text", W, "objective '{objective}' needs fact '{id}', which has no text for the debrief to show"
    ),
    # T6xx: text and translations
    "T601": Code("missing-translation", E, "{field}: no '{lang}' text (the scenario declares languages {languages})"),
    "T602": Code("undeclared-language", W, "{field}: text in '{lang}', which is not in 'languages' {languages}"),
    # C7xx: confidentiality in the case's own text
    "C701": Code(
        "identifier-in-text",
        W,
        "{field} names {persona}'s {kind} '{value}' but the step is not at the individual level; "
        "use the persona's label ('{label}') or mark the step 'level: individual'",
    ),
    "C702": Code(
        "undeclared-identifier",
        E,
        "{field} holds {what} that is not a declared persona detail, and the case text is copied into every "
        "session log; declare it as a persona's {kind} (fiction-safe) or name the function instead",
    ),
    "C703": Code("not-fiction-safe", E, "persona '{persona}': the {kind} '{value}' is not fiction-safe: {why}"),
    # C704-C705: the rules that make a case a lesson
    "C704": Code(
        "no-operational-alternative",
        E,
        "choice '{id}' is flagged ({rules}) and step '{step}' has no unflagged choice beside it: give the group "
        "an operational-level alternative at the same step",
    ),
    "C705": Code(
        "no-safe-way-out",
        E,
        "from step '{id}'{facts} no ending can be reached without a flagged choice: add an operational-level way on",
    ),
}


def make(code: str, file: str, pos: tuple[int, int] | None, **fields) -> Diagnostic:
    """A diagnostic for ``code`` at ``pos`` (1-based line, column), message filled from ``fields``."""
    spec = CODES[code]
    line, col = pos if pos else (None, None)
    return Diagnostic(file, line, col, spec.severity, code, spec.template.format(**fields))


def did_you_mean(word: str, candidates) -> str:
    """``" (did you mean 'x'?)"`` for the closest candidate, or ``""``."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
