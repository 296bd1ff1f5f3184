"""Types that are checked: mypy finds no error in tabletop.sim, and no more in tabletop.tui than its baseline.

mypy runs over the package as installed (the checkout's folders under an editable install, site-packages
under a wheel), with the options of ``[tool.mypy]`` in pyproject.toml. The folders have no ``tabletop/``
above them and an editable install maps them through an import hook mypy cannot follow, so the test lays
out ``tabletop/sim``, ``tabletop/tui`` and ``tabletop/scenarios`` as links in a temporary folder and runs
mypy there. To see the errors yourself: ``python tests/test_types.py``; to write the baseline of
tabletop.tui after fixing some: ``python tests/test_types.py --write-baseline``.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
CONFIG = ROOT / "pyproject.toml"
BASELINE = Path(__file__).parent / "mypy-tui-baseline.txt"
PACKAGES = ("sim", "tui", "scenarios")
ERROR = re.compile(r"^(?P<path>[^:\n]+\.pyi?):\d+(?::\d+)?: error: ", re.MULTILINE)
CHECKED = re.compile(
    r"^(?:Success: no issues found in |Found \d+ errors? in \d+ files? \(checked )(?P<n>\d+) source files?\)?$", re.M
)


def run_mypy(where: Path) -> tuple[int, str]:
    """mypy over the installed tabletop.sim and tabletop.tui, laid out under ``where``: (exit code, report)."""
    (where / "tabletop").mkdir()
    for name in PACKAGES:
        spec = importlib.util.find_spec(f"tabletop.{name}")
        assert spec is not None and spec.submodule_search_locations, f"tabletop.{name} is not installed"
        (where / "tabletop" / name).symlink_to(
            Path(next(iter(spec.submodule_search_locations))), target_is_directory=True
        )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), "--cache-dir", str(where / ".mypy_cache")],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


def module_of(path: str) -> str:
    return path.removesuffix(".pyi").removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def errors_by_module(report: str) -> Counter[str]:
    return Counter(module_of(m["path"]) for m in ERROR.finditer(report))


def read_baseline(path: Path = BASELINE) -> Counter[str]:
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            module, count = line.split()
            counts[module] = int(count)
    return counts


def write_baseline(counts: Counter[str], path: Path = BASELINE) -> None:
    tui = {m: n for m, n in sorted(counts.items()) if m.startswith("tabletop.tui")}
    lines = [
        "# mypy errors per module of tabletop.tui, as tests/test_types.py counts them (options: [tool.mypy]).",
        "# The counts only go down: the test fails when a module has more, and when it has fewer (lower it here,",
        "# with `python tests/test_types.py --write-baseline`). A module not listed has none.",
        f"# total {sum(tui.values())}",
        *(f"{m} {n}" for m, n in tui.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def mypy_report(tmp_path_factory) -> str:
    where = tmp_path_factory.mktemp("typed")
    code, report = run_mypy(where)
    checked = CHECKED.search(report)
    assert code in (0, 1) and checked, f"mypy did not run (exit {code}):\n{report}"
    modules = sum(1 for name in ("sim", "tui") for _ in (where / "tabletop" / name).rglob("*.py"))
    assert int(checked["n"]) >= modules, f"mypy checked {checked['n']} files of {modules}: {report}"
    return report


def _lines(report: str, prefix: str) -> str:
    return "\n".join(line for line in report.splitlines() if line.startswith(prefix))


def test_mypy_finds_no_error_in_sim(mypy_report):
    counts = errors_by_module(mypy_report)
    assert not [m for m in counts if not m.startswith("tabletop.tui")], _lines(mypy_report, "tabletop/sim")


def test_mypy_errors_in_tui_do_not_go_up(mypy_report):
    counts, baseline = errors_by_module(mypy_report), read_baseline()
    more = {m: (baseline[m], n) for m, n in counts.items() if m.startswith("tabletop.tui") and n > baseline[m]}
    assert not more, (
        "more mypy errors than tests/mypy-tui-baseline.txt allows (module: (baseline, now)): "
        f"{more}\n" + "\n".join(_lines(mypy_report, m.replace(".", "/")) for m in more)
    )


def test_mypy_baseline_of_tui_is_lowered_when_errors_go(mypy_report):
    counts, baseline = errors_by_module(mypy_report), read_baseline()
    fewer = {m: (n, counts[m]) for m, n in baseline.items() if counts[m] < n}
    assert not fewer, (
        f"fewer mypy errors than the baseline (module: (baseline, now)): {fewer}; well done: lower "
        "tests/mypy-tui-baseline.txt to match (python tests/test_types.py --write-baseline)"
    )


def test_the_error_pattern_reads_mypy_lines():
    report = (
        "tabletop/tui/app.py:12: error: Incompatible types  [assignment]\n"
        "tabletop/tui/app.py:12: note: a note is not an error\n"
        "tabletop/tui/widgets/__init__.py:3:7: error: Name missing  [name-defined]\n"
        "Found 2 errors in 2 files (checked 88 source files)\n"
    )
    assert errors_by_module(report) == Counter({"tabletop.tui.app": 1, "tabletop.tui.widgets": 1})


def test_the_summary_pattern_reads_both_endings():
    assert CHECKED.search("Success: no issues found in 90 source files")["n"] == "90"
    assert CHECKED.search("x.py:1: error: y  [z]\nFound 78 errors in 12 files (checked 90 source files)")["n"] == "90"
    assert CHECKED.search("Found 1 error in 1 file (checked 2 source files)")["n"] == "2"
    assert not CHECKED.search("/usr/bin/python: No module named mypy")


def test_the_baseline_reads_what_is_written(tmp_path):
    counts = Counter({"tabletop.tui.app": 3, "tabletop.tui.cli": 1, "tabletop.sim.x": 2})
    write_baseline(counts, tmp_path / "baseline.txt")
    assert read_baseline(tmp_path / "baseline.txt") == Counter({"tabletop.tui.app": 3, "tabletop.tui.cli": 1})


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        code, report = run_mypy(Path(folder))
    print(report, end="")
    if "--write-baseline" in sys.argv[1:]:
        if code not in (0, 1):
            sys.exit(code)
        write_baseline(errors_by_module(report))
        print(f"wrote {BASELINE}")
    sys.exit(code)
