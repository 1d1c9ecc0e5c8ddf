"""The four renderers, on hand-built reports (tests/_reports.py)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from plotly.offline import get_plotlyjs
from rich.console import Console

from candor.errors import CandorError
from candor.model import TIP_TITLES, TIPS, Analysis, Role, Sentence
from candor.report import (
    analysis_to_dict,
    dumps,
    render_html,
    render_terminal,
    to_csv_string,
    write_csv,
    write_html,
    write_json,
)
from tests._reports import THERAPIST, sample_analysis, session_two

STATUS_WORDS = {"ok": "OK", "attention": "Attention", "risk": "Risk", "not_applicable": "Not applicable"}


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return sample_analysis()


def hostile_analysis() -> Analysis:
    """Session two with markup typed into the transcript, as an attacker or a careless export might."""
    r = session_two()
    turns = list(r.turns)
    client = turns[1]
    turns[1] = replace(client, turn=replace(client.turn, text='<script>alert("client")</script> [bold red]loud[/]'))
    t11 = turns[10]
    sentences = list(t11.sentences)
    sentences[0] = replace(sentences[0], text="I was hurt too <img src=x onerror=alert(1)> [/] honestly.")
    turns[10] = replace(t11, sentences=tuple(sentences))
    transcript = replace(r.transcript, source="<b>evil</b>.txt")
    return Analysis.single(replace(r, turns=tuple(turns), transcript=transcript))


# --- JSON -------------------------------------------------------------------


def test_json_has_schema_sessions_and_overall(analysis):
    data = json.loads(dumps(analysis))
    assert list(data) == ["schema", "sessions", "overall"]
    assert data["schema"] == "candor.report/1"
    assert len(data["sessions"]) == 2
    assert list(data["overall"]["tips"]) == list(TIPS)
    assert data["overall"]["tips"]["genuine"]["status"] == "risk"
    assert data["overall"]["stats"]["sessions"] == 2
    assert data["overall"]["stats"]["therapist_sentences"] == 39


def test_json_sessions_carry_turns_codes_and_tips(analysis):
    one, two = json.loads(dumps(analysis))["sessions"]
    assert one["source"] == "2024-05-14-sam.vtt" and one["session"] is None
    assert two["session"] == "session-07" and two["role_confidence"] == 0.82
    assert two["warnings"] == ["No timestamps in this file: the timeline uses turn numbers."]
    assert one["speakers"] == [{"name": THERAPIST, "role": "therapist"}, {"name": "Sam", "role": "client"}]
    for session, report in zip((one, two), analysis.sessions):
        assert list(session["tips"]) == list(TIPS)
        for key, tip in session["tips"].items():
            assert tip["title"] == TIP_TITLES[key]
            assert tip["status"] == report.tips[key].status.value
            assert tip["evidence"] == [{"turn": e.turn, "text": e.text} for e in report.tips[key].evidence]
        assert [t["codes"] for t in session["turns"]] == [list(ct.codes) for ct in report.turns]
    turn5 = one["turns"][4]
    assert turn5["codes"] == ["fact", "strategy"] and turn5["flags"] == ["same_boat"]
    assert turn5["start"] == 80.4 and turn5["speaker"] == THERAPIST and turn5["role"] == "therapist"
    assert turn5["sentences"][0] == {
        "text": "I know exactly how you feel, I went through the same thing with my father.",
        "code": "fact",
        "flags": ["same_boat"],
        "confidence": 0.91,
    }
    assert two["turns"][0]["start"] is None


def test_json_client_turns_are_uncoded(analysis):
    for session in analysis_to_dict(analysis)["sessions"]:
        for turn in session["turns"]:
            if turn["role"] == "client":
                assert (turn["codes"], turn["flags"], turn["sentences"]) == ([], [], [])
                assert turn["text"]


def test_json_is_deterministic_and_rounds_confidence(analysis):
    r = analysis.sessions[0]
    ct = r.turns[8]
    wobbly = replace(ct, sentences=(replace(ct.sentences[1], confidence=0.861234567),))
    a = Analysis.single(replace(r, turns=r.turns[:8] + (wobbly,)))
    data = json.loads(a.to_json())
    assert data["sessions"][0]["turns"][8]["sentences"][0]["confidence"] == 0.861
    assert dumps(analysis) == dumps(sample_analysis())


def test_single_session_json_uses_the_session_as_overall(analysis):
    data = json.loads(analysis.sessions[1].to_json())
    assert len(data["sessions"]) == 1
    assert data["overall"]["tips"]["balance"]["status"] == "not_applicable"


def test_write_json_round_trips(analysis, tmp_path):
    path = write_json(analysis, tmp_path / "report.json")
    assert json.loads(path.read_text(encoding="utf-8")) == analysis_to_dict(analysis)


# --- CSV --------------------------------------------------------------------


def test_csv_has_one_row_per_therapist_sentence(analysis):
    rows = list(csv.DictReader(io.StringIO(to_csv_string(analysis))))
    assert list(rows[0]) == [
        "source", "session", "turn", "speaker", "start", "sentence",
        "text", "code", "flags", "confidence", "self_involving",
    ]  # fmt: skip
    expected = [
        (r.transcript.source, ct.turn.index, i, s)
        for r in analysis.sessions
        for ct in r.turns
        if ct.role is Role.THERAPIST
        for i, s in enumerate(ct.sentences)
    ]
    assert len(rows) == len(expected) == 39
    assert {row["speaker"] for row in rows} == {THERAPIST}  # no client rows
    for row, (source, turn, i, s) in zip(rows, expected):
        assert (row["source"], int(row["turn"]), int(row["sentence"])) == (source, turn, i)
        assert (row["text"], row["code"], row["flags"]) == (s.text, s.code, ";".join(s.flags))
        assert row["self_involving"] == ("true" if s.self_involving else "false")
    assert {row["code"] for row in rows} == {
        "none", "fact", "feeling", "insight", "strategy", "immediacy", "vulnerability",
    }  # fmt: skip
    feeling = next(row for row in rows if row["flags"] == "unprofessional;returns_focus")
    assert (feeling["session"], feeling["start"], feeling["turn"]) == ("session-07", "", "11")
    assert rows[0]["start"] == "4.0" and rows[0]["session"] == ""


def test_write_csv_replaces_the_file_whole(analysis, tmp_path):
    path = tmp_path / "sentences.csv"
    path.write_text("old contents\n")
    write_csv(analysis, path)
    with path.open(newline="", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 39
    assert os.listdir(tmp_path) == ["sentences.csv"]


def test_write_csv_into_a_missing_folder_leaves_nothing(analysis, tmp_path):
    target = tmp_path / "no-such-folder" / "sentences.csv"
    with pytest.raises(CandorError, match="no-such-folder"):
        write_csv(analysis, target)
    assert not target.exists()
    assert os.listdir(tmp_path) == []


def test_failed_write_keeps_the_old_file_and_no_temp_file(analysis, tmp_path, monkeypatch):
    path = tmp_path / "sentences.csv"
    path.write_text("old contents\n")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(CandorError, match="No space left"):
        write_csv(analysis, path)
    assert path.read_text() == "old contents\n"
    assert os.listdir(tmp_path) == ["sentences.csv"]


# --- terminal ---------------------------------------------------------------


def terminal_text(a: Analysis, width: int = 100) -> str:
    console = Console(record=True, width=width, no_color=True, file=io.StringIO())
    render_terminal(a, console)
    return console.export_text()


def flat(text: str) -> str:
    return " ".join(text.split())


def sections(a: Analysis, text: str) -> list[str]:
    heads = [r.transcript.name for r in a.sessions] + [f"All {len(a.sessions)} sessions together"]
    starts = [text.index(h) for h in heads] + [len(text)]
    return [text[starts[i] : starts[i + 1]] for i in range(len(heads))]


def test_terminal_shows_each_tip_with_its_status_word(analysis):
    text = terminal_text(analysis)
    parts = sections(analysis, text)
    assert len(parts) == 3
    for part, tips in zip(parts, [r.tips for r in analysis.sessions] + [analysis.tips]):
        for key in TIPS:
            line = next(line for line in part.splitlines() if TIP_TITLES[key] in line)
            assert STATUS_WORDS[tips[key].status.value] in line, line


def test_terminal_quotes_every_moment_with_its_turn(analysis):
    text = terminal_text(analysis)
    for part, r in zip(sections(analysis, text), analysis.sessions):
        body = flat(part)
        assert len(r.findings) >= 4
        for f in r.findings:
            at = body.index(f"“{f.text}”")
            head = body[max(0, at - 90) : at]
            assert re.search(rf"Turn {f.turn} ", head), head
        assert "Therapist: Dr. Maya Lee" in body
    first = flat(sections(analysis, text)[0])
    assert "Turn 5 01:20 Fact · same boat" in first
    assert "22 turns" in first


def test_terminal_fits_80_columns_and_shows_text_literally():
    text = terminal_text(hostile_analysis(), width=80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "I was hurt too <img src=x onerror=alert(1)> [/] honestly." in flat(text)


def test_terminal_single_session_has_no_overall_view(analysis):
    text = terminal_text(Analysis.single(analysis.sessions[0]))
    assert "sessions together" not in text
    assert "Be genuine" in text


# --- HTML -------------------------------------------------------------------


class _Links(HTMLParser):
    """Collects every URL-bearing attribute and every element id."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()
        self.tip_cards = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href"):
            if attrs.get(name):
                self.urls.append(attrs[name])
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if "tip-card" in (attrs.get("class") or "").split():
            self.tip_cards += 1


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html.replace(get_plotlyjs(), ""))
    return parser


