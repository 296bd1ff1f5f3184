"""Across sessions: stats over a known set of logs, open improvement items, explored branches."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tabletop.sim.play.session import Session, replay_file
from tabletop.sim.review.followup import explored_branches, item_lines, mark_done, open_items
from tabletop.sim.review.report import report_markdown
from tabletop.sim.review.stats import stats
from tests.conftest import MINIMAL
from tests.test_report import fixed_clock, play_known


def play_other_group(path: Path, clock=None) -> Session:
    """Söderby, VT2027: school and the football club, the routine, then wait: the poor ending, no flags."""
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1, "fotboll": 3},
        term="VT2027",
        group="Söderby",
        lang="sv",
        log_path=path,
        now=clock or fixed_clock(),
    )
    session.contribute("fotboll", "Klubben har en rutin för oro.")
    session.choose("routine", reasons="Rutinen")
    session.contribute("fotboll", "Vi ringer stödtelefonen.")
    session.add_item("Utbilda tränarna", "fotboll", "HT2027")
    session.choose("wait")
    session.end()
    return session


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three sessions that verify, one edited log and one file that is no log at all."""
    folder = tmp_path / "logs"
    play_known(folder / "a.jsonl").close()
    play_known(folder / "b.jsonl", named=True).close()
    play_other_group(folder / "c.jsonl").close()
    play_known(folder / "edited.jsonl").close()
    edited = folder / "edited.jsonl"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Vill veta", "Vill inte"), encoding="utf-8")
    (folder / "notes.jsonl").write_text("these are meeting notes, not a log\n", encoding="utf-8")
    return folder


def test_stats_count_a_known_set_of_logs(corpus):
    result = stats([corpus])
    assert result.sessions == 3
    assert result.per_term_case == Counter({("HT2026", "minimal"): 2, ("VT2027", "minimal"): 1})
    assert result.endings == Counter({("minimal", "good-end", "good"): 1, ("minimal", "poor-end", "poor"): 2})
    assert result.flags_by_rule == Counter(
        {"text-identifier": 2, "narrowing": 4, "phone": 2, "individual-step": 4, "discloses-identifiers": 4}
    )
    assert result.flags_by_case == Counter({"minimal": 16})
    assert result.flag_choices == Counter({("minimal", "ask-name"): 8})  # declined twice and taken twice
    assert result.choice_rules[("minimal", "ask-name")] == {"individual-step", "discloses-identifiers"}
    assert result.attendance == Counter({"skola": 3, "polis": 2, "fotboll": 1})
    assert result.participants == Counter({"skola": 5, "polis": 2, "fotboll": 3})
    assert result.contributions == Counter({"polis": 3, "skola": 2, "fotboll": 2})
    departments = {r["department"]: r for r in result.records()["departments"]}
    assert departments["polis"]["share"] == round(3 / 7, 3) and departments["fotboll"]["attendance"] == 0.333
    times = {(r["case"], r["step"]): r for r in result.median_times()}
    assert times[("minimal", "start")]["median_seconds"] == 360  # 7:30, 6:00 and 3:00 at the start step
    assert times[("minimal", "start")]["timebox_minutes"] == 10 and times[("minimal", "start")]["ratio"] == 0.6
    assert times[("minimal", "follow-up")]["median_seconds"] == 360  # 7:30 and 4:30
    assert times[("minimal", "named")]["median_seconds"] == 180 and times[("minimal", "named")]["ratio"] == 0.6
    assert times[("minimal", "poor-end")]["timebox_minutes"] is None


def test_a_log_that_fails_verification_is_one_line_and_skipped(corpus):
    result = stats([corpus])
    assert len(result.skipped) == 2
    assert all("\n" not in line for line in result.skipped)
    assert any(
        line.endswith("edited.jsonl:5: edited: the content does not match its hash: this line was changed")
        for line in result.skipped
    )
    assert any("notes.jsonl:1: not-a-log" in line for line in result.skipped)
    missing = stats([corpus / "nowhere.jsonl"])
    assert missing.sessions == 0 and missing.skipped == [f"{corpus / 'nowhere.jsonl'}: io: no such file"]


def test_stats_render_as_table_csv_and_json(corpus):
    result = stats([corpus])
    data = json.loads(result.json())
    assert data["sessions"] == 3 and len(data["skipped"]) == 2
    assert {r["term"]: r["sessions"] for r in data["sessions_per_term_case"]} == {"HT2026": 2, "VT2027": 1}
    rows = list(csv.DictReader(io.StringIO(result.csv())))
    endings = {(r["ending"], r["outcome"]): int(r["sessions"]) for r in rows if r["section"] == "endings"}
    assert endings == {("good-end", "good"): 1, ("poor-end", "poor"): 2}
    assert [r["rules"] for r in rows if r["section"] == "flag_choices"] == ["discloses-identifiers;individual-step"]
    assert sum(r["section"] == "skipped" for r in rows) == 2
    table = result.table("sv")
    assert "Övningar per termin och fall" in table and "Klistermärken på skolan" in table
    assert "Fotbollsklubben" in table  # a department of the case's own, by its name
    assert "Stickers at school" in result.table("en")
    assert result.render("json") == result.json()
    with pytest.raises(ValueError):
        result.render("xml")


def test_stats_agree_with_the_playtest_that_wrote_the_logs(tmp_path):
    from tabletop.sim.author.playtest import playtest
    from tabletop.sim.format.library import bundled_dir

    case = bundled_dir() / "propaganda-gymnasiet.yaml"
    report = playtest(case.read_text(encoding="utf-8"), case.name, runs=12, seed=0, save_logs=tmp_path)
    assert report.ok
    result = stats([tmp_path])
    assert result.sessions == 12 and not result.skipped
    by_outcome = Counter()
    for (_, _, outcome), n in result.endings.items():
        by_outcome[outcome] += n
    assert by_outcome == report.endings
    assert sum(result.per_term_case.values()) == 12


