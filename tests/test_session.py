"""Sessions: commands, refusals, the reducer, undo, redaction, resume, and replay equal to live play."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tabletop.sim.play.log import read_log, verify
from tabletop.sim.play.session import Refused, Session, replay, replay_file
from tests.conftest import MINIMAL, NOW

TEST_PNR = "20170101-2393"  # the Swedish Tax Agency's published test personal identity number


class Clock:
    def __init__(self):
        self.now = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)

    def __call__(self):
        self.now += timedelta(seconds=30)
        return self.now


@pytest.fixture
def source() -> str:
    return MINIMAL.read_text(encoding="utf-8")


@pytest.fixture
def session(tmp_path, source):
    s = Session.start(
        source,
        file="minimal.yaml",
        departments={"skola": 3, "polis": 1},
        term="HT2026",
        group="Norrby",
        mode="warn",
        lang="en",
        log_path=tmp_path / "s.jsonl",
        now=Clock(),
    )
    yield s
    s.close()


def test_start_records_the_settings_and_embeds_the_case(session, source):
    events, _ = read_log(session.path)
    first = events[0]
    assert first["type"] == "start"
    assert first["payload"]["departments"] == {"skola": 3, "polis": 1}
    assert first["payload"]["scenario"]["source"] == source
    assert session.state.current == "start" and session.state.facts == {"reported": False}


def test_setup_refuses_unknown_departments_and_bad_terms(tmp_path, source):
    with pytest.raises(Refused, match="not a department of this case"):
        Session.start(source, departments={"brandkaren": 2}, term="HT2026", lang="en", log_path=tmp_path / "a.jsonl")
    with pytest.raises(Refused, match="HT2026 eller VT2027"):  # the case's first language, Swedish, by default
        Session.start(source, departments={"skola": 2}, term="autumn", log_path=tmp_path / "b.jsonl")
    assert not (tmp_path / "a.jsonl").exists() and not (tmp_path / "b.jsonl").exists()


def test_available_choices_carry_flags_and_mandate(session):
    options = {o.choice.id: o for o in session.available_choices()}
    assert options["routine"].available and not options["routine"].flagged
    assert options["routine"].by_present is True
    assert options["ask-name"].flagged and options["ask-name"].breach
    rules = {f.rule_id for f in options["ask-name"].flags}
    assert {"discloses-identifiers", "individual-step"} <= rules


def test_a_flagged_choice_needs_confirmation_in_warn_mode(session):
    with pytest.raises(Refused, match="confirm"):
        session.choose("ask-name")
    assert session.state.current == "start"
    session.choose("ask-name", confirm=True)
    assert session.state.current == "named"
    assert {f["rule"] for f in session.state.flags} >= {"discloses-identifiers", "individual-step"}
    assert all(f["confirmed"] for f in session.state.flags)


def test_strict_mode_refuses_a_breach_and_changes_nothing(tmp_path, source):
    s = Session.start(
        source, departments={"skola": 1}, term="VT2027", mode="strict", lang="en", log_path=tmp_path / "x.jsonl"
    )
    option = next(o for o in s.available_choices() if o.choice.id == "ask-name")
    assert not option.available and "Strict mode" in option.reason
    before = s.path.read_bytes()
    with pytest.raises(Refused, match="Strict mode"):
        s.choose("ask-name", confirm=True)
    assert s.path.read_bytes() == before and s.state.current == "start"
    s.decline("ask-name")
    assert s.state.flags[-1]["confirmed"] is False and s.state.current == "start"
    s.close()


def test_requires_decides_what_is_offered(session):
    session.choose("routine")
    options = {o.choice.id: o for o in session.available_choices()}
    assert options["together"].available
    session.undo()
    session.choose("ask-name", confirm=True)
    session.choose("stop")
    assert session.state.current == "poor-end"


def test_a_choice_not_offered_here_is_refused(session):
    with pytest.raises(Refused, match="not a choice at this step"):
        session.choose("together")


def test_departments_not_present_cannot_speak(session):
    with pytest.raises(Refused, match="not at the table"):
        session.contribute("fotboll", "We talk to the coaches.")
    session.mark_spoken("polis")
    assert session.state.visit.spoken == {"polis"}


def test_typed_identifiers_are_flagged_and_stored_redacted(session):
    session.contribute("skola", f"Ali Ekström in 9B, pnr {TEST_PNR}, phone 070-174 06 42, ali@example.se")
    stored = session.state.contributions[-1]["text"]
    assert "Ekström" not in stored and "2393" not in stored and "174 06" not in stored and "@" not in stored
    assert {f["rule"] for f in session.state.contributions[-1]["flags"]} >= {
        "text-identifier",
        "personnummer",
        "phone",
        "email",
    }
    raw = session.path.read_text(encoding="utf-8").splitlines()
    body = "\n".join(raw[1:])  # line 1 embeds the case, whose personas hold the identifiers by design
    for secret in ("Ali Ekström", "Ekström", TEST_PNR, "174 06 42", "ali@example.se"):
        assert secret not in body


def test_undo_is_an_event_and_erases_nothing(session):
    session.choose("routine")
    session.undo()
    assert session.state.current == "start" and session.state.facts == {"reported": False}
    types = [e["type"] for e in read_log(session.path)[0]]
    assert types == ["start", "choice", "undo"]
    assert [v.undone for v in session.state.visits] == [False, True, False]
    with pytest.raises(Refused, match="No choice to undo"):
        session.undo()


def test_pause_resume_extend_and_end(session):
    session.pause()
    with pytest.raises(Refused, match="paused"):
        session.choose("routine")
    session.resume_play()
    session.extend(5)
    assert session.state.visit.extended_minutes == 5 and session.state.visit.paused_seconds == 30
    session.choose("routine")
    session.choose("together")
    session.end("Good routines; call the support phone earlier.")
    assert session.state.ended and session.state.outcome == "good"
    with pytest.raises(Refused, match="ended"):
        session.note("too late")


def test_items_belong_to_departments_not_people(session):
    session.add_item("Update the sticker routine", "skola", "VT2027")
    with pytest.raises(Refused):
        session.add_item("Ask Ali", "nobody", "VT2027")
    assert session.state.items[0]["owner"] == "skola"


def test_replay_equals_live_play(session):
    session.contribute("skola", "We follow our routine.")
    session.choose("routine", reasons="Routine first", agreed=["skola"], dissented=["polis"])
    session.undo()
    session.choose("routine")
    session.note("Police quiet so far")
    session.choose("together")
    session.end("ok")
    replayed = replay_file(session.path)
    live = session.state
    assert (replayed.current, replayed.facts, replayed.ended, replayed.hotwash) == (
        live.current,
        live.facts,
        live.ended,
        live.hotwash,
    )
    assert [(v.step, v.choice, v.undone) for v in replayed.visits] == [
        (v.step, v.choice, v.undone) for v in live.visits
    ]
    assert replayed.decisions == live.decisions and replayed.flags == live.flags


def test_replay_upto_gives_each_intermediate_state(session):
    session.choose("routine")
    session.choose("together")
    events, _ = read_log(session.path)
    assert replay(events, 1).current == "start"
    assert replay(events, 2).current == "follow-up"
    assert replay(events).current == "good-end"


def test_quit_and_resume_continues_where_it_stopped(session):
    session.choose("routine")
    path = session.path
    session.close()
    resumed, recovery = Session.resume(path)
    assert recovery is None and resumed.state.current == "follow-up"
    assert resumed.state.paused  # a resumed session always starts paused
    resumed.resume_play()
    resumed.choose("together")
    resumed.end()
    resumed.close()
    assert verify(path).ok
    with pytest.raises(Refused, match="ended"):
        Session.resume(path)


def test_a_deferred_start_writes_nothing_until_opened_and_then_the_start_event(tmp_path, source):
    path = tmp_path / "deferred.jsonl"
    s = Session.start(
        source, departments={"skola": 1}, term="HT2026", lang="en", log_path=path, now=Clock(), defer=True
    )
    assert not s.opened and not path.exists()
    assert s.state.current == "start" and s.state.departments == {"skola": 1}  # there to draw before it is written
    s.open()
    s.open()  # once only
    assert s.opened and [e["type"] for e in read_log(path)[0]] == ["start"]
    s.close()
    assert verify(path).ok


def test_a_command_on_a_deferred_start_writes_the_start_first_and_loses_nothing(tmp_path, source):
    path = tmp_path / "deferred.jsonl"
    s = Session.start(
        source, departments={"skola": 1}, term="HT2026", lang="en", log_path=path, now=Clock(), defer=True
    )
    s.choose("routine", reasons="our routine")
    s.close()
    events = read_log(path)[0]
    assert [e["type"] for e in events] == ["start", "choice"]
    assert events[1]["payload"]["reasons"] == "our routine"
    assert replay(events).current == "follow-up"


def test_a_deferred_start_that_cannot_be_written_is_tried_again_by_the_next_command(tmp_path, source):
    from tabletop.sim.play.log import LogError

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the log folder should be", encoding="utf-8")
    s = Session.start(
        source, departments={"skola": 1}, term="HT2026", lang="en", log_path=blocked / "s.jsonl", defer=True
    )
    with pytest.raises(LogError):
        s.choose("routine")
    assert not s.opened and s.state.current == "start"  # nothing taken
    blocked.unlink()
    s.choose("routine")
    s.close()
    assert [e["type"] for e in read_log(blocked / "s.jsonl")[0]] == ["start", "choice"]


def test_an_ended_log_verifies_as_ended(session):
    session.choose("routine")
    session.choose("together")
    session.end()
    assert verify(session.path).line().endswith("(4 events, ended)")


def test_a_log_that_verifies_but_was_not_written_by_this_engine_is_one_line(tmp_path, source):
    from tabletop.sim.play.log import LogWriter, scenario_block
    from tabletop.sim.play.session import ReplayError

    path = tmp_path / "foreign.jsonl"
    payload = {
        "scenario": scenario_block(source, "minimal", "minimal.yaml"),
        "departments": {"skola": 1},
        "group": "",
        "term": "HT2026",
        "mode": "warn",
        "lang": "en",
    }
    writer = LogWriter.create(path, "start", payload)
    writer.append("choice", {"step": "start", "choice": "no-such-choice"})
    writer.close()
    assert verify(path).ok
    with pytest.raises(ReplayError, match="line 2: the choice event cannot be replayed"):
        replay_file(path)


def test_strict_mode_refuses_caution_flags_too(tmp_path, source):
    text = source.replace("      - id: wait\n", "      - id: wait\n        sensitive: [diagnosis]\n")
    s = Session.start(
        text, departments={"skola": 1}, term="HT2026", mode="strict", lang="en", log_path=tmp_path / "c.jsonl"
    )
    s.choose("routine")
    wait = next(o for o in s.available_choices() if o.choice.id == "wait")
    assert wait.flagged and not wait.breach and not wait.available
    s.close()


def test_free_text_never_reaches_the_log_through_other_fields(session):
    with pytest.raises(Refused):
        session.mark_item_done("Ali Ekström 070-174 06 42#3")
    with pytest.raises(Refused):
        session.extend(True)
    assert "Ekström" not in session.path.read_text(encoding="utf-8").split("\n", 1)[1]


def test_the_session_language_is_one_of_tabletops(tmp_path, source):
    with pytest.raises(Refused, match="not a language of tabletop"):
        Session.start(
            source, departments={"skola": 1}, term="HT2026", lang="Ali Ekström", log_path=tmp_path / "l.jsonl"
        )


def test_a_flagged_choice_taken_back_and_flags_in_its_reasons_are_told_apart(tmp_path):
    from tabletop.sim.review.debrief import markdown
    from tabletop.sim.review.report import flag_rows

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1, "polis": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
    )
    session.choose("ask-name", reasons="Ali Ekström's teacher asked", confirm=True)
    session.undo()
    session.choose("routine", reasons="call 070-174 06 50 first")
    state = replay_file(session.path)
    session.close()
    by_source = sorted((f["source"], f["rule"], bool(f.get("undone"))) for f in state.flags)
    assert ("reasons", "text-identifier", False) in by_source and ("reasons", "phone", False) in by_source
    assert all(undone for source, _, undone in by_source if source == "choice")
    statuses = {(row.source, row.status) for row in flag_rows(state, "en")}
    assert ("choice", "undone") in statuses and ("reasons", "redacted") in statuses
    assert ("choice", "confirmed") not in statuses
    debrief = markdown(state, "en", datetime(2026, 11, 24, 19, tzinfo=UTC))
    assert "taken after confirming, then undone" in debrief
    assert "taken after confirming)" not in debrief


@pytest.mark.parametrize(
    ("lang", "stored"),
    [
        ("sv", "Ring [elev-a: namn] på [telefon] eller [e-post]"),
        ("en", "Ring [elev-a: name] på [phone] eller [e-mail]"),
    ],
)
def test_what_is_stored_redacted_speaks_the_sessions_language(tmp_path, lang, stored):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", lang=lang, log_dir=tmp_path
    )
    session.contribute("skola", "Ring Ali Ekström på 070-174 06 50 eller ali.e@example.se")
    assert session.state.contributions[-1]["text"] == stored
    session.close()


def test_the_debrief_lists_a_repeated_flag_once_with_its_count(tmp_path):
    from tabletop.sim.review.debrief import markdown

    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", lang="en", log_dir=tmp_path
    )
    for _ in range(3):
        session.contribute("skola", "call 070-174 06 50")
    state = replay_file(session.path)
    session.close()
    lines = [
        line
        for line in markdown(state, "en", datetime(2026, 11, 24, 19, tzinfo=UTC)).splitlines()
        if line.startswith("- **A phone number")
    ]
    assert len(lines) == 1 and lines[0].endswith("×3")


def test_leaving_pauses_a_running_session_once_and_closes_its_log(tmp_path):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", lang="en", log_dir=tmp_path
    )
    session.leave()
    resumed, _ = Session.resume(session.path)
    assert resumed.state.paused
    resumed.leave()  # already paused: nothing more is written but the reopening
    assert [e["type"] for e in read_log(session.path)[0]] == ["start", "pause", "reopen"]


def _clock(*moments):
    """A clock that gives each moment in turn, then stays at the last."""
    left = list(moments)
    return lambda: left.pop(0) if len(left) > 1 else left[0]


def test_a_session_resumed_after_a_quit_starts_paused_and_the_time_away_is_not_the_groups(tmp_path):
    t0 = NOW
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=_clock(t0, t0, t0 + timedelta(minutes=4)),
    )
    session.leave()  # quit four minutes in: a pause is recorded
    back = t0 + timedelta(minutes=4, hours=2)
    resumed, _ = Session.resume(session.path, now=_clock(back, back, back + timedelta(minutes=1)))
    assert resumed.state.paused and resumed.away_seconds == 2 * 3600
    reopen = read_log(session.path)[0][-1]
    assert reopen["type"] == "reopen" and reopen["payload"]["away_seconds"] == 7200.0
    assert reopen["payload"]["clock_running"] is False
    resumed.resume_play()  # one minute after coming back
    visit = resumed.state.visit
    assert visit.paused_seconds == 2 * 3600 + 60  # away and the minute before play went on: none of it the group's
    resumed.close()


def test_a_session_resumed_after_a_crash_starts_paused_and_counts_the_time_since_its_last_event_as_away(tmp_path):
    t0 = NOW
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=_clock(t0, t0, t0 + timedelta(minutes=3)),
    )
    session.contribute("skola", "We follow our routine.")  # three minutes in
    session.close()  # the process died: no pause was written, the clock was running
    back = t0 + timedelta(minutes=33)
    resumed, _ = Session.resume(session.path, now=_clock(back))
    assert resumed.state.paused and resumed.state.paused_at == t0 + timedelta(minutes=3)
    assert resumed.state.gaps[-1]["clock_running"] is True and resumed.away_seconds == 30 * 60
    from tabletop.sim.play.queries import active_seconds

    assert active_seconds(resumed.state, resumed.state.visit, back + timedelta(hours=1)) == 3 * 60
    assert replay_file(session.path).gaps == resumed.state.gaps  # the same in replay
    resumed.close()
