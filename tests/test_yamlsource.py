"""The safe YAML reader: positions, the YAML 1.2 core schema, and the limits."""

from __future__ import annotations

import time

from tabletop.sim.format import source as yamlsource
from tabletop.sim.format.source import parse


def codes_of(parsed):
    return [d.code for d in parsed.diagnostics]


def test_values_know_their_line_and_column():
    parsed = parse("a: 1\nsteps:\n  - id: x\n    goto:   there\n", "f")
    assert parsed.positions.of(("steps", 0, "goto")) == (4, 13)
    assert parsed.positions.key(("steps", 0, "goto")) == (4, 5)
    assert parsed.positions.of(("steps", 0)) == (3, 5)


def test_missing_path_falls_back_to_nearest_parent():
    parsed = parse("a:\n  b: 1\n", "f")
    assert parsed.positions.of(("a", "nope", "deeper")) == (2, 3)


def test_only_true_and_false_are_booleans():
    parsed = parse("no: yes\non: off\nt: true\nf: False\nlang: sv\n", "f")
    assert parsed.data == {"no": "yes", "on": "off", "t": True, "f": False, "lang": "sv"}


def test_numbers_nulls_and_dates_follow_the_core_schema():
    parsed = parse("i: 12\nh: 0x1f\nx: 1.5\nn: ~\ne:\nd: 2026-11-24\nq: '12'\n", "f")
    assert parsed.data == {"i": 12, "h": 31, "x": 1.5, "n": None, "e": None, "d": "2026-11-24", "q": "12"}


def test_duplicate_key_is_reported_at_the_second_key():
    parsed = parse("a: 1\nb: 2\na: 3\n", "f")
    [d] = parsed.diagnostics
    assert (d.code, d.line, d.col) == ("Y102", 3, 1)
    assert parsed.data["a"] == 1


def test_python_tags_are_refused():
    parsed = parse("a: !!python/object/apply:os.system ['true']\n", "f")
    assert codes_of(parsed) == ["Y108"]
    assert parsed.data is None


def test_billion_laughs_is_refused_within_a_second():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    started = time.process_time()
    parsed = parse("\n".join(lines) + "\n", "f")
    assert time.process_time() - started < 1.0  # not a benchmark: a hang would take minutes
    assert codes_of(parsed) == ["Y106"]


def test_too_many_aliases_are_refused(monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_ALIASES", 3)
    parsed = parse("a: &x 1\nb: [*x, *x, *x, *x]\n", "f")
    assert codes_of(parsed) == ["Y106"]


def test_a_recursive_alias_is_refused():
    assert codes_of(parse("a: &x [1, *x]\n", "f")) == ["Y106"]


def test_deep_nesting_is_refused_not_crashed():
    parsed = parse("[" * 100_000 + "]" * 100_000, "f")
    assert codes_of(parsed) == ["Y109"]


def test_two_documents_are_refused():
    assert codes_of(parse("a: 1\n---\nb: 2\n", "f")) == ["Y107"]


def test_syntax_error_names_its_place():
    [d] = parse("a: [1, 2\nb: 3\n", "f").diagnostics
    assert d.code == "Y101" and (d.line, d.col) == (1, 4)  # the '[' that is never closed


def test_control_characters_are_a_syntax_error_with_a_place():
    [d] = parse("a: 1\nb: \x07\n", "f").diagnostics
    assert d.code == "Y101" and (d.line, d.col) == (2, 4)


def test_invalid_utf8_is_reported_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\nb: s\xf6t\n".encode("latin-1"))
    text, [d] = yamlsource.read_text(path)
    assert text is None and (d.code, d.line, d.col) == ("Y104", 2, 5)


def test_binary_and_utf16_files_are_refused(tmp_path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    utf16 = tmp_path / "u.yaml"
    utf16.write_bytes("a: 1\n".encode("utf-16"))
    assert yamlsource.read_text(binary)[1][0].code == "Y104"
    assert "UTF-16" in yamlsource.read_text(utf16)[1][0].message


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffa: 1\n".encode())
    assert yamlsource.parse_file(path)[1].data == {"a": 1}


def test_directories_missing_and_huge_files_are_refused(tmp_path, monkeypatch):
    assert yamlsource.read_text(tmp_path)[1][0].code == "Y103"
    assert yamlsource.read_text(tmp_path / "nope.yaml")[1][0].code == "Y103"
    monkeypatch.setattr(yamlsource, "MAX_BYTES", 10)
    big = tmp_path / "big.yaml"
    big.write_text("a: 12345678901234567890\n")
    assert yamlsource.read_text(big)[1][0].code == "Y105"


def test_numbers_with_a_leading_zero_stay_text():
    assert parse("phone: 0701740642\nclass: 09\nzero: 0\n", "f").data == {
        "phone": "0701740642",
        "class": "09",
        "zero": 0,
    }


def test_syntax_errors_come_with_a_hint_for_authors():
    [d] = parse("title: Wait: we see\n", "f").diagnostics
    assert d.code == "Y101" and "must be in quotes" in d.message


def test_utf16_without_a_bom_and_utf32_are_named(tmp_path):
    no_bom = tmp_path / "a.yaml"
    no_bom.write_bytes("format: 1\nid: x\n".encode("utf-16-le"))
    utf32 = tmp_path / "b.yaml"
    utf32.write_bytes("format: 1\n".encode("utf-32"))
    assert "UTF-16" in yamlsource.read_text(no_bom)[1][0].message
    assert "UTF-32" in yamlsource.read_text(utf32)[1][0].message


def test_a_pipe_is_refused_without_blocking(tmp_path):
    import os

    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    [d] = yamlsource.read_text(fifo)[1]
    assert d.code == "Y103" and "not a regular file" in d.message


def test_a_tab_used_for_indentation_gets_the_hint_to_use_spaces():
    for text in ("format: 1\n\tid: x\n", "format: 1\ntitle: >\n\tsome text\n"):
        (d,) = parse(text, "case.yaml").diagnostics
        assert d.code == "Y101" and d.line in (2, 3) and d.message.endswith("indent with spaces, not tabs)")


def test_reading_a_case_file_and_finding_the_bundled_ones_need_no_yaml_reader():
    """The first screen of ``tabletop run`` reads the case's text (the checked case comes from the case cache):
    the YAML reader is imported only where a text is parsed."""
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from tabletop.sim.format.library import resolve; "
        "from tabletop.sim.format.source import read_text; "
        "text, problems = read_text(resolve('propaganda-gymnasiet')); assert text and not problems; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('yaml', 'zipfile')))"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert done.stdout.strip() == "[]", done.stderr
