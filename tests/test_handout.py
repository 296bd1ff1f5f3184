"""Paper before and after the meeting: the handouts of a case (room, facilitator, a department) and the take-home
briefs of a session, as golden files in both languages; the room's handout gives nothing away; the facilitator's
prints on A4 in a headless browser with the map whole on its own page."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tabletop.sim.format.library import discover
from tabletop.sim.format.loader import load_file
from tabletop.sim.guard import RULES, choice_flags
from tabletop.sim.i18n import t, tn
from tabletop.sim.review.brief import brief_paths, render_briefs, write_briefs
from tabletop.sim.review.handout import handout, render_handout, safe_path
from tabletop.tui.cli import main
from tests.paper_session import (
    CASE,
    play_flooded_session,
    play_heavy_session,
    play_long_session,
    play_support_phone,
)

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
LANGS = ("sv", "en")


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{name} is missing; UPDATE_GOLDEN=1 writes it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


@pytest.fixture(scope="module")
def case():
    return load_file(CASE).scenario


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("briefs")
    return {lang: play_support_phone(folder / f"session-{lang}.jsonl", lang) for lang in LANGS}


@pytest.fixture(scope="module")
def heavy(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """The heavy session and the flooded one, in both languages: {(kind, lang): log}."""
    folder = tmp_path_factory.mktemp("heavy")
    plays = {"heavy": play_heavy_session, "flooded": play_flooded_session, "long": play_long_session}
    return {(kind, lang): play(folder / f"{kind}-{lang}.jsonl", lang) for kind, play in plays.items() for lang in LANGS}


# --- golden files ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("audience", ["room", "facilitator", "polis"])
def test_each_handout_matches_its_golden_file(case, audience, lang):
    _golden(f"handout-{audience}-{lang}.md", render_handout(case, audience, "md", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_the_room_handout_in_html_matches_its_golden_file(case, lang):
    _golden(f"handout-room-{lang}.html", render_handout(case, "room", "html", lang))


@pytest.mark.parametrize("lang", LANGS)
def test_the_briefs_match_their_golden_files(played, lang):
    _golden(f"brief-{lang}.md", render_briefs(played[lang], "md"))
    _golden(f"brief-polis-{lang}.html", render_briefs(played[lang], "html", department="polis"))


# --- the room's handout gives nothing away -----------------------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if len(" ".join(p.split())) > 30]


def _room_texts(scenario, lang: str) -> tuple[str, str]:
    """The room handout's words as printed: its Markdown with the escapes taken out, and its HTML's text."""
    md = re.sub(r"\\(.)", r"\1", render_handout(scenario, "room", "md", lang))
    page = html.unescape(re.sub(r"<[^>]+>", " ", render_handout(scenario, "room", "html", lang)))
    return " ".join(md.split()), " ".join(page.split())


def _secrets(scenario, lang: str) -> list[str]:
    """Every text the room must not see before the meeting: later steps (title and text), every choice, the
    facilitator's notes and expectations, every rule's title, why and instead, the endings' points."""
    out = []
    for step in scenario.steps:
        layer = step.facilitator
        if layer is not None:
            if layer.notes:
                out += _paragraphs(scenario.text(layer.notes, lang))
            out += [" ".join(scenario.text(x, lang).split()) for x in layer.expected.values()]
        out += [" ".join(scenario.text(c.text, lang).split()) for c in step.choices]
        if step.id == scenario.start:
            continue
        out.append(scenario.text(step.title, lang))
        out += _paragraphs(scenario.text(step.text, lang))
        out += [" ".join(scenario.text(x, lang).split()) for x in step.prompts.values()]
        if step.ending:
            out += [" ".join(scenario.text(p, lang).split()) for p in step.ending.debrief]
    for rule in RULES.values():
        out += [" ".join(rule.text(part, lang).split()) for part in ("title", "why", "instead")]
    return [s for s in out if s]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", [c.path for c in discover([])], ids=lambda p: p.stem)
def test_the_room_handout_holds_no_later_step_no_choice_no_facilitator_note_and_no_flag(path, lang):
    scenario = load_file(path).scenario
    intro = " ".join(scenario.text(scenario.summary, lang).split())
    first = scenario.step(scenario.start)
    allowed = intro + " " + " ".join(scenario.text(first.text, lang).split())
    for printed in _room_texts(scenario, lang):
        for secret in _secrets(scenario, lang):
            if secret in allowed:
                continue  # the case itself tells the room this much (a later step's title in the introduction)
            assert secret not in printed, f"{path.stem} ({lang}): the room handout gives away {secret[:80]!r}"
        assert "⚑" not in printed and "⚠" not in printed


