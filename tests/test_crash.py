"""Crash safety: a session process SIGKILLed at random moments leaves a log that verifies and resumes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabletop.sim.play.log import read_log
from tabletop.sim.play.session import Session
from tests.conftest import MINIMAL

ROOT = Path(__file__).parent.parent
WRITER = """
import sys
from pathlib import Path
from tabletop.sim.play.session import Session
source = Path(sys.argv[1]).read_text(encoding="utf-8")
path = Path(sys.argv[2])
if path.exists():
    session, _ = Session.resume(path)
    session.resume_play()  # a resumed session starts paused
else:
    session = Session.start(source, file="minimal.yaml", departments={"skola": 2, "polis": 1}, term="HT2026",
                            log_path=path)
print("ready", flush=True)
i = 0
while True:
    i += 1
    session.contribute("skola" if i % 2 else "polis", f"Contribution {i}: we follow the routine.")
    if i % 7 == 0:
        session.extend(1)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_sigkill_at_random_moments_never_loses_a_complete_event(tmp_path):
    rng = random.Random(20261124)
    log = tmp_path / "session.jsonl"
    complete_before = b""
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(MINIMAL), str(log)], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        data = log.read_bytes()
        assert data.startswith(complete_before)  # nothing already written was changed
        events, _ = read_log(log, allow_torn=True)
        assert [e["seq"] for e in events] == list(range(len(events)))
        session, _ = Session.resume(log)  # cuts a torn last line, if any, and goes on
        session.note("resumed after a crash")
        session.close()
        complete_before = log.read_bytes()
        assert read_log(log)[0][-1]["type"] == "note"
