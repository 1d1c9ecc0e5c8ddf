"""The corpus report (summary.html) on real sessions: AnnoMI, coded by Candor.

The sessions table is built the way a batch run builds it (session_rows,
written as a Parquet part and read back), the errors from real inputs that
Candor refuses. Larger corpora repeat those rows under new ids. The same
page in a real browser: tests/e2e/test_corpus_report_browser.py.
"""

from __future__ import annotations

import json
from html import escape, unescape
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

import candor
from candor.assess.settings import DEFAULT, Settings
from candor.batch.tables import read_table, session_rows, write_part
from candor.model import CODE_LABELS, TIP_TITLES, TIPS
from candor.report._common import CODE_COLOURS
from candor.report.corpus import render_corpus_html

STATUS_COLUMNS = ["OK", "Attention", "Risk", "Not applicable"]
STATUS_VALUES = ["ok", "attention", "risk", "not_applicable"]


@dataclass(frozen=True)
class Corpus:
    sessions: pd.DataFrame
    errors: pd.DataFrame
    reports: tuple[candor.SessionReport, ...]


def refused_inputs(folder: Path) -> list[dict]:
    """Error rows for inputs Candor really refuses, with its own reasons."""
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 a scanned page")
    (folder / "notes.txt").write_text("Met with the client today. We talked about sleep and work.\n")
    rows = []
    for path in sorted(folder.iterdir()):
        with pytest.raises(candor.InputError) as refused:
            candor.read(path)
        rows.append({"source": path.name, "session": None, "kind": "unreadable", "reason": str(refused.value)})
    return rows


@pytest.fixture(scope="module")
def corpus(shared_data, tmp_path_factory) -> Corpus:
    transcripts = candor.read_all(shared_data / "annomi" / "AnnoMI-simple.csv")[::3]  # 45 of the 133 sessions
    reports = tuple(candor.analyze(t) for t in transcripts)
    out = tmp_path_factory.mktemp("batch")
    rows = {"sessions": [], "turns": [], "sentences": []}
    for r in reports:
        for name, more in session_rows(r, "AnnoMI-simple.csv", 0).items():
            rows[name] += more
    rows["errors"] = [{**e, "part": 0} for e in refused_inputs(out / "inputs")]
    write_part(out, 0, rows)
    return Corpus(read_table(out, "sessions").to_pandas(), read_table(out, "errors").to_pandas(), reports)


@pytest.fixture(scope="module")
def page(corpus) -> str:
    return render_corpus_html(corpus.sessions, corpus.errors, run={"inputs": 4, "candor": "0.1.0"})


def grown(sessions: pd.DataFrame, n: int, therapists: int = 40) -> pd.DataFrame:
    """n sessions: the real rows repeated under new ids, spread over `therapists` names."""
    df = sessions.iloc[np.arange(n) % len(sessions)].reset_index(drop=True)
    df["session_id"] = [f"s{i:012d}" for i in range(n)]
    df["session"] = [str(i) for i in range(n)]
    df["therapist"] = [f"Therapist {i % therapists:05d}" for i in range(n)]
    return df


def markup(html: str) -> str:
    return html.replace(get_plotlyjs(), "")


def figure(html: str, div_id: str) -> tuple[list, dict]:
    """The data and layout a chart is drawn from, as the page hands them to plotly."""
    start = re.search(rf'Plotly\.newPlot\(\s*"{div_id}",\s*', html).end()
    decoder = json.JSONDecoder()
    data, end = decoder.raw_decode(html, start)
    layout, _ = decoder.raw_decode(html, html.index("{", end))
    return data, layout


def section(html: str, anchor: str) -> str:
    start = html.index(f'<section class="block" id="{anchor}"')
    return html[start : html.index("</section>", start)]


def table_rows(html: str, cls: str) -> list[list[str]]:
    """A table's body as cell texts, tags stripped."""
    body = re.search(rf'<table class="corpus-table {cls}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]  # fmt: skip


def headline(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section(html, "glance")))


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster", "data", "formaction", "xlink:href") and value:
                self.urls.append(value)


# --- what the page says --------------------------------------------------------