@pytest.mark.parametrize("lang", LANGS)
def test_the_room_handout_has_the_briefings_parts_and_the_first_situation(case, lang):
    md, _ = _room_texts(case, lang)
    for key in ("briefing.objectives", "handout.invited", "briefing.rules", "briefing.rule.level"):
        assert t(key, lang) in md
    assert t("briefing.plan", lang, slot=70) in md
    first = case.step(case.start)
    assert t("handout.first", lang, title=case.text(first.title, lang)) in md
    assert _paragraphs(case.text(first.text, lang))[0][:60] in md


# --- the facilitator's guide -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_facilitator_guide_has_every_step_trap_ending_the_safe_path_and_the_legal_line(case, lang):
    md = re.sub(r"\\(.)", r"\1", render_handout(case, "facilitator", "md", lang))
    flat = " ".join(md.split())
    for step in case.steps:
        assert case.text(step.title, lang) in flat
        if step.facilitator and step.facilitator.notes:
            assert " ".join(case.text(step.facilitator.notes, lang).split()) in flat
    traps = [c for s in case.steps for c in s.choices if choice_flags(case, c)]
    assert flat.count("⚑ ") >= 2 * len(traps)  # in the step's table of choices and as a trap with its rule
    assert RULES["individual-step"].text("instead", lang).split()[0] in flat
    assert "```mermaid" in md and t("handout.safe.intro", lang) in flat
    assert t("legal.checked", lang, month="2026-12").split()[0] in flat


def test_the_safe_path_takes_only_unflagged_choices_whose_conditions_hold_to_a_good_ending(case):
    path = safe_path(case)
    assert path is not None and path[0][0] == case.start
    last = case.step(path[-1][0])
    assert last.ending is not None and last.ending.outcome == "good"
    for step_id, choice_id in path[:-1]:
        choice = next(c for c in case.step(step_id).choices if c.id == choice_id)
        assert not any(f.severity == "breach" for f in choice_flags(case, choice))


def test_a_department_sheet_prints_its_own_role_card_never_another_s(tmp_path):
    from tabletop.sim.format.loader import load_text
    from tests.conftest import FIXTURES

    text = (FIXTURES / "valid" / "story.yaml").read_text(encoding="utf-8")
    text += "  - department: skola\n    text: {sv: Skolan vet något annat., en: The school knows something else.}\n"
    story = load_text(text, "story.yaml").scenario

    def words(dept: str) -> str:
        return " ".join(p for s in handout(story, dept, "sv").sections for p in [s.heading, *s.paras, *s.items])

    polis, skola = words("polis"), words("skola")
    assert "Polisen har sett samma symbol" in polis and "Skolan vet något annat." not in polis
    assert t("handout.role-card", "sv") + ": Det polisen vet" in polis
    assert "Skolan vet något annat." in skola and "Polisen har sett samma symbol" not in skola
    room = " ".join(p for s in handout(story, "room", "sv").sections for p in [s.heading, *s.paras, *s.items])
    assert "Polisen har sett" not in room and "Skolan vet" not in room  # the room's manual holds no role card


# --- the take-home briefs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_brief_is_one_page_per_department_present_and_never_more_than_the_log_holds(played, lang):
    text = render_briefs(played[lang], "md")
    assert text.count("\n# ") + text.startswith("# ") == 4  # four departments at the table
    assert "070-174 06 42" not in text  # redacted as logged: the placeholder, never the number
    assert {"sv": "[telefon]", "en": "[phone]"}[lang] in text.replace("\\[", "[")
    assert "Bra att gruppen backade direkt." not in text  # the facilitator's note: only with the notes
    with_notes = render_briefs(played[lang], "md", department="stodtelefon", with_notes=True)
    assert "Bra att gruppen backade direkt." in with_notes


def test_a_brief_says_where_the_department_stood_and_what_it_owns(played):
    text = render_briefs(played["en"], "md", department="polis")
    assert "| dissented |" in text and "| agreed |" in text
    assert "Skriv in anonymitetens gräns" not in text  # the support phone's item, not the police's
    own = render_briefs(played["en"], "md", department="stodtelefon")
    assert "Skriv in anonymitetens gräns i stödtelefonens rutin | VT2027" in own
    assert "| own mandate |" in own


@pytest.mark.parametrize("lang", LANGS)
def test_a_heavy_session_s_brief_keeps_every_part_and_each_alternative_once(heavy, lang):
    from tabletop.sim.guard.rules import CHANNELS, LAWYER

    text = render_briefs(heavy[("heavy", lang)], "md", department="stodtelefon")
    for key in ("brief.met", "brief.lessons", "brief.flags"):
        assert f"## {t(key, lang)}" in text
    for line in ("Skriv in anonymitetens gräns", "Lägg det avidentifierade exemplet"):  # its two items, not others'
        assert (line in text) == (lang == "sv")
    assert "| VT2027 |" in text and "| HT2027 |" in text and "| HT2027 |" in text.split("## ")[4]
    assert text.count(CHANNELS[lang]) == 1  # the channels two rules name, once
    assert LAWYER[lang] not in text.replace("\\", "")  # the lawyer line is the legal footer's
    assert t("brief.stance.dissented", lang) not in text  # the support phone never dissented
    polis = render_briefs(heavy[("heavy", lang)], "md", department="polis")
    assert f"| {t('brief.stance.dissented', lang)} |" in polis
    # the trap's two rules raised together share a row, with every place they were raised
    assert text.count(RULES["individual-step"].text("title", lang)) == 1
    assert t("brief.more.places", lang, n=3) in text


