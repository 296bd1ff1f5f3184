"""The register of legal statements (docs/legal-basis.md) and what cites it: cases, rules, the guard's own texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tabletop.sim.format.legalbasis import LEGAL_BASIS_IDS, LEGAL_TEXTS_CHECKED
from tabletop.sim.format.loader import load_file
from tabletop.sim.guard import scan_text
from tabletop.sim.guard.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
REGISTER = ROOT / "docs" / "legal-basis.md"
CASES = sorted((ROOT / "scenarios").glob("*.yaml"))
MONTH = re.compile(r"\b(20\d\d-(0[1-9]|1[0-2]))\b")


def entries() -> dict[str, str]:
    """``{id: body}`` for every ``### `id` `` entry of the register."""
    parts = re.split(r"^### `([a-z0-9-]+)`\s*$", REGISTER.read_text(encoding="utf-8"), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def field(body: str, name: str) -> str | None:
    found = re.search(rf"^- \*\*{re.escape(name)}:\*\* (.+)$", body, flags=re.M)
    return found.group(1).strip() if found else None


def test_the_register_and_the_program_hold_the_same_ids():
    assert set(entries()) == LEGAL_BASIS_IDS


@pytest.mark.parametrize("entry", sorted(LEGAL_BASIS_IDS))
def test_every_entry_has_both_statements_a_law_a_source_and_a_month(entry):
    body = entries()[entry]
    for name in ("Påstående", "Statement", "Lag / Law", "Källa / Source"):
        assert field(body, name), f"{entry}: no '{name}'"
    checked = field(body, "Kontrollerad / Checked")
    assert checked and MONTH.match(checked), f"{entry}: no month it was checked (YYYY-MM)"


def test_the_date_shown_to_facilitators_is_the_newest_check_in_the_register():
    months = [MONTH.match(field(body, "Kontrollerad / Checked")).group(1) for body in entries().values()]
    assert max(months) == LEGAL_TEXTS_CHECKED
    assert f"last checked: **{LEGAL_TEXTS_CHECKED}**" in REGISTER.read_text(encoding="utf-8")
    assert f"last checked in **{LEGAL_TEXTS_CHECKED}**" in (ROOT / "docs" / "facilitating.md").read_text("utf-8")


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_cites_only_entries_of_the_register(rule):
    assert set(RULES[rule].basis) <= LEGAL_BASIS_IDS


def test_the_rules_that_state_the_law_cite_it():
    for rule in ("individual-step", "discloses-identifiers", "sensitive"):
        assert RULES[rule].basis, rule


def cited(scenario) -> list[str]:
    ids = []
    for step in scenario.steps:
        ids += [b for c in step.choices for b in c.basis]
        ids += step.facilitator.basis if step.facilitator else []
        ids += step.ending.basis if step.ending else []
    return ids


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_bundled_case_cites_the_register_and_only_the_register(path):
    result = load_file(path)
    assert result.scenario is not None
    ids = cited(result.scenario)
    assert ids, f"{path.name} cites no entry of docs/legal-basis.md"
    assert set(ids) <= LEGAL_BASIS_IDS
    assert not [d for d in result.diagnostics if d.code == "R311"]


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_rules_own_instead_text_passes_the_guard_clean(rule, lang):
    text = RULES[rule].text("instead", lang)
    assert scan_text(text, [], lang) == []
    assert scan_text(text, [], None) == []


@pytest.mark.parametrize(
    "text",
    [
        "frigivningsplanering",
        "Kriminalvården arbetar med villkorlig frigivning",
        "den vanliga anmälan till polisen",
        "polisens underrättelsearbete",
        "release planning",
        "conditional release",
        "the usual report to the police",
        "the police's intelligence work",
    ],
)
def test_routine_words_raise_no_caution(text):
    assert scan_text(text, [], None) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Vet någon hans frigivningsdatum?", "release-date"),
        ("När är datum för frigivningen?", "release-date"),
        ("Polisen har underrättelseuppgifter om honom.", "police-intelligence"),
        ("Finns det underrättelser om henne?", "police-intelligence"),
        ("Do you know his release date?", "release-date"),
        ("Is there police intelligence on her?", "police-intelligence"),
    ],
)
def test_the_narrow_terms_still_raise_a_caution(text, category):
    assert [(f.rule_id, f.kind) for f in scan_text(text, [], None)] == [("sensitive", category)]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_debrief_and_the_report_say_when_the_law_was_checked_and_that_it_is_no_legal_advice(tmp_path, lang):
    from markupsafe import escape  # the escaping Jinja2 templates use

    from tabletop.sim.i18n import t
    from tabletop.sim.review.debrief import markdown
    from tabletop.sim.review.report import render_report
    from tests.test_report import play_known

    path = tmp_path / "session.jsonl"
    session = play_known(path, lang)
    note = t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)
    assert LEGAL_TEXTS_CHECKED in note and ("jurist" in note or "lawyer" in note)
    assert note in markdown(session.state, lang, session.state.ended)
    session.close()
    assert note in render_report(path, "md", lang)
    assert escape(note) in render_report(path, "html", lang)