def test_html_references_nothing_outside_the_file(analysis):
    page = render_html(analysis)
    assert page.count(get_plotlyjs()) == 1  # inlined, once for all charts
    markup = page.replace(get_plotlyjs(), "")
    assert "http://" not in markup and "https://" not in markup
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", markup)
    links = parse(page)
    assert links.urls and all(u.startswith("#") for u in links.urls)
    assert "Content-Security-Policy" in markup and "default-src 'none'" in markup


def test_html_links_point_at_turns_in_the_page(analysis):
    links = parse(render_html(analysis))
    assert {u[1:] for u in links.urls} <= links.ids
    assert {"s1-t5", "s1-t13", "s2-t11"} <= links.ids


def test_html_has_the_four_tip_cards_per_view(analysis):
    page = render_html(analysis)
    assert parse(page).tip_cards == 12  # overall + two sessions
    for key in TIPS:
        assert page.count(f'data-tip="{key}"') == 3
    assert '<span class="badge status-risk">✗ Risk</span>' in page
    assert '<span class="badge status-not_applicable">– Not applicable</span>' in page
    single = render_html(Analysis.single(analysis.sessions[0]))
    assert parse(single).tip_cards == 4 and 'id="overall"' not in single


def test_html_shows_transcript_with_highlighted_moments(analysis):
    page = render_html(analysis)
    assert page.count('<li class="turn') == 22 + 13
    assert "I know exactly how you feel, I went through the same thing with my father." in page
    assert '<span class="label code code-vulnerability">Vulnerability</span>' in page
    assert '<span class="label flag">same boat</span>' in page
    assert "Self-involving only" in page and "minutes into the session" in page
    assert "Generated by Candor " in page and "Nothing in this file was sent anywhere." in page
    assert "@media print" in page


