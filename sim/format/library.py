"""Finding scenario files: the bundled cases, the user's folders, paths given on the command line.

The bundled cases live in the ``scenarios`` package, so they are found from a
checkout and from an installed wheel alike. A user's own folder is added with
``--scenarios DIR`` or the ``TABLETOP_SCENARIOS`` variable (several folders
separated by ``os.pathsep``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .result import LoadResult

SUFFIXES = (".yaml", ".yml")
ENV_VAR = "TABLETOP_SCENARIOS"


@dataclass(frozen=True, slots=True)
class CaseFile:
    path: Path
    source: str  # "bundled" or "user"

    @property
    def display(self) -> str:
        """The path as a person can open it: relative to the working folder where it is inside it."""
        try:
            return str(self.path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(self.path)


def bundled_dir() -> Path:
    # the package's folder as its import spec has it: importlib.resources would give the same folder (the cases are
    # plain files beside it) for a zipfile and a dozen modules more on the way to the first screen
    from importlib.util import find_spec

    spec = find_spec("tabletop.scenarios")
    if spec is None or not spec.submodule_search_locations:  # the cases come with tabletop: a broken install
        raise RuntimeError("tabletop's bundled cases (tabletop.scenarios) are not installed: reinstall tabletop")
    return Path(next(iter(spec.submodule_search_locations)))


def _yaml_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.name.startswith("."))
    except OSError:
        return []


def user_dirs(extra: list[str] | None = None) -> list[Path]:
    dirs = [Path(d) for d in (extra or [])]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(d) for d in env.split(os.pathsep) if d]
    return dirs


def missing_dirs(extra: list[str] | None = None) -> list[str]:
    """The user's case folders (option or environment) that are not folders: one line each, for the user."""
    out = [f"--scenarios {d}: no such folder" for d in (extra or []) if not Path(d).is_dir()]
    env = os.environ.get(ENV_VAR, "")
    out += [f"{ENV_VAR}: {d}: no such folder" for d in env.split(os.pathsep) if d and not Path(d).is_dir()]
    return out


def discover(extra_dirs: list[str] | None = None, *, bundled: bool = True) -> list[CaseFile]:
    """The bundled cases (unless ``bundled`` is false), then the user's."""
    found = [CaseFile(p, "bundled") for p in _yaml_files(bundled_dir())] if bundled else []
    for folder in user_dirs(extra_dirs):
        found += [CaseFile(p, "user") for p in _yaml_files(folder)]
    return found


def expand(paths: list[str]) -> list[Path]:
    """Files given on the command line; folders stand for the YAML files in them."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = [p for p in sorted(path.rglob("*")) if p.suffix in SUFFIXES and p.is_file()]
            out += inside
            if not inside:
                out.append(path)  # reported as "a directory, not a file" with nothing in it
        else:
            out.append(path)
    return out


def resolve(name: str, extra_dirs: list[str] | None = None) -> Path:
    """A scenario given as a path, or as the id / file stem of a known case."""
    path = Path(name)
    if path.exists() or path.suffix in SUFFIXES or os.sep in name:
        return path
    for case in discover(extra_dirs):
        if case.path.stem == name:
            return case.path
    for case in discover(extra_dirs):
        from .loader import load_file

        result = load_file(case.path, validate=False)
        if result.scenario is not None and result.scenario.id == name:
            return case.path
    return path


@dataclass(frozen=True)
class CaseEntry:
    """One case as the library lists it: what it is, and whether it validates."""

    file: CaseFile
    result: LoadResult

    @property
    def scenario(self):
        return self.result.scenario

    @property
    def errors(self) -> int:
        return len(self.result.errors)

    @property
    def warnings(self) -> int:
        return len(self.result.warnings)


def survey(extra_dirs: list[str] | None = None, *, bundled: bool = True) -> list[CaseEntry]:
    """Load and validate every known case; a broken case is listed with its diagnostics, never raised."""
    from .loader import load_file

    return [
        CaseEntry(case, load_file(case.path, display=case.display, cached=True))
        for case in discover(extra_dirs, bundled=bundled)
    ]
