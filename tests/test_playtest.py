"""Play-testing and the author's commands explore, playtest and verify on the command line."""

from __future__ import annotations

import json

from tabletop.sim.author.playtest import playtest
from tabletop.sim.play.log import verify
from tabletop.tui.cli import main
from tests.conftest import MINIMAL


def test_playtest_runs_cover_every_choice_and_pass(tmp_path):
    report = playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=12, seed=0)
    assert report.ok, report.failures
    assert sum(report.endings.values()) == 12
    assert all(report.choice_hits[c] > 0 for c in ("routine", "ask-name", "stop", "club-routine", "wait", "together"))


def test_a_run_depends_on_its_seed_alone(tmp_path):
    source = MINIMAL.read_text(encoding="utf-8")
    playtest(source, "m.yaml", runs=5, seed=3, save_logs=tmp_path / "many")
    playtest(source, "m.yaml", runs=1, seed=5, save_logs=tmp_path / "one")
    many = (tmp_path / "many" / "minimal-seed5.jsonl").read_bytes()
    one = (tmp_path / "one" / "minimal-seed5.jsonl").read_bytes()
    assert many == one


def test_saved_logs_are_real_session_logs(tmp_path):
    playtest(MINIMAL.read_text(encoding="utf-8"), "m.yaml", runs=4, seed=0, save_logs=tmp_path)
    logs = sorted(tmp_path.glob("*.jsonl"))
    assert len(logs) == 4 and all(verify(log).ok for log in logs)


def test_a_stuck_case_fails_and_names_the_seed(tmp_path, minimal_text, capsys):
    wait = "      - id: wait\n        text: {sv: Avvakta, en: Wait}\n        goto: poor-end\n"
    stuck = minimal_text.replace(wait, "")
    stuck = stuck.replace("requires: [reported]\n", "requires: [{not: reported}]\n").replace(
        "requires: [{any: [reported]}, {not: {all: [reported, {not: reported}]}}]", "requires: [{not: reported}]"
    )
    # the only other way on stays at the operational level, so the case passes the lesson rules (C705) and only
    # playtest finds the stuck state
    stuck = stuck.replace("    level: individual\n", "")
    stuck = stuck.replace(
        "        discloses:\n          - persona: elev-a\n            identifiers: [name, school]\n"
        "            from: skola\n            to: group\n",
        "",
    )
    case = tmp_path / "stuck.yaml"
    case.write_text(stuck)
    assert main(["playtest", str(case), "--runs", "3"]) == 1
    out = capsys.readouterr().out
    assert "FAIL seed" in out and "stuck at step 'follow-up'" in out and "--runs 1" in out


def test_explore_cli_reports_and_exits_by_problems(tmp_path, minimal_text, capsys):
    assert main(["explore", str(MINIMAL)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "OK"
    case = tmp_path / "locked.yaml"
    case.write_text(minimal_text.replace("requires: [reported]\n", "requires: [{not: reported}]\n"))
    assert main(["explore", str(case)]) == 1


def test_verify_cli_says_ok_or_names_the_line(tmp_path, capsys):
    playtest(MINIMAL.read_text(encoding="utf-8"), "m.yaml", runs=1, seed=0, save_logs=tmp_path)
    [log] = tmp_path.glob("*.jsonl")
    assert main(["verify", str(log)]) == 0
    assert capsys.readouterr().out.startswith(f"{log}: OK")
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    event = json.loads(lines[2])
    event["payload"]["injected"] = True
    lines[2] = json.dumps(event) + "\n"
    log.write_text("".join(lines), encoding="utf-8")
    assert main(["verify", str(log)]) == 1
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"{log}:3: edited") and len(out.splitlines()) == 1


def test_log_dir_option_is_where_the_commands_read_logs_and_the_environment_is_left_alone(
    tmp_path, monkeypatch, capsys
):
    import os

    from tabletop.sim.play.session import Session

    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    monkeypatch.setenv("TABLETOP_LOG_DIR", str(elsewhere))
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"), departments={"skola": 2}, term="HT2026", lang="en", log_dir=chosen
    )
    session.add_item("write the routine down", "skola", "VT2027")
    session.close()
    assert main(["--log-dir", str(chosen), "items", "--lang", "en"]) == 0
    assert "write the routine down" in capsys.readouterr().out
    assert os.environ["TABLETOP_LOG_DIR"] == str(elsewhere)  # passed down explicitly, never through the environment


