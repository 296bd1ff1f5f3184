"""Reading and verifying a 10,000-event session log against bare json.loads over its lines.

The full replay (read + verify + the session's reducer) must stay within 2x
plain ``json.loads``; reading and verifying alone should be well under that.
"""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from tabletop.sim.play.log import LogWriter, read_log, scenario_block
from tests.bench.harness import Figure, paired

TEXTS = [
    "Skolan följer sin rutin: mentorn informerar rektor, som kontaktar elevhälsan.",
    "Socialtjänsten tar emot en orosanmälan och gör en förhandsbedömning inom 14 dagar.",
    "Polisen: kommunpolisen tar frågan till SSPF-gruppen, på verksamhetsnivå.",
    "Vi behöver veta vilken rutin som gäller när elever delar extremistiskt material.",
]
DEPARTMENTS = ["skola", "polis", "socialtjanst", "fritid", "elevhalsa"]


def make_log(folder: Path, n_events: int = 10_000) -> Path:
    """A realistic log: a start embedding a case, then contributions, notes and choices (fsync off for speed)."""
    rng = random.Random(6)
    source = (Path(__file__).parents[1] / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    moments = iter(datetime(2026, 11, 24, 18, tzinfo=UTC) + timedelta(seconds=i) for i in range(n_events))
    path = folder / "bench.jsonl"
    start = {
        "scenario": scenario_block(source, "minimal", "minimal.yaml"),
        "group": "Bench",
        "term": "HT2026",
        "mode": "warn",
        "language": "sv",
        "departments": {d: 2 for d in DEPARTMENTS},
    }
    with mock.patch("os.fsync"), LogWriter.create(path, "start", start, now=lambda: next(moments)) as writer:
        for i in range(1, n_events):
            kind = rng.choice(["contribution", "contribution", "spoke", "note", "choose"])
            if kind == "choose":
                payload = {
                    "choice": f"c{i % 7}",
                    "reasons": rng.choice(TEXTS),
                    "agreed": DEPARTMENTS[:3],
                    "dissented": DEPARTMENTS[3:],
                    "flags": [],
                    "confirmed": False,
                }
            elif kind == "spoke":
                payload = {"department": rng.choice(DEPARTMENTS), "step": f"s{i // 50}"}
            else:
                payload = {
                    "department": rng.choice(DEPARTMENTS),
                    "step": f"s{i // 50}",
                    "text": " ".join(rng.sample(TEXTS, rng.randint(1, 3))),
                    "flags": [],
                }
            writer.append(kind, payload)
    return path


def figures():
    with tempfile.TemporaryDirectory() as folder:
        path = make_log(Path(folder))
        events, recovery = read_log(path)
        assert len(events) == 10_000 and recovery is None
        ours, bare = paired(
            lambda: read_log(path), lambda: [json.loads(line) for line in path.read_bytes().splitlines()], rounds=5
        )
        size = path.stat().st_size / 1e6
        yield Figure(
            f"read_log, verify chain + hashes (10,000 events, {size:.1f} MB)",
            ours,
            "json.loads over the lines",
            bare,
            target_ratio=2,
        )
