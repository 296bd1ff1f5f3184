"""Every diagnostic code: an input that produces it at an exact place, and a section in the docs.

Each code in ``sim.format.codes.CODES`` has a fixture ``tests/fixtures/invalid/<CODE>-<name>.yaml`` whose first
line says where the diagnostic must point (``# expect: CODE line:col``), or, for the few codes that no
small text file can produce, an input made here in ``tmp_path``. docs/diagnostics.md has a section
``## CODE name`` for every code; its first ```yaml block is the fixture, whole and byte for byte
(comment lines included, so the line numbers in the message match the example), and its first ```text
block is what the validator prints for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.sim.format import source as yamlsource
from tabletop.sim.format.codes import CODES
from tabletop.sim.format.diagnostics import Diagnostic
from tabletop.sim.format.loader import load_bytes, load_file
from tabletop.tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
INVALID = ROOT / "tests" / "fixtures" / "invalid"
DOCS = ROOT / "docs" / "diagnostics.md"
EXPECT = re.compile(rb"# expect: ([A-Z][0-9]{3}) ([0-9]+):([0-9]+)\n")
# The one fixture that is deliberately not UTF-8: the docs show it as a Latin-1 editor does.
NOT_UTF8 = {"Y104": "latin-1"}


def _missing_file(tmp_path: Path) -> Path:
    return Path("missing.yaml")  # relative to tmp_path, the working directory


def _huge_file(tmp_path: Path) -> Path:
    path = Path("huge.yaml")
    with (tmp_path / path).open("wb") as fh:
        fh.truncate(yamlsource.MAX_BYTES + 1)  # sparse: nothing is written, the size is what counts
    return path


# Codes no small committed file can produce: the input is made in tmp_path; they have no position.
GENERATED = {"Y103": _missing_file, "Y105": _huge_file}


def fixture_path(code: str) -> Path:
    return INVALID / f"{code}-{CODES[code].name}.yaml"


def display(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def expected_place(path: Path) -> tuple[str, int, int]:
    match = EXPECT.match(path.read_bytes())
    assert match, f"{path.name} must start with '# expect: CODE line:col'"
    code, line, col = match.groups()
    return code.decode(), int(line), int(col)


def diagnostics_for(code: str, tmp_path: Path, monkeypatch) -> list[Diagnostic]:
    """What the loader reports for the code's example, with the file named as the docs name it."""
    if code in GENERATED:
        monkeypatch.chdir(tmp_path)
        return load_file(GENERATED[code](tmp_path)).diagnostics
    path = fixture_path(code)
    return load_file(path, display=display(path)).diagnostics


def output_lines(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.format() for d in sorted(diagnostics, key=lambda d: (d.line or 0, d.col or 0, d.code))]


def doc_sections() -> list[tuple[str, str, str]]:
    """``(code, name, body)`` for every ``## CODE name`` section of docs/diagnostics.md, in order."""
    text = DOCS.read_text(encoding="utf-8")
    parts = re.split(r"^## ([A-Z][0-9]{3}) (\S+)[ \t]*\n", text, flags=re.MULTILINE)
    return list(zip(parts[1::3], parts[2::3], parts[3::3], strict=True))


def first_block(body: str, lang: str) -> str | None:
    match = re.search(rf"^```{lang}\n(.*?)^```$", body, flags=re.MULTILINE | re.DOTALL)
    return match.group(1) if match else None


@pytest.fixture(scope="module")
def sections() -> dict[str, tuple[str, str]]:
    return {code: (name, body) for code, name, body in doc_sections()}


ALL = list(CODES)
WITH_FIXTURE = [code for code in CODES if code not in GENERATED]


# --- every code is produced, at the right place, with its severity ------------------------------------


@pytest.mark.parametrize("code", ALL)
def test_example_input_produces_the_code_at_the_expected_place_with_its_severity(code, tmp_path, monkeypatch):
    diagnostics = diagnostics_for(code, tmp_path, monkeypatch)
    if code in GENERATED:
        expected = (None, None)
    else:
        header_code, line, col = expected_place(fixture_path(code))
        assert header_code == code, f"{fixture_path(code).name} expects {header_code}"
        expected = (line, col)
    found = [(d.line, d.col) for d in diagnostics if d.code == code]
    assert expected in found, f"{code} expected at {expected}, got {output_lines(diagnostics)}"
    assert all(d.severity is CODES[code].severity for d in diagnostics if d.code == code)


@pytest.mark.parametrize("code", ALL)
def test_example_input_shows_only_its_own_problem(code, tmp_path, monkeypatch):
    diagnostics = diagnostics_for(code, tmp_path, monkeypatch)
    assert [d.code for d in diagnostics] == [code], output_lines(diagnostics)


def test_unreadable_also_covers_a_directory_given_as_a_file(tmp_path):
    (diagnostic,) = load_file(tmp_path).diagnostics
    assert (diagnostic.code, diagnostic.line) == ("Y103", None)
    assert "directory" in diagnostic.message


# --- fixtures, codes and docs cover each other -----------------------------------------------------


def test_every_code_has_a_fixture_named_after_it_or_a_generated_input():
    missing = [code for code in WITH_FIXTURE if not fixture_path(code).is_file()]
    assert not missing, f"no fixture for {missing}"
    assert set(GENERATED) <= set(CODES)
    assert not [code for code in GENERATED if list(INVALID.glob(f"{code}-*"))], "generated codes need no fixture"


