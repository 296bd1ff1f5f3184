"""The session log: round trips, durability, tamper detection naming the line, crash recovery, where logs go."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tabletop.sim.play.log import (
    LogError,
    LogWriter,
    default_log_dir,
    event_hash,
    new_log_path,
    read_log,
    scenario_block,
    verify,
)

ROOT = Path(__file__).parent.parent
FIXED = datetime(2026, 11, 24, 19, 42, 58, 123456, tzinfo=UTC)


def ticking_clock(start: datetime = FIXED):
    moments = iter(start + timedelta(seconds=i) for i in range(10**6))
    return lambda: next(moments)


def start_payload(source: str) -> dict:
    return {"scenario": scenario_block(source, "minimal", "minimal.yaml"), "mode": "warn", "language": "sv"}


def write_log(path: Path, source: str, notes: int = 5) -> list[dict]:
    """A log of one start event and ``notes`` note events; returns the events as appended."""
    with LogWriter.create(path, "start", start_payload(source), now=ticking_clock()) as writer:
        events = [read_log(path)[0][0]]
        events += [writer.append("note", {"text": f"Anteckning {i}: skolan följer sin rutin."}) for i in range(notes)]
    return events


def lines_of(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def write_lines(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(line + b"\n" for line in lines))


def rechained(events: list[dict]) -> list[bytes]:
    """Lines for ``events`` with seq, prev and hash recomputed: a forger's log whose chain holds."""
    out, prev = [], "0" * 64
    for seq, event in enumerate(events):
        body = {k: v for k, v in event.items() if k != "hash"} | {"seq": seq, "prev": prev}
        prev = event_hash(body)
        out.append(json.dumps(body | {"hash": prev}, ensure_ascii=False).encode())
    return out


def problem(path: Path) -> LogError:
    result = verify(path)
    assert not result.ok
    with pytest.raises(LogError) as raised:
        read_log(path)
    assert str(raised.value) == str(result.problem)
    return result.problem


@pytest.fixture
def log(tmp_path, minimal_text) -> Path:
    path = tmp_path / "session.jsonl"
    write_log(path, minimal_text)
    return path


# -- writing and reading back ------------------------------------------------------------------------------------


def test_events_read_back_exactly_as_appended(tmp_path, minimal_text):
    path = tmp_path / "s.jsonl"
    with LogWriter.create(path, "start", start_payload(minimal_text), now=ticking_clock()) as writer:
        written = [
            writer.append("contribution", {"department": "skola", "text": text})
            for text in ("Åsa på elevhälsan", "line\nbreak", "sep\u2028arator", "nel\x85", 'tab\t"quote"')
        ]
        odd = writer.append("note", {"numbers": (1, 2.5, -0.0), "by_id": {7: None}})
    events, recovery = read_log(path)
    assert recovery is None
    assert events[1:] == [*written, odd]
    # what append returns is what replay reads, even where JSON changes the values
    assert odd["payload"] == {"numbers": [1, 2.5, -0.0], "by_id": {"7": None}}
    assert events[0]["payload"]["scenario"]["source"] == minimal_text
    assert [e["seq"] for e in events] == list(range(7))


def test_each_line_is_one_event_chained_to_the_one_before(log):
    events, _ = read_log(log)
    assert len(lines_of(log)) == len(events) == 6
    assert events[0]["prev"] == "0" * 64 and events[0]["type"] == "start"
    for before, after in itertools.pairwise(events):
        assert after["prev"] == before["hash"]
    assert all(event_hash(e) == e["hash"] for e in events)
    assert events[0]["time"] == "2026-11-24T19:42:58.123456Z"
    assert events[1]["time"] == "2026-11-24T19:42:59.123456Z"


