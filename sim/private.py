"""Folders and files only their owner can read: logs, the case cache, settings.

A session log holds what a group said about a case, and the case cache and the
settings are the user's own. Every folder tabletop creates is made owner-only
(0o700), its missing parents too (``Path.mkdir(parents=True)`` would make them
with the default mode), and a folder that already exists is left as it is: it may
be shared on purpose. :func:`shared_with_others` says whether one is, so that the
command line can warn before a log goes into it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def make_private_dir(path: Path | str) -> Path:
    """``path`` and any missing parents, created owner-only; existing folders are not touched."""
    path = Path(path)
    missing = []
    at = path
    while not at.exists():
        missing.append(at)
        if at.parent == at:
            break
        at = at.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made by another process meanwhile: it is not ours
            folder.mkdir(mode=DIR_MODE)
            os.chmod(folder, DIR_MODE)  # the umask may have taken bits away; it never adds any
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def shared_with_others(path: Path | str) -> bool:
    """Whether an existing folder (or file) can be read by its group or by everyone (POSIX modes only)."""
    try:
        mode = Path(path).stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and bool(mode & (stat.S_IRGRP | stat.S_IROTH | stat.S_IXGRP | stat.S_IXOTH))