@pytest.mark.parametrize("lang", LANGS)
def test_what_a_page_cannot_hold_is_counted_and_sent_to_the_full_report(heavy, lang):
    text = render_briefs(heavy[("flooded", lang)], "md", department="stodtelefon")
    assert tn("brief.more.said", 4, lang) in text  # seven things said: the first three print
    # the three choices taken back are left out first: every decision that stands prints
    assert tn("brief.more.undone", 3, lang) in text
    assert t("report.decision.undone", lang) not in text
    assert f"{tn('brief.more.flags', 2, lang, rules='X').split('(')[0]}(" in text
    # the support phone's own flags come first: the traps under its mandate and what it typed itself
    for rule in ("individual-step", "discloses-identifiers", "phone", "email"):
        assert RULES[rule].text("title", lang) in text.split(t("brief.flags", lang))[1]
    polis = render_briefs(heavy[("flooded", lang)], "md", department="polis")
    assert not any(tn("brief.more.said", n, lang) in polis for n in range(1, 10))  # the police said one thing
    heavy_text = render_briefs(heavy[("heavy", lang)], "md", department="stodtelefon")
    assert (
        tn("brief.more.undone", 1, lang) in heavy_text and tn("brief.more.flags", 2, lang, rules="X")[:8] in heavy_text
    )


@pytest.mark.parametrize("lang", LANGS)
def test_pasted_paragraphs_are_shortened_and_items_capped_and_the_page_says_so(heavy, lang):
    from tabletop.sim.format.departments import department_name
    from tabletop.sim.review.brief import ITEM_ROWS, TEXT_CHARS

    text = render_briefs(heavy[("long", lang)], "md", department="stodtelefon")
    said = text.split(t("brief.said", lang, department=department_name("stodtelefon", lang)))[1].split("\n## ")[0]
    lines = [line for line in said.splitlines() if line.startswith("- ")]
    assert lines and all(line.endswith("…") and len(line) < TEXT_CHARS + 60 for line in lines)
    assert text.count(t("brief.clipped", lang)) == 1  # once for the page, in its footer
    assert tn("brief.more.items", 8 - ITEM_ROWS, lang) in text  # eight items owned: the first ones print
    # nothing was shortened in the ordinary heavy session, so its page says nothing of it
    assert t("brief.clipped", lang) not in render_briefs(heavy[("heavy", lang)], "md", department="stodtelefon")


@pytest.mark.parametrize("lang", LANGS)
def test_the_as_logged_note_stands_only_where_a_shown_contribution_was_redacted(heavy, lang):
    note = t("brief.said.as-logged", lang)
    assert note in render_briefs(heavy[("heavy", lang)], "md", department="skola")  # an identity number typed
    assert note not in render_briefs(heavy[("heavy", lang)], "md", department="stodtelefon")  # nothing redacted
    # in the flooded session the support phone's redacted words come after the three that print: no note either
    flooded = render_briefs(heavy[("flooded", lang)], "md", department="stodtelefon")
    assert tn("brief.more.said", 4, lang) in flooded


def test_the_briefs_are_written_beside_the_log_readable_by_their_owner_only(played):
    written = write_briefs(played["sv"], "sv")
    assert written == list(brief_paths(played["sv"]).values())
    assert all(oct(p.stat().st_mode & 0o777) == oct(0o600) for p in written)
    assert written[1].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- the command line --------------------------------------------------------------------------------------------


