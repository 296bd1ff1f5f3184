"""Run every benchmark in tests/bench/ and print each figure against its same-run baseline.

    python tests/bench/run.py [NAME-FILTER]

Exits 1 if a figure misses its target, so a person (not the test suite) sees it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    pattern = argv[1] if len(argv) > 1 else ""
    missed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if pattern not in path.stem:
            continue
        module = importlib.import_module(f"tests.bench.{path.stem}")
        print(f"# {path.stem}: {(module.__doc__ or '').strip().splitlines()[0]}", flush=True)
        for figure in module.figures():
            print(figure.line(), flush=True)
            missed += not figure.ok
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
