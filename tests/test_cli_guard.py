"""`tabletop guard`: text checked as a session would, printed as it would be saved, exit 1 when flagged."""

from __future__ import annotations

import io
import json

from tabletop.tui.cli import main
from tests.conftest import MINIMAL

TEXT = "Ring 070-174 06 05 eller mejla ebba (at) example.se.\nDet gäller en elev på Ekbackens skola.\nHen går i 9B.\n"


def test_a_file_is_printed_as_it_would_be_saved_with_every_flag_and_its_place(tmp_path, capsys):
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["guard", "--lang", "sv", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Ring [telefon] eller mejla [e-post]."
    assert f"{path}:1:6: breach phone: Telefonnummer i texten (phone number)" in out
    assert any(line.startswith(f"{path}:1:32: breach email:") for line in out)
    assert "070-174" not in "\n".join(out) and "ebba" not in "\n".join(out)


def test_clean_text_exits_0_and_says_so(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Skolan följer sin rutin och kontaktar socialtjänsten.\n"))
    assert main(["guard", "--lang", "en", "-"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Skolan följer sin rutin och kontaktar socialtjänsten.",
        "Nothing that identifies a person.",
    ]


def test_each_line_is_its_own_text_and_details_add_up_as_in_a_session(tmp_path, capsys):
    path = tmp_path / "text.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main(["guard", "--case", str(MINIMAL), "--lang", "en", "--format", "json", "--each-line", str(path)]) == 1
    lines = json.loads(capsys.readouterr().out)["lines"]
    assert [line["redacted"] for line in lines] == [
        "Ring [phone] eller mejla [e-mail].",
        "Det gäller en elev på Ekbackens skola.",
        "Hen går i [elev-a: class].",
    ]
    assert [[f["rule"] for f in line["flags"]] for line in lines] == [["phone", "email"], [], ["narrowing"]]
    assert "together with line 2" in lines[2]["flags"][0]["detail"]
    assert lines[2]["flags"][0]["line"] == 3 and lines[2]["flags"][0]["col"] == 11


def test_json_for_one_text_holds_the_redacted_text_and_the_flags(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Nummer 20170101-2393"))
    assert main(["guard", "--format", "json", "--lang", "en"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["redacted"] == "Nummer [personnummer]"
    assert out["flags"][0]["rule"] == "personnummer" and out["flags"][0]["kind"] == "personnummer"


def test_an_unreadable_file_is_one_line_and_exit_1(tmp_path, capsys):
    assert main(["guard", str(tmp_path / "missing.txt")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("tabletop guard: cannot read")


def test_an_unknown_case_is_exit_1(capsys):
    assert main(["guard", "--case", "no-such-case", "-"]) == 1
    assert "neither a file nor a known case" in capsys.readouterr().err
