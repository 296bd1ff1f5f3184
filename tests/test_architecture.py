"""The project's structural promises: a headless engine, clean lint, bundled cases found when installed."""

from __future__ import annotations

import json
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop import sim

ROOT = Path(__file__).parent.parent


def test_sim_imports_neither_textual_nor_rich():
    modules = [m.name for m in pkgutil.walk_packages(sim.__path__, "tabletop.sim.")]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert len(modules) > 5
    assert json.loads(proc.stdout) == []


def test_the_validate_command_does_not_load_textual():
    code = "import sys; from tabletop.tui.cli import main; main(['validate']); print('textual' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.strip().splitlines()[-1] == "False"


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed: pip install '.[test]'")
    proc = subprocess.run([ruff, "check", "."], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_bundled_cases_are_package_data():
    from tabletop.sim.format.library import bundled_dir, discover

    assert bundled_dir().name == "scenarios"
    assert [c.source for c in discover()] and all(c.source == "bundled" for c in discover())


def test_user_folders_come_from_the_option_and_the_environment(tmp_path, monkeypatch, minimal_text):
    from tabletop.sim.format.library import discover

    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    mine.mkdir()
    theirs.mkdir()
    (mine / "a.yaml").write_text(minimal_text)
    (theirs / "b.yml").write_text(minimal_text)
    monkeypatch.setenv("TABLETOP_SCENARIOS", str(theirs))
    users = [c.path.name for c in discover([str(mine)]) if c.source == "user"]
    assert users == ["a.yaml", "b.yml"]


def test_swedish_and_english_catalogues_have_the_same_keys():
    from tabletop.sim.i18n import en, sv

    assert set(en.STRINGS) == set(sv.STRINGS)


def test_the_confidentiality_doc_lists_every_rule():
    from tabletop.sim.guard import RULES

    doc = (ROOT / "docs" / "confidentiality.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### `{rule.id}` ({rule.severity})" in doc
        assert rule.instead["sv"] in doc and rule.instead["en"] in doc


def test_loading_and_validating_a_case_does_not_import_networkx():
    code = (
        "import sys; from tabletop.sim.format.loader import load_file; "
        "r = load_file('scenarios/propaganda-gymnasiet.yaml'); print(r.ok, 'networkx' in sys.modules)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.stdout.split() == ["True", "False"]
