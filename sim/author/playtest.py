"""Play-testing for authors: seeded random play-throughs through the real engine.

Each run starts a session, plays random commands (contributions, some holding
a persona's identifiers or a fiction-safe personal identity number, notes,
items, pauses, undos) and chooses its way to an ending, then checks the
engine's invariants. Run ``seed`` aims at choice number ``seed`` (modulo the
number of choices): it follows a shortest route through the states (step and
facts) to that choice and takes it, then prefers the choices it has used least. So N runs cover every choice
that can be taken, and a run depends on its seed alone: ``--seed S --runs 1``
replays run S exactly. The invariants:

- replaying the run's log gives exactly the live state;
- the log verifies, and holds no identifier that the guard caught;
- the run reached an ending within the move budget, which grows with the case (:func:`move_budget`).

A failing run names its seed, so ``--seed S --runs 1`` reproduces it. The case is checked once per
``playtest``, not per run. Each run's log goes through the real log writer (the same events, hash chain and
serialisation) and is read back by the real reader; it is kept on disk, written and fsync'd, only with
``save_logs``: otherwise it stays in memory, so thousands of runs do not wait on the disk.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ..play.log import ZERO_HASH, LogWriter, _load, _read, _utc_now
from ..play.queries import pending_injects
from ..play.session import Refused, Session, replay

# The Swedish Tax Agency's published test personal identity number and the telecom regulator's fiction range.
TEST_PERSONNUMMER = "20170101-2393"
FICTION_PHONE = "070-174 06 42"
PLAIN = [
    "Vi följer vår rutin.",
    "We check our routine first.",
    "Skolan pratar med elevhälsan.",
    "The support phone can advise without names.",
    "Vi gör en orosanmälan enligt rutinen.",
]


@dataclass
class RunFailure:
    seed: int
    message: str


@dataclass
class PlaytestReport:
    runs: int
    seed: int
    step_hits: Counter = field(default_factory=Counter)
    choice_hits: Counter = field(default_factory=Counter)
    endings: Counter = field(default_factory=Counter)
    failures: list[RunFailure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self, scenario) -> list[str]:
        out = [f"{self.runs} runs from seed {self.seed}: {len(self.failures)} failed"]
        for failure in self.failures[:10]:
            out.append(f"FAIL seed {failure.seed}: {failure.message} (reproduce: --seed {failure.seed} --runs 1)")
        out.append("endings: " + ", ".join(f"{k} {v}" for k, v in sorted(self.endings.items())))
        out.append("steps:")
        out += [f"  {s.id}: {self.step_hits[s.id]}" for s in scenario.steps]
        out.append("choices:")
        out += [f"  {c.id}: {self.choice_hits[c.id]}" for s in scenario.steps for c in s.choices]
        return out


class MemoryLog(LogWriter):
    """A session log kept in memory: :class:`LogWriter`'s own events, chain and serialisation, without the disk."""

    data: bytearray  # the log's lines

    @classmethod
    def create(
        cls,
        path: Path | str,
        first_type: str,
        first_payload: Mapping[str, Any],
        *,
        now: Callable[[], datetime] = _utc_now,
        sign: Callable[[bytes], dict] | None = None,
    ) -> MemoryLog:
        writer = cls(Path(path), -1, 0, ZERO_HASH, now)
        writer.data = bytearray()
        writer.append(first_type, first_payload, sign=sign)
        return writer

    def append(self, type: str, payload: Mapping[str, Any], *, sign: Callable[[bytes], dict] | None = None) -> dict:
        """As :meth:`LogWriter.append`, unsigned: a log no one will be shown needs no signature, and signing the
        start event would encode the whole case a second time on every run."""
        return super().append(type, payload)

    def _write(self, line: bytes) -> None:
        self.data += line

    def close(self) -> None:
        self._fd = None


def move_budget(scenario) -> int:
    """How many moves a run may take before it counts as stuck: more for a bigger case.

    A run takes a choice on about three moves in five and may wander before it steers, so a run that needs every
    step of the case once still fits; with a fixed cap, a long case failed every run however healthy it was.
    """
    return 200 + 10 * len(scenario.steps) * (1 + len(scenario.facts))


def _identifier_texts(scenario) -> list[str]:
    return [v for p in scenario.personas for values in p.identifiers.values() for v in values if len(v) > 2]


def _direct_identifiers(scenario) -> list[str]:
    from ..guard.words import DIRECT_IDENTIFIERS

    return [
        v
        for p in scenario.personas
        for kind, values in p.identifiers.items()
        if kind.value in DIRECT_IDENTIFIERS
        for v in values
    ]


