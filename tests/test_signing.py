"""Signed logs: the installation's key signs the end and checkpoints; verify says who signed, and tells a log
whose hashes were recomputed after an edit, or that was cut and played on, from the original."""

from __future__ import annotations

import json
import stat

from tabletop.sim.play.log import LogWriter, read_log
from tabletop.sim.play.session import Session
from tabletop.sim.play.signing import KEY_FILE, TRUSTED_FILE, config_dir, fingerprint, public_key
from tabletop.sim.review.verify import verify_lines, verify_log
from tabletop.tui.cli import main
from tests.conftest import MINIMAL, fixed_clock


def ended_log(tmp_path, minimal_text):
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
    session.end("")
    session.close()
    return session.path


def rehash(path, lines):
    """Rewrite a log with every hash recomputed, as a forger without the key would."""
    from tabletop.sim.play.log import ZERO_HASH, event_hash

    prev, out = ZERO_HASH, []
    for seq, event in enumerate(lines):
        event["seq"], event["prev"] = seq, prev
        event.pop("hash", None)
        event["hash"] = prev = event_hash(event)
        out.append(json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_the_key_is_made_on_first_need_owner_only_and_key_prints_it(capsys):
    assert main(["key"]) == 0
    public, name = capsys.readouterr().out.split()
    assert public == public_key() and name == fingerprint(public) and name.startswith("SHA256:")
    assert stat.S_IMODE((config_dir() / KEY_FILE).stat().st_mode) == 0o600


def test_an_ended_session_is_signed_by_this_installation(tmp_path, minimal_text):
    path = ended_log(tmp_path, minimal_text)
    events = read_log(path)[0]
    assert "signed" in events[-1]["payload"] and "signed" in events[0]["payload"]  # the start is a checkpoint
    (line,), code = verify_lines([path])
    assert code == 0 and line.endswith(f"ended; signed by {fingerprint(public_key())})")


def test_a_key_nobody_trusts_is_said_and_trusted_keys_trusts_it(tmp_path, minimal_text):
    path = ended_log(tmp_path, minimal_text)
    (config_dir() / KEY_FILE).rename(config_dir() / "old-key")  # another installation reads the log
    (line,), _ = verify_lines([path])
    assert "(an unknown key: not in trusted-keys)" in line
    signer = read_log(path)[0][-1]["payload"]["signed"]["key"]
    (config_dir() / TRUSTED_FILE).write_text(f"{signer} team Norr\n", encoding="utf-8")
    (line,), _ = verify_lines([path])
    assert line.endswith(f"signed by {fingerprint(signer)})")


def test_an_edit_with_hashes_recomputed_is_told_apart_from_the_original(tmp_path, minimal_text):
    path = ended_log(tmp_path, minimal_text)
    events = read_log(path)[0]
    events[2]["payload"]["text"] = "en annan anteckning"
    rehash(path, events)
    result = verify_log(path)
    assert not result.ok and result.problem.reason == "forged" and result.problem.line == len(events)


def test_a_log_cut_and_played_on_says_where_the_signatures_stop(tmp_path, minimal_text):
    path = ended_log(tmp_path, minimal_text)
    events = read_log(path)[0][:-1]  # the signed end cut off
    rehash(path, events)
    writer, _, _ = LogWriter.open_for_append(path, now=fixed_clock)
    writer.append("note", {"step": "start", "text": "played on", "flags": []})
    writer.close()
    (line,), code = verify_lines([path])
    assert code == 0 and "up to line 1; the 3 events after it are not signed" in line
