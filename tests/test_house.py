"""The house: one named package, tested as installed; sim/ in layers; no import circles; formatted code."""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

import tabletop.sim
import tabletop.tui

ROOT = Path(__file__).parent.parent
DIST = "tabletop-vbe"


def _editable() -> bool:
    """Whether tabletop is installed editable (PEP 610's direct_url.json says so).

    Every distribution of the name is asked: a build leaves tabletop_vbe.egg-info in the checkout, which is on
    sys.path under ``python -m pytest`` and has no direct_url.json."""
    for dist in metadata.distributions(name=DIST):
        direct = dist.read_text("direct_url.json")
        if direct and json.loads(direct).get("dir_info", {}).get("editable"):
            return True
    return False


def test_the_suite_tests_the_installed_package_not_the_checkout():
    assert metadata.version(DIST) == tabletop.sim.__version__
    if _editable():
        pytest.skip("an editable install: tabletop.sim is the checkout's sim/ by design")
    installed = Path(tabletop.sim.__file__).resolve()
    assert not installed.is_relative_to((ROOT / "sim").resolve()), installed


def test_no_side_door_through_the_checkout():
    """python -m pytest puts the checkout on sys.path; the tests never import the folders as top-level names."""
    for path in sorted(ROOT.joinpath("tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in ("sim", "tui", "scenarios"), f"{path}:{node.lineno}: {name}"
    for name in ("sim", "tui", "scenarios"):
        assert name not in sys.modules


def test_packages_listed_are_the_folders_with_an_init():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {
        "tabletop." + ".".join(p.parent.relative_to(ROOT).parts)
        for top in ("sim", "tui", "scenarios")
        for p in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in p.parts
    }
    assert listed == folders


def test_every_module_imports():
    for package in (tabletop.sim, tabletop.tui):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(info.name)


def _tool(name: str) -> str:
    tool = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(tool).exists():
        pytest.fail(f"{name} is not installed: pip install '.[test]'")
    return tool


def test_import_contracts_hold():
    """import-linter reads the contracts in pyproject.toml and checks them against the installed package."""
    proc = subprocess.run([_tool("lint-imports"), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_import_circles_in_sim():
    import grimp
    import networkx as nx

    graph = grimp.build_graph("tabletop.sim")
    modules = graph.modules
    edges = [(m, i) for m in modules for i in graph.find_modules_directly_imported_by(m) if i in modules]
    cycles = [c for c in nx.simple_cycles(nx.DiGraph(edges)) if not _package_and_child(c)]
    assert cycles == []


def _package_and_child(cycle: list[str]) -> bool:
    """A package importing its own module, which imports from the package: Python allows it and it is no circle."""
    return len(cycle) == 2 and (cycle[0].startswith(cycle[1] + ".") or cycle[1].startswith(cycle[0] + "."))


def test_ruff_format_finds_nothing_to_change():
    proc = subprocess.run([_tool("ruff"), "format", "--check", "."], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_version_is_one_string():
    from tabletop.tui.cli import main

    with pytest.raises(SystemExit):
        main(["--version"])
    assert "version" not in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
