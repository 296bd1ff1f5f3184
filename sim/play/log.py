"""The session log: append-only, hash-chained JSON Lines that are written, flushed and fsync'd event by event.

This is the storage layer only. It knows one event type, the first (``start``),
because that event carries the scenario the session was played with; what the
other events mean is the session's business.

Format (version 1). UTF-8, one event a line, each line ended by ``\\n``::

    {"payload":{...},"prev":"<64 hex>","seq":N,"time":"2026-11-24T19:42:58.123456Z","type":"…","v":1,"hash":"<64 hex>"}

- ``seq`` starts at 0 and goes up by one; ``prev`` is the previous line's
  ``hash``, and 64 zeros for seq 0.
- ``hash`` is the SHA-256 hex of the event's canonical JSON without the
  ``hash`` key: ``json.dumps(event, sort_keys=True, separators=(",", ":"),
  ensure_ascii=False)`` encoded as UTF-8.
- The first event has type ``start`` and its payload holds ``"scenario":
  {"source": <the whole YAML text>, "sha256": <hex of the source>, "id":
  ..., "file": ...}``, so a log replays after the scenario file changed or
  disappeared. Verification checks the source against its sha256.

Why the hash comes last on the line: the writer lays each line out as the
canonical JSON with ``,"hash":"<hex>"`` spliced in before the closing brace.
The first ``len(line) - 75`` bytes of the line plus ``}`` are then exactly the
hashed text, so a reader checks a line by hashing its own bytes instead of
re-serialising the parsed object (measured on 10,000 events: re-dumping makes
reading 1.9x plain ``json.loads``; hashing the bytes makes it about 1.2x; see
tests/bench/bench_replay_read.py). A line laid out any other way, for example
re-indented by an editor, falls back to the canonical re-dump, so the
definition above stays the only definition.

What is detected, naming the 1-based line: a line edited (its hash no longer
matches its content), events removed (the chain and ``seq`` jump), lines
reordered or duplicated, an embedded scenario edited, a last line torn by a
crash while writing, and a file that is no log at all. What cannot be
detected: a log cut exactly at a line boundary looks like a live log that
stopped there (the session layer knows whether an ``end`` event was
written), and anyone willing to recompute every hash after the change they
made. The chain is tamper evidence against edits, not a signature: :mod:`sim.play.signing`
adds who wrote a log, and :mod:`sim.review.verify` checks both.

The only change ever made to an existing file is cutting off an incomplete
last line when a session resumes (:meth:`LogWriter.open_for_append`); the
:class:`Recovery` it returns says what was dropped. Nothing else is rewritten,
and every other problem raises :class:`LogError` and changes nothing.
Nothing here prints.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

try:  # advisory locking: one writer per log; absent on Windows, where the check is simply skipped
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

FORMAT_VERSION = 1
ZERO_HASH = "0" * 64
START = "start"
KEYS = frozenset(("v", "seq", "time", "type", "payload", "prev", "hash"))

_HASH_TAIL = len(',"hash":"') + 64 + len('"}')  # 75 bytes: the part of a line that is not hashed
_FIRST_BYTES = b'{"payload":'  # every line this writer makes begins so: sorted keys
_PREVIEW = 80
_BOM = b"\xef\xbb\xbf"


def log_time(moment: datetime) -> str:
    """A moment as a log writes it: UTC, to the microsecond, with a ``Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_time(event: Mapping[str, Any]) -> datetime:
    """When an event was written, as a timezone-aware datetime (:func:`log_time` read back)."""
    return datetime.fromisoformat(event["time"].replace("Z", "+00:00"))


def _canonical(event: dict) -> str:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def event_hash(event: dict) -> str:
    """The SHA-256 hex of ``event`` without its ``hash`` key, by the definition (the slow way)."""
    body = {k: v for k, v in event.items() if k != "hash"}
    return hashlib.sha256(_canonical(body).encode("utf-8")).hexdigest()


