"""What ``tabletop verify`` promises: the log's chain holds and its events fold through the session's reducer.

:func:`sim.play.log.verify` checks the storage (the hash chain, the sequence, the embedded case);
:func:`verify_log` then folds the events through :func:`sim.play.session.reduce`, the reducer live play
and replay use, so a log that verifies always replays and reports. One the reducer refuses is placed
at the first event it refuses, with the reason ``refused``. Every line names the log's path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..play.log import LogError, VerifyResult, verify_read

_LINE_PREFIX = re.compile(r"^line \d+: ")


def verify_log(path: Path | str) -> VerifyResult:
    """Verify the chain, then fold every event through the reducer; never raises for bad content."""
    return _verify_log(path)[0]


def _verify_log(path: Path | str) -> tuple[VerifyResult, list[dict]]:
    """:func:`verify_log`, and the events read (the file is read once)."""
    result, events = verify_read(path)
    if not result.ok:
        return result, events
    return _fold(path, result, events), events


def _fold(path: Path | str, result: VerifyResult, events: list[dict]) -> VerifyResult:
    from ..play.session import ReplayError, initial_state, reduce, scenario_of

    index = 0
    try:
        state = initial_state(events[0], scenario_of(events[0]))
        for index in range(1, len(events)):
            reduce(state, events[index])
    except (ReplayError, Exception) as exc:
        reason = _LINE_PREFIX.sub("", " ".join(str(exc).split())) or type(exc).__name__
        refused = LogError(
            path,
            index + 1,
            "refused",
            f"the chain holds, but the session's reducer refuses this "
            f"event, so the log cannot be replayed from here: {reason}",
        )
        return VerifyResult(str(path), index, refused)
    forged = _forged(path, events)
    return VerifyResult(str(path), (forged.line or 1) - 1, forged) if forged else result  # _forged gives the line


def _forged(path: Path | str, events: list[dict]) -> LogError | None:
    """The first event whose signature does not hold, as a LogError (reason ``forged``)."""
    from ..play.signing import signature_holds

    for index, event in enumerate(events):
        if "signed" in event["payload"] and not signature_holds(event):
            return LogError(
                path,
                index + 1,
                "forged",
                "the signature does not match the log up to this event: "
                "it was changed after it was signed, and its hashes recomputed",
            )
    return None


def signature_line(events: list[dict]) -> str:
    """Who signed a verified log: ``signed by <fingerprint>``, unsigned, or signed by an unknown key, and
    whether events follow the last signature (a log cut and played on, or a session not yet ended)."""
    from ..play.signing import fingerprint, trusted_keys

    signed = [(i, e["payload"]["signed"]["key"]) for i, e in enumerate(events) if "signed" in e["payload"]]
    if not signed:
        return "unsigned"
    trusted = trusted_keys()
    keys = list(dict.fromkeys(key for _, key in signed))
    names = ", ".join(fingerprint(k) + ("" if k in trusted else " (an unknown key: not in trusted-keys)") for k in keys)
    last = signed[-1][0]
    after = len(events) - 1 - last
    if not after:
        return f"signed by {names}"
    return (
        f"signed by {names} up to line {last + 1}; the {after} event{'s' * (after > 1)} after it "
        f"{'are' if after > 1 else 'is'} not signed (a session still going, or a log cut and played on)"
    )


def verify_lines(paths: Iterable[Path | str]) -> tuple[list[str], int]:
    """For ``tabletop verify LOG|FOLDER...``: one line per log and the exit code (0 if every log is OK, else 1).

    A folder stands for the ``*.jsonl`` files in it and below, as for ``tabletop stats``; a folder with none
    is one line and counts as a failure (nothing was verified).
    """
    from .stats import log_paths

    lines, code = [], 0
    for given in paths:
        found = log_paths([given])
        if not found:
            lines.append(f"{given}: no session logs (*.jsonl) in this folder")
            code = 1
        for path in found:
            result, events = _verify_log(path)
            line = result.line()
            if result.ok:
                line = line[:-1] + f"; {signature_line(events)})"
            lines.append(line)
            code = code if result.ok else 1
    return lines, code


__all__ = ["verify_lines", "verify_log"]