def test_headline_figures_match_the_tables(corpus, page):
    s = corpus.sessions
    facts = headline(page)
    assert facts["Sessions"] == "45" == str(len(corpus.reports))
    assert facts["Therapists"] == "1"  # AnnoMI names every counsellor "therapist"
    assert facts["Therapist turns"] == f"{s.therapist_turns.sum():,}"
    assert facts["Therapist sentences"] == f"{s.therapist_sentences.sum():,}"
    assert facts["Self-involving sentences"] == str(sum(len(r.findings) for r in corpus.reports))
    involved = sum(r.stats.self_involving_turns for r in corpus.reports)
    assert facts["Turns with a self-involving statement"].startswith(f"{involved} (")
    judged = s[s.therapist_turns >= DEFAULT.min_therapist_turns]
    median = np.median(judged.self_involving_turns / judged.therapist_turns)
    assert facts["Median self-involving share per session"].startswith(f"{median * 100:.1f}%")
    assert facts["Inputs that could not be read"] == "3"
    assert "45 sessions from 1 file · 1 therapist" in page


def test_each_chart_is_there_with_its_title(page):
    for anchor, title, chart in [
        ("shares", "Self-involving share per session", "shares-chart"),
        ("therapists", "Per therapist", "therapists-chart"),
        ("tips", "Tip statuses", "tips-chart"),
        ("codes", "Codes and flags", "codes-chart"),
        ("codes", "Codes and flags", "flags-chart"),
        ("moments", "Moments per session", "moments-chart"),
    ]:
        block = section(page, anchor)
        assert f'<h2 id="{anchor}-title">{title}</h2>' in block
        assert f'<div id="{chart}" class="plotly-graph-div"' in block
        assert f'href="#{anchor}"' in page  # in the contents
    assert page.count(get_plotlyjs()) == 1


def test_share_chart_shades_the_reference_band_and_counts_like_the_balance_tip(corpus, page):
    data, layout = figure(page, "shares-chart")
    rects = sorted((round(s["x0"], 2), round(s["x1"], 2)) for s in layout["shapes"])
    assert rects[0][1] == 10 and rects[1] == (10, 20) and rects[2][0] == 20
    assert [a["text"] for a in layout["annotations"]] == ["reference band (up to 10%)", "attention", "risk"]
    s = corpus.sessions
    judged = s[s.therapist_turns >= DEFAULT.min_therapist_turns]
    assert sum(data[0]["y"]) + sum(data[1]["y"]) == len(judged)
    assert data[0]["y"] == [int((judged.self_involving_turns == 0).sum())]

    # The zones in the text are the balance tip's own verdicts, computed separately.
    block = section(page, "shares")
    assert "up to 10% of therapist turns (disclosure proper is about 1.0% of therapist responses" in block
    tip = s.tip_balance.value_counts()
    zones = [int(row[1].split()[0]) for row in table_rows(block, "zones")]
    assert zones[0] + zones[1] == tip.get("ok", 0)
    assert zones[2:] == [tip.get("attention", 0), tip.get("risk", 0)]
    assert f"{tip.get('not_applicable', 0)} sessions with fewer than 10 therapist turns are left out" in block


def test_band_follows_the_settings(corpus):
    strict = Settings(band_high=0.02, band_risk=0.04)
    page = render_corpus_html(corpus.sessions, corpus.errors, settings=strict)
    _, layout = figure(page, "shares-chart")
    assert sorted(round(s["x1"], 2) for s in layout["shapes"])[:2] == [2, 4]
    assert "up to 2.0% of therapist turns" in section(page, "shares")
    s = corpus.sessions
    share = s.self_involving_turns / s.therapist_turns
    judged = s.therapist_turns >= strict.min_therapist_turns
    zones = [int(row[1].split()[0]) for row in table_rows(section(page, "shares"), "zones")]
    assert zones[2:] == [int((judged & (share > 0.02) & (share <= 0.04)).sum()), int((judged & (share > 0.04)).sum())]


def test_tip_status_counts_are_the_sessions_statuses(corpus, page):
    rows = table_rows(section(page, "tips"), "tip-table")
    assert [r[0] for r in rows] == [TIP_TITLES[k] for k in TIPS]
    data, _ = figure(page, "tips-chart")
    assert [t["name"] for t in data] == STATUS_COLUMNS
    for row, key in zip(rows, TIPS):
        expected = [sum(r.tips[key].status.value == v for r in corpus.reports) for v in STATUS_VALUES]
        assert [int(cell.split()[0]) for cell in row[1:]] == expected
        assert sum(expected) == 45
        i = TIPS.index(key)
        assert [trace["x"][i] for trace in data] == expected