def scenario_block(source: str, scenario_id: str, file: str) -> dict:
    """The ``scenario`` entry of a start event's payload for a scenario's YAML source."""
    return {
        "source": source,
        "sha256": hashlib.sha256(source.encode("utf-8")).hexdigest(),
        "id": scenario_id,
        "file": file,
    }


# -- problems ------------------------------------------------------------------------------------------------------


class LogError(Exception):
    """A log that cannot be read, verified or resumed. ``str()`` is one line: ``path:line: reason: explanation``.

    ``reason`` is one of: ``edited``, ``removed``, ``reordered``, ``duplicated``,
    ``scenario-edited``, ``torn`` (the last line is incomplete: the file was
    truncated mid-line, usually by a crash while writing), ``not-a-log``,
    ``unsupported`` (a newer format version), ``bom`` (an editor added a byte-order mark),
    ``io``, ``exists``, ``in-use``; and, from
    the session layer, ``interrupted`` (a write failed and closed the log) and ``changed`` (the
    log on disk no longer ends where the session left it); from ``verify``, ``refused`` (the
    reducer refuses an event) and ``forged`` (a signature does not match).
    ``line`` is 1-based, or None when the problem is the file as a whole.
    """

    def __init__(self, path: Path | str, line: int | None, reason: str, explanation: str):
        self.path = str(path)
        self.line = line
        self.reason = reason
        self.explanation = explanation
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}: {self.explanation}"


@dataclass(frozen=True, slots=True)
class Recovery:
    """What was dropped from a torn last line: its size, the start of its text, its 1-based line number."""

    dropped_bytes: int
    dropped_text_preview: str
    line: int
    path: str = ""

    def describe(self) -> str:
        """One line for the tool to show."""
        return (
            f"{self.path}:{self.line}: recovered: kept the {self.line - 1} complete events and dropped the "
            f"incomplete last line ({self.dropped_bytes} bytes): {self.dropped_text_preview}"
        )


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome of :func:`verify`: ``events`` counts the events that verified (before the problem, if any)."""

    path: str
    events: int
    problem: LogError | None = None
    ended: bool = False  # the last event is an "end": a log cut at a line boundary shows as not ended

    @property
    def ok(self) -> bool:
        return self.problem is None

    def line(self) -> str:
        if not self.ok:
            return str(self.problem)
        count = f"{self.events} event{'s' if self.events != 1 else ''}"
        return f"{self.path}: OK ({count}, {'ended' if self.ended else 'not ended: unfinished, or cut short'})"


# -- reading -------------------------------------------------------------------------------------------------------


def read_log(path: Path | str, *, allow_torn: bool = False) -> tuple[list[dict], Recovery | None]:
    """Read and verify a log; return its events and, with ``allow_torn``, what a torn last line would lose.

    Raises :class:`LogError` on any problem. Never changes the file. A torn last
    line raises with reason ``torn`` unless ``allow_torn`` is set; then the
    complete events before it are returned with a :class:`Recovery`.
    """
    events, recovery, _ = _read(path, _load(path), allow_torn=allow_torn)
    return events, recovery


def verify(path: Path | str) -> VerifyResult:
    """Check a log's chain, sequence and embedded scenario; never raises for bad content."""
    return verify_read(path)[0]


def verify_read(path: Path | str) -> tuple[VerifyResult, list[dict]]:
    """:func:`verify`, and the events it read (none when the log does not verify), so that a caller that goes on
    to fold or inspect them does not read the file again."""
    try:
        data = _load(path)
    except LogError as problem:
        return VerifyResult(str(path), 0, problem), []
    counted: list[int] = [0]
    try:
        events, _, _ = _read(path, data, allow_torn=False, counted=counted)
    except LogError as problem:
        return VerifyResult(str(path), counted[0], problem), []
    return VerifyResult(str(path), len(events), ended=bool(events) and events[-1].get("type") == "end"), events


