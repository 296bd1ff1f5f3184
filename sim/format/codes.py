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
    template: str  # English
    sv: str = ""  # Swedish, with the same fields


class Phrase(str):
    """A piece of a message that has a Swedish version too (a hint, a detail): English as a ``str``, ``.sv`` beside.

    Passed as a field to :func:`make`, it is English in :attr:`Diagnostic.message` and Swedish in
    ``Diagnostic.text("sv")``; any other field stays as it is (ids, keys, values).
    """

    sv: str

    def __new__(cls, en: str, sv: str) -> Phrase:
        phrase = super().__new__(cls, en)
        phrase.sv = sv
        return phrase


def message(code: str, lang: str, fields: dict) -> str:
    """The message of ``code`` in ``lang`` (sv or en) from its fields; English where there is no Swedish."""
    spec = CODES[code]
    if lang != "sv" or not spec.sv:
        return spec.template.format(**fields)
    return spec.sv.format(**{k: v.sv if isinstance(v, Phrase) else v for k, v in fields.items()})


CODES: dict[str, Code] = {
    # Y1xx: the file and its YAML
    "Y101": Code("yaml-syntax", E, "YAML syntax error: {detail}", sv="YAML-syntaxfel: {detail}"),
    "Y102": Code(
        "duplicate-key",
        E,
        "duplicate key '{key}' (first at line {first})",
        sv="nyckeln '{key}' finns redan (första gången på rad {first})",
    ),
    "Y103": Code("unreadable", E, "cannot read the file: {detail}", sv="filen går inte att läsa: {detail}"),
    "Y104": Code("encoding", E, "{detail}", sv="{detail}"),
    "Y105": Code(
        "too-large",
        E,
        "file is {size} bytes, more than the limit of {limit} bytes",
        sv="filen är {size} byte, mer än gränsen {limit} byte",
    ),
    "Y106": Code("alias-budget", E, "{detail}", sv="{detail}"),
    "Y107": Code("not-a-mapping", E, "{detail}", sv="{detail}"),
    "Y108": Code(
        "unsupported-tag",
        E,
        "tag '{tag}' is not allowed: scenario files are plain data",
        sv="taggen '{tag}' är inte tillåten: en scenariofil är bara data",
    ),
    "Y109": Code("too-deep", E, "nesting deeper than {limit} levels", sv="nästlat djupare än {limit} nivåer"),
    # F2xx: the shape of the document
    "F201": Code("unknown-key", E, "unknown key '{key}' in {where}{hint}", sv="okänd nyckel '{key}' i {where}{hint}"),
    "F202": Code("wrong-type", E, "{field}: {detail}", sv="{field}: {detail}"),
    "F203": Code(
        "missing-field",
        E,
        "{where} is missing the required field '{field}'",
        sv="{where} saknar det obligatoriska fältet '{field}'",
    ),
    "F204": Code(
        "format-version",
        E,
        "unsupported format version {version!r}: this tabletop reads format 1",
        sv="formatversionen {version!r} stöds inte: den här versionen av tabletop läser format 1",
    ),
    "F205": Code("invalid-value", E, "{field}: {detail}", sv="{field}: {detail}"),
    # R3xx: references between parts
    "R301": Code(
        "duplicate-id",
        E,
        "duplicate {kind} id '{id}' (first at line {first})",
        sv="{kind}-id '{id}' finns redan (första gången på rad {first})",
    ),
    "R302": Code(
        "goto-missing", E, "goto '{target}' names no step{hint}", sv="goto '{target}' pekar inte på något steg{hint}"
    ),
    "R303": Code("start-missing", E, "{detail}", sv="{detail}"),
    "R304": Code(
        "undeclared-department",
        E,
        "department '{id}' is used but not declared in 'departments'{hint}",
        sv="förvaltningen '{id}' används men finns inte under 'departments'{hint}",
    ),
    "R305": Code(
        "undeclared-persona",
        E,
        "persona '{id}' is used but not declared in 'personas'{hint}",
        sv="personan '{id}' används men finns inte under 'personas'{hint}",
    ),
    "R306": Code(
        "undeclared-fact",
        E,
        "fact '{id}' is used but not declared in 'facts'{hint}",
        sv="faktumet '{id}' används men finns inte under 'facts'{hint}",
    ),
    "R307": Code(
        "undeclared-objective",
        E,
        "objective '{id}' is not declared in 'objectives'{hint}",
        sv="målet '{id}' finns inte under 'objectives'{hint}",
    ),
    "R308": Code(
        "unknown-identifier",
        E,
        "persona '{persona}' has no identifier '{id}'{hint}",
        sv="personan '{persona}' har ingen identifierande uppgift '{id}'{hint}",
    ),
    "R309": Code(
        "prompt-department",
        E,
        "prompt for department '{id}', which is not in this scenario{hint}",
        sv="fråga till förvaltningen '{id}', som inte är med i scenariot{hint}",
    ),
    "R310": Code(
        "unknown-department",
        E,
        "'{id}' is not a catalogue department; give it a name to declare it locally{hint}",
        sv="'{id}' finns inte i katalogen över förvaltningar; ge den ett namn för att deklarera den lokalt{hint}",
    ),
    "R311": Code(
        "unknown-legal-basis",
        E,
        "basis '{id}' is not an entry of docs/legal-basis.md{hint}",
        sv="grunden '{id}' finns inte i docs/legal-basis.md{hint}",
    ),
    "R312": Code(
        "objective-reference",
        E,
        "objective '{objective}' needs {kind} '{id}', which the case does not declare{hint}",
        sv="målet '{objective}' behöver {kind} '{id}', som scenariot inte deklarerar{hint}",
    ),
    # G4xx: the decision graph
    "G401": Code(
        "unreachable-step",
        E,
        "step '{id}' cannot be reached from the start '{start}'",
        sv="steget '{id}' går inte att nå från starten '{start}'",
    ),
    "G402": Code(
        "dead-end",
        E,
        "step '{id}' has no choices and is not an ending",
        sv="steget '{id}' har inga val och är inget slut",
    ),
    "G403": Code("trap", E, "no ending can be reached from step '{id}'", sv="inget slut går att nå från steget '{id}'"),
    "G404": Code("empty-step", E, "step '{id}' has no text", sv="steget '{id}' har ingen text"),
    "G405": Code(
        "choices-and-ending",
        E,
        "step '{id}' has both choices and an ending; a step is one or the other",
        sv="steget '{id}' har både val och ett slut; ett steg är det ena eller det andra",
    ),
    # U5xx: declared but never used (warnings)
    "U501": Code(
        "unused-department",
        W,
        "department '{id}' is declared but never used",
        sv="förvaltningen '{id}' deklareras men används aldrig",
    ),
    "U502": Code(
        "unused-persona",
        W,
        "persona '{id}' is declared but never used",
        sv="personan '{id}' deklareras men används aldrig",
    ),
    "U503": Code(
        "unused-fact", W, "fact '{id}' is declared but never used", sv="faktumet '{id}' deklareras men används aldrig"
    ),
    "U504": Code(
        "fact-never-set",
        W,
        "fact '{id}' is required but never set by any choice (and starts {initial})",
        sv="faktumet '{id}' krävs men sätts inte av något val (och är från början {initial})",
    ),
    "U505": Code(
        "unused-objective",
        W,
        "objective '{id}' is met by no ending and says nothing it needs",
        sv="målet '{id}' uppfylls inte av något slut och säger inte vad det kräver",
    ),
    "U506": Code(
        "objective-fact-text",
        W,
        "objective '{objective}' needs fact '{id}', which has no text for the debrief to show",
        sv="målet '{objective}' kräver faktumet '{id}', som saknar text som debriefingen kan visa",
    ),
    # T6xx: text and translations
    "T601": Code(
        "missing-translation",
        E,
        "{field}: no '{lang}' text (the scenario declares languages {languages})",
        sv="{field}: ingen text på '{lang}' (scenariot anger språken {languages})",
    ),
    "T602": Code(
        "undeclared-language",
        W,
        "{field}: text in '{lang}', which is not in 'languages' {languages}",
        sv="{field}: text på '{lang}', som inte finns bland 'languages' {languages}",
    ),
    # C7xx: confidentiality in the case's own text
    "C701": Code(
        "identifier-in-text",
        W,
        "{field} names {persona}'s {kind} '{value}' but the step is not at the individual level; "
        "use the persona's label ('{label}') or mark the step 'level: individual'",
        sv="{field} nämner {persona}s {kind} '{value}' men steget är inte på individnivå; använd personans "
        "beskrivning ('{label}') eller markera steget 'level: individual'",
    ),
    "C702": Code(
        "undeclared-identifier",
        E,
        "{field} holds {what} that is not a declared persona detail, and the case text is copied into every "
        "session log; declare it as a persona's {kind} (fiction-safe) or name the function instead",
        sv="{field} innehåller {what} som inte är en deklarerad uppgift om en persona, och scenariots text "
        "kopieras till varje sessionslogg; deklarera den som en personas {kind} (fiktionssäker) eller nämn "
        "funktionen i stället",
    ),
    "C703": Code(
        "not-fiction-safe",
        E,
        "persona '{persona}': the {kind} '{value}' is not fiction-safe: {why}",
        sv="personan '{persona}': {kind} '{value}' är inte fiktionssäker: {why}",
    ),
    # C704-C705: the rules that make a case a lesson
    "C704": Code(
        "no-operational-alternative",
        E,
        "choice '{id}' is flagged ({rules}) and step '{step}' has no unflagged choice beside it: give the group "
        "an operational-level alternative at the same step",
        sv="valet '{id}' flaggas ({rules}) och steget '{step}' har inget oflaggat val bredvid: ge gruppen ett "
        "alternativ på verksamhetsnivå i samma steg",
    ),
    "C705": Code(
        "no-safe-way-out",
        E,
        "from step '{id}'{facts} no ending can be reached without a flagged choice: add an operational-level way on",
        sv="från steget '{id}'{facts} går inget slut att nå utan ett flaggat val: lägg till en väg vidare på "
        "verksamhetsnivå",
    ),
}


def make(code: str, file: str, pos: tuple[int, int] | None, **fields) -> Diagnostic:
    """A diagnostic for ``code`` at ``pos`` (1-based line, column), message filled from ``fields``."""
    spec = CODES[code]
    line, col = pos if pos else (None, None)
    return Diagnostic(file, line, col, spec.severity, code, spec.template.format(**fields), message(code, "sv", fields))


def did_you_mean(word: str, candidates) -> str:
    """``" (did you mean 'x'?)"`` for the closest candidate, or ``""``."""
    import difflib

    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return Phrase(f" (did you mean '{close[0]}'?)", f" (menade du '{close[0]}'?)") if close else ""
