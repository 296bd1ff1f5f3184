"""`tabletop report` on the log of a 5,000-step case against `tabletop verify` of the same log, as whole commands.

The report takes the checked case from the case cache (keyed by the hash of the text embedded in the log) rather
than parsing it again; the cache is warm, as it is once the case has been played or reported on once. The floor
beside it: a process that reads the log and loads its case from the cache, with no report.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from tabletop.sim.author.playtest import playtest
from tests.bench.harness import Figure, command, paired, repeated
from tests.generate import layered_case

FLOOR = (
    "import sys\nfrom tabletop.sim.play.log import read_log\nfrom tabletop.sim.play.session import scenario_of\n"
    "scenario_of(read_log(sys.argv[1])[0][0])"
)


def figures():
    with tempfile.TemporaryDirectory() as tmp:
        env = {"TABLETOP_CACHE_DIR": str(Path(tmp) / "cache")}
        logs = Path(tmp) / "logs"
        report = playtest(layered_case(5001, 3), "generated.yaml", runs=1, seed=0, save_logs=logs)
        assert report.ok, report.failures
        [log] = logs.glob("*.jsonl")
        lines = len(log.read_bytes().splitlines())
        reporting = command("report", str(log), "-o", str(Path(tmp) / "report.md"), env=env)
        ours, verify = paired(reporting, command("verify", str(log), env=env), rounds=3)
        floor = repeated(command("-c", FLOOR, str(log), env=env), rounds=3, warmup=False)
        yield Figure(
            f"tabletop report on a log of a 5,000-step case ({lines:,} events, {log.stat().st_size / 1e6:.1f} MB)",
            ours,
            "tabletop verify of the same log",
            verify,
            target_ratio=3,
            floors=[("reading the log and taking its case from the cache", floor)],
        )