def _open(path: Path | str, flags: int, failing: str) -> int:
    """``os.open`` with every failure as a one-line LogError."""
    try:
        return os.open(path, flags | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise LogError(path, None, "not-a-log", "this is a directory, not a log file") from None
    except FileNotFoundError:
        raise LogError(path, None, "io", "no such file") from None
    except OSError as exc:
        raise LogError(path, None, "io", f"{failing}: {exc.strerror or exc}") from None


def _load(path: Path | str) -> bytes:
    """The file's bytes; a directory, a device or an unreadable file is a LogError."""
    fd = _open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0), "cannot open")
    try:
        return _read_fd(path, fd)
    finally:
        os.close(fd)


def _read_fd(path: Path | str, fd: int) -> bytes:
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise LogError(path, None, "not-a-log", "this is a directory, not a log file")
        if not stat.S_ISREG(mode):
            raise LogError(path, None, "not-a-log", "not a regular file")
        first = os.read(fd, 1 << 16)
        if first and not first.startswith(b"{"):  # do not read a large foreign file whole
            return first
        chunks = [first]
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise LogError(path, None, "io", f"cannot read: {exc.strerror or exc}") from None


def _read(
    path: Path | str, data: bytes, *, allow_torn: bool, counted: list[int] | None = None
) -> tuple[list[dict], Recovery | None, int]:
    """Verify ``data``; return the events, a Recovery for a torn last line, and the length of the complete part."""
    if not data:
        raise LogError(path, None, "not-a-log", "the file is empty")
    if data.startswith(_BOM):
        raise LogError(
            path,
            1,
            "bom",
            "the file begins with a byte-order mark (BOM): tabletop never writes one, so "
            "an editor saved the log after it was written (as 'UTF-8 with BOM')",
        )
    end = data.rfind(b"\n") + 1  # the complete part: everything up to the last newline
    lines = data[:end].split(b"\n")
    lines.pop()  # the empty string after the last newline
    if not lines and not data.startswith(_FIRST_BYTES):
        _check_first(path, data, None)  # raises: one unterminated line that is not even the start of an event
    events: list[dict] = []
    loads, sha256 = json.loads, hashlib.sha256
    prev_hash, expect = ZERO_HASH, 0
    for index, raw in enumerate(lines):
        try:
            event = loads(raw)
            digest = event["hash"]  # a list or a string here raises TypeError: the line is a JSON object
            # exactly the seven keys (all looked up here), a chain that holds, and the hash: the fast check hashes
            # the line's own bytes; a line laid out otherwise is re-dumped (see the module docstring)
            if (
                len(event) != 7
                or event["prev"] != prev_hash
                or event["seq"] != expect
                or type(event["seq"]) is not int
                or event["v"] != FORMAT_VERSION
                or type(event["payload"]) is not dict
                or type(event["type"]) is not str
                or type(event["time"]) is not str
                or (sha256(raw[:-_HASH_TAIL] + b"}").hexdigest() != digest and event_hash(event) != digest)
            ):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            if counted is not None:
                counted[0] = index
            _diagnose(path, lines, index, prev_hash, expect)
            raise AssertionError("unreachable: _diagnose raises") from None
        if index == 0:
            _check_first(path, raw, event)
        prev_hash, expect = digest, expect + 1
        events.append(event)
    if counted is not None:
        counted[0] = len(events)
    if end == len(data):
        return events, None, end
    torn = data[end:]
    line = len(lines) + 1
    if not events:
        raise LogError(
            path,
            line,
            "torn",
            f"the log was cut off while its first event was being written "
            f"({len(torn)} bytes, no complete event): nothing to replay or resume",
        )
    recovery = Recovery(len(torn), _preview(torn), line, str(path))
    if not allow_torn:
        raise LogError(
            path,
            line,
            "torn",
            f"the last line is incomplete ({len(torn)} bytes with no newline): "
            f"the file was truncated mid-line, usually by a crash while writing; "
            f"resuming keeps the {len(events)} complete events and drops it",
        )
    return events, recovery, end