def _plan(
    scenario, step_id: str, facts: dict[str, bool], target: str, limit: int = 20_000, *, plans: dict | None = None
) -> list[str] | None:
    """The shortest list of choice ids from (step, facts) that ends by taking ``target``, or None. ``plans``: the
    answers already found for this case, shared by the runs of one playtest (the question has one answer per case).
    """
    if plans is not None:
        key = (step_id, tuple(sorted(facts.items())), target, limit)
        if key not in plans:
            plans[key] = _plan(scenario, step_id, facts, target, limit)
        found = plans[key]
        return None if found is None else list(found)
    from collections import deque

    from ..format.model import holds

    start = (step_id, tuple(sorted(facts.items())))
    queue: deque[tuple[tuple[str, tuple], list]] = deque([(start, [])])
    seen = {start}
    while queue and len(seen) < limit:
        (sid, frozen), path = queue.popleft()
        current = dict(frozen)
        for choice in scenario.step(sid).choices:
            if not all(holds(c, current) for c in choice.requires):
                continue
            if choice.id == target:
                return [*path, choice.id]
            nxt = (choice.goto, tuple(sorted({**current, **choice.sets}.items())))
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*path, choice.id]))
    return None


def play_once(
    source: str,
    file: str,
    seed: int,
    log_path: Path,
    max_moves: int | None = None,
    *,
    checked=None,
    in_memory: bool = False,
    plans: dict | None = None,
) -> Session:
    """One seeded run. ``checked``: the case's LoadResult (checked once by :func:`playtest`); ``in_memory``: keep
    the log in a :class:`MemoryLog`."""
    rng = random.Random(seed)
    usage: Counter = Counter()
    clock = [datetime(2026, 11, 24, 13, 0, tzinfo=UTC)]

    def now():
        clock[0] += timedelta(seconds=rng.randint(5, 400))
        return clock[0]

    if checked is None:
        from ..format.loader import load_text

        checked = load_text(source, file, cached=True)
    scenario = checked.scenario
    if max_moves is None:
        max_moves = move_budget(scenario)
    targets = [(step.id, choice) for step in scenario.steps for choice in step.choices]
    _, target_choice = targets[seed % len(targets)] if targets else (None, None)
    target = target_choice.id if target_choice else None
    # strict mode would refuse a flagged choice on the way: such a run plays in warn mode
    from ..guard import choice_flags

    initial = {f.id: f.initial for f in scenario.facts}
    plan = _plan(scenario, scenario.start, initial, target, plans=plans) if target else None
    by_id = {c.id: c for st in scenario.steps for c in st.choices}
    flagged = any(choice_flags(scenario, by_id[cid]) for cid in plan or ())
    mode = "warn" if flagged else rng.choice(["warn", "strict"])
    depts = [d.id for d in scenario.departments]
    present = {d: rng.randint(1, 4) for d in rng.sample(depts, k=rng.randint(1, len(depts)))}
    session = Session.start(
        source,
        file=file,
        departments=present,
        term=rng.choice(["HT2026", "VT2027"]),
        group="Playtest",
        mode=mode,
        lang=rng.choice(scenario.languages),
        log_path=log_path,
        now=now,
        checked=checked,
        create_log=MemoryLog.create if in_memory else None,
    )
    try:
        return _play(session, scenario, rng, present, depts, target, usage, max_moves, plans)
    except BaseException:
        session.close()
        raise


def _play(
    session: Session,
    scenario,
    rng: random.Random,
    present: dict,
    depts: list,
    target: str | None,
    usage: Counter,
    max_moves: int,
    plans: dict | None = None,
) -> Session:
    secrets = _identifier_texts(scenario)
    route: list[str] | None = None  # the way to the target, planned once and followed while it holds
    for _ in range(max_moves):
        state = session.state
        if state.step.ending:
            session.end("Hotwash: " + rng.choice(PLAIN))
            break
        roll = rng.random()
        try:
            if roll < 0.25:
                text = rng.choice(PLAIN)
                if rng.random() < 0.5 and secrets:
                    text += " " + rng.choice(secrets)
                if rng.random() < 0.2:
                    text += f" {TEST_PERSONNUMMER}, {FICTION_PHONE}"
                session.contribute(rng.choice(list(present)), text)
            elif roll < 0.3:
                session.note(rng.choice(PLAIN) + (" " + rng.choice(secrets) if secrets else ""))
            elif roll < 0.33:
                session.add_item("Se över rutinen", rng.choice(depts), "VT2027")
            elif roll < 0.36:
                session.pause()
                session.resume_play()
            elif roll < 0.38 and state.undo_stack:
                session.undo()
            elif roll < 0.4:
                session.extend(5)
            else:
                for _inject in pending_injects(state):  # the step's news reaches the room before it decides
                    session.bring_in()
                options = [o for o in session.available_choices() if o.available]
                if not options:
                    raise AssertionError(f"stuck at step '{state.current}' with facts {state.facts}")
                steer = None
                if target is not None and usage[target] == 0:
                    if not route or not any(o.choice.id == route[0] for o in options):
                        route = _plan(scenario, state.current, state.facts, target, plans=plans)
                    steer = next((o for o in options if route and o.choice.id == route[0]), None)
                least = min(usage[o.choice.id] for o in options)
                option = steer or rng.choice([o for o in options if usage[o.choice.id] == least])
                if option.flagged and option.choice.id != target and rng.random() < 0.3:
                    session.decline(option.choice.id)
                    continue
                usage[option.choice.id] += 1
                if route and option.choice.id == route[0]:
                    route = route[1:]
                elif route:
                    route = None  # off the planned way: plan again from where the run is
                session.choose(
                    option.choice.id, reasons="Enligt rutin", confirm=option.flagged, agreed=list(present)[:1]
                )
        except Refused as refusal:
            raise AssertionError(f"engine refused a command the playtest thought valid: {refusal}") from None
    else:
        raise AssertionError(f"no ending after {max_moves} moves")
    return session


