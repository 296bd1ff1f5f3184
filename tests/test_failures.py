"""Failures that leave the app standing: a disk that fills up mid-session, a start that cannot be written.

The disk is simulated by the writer's own seam (``LogWriter._write``): a write that raises
``OSError(ENOSPC)``, as a full disk does, part-way through a line or at the fsync.
"""

from __future__ import annotations

import errno
import os

import pytest

from tabletop.sim.play.log import LogError, LogWriter, read_log
from tabletop.sim.play.session import Session
from tabletop.sim.review.followup import open_items
from tabletop.sim.review.stats import stats
from tabletop.tui.app import make_app
from tabletop.tui.dialogs.log_failed import LogFailedDialog
from tabletop.tui.screens.exercise import ExerciseScreen
from tests.conftest import MINIMAL, fixed_clock, past_briefing, settle


def full_disk(after_bytes: int = 0):
    """A log writer's ``_write`` that puts ``after_bytes`` bytes on disk and then fails as a full disk does."""
    room = [after_bytes]

    def write(self, line):
        taken = os.write(self._fd, bytes(line[: room[0]])) if room[0] else 0
        room[0] -= taken
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def no_space(self, line):
    """The whole line written, then the fsync fails (a full disk can refuse at either)."""
    os.write(self._fd, line)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def only_log(folder):
    (path,) = list(folder.glob("*.jsonl"))
    return path


async def test_a_full_disk_mid_session_shows_a_message_keeps_what_was_saved_and_resumes_after_a_retry(
    tmp_path, monkeypatch
):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 2, "polis": 1}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        exercise = app.screen
        assert isinstance(exercise, ExerciseScreen)
        await pilot.press("s")  # saved
        await pilot.pause()
        saved = read_log(only_log(logs))[0]
        monkeypatch.setattr(LogWriter, "_write", full_disk(after_bytes=20))  # half a line, then full
        await pilot.press("x")  # five more minutes: the write fails
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, LogFailedDialog)
        assert "No space left on device" in dialog.problem and str(only_log(logs)) in dialog.problem
        for key in ("s", "1", "e", "u", "x", "p", "escape", "enter"):  # no key does anything, nor raises
            await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, LogFailedDialog) and exercise.session.interrupted
        await pilot.press("r")  # the disk is still full: the dialog comes back
        await settle(pilot)
        assert isinstance(app.screen, LogFailedDialog)
        monkeypatch.undo()  # space freed
        await pilot.press("r")
        await settle(pilot)
        assert app.screen is exercise and not exercise.session.interrupted
        assert exercise.state.paused  # the time the log was down is not the group's
        await pilot.press("p")  # the facilitator starts the clock again
        await pilot.press("s")
        await settle(pilot)
    log = read_log(only_log(logs))[0]  # verifies: the torn half line was cut off on retry
    assert log[: len(saved)] == saved
    assert [e["type"] for e in log[len(saved) :]] == ["pause", "resume", "spoken", "pause"]  # the last: leaving


async def test_quitting_after_a_failed_write_leaves_a_log_that_resumes(tmp_path, monkeypatch):
    logs = tmp_path / "logs"
    app = make_app(scenario=MINIMAL, departments={"skola": 2}, lang="en", log_dir=logs, now=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await past_briefing(pilot)
        await pilot.press("s")
        await pilot.pause()
        monkeypatch.setattr(LogWriter, "_write", no_space)  # the whole line written, fsync fails
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, LogFailedDialog)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code in (0, None)
    monkeypatch.undo()
    path = only_log(logs)
    session, _ = Session.resume(path, now=fixed_clock)
    try:
        assert session.state.seq >= 1 and session.state.visit.spoken == {"skola"}
    finally:
        session.close()


def test_a_start_that_cannot_be_written_leaves_no_file_and_stats_still_reads_the_folder(
    tmp_path, monkeypatch, minimal_text
):
    logs = tmp_path / "logs"
    monkeypatch.setattr(LogWriter, "_write", full_disk(after_bytes=100))
    with pytest.raises(LogError) as caught:
        Session.start(
            minimal_text, file=str(MINIMAL), departments={"skola": 1}, term="HT2026", log_dir=logs, now=fixed_clock
        )
    assert caught.value.reason == "io" and "No space left" in str(caught.value)
    assert list(logs.glob("*")) == []
    monkeypatch.undo()
    logs.mkdir(exist_ok=True)
    assert stats([logs]).sessions == 0 and open_items([logs]) == []  # nothing left behind to trip over