def _check_first(path: Path | str, raw: bytes, event: dict | None) -> None:
    """The first line must be a start event embedding a scenario whose source matches its sha256."""
    if event is None:
        if b"\0" in raw[:4096] or _not_utf8(raw[:4096]):
            raise LogError(path, 1, "not-a-log", "binary data, not a JSON Lines log")
        try:
            json.loads(raw)
        except (ValueError, RecursionError):
            raise LogError(path, 1, "not-a-log", "the first line is not JSON") from None
        raise LogError(path, 1, "not-a-log", "the first line is JSON but not a tabletop event")
    if event["type"] != START:
        raise LogError(path, 1, "not-a-log", f"the first event is {event['type']!r}, not a session start")
    scenario = event["payload"].get("scenario")
    if (
        not isinstance(scenario, dict)
        or not isinstance(scenario.get("source"), str)
        or not isinstance(scenario.get("sha256"), str)
    ):
        raise LogError(path, 1, "not-a-log", "the start event does not embed the scenario source and its sha256")
    if hashlib.sha256(scenario["source"].encode("utf-8")).hexdigest() != scenario["sha256"]:
        raise LogError(
            path,
            1,
            "scenario-edited",
            "the embedded scenario source does not match its sha256: it was changed after it was logged",
        )


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(raw) - 4  # a multi-byte character cut by the 4096-byte window is fine
    return False


def _parse(raw: bytes) -> dict | None:
    """The event on a line if it is shaped like one, else None (the slow path of diagnosis)."""
    try:
        event = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if type(event) is not dict or event.keys() != KEYS:
        return None
    if type(event["seq"]) is not int or type(event["prev"]) is not str or type(event["hash"]) is not str:
        return None
    if type(event["payload"]) is not dict or type(event["type"]) is not str:
        return None
    return event


def _diagnose(path: Path | str, lines: list[bytes], index: int, prev_hash: str, expect: int) -> None:
    """Raise the LogError that says what is wrong with complete line ``index`` (0-based), the first bad one."""
    n = index + 1
    event = _parse(lines[index])
    if event is None:
        if index == 0:
            _check_first(path, lines[0], None)
        raise LogError(path, n, "edited", "this line is not a well-formed event (not JSON, or fields missing)")
    if event_hash(event) != event["hash"]:
        if index == 0:
            try:  # an edited scenario source says more than "the line was edited"
                _check_first(path, lines[0], event)
            except LogError as exc:
                if exc.reason == "scenario-edited":
                    raise
        raise LogError(path, n, "edited", "the content does not match its hash: this line was changed")
    if event["v"] != FORMAT_VERSION:
        if type(event["v"]) is int and event["v"] > FORMAT_VERSION:
            raise LogError(
                path,
                n,
                "unsupported",
                f"format version {event['v']}: written by a newer tabletop (this one reads {FORMAT_VERSION})",
            )
        raise LogError(path, n, "not-a-log", f"unknown format version {event['v']!r}")
    seq, prev = event["seq"], event["prev"]
    if index == 0:
        if seq != 0:
            what = "its first event (the start) was" if seq == 1 else f"its first {seq} events were"
            raise LogError(path, n, "removed", f"the log begins at seq {seq}: {what} removed")
        raise LogError(path, n, "edited", "the first event does not start the chain (its prev is not 64 zeros)")
    if prev == prev_hash:
        raise LogError(path, n, "edited", f"seq is {seq} where {expect} was expected, though the chain holds")
    if seq == expect:
        raise LogError(
            path,
            n,
            "edited",
            f"this event does not follow line {index} (its prev does not match): "
            f"one of the two lines was replaced, perhaps by a line from another log",
        )
    others = [_parse(raw) for raw in lines]
    by_hash: dict[str, int] = {}
    for i, e in enumerate(others):
        if e is not None:
            by_hash.setdefault(e["hash"], i + 1)
    if by_hash.get(event["hash"], n) < n:
        raise LogError(path, n, "duplicated", f"this line repeats line {by_hash[event['hash']]}")
    if seq > expect:
        later = next((i + 1 for i, e in enumerate(others) if i > index and e is not None and e["seq"] == expect), None)
        if later is not None or prev in by_hash:
            where = f" (seq {expect} is at line {later})" if later else ""
            raise LogError(path, n, "reordered", f"seq {seq} comes before seq {expect}{where}: lines are out of order")
        missing = seq - expect
        what = f"seq {expect}" if missing == 1 else f"seq {expect} to {seq - 1}"
        raise LogError(
            path,
            n,
            "removed",
            f"{missing} event{'s' * (missing > 1)} ({what}) missing between line {index} and this line",
        )
    raise LogError(
        path, n, "reordered", f"seq {seq} comes after seq {expect - 1} (line {index}): lines are out of order"
    )


