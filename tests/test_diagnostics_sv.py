"""Diagnostics in Swedish and English: chosen as the rest of the command line chooses (``--lang``, then the
user's language: TABLETOP_LANG, the last chosen, the locale); the codes, the places and the severity words stay."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from tabletop.sim.format.codes import CODES
from tabletop.sim.format.loader import load_file
from tabletop.tui.cli import main

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
R302 = INVALID / "R302-goto-missing.yaml"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", list(CODES))
def test_every_catalogue_message_has_a_swedish_version_with_the_same_fields(code):
    spec = CODES[code]
    assert spec.sv, f"{code} has no Swedish message"
    assert fields(spec.sv) == fields(spec.template)


def test_a_diagnostic_is_told_in_either_language_with_the_same_code_and_place():
    (d,) = load_file(R302).diagnostics
    assert d.text("en") == d.message == "goto 'reportd' names no step (did you mean 'reported'?)"
    assert d.text("sv") == "goto 'reportd' pekar inte på något steg (menade du 'reported'?)"
    assert d.format(lang="sv").startswith(f"{R302}:23:15: error R302: ")


@pytest.fixture
def no_language(monkeypatch):
    for var in ("TABLETOP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


def test_validate_speaks_swedish_with_lang_sv(capsys):
    assert main(["validate", "--lang", "sv", str(R302)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{R302}:23:15: error R302: goto 'reportd' pekar inte på något steg (menade du 'reported'?)"
    assert out[-1] == "1 fil, 1 fel, 0 varningar"


def test_validate_follows_the_locale_and_lang_overrides_it(no_language, capsys):
    no_language.setenv("LANG", "sv_SE.UTF-8")
    main(["validate", str(R302)])
    assert "pekar inte på något steg" in capsys.readouterr().out
    main(["validate", "--lang", "en", str(R302)])
    assert "names no step" in capsys.readouterr().out
    no_language.setenv("TABLETOP_LANG", "en")
    main(["validate", str(R302)])
    assert capsys.readouterr().out.splitlines()[-1] == "1 file, 1 error, 0 warnings"


def test_json_output_carries_the_message_in_the_chosen_language_and_the_code_unchanged(capsys):
    assert main(["validate", "--lang", "sv", "--format", "json", str(R302)]) == 1
    (d,) = json.loads(capsys.readouterr().out)["files"][0]["diagnostics"]
    assert d["code"] == "R302" and d["severity"] == "error" and "menade du" in d["message"]


def test_a_case_that_does_not_load_is_explained_in_the_chosen_language(capsys):
    assert main(["explore", "--lang", "sv", str(INVALID / "G403-trap.yaml")]) == 1
    assert "inget slut går att nå från steget 'waiting'" in capsys.readouterr().err
