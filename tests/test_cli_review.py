"""The reviewers' commands on the command line: report, stats, diff, items."""

from __future__ import annotations

import json

import pytest

from tabletop.sim.author.playtest import playtest
from tabletop.tui.cli import main
from tests.conftest import MINIMAL


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("logs")
    playtest(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml", runs=4, seed=0, save_logs=folder)
    return sorted(folder.glob("*.jsonl"))


def test_report_prints_markdown_and_writes_html(logs, tmp_path, capsys):
    assert main(["report", str(logs[0]), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("# After-action report: Stickers at school")
    out = tmp_path / "r.html"
    assert main(["report", str(logs[0]), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>") and "<svg" in html and "http://" not in html


def test_report_on_a_tampered_log_is_one_line(logs, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    lines = logs[0].read_text(encoding="utf-8").splitlines(keepends=True)
    bad.write_text(lines[0] + lines[2], encoding="utf-8")
    assert main(["report", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "bad.jsonl:2" in err


def test_stats_counts_the_sessions(logs, capsys):
    assert main(["stats", str(logs[0].parent), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sessions"] == 4


def test_diff_of_two_sessions_of_one_case(logs, capsys):
    assert main(["diff", str(logs[0]), str(logs[1]), "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Two sessions of Stickers at school")


def test_items_lists_open_improvement_items(logs, capsys):
    code = main(["items", str(logs[0].parent)])
    out = capsys.readouterr().out
    assert code == 0 and out.strip()


def test_reports_are_readable_by_their_owner_only(logs, tmp_path):
    out = tmp_path / "r.md"
    assert main(["report", str(logs[0]), "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600


def test_stats_and_items_speak_the_users_language_unless_told(tmp_path, monkeypatch, capsys):
    from tabletop.sim.play.session import Session
    from tabletop.tui.cli import main
    from tests.conftest import MINIMAL

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", lang="en", log_dir=tmp_path
    )
    session.add_item("write the routine down", "skola", "VT2027")
    session.close()
    monkeypatch.setenv("TABLETOP_LANG", "sv")
    main(["items", str(tmp_path)])
    swedish = capsys.readouterr().out
    main(["items", str(tmp_path), "--lang", "en"])
    english = capsys.readouterr().out
    assert "Skola" in swedish and "School" in english
    main(["stats", str(tmp_path)])
    stats_sv = capsys.readouterr().out
    main(["stats", str(tmp_path), "--lang", "en"])
    assert stats_sv != capsys.readouterr().out