def _count_parses(monkeypatch) -> list[str]:
    """A spy on the real YAML reader every load of a case goes through: it counts, then parses as before."""
    from tabletop.sim.format import source as yamlsource

    calls, real = [], yamlsource.parse

    def spy(text, file, *args, **kwargs):
        calls.append(file)
        return real(text, file, *args, **kwargs)

    monkeypatch.setattr(yamlsource, "parse", spy)
    return calls


def test_playtest_parses_the_case_once_not_per_run(monkeypatch):
    parses = _count_parses(monkeypatch)
    report = playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=6, seed=0)
    assert report.ok, report.failures
    assert sum(report.endings.values()) == 6
    assert len(parses) == 1


def test_without_save_logs_no_log_reaches_the_disk_yet_each_run_is_read_back(monkeypatch, tmp_path):
    import os

    from tabletop.sim.play import log

    synced, real_fsync = [], os.fsync
    monkeypatch.setattr(log.os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    reads, real_read = [], log._read
    monkeypatch.setattr("tabletop.sim.author.playtest._read", lambda *a, **k: (reads.append(1), real_read(*a, **k))[1])
    report = playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=3, seed=0)
    assert report.ok, report.failures
    assert synced == [] and list(work.iterdir()) == []
    assert len(reads) == 3  # every run's log verified by the real reader
    playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=1, seed=0, save_logs=tmp_path / "kept")
    assert synced and len(list((tmp_path / "kept").glob("*.jsonl"))) == 1


def test_the_move_budget_grows_with_the_case_and_a_long_case_plays_to_its_ending():
    from tabletop.sim.author.playtest import move_budget
    from tabletop.sim.format.loader import load_text
    from tests.generate import layered_case

    small = load_text(layered_case(30, 3), "small.yaml").scenario
    text = layered_case(1800, 3)  # 600 layers: more than 500 moves to any ending
    large = load_text(text, "large.yaml").scenario
    assert move_budget(large) > move_budget(small) > 0
    assert move_budget(large) > 600
    report = playtest(text, "large.yaml", runs=1, seed=0)
    assert report.ok, report.failures
    assert sum(report.endings.values()) == 1
    assert report.step_hits[large.start] == 1


def test_a_failing_run_found_by_a_corrupted_log_names_its_seed(monkeypatch):
    from tabletop.sim.author import playtest as module

    real = module.MemoryLog._write

    def torn(self, line):
        real(self, line.replace(b'"seq":1,', b'"seq":7,'))  # what a broken writer would leave behind

    monkeypatch.setattr(module.MemoryLog, "_write", torn)
    report = playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=1, seed=4)
    assert [f.seed for f in report.failures] == [4]
    assert "log does not verify" in report.failures[0].message


def test_a_log_takes_its_case_from_the_case_cache_not_the_parser(monkeypatch, tmp_path):
    from tabletop.sim.play import session as module
    from tabletop.sim.play.log import read_log

    playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=1, seed=0, save_logs=tmp_path)
    [log] = tmp_path.glob("*.jsonl")
    module._RECENT_CASES.clear()  # as a fresh `tabletop report` process finds it
    parses = _count_parses(monkeypatch)
    state = module.replay(read_log(log)[0])
    assert state.ended is not None and parses == []
    assert main(["report", str(log), "-o", str(tmp_path / "report.md")]) == 0
    assert parses == []


def test_a_run_kept_in_memory_is_unsigned_and_a_saved_run_is_signed_and_both_play_the_same(tmp_path):
    """Signing a log no one will be shown would encode the whole case a second time on every run; the run itself
    (its events, in order, with their payloads) does not change."""
    from tabletop.sim.author.playtest import MemoryLog, play_once
    from tabletop.sim.play.log import read_log

    source = MINIMAL.read_text(encoding="utf-8")
    kept = play_once(source, "minimal.yaml", 7, tmp_path / "kept.jsonl")
    kept.close()
    memory = play_once(source, "minimal.yaml", 7, tmp_path / "memory.jsonl", in_memory=True, plans={})
    memory.close()
    assert isinstance(memory.writer, MemoryLog) and not (tmp_path / "memory.jsonl").exists()
    on_disk = read_log(tmp_path / "kept.jsonl")[0]
    in_memory = [json.loads(line) for line in bytes(memory.writer.data).splitlines()]
    assert any("signed" in e["payload"] for e in on_disk)
    assert not any("signed" in e["payload"] for e in in_memory)

    def unsigned(events):
        return [(e["type"], {k: v for k, v in e["payload"].items() if k != "signed"}) for e in events]

    assert unsigned(on_disk) == unsigned(in_memory)
