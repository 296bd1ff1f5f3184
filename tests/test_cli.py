"""The command line: output lines, JSON, exit codes, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tabletop.tui.cli import main
from tests.conftest import MINIMAL


def test_validate_clean_file_prints_counts_and_summary(capsys):
    assert main(["validate", str(MINIMAL)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2].endswith("5 steps, 6 choices, 2 endings, 90 words")
    assert out[-1] == "1 file, 0 errors, 0 warnings"


def test_validate_without_paths_checks_the_bundled_cases(capsys):
    assert main(["validate", "--strict"]) == 0
    out = capsys.readouterr().out
    assert "scenarios/" in out and ", 0 errors, 0 warnings" in out


def test_warnings_pass_unless_strict(tmp_path, minimal_text, capsys):
    case = tmp_path / "case.yaml"
    case.write_text(minimal_text.replace("  - polis\n", "  - polis\n  - psykiatri\n"))
    assert main(["validate", str(case)]) == 0
    assert "warning U501" in capsys.readouterr().out
    assert main(["validate", "--strict", str(case)]) == 1
    assert "error U501" in capsys.readouterr().out


def test_problems_exit_1_with_one_line_each(tmp_path, minimal_text, capsys):
    case = tmp_path / "case.yaml"
    case.write_text(minimal_text.replace("goto: good-end", "goto: goodend", 1))
    assert main(["validate", str(case)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{case}:")
    assert "error R302: goto 'goodend' names no step (did you mean 'good-end'?)" in lines[0]
    assert lines[-1] == "1 file, 1 error, 0 warnings"


def test_json_output_is_for_editors(tmp_path, minimal_text, capsys):
    case = tmp_path / "case.yaml"
    case.write_text(minimal_text.replace("timebox: 10m", "timebox: soon", 1))
    assert main(["validate", "--format", "json", str(case)]) == 1
    data = json.loads(capsys.readouterr().out)
    [diag] = data["files"][0]["diagnostics"]
    assert diag["code"] == "F205" and diag["line"] == 32 and diag["severity"] == "error"
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 0}


def test_a_folder_is_validated_file_by_file(tmp_path, minimal_text, capsys):
    (tmp_path / "a.yaml").write_text(minimal_text)
    (tmp_path / "b.yml").write_text("not: [a scenario")
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "2 files, 1 error, 0 warnings"


def test_usage_errors_exit_2_in_one_line():
    proc = subprocess.run([sys.executable, "-m", "tabletop.tui.cli", "graph"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


@pytest.mark.parametrize("content", [b"\x00\x01binary", b"- a list", b"", b"a: [", "a: s\xf6t".encode("latin-1")])
def test_bad_files_never_give_a_traceback(tmp_path, content):
    case = tmp_path / "bad.yaml"
    case.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "tabletop.tui.cli", "validate", str(case)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr + proc.stdout
    assert proc.stdout.startswith(f"{case}:")


def test_graph_mermaid_marks_individual_steps_and_disclosing_choices(capsys):
    assert main(["graph", str(MINIMAL), "--format", "mermaid", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart TD")
    assert '["⚠ The name is said<br/>(individual level)"]:::individual' in out
    assert '-.->|"⚠ Ask the school for the pupil\'s name"|' in out  # flagged: dashed as well as red
    assert ":::good" in out and ":::poor" in out and "linkStyle 1 stroke:#c62828" in out


def test_graph_dot_colours_endings_by_outcome(capsys):
    assert main(["graph", str(MINIMAL), "--format", "dot"]) == 0
    assert "[individnivå]" in capsys.readouterr().out  # the case's first language by default: Swedish
    assert main(["graph", str(MINIMAL), "--format", "dot", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith('digraph "minimal"')
    assert 'fillcolor="#2e7d32"' in out and 'fillcolor="#c62828"' in out
    assert "[individual level]" in out and 'label="⚠ ask-name:' in out


def test_graph_of_a_broken_case_says_why(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    case.write_text("format: 1\n")
    assert main(["graph", str(case)]) == 1
    assert "F203" in capsys.readouterr().err


def test_graph_accepts_a_bundled_case_id(capsys):
    from tabletop.sim.format.library import discover

    case = discover()[0]
    assert main(["graph", case.path.stem]) == 0
    assert capsys.readouterr().out.startswith("flowchart TD")


def test_schema_is_json_schema_with_every_top_level_key(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert set(schema["properties"]) >= {"format", "id", "languages", "personas", "facts", "start", "steps"}
    assert schema["additionalProperties"] is False


def test_the_schema_accepts_the_bundled_case_and_rejects_a_typo(minimal_text):
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from tabletop.sim.format.library import discover
    from tabletop.sim.format.schema import json_schema
    from tests.test_schema import editor_schema  # its patterns read as an editor reads them (ECMAScript, 'u')

    validator = jsonschema.Draft202012Validator(editor_schema(json_schema()))
    assert list(validator.iter_errors(yaml.safe_load(minimal_text))) == []
    for case in discover():  # what an editor checks must agree with the validator on every bundled case
        assert list(validator.iter_errors(yaml.safe_load(case.path.read_text(encoding="utf-8")))) == []
    bad = yaml.safe_load(minimal_text.replace("timebox: 10m", "timebx: 10m", 1))
    assert list(validator.iter_errors(bad))


def test_departments_are_given_with_counts():
    from tabletop.tui.cli import parse_departments

    assert parse_departments("skola=3, polis") == {"skola": 3, "polis": 1}
    for bad in ("", "skola=x", "=3", "skola=0"):
        with pytest.raises(ValueError):
            parse_departments(bad)


def test_run_refuses_bad_setup_in_one_line_before_opening_the_app(capsys):
    assert main(["run", str(MINIMAL), "--departments", "skola=2,brandkaren"]) == 2
    assert "brandkaren not in this case" in capsys.readouterr().err
    assert main(["run", str(MINIMAL), "--departments", "skola", "--term", "autumn"]) == 2
    assert main(["run", "no-such-case"]) == 1
    assert "neither a file nor a known case" in capsys.readouterr().err


def test_run_starts_the_session_in_the_log_folder_given_and_opens_the_app_on_it(tmp_path, monkeypatch):
    launched = []
    monkeypatch.setattr("tabletop.tui.app.TabletopApp.run", lambda app, *a, **k: launched.append(app.launch))
    logs = tmp_path / "given"
    assert main(["--log-dir", str(logs), "run", str(MINIMAL), "--departments", "skola=2,polis", "--lang", "en"]) == 0
    (launch,) = launched
    assert launch.log_dir == logs and launch.session.state.lang == "en"
    assert launch.session.path.parent == logs, "the session is written where --log-dir says, not elsewhere"
    assert launch.loaded is None and launch.scenario is None


def test_run_without_departments_opens_setup_on_the_case_it_checked(monkeypatch, tmp_path):
    launched = []
    monkeypatch.setattr("tabletop.tui.app.TabletopApp.run", lambda app, *a, **k: launched.append(app.launch))
    monkeypatch.setenv("TABLETOP_LOG_DIR", str(tmp_path / "from-the-environment"))
    assert main(["run", str(MINIMAL)]) == 0
    (launch,) = launched
    assert launch.log_dir == tmp_path / "from-the-environment" and launch.session is None and launch.departments is None
    source, scenario = launch.loaded
    assert source == MINIMAL.read_text(encoding="utf-8") and scenario.id == "minimal"


def test_follow_and_resume_refuse_what_is_not_a_log(tmp_path, capsys):
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\n")
    assert main(["follow", str(junk)]) == 1
    assert main(["resume", str(junk)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all("junk.jsonl:1: not-a-log" in line for line in err)


def test_a_missing_case_folder_is_said_not_ignored(monkeypatch, tmp_path, capsys):
    assert main(["--scenarios", str(tmp_path / "nope"), "validate"]) == 2
    assert "no such folder" in capsys.readouterr().err
    monkeypatch.setenv("TABLETOP_SCENARIOS", str(tmp_path / "gone"))
    assert main(["validate"]) == 0
    assert "TABLETOP_SCENARIOS" in capsys.readouterr().err


def test_many_problems_are_capped_in_text_but_not_in_json(tmp_path, capsys):
    case = tmp_path / "many.yaml"
    case.write_text("format: 1\n" + "".join(f"k{i}: 1\n" for i in range(300)))
    assert main(["validate", str(case)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 202 and "more problems" in out[-2]


def test_replay_refuses_what_is_not_a_log_in_one_line(tmp_path, capsys):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\n")
    assert main(["replay", str(junk)]) == 1
    assert capsys.readouterr().err.strip().endswith("not-a-log: the first line is not JSON")


def test_the_app_commands_pause_the_collector_until_the_first_screen_and_a_refused_start_resumes_it(monkeypatch):
    import gc

    from tabletop.tui import launch

    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))  # the test process's objects stay as they are
    assert gc.isenabled()
    launch.hold_collector()
    assert not gc.isenabled()
    launch.release_collector()  # the first screen painted: what starting made is frozen, the collector runs again
    assert gc.isenabled() and frozen == [True]
    launch.release_collector()  # once only
    assert frozen == [True]

    seen: list[bool] = []
    monkeypatch.setattr("tabletop.tui.app.TabletopApp.run", lambda app, *a, **k: seen.append(gc.isenabled()))
    assert main(["run", str(MINIMAL)]) == 0  # Setup: the app "runs" here with the collector paused
    assert seen == [False] and gc.isenabled() and frozen == [True]  # and it runs again after, nothing frozen
    assert main(["run", "no-such-case"]) == 1  # refused before any app: the collector runs again all the same
    assert gc.isenabled()
