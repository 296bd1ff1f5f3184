"""After-action reports: golden Markdown, the HTML's parts and its self-containment, a headless browser."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tabletop.sim.map.draw import layout as layered_layout
from tabletop.sim.play.log import LogError
from tabletop.sim.play.session import Session, replay_file
from tabletop.sim.review.report import render_report, report_html, report_markdown
from tests.conftest import MINIMAL

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
SECRETS = ("Ali Ekström", "Ekbackens skola", "070-174 06 42", "20170101-2393")


def fixed_clock(step_seconds: int = 90, start: datetime = datetime(2026, 11, 24, 13, tzinfo=UTC)):
    ticks = iter(range(0, 10**6, step_seconds))
    return lambda: start + timedelta(seconds=next(ticks))


def play_known(path: Path, lang: str = "en", *, named: bool = False, clock=None) -> Session:
    """A short session of the minimal case with every part a report shows; ``named`` takes the flagged branch."""
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        file="minimal.yaml",
        departments={"skola": 2, "polis": 1},
        term="HT2026",
        group="Norrstad",
        lang=lang,
        log_path=path,
        now=clock or fixed_clock(),
    )
    session.contribute("skola", "Vi följer rutinen; Ali Ekström i 9B på Ekbackens skola.")
    session.contribute("polis", "Ring 070-174 06 42 vid behov.")
    session.decline("ask-name")
    session.choose("ask-name", reasons="Vill veta", agreed=["polis"], confirm=True)
    if named:
        session.contribute("polis", "Vi borde inte ha frågat.")
        session.choose("stop", reasons="Tillbaka till rutinen")
        session.end("Vi lämnade verksamhetsnivån.")
        return session
    session.undo()
    session.choose("routine", reasons="Vår rutin", agreed=["skola", "polis"])
    session.note("Bra fokus på rutinen.")
    session.add_item("Uppdatera rutinen för klistermärken", "skola", "VT2027")
    session.extend(5)
    session.pause()
    session.resume_play()
    session.choose("together", reasons="Samverkan", agreed=["skola"], dissented=["polis"])
    session.end("Det gick bra.")
    return session


@pytest.fixture
def played(tmp_path) -> Path:
    path = tmp_path / "session.jsonl"
    play_known(path).close()
    return path


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{name} is missing; UPDATE_GOLDEN=1 writes it"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 rewrites it"


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_markdown_report_matches_its_golden_file(played, lang):
    _golden(f"report-minimal-{lang}.md", render_report(played, "md", lang))


def test_markdown_report_of_a_breach_path_matches_its_golden_file(tmp_path):
    path = tmp_path / "named.jsonl"
    play_known(path, named=True).close()
    _golden("report-minimal-named-en.md", render_report(path, "md", "en"))


def test_live_and_replayed_state_give_the_same_report(tmp_path):
    session = play_known(tmp_path / "live.jsonl")
    assert report_markdown(session.state, "en") == report_markdown(replay_file(session.path), "en")
    session.close()


def test_report_shows_logged_texts_redacted_and_never_an_identifier(played):
    for fmt in ("md", "html"):
        text = render_report(played, fmt)
        for secret in SECRETS:
            assert secret not in text
        assert "[elev-a: name]" in text.replace("\\[", "[") and "[phone]" in text.replace("\\[", "[")


def test_markdown_report_has_every_part_and_a_mermaid_map_with_the_path(played):
    text = render_report(played, "md", "en")
    for heading in (
        "## Objectives",
        "## The path taken",
        "## Contributions by department",
        "## Decisions",
        "## Improvement items",
        "## Confidentiality flags",
        "## Ending and debrief",
        "## Facilitator's notes",
        "## Hotwash",
        "## Case map",
    ):
        assert heading in text
    mermaid = text.split("```mermaid\n")[1].split("```")[0]
    assert "s0 ==>" in mermaid and "s2 ==>" in mermaid  # the choices taken are thick
    assert '-.->|"⚠ Ask the school' in mermaid  # the flagged branch not taken
    assert "class s0,s2,s3 visited" in mermaid
    assert (
        "| 1 | Stickers | 9:00 | 10 min | The school follows its routine "
        "(undone first: Ask the school for the pupil's name) | School |"
    ) in text  # the choice by its text


def test_an_unfinished_session_says_so(tmp_path):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2027",
        lang="en",
        log_path=tmp_path / "open.jsonl",
        now=fixed_clock(),
    )
    session.contribute("skola", "We start with our routine.")
    text = report_markdown(session.state, "en")
    session.close()
    assert "(not ended)" in text
    assert "(open: the session has not reached an ending)" in text
    assert "The session did not reach an ending." in text


def test_a_log_that_does_not_verify_is_a_one_line_error(played):
    lines = played.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("Ring", "Rang", 1)
    played.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(LogError) as caught:
        render_report(played, "md")
    assert "\n" not in str(caught.value) and ":3: edited" in str(caught.value)


def test_unknown_format_is_refused(played):
    with pytest.raises(ValueError, match="md or html"):
        render_report(played, "pdf")


# --- HTML ---------------------------------------------------------------------------------------------------------


class Parts(HTMLParser):
    """What the tests look for in the HTML: section ids, elements with their classes, every attribute."""

    def __init__(self):
        super().__init__()
        self.sections: list[str] = []
        self.tags: list[str] = []
        self.classes: list[tuple[str, str, dict]] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        self.attributes += [(k, v or "") for k, v in attrs.items()]
        if tag == "section":
            self.sections.append(attrs.get("id", ""))
        self.classes.append((tag, attrs.get("class") or "", attrs))


@pytest.fixture
def html_text(played) -> str:
    return render_report(played, "html", "en")


def test_html_has_every_part(html_text):
    parts = Parts()
    parts.feed(html_text)
    assert parts.sections == [
        "header",
        "objectives",
        "path",
        "contributions",
        "decisions",
        "items",
        "flags",
        "ending",
        "notes",
        "hotwash",
        "map",
    ]
    assert "svg" in parts.tags
    headings = [unescape(h) for h in re.findall(r"<h2>([^<]*)</h2>", html_text)]
    assert headings == [
        "Objectives",
        "The path taken",
        "Contributions by department",
        "Decisions",
        "Improvement items",
        "Confidentiality flags",
        "Ending and debrief",
        "Facilitator's notes",
        "Hotwash",
        "Case map",
    ]


def test_html_map_highlights_the_path_and_marks_flagged_branches(html_text):
    parts = Parts()
    parts.feed(html_text)
    steps = {a["data-step"]: c for tag, c, a in parts.classes if tag == "g" and "data-step" in a}
    assert set(steps) == {"start", "named", "follow-up", "good-end", "poor-end"}
    assert {s for s, c in steps.items() if "visited" in c.split()} == {"start", "follow-up", "good-end"}
    assert "individual" in steps["named"].split()
    edges = {a["data-choice"]: c.split() for tag, c, a in parts.classes if tag == "path" and "data-choice" in a}
    assert "taken" in edges["routine"] and "taken" in edges["together"]
    assert "flagged" in edges["ask-name"] and "taken" not in edges["ask-name"]
    assert "taken" not in edges["wait"] and "flagged" not in edges["wait"]


def test_html_references_nothing_outside_itself(html_text):
    assert "http" not in html_text.lower()
    assert "src=" not in html_text.lower()
    assert "<script" not in html_text.lower() and "<link" not in html_text.lower()
    assert "@import" not in html_text
    parts = Parts()
    parts.feed(html_text)
    for name, value in parts.attributes:
        if name in ("href", "xlink:href", "src", "action", "data"):
            assert value.startswith("#"), (name, value)
    assert all(ref.startswith("#") for ref in re.findall(r"url\(([^)]*)\)", html_text))


def test_html_escapes_logged_text(tmp_path):
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="VT2027",
        lang="en",
        log_path=tmp_path / "x.jsonl",
        now=fixed_clock(),
    )
    session.contribute("skola", "<script>alert(1)</script> & <b>bold</b>")
    text = report_html(session.state, "sv")
    session.close()
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in text
    assert '<html lang="sv">' in text and "Efteranalys" in text


def test_layered_layout_puts_each_step_below_the_steps_that_first_reach_it():
    from tabletop.sim.format.loader import load_text

    scenario = load_text(MINIMAL.read_text(encoding="utf-8"), "minimal.yaml").scenario
    layout = layered_layout(scenario)
    assert layout.layer == {"start": 0, "named": 1, "follow-up": 1, "good-end": 2, "poor-end": 2}
    ys = {step: y for step, (_, y) in layout.boxes.items()}
    assert ys["start"] < ys["named"] == ys["follow-up"] < ys["good-end"] == ys["poor-end"]
    assert len({xy for xy in layout.boxes.values()}) == 5


def test_html_report_of_every_bundled_case_is_well_formed(tmp_path):
    from tabletop.sim.author.playtest import playtest
    from tabletop.sim.format.library import bundled_dir

    for case in sorted(bundled_dir().glob("*.yaml")):
        folder = tmp_path / case.stem
        report = playtest(case.read_text(encoding="utf-8"), case.name, runs=2, seed=1, save_logs=folder)
        assert report.ok
        for log in folder.glob("*.jsonl"):
            for lang in ("sv", "en"):
                text = render_report(log, "html", lang)
                parts = Parts()
                parts.feed(text)
                assert parts.sections[-1] == "map" and "http" not in text


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(
    _chromium() is None, reason="Chromium is not installed (chromium, chromium-browser or google-chrome not on PATH)"
)
def test_a_headless_browser_renders_the_report_offline(html_text, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html_text, encoding="utf-8")
    proc = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = proc.stdout
    for section in ("header", "path", "flags", "map"):
        assert f'id="{section}"' in dom
    assert "<svg" in dom and 'class="edge taken"' in dom


def _crashed_and_resumed(tmp_path: Path) -> Path:
    """A session whose console died with the clock running, resumed half an hour after its last event."""
    start = datetime(2026, 11, 24, 13, tzinfo=UTC)
    session = Session.start(
        MINIMAL.read_text(encoding="utf-8"),
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_dir=tmp_path,
        now=lambda: start,
    )
    session.writer._now = lambda: start + timedelta(minutes=5)
    session.contribute("skola", "We follow our routine.")
    session.close()
    resumed, _ = Session.resume(session.path, now=lambda: start + timedelta(minutes=35))
    resumed.writer._now = lambda: start + timedelta(minutes=40)
    resumed.resume_play()
    resumed.end("")
    resumed.close()
    return session.path


def test_the_report_says_how_long_a_resumed_session_was_away_and_leaves_it_out_of_the_duration(tmp_path):
    path = _crashed_and_resumed(tmp_path)
    english = render_report(path, "md", "en")
    assert "| Time away | 30:00, not counted as the group's time (resumed once) |" in english
    assert "| Duration | 10:00 (steps 5:00, paused 5:00) |" in english  # 40 min on the wall, 30 away, 5 paused
    swedish = render_report(path, "html", "sv")
    assert "Tid borta" in swedish and "30:00, räknas inte som gruppens tid (återupptagen en gång)" in swedish


def test_the_replay_timeline_says_a_session_was_resumed_after_a_crash_and_how_long_it_was_away(tmp_path):
    from tabletop.sim.play.log import read_log
    from tabletop.sim.play.session import scenario_of
    from tabletop.sim.review.replay import describe, details

    events, _ = read_log(_crashed_and_resumed(tmp_path))
    reopen = next(e for e in events if e["type"] == "reopen")
    scenario = scenario_of(events[0])
    assert describe(reopen, scenario, "en") == "Away 30:00; back paused"
    assert details(reopen, scenario, "en") == [
        "The console had stopped with the clock running (a crash or a kill): "
        "the time since its last event counts as away, not as the group's."
    ]
    assert describe(reopen, scenario, "sv") == "Borta 30:00; åter pausad"
    assert details(reopen, scenario, "sv")[0].startswith("Konsolen hade stannat med klockan igång")


# --- what a report prints literally, numbers alike and adds up -----------------------------------------------------

TRICKY = "*bold* | <script>alert(1)</script> [x](y) _u_ `c` # h"


def _tricky_case() -> str:
    """The minimal case with Markdown and HTML metacharacters in its title and a step's title."""
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("en: Stickers at school}", f"en: {TRICKY!r}}}".replace("'", '"'))
    return text.replace("title: {sv: Klistermärken, en: Stickers}", f'title: {{sv: Klistermärken, en: "S {TRICKY}"}}')