def _log_bytes(session: Session) -> bytes:
    writer = session.writer
    return bytes(writer.data) if isinstance(writer, MemoryLog) else _load(session.path)


def check_invariants(session: Session, direct: list[str]) -> None:
    from ..play.log import LogError

    live = session.state
    try:  # the reader verify and read_log use: the chain, the sequence, the embedded case
        events, _, _ = _read(session.path, _log_bytes(session), allow_torn=False)
    except LogError as problem:
        raise AssertionError(f"log does not verify: {problem}") from None
    replayed = replay(events)
    for attr in (
        "current",
        "facts",
        "departments",
        "mode",
        "term",
        "hotwash",
        "ended",
        "seq",
        "consequence",
        "injects",
    ):
        if getattr(live, attr) != getattr(replayed, attr):
            raise AssertionError(f"replay differs from live play in {attr}")
    if [(v.step, v.choice, v.undone) for v in live.visits] != [(v.step, v.choice, v.undone) for v in replayed.visits]:
        raise AssertionError("replay differs from live play in the path")
    if len(live.flags) != len(replayed.flags) or len(live.contributions) != len(replayed.contributions):
        raise AssertionError("replay differs from live play in flags or contributions")
    from ..guard import scan_text
    from ..guard.textmatch import fold, word_pattern

    personas = live.scenario.personas
    for event in events[1:]:  # the first event embeds the case itself, identifiers included by design
        for key in ("text", "reasons", "what", "hotwash"):
            stored = event["payload"].get(key)
            if not stored:
                continue
            caught = [f.rule_id for f in scan_text(stored, personas) if f.rule_id != "sensitive"]
            if caught:
                raise AssertionError(f"event {event['seq']} keeps text the guard flags ({', '.join(caught)})")
            folded = fold(stored)
            for secret in (TEST_PERSONNUMMER, FICTION_PHONE, *direct):
                if secret.strip() and word_pattern(secret).search(folded):
                    raise AssertionError(f"event {event['seq']} holds a direct identifier")


def playtest(
    source: str, file: str, *, runs: int = 100, seed: int = 0, save_logs: Path | None = None
) -> PlaytestReport:
    """``runs`` seeded runs from ``seed``; the case is checked once (or taken from the case cache) for all of them."""
    from ..format.loader import load_text

    checked = load_text(source, file, cached=True)
    scenario = checked.scenario
    report = PlaytestReport(runs=runs, seed=seed)
    direct = _direct_identifiers(scenario)
    folder = Path(save_logs) if save_logs else Path("playtest")  # without save_logs, only a name in memory
    if save_logs:
        from ..private import make_private_dir

        make_private_dir(folder)
    plans: dict = {}  # the ways to each choice, found once for every run
    for run_seed in range(seed, seed + runs):
        path = folder / f"{scenario.id}-seed{run_seed}.jsonl"
        extra = 1
        while save_logs and path.exists():  # never overwrite a log already kept
            extra += 1
            path = folder / f"{scenario.id}-seed{run_seed}-{extra}.jsonl"
        session = None
        try:
            session = play_once(source, file, run_seed, path, checked=checked, in_memory=save_logs is None, plans=plans)
            check_invariants(session, direct)
        except AssertionError as failure:
            report.failures.append(RunFailure(run_seed, str(failure)))
        except Exception as crash:  # the engine itself failed: a finding, reported with its seed
            report.failures.append(RunFailure(run_seed, f"{type(crash).__name__}: {crash}"))
        finally:
            if session is not None:
                session.close()
        if session is not None:
            for visit in session.state.visits:
                report.step_hits[visit.step] += 1
            for decision in session.state.decisions:
                report.choice_hits[decision["choice"]] += 1
            if session.state.outcome:
                report.endings[session.state.outcome] += 1
    return report