def test_hash_is_over_the_canonical_json_which_is_the_line_before_the_hash(log):
    for line, event in zip(lines_of(log), read_log(log)[0], strict=True):
        body = {k: v for k, v in event.items() if k != "hash"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert line == canonical.encode()[:-1] + b',"hash":"' + event["hash"].encode() + b'"}'
        assert hashlib.sha256(canonical.encode()).hexdigest() == event["hash"]


def test_log_file_is_readable_by_its_owner_only_in_a_private_new_folder(tmp_path, minimal_text):
    path = tmp_path / "new" / "s.jsonl"
    write_log(path, minimal_text, notes=0)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_file_is_never_overwritten(log, minimal_text):
    before = log.read_bytes()
    with pytest.raises(LogError) as raised:
        LogWriter.create(log, "start", start_payload(minimal_text))
    assert raised.value.reason == "exists"
    assert log.read_bytes() == before


def test_every_append_is_on_disk_and_fsynced_before_it_returns(tmp_path, minimal_text, monkeypatch):
    path = tmp_path / "s.jsonl"
    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(fd):
        synced.append(path.read_bytes().count(b"\n"))  # lines on disk when fsync is called
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    writer = LogWriter.create(path, "start", start_payload(minimal_text))
    assert synced[0] == 1
    synced.clear()
    for i in range(5):
        writer.append("note", {"i": i})
        assert synced == list(range(2, i + 3))
    writer.close()


def test_the_first_event_must_be_a_start_embedding_its_scenario(tmp_path, minimal_text):
    with pytest.raises(ValueError):
        LogWriter.create(tmp_path / "a.jsonl", "note", start_payload(minimal_text))
    with pytest.raises(ValueError):
        LogWriter.create(tmp_path / "b.jsonl", "start", {"scenario": {"source": minimal_text, "sha256": "0" * 64}})
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("payload", [{"x": float("nan")}, {"x": object()}, {"x": "\ud800"}])
def test_a_payload_that_cannot_be_logged_is_refused_and_writes_nothing(log, payload):
    writer, _, _ = LogWriter.open_for_append(log)
    before = log.read_bytes()
    with pytest.raises(ValueError):
        writer.append("note", payload)
    assert log.read_bytes() == before
    writer.append("note", {"x": 1})
    writer.close()
    assert verify(log).ok


def test_a_failed_write_closes_the_writer_and_resume_recovers(log, monkeypatch):
    writer, events, _ = LogWriter.open_for_append(log)
    real_write = os.write

    def half_write_then_fail(fd, data):
        real_write(fd, bytes(data[:20]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", half_write_then_fail)
    with pytest.raises(LogError) as raised:
        writer.append("note", {"text": "lost"})
    assert raised.value.reason == "io" and raised.value.line == 7
    assert writer.closed
    monkeypatch.undo()
    writer, again, recovery = LogWriter.open_for_append(log)
    assert again == events and recovery.dropped_bytes == 20 and recovery.line == 7
    writer.append("note", {"text": "after"})
    writer.close()
    assert verify(log).events == 7


# -- tampering, named by line and reason ---------------------------------------------------------------------------


def test_an_intact_log_verifies(log):
    result = verify(log)
    assert result.ok and result.events == 6 and result.problem is None
    assert result.line() == f"{log}: OK (6 events, not ended: unfinished, or cut short)"


def test_an_edited_payload_is_reported_as_edited_at_its_line(log):
    lines = lines_of(log)
    lines[3] = lines[3].replace(b"Anteckning 2", b"Anteckning X")
    write_lines(log, lines)
    found = problem(log)
    assert (found.line, found.reason) == (4, "edited")
    assert str(found).startswith(f"{log}:4: edited: ") and "\n" not in str(found)
    assert verify(log).events == 3


def test_a_deleted_middle_line_is_reported_as_removed(log):
    lines = lines_of(log)
    del lines[2]
    write_lines(log, lines)
    found = problem(log)
    assert (found.line, found.reason) == (3, "removed")
    assert "seq 2" in found.explanation


def test_two_swapped_lines_are_reported_as_reordered(log):
    lines = lines_of(log)
    lines[2], lines[3] = lines[3], lines[2]
    write_lines(log, lines)
    found = problem(log)
    assert (found.line, found.reason) == (3, "reordered")
    assert "line 4" in found.explanation


def test_a_line_moved_far_back_is_reported_as_reordered(log):
    lines = lines_of(log)
    lines.append(lines.pop(1))
    write_lines(log, lines)
    assert (problem(log).line, problem(log).reason) == (2, "reordered")


def test_a_repeated_line_is_reported_as_duplicated(log):
    lines = lines_of(log)
    lines.insert(3, lines[2])
    write_lines(log, lines)
    found = problem(log)
    assert (found.line, found.reason) == (4, "duplicated")
    assert "line 3" in found.explanation


def test_a_missing_start_is_reported_as_removed_at_line_1(log):
    write_lines(log, lines_of(log)[1:])
    assert (problem(log).line, problem(log).reason) == (1, "removed")


def test_a_file_cut_mid_line_is_reported_as_torn_at_the_last_line(log):
    data = log.read_bytes()
    log.write_bytes(data[:-30])
    found = problem(log)
    assert (found.line, found.reason) == (6, "torn")
    assert verify(log).events == 5


def test_a_complete_event_without_its_newline_counts_as_torn(log):
    log.write_bytes(log.read_bytes()[:-1])  # append had not returned: the event was never acknowledged
    assert (problem(log).line, problem(log).reason) == (6, "torn")


def test_a_log_cut_exactly_at_a_line_boundary_cannot_be_told_from_a_live_one(log):
    write_lines(log, lines_of(log)[:3])  # documented limitation: the session layer knows whether it ended
    assert verify(log).ok and verify(log).events == 3


def test_an_edited_scenario_source_is_reported_even_when_the_chain_was_recomputed(log):
    events, _ = read_log(log)
    events[0]["payload"]["scenario"]["source"] += "# a quiet change\n"
    write_lines(log, rechained(events))
    found = problem(log)
    assert (found.line, found.reason) == (1, "scenario-edited")


def test_an_edited_scenario_source_with_the_line_left_as_is_is_reported_as_scenario_edited(log):
    lines = lines_of(log)
    lines[0] = lines[0].replace("Klistermärken".encode(), b"Klistermarken", 1)
    write_lines(log, lines)
    assert (problem(log).line, problem(log).reason) == (1, "scenario-edited")


def test_a_line_laid_out_differently_with_the_same_content_still_verifies(log):
    lines = lines_of(log)
    lines[2] = json.dumps(json.loads(lines[2]), indent=None, ensure_ascii=True).encode()  # spaces, \\u escapes
    write_lines(log, lines)
    assert verify(log).ok


def test_a_log_from_a_newer_format_is_unsupported(log):
    events, _ = read_log(log)
    write_lines(log, rechained([e | {"v": 2} for e in events]))
    assert (problem(log).line, problem(log).reason) == (1, "unsupported")


def test_an_empty_file_is_not_a_log(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    found = problem(path)
    assert (found.line, found.reason) == (None, "not-a-log")
    assert str(found) == f"{path}: not-a-log: the file is empty"


def test_a_binary_file_is_not_a_log(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 400)
    assert (problem(path).line, problem(path).reason) == (1, "not-a-log")


def test_a_directory_is_not_a_log(tmp_path):
    found = problem(tmp_path)
    assert (found.line, found.reason) == (None, "not-a-log")
    with pytest.raises(LogError):
        LogWriter.open_for_append(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        '{"name": "tabletop", "version": 1}\n',
        '{\n  "name": "tabletop"\n}\n',
        "[1, 2, 3]\n",
        "format: 1\nid: minimal\n",
        '{"a": 1}',
    ],
)
def test_a_foreign_text_or_json_file_is_not_a_log(tmp_path, text):
    path = tmp_path / "other.json"
    path.write_text(text)
    assert (problem(path).line, problem(path).reason) == (1, "not-a-log")


def test_a_missing_file_is_an_io_problem(tmp_path):
    assert problem(tmp_path / "nowhere.jsonl").reason == "io"


def test_the_chain_check_says_ok_or_names_the_problem_in_one_line(log, tmp_path, minimal_text):
    other = tmp_path / "other.jsonl"
    write_log(other, minimal_text, notes=1)
    unfinished = "not ended: unfinished, or cut short"
    assert [verify(p).line() for p in (log, other)] == [
        f"{log}: OK (6 events, {unfinished})",
        f"{other}: OK (2 events, {unfinished})",
    ]
    other.write_bytes(other.read_bytes()[:-5])
    assert not verify(other).ok
    assert verify(other).line().startswith(f"{other}:2: torn: ")


# -- resuming and recovering -----------------------------------------------------------------------------------------


def test_resume_continues_the_chain(log):
    writer, events, recovery = LogWriter.open_for_append(log, now=ticking_clock(FIXED + timedelta(hours=1)))
    assert recovery is None and len(events) == 6
    added = writer.append("note", {"text": "efter pausen"})
    writer.close()
    assert added["seq"] == 6 and added["prev"] == events[-1]["hash"]
    assert verify(log).events == 7


def test_a_torn_last_line_is_cut_off_on_resume_and_everything_before_stays_byte_identical(log):
    complete, torn = log.read_bytes(), b'{"payload":{"text":"halvskriv'
    log.write_bytes(complete + torn)
    events, recovery = read_log(log, allow_torn=True)
    assert len(events) == 6 and recovery.line == 7 and recovery.dropped_bytes == len(torn) == 29
    assert log.read_bytes().endswith(b"halvskriv")  # reading never changes the file
    writer, resumed, recovery = LogWriter.open_for_append(log)
    assert resumed == events
    assert (recovery.dropped_bytes, recovery.line) == (29, 7)
    assert recovery.dropped_text_preview == '{"payload":{"text":"halvskriv'
    assert "dropped the incomplete last line (29 bytes)" in recovery.describe()
    assert log.read_bytes() == complete
    writer.append("note", {"text": "igen"})
    writer.close()
    assert log.read_bytes().startswith(complete) and verify(log).events == 7


def test_a_resume_of_a_tampered_log_refuses_and_changes_nothing(log):
    lines = lines_of(log)
    lines[1] = lines[1].replace(b"Anteckning", b"Antecknade")
    write_lines(log, lines)
    log.write_bytes(log.read_bytes() + b'{"payload":')
    before = log.read_bytes()
    with pytest.raises(LogError) as raised:
        LogWriter.open_for_append(log)
    assert (raised.value.line, raised.value.reason) == (2, "edited")
    assert log.read_bytes() == before


def test_a_log_torn_inside_its_first_event_has_nothing_to_resume(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"payload":{"scenario":{"source":"format: 1\\n')
    found = problem(path)
    assert (found.line, found.reason) == (1, "torn")
    with pytest.raises(LogError):
        LogWriter.open_for_append(path)
    assert path.read_bytes().endswith(b"format: 1\\n")


def test_only_one_writer_at_a_time(log):
    writer, _, _ = LogWriter.open_for_append(log)
    with pytest.raises(LogError) as raised:
        LogWriter.open_for_append(log)
    assert raised.value.reason == "in-use"
    writer.close()
    LogWriter.open_for_append(log)[0].close()


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from tabletop.sim.play.log import LogWriter, scenario_block

    path = Path(sys.argv[1])
    if path.exists():
        writer, events, _ = LogWriter.open_for_append(path)
    else:
        source = "format: 1\\nid: crash\\n" + "# padding\\n" * 2000
        writer = LogWriter.create(path, "start", {"scenario": scenario_block(source, "crash", "crash.yaml")})
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        size = 300_000 if i % 25 == 0 else 40 * (i % 13)  # big lines widen the window for a kill mid-write
        writer.append("note", {"i": i, "text": "Skolan kontaktar elevhälsan. " * (size // 30)})
""")

DELAYS = [0.013, 0.137, 0.051, 0.29, 0.003, 0.21, 0.083, 0.17, 0.033, 0.119]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_at_any_moment_leaves_a_log_that_verifies_and_resumes(tmp_path):
    path = tmp_path / "crash.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kept = b""
    for delay in DELAYS:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        child.stderr.close()

        data = path.read_bytes()
        assert data.startswith(kept)  # nothing already written is ever changed
        events, recovery = read_log(path, allow_torn=True)
        complete = data[: len(data) - (recovery.dropped_bytes if recovery else 0)]
        assert len(events) == complete.count(b"\n") >= 1

        writer, resumed, again = LogWriter.open_for_append(path)
        assert resumed == events and again == recovery
        assert path.read_bytes() == complete
        writer.append("note", {"text": "resumed"})
        writer.close()
        kept = path.read_bytes()
        assert verify(path).events == len(events) + 1


# -- where logs go -------------------------------------------------------------------------------------------------


def test_the_log_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("TABLETOP_LOG_DIR", str(tmp_path / "logs"))
    assert default_log_dir() == tmp_path / "logs"


def test_the_log_folder_defaults_to_the_users_data_directory(monkeypatch):
    platformdirs = pytest.importorskip("platformdirs")
    monkeypatch.delenv("TABLETOP_LOG_DIR", raising=False)
    assert default_log_dir() == platformdirs.user_data_path("tabletop", appauthor=False) / "logs"


def test_new_log_paths_are_named_by_time_and_case_and_never_collide(tmp_path, minimal_text):
    first = new_log_path(tmp_path, "minimal", FIXED)
    assert first == tmp_path / "2026-11-24T194258Z-minimal.jsonl"
    write_log(first, minimal_text, notes=0)
    assert new_log_path(tmp_path, "minimal", FIXED) == tmp_path / "2026-11-24T194258Z-minimal-2.jsonl"
    assert new_log_path(tmp_path, "../etc/passwd", FIXED).parent == tmp_path