def _played_tricky(path: Path) -> Path:
    session = Session.start(
        _tricky_case(),
        file="tricky.yaml",
        departments={"skola": 1, "polis": 1},
        term="HT2026",
        group=TRICKY,
        lang="en",
        log_path=path,
        now=fixed_clock(),
    )
    session.contribute("skola", "C " + TRICKY)
    session.note("N " + TRICKY)
    session.add_item("I " + TRICKY, "skola", "VT2027")
    session.choose("routine", reasons="R " + TRICKY, agreed=["skola"])
    session.choose("together", reasons="Samverkan")
    session.end("H " + TRICKY)
    session.close()
    return path


class Text(HTMLParser):
    """The text a browser shows, and the elements it would build."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.data.append(data)

    @classmethod
    def of(cls, html_text: str) -> Text:
        parser = cls()
        parser.feed(html_text)
        return parser


def test_markdown_and_html_print_metacharacters_in_names_and_texts_as_written(tmp_path):
    from markdown_it import MarkdownIt

    path = _played_tricky(tmp_path / "tricky.jsonl")
    markdown = render_report(path, "md", "en")
    shown = Text.of(MarkdownIt("commonmark").enable("table").render(markdown.split("```mermaid")[0]))
    page = Text.of(render_report(path, "html", "en"))
    for what, text in (("markdown", shown), ("html", page)):
        said = "\n".join(text.data)
        for prefix in ("", "S ", "C ", "N ", "I ", "R ", "H "):  # group, step title, contribution, note, item, ...
            assert prefix + TRICKY in said, (what, prefix)
        assert "script" not in text.tags and "a" not in text.tags and "code" not in text.tags, what
        assert text.tags.count("em") == (1 if what == "markdown" else 0)  # the legal note's, no other
    rows = [line for line in markdown.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") - line.count("\\|") == rows[0].count(" | ") for line in rows[:2])
    mermaid = markdown.split("```mermaid\n")[1].split("```")[0]
    assert "<script>" not in mermaid and "|" not in mermaid.split('"')[1] and "#lt;script#gt;" in mermaid


def test_the_map_and_the_path_table_number_steps_alike_and_show_the_undone_step_as_undone(played):
    markdown = render_report(played, "md", "en")
    path = markdown.split("## The path taken")[1].split("\n## ")[0]
    table = [line.split(" | ") for line in path.splitlines() if re.match(r"^\| \d+ \| ", line)]
    numbered = {cells[1]: cells[0].lstrip("| ") for cells in table}
    assert numbered == {"Stickers": "1", "Follow-up": "2", "Good ending": "3"}
    mermaid = markdown.split("```mermaid\n")[1].split("```")[0]
    assert re.findall(r'\["(\d+)\. ([^"<]+)', mermaid) == [(n, s) for s, n in numbered.items()]
    assert '["⚠ The name is said<br/>(individual level)"]' in mermaid and "class s1 undone" in mermaid
    assert '(undone)"| s1' in mermaid
    html_text = render_report(played, "html", "en")
    parts = Parts()
    parts.feed(html_text)
    badges = re.findall(r'data-step="([^"]+)">.*?(?:class="badge"[^>]*>([^<]*)</text>|</g>)', html_text, re.S)
    assert {step: badge for step, badge in badges if badge} == {"start": "1", "follow-up": "2", "good-end": "3"}
    steps = {a["data-step"]: c.split() for tag, c, a in parts.classes if tag == "g" and "data-step" in a}
    assert "undone" in steps["named"] and "visited" not in steps["named"]
    edges = {a["data-choice"]: c.split() for tag, c, a in parts.classes if tag == "path" and "data-choice" in a}
    assert "undone" in edges["ask-name"] and "taken" not in edges["ask-name"]


def _briefed_paused_and_undone(tmp_path: Path) -> Session:
    """A session opened on a briefing paused in the middle, with a choice undone and a pause during a step."""
    from tests.test_teaching import Clock

    clock = Clock()
    text = MINIMAL.read_text(encoding="utf-8")
    session = Session.start(
        text,
        departments={"skola": 1},
        term="HT2026",
        lang="en",
        log_path=tmp_path / "b.jsonl",
        now=clock,
        briefing=True,
    )
    for act, minutes in (
        (session.pause, 2),
        (session.resume_play, 3),
        (session.begin, 4),
        (lambda: session.choose("routine"), 6),
        (session.undo, 1),
        (session.pause, 7),
        (session.resume_play, 2),
        (lambda: session.choose("routine"), 3),
        (lambda: session.choose("together"), 2),
        (session.end, 1),
    ):
        clock.now += timedelta(minutes=minutes)
        act()
    return session


def test_the_briefing_the_step_times_and_the_time_paused_add_up_to_the_duration(tmp_path, played):
    from tabletop.sim.review.report import analyse

    crashed = replay_file(_crashed_and_resumed(tmp_path))
    briefed = _briefed_paused_and_undone(tmp_path)
    for state in (replay_file(played), crashed, briefed.state):
        r = analyse(state, "en")
        assert abs((r.briefing_seconds or 0) + r.steps_seconds + r.paused_seconds - r.seconds) < 1e-6
    r = analyse(crashed, "en")
    assert (r.seconds, r.steps_seconds, r.paused_seconds, r.away_seconds) == (600, 300, 300, 1800)
    r = analyse(briefed.state, "en")
    assert (r.briefing_seconds, r.steps_seconds, r.paused_seconds) == (6 * 60, 20 * 60, 5 * 60)
    assert [row.seconds for row in r.rows] == [17 * 60, 2 * 60, 60]  # 6 + 1 on the undone branch + 12 - 2 paused
    assert "| Duration | 31:00 (briefing 6:00, steps 20:00, paused 5:00) |" in report_markdown(briefed.state, "en")
    briefed.close()


def test_the_html_prints_on_a4_with_repeated_table_headers_and_the_map_on_a_page_of_its_own(html_text):
    assert "@page{size:A4" in html_text and "thead{display:table-header-group}" in html_text
    assert "#map{break-before:page;break-inside:avoid}" in html_text and "max-height:235mm" in html_text
    parts = Parts()
    parts.feed(html_text)
    assert parts.tags.count("thead") == parts.tags.count("table") - 1  # every table but the header's facts


def _pdf_pages(html_text: str, folder: Path, name: str) -> int:
    page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    page.write_text(html_text, encoding="utf-8")
    proc = subprocess.run(
        [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer"]
        + [f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and pdf.exists(), proc.stderr[-2000:]
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.mark.skipif(
    _chromium() is None, reason="Chromium is not installed (chromium, chromium-browser or google-chrome not on PATH)"
)
def test_printed_to_pdf_the_map_of_the_largest_bundled_case_takes_one_page_of_its_own(tmp_path):
    from tabletop.sim.author.playtest import playtest
    from tabletop.sim.format.library import bundled_dir

    case = max(bundled_dir().glob("*.yaml"), key=lambda p: len(p.read_text(encoding="utf-8")))
    assert playtest(case.read_text(encoding="utf-8"), case.name, runs=1, seed=1, save_logs=tmp_path).ok
    text = render_report(next(tmp_path.glob("*.jsonl")), "html", "en")
    without_map = re.sub(r'<section id="map">.*?</section>', "", text, flags=re.S)
    assert without_map != text
    assert _pdf_pages(text, tmp_path, "full") == _pdf_pages(without_map, tmp_path, "without-map") + 1
