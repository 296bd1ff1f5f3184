"""What the app opens and how: one value built by the command line and by the tests alike."""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Launch:
    """One launch of the app.

    What to open (at most one; nothing: Home, the case library and the sessions in ``log_dir``):

    - ``scenario`` (a path): Setup for that case; with ``departments`` ({id: participants}) too, the exercise
      starts at once with ``lang`` (default: the case's first language), ``strict``, ``term`` (default: the
      current term) and ``group``; ``loaded`` (``(source, scenario)``) is the case as the command line already
      loaded and validated it, so that the app does not load it again;
    - ``session`` (a started ``Session``): its exercise, at once (``tabletop run`` with departments, which has
      started it);
    - ``resume`` (a log): the unfinished session continues;
    - ``follow`` (a log, or a folder of logs: its newest unfinished session, then each newer one): the read-only
      audience view, polling every ``follow_interval`` seconds (``follow_timer``, like ``set_timer``, is how it
      waits between polls: tests drive it with a timer of their own);
    - ``replay`` (a log): the read-only replay of that session, event by event (``tabletop replay LOG``).

    The case library is ``scenario_dirs`` and, with ``bundled``, the cases that come with tabletop. ``log_dir`` is
    where sessions are written and listed: the command line resolves it (``--log-dir``, ``TABLETOP_LOG_DIR``, the
    data directory) and the app never looks further. ``now`` is the clock (tests pin it).
    """

    log_dir: Path
    scenario_dirs: list[str] = field(default_factory=list)
    bundled: bool = True
    lang: str | None = None
    scenario: Path | None = None
    departments: dict[str, int] | None = None
    strict: bool = False
    group: str = ""
    term: str | None = None
    resume: Path | None = None
    follow: Path | None = None
    replay: Path | None = None
    session: Any = None
    loaded: tuple | None = None
    now: Callable[[], datetime] | None = None
    follow_interval: float = 1.0
    follow_timer: Callable | None = None

    @classmethod
    def of(cls, *, log_dir: str | Path | None = None, **options: Any) -> Launch:
        """A launch from keywords as the command line and the tests write them: paths as text or Path, the log
        folder resolved when not given (``TABLETOP_LOG_DIR``, else the data directory)."""
        if log_dir is None:
            from tabletop.sim.play.log import default_log_dir

            log_dir = default_log_dir()
        for name in ("scenario", "resume", "follow", "replay"):
            if options.get(name):
                options[name] = Path(options[name])
            else:
                options.pop(name, None)
        options["scenario_dirs"] = list(options.get("scenario_dirs") or [])
        return cls(log_dir=Path(log_dir), **options)


_held = False  # hold_collector paused the cyclic garbage collector, and release_collector has not resumed it


def hold_collector() -> None:
    """Pause the cyclic garbage collector for the way to the first screen (the command line, before the app).

    Starting allocates a great many objects (modules, classes, styles, the first screen's lines) and frees almost
    none: the collector would walk them again and again for nothing, some 15 ms of the first paint. The first
    screen painted releases it (:func:`release_collector`). A collector paused by someone else is left alone."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_collector(freeze: bool = True) -> None:
    """Resume the collector held by :func:`hold_collector`, with what starting made frozen (``freeze``: the
    collector no longer walks it, which keeps its later passes short); a no-op otherwise."""
    global _held
    if _held:
        _held = False
        if freeze:
            gc.freeze()
        gc.enable()