def test_a_failed_write_refuses_every_command_with_a_log_error_until_reconnected(tmp_path, monkeypatch, minimal_text):
    session = Session.start(
        minimal_text, file=str(MINIMAL), departments={"skola": 1}, term="HT2026", log_dir=tmp_path, now=fixed_clock
    )
    monkeypatch.setattr(LogWriter, "_write", full_disk())
    with pytest.raises(LogError):
        session.mark_spoken("skola")
    assert session.interrupted
    for command in (lambda: session.mark_spoken("skola"), session.pause, lambda: session.note("x"), session.end):
        with pytest.raises(LogError) as caught:
            command()
        assert caught.value.reason == "interrupted"
    session.leave()  # quitting after a failure is quiet
    monkeypatch.undo()
    session, _ = Session.resume(session.path, now=fixed_clock)
    session.close()


# -- what verify promises ----------------------------------------------------------------------------------------


def _played(tmp_path, minimal_text):
    session = Session.start(
        minimal_text,
        file=str(MINIMAL),
        departments={"skola": 1},
        term="HT2026",
        log_dir=tmp_path / "logs",
        now=fixed_clock,
    )
    session.mark_spoken("skola")
    session.note("en anteckning")
    session.close()
    return session.path


def test_a_log_whose_chain_holds_but_whose_event_the_reducer_refuses_fails_verify_at_that_line(
    tmp_path, minimal_text, capsys
):
    from tabletop.sim.review.verify import verify_log
    from tabletop.tui.cli import main

    path = _played(tmp_path, minimal_text)
    writer, _, _ = LogWriter.open_for_append(path, now=fixed_clock)
    writer.append("choice", {"step": "start", "choice": "no-such-choice"})  # a well-chained event nobody could play
    writer.close()
    result = verify_log(path)
    assert not result.ok and result.problem.reason == "refused" and result.problem.line == 4
    assert result.events == 3
    assert main(["verify", str(path.parent)]) == 1  # a folder, like stats
    out = capsys.readouterr().out.strip()
    assert out.startswith(f"{path}:4: refused: ") and "no-such-choice" not in out.split(": ", 1)[0]
    assert len(out.splitlines()) == 1


def test_verify_takes_a_folder_and_says_when_it_holds_no_logs(tmp_path, minimal_text, capsys):
    from tabletop.tui.cli import main

    path = _played(tmp_path, minimal_text)
    assert main(["verify", str(path.parent)]) == 0
    assert capsys.readouterr().out.startswith(f"{path}: OK (3 events")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["verify", str(empty)]) == 1
    assert capsys.readouterr().out.strip() == f"{empty}: no session logs (*.jsonl) in this folder"


def test_a_log_saved_with_a_byte_order_mark_gets_its_own_message(tmp_path, minimal_text):
    from tabletop.sim.review.verify import verify_log

    path = _played(tmp_path, minimal_text)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    problem = verify_log(path).problem
    assert problem.reason == "bom" and problem.line == 1 and str(problem).startswith(f"{path}:1: bom: ")


def test_playtest_save_logs_to_a_folder_it_cannot_create_is_a_one_line_error(tmp_path, capsys):
    from tabletop.tui.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main(["playtest", str(MINIMAL), "--runs", "1", "--save-logs", str(blocker / "logs")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"tabletop playtest: --save-logs {blocker / 'logs'}: cannot write there: ")
    assert len(err.splitlines()) == 1


def test_a_log_folder_removed_mid_session_is_a_failed_write_not_a_silent_one(tmp_path, minimal_text):
    import shutil

    folder = tmp_path / "logs"
    session = Session.start(
        minimal_text, file=str(MINIMAL), departments={"skola": 1}, term="HT2026", log_dir=folder, now=fixed_clock
    )
    shutil.rmtree(folder)
    with pytest.raises(LogError) as caught:
        session.mark_spoken("skola")
    assert "removed" in str(caught.value) and session.interrupted and not session.state.visit.spoken
    with pytest.raises(LogError) as again:
        session.reconnect()
    assert again.value.reason == "io" and session.interrupted
    session.leave()