def test_the_embedded_scenario_is_parsed_once_per_distinct_text(corpus, monkeypatch):
    import tabletop.sim.play.session
    import tabletop.sim.review.stats

    calls = []
    real = tabletop.sim.play.session.scenario_of
    monkeypatch.setattr(tabletop.sim.play.session, "scenario_of", lambda first: calls.append(1) or real(first))
    monkeypatch.setattr(tabletop.sim.review.stats, "_scenarios", {})
    assert stats([corpus, corpus]).sessions == 6
    assert len(calls) == 1


# --- follow-up across terms -------------------------------------------------------------------------------------


def test_items_stay_open_until_a_later_session_of_the_same_group_marks_them_done(tmp_path):
    folder = tmp_path / "logs"
    play_known(folder / "a.jsonl").close()  # Norrstad, HT2026: one item
    play_other_group(folder / "c.jsonl").close()  # Söderby: one item
    items = open_items([folder], group="norrstad ")
    assert [(i.what, i.owner, i.due, i.group) for i in items] == [
        ("Uppdatera rutinen för klistermärken", "skola", "VT2027", "Norrstad")
    ]
    first = items[0]
    assert first.ref == "a.jsonl#8"

    later = fixed_clock(start=datetime(2027, 2, 2, 13, tzinfo=UTC))
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2027",
        group="Norrstad",
        lang="en",
        log_path=folder / "d.jsonl",
        now=later,
    )
    mark_done(session, first)
    session.add_item("Bjud in fritid", "skola", "HT2027")
    session.close()
    assert [i.what for i in open_items([folder], group="Norrstad")] == ["Bjud in fritid"]
    assert sorted(i.what for i in open_items([folder])) == ["Bjud in fritid", "Utbilda tränarna"]
    assert "Improvement items\n\n| What" in report_markdown(replay_file(folder / "d.jsonl"), "en")
    assert "| Bjud in fritid | School | HT2027 |" in report_markdown(replay_file(folder / "d.jsonl"), "en")
    assert item_lines([], "sv") == ["Inga öppna förbättringspunkter."]
    assert item_lines(open_items([folder], group="Norrstad"), "en")[0].startswith("HT2027  School: Bjud in fritid")


def test_a_done_mark_from_another_group_or_an_earlier_session_does_not_close_an_item(tmp_path):
    folder = tmp_path / "logs"
    early = fixed_clock(start=datetime(2026, 1, 1, 9, tzinfo=UTC))
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2026",
        group="Norrstad",
        log_path=folder / "early.jsonl",
        now=early,
    )
    mark_done(session, "a.jsonl#8")  # before the item existed
    session.close()
    play_known(folder / "a.jsonl").close()
    other = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2027",
        group="Söderby",
        log_path=folder / "other.jsonl",
        now=fixed_clock(start=datetime(2027, 2, 2, tzinfo=UTC)),
    )
    mark_done(other, "a.jsonl#8")
    other.close()
    assert [i.ref for i in open_items([folder], group="Norrstad")] == ["a.jsonl#8"]


def test_explored_branches_name_the_choices_a_group_has_taken(tmp_path):
    folder = tmp_path / "logs"
    play_known(folder / "a.jsonl").close()  # routine, together (ask-name undone)
    play_known(folder / "b.jsonl", named=True).close()  # ask-name, stop
    play_other_group(folder / "c.jsonl").close()  # Söderby: routine, wait
    mine = explored_branches([folder], "minimal", group="Norrstad")
    assert mine.sessions == 2
    assert mine.taken == Counter({"routine": 1, "together": 1, "ask-name": 1, "stop": 1})
    assert mine.unexplored == ["club-routine", "wait"]
    assert mine.endings == Counter({"good-end": 1, "poor-end": 1})
    everyone = explored_branches([folder], "minimal")
    assert everyone.unexplored == ["club-routine"]
    assert explored_branches([folder], "another-case").sessions == 0


def test_attendance_is_a_share_of_the_sessions_of_the_cases_that_list_the_department(tmp_path):
    """Two sessions of the minimal case (the club listed, at the table once) and two of a case without the club:
    the club attended one of the two sessions it was invited to, not one of four."""
    folder = tmp_path / "logs"
    text = MINIMAL.read_text(encoding="utf-8")
    without_club = (
        text.replace("id: minimal", "id: no-club", 1)
        .replace("  - id: fotboll\n    name: {sv: Fotbollsklubben, en: The football club}\n", "")
        .replace(
            '      fotboll: {sv: "Vad gör klubben?", en: "What does the club do?"}',
            '      skola: {sv: "Och skolan?", en: "And the school?"}',
        )
    )
    assert "fotboll" not in without_club
    play_known(folder / "a.jsonl").close()
    play_other_group(folder / "b.jsonl").close()
    for name in ("c.jsonl", "d.jsonl"):
        Session.start(
            without_club, departments={"skola": 1}, term="HT2026", lang="en", log_path=folder / name, now=fixed_clock()
        ).close()
    result = stats([folder])
    assert result.sessions == 4 and result.listed == Counter({"skola": 4, "polis": 4, "fotboll": 2})
    departments = {r["department"]: r for r in result.records()["departments"]}
    assert departments["fotboll"]["attendance"] == 0.5  # one of the two sessions that invited the club
    assert departments["skola"]["attendance"] == 1.0 and departments["polis"]["attendance"] == 0.25