def _preview(raw: bytes) -> str:
    """The start of some bytes as one printable line: control characters escaped, cut at 80 characters."""
    text = raw[: _PREVIEW * 4].decode("utf-8", errors="replace")
    short = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:_PREVIEW])
    return short + ("…" if len(text) > _PREVIEW else "")


# -- writing -------------------------------------------------------------------------------------------------------


def _utc_now() -> datetime:
    return datetime.now(UTC)


class LogWriter:
    """Appends events to one log, each written, flushed and fsync'd before :meth:`append` returns.

    Make one with :meth:`create` (a new log, its start event written) or
    :meth:`open_for_append` (resume). One writer per log: the file is locked
    while it is open. Not thread-safe. A failed write closes the writer (see
    :meth:`append`).
    """

    def __init__(self, path: Path, fd: int, seq: int, last_hash: str, now: Callable[[], datetime]):
        self.path = path
        self._fd: int | None = fd
        self.seq = seq  # the seq the next event gets
        self.last_hash = last_hash
        self.last_event: dict | None = None  # the event the last append wrote, as a reader reads it
        self._now = now

    @classmethod
    def create(
        cls,
        path: Path | str,
        first_type: str,
        first_payload: Mapping[str, Any],
        *,
        now: Callable[[], datetime] = _utc_now,
        sign: Callable[[bytes], dict] | None = None,
    ) -> LogWriter:
        """Create a new log (never an existing file), readable by its owner only, and write its first event."""
        path = Path(path)
        if first_type != START:
            raise ValueError(f"the first event of a log must be {START!r}, not {first_type!r}")
        scenario = first_payload.get("scenario")
        if (
            not isinstance(scenario, dict)
            or not isinstance(scenario.get("source"), str)
            or scenario.get("sha256") != hashlib.sha256(scenario["source"].encode("utf-8")).hexdigest()
        ):
            raise ValueError("the start payload must embed 'scenario': scenario_block(source, id, file)")
        try:
            made_dir = not path.parent.exists()
            from ..private import make_private_dir

            make_private_dir(path.parent)
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        except FileExistsError:
            raise LogError(
                path, None, "exists", "a file of that name already exists; a log is never overwritten"
            ) from None
        except OSError as exc:
            raise LogError(path, None, "io", f"cannot create: {exc.strerror or exc}") from None
        writer = cls(path, fd, 0, ZERO_HASH, now)
        try:
            writer._lock()
            writer.append(first_type, first_payload, sign=sign)
            _fsync_dir(path.parent)
            if made_dir:
                _fsync_dir(path.parent.parent)
        except BaseException:
            # the file is ours (O_EXCL) and holds no complete event: leave nothing that cannot be resumed behind
            writer.close()
            with contextlib.suppress(OSError):
                path.unlink()
            raise
        return writer

    @classmethod
    def open_for_append(
        cls,
        path: Path | str,
        *,
        now: Callable[[], datetime] = _utc_now,
    ) -> tuple[LogWriter, list[dict], Recovery | None]:
        """Resume a log: verify it, cut off a torn last line if there is one, and return the writer and the events.

        The torn last line is the only thing ever removed from a log; any other
        problem raises :class:`LogError` and leaves the file as it was.
        """
        path = Path(path)
        fd = _open(path, os.O_RDWR | os.O_APPEND, "cannot open for writing")
        writer = cls(path, fd, 0, ZERO_HASH, now)
        try:
            writer._lock()
            events, recovery, end = _read(path, _read_fd(path, fd), allow_torn=True)
            if recovery is not None:
                try:
                    os.ftruncate(fd, end)
                    os.fsync(fd)
                except OSError as exc:
                    raise LogError(
                        path, recovery.line, "io", f"cannot cut off the torn last line: {exc.strerror or exc}"
                    ) from None
        except BaseException:
            writer.close()
            raise
        writer.seq, writer.last_hash = len(events), events[-1]["hash"]
        return writer, events, recovery

    def append(self, type: str, payload: Mapping[str, Any], *, sign: Callable[[bytes], dict] | None = None) -> dict:
        """Write one event, flush and fsync it; return it exactly as :func:`read_log` will read it back.

        With ``sign``, the payload gets a ``signed`` entry: ``sign`` applied to the event's canonical JSON
        before the entry and the hash are added (see :mod:`sim.play.signing`).
        """
        if self._fd is None:
            raise ValueError("the log is closed")
        if not isinstance(type, str) or not type or not isinstance(payload, dict):
            raise TypeError("an event needs a type (non-empty str) and a payload (dict)")
        moment = self._now()
        if moment.tzinfo is None:
            raise ValueError("the clock must give timezone-aware datetimes")
        event = {
            "v": FORMAT_VERSION,
            "seq": self.seq,
            "time": log_time(moment),
            "type": type,
            "payload": payload,
            "prev": self.last_hash,
        }
        try:
            body = _canonical(event).encode("utf-8")
            if sign is not None:
                event["payload"] = {**payload, "signed": sign(body)}
                body = _canonical(event).encode("utf-8")
        except (TypeError, ValueError, UnicodeEncodeError) as exc:  # not JSON, NaN, a lone surrogate
            raise ValueError(f"the payload cannot be logged: {exc}") from None
        digest = hashlib.sha256(body).hexdigest()
        line = body[:-1] + b',"hash":"' + digest.encode() + b'"}\n'
        try:
            self._write(line)
        except OSError as exc:
            # the line may be half on disk: appending after it would bury a torn line mid-log, so stop here;
            # open_for_append recovers the log up to the last complete event
            self.close()
            raise LogError(
                self.path,
                self.seq + 1,
                "io",
                f"cannot write (the log is closed; resume it to go on): {exc.strerror or exc}",
            ) from None
        self.seq, self.last_hash = self.seq + 1, digest
        self.last_event = json.loads(line)
        return self.last_event

    def _write(self, line: bytes) -> None:
        """Put one whole line on disk: written and fsync'd (a subclass may keep it elsewhere)."""
        fd = self._fd
        assert fd is not None  # append checked it
        view = memoryview(line)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
        if os.fstat(fd).st_nlink == 0:  # written, but to a file nobody can open again: not saved
            raise OSError(errno.ENOENT, "the log file or its folder was removed while the session ran")

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)  # also releases the lock

    @property
    def closed(self) -> bool:
        return self._fd is None

    def __enter__(self) -> LogWriter:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _lock(self) -> None:
        if fcntl is None or self._fd is None:  # pragma: no cover
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise LogError(self.path, None, "in-use", "another tabletop is writing this log") from None


def _fsync_dir(folder: Path) -> None:
    """Make a new directory entry durable (POSIX); where directories cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- where logs go -------------------------------------------------------------------------------------------------


def default_log_dir() -> Path:
    """``TABLETOP_LOG_DIR`` if set, else the user's data directory (platformdirs) / ``logs``."""
    configured = os.environ.get("TABLETOP_LOG_DIR")
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_data_path("tabletop", appauthor=False) / "logs"


def new_log_path(log_dir: Path | str, scenario_id: str, now: datetime) -> Path:
    """A fresh file name such as ``<dir>/2026-11-24T194258Z-<scenario_id>.jsonl``, with ``-2``, ``-3`` … if taken.

    :meth:`LogWriter.create` still refuses an existing file, so two sessions
    that race for the same name cannot share a log.
    """
    folder = Path(log_dir)
    stamp = (now.astimezone(UTC) if now.tzinfo else now).strftime("%Y-%m-%dT%H%M%SZ")
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", scenario_id).strip(".-") or "session"
    candidate = folder / f"{stamp}-{name}.jsonl"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stamp}-{name}-{counter}.jsonl"
        counter += 1
    return candidate
