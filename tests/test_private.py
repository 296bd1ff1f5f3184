"""Every folder tabletop creates is owner-only, parents included; the settings file too; a shared log folder
that already exists gets a warning."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from tabletop.sim.private import make_private_dir, shared_with_others
from tabletop.tui.cli import main
from tests.conftest import MINIMAL

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_created_folder_and_its_missing_parents_are_owner_only(tmp_path):
    old = os.umask(0o022)
    try:
        make_private_dir(tmp_path / "a" / "b" / "c")
    finally:
        os.umask(old)
    assert [mode(tmp_path / p) for p in ("a", "a/b", "a/b/c")] == [0o700, 0o700, 0o700]


def test_an_existing_folder_is_left_as_it_is(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    make_private_dir(shared / "logs")
    assert mode(shared) == 0o755 and mode(shared / "logs") == 0o700
    assert shared_with_others(shared) and not shared_with_others(shared / "logs")


def test_a_session_log_folder_is_created_owner_only_with_its_parents(tmp_path):
    from tabletop.sim.play.session import Session

    folder = tmp_path / "data" / "tabletop" / "logs"
    s = Session.start(MINIMAL.read_text(encoding="utf-8"), departments={"skola": 1}, term="HT2026", log_dir=folder)
    s.close()
    assert [mode(p) for p in (tmp_path / "data", tmp_path / "data" / "tabletop", folder)] == [0o700] * 3
    assert mode(s.path) == 0o600


def test_playtest_makes_its_log_folder_owner_only(tmp_path, capsys):
    folder = tmp_path / "kept" / "logs"
    main(["playtest", str(MINIMAL), "--runs", "1", "--save-logs", str(folder)])
    assert mode(tmp_path / "kept") == 0o700 and mode(folder) == 0o700


def test_a_log_folder_others_can_read_gets_a_warning(tmp_path, capsys):
    folder = tmp_path / "open"
    folder.mkdir()
    os.chmod(folder, 0o755)
    main(["playtest", str(MINIMAL), "--runs", "1", "--save-logs", str(folder)])
    err = capsys.readouterr().err
    assert "can be read by others" in err or "kan läsas av andra" in err


def test_the_settings_file_and_its_folder_are_owner_only(tmp_path, monkeypatch):
    from tabletop.tui.settings import remember, settings_path

    monkeypatch.setenv("TABLETOP_CONFIG_DIR", str(tmp_path / "config" / "tabletop"))
    remember("lang", "sv")
    path = settings_path()
    assert mode(path) == 0o600 and mode(path.parent) == 0o700 and mode(tmp_path / "config") == 0o700
    assert sys.modules["tabletop.tui.settings"].load()["lang"] == "sv"