def test_every_fixture_file_belongs_to_a_known_code():
    expected = {fixture_path(code).name for code in WITH_FIXTURE}
    stray = sorted(p.name for p in INVALID.iterdir() if p.name not in expected)
    assert not stray, f"fixtures that match no code (or are misnamed): {stray}"


def test_docs_have_one_section_per_code_with_its_name_and_severity(sections):
    in_docs = [code for code, _, _ in doc_sections()]
    assert in_docs == list(CODES), "one section per code in docs/diagnostics.md, in the order of CODES"
    for code, (name, body) in sections.items():
        assert name == CODES[code].name, f"## {code} {name}: the code is called {CODES[code].name}"
        assert f"Severity: **{CODES[code].severity.value}**" in body, f"{code}: severity"
        assert "\nFix:" in body, f"{code}: the section needs a 'Fix:'"


@pytest.mark.parametrize("code", WITH_FIXTURE)
def test_docs_bad_example_is_the_fixture_byte_for_byte(code, sections):
    raw = fixture_path(code).read_bytes()
    expected = raw.decode(NOT_UTF8.get(code, "utf-8"))
    assert first_block(sections[code][1], "yaml") == expected


@pytest.mark.parametrize("code", list(GENERATED))
def test_docs_of_generated_codes_show_no_yaml_example(code, sections):
    assert first_block(sections[code][1], "yaml") is None


@pytest.mark.parametrize("code", ALL)
def test_docs_message_is_what_the_validator_prints(code, sections, tmp_path, monkeypatch):
    shown = first_block(sections[code][1], "text")
    assert shown is not None, f"{code}: the section needs a ```text block with the message"
    assert shown.splitlines() == output_lines(diagnostics_for(code, tmp_path, monkeypatch))


# --- the command line --------------------------------------------------------------------------------


def test_cli_prints_path_line_col_severity_code_and_message_and_exits_1(capsys):
    path = fixture_path("F201")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:15:5: error F201: unknown key 'timbox' in step 'found' (did you mean 'timebox'?)"
    assert re.fullmatch(r".+:[0-9]+:[0-9]+: (error|warning) [A-Z][0-9]{3}: .+", out[0])
    assert out[-1] == "1 file, 1 error, 0 warnings"


# --- places in inputs that are easy to get wrong ----------------------------------------------------

AFTER_NON_ASCII = "title: Åsa Öberg Ääkkönen\nsummary: bad \x07 here\n"
MINI = """format: 1
id: x
title: x
summary: x
languages: [en]
theme: other
duration: 30m
departments: [skola]
start: a
steps:
  - id: a
    title: A
    text: A
    choices:
      - id: go
        text: Go
        by: skola
        goto: b
        requires:
          - all: [known, warned]
  - id: b
    title: B
    text: B
    ending: {outcome: good}
facts:
  - id: known
  - id: warned
"""


PLACES = [
    pytest.param(b"\xef\xbb\xbfformat: 1\nformat: 1\n", "Y102", (2, 1), id="byte-order-mark-does-not-shift"),
    pytest.param(b"format: 1\r\nformat: 1\r\n", "Y102", (2, 1), id="crlf-line-ends"),
    pytest.param("title: Åsa: x\n".encode(), "Y101", (1, 11), id="syntax-error-after-non-ascii"),
    pytest.param(b"a: 1\n---\nb: 2\n", "Y107", (2, 1), id="second-document-at-its-marker"),
    pytest.param(AFTER_NON_ASCII.encode(), "Y101", (2, 14), id="control-character-after-non-ascii"),
    pytest.param("title: Åsa ".encode() + b"\xf6berg\n", "Y104", (1, 12), id="bad-byte-after-non-ascii"),
    pytest.param(b"\n\n42\n", "Y107", (3, 1), id="top-level-single-value"),
    pytest.param(b'format: 1\ntitle: "Graffiti\nsummary: x\n', "Y101", (2, 8), id="unclosed-quote-at-its-start"),
    pytest.param(
        MINI.replace(
            "  - id: warned\n",
            "  - id: warned\npersonas:\n  - id: p\n    label: p\n    identifiers:\n      nmae: Sam\n",
        ).encode(),
        "F205",
        (32, 7),
        id="unknown-identifier-kind-at-its-key",
    ),
    pytest.param(
        MINI.replace("    text: A\n", "    text: A\n    1: x\n", 1).encode(),
        "F202",
        (14, 5),
        id="non-string-key-at-the-key",
    ),
    pytest.param(MINI.replace("  - id: warned\n", "").encode(), "R306", (20, 26), id="fact-inside-all-at-the-fact"),
]


@pytest.mark.parametrize(("raw", "code", "place"), PLACES)
def test_diagnostic_points_at_the_offending_place(raw, code, place):
    diagnostics = load_bytes(raw, "case.yaml").diagnostics
    assert place in [(d.line, d.col) for d in diagnostics if d.code == code], output_lines(diagnostics)


def test_fixtures_stay_small():
    assert not [p.name for p in INVALID.iterdir() if p.stat().st_size > 16 * 1024]
