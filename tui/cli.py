"""The ``tabletop`` command line: one entry point, a subcommand per job.

Every command exits 0 when all is well, 1 when the input has problems, 2 on a
usage error, and says why in one line; never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from pathlib import Path

from tabletop.sim import __version__

from .settings import for_group, user_language

MAX_LINES_PER_FILE = 200


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tabletop", description="Tabletop case exercises for coordination teams against violent extremism."
    )
    parser.add_argument("--version", action="version", version=f"tabletop {__version__}")
    parser.add_argument(
        "--scenarios",
        action="append",
        metavar="DIR",
        default=[],
        help="a folder of your own cases (also TABLETOP_SCENARIOS); may be repeated",
    )
    parser.add_argument(
        "--log-dir", metavar="DIR", help="where session logs go (also TABLETOP_LOG_DIR; default: your data directory)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("run", help="open a case: setup, or the exercise at once when departments are given")
    p.add_argument("scenario", help="a scenario file, or the id of a known case")
    p.add_argument(
        "--departments",
        metavar="LIST",
        help="departments at the table with participant counts: skola=3,polis=1 (a count of 1 may be left out)",
    )
    p.add_argument("--lang", choices=("sv", "en"), help="language of the session (default: the case's first)")
    p.add_argument("--strict", action="store_true", help="refuse breaches instead of asking for confirmation")
    p.add_argument("--group", default="", help="the group's name (a team, never a person)")
    p.add_argument("--term", help="the term, like HT2026 or VT2027 (default: the current one)")

    p = sub.add_parser("follow", help="the audience view of a session, read-only, following its log live")
    p.add_argument(
        "log",
        nargs="?",
        metavar="LOG",
        help="a session's log, or a folder of logs: its newest "
        "unfinished session, then each one started later (default: the log folder)",
    )
    p.add_argument("--lang", choices=("sv", "en"))

    p = sub.add_parser("preview", help="the case as the room will see it, reloaded and re-validated on every save")
    p.add_argument("scenario", help="a scenario file")
    p.add_argument("--lang", choices=("sv", "en"))

    p = sub.add_parser("replay", help="step through a past session from its log, read-only, beside a timeline")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--lang", choices=("sv", "en"))

    p = sub.add_parser("resume", help="continue an unfinished session from its log")
    p.add_argument("log", metavar="LOG")

    p = sub.add_parser("validate", help="check scenario files and point at every problem")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the bundled cases)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--lang", choices=("sv", "en"), help="language of the messages (default: yours); codes stay the same"
    )

    p = sub.add_parser("guard", help="check text as a session would: the text as it would be saved, and every flag")
    p.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="a text file, or - for standard input (the default)"
    )
    p.add_argument("--case", metavar="CASE", help="a case (file or id) whose personas' details the guard knows")
    p.add_argument("--lang", choices=("sv", "en"), help="language of the placeholders and the rules (default: yours)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument(
        "--each-line",
        action="store_true",
        help="every line is its own text, as contributions in a session (their details add up)",
    )

    p = sub.add_parser("graph", help="draw a case's decision graph as DOT or Mermaid")
    p.add_argument("scenario", help="a scenario file, or the id of a known case")
    p.add_argument("--format", choices=("dot", "mermaid"), default="mermaid")
    p.add_argument("--lang", help="language of the labels (default: the case's first)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format (for editors)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("explore", help="try every choice from every reachable state; paths, timings, safe paths")
    p.add_argument("scenario", help="a scenario file, or the id of a known case")
    p.add_argument("--lang", help="language of the report (sv or en; default: yours)")

    p = sub.add_parser("playtest", help="seeded random play-throughs through the real engine")
    p.add_argument("scenario", help="a scenario file, or the id of a known case")
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save-logs", metavar="DIR", help="keep each run's session log in DIR")

    p = sub.add_parser(
        "verify",
        help="check session logs (or folders of them): hash chain, sequence, embedded "
        "case, and that every event replays",
    )
    p.add_argument("logs", nargs="+", metavar="LOG")

    sub.add_parser(
        "key", help="this installation's public signing key and its fingerprint, for a reviewer's trusted-keys"
    )

    p = sub.add_parser("report", help="an after-action report of a session, from its log")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--format", choices=("md", "html"), default="md")
    p.add_argument("--lang", choices=("sv", "en"), help="language of the report (default: the session's)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("handout", help="paper before the meeting: the room's situation manual, the facilitator guide")
    p.add_argument("scenario", help="a scenario file, or the id of a known case")
    p.add_argument(
        "--for",
        dest="audience",
        default="room",
        metavar="room|facilitator|DEPARTMENT",
        help="who it is for: the room (no spoilers), the facilitator, or one department (default: room)",
    )
    p.add_argument("--format", choices=("md", "html"), default="md")
    p.add_argument("--lang", choices=("sv", "en"), help="language (default: the case's first)")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("brief", help="a take-home brief for each department present, from a session's log")
    p.add_argument("log", metavar="LOG")
    p.add_argument("--department", metavar="D", help="only this department's brief (an id, like skola)")
    p.add_argument("--format", choices=("md", "html"), default="md")
    p.add_argument("--lang", choices=("sv", "en"), help="language (default: the session's)")
    p.add_argument("--with-notes", action="store_true", help="add the facilitator's layer: notes and what was expected")
    p.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("stats", help="trends across sessions: endings, flags, departments, timings")
    p.add_argument("paths", nargs="+", metavar="LOG-OR-FOLDER")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--lang", choices=("sv", "en"), help="default: yours (TABLETOP_LANG, the last chosen, the locale)")

    p = sub.add_parser("diff", help="two sessions of one case side by side")
    p.add_argument("log_a", metavar="LOG_A")
    p.add_argument("log_b", metavar="LOG_B")
    p.add_argument("--lang", choices=("sv", "en"))

    p = sub.add_parser("items", help="improvement items of earlier sessions not yet marked done")
    p.add_argument("paths", nargs="*", metavar="LOG-OR-FOLDER", help="default: the log directory")
    p.add_argument("--group", help="only this group's items")
    p.add_argument("--lang", choices=("sv", "en"), help="default: yours (TABLETOP_LANG, the last chosen, the locale)")

    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.log_dir = _log_dir(args)  # read once (--log-dir, else TABLETOP_LOG_DIR, else the data directory), then passed
    from tabletop.sim.format.library import missing_dirs

    for problem in missing_dirs(args.scenarios):
        print(f"tabletop: {problem}", file=sys.stderr)
        if problem.startswith("--scenarios"):
            return 2
    if args.command in (None, "run", "resume") or (args.command == "playtest" and args.save_logs):
        _warn_if_shared(Path(args.save_logs) if args.command == "playtest" else _log_dir(args))
    if args.command in (None, "run", "resume", "replay", "follow"):  # the app: its first screen is waited for
        from .launch import hold_collector

        hold_collector()
    try:
        if args.command is None:
            return _cmd_app(args)
        commands = {
            "run": _cmd_run,
            "follow": _cmd_follow,
            "resume": _cmd_resume,
            "replay": _cmd_replay,
            "preview": _cmd_preview,
            "validate": _cmd_validate,
            "guard": _cmd_guard,
            "graph": _cmd_graph,
            "schema": _cmd_schema,
            "explore": _cmd_explore,
            "playtest": _cmd_playtest,
            "verify": _cmd_verify,
            "report": _cmd_report,
            "handout": _cmd_handout,
            "brief": _cmd_brief,
            "stats": _cmd_stats,
            "diff": _cmd_diff,
            "items": _cmd_items,
            "key": _cmd_key,
        }
        return commands[args.command](args)
    except KeyboardInterrupt:
        print("tabletop: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    finally:
        from .launch import release_collector

        release_collector(freeze=False)  # the app never painted (a refusal, an error): nothing to freeze


def _log_dir(args) -> Path:
    """Where session logs go: ``--log-dir``, else ``TABLETOP_LOG_DIR``, else the data directory. Read here, once,
    and passed to what writes or lists logs."""
    from tabletop.sim.play.log import default_log_dir

    return Path(args.log_dir) if args.log_dir else default_log_dir()


def _warn_if_shared(folder: Path) -> None:
    """A log folder that already exists and others can read gets a warning: logs hold what the group said."""
    from tabletop.sim.i18n import t
    from tabletop.sim.private import shared_with_others

    if shared_with_others(folder):
        print(f"tabletop: {t('guard.shared-log-folder', user_language(), folder=folder)}", file=sys.stderr)


def _out(text: str, output: str | None) -> int:
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        from tabletop.sim.review.report import write_private

        write_private(output, text)
    except OSError as exc:
        print(f"tabletop: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args) -> int:
    from tabletop.sim.format.library import discover, expand
    from tabletop.sim.format.loader import load_file
    from tabletop.sim.format.size import size

    if args.paths:
        targets = [(p, str(p)) for p in expand(args.paths)]
    else:
        targets = [(c.path, c.display) for c in discover(args.scenarios)]
    if not targets:
        print("tabletop validate: no scenario files found", file=sys.stderr)
        return 1
    reports = []
    errors = warnings = 0
    lang = args.lang or user_language()
    for path, display in targets:
        result = load_file(path, display=display)
        n_err = sum(1 for d in result.diagnostics if d.effective(args.strict).value == "error")
        errors += n_err
        warnings += len(result.diagnostics) - n_err
        reports.append((display, result, size(result.scenario) if result.scenario is not None else None))
    if args.format == "json":
        files = []
        for display, result, counts in reports:
            entry = {
                "file": display,
                "ok": not any(d.effective(args.strict).value == "error" for d in result.diagnostics),
                "diagnostics": [d.to_json(strict=args.strict, lang=lang) for d in result.diagnostics],
            }
            if counts:
                entry.update(steps=counts.steps, choices=counts.choices, endings=counts.endings, words=counts.words)
            files.append(entry)
        print(
            json.dumps(
                {"files": files, "summary": {"files": len(reports), "errors": errors, "warnings": warnings}},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for display, result, counts in reports:
            ordered = sorted(result.diagnostics, key=lambda d: (d.line or 0, d.col or 0, d.code))
            for d in ordered[:MAX_LINES_PER_FILE]:
                print(d.format(strict=args.strict, lang=lang))
            if len(ordered) > MAX_LINES_PER_FILE:
                print(
                    f"{display}: ... and {len(ordered) - MAX_LINES_PER_FILE} more problems (--format json lists "
                    f"them all)"
                )
            if counts:
                print(f"{display}: {counts.line()}")
        print(_summary(len(reports), errors, warnings, lang))
    return 1 if errors else 0


def _summary(files: int, errors: int, warnings: int, lang: str) -> str:
    """``9 files, 0 errors, 1 warning`` in ``lang``."""
    from tabletop.sim.i18n import t

    def n(key: str, count: int) -> str:
        return t(f"validate.{key}{'_one' if count == 1 else ''}", lang, n=count)

    return ", ".join((n("files", files), n("errors", errors), n("warnings", warnings)))


def _cmd_guard(args) -> int:
    from tabletop.sim.guard import check_in_session
    from tabletop.sim.guard.together import Said
    from tabletop.sim.i18n import t

    lang = args.lang or user_language()
    personas = []
    if args.case:
        scenario = _load_one(args.case, args.scenarios)
        if scenario is None:
            return 1
        personas = scenario.personas
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"tabletop guard: cannot read {args.file}: {reason}", file=sys.stderr)
        return 1
    texts = text.splitlines() if args.each_line else [text]
    said: list = []
    results = []
    for n, piece in enumerate(texts, 1):
        redacted, flags, details = check_in_session(piece, personas, said, tags=lang)
        said += [Said(persona, kind, "line", n) for persona, kind in details]
        records = []
        for f in flags:
            record = f.as_dict()
            line = n if args.each_line else piece.count("\n", 0, f.span[0]) + 1
            col = f.span[0] - (piece.rfind("\n", 0, f.span[0]) + 1) + 1
            record.update(line=line, col=col, title=f.rule.text("title", lang))
            records.append(record)
        results.append({"line": n, "redacted": redacted, "flags": records})
    flagged = any(r["flags"] for r in results)
    if args.format == "json":
        out = (
            {"lines": results} if args.each_line else {"redacted": results[0]["redacted"], "flags": results[0]["flags"]}
        )
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        name = "<stdin>" if args.file == "-" else args.file
        for r in results:
            print(r["redacted"] if args.each_line else r["redacted"].rstrip("\n"))
        for r in results:
            for f in r["flags"]:
                print(
                    f"{name}:{f['line']}:{f['col']}: {f['severity']} {f['rule']}: {f['title']} ({f['detail']})",
                )
        if not flagged:
            print(t("guard.clean", lang))
    return 1 if flagged else 0


def _load_one(
    name: str, scenarios: list[str], *, with_source: bool = False, with_result: bool = False, lang: str | None = None
):
    """The case ``name`` (a file or a known case), diagnostics on stderr (in ``lang``); with ``with_source``:
    (text, case); with ``with_result``: (path, text, the load result)."""
    from tabletop.sim.format.library import resolve
    from tabletop.sim.format.loader import load_file, load_text
    from tabletop.sim.format.result import LoadResult

    path = resolve(name, scenarios)
    if not path.exists() and path.suffix not in (".yaml", ".yml") and "/" not in name:
        from tabletop.sim.format.library import discover

        known = ", ".join(sorted(c.path.stem for c in discover(scenarios)))
        print(f"tabletop: '{name}' is neither a file nor a known case (known: {known})", file=sys.stderr)
        return None
    if with_source or with_result:
        from tabletop.sim.format.source import read_text

        source, problems = read_text(path, str(path))
        result = (
            load_text(source, str(path), cached=True)
            if source is not None
            else LoadResult(str(path), diagnostics=problems)
        )
    else:
        result = load_file(path)
    for d in result.diagnostics:
        if d.severity.value == "error":
            print(d.format(lang=lang or user_language()), file=sys.stderr)
    if not result.ok:
        if not result.diagnostics:
            print(f"tabletop: {name}: not a scenario", file=sys.stderr)
        return None
    if with_result:
        return path, source, result
    return (source, result.scenario) if with_source else result.scenario


def _cmd_graph(args) -> int:
    from tabletop.sim.map.draw import mermaid
    from tabletop.sim.map.graph import to_dot

    scenario = _load_one(args.scenario, args.scenarios)
    if scenario is None:
        return 1
    lang = args.lang or scenario.languages[0]
    if lang not in scenario.languages:
        print(
            f"tabletop graph: the case has no language '{lang}' (it has {', '.join(scenario.languages)})",
            file=sys.stderr,
        )
        return 2
    render = to_dot if args.format == "dot" else functools.partial(mermaid, logic=True)
    return _out(render(scenario, lang), args.output)


def _cmd_schema(args) -> int:
    from tabletop.sim.format.schema import text as schema_text

    return _out(schema_text(), args.output)


def _cmd_explore(args) -> int:
    from tabletop.sim.author.explore import explore

    scenario = _load_one(args.scenario, args.scenarios, lang=args.lang)
    if scenario is None:
        return 1
    report = explore(scenario)
    print("\n".join(report.lines(args.lang or user_language())))
    return 0 if report.ok else 1


def _cmd_playtest(args) -> int:
    from tabletop.sim.author.playtest import playtest
    from tabletop.sim.format.library import resolve

    if args.runs < 1:
        print("tabletop playtest: --runs must be at least 1", file=sys.stderr)
        return 2
    scenario = _load_one(args.scenario, args.scenarios)
    if scenario is None:
        return 1
    path = resolve(args.scenario, args.scenarios)
    source = path.read_text(encoding="utf-8-sig")
    save = Path(args.save_logs) if args.save_logs else None
    if save is not None and save.exists() and not save.is_dir():
        print(f"tabletop playtest: --save-logs {save}: not a folder", file=sys.stderr)
        return 2
    if save is not None:  # find out now, not as a failed run blamed on the engine
        import tempfile

        try:
            if save.is_dir():
                tempfile.TemporaryFile(dir=save).close()
            else:  # made later, owner-only, by the playtest itself: here only whether it can be
                nearest = next(p for p in save.parents if p.exists())
                if not nearest.is_dir():
                    raise NotADirectoryError(20, f"{nearest} is not a folder")
                if not os.access(nearest, os.W_OK | os.X_OK):
                    raise PermissionError(13, f"{nearest} cannot be written")
        except OSError as exc:
            print(f"tabletop playtest: --save-logs {save}: cannot write there: {exc.strerror or exc}", file=sys.stderr)
            return 2
    report = playtest(source, str(path), runs=args.runs, seed=args.seed, save_logs=save)
    print("\n".join(report.lines(scenario)))
    return 0 if report.ok else 1


def _cmd_verify(args) -> int:
    from tabletop.sim.review.verify import verify_lines

    lines, code = verify_lines([Path(p) for p in args.logs])
    for line in lines:
        print(line)
    return code


def _cmd_key(args) -> int:
    from tabletop.sim.play.signing import KEY_FILE, config_dir, fingerprint, public_key

    public = public_key()
    if public is None:
        print(f"tabletop key: cannot read or make the signing key {config_dir() / KEY_FILE}", file=sys.stderr)
        return 1
    print(f"{public} {fingerprint(public)}")
    return 0


def _fail(command: str, problem: Exception) -> int:
    print(f"tabletop {command}: {problem}", file=sys.stderr)
    return 1


def _cmd_report(args) -> int:
    from tabletop.sim.play.log import LogError
    from tabletop.sim.play.session import ReplayError
    from tabletop.sim.review.report import render_report

    try:
        text = render_report(args.log, args.format, args.lang)
    except (LogError, ReplayError, ValueError) as problem:
        return _fail("report", problem)
    return _out(text, args.output)


def _cmd_handout(args) -> int:
    from tabletop.sim.review.handout import UnknownAudience, render_handout

    scenario = _load_one(args.scenario, args.scenarios)
    if scenario is None:
        return 1
    lang = args.lang or scenario.languages[0]
    try:
        text = render_handout(scenario, args.audience, args.format, lang)
    except UnknownAudience as problem:
        print(f"tabletop handout: {problem}", file=sys.stderr)
        return 2
    return _out(text, args.output)


def _cmd_brief(args) -> int:
    from tabletop.sim.play.log import LogError
    from tabletop.sim.play.session import ReplayError
    from tabletop.sim.review.brief import UnknownDepartment, render_briefs

    try:
        text = render_briefs(args.log, args.format, args.lang, args.department, with_notes=args.with_notes)
    except UnknownDepartment as problem:
        print(f"tabletop brief: {problem}", file=sys.stderr)
        return 2
    except (LogError, ReplayError, ValueError) as problem:
        return _fail("brief", problem)
    return _out(text, args.output)


def _cmd_stats(args) -> int:
    from tabletop.sim.review.stats import stats

    lang = args.lang or user_language()
    result = stats(args.paths, lang=lang)
    print(result.render(args.format, lang), end="")
    for line in result.skipped:
        print(f"tabletop stats: skipped {line}", file=sys.stderr)
    return 1 if result.skipped else 0


def _cmd_diff(args) -> int:
    from tabletop.sim.play.log import LogError
    from tabletop.sim.play.session import ReplayError
    from tabletop.sim.review.diff import diff_logs

    try:
        print(diff_logs(args.log_a, args.log_b, args.lang), end="")
    except (LogError, ReplayError, ValueError) as problem:
        return _fail("diff", problem)
    return 0


def _cmd_items(args) -> int:
    from tabletop.sim.review.followup import item_lines, open_items

    skipped: list[str] = []
    paths = args.paths or [_log_dir(args)]
    for line in item_lines(open_items(paths, args.group, skipped), args.lang or user_language()):
        print(line)
    for line in skipped:
        print(f"tabletop items: skipped {line}", file=sys.stderr)
    return 1 if skipped else 0


def _cmd_app(args) -> int:
    from .app import make_app

    make_app(log_dir=_log_dir(args), scenario_dirs=args.scenarios).run()
    return 0


def parse_departments(text: str) -> dict[str, int]:
    """``"skola=3,polis"`` -> ``{"skola": 3, "polis": 1}``; ValueError with a reason otherwise."""
    out: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, count = part.partition("=")
        if not name.strip():
            raise ValueError(f"{part!r} names no department")
        try:
            number = int(count) if count else 1
        except ValueError:
            raise ValueError(f"{part!r}: the count must be a whole number") from None
        if not 0 < number < 1000:
            raise ValueError(f"{part!r}: the count must be 1 to 999")
        out[name.strip()] = number
    if not out:
        raise ValueError("no departments given")
    return out


def _cmd_run(args) -> int:
    """One path: the case loaded and validated once, the options checked against it, then the session started
    here (the app opens the exercise at once) or Setup opened on the case already loaded."""
    from .app import make_app

    loaded = _load_one(args.scenario, args.scenarios, with_result=True)
    if loaded is None:
        return 1
    path, source, result = loaded
    scenario = result.scenario
    departments = None
    if args.departments:
        try:
            departments = parse_departments(args.departments)
        except ValueError as problem:
            print(f"tabletop run: --departments: {problem}", file=sys.stderr)
            return 2
        declared = {d.id for d in scenario.departments}
        unknown = [d for d in departments if d not in declared]
        if unknown:
            print(
                f"tabletop run: --departments: {', '.join(unknown)} not in this case (it has "
                f"{', '.join(sorted(declared))})",
                file=sys.stderr,
            )
            return 2
    if args.term:
        from tabletop.sim.play.session import TERM_RE

        if not TERM_RE.match(args.term):
            print(f"tabletop run: --term {args.term!r} is not a term like HT2026 or VT2027", file=sys.stderr)
            return 2
    from dataclasses import replace

    from .launch import Launch

    launch = Launch.of(
        log_dir=_log_dir(args), scenario_dirs=args.scenarios, strict=args.strict, group=args.group, term=args.term
    )
    session = _start_session(args, path, source, result, departments, launch.log_dir) if departments else None
    if session is not None:
        make_app(replace(launch, lang=session.state.lang, session=session)).run()
        return 0
    # Setup, or a start the engine refused (the app says why and opens Setup): on the case already loaded here
    make_app(replace(launch, scenario=path, departments=departments, lang=args.lang, loaded=(source, scenario))).run()
    return 0


def _start_session(args, path: Path, source: str, checked, departments: dict[str, int], log_dir: Path):
    """The session of ``tabletop run CASE --departments …``, or None when the engine refuses to start it (the app
    then shows why, on Setup).

    The start event is written by the exercise once the briefing is painted (``defer``); a log that cannot be
    written then is the app's log-failed dialog, as for any write.
    """
    from datetime import UTC, datetime

    from tabletop.sim.play.log import LogError
    from tabletop.sim.play.queries import current_term
    from tabletop.sim.play.session import Refused, Session

    try:
        return Session.start(
            source,
            file=str(path),
            departments=departments,
            term=args.term or current_term(datetime.now(UTC)),
            group=args.group or "",
            mode="strict" if args.strict else "warn",
            lang=args.lang,
            log_dir=log_dir,
            briefing=True,
            reveal=for_group("reveal", args.group or "", "before"),
            checked=checked,
            defer=True,  # the exercise writes the start event once the briefing is painted
        )
    except (Refused, LogError, OSError):
        return None


def _check_log(command: str, path: Path) -> int:
    """0 if the log verifies and replays (a torn last line allowed: resuming recovers it), else 1 with one line."""
    from tabletop.sim.play.log import LogError, read_log
    from tabletop.sim.play.session import ReplayError, replay

    try:
        events, _ = read_log(path, allow_torn=True)
        replay(events)
    except (LogError, ReplayError) as problem:
        text = str(problem)
        return _fail(command, problem if text.startswith(str(path)) else f"{path}: {text}")
    return 0


def _cmd_follow(args) -> int:
    from .app import make_app

    path = Path(args.log) if args.log else _log_dir(args)
    if not args.log:  # the projector may be set up before the first session ever: make the folder and wait in it
        try:
            path.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner-only, as the log writer makes it
        except OSError as exc:
            return _fail("follow", f"{path}: cannot create the log folder: {exc.strerror or exc}")
    if not path.is_dir() and _check_log("follow", path):
        return 1
    make_app(
        log_dir=_log_dir(args), follow=path, lang=args.lang
    ).run()  # a folder: its newest unfinished session, waiting for one if none
    return 0


def _cmd_replay(args) -> int:
    from tabletop.sim.play.log import LogError, verify

    path = Path(args.log)
    result = verify(path)
    if not result.ok and result.events == 0:  # nothing replayable: not a log at all, or unreadable
        return _fail("replay", result.problem if isinstance(result.problem, LogError) else path)
    from .app import make_app

    make_app(log_dir=_log_dir(args), replay=path, lang=args.lang, scenario_dirs=args.scenarios).run()
    return 0


def _cmd_preview(args) -> int:
    from tabletop.sim.format.library import resolve

    path = resolve(args.scenario, args.scenarios)
    if not path.is_file():
        print(f"tabletop preview: {args.scenario}: no such file", file=sys.stderr)
        return 1
    from .screens.preview import make_preview_app

    make_preview_app(path, lang=args.lang).run()
    return 0


def _cmd_resume(args) -> int:
    from .app import make_app

    path = Path(args.log)
    if _check_log("resume", path):
        return 1
    make_app(log_dir=_log_dir(args), resume=path).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