def test_codes_and_flags_are_counted_in_the_code_colours(corpus, page):
    found = [f for r in corpus.reports for f in r.findings]
    sentences = [s for r in corpus.reports for ct in r.turns for s in ct.sentences]
    data, _ = figure(page, "codes-chart")
    labels = data[0]["y"]
    assert labels == [CODE_LABELS[c] for c in ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")]
    for label, n, colour in zip(labels, data[0]["x"], data[0]["marker"]["color"]):
        code = next(c for c, lab in CODE_LABELS.items() if lab == label)
        assert n == sum(f.code == code for f in found)
        assert colour == CODE_COLOURS[code]
    flags, _ = figure(page, "flags-chart")
    assert flags[0]["y"] == ["same boat", "shared humanity", "unprofessional", "returns focus"]
    assert flags[0]["x"] == [sum(flag in s.flags for s in sentences)  # flags count on any therapist sentence
                             for flag in ("same_boat", "shared_humanity", "unprofessional", "returns_focus")]  # fmt: skip
    assert [r[1] for r in table_rows(section(page, "codes"), "code-table")] == [str(n) for n in data[0]["x"]]


def test_moments_per_session(corpus, page):
    data, _ = figure(page, "moments-chart")
    per_session = [r.stats.self_involving_turns for r in corpus.reports]
    assert sum(data[0]["y"]) == 45
    assert data[0]["y"][:3] == [per_session.count(k) for k in range(3)]
    assert f"none in {per_session.count(0)} (" in section(page, "moments")


def test_therapist_table_and_errors(corpus, page):
    rows = table_rows(section(page, "therapists"), "therapist-table")
    s = corpus.sessions
    assert rows[0][:5] == ["therapist", "45", f"{s.therapist_turns.sum():,}", str(s.self_involving_turns.sum()),
                           f"{s.self_involving_turns.sum() / s.therapist_turns.sum() * 100:.1f}%"]  # fmt: skip
    errors = table_rows(section(page, "errors"), "error-table")
    assert [r[0] for r in errors] == ["empty.txt", "notes.txt", "scan.pdf"]
    assert errors[2][3].startswith("scan.pdf: this is a PDF, not a transcript; give Candor a text")
    assert "By kind: unreadable 3." in section(page, "errors")
    about = section(page, "run")
    assert "<dt>inputs</dt><dd>4</dd>" in about and "<dt>candor</dt><dd>0.1.0</dd>" in about


# --- what the page must never do -------------------------------------------------


def test_the_page_makes_no_network_requests(page):
    rest = markup(page)
    assert "Content-Security-Policy" in rest and "default-src 'none'" in rest
    assert "http://" not in rest and "https://" not in rest
    assert not re.search(r"@import|url\(\s*['\"]?(?!data:)", rest)
    parser = _Urls()
    parser.feed(rest)
    assert parser.urls and all(u.startswith("#") for u in parser.urls)


def test_no_transcript_text_reaches_the_page(corpus, page):
    said = [t.text for r in corpus.reports for t in r.transcript.turns]
    said += [s.text for r in corpus.reports for ct in r.turns for s in ct.sentences]
    long_enough = {" ".join(t.split()) for t in said if len(t) >= 25}  # short ones ("I see.") could occur by chance
    assert len(long_enough) > 1000
    text = " ".join(markup(page).split())
    assert [t for t in long_enough if t in text or escape(t) in text] == []


def test_names_and_reasons_are_escaped(corpus):
    sessions = corpus.sessions.copy()
    sessions.loc[0, "therapist"] = '<img src=x onerror=alert(1)>'
    errors = pd.DataFrame([{"source": "<b>evil</b>.txt", "session": "</script>", "kind": "unreadable",
                            "reason": "<script>alert(2)</script>", "part": 0}])  # fmt: skip
    page = markup(render_corpus_html(sessions, errors, title="<i>Clinic</i>", run={"<k>": "<v>"}))
    for raw in ("<img src=x", "<b>evil</b>", "<script>alert(2)", "<i>Clinic</i>", "<k>", "<v>"):
        assert raw not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;b&gt;evil&lt;/b&gt;.txt" in page
    assert "onerror=alert(1)\\u003e" not in page  # the chart's tick label is escaped HTML inside escaped JSON


def test_same_tables_give_the_same_bytes(corpus, page, tmp_path):
    again = render_corpus_html(corpus.sessions.copy(), corpus.errors.copy(), run={"inputs": 4, "candor": "0.1.0"})
    assert again == page
    assert "window.PLOTLYENV" in page and not re.search(r'id="[0-9a-f]{8}-[0-9a-f]{4}-', page)


def test_size_and_time_do_not_grow_with_the_corpus(corpus):
    small = render_corpus_html(grown(corpus.sessions, 1_000), corpus.errors)
    big_sessions = grown(corpus.sessions, 100_000)
    started = time.perf_counter()
    big = render_corpus_html(big_sessions, corpus.errors)
    took = time.perf_counter() - started
    assert took < 5, f"100,000 sessions took {took:.1f} s"
    assert abs(len(big) - len(small)) < 10_000  # only the numbers get longer
    assert "100,000 sessions from 1 file · 40 therapists" in big
    for chart in ("shares-chart", "therapists-chart", "tips-chart", "codes-chart", "moments-chart"):
        data, _ = figure(big, chart)
        assert all(len(trace.get("x", [])) <= 101 for trace in data)  # bins, never a point per session


def test_long_lists_are_capped_and_say_so(corpus):
    sessions = grown(corpus.sessions, 20_000, therapists=5_000)
    errors = pd.DataFrame([{"source": f"export-{i:04d}.docx", "session": None, "kind": "unreadable",
                            "reason": "the file is empty; export the transcript again", "part": 0}
                           for i in range(500)])  # fmt: skip
    page = render_corpus_html(sessions, errors)
    therapists = section(page, "therapists")
    assert len(table_rows(therapists, "therapist-table")) == 200
    assert "4,800 more are left off" in therapists
    assert "the chart shows the 30 with the most sessions (of 5,000 therapists)" in therapists
    assert len(figure(page, "therapists-chart")[0][0]["y"]) == 30
    assert len(table_rows(section(page, "errors"), "error-table")) == 200
    assert "Showing the first 200 of 500" in section(page, "errors")


def test_therapists_without_any_self_involvement_are_pointed_out(corpus):
    sessions = grown(corpus.sessions, 450, therapists=45)  # each therapist: one real session, ten times over
    g = sessions.groupby("therapist").agg(turns=("therapist_turns", "sum"), involved=("self_involving_turns", "sum"))
    expected = int(((g.involved == 0) & (g.turns >= DEFAULT.min_therapist_turns)).sum())
    assert 0 < expected < 45
    block = section(render_corpus_html(sessions, corpus.errors), "therapists")
    assert f"{expected} therapists with 5 or more sessions have no self-involving statement at all." in block


def test_an_empty_corpus_renders_a_plain_message(corpus):
    empty = corpus.sessions.iloc[0:0]
    page = render_corpus_html(empty, corpus.errors)
    assert "No sessions to summarise" in page and "nothing to chart" in page
    assert "Plotly.newPlot" not in page and get_plotlyjs() not in page
    assert headline(page)["Sessions"] == "0" and headline(page)["Median self-involving share per session"] == "–"
    assert len(table_rows(section(page, "errors"), "error-table")) == 3
    assert len(page) < 100_000
    nothing = render_corpus_html(empty, corpus.errors.iloc[0:0])
    assert "Every input was read." in nothing


def test_short_sessions_and_unnamed_therapists_are_explained(corpus):
    sessions = corpus.sessions.copy()
    sessions["therapist_turns"] = 4  # too little talk to judge any share
    sessions.loc[:4, "therapist"] = None
    page = render_corpus_html(sessions, corpus.errors)
    assert "No session has 10 or more therapist turns, so no share is shown." in page
    assert "5 sessions without an identified therapist are not counted here." in page
    assert "In 5 sessions no speaker was identified as the therapist." in page


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="self_involving_turns"):
        render_corpus_html(pd.DataFrame({"source": ["a.txt"]}), pd.DataFrame(columns=["source", "kind", "reason"]))


def test_the_report_does_not_import_the_batch_runner():
    code = "import sys, candor.report.corpus; print([m for m in sys.modules if m.startswith('candor.batch')])"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
