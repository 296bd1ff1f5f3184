"""The cache of checked cases: a case opened again is the same case, without checking it again."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tabletop.sim.format import cache as casecache
from tabletop.sim.format import loader
from tabletop.sim.format.library import discover
from tabletop.sim.format.loader import load_text
from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
INVALID = FIXTURES / "invalid"
CASES = [c.path for c in discover()] + sorted(INVALID.glob("[CGRTU]*.yaml")) + [INVALID / "F201-unknown-key.yaml"]


def _entries() -> list[Path]:
    return sorted(casecache.cache_dir().glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_a_case_from_the_cache_is_the_case_checked_afresh(path):
    text = path.read_text(encoding="utf-8")
    fresh = load_text(text, "first.yaml")
    load_text(text, "first.yaml", cached=True)  # checks and keeps
    again = load_text(text, "second.yaml", cached=True)
    assert again.positions is None, "this one came from the cache"
    assert again.scenario == fresh.scenario
    assert [d.format() for d in again.diagnostics] == [
        d.format().replace("first.yaml", "second.yaml", 1) for d in fresh.diagnostics
    ]
    assert again.ok == fresh.ok and again.sha256 == fresh.sha256


def test_a_hit_does_not_check_again(minimal_text, monkeypatch):
    load_text(minimal_text, "a.yaml", cached=True)

    def no_checking(*args):
        raise AssertionError("checked again")

    monkeypatch.setattr(loader, "_to_model", no_checking)
    assert load_text(minimal_text, "a.yaml", cached=True).ok


def test_an_edited_case_is_checked_again(minimal_text):
    assert load_text(minimal_text, "a.yaml", cached=True).ok
    broken = load_text(minimal_text.replace("start: ", "start: nowhere-", 1), "a.yaml", cached=True)
    assert not broken.ok and broken.positions is not None
    assert [d.code for d in broken.errors] == ["R303"]
    assert len(_entries()) == 2


def test_new_checking_code_makes_a_new_entry(minimal_text, monkeypatch):
    load_text(minimal_text, "a.yaml", cached=True)
    monkeypatch.setattr(casecache, "code_fingerprint", lambda: "another version of tabletop")
    assert load_text(minimal_text, "a.yaml", cached=True).positions is not None
    assert len(_entries()) == 2


def test_the_fingerprint_follows_the_source_files(tmp_path, monkeypatch):
    before = casecache.code_fingerprint()
    casecache.code_fingerprint.cache_clear()
    module = Path(casecache.__file__)
    stamp = module.stat()
    try:
        os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
        assert casecache.code_fingerprint() != before
    finally:
        os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        casecache.code_fingerprint.cache_clear()
    assert casecache.code_fingerprint() == before


@pytest.mark.parametrize("damage", ["{not json", '{"scenario": {"id": "x"}, "diagnostics": []}', "[]", ""])
def test_a_damaged_entry_is_a_miss_and_is_replaced(minimal_text, damage):
    first = load_text(minimal_text, "a.yaml", cached=True)
    (entry,) = _entries()
    entry.write_text(damage, encoding="utf-8")
    again = load_text(minimal_text, "a.yaml", cached=True)
    assert again.ok and again.positions is not None and again.scenario == first.scenario
    assert json.loads(entry.read_text(encoding="utf-8"))["scenario"]["id"] == first.scenario.id


def test_an_unwritable_cache_folder_only_means_no_cache(minimal_text, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TABLETOP_CACHE_DIR", str(blocker / "cache"))
    assert load_text(minimal_text, "a.yaml", cached=True).ok
    assert load_text(minimal_text, "a.yaml", cached=True).positions is not None


def test_entries_are_owner_only_and_only_cached_loads_write_them(minimal_text):
    load_text(minimal_text, "a.yaml")
    assert _entries() == []
    load_text(minimal_text, "a.yaml", cached=True)
    (entry,) = _entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("name", ["Y101-yaml-syntax", "F202-wrong-type", "F204-format-version"])
def test_a_case_that_does_not_load_is_not_kept(name):
    result = load_text((FIXTURES / "invalid" / f"{name}.yaml").read_text(encoding="utf-8"), "a.yaml", cached=True)
    assert result.scenario is None and result.errors
    assert _entries() == []


def test_a_session_on_a_checked_case_starts_without_pydantic_yaml_or_networkx(tmp_path):
    """What a warm ``tabletop run`` pays before its first screen: none of the checking machinery."""
    env = {
        **os.environ,
        "TABLETOP_CACHE_DIR": str(tmp_path / "cache"),
        "TABLETOP_LOG_DIR": str(tmp_path / "logs"),
        "PYTHONPATH": str(ROOT),
    }
    start = (
        "import sys; from tabletop.sim.play.session import Session; "
        "text = open('scenarios/propaganda-gymnasiet.yaml', encoding='utf-8').read(); "
        "Session.start(text, file='propaganda-gymnasiet.yaml', departments={'skola': 2}, term='HT2026'); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml', 'networkx'}))"
    )
    cold = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, cwd=ROOT, env=env)
    warm = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, cwd=ROOT, env=env)
    assert cold.stdout.split() == ["['pydantic',", "'yaml']"], cold.stderr
    assert warm.stdout.strip() == "[]", warm.stderr


def test_a_case_checked_with_a_longer_test_number_list_is_checked_again_without_it(minimal_text, tmp_path, monkeypatch):
    number = "19121212-1212"  # Skatteverket's published example, allowed only through the author's own list
    extra = tmp_path / "test-numbers.txt"
    extra.write_text(f"{number}\n", encoding="utf-8")
    case = minimal_text.replace("      class: 9B\n", f"      class: 9B\n      personnummer: {number}\n")
    monkeypatch.setenv("TABLETOP_TEST_NUMBERS", str(extra))
    assert load_text(case, "a.yaml", cached=True).ok
    assert load_text(case, "a.yaml", cached=True).positions is None  # kept, and found again with the same list
    monkeypatch.delenv("TABLETOP_TEST_NUMBERS")
    again = load_text(case, "a.yaml", cached=True)
    assert not again.ok and [d.code for d in again.errors] == ["C703"]
