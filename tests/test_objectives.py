"""Objectives judged on what happened (sim.play.objectives): criteria in the format, their diagnostics, the reasons shown."""

from __future__ import annotations

import pytest

from tabletop.sim.format.loader import load_text
from tabletop.sim.play.objectives import MET, MISSED, OPEN, judge
from tabletop.sim.play.session import Refused, Session
from tests.conftest import MINIMAL, fixed_clock

CRITERIA = """objectives:
  - id: routine
    text: {sv: Känna till skolans rutin, en: Know the school's routine}
  - id: operational
    text: {sv: Hålla samtalet på verksamhetsnivå, en: Keep to the operational level}
    operational: true
  - id: police-heard
    text: {sv: Polisen hörd och anmälan gjord, en: The police heard and the report made}
    heard: polis
    set: reported
    reached: follow-up
"""


def case_text() -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    start = text.index("objectives:\n")
    end = text.index("departments:\n")
    return text[:start] + CRITERIA + text[end:]


@pytest.fixture
def start(tmp_path):
    sessions = []

    def make(lang: str = "en", mode: str = "warn", departments=None) -> Session:
        session = Session.start(
            case_text(),
            departments=departments or {"skola": 2, "polis": 1},
            term="HT2026",
            lang=lang,
            mode=mode,
            log_dir=tmp_path,
            now=fixed_clock,
        )
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


def by_id(session, lang: str = "en") -> dict:
    return {j.objective_id: j for j in judge(session.state, lang)}


def test_a_breach_confirmed_then_undone_misses_the_operational_objective_with_its_reason(start):
    session = start()
    session.contribute("polis", "We follow our own routine.")
    session.choose("ask-name", confirm=True)
    session.undo()
    session.choose("routine")
    session.choose("together")
    judged = by_id(session)
    assert judged["operational"].status == MISSED
    [reason] = judged["operational"].reasons
    assert "a breach was confirmed at “Stickers”: “Ask the school for the pupil's name”" in reason
    assert "undone later" in reason
    assert judged["routine"].status == MET  # the ending reached still meets what only the ending decides


def test_a_breach_misses_the_operational_objective_at_once_before_any_ending(start):
    session = start()
    assert by_id(session)["operational"].status == OPEN
    session.choose("ask-name", confirm=True)
    judged = by_id(session)
    assert judged["operational"].status == MISSED
    assert judged["police-heard"].status == OPEN and judged["police-heard"].met is None


def test_an_identifier_typed_and_removed_misses_the_operational_objective(start):
    session = start()
    session.contribute("skola", "Pupil 20170101-2393 was seen with stickers")
    session.choose("routine")
    session.choose("together")
    judgement = by_id(session)["operational"]
    assert judgement.status == MISSED
    assert judgement.reasons == [
        "A personal identity number or coordination number in the text: typed at “Stickers” and removed before saving"
    ]
    assert "2393" not in " ".join(judgement.reasons)


def test_a_clean_session_meets_every_criterion_and_says_why(start):
    session = start()
    session.contribute("polis", "We follow our own routine.")
    session.choose("routine")
    session.choose("together")
    judged = by_id(session)
    assert {j.status for j in judged.values()} == {MET}
    assert judged["operational"].reasons == ["no breach was confirmed and no identifier was typed"]
    assert judged["police-heard"].reasons == [
        "the group reached “Follow-up”",
        "“Report of concern made”: so at the end",
        "Police was heard",
    ]


def test_criteria_not_met_are_each_named_by_their_text(start):
    session = start()
    session.choose("ask-name", confirm=True)
    session.choose("stop")
    judged = by_id(session)
    reasons = judged["police-heard"].reasons
    assert judged["police-heard"].status == MISSED
    assert "the group never reached “Follow-up”" in reasons
    assert "“Report of concern made”: not so at the end" in reasons
    assert any(r.endswith("was never heard") for r in reasons)
    assert judged["routine"].reasons == ["the ending reached, “Poor ending”, does not meet it"]
    assert not any("follow-up" in r or "reported" in r or "polis" in r for r in reasons)  # no id reaches a person


def test_a_department_not_at_the_table_is_said_so(start):
    session = start(departments={"skola": 2})
    session.choose("routine")
    session.choose("together")
    [reason] = by_id(session)["police-heard"].reasons
    assert reason.endswith("was not at the table")


def test_the_reasons_are_in_swedish_for_a_swedish_session(start):
    session = start(lang="sv")
    session.choose("ask-name", confirm=True)
    session.undo()
    judged = by_id(session, "sv")
    assert judged["operational"].reasons == [
        "en överträdelse bekräftades vid ”Klistermärken”: ”Be skolan säga elevens namn” "
        "(ångrades sedan, men det var redan sagt)"
    ]
    assert judged["routine"].reasons == ["sessionen har inte nått något slut"]


def test_the_report_shows_each_objective_with_its_reason(start):
    from tabletop.sim.review.report import report_markdown

    session = start()
    session.choose("ask-name", confirm=True)
    session.undo()
    session.choose("routine")
    session.choose("together")
    text = report_markdown(session.state, "en")
    assert "- [ ] Keep to the operational level (not met: a breach was confirmed at “Stickers”" in text
    assert "- [x] Know the school's routine (met: the ending reached, “Good ending”, meets it)" in text


# --- the format: criteria that name what the case does not declare ------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "kind"),
    [("reached", "folow-up", "step"), ("set", "reportd", "fact"), ("heard", "polisen", "department")],
)
def test_a_criterion_naming_an_undeclared_part_is_an_error_at_its_place(key, value, kind):
    text = case_text().replace(
        "    heard: polis\n",
        f"    heard: polis\n    {key}: [{value}]\n" if key != "heard" else f"    heard: [polis, {value}]\n",
    )
    diagnostics = [d for d in load_text(text, "case.yaml").diagnostics if d.code == "R312"]
    [d] = diagnostics
    assert f"objective 'police-heard' needs {kind} '{value}', which the case does not declare" in d.message
    assert d.line == text[: text.index(value)].count("\n") + 1


def test_objectives_without_criteria_stay_valid_and_an_objective_with_criteria_needs_no_ending():
    result = load_text(case_text(), "case.yaml")
    assert result.scenario is not None
    assert [d.code for d in result.diagnostics] == []  # 'operational' and 'police-heard' are listed by no ending


def test_operational_must_be_a_boolean():
    text = case_text().replace("operational: true", "operational: yes please")
    assert any(d.code == "F202" for d in load_text(text, "case.yaml").diagnostics)


# --- no id in what people read ---------------------------------------------------------------------------------------


def test_strict_mode_refuses_a_choice_by_its_text_not_its_id(start):
    session = start(mode="strict")
    [option] = [o for o in session.available_choices() if o.choice.id == "ask-name"]
    assert option.reason == (
        "Strict mode: “Ask the school for the pupil's name” would move the group to the "
        "individual level and is refused."
    )
    with pytest.raises(Refused) as refused:
        session.choose("ask-name", confirm=True)
    assert "ask-name" not in str(refused.value) and "Ask the school for the pupil's name" in str(refused.value)


def test_a_flagged_choice_asks_for_confirmation_by_its_text(start):
    session = start(lang="sv")
    with pytest.raises(Refused) as refused:
        session.choose("ask-name")
    assert str(refused.value) == "”Be skolan säga elevens namn” är flaggat; bekräfta det när ni har läst varför."
