"""Run the whole suite several times while a busy loop keeps every core occupied, and say how each run went.

    python tests/under_load.py [RUNS] [-- PYTEST ARGS]

The suite must pass on a machine whose cores are busy with other work: a Pilot test waits on conditions, never on
a guess at a delay, and no test times anything. This is how that is checked, not a test itself: it takes the
machine for several minutes a run. Exits 0 only when every run passed.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _spin() -> None:  # pragma: no cover - runs in the burner processes
    while True:
        pass


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f})"


def main(argv: list[str]) -> int:
    args = argv[1:]
    extra: list[str] = []
    if "--" in args:
        cut = args.index("--")
        args, extra = args[:cut], args[cut + 1 :]
    runs = int(args[0]) if args else 5
    cores = os.cpu_count() or 1
    burners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(cores)]
    for burner in burners:
        burner.start()
    print(f"{cores} busy loops started, one per core", flush=True)
    passed = 0
    try:
        for run in range(1, runs + 1):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *extra],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            took = time.monotonic() - started
            summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "(no output)"
            passed += done.returncode == 0
            print(f"run {run}/{runs}: exit {done.returncode} in {took / 60:.1f} min, {_load()}: {summary}", flush=True)
            if done.returncode:
                failures = [line for line in done.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
                print("\n".join(failures or done.stdout.splitlines()[-30:]), flush=True)
    finally:
        for burner in burners:
            burner.terminate()
    print(f"{passed} of {runs} runs passed with every core busy")
    return 0 if passed == runs else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