def test_html_escapes_transcript_text():
    page = render_html(hostile_analysis())
    markup = page.replace(get_plotlyjs(), "")
    assert '<script>alert("client")</script>' not in markup
    assert "&lt;script&gt;alert(&quot;client&quot;)&lt;/script&gt;" in markup
    assert "<img src=x" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "<b>evil</b>" not in markup and "&lt;b&gt;evil&lt;/b&gt;.txt" in markup
    # The chart's hover text carries the quote as JSON with < escaped, and as
    # escaped HTML inside it, so plotly shows it as text.
    assert "onerror=alert(1)\\u003e" not in markup
    assert "\\u201cI was hurt too &lt;img src=x onerror=alert(1)&gt;" in markup


def test_html_is_deterministic_and_written_whole(analysis, tmp_path):
    assert render_html(analysis) == render_html(sample_analysis())
    path = write_html(analysis, tmp_path / "report.html")
    assert path.read_text(encoding="utf-8") == render_html(analysis)
    assert os.listdir(tmp_path) == ["report.html"]


def test_html_for_a_session_without_moments():
    r = session_two()
    quiet = tuple(
        replace(ct, sentences=tuple(Sentence(s.text) for s in ct.sentences)) for ct in r.turns
    )
    page = render_html(Analysis.single(replace(r, turns=quiet)))
    assert "No self-involving moments in this session" in page
    assert "Self-involving only <small>0</small>" in page
