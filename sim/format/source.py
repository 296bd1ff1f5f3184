"""Reading a scenario file: bytes to plain Python data, every value with its place.

Safe by construction: we build values straight from the YAML event stream
(libyaml's C parser where present), so no constructor ever runs, no tag other
than the standard scalar and collection ones is accepted, and aliases are
counted against a budget before anything is expanded. Scalars follow the
YAML 1.2 core schema: only ``true``/``false`` are booleans (``no`` and ``sv``
stay strings), dates stay strings.

The result is the data, a :class:`Positions` index that answers "where is
the value (or key) at this path", and diagnostics for everything that went
wrong. Lines and columns are 1-based.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import codes
from .diagnostics import Diagnostic

if TYPE_CHECKING:  # imported where a text is parsed: reading a file's text (read_text) needs no YAML reader
    import yaml

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000  # values after alias expansion
MAX_ALIASES = 1_000

Pos = tuple[int, int]
PathT = tuple[Any, ...]


@cache
def _parser() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
_CONSTANTS = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    "!",
    _STD + "str",
    _STD + "int",
    _STD + "float",
    _STD + "bool",
    _STD + "null",
    _STD + "map",
    _STD + "seq",
}


_HINTS = (  # libyaml's words -> what an author can do about it
    ("mapping values are not allowed", " (a text with ': ' in it must be in quotes)"),
    (
        "could not find expected ':'",
        " (a key needs a colon and a space, 'key: value'; check this line and the one before)",
    ),
    (
        "did not find expected '-' indicator",
        " (check the indentation: items of a list start with '- ' at the same column)",
    ),
    ("did not find expected key", " (check the indentation of this line against the lines above)"),
    ("found character '\\t'", " (indent with spaces, not tabs)"),
    ("found a tab character", " (indent with spaces, not tabs)"),
    ("found undefined alias", " (an '*' at the start of a text makes it an alias: put the text in quotes)"),
    ("while scanning an alias", " (an '*' at the start of a text makes it an alias: put the text in quotes)"),
    ("found character '@'", " (a text starting with '@' or '`' must be in quotes)"),
)


_CLOSE = {"[": "]", "{": "}"}


def _unclosed(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """'[' or '{' when the error is a flow sequence or mapping that is never closed, else None (a missing comma
    inside a closed one is reported where the parser stopped)."""
    context, problem, mark = exc.context or "", exc.problem or "", exc.context_mark
    if mark is None or "did not find expected" not in problem:
        return None
    opening = "[" if context.startswith("while parsing a flow sequence") else "{"
    if not context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")):
        return None
    lines = text.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: mark.line]) + mark.column
    return None if _closes(text, start) else opening


def _closes(text: str, start: int) -> bool:
    """Whether the bracket or brace at ``start`` is closed later in ``text`` (quotes and comments skipped)."""
    depth, i, n = 0, start, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            end = text.find(c, i + 1)
            if end == -1:
                return False
            i = end
        elif c == "#" and (i == 0 or text[i - 1] in " \t\n"):
            end = text.find("\n", i)
            i = n if end == -1 else end
        elif c in "[{":
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth == 0:
                return True
        i += 1
    return False


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


class _Fatal(Exception):
    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic


@dataclass(slots=True)
class _Container:
    pos: Pos
    keys: dict[Any, tuple[Pos, Pos]] | None = None  # mapping: key -> (key pos, value pos)
    items: list[Pos] | None = None  # sequence: item positions


@dataclass
class Positions:
    """Where each value of a parsed document stands in its file."""

    root: Any = None
    containers: dict[int, _Container] = field(default_factory=dict)
    root_pos: Pos | None = None
    text: str | None = None  # the document, for :meth:`inner`
    styles: dict[Pos, str] = field(
        default_factory=dict
    )  # a string scalar's position -> its style ("", "'", '"', "|", ">")
    _line_starts: list[int] | None = None

    def _walk(self, path: PathT):
        """Yield (container, key) for each step of ``path``."""
        value = self.root
        for key in path:
            info = self.containers.get(id(value))
            if info is None:
                return
            yield info, key
            try:
                value = value[key]
            except (KeyError, IndexError, TypeError):
                return

    def of(self, path: PathT) -> Pos | None:
        """The position of the value at ``path`` or, failing that, of its nearest parent."""
        best = self.containers[id(self.root)].pos if id(self.root) in self.containers else self.root_pos
        for info, key in self._walk(path):
            if info.keys is not None and key in info.keys:
                best = info.keys[key][1]
            elif info.items is not None and isinstance(key, int) and 0 <= key < len(info.items):
                best = info.items[key]
            else:
                return best if best else info.pos
        return best

    def inner(self, path: PathT, value: str, offset: int) -> Pos | None:
        """The position of ``value[offset]`` inside the file, where ``value`` is the string scalar at ``path``:
        plain, quoted and block scalars alike (folded lines, indentation, escapes and doubled quotes are
        undone). The position of the value itself where that cannot be worked out."""
        start = self.of(path)
        found = None if start is None or self.text is None else self._inner(start, value, offset)
        return found or start

    def _inner(self, start: Pos, value: str, offset: int) -> Pos | None:
        style = self.styles.get(start)
        if style is None or not 0 <= offset < len(value) or value[offset].isspace():
            return None
        text = self.text
        if text is None:
            return None
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
        line, col = start
        if line - 1 >= len(self._line_starts):
            return None
        i = self._line_starts[line - 1] + col - 1
        if style in ("|", ">"):
            br = _LINE_BREAK.search(text, i)  # the header line ("|-", ">2 # comment") holds no content
            if br is None:
                return None
            i = br.end()
        elif style in ("'", '"'):
            i += 1
        # the non-space characters of the value, in order, as they stand in the source
        wanted = sum(1 for ch in value[:offset] if not ch.isspace())
        seen = 0
        for at, ch in _source_chars(text, i, style):
            if ch.isspace():
                continue
            if seen < wanted:
                if ch != value[_nth_non_space(value, seen)]:
                    return None  # not the value we were given: say where the value starts instead
                seen += 1
                continue
            if ch != value[offset]:
                return None
            line = bisect_right(self._line_starts, at)
            return line, at - self._line_starts[line - 1] + 1
        return None

    def key(self, path: PathT) -> Pos | None:
        """The position of the last key of ``path`` (of the value if it has no key)."""
        if not path:
            return self.of(path)
        parent = self.of(path[:-1])
        for info, key in self._walk(path):
            if info.keys is not None and key in info.keys:
                parent = info.keys[key][0]
            elif info.items is not None and isinstance(key, int) and 0 <= key < len(info.items):
                parent = info.items[key]
            else:
                break
        return parent


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028",
    "P": "\u2029",
}  # fmt: skip
_HEX = {"x": 2, "u": 4, "U": 8}


def _nth_non_space(value: str, n: int) -> int:
    for i, ch in enumerate(value):
        if not ch.isspace():
            if n == 0:
                return i
            n -= 1
    return -1


def _source_chars(text: str, i: int, style: str):
    """(index in ``text``, character of the value) from ``i`` on, for a scalar of ``style``: a doubled quote
    is one quote, an escape is the character it stands for, an escaped line break is nothing."""
    n = len(text)
    while i < n:
        ch = text[i]
        if style == "'" and ch == "'":
            if text.startswith("''", i):
                yield i, "'"
                i += 2
                continue
            return
        if style == '"':
            if ch == '"':
                return
            if ch == "\\" and i + 1 < n:
                nxt = text[i + 1]
                if nxt in _HEX:
                    digits = text[i + 2 : i + 2 + _HEX[nxt]]
                    try:
                        yield i, chr(int(digits, 16))
                    except ValueError:
                        return
                    i += 2 + _HEX[nxt]
                    continue
                if nxt in "\r\n":
                    i += 2  # an escaped line break: the line goes on
                    continue
                if nxt not in _ESCAPES:
                    return
                yield i, _ESCAPES[nxt]
                i += 2
                continue
        yield i, ch
        i += 1


@dataclass
class Parsed:
    data: Any
    positions: Positions
    diagnostics: list[Diagnostic]


def read_text(path: Path, file: str | None = None) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or a diagnostic saying why it cannot be read."""
    name = file or str(path)
    try:
        if path.is_dir():
            return None, [codes.make("Y103", name, None, detail="it is a directory, not a file")]
        if path.exists() and not path.is_file():
            return None, [codes.make("Y103", name, None, detail="not a regular file (a pipe or a device?)")]
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [codes.make("Y105", name, None, size=size, limit=MAX_BYTES)]
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return None, [codes.make("Y103", name, None, detail="no such file")]
    except PermissionError:
        return None, [codes.make("Y103", name, None, detail="permission denied")]
    except OSError as exc:
        return None, [codes.make("Y103", name, None, detail=exc.strerror or str(exc))]
    if len(raw) > MAX_BYTES:
        return None, [codes.make("Y105", name, None, size=len(raw), limit=MAX_BYTES)]
    return decode(raw, name)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 text from ``raw`` (a BOM is allowed), or a diagnostic at the first bad byte."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [codes.make("Y104", file, (1, 1), detail="the file is UTF-32; save it as UTF-8")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw[:512]):
        return None, [codes.make("Y104", file, (1, 1), detail="the file is UTF-16; save it as UTF-8")]
    if b"\x00" in raw[:8192]:
        return None, [codes.make("Y104", file, (1, 1), detail="this is a binary file, not a YAML text file")]
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        return None, [
            codes.make(
                "Y104",
                file,
                (line, col),
                detail=f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        ]


def _looks_utf16(head: bytes) -> bool:
    """Text in UTF-16 without a byte order mark: every other byte is zero."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > len(even) * 0.6 or odd.count(0) > len(odd) * 0.6


def _scalar(event: yaml.ScalarEvent, file: str) -> Any:
    value = event.value
    tag = event.tag
    if tag is not None and tag not in _ALLOWED_TAGS:
        raise _Fatal(codes.make("Y108", file, _pos(event), tag=tag))
    if tag is None and event.implicit[0] and not event.style:
        if value in _CONSTANTS:
            return _CONSTANTS[value]
        first = value[0]
        if first.isdigit() or first in "+-.":
            if _INT.match(value):
                digits = value.lstrip("+-")
                # 0701740642 or class 09 are text: a leading zero would be lost as a number
                return value if len(digits) > 1 and digits[0] == "0" else int(value)
            if _INT_OTHER.match(value):
                return int(value, 0)
            if _FLOAT.match(value):
                return float(value)
            if value in _SPECIAL_FLOAT:
                return _SPECIAL_FLOAT[value]
        return value
    if tag is None or tag in ("!", _STD + "str"):
        return value
    try:
        if tag == _STD + "int":
            return int(value, 0)
        if tag == _STD + "float":
            return float(value)
        if tag == _STD + "bool":
            return {"true": True, "false": False}[value.lower()]
        if tag == _STD + "null":
            return None
    except (ValueError, KeyError):
        detail = f"{value!r} is not a valid {tag}"
        raise _Fatal(codes.make("F202", file, _pos(event), field=tag, detail=detail)) from None
    raise _Fatal(codes.make("Y108", file, _pos(event), tag=tag))


def _pos(event) -> Pos:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def parse(text: str, file: str) -> Parsed:
    """Parse one YAML document into plain data with positions. Never raises."""
    import yaml

    positions = Positions()
    diagnostics: list[Diagnostic] = []
    try:
        data = _build(text, file, positions, diagnostics)
    except _Fatal as fatal:
        return Parsed(None, positions, diagnostics + [fatal.diagnostic])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark  # an unclosed quote or bracket: point where it opened
        unclosed = _unclosed(exc, text)
        if unclosed:
            mark = exc.context_mark  # the bracket or brace that is never closed: where it opens, not where it ends
        pos = (mark.line + 1, mark.column + 1) if mark else None
        if "nesting depth" in (exc.problem or ""):  # newer libyaml refuses deep nesting itself
            return Parsed(None, positions, diagnostics + [codes.make("Y109", file, pos, limit=MAX_DEPTH)])
        detail = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if unclosed:
            detail = codes.Phrase(
                f"the '{unclosed}' opened here is never closed (expected ',' or '{_CLOSE[unclosed]}')",
                f"'{unclosed}' som öppnas här stängs aldrig (väntade ',' eller '{_CLOSE[unclosed]}')",
            )
        hint = next((h for needle, h in _HINTS if needle in detail), "")
        if not hint and mark is not None and "\t" in _line(text, mark.line):
            hint = " (this line has a tab: indent with spaces, not tabs)"
        if isinstance(detail, codes.Phrase):
            detail = codes.Phrase(detail + hint, detail.sv + hint)
        else:
            detail += hint
        return Parsed(None, positions, diagnostics + [codes.make("Y101", file, pos, detail=detail)])
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        pos = None
        position = getattr(exc, "position", None)
        if position is not None:
            if _parser() is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text
                position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
            before = text[:position]
            pos = (before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1)
        detail = getattr(exc, "reason", None) or str(exc).splitlines()[0]
        return Parsed(None, positions, diagnostics + [codes.make("Y101", file, pos, detail=detail)])
    positions.root = data
    positions.text = text
    return Parsed(data, positions, diagnostics)


def _build(text: str, file: str, positions: Positions, diagnostics: list[Diagnostic]) -> Any:
    import yaml

    anchors: dict[str, tuple[Any, int]] = {}
    # each frame: [container, info, weight, pending key, pending key pos, anchor, depth-check]
    stack: list[list] = []
    root: Any = None
    documents = 0
    total_weight = 0
    aliases = 0
    containers = positions.containers

    def attach(value: Any, pos: Pos, weight: int) -> None:
        nonlocal root
        if not stack:
            root = value
            positions.root_pos = pos
            return
        frame = stack[-1]
        frame[2] += weight
        container, info = frame[0], frame[1]
        if info.items is not None:
            container.append(value)
            info.items.append(pos)
            return
        if frame[3] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Fatal(codes.make("F202", file, pos, field="key", detail="a mapping key must be a plain value"))
            frame[3], frame[4] = value, pos
            return
        key, key_pos = frame[3], frame[4]
        frame[3] = _NO_KEY
        if key in info.keys:
            first = info.keys[key][0][0]
            diagnostics.append(codes.make("Y102", file, key_pos, key=key, first=first))
            return
        container[key] = value
        info.keys[key] = (key_pos, pos)

    event: Any  # a yaml event, its class told apart by identity below
    container: dict[Any, Any] | list[Any]
    for event in yaml.parse(text, Loader=_parser()):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = _scalar(event, file)
            if event.anchor:
                anchors[event.anchor] = (value, 1)
            total_weight += 1
            pos = _pos(event)
            if isinstance(value, str):
                positions.styles[pos] = event.style or ""
            attach(value, pos, 1)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                raise _Fatal(codes.make("Y108", file, _pos(event), tag=event.tag))
            if len(stack) >= MAX_DEPTH:
                raise _Fatal(codes.make("Y109", file, _pos(event), limit=MAX_DEPTH))
            pos = _pos(event)
            if kind is yaml.MappingStartEvent:
                container, info = {}, _Container(pos, keys={})
            else:
                container, info = [], _Container(pos, items=[])
            containers[id(container)] = info
            stack.append([container, info, 1, _NO_KEY, None, event.anchor, pos])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container, info, weight, _, _, anchor, pos = stack.pop()
            total_weight += 1
            if anchor:
                anchors[anchor] = (container, weight)
            attach(container, pos, weight)
        elif kind is yaml.AliasEvent:
            aliases += 1
            if aliases > MAX_ALIASES:
                raise _Fatal(
                    codes.make(
                        "Y106", file, _pos(event), detail=f"more than {MAX_ALIASES} aliases; write the values out"
                    )
                )
            if event.anchor not in anchors:
                if any(frame[5] == event.anchor for frame in stack):
                    detail = f"alias '*{event.anchor}' refers to itself"
                else:
                    detail = f"alias '*{event.anchor}' has no anchor"
                raise _Fatal(codes.make("Y106", file, _pos(event), detail=detail))
            value, weight = anchors[event.anchor]
            total_weight += weight
            if total_weight > MAX_NODES:
                raise _Fatal(
                    codes.make(
                        "Y106",
                        file,
                        _pos(event),
                        detail=f"aliases expand to more than {MAX_NODES} values (an alias bomb?)",
                    )
                )
            attach(value, _pos(event), weight)
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fatal(
                    codes.make(
                        "Y107", file, _pos(event), detail="more than one YAML document ('---'); one scenario per file"
                    )
                )
        if total_weight > MAX_NODES:
            raise _Fatal(codes.make("Y106", file, None, detail=f"more than {MAX_NODES} values"))
    return root


_NO_KEY = object()


def parse_file(path: Path, file: str | None = None) -> tuple[str | None, Parsed]:
    """Read and parse ``path``; the text (None if unreadable) and the parse."""
    text, problems = read_text(path, file)
    if text is None:
        return None, Parsed(None, Positions(), problems)
    return text, parse(text, file or str(path))
