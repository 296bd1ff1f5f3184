"""What the app remembers between launches (the interface language and the theme last chosen, per group when the
room sees the flags), and the user's
language, which the app and the command line's own output both start in.

One small JSON file in the user's configuration folder (``TABLETOP_CONFIG_DIR``
if set). It holds preferences only, never anything about a session. A missing
or damaged file means no preferences; a file that cannot be written means
they are not remembered, never an error on the screen.
"""

from __future__ import annotations

import contextlib
import json
import locale
import os
from pathlib import Path


def settings_path() -> Path:
    configured = os.environ.get("TABLETOP_CONFIG_DIR")
    if configured:
        return Path(configured) / "settings.json"
    import platformdirs

    return platformdirs.user_config_path("tabletop", appauthor=False) / "settings.json"


def load() -> dict:
    try:
        data = json.loads(settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(key: str, value) -> None:
    path = settings_path()
    data = {**load(), key: value}
    with contextlib.suppress(OSError):
        from tabletop.sim.private import FILE_MODE, make_private_dir

        make_private_dir(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        os.chmod(temporary, FILE_MODE)  # a leftover temporary file keeps its old mode through O_CREAT
        os.replace(temporary, path)


def for_group(key: str, group: str, default: str) -> str:
    """A preference remembered for one group (``key`` maps group names to values), else ``default``."""
    remembered = load().get(key)
    value = remembered.get(group) if isinstance(remembered, dict) else None
    return value if isinstance(value, str) else default


def remember_for_group(key: str, group: str, value: str) -> None:
    """Remember ``value`` for ``group`` under ``key``, beside the other groups' values."""
    remembered = load().get(key)
    remember(key, {**(remembered if isinstance(remembered, dict) else {}), group: value})


def user_language() -> str:
    """``TABLETOP_LANG``, else the language last chosen with ``l``, else Swedish for a Swedish locale, else English."""
    chosen = os.environ.get("TABLETOP_LANG", "")
    if chosen:
        return "sv" if chosen.lower().startswith("sv") else "en"
    remembered = load().get("lang")
    if remembered in ("sv", "en"):
        return remembered
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "sv" if loc.lower().startswith("sv") else "en"