def test_handout_and_brief_commands_write_files_and_refuse_unknown_audiences_in_one_line(played, tmp_path, capsys):
    out = tmp_path / "room.html"
    assert main(["handout", str(CASE), "--for", "room", "--format", "html", "-o", str(out), "--lang", "en"]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["handout", str(CASE), "--for", "nobody"]) == 2
    assert main(["brief", str(played["sv"]), "--department", "samordnare"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and err[0].startswith("tabletop handout: 'nobody'") and "samordnare" in err[1]
    broken = tmp_path / "broken.jsonl"
    broken.write_text(played["sv"].read_text(encoding="utf-8").replace("Norrstad", "Sörstad", 1), encoding="utf-8")
    assert main(["brief", str(broken)]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_the_html_handouts_are_self_contained_and_escape_case_text(case, monkeypatch):
    page = render_handout(case, "facilitator", "html", "en")
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page) and "<script" not in page
    assert "<svg" in page and 'class="section map"' in page
    monkeypatch.setattr(case, "summary", {"en": "<b>bold</b> & more"})
    room = render_handout(case, "room", "html", "en")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in room and "<b>bold</b>" not in room


# --- on paper: a headless browser ---------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


def _browser(tmp_path: Path, page: Path, *flags: str) -> None:
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *flags,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]


def _pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF (pdftotext when it is installed; else only the count is known)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
        return text.stdout.split("\f")[:-1] or [text.stdout]
    count = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    return [""] * count


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium")
def test_the_facilitator_guide_prints_on_a4_with_the_map_whole_on_its_own_page(case, tmp_path):
    page = tmp_path / "guide.html"
    page.write_text(render_handout(case, "facilitator", "html", "sv"), encoding="utf-8")
    shot, pdf = tmp_path / "guide.png", tmp_path / "guide.pdf"
    _browser(tmp_path, page, "--window-size=1000,1400", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    _browser(tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = _pages(pdf)
    assert len(pages) > 3
    if not any(pages):
        pytest.skip("pdftotext is not installed: the page count was checked, the map's page was not")
    heading = t("handout.map", "sv")
    [at] = [i for i, text in enumerate(pages) if re.search(rf"^\s*{heading}\s*$", text, re.M)]
    map_page = " ".join(pages[at].split())
    assert case.text(case.step(case.start).title, "sv") in map_page  # the map's first box
    for step in case.steps:  # every box of the map on that one page (its first word, as the box wraps it)
        assert case.text(step.title, "sv").split()[0] in map_page, step.id
    assert t("handout.steps", "sv") not in map_page  # the map stands alone: the steps start on the next page
    assert " ".join(pages[at + 1].split()).startswith(t("handout.steps", "sv"))
    assert t("handout.safe", "sv") not in map_page


# --- the debrief's key -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_the_debrief_key_writes_the_briefs_beside_the_log_and_says_where(tmp_path, lang):
    from tabletop.tui.screens.debrief import DebriefScreen
    from tests.conftest import settle, until
    from tests.test_app_debrief import app_for, on_screen, play_with_a_breach_undone

    app = app_for(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_with_a_breach_undone(pilot)
        on_screen(app, DebriefScreen)
        (log,) = (tmp_path / "logs").glob("*.jsonl")
        md, page = brief_paths(log).values()
        app.clear_notifications()
        await pilot.press("b")
        await until(pilot, lambda: any(str(md) in n.message for n in app._notifications), "the notification")
        await settle(pilot)
        [note] = [n.message for n in app._notifications]
    assert note == t("brief.written", lang, path=f"{md}, {page}")
    text = md.read_text(encoding="utf-8")
    from tabletop.sim.format.departments import department_name

    for dept in ("skola", "polis"):
        assert f"# {t('brief.title', lang, department=department_name(dept, lang))}" in text
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def _has_font(family: str) -> bool:
    """Whether fontconfig (which Chromium asks on Linux) has the family itself, not a stand-in for it."""
    if not shutil.which("fc-match"):
        return False
    found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True)
    return family in found.stdout


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed at /usr/bin/chromium")
@pytest.mark.skipif(
    not _has_font("Liberation Sans"), reason="the one-page fit is measured in Liberation Sans, not installed here"
)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", ["played", "heavy", "flooded", "long"])
def test_each_department_s_brief_prints_on_exactly_one_a4_page(played, heavy, kind, lang, tmp_path):
    log = played[lang] if kind == "played" else heavy[(kind, lang)]
    page = tmp_path / "briefs.html"
    page.write_text(render_briefs(log, "html"), encoding="utf-8")
    pdf = tmp_path / "briefs.pdf"
    _browser(tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    from tabletop.sim.format.departments import department_name
    from tabletop.sim.format.legalbasis import LEGAL_TEXTS_CHECKED
    from tabletop.sim.play.log import read_log
    from tabletop.sim.play.session import replay
    from tabletop.sim.review.brief import present

    departments = present(replay(read_log(log)[0]))
    footer = t("legal.checked", lang, month=LEGAL_TEXTS_CHECKED)
    pages = _pages(pdf)
    assert len(pages) == len(departments)  # each brief starts a page of its own, so each is exactly one page
    if not any(pages):
        pytest.skip("pdftotext is not installed: the page count was checked, the page starts were not")
    for dept, text in zip(departments, pages, strict=True):
        assert text.strip().splitlines()[0].strip() == t("brief.title", lang, department=department_name(dept, lang))
        assert " ".join(text.split()).endswith(" ".join(footer.split()))  # the whole brief, to its legal line
