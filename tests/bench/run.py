"""Run the benchmarks in tests/bench/ and print each figure against its paired baseline and its target.

    python tests/bench/run.py [NAME ...]

With names (``load``, ``playtest``, ``bench_explore``…), only the benches whose module name contains one of them.
Exits 0 only when every target holds, 1 when one is missed (a person reads it; the test suite never times).
"""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    started = time.perf_counter()
    paths = [
        p
        for p in sorted(Path(__file__).parent.glob("bench_*.py"))
        if not wanted or any(name in p.stem for name in wanted)
    ]
    if not paths:
        print(f"no bench matches {' '.join(wanted)}", file=sys.stderr)
        return 2
    print(f"# load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
    figures = missed = 0
    for path in paths:
        module = importlib.import_module(f"tests.bench.{path.stem}")
        print(f"\n# {path.stem}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
        for figure in module.figures():
            print(figure.line(), flush=True)
            figures += 1
            missed += not figure.ok
    print(
        f"\n# {figures} figures, {missed} missed their target; {time.perf_counter() - started:.0f} s; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
