"""Cases already checked, kept so that opening one again does not check it again.

Checking a case (the YAML reader, pydantic and every semantic check) is most
of what a cold ``tabletop run`` costs before its first screen. The outcome of
a check depends only on the case's text and on the checking code, so an entry
is keyed by both: the sha256 of the text, and a fingerprint of this package's
source files (their names, sizes and modification times), and by the test-number
allow-list in force (``TABLETOP_TEST_NUMBERS``), which decides whether a declared
personnummer is an error. Editing the case,
or upgrading tabletop, simply makes a new entry.

Old entries do not pile up: once per run, the first time the cache keeps an
entry, it drops the entries that other versions of the code (or another
allow-list) wrote, all but the
newest entry of each case file (earlier texts of an edited case), and the
oldest beyond ``MAX_ENTRIES``. An entry's name says all three: the code's
fingerprint with the allow-list, the case file and the text (``<code>-<file>-<text>.json``).

An entry is JSON: the validated case as plain data (``sim.format.model.to_data``) and
its diagnostics. A missing, unreadable or damaged entry is a miss, never an
error; a folder that cannot be written to just means no cache. The folder is
``TABLETOP_CACHE_DIR`` if set, else the user's cache folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import cache
from pathlib import Path

ENTRY_VERSION = 1
MAX_ENTRIES = 200  # a library of cases, each perhaps edited once since: far more than a team keeps
_swept = False  # this run has pruned the folder (once is enough: the code does not change while it runs)


def cache_dir() -> Path:
    configured = os.environ.get("TABLETOP_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return platformdirs.user_cache_path("tabletop", appauthor=False) / "cases"


@cache
def code_fingerprint() -> str:
    """What identifies this version of the checking code: every source file of the ``sim`` package."""
    root = Path(__file__).parent
    digest = hashlib.sha256(f"{ENTRY_VERSION}".encode())
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                rel = os.path.relpath(os.path.join(folder, name), root)
                digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _allowed_numbers() -> str:
    """The test-number allow-list in force (``TABLETOP_TEST_NUMBERS``): a case checked with a longer list must
    not pass as checked once the list is shorter, so the list is part of the key. Without the variable, only the
    shipped numbers are in force: they are code, which the fingerprint covers, and the guard is not imported."""
    if not os.environ.get("TABLETOP_TEST_NUMBERS"):
        return ""
    from ..guard.fiction import test_numbers

    return ",".join(sorted(test_numbers()))


def _short(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _version() -> str:
    """What checked an entry: this code, with this test-number allow-list."""
    return _short(f"{code_fingerprint()}:{_allowed_numbers()}")


def _entry(text_sha256: str, file: str) -> Path:
    return cache_dir() / f"{_version()}-{_short(os.path.abspath(file))}-{text_sha256[:32]}.json"


def _read(text_sha256: str, file: str) -> dict:
    """The entry for this text: this file's own, else the same text kept from another file."""
    path = _entry(text_sha256, file)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        for other in cache_dir().glob(f"{_version()}-*-{text_sha256[:32]}.json"):
            return json.loads(other.read_text(encoding="utf-8"))
        raise


def lookup(text: str, file: str):
    """The ``LoadResult`` of checking ``text`` before, as if just checked, or None."""
    from .diagnostics import Diagnostic, Severity
    from .model import Scenario, from_data
    from .result import LoadResult

    result = LoadResult(file, text=text)
    try:
        entry = _read(result.sha256 or "", file)  # a text has its sha256
        result.scenario = from_data(Scenario, entry["scenario"])
        result.diagnostics = [
            Diagnostic(file, line, col, Severity(severity), code, message, message_sv)
            for line, col, severity, code, message, message_sv in entry["diagnostics"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # not there, or not what this code wrote: check the case again
    return result


def store(result) -> None:
    """Keep a checked case (one that loaded; its diagnostics may be errors or warnings)."""
    from .model import to_data

    if result.scenario is None or result.text is None:
        return
    entry = {
        "scenario": to_data(result.scenario),
        "diagnostics": [[d.line, d.col, d.severity.value, d.code, d.message, d.message_sv] for d in result.diagnostics],
    }
    path = _entry(result.sha256 or "", result.file)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        from ..private import make_private_dir

        make_private_dir(path.parent)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(entry, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, path)  # whole or not at all: a reader never sees half an entry
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        return
    global _swept
    if not _swept:
        _swept = True
        prune()


def prune(limit: int = MAX_ENTRIES) -> int:
    """Drop the entries other versions of the code wrote, all but the newest entry of each case file, and the
    oldest beyond ``limit``; the number dropped. An entry that cannot be read or removed is left alone."""
    code = _version()
    newest: dict[str, tuple[int, Path]] = {}
    dropped: list[Path] = []
    with contextlib.suppress(OSError):
        for path in cache_dir().glob("*.json"):
            parts = path.stem.split("-")
            try:
                mtime = path.stat().st_mtime_ns
            except OSError:
                continue
            if len(parts) != 3 or parts[0] != code:
                dropped.append(path)
                continue
            kept = newest.get(parts[1])
            if kept is None or kept[0] < mtime:
                if kept is not None:
                    dropped.append(kept[1])
                newest[parts[1]] = (mtime, path)
            else:
                dropped.append(path)
    dropped += [path for _, path in sorted(newest.values(), reverse=True)[limit:]]
    for path in dropped:
        with contextlib.suppress(OSError):
            path.unlink()
    return len(dropped)
