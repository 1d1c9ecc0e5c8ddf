"""The corpus report (summary.html) in a real browser: drawn, offline, printable, readable without JS.

Built from real AnnoMI sessions as in tests/test_corpus_report.py, grown to
5,000 sessions over 60 therapists. Screenshots and a PDF land in
test-artifacts/ for a human look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from candor.report.corpus import render_corpus_html
from tests.e2e.conftest import ARTIFACTS, Watched
from tests.test_corpus_report import corpus, grown  # noqa: F401  (corpus is a fixture)

pytestmark = pytest.mark.browser

CHARTS = ("shares-chart", "therapists-chart", "tips-chart", "codes-chart", "flags-chart", "moments-chart")


@pytest.fixture(scope="module")
def summary_file(corpus, tmp_path_factory) -> Path:  # noqa: F811
    path = tmp_path_factory.mktemp("summary") / "summary.html"
    sessions = grown(corpus.sessions, 5_000, therapists=60)
    path.write_text(render_corpus_html(sessions, corpus.errors, run={"inputs": 5_003, "workers": 2}), encoding="utf-8")
    return path


@pytest.fixture()
def opened(browser, summary_file):
    w = Watched(browser)
    w.page.goto(summary_file.as_uri())
    for chart in CHARTS:
        w.page.locator(f"#{chart} .main-svg").first.wait_for()
    yield w
    w.context.close()


def outside(w: Watched, path: Path) -> list[str]:
    return [u for u in w.requests if u != path.as_uri() and not u.startswith(("data:", "blob:"))]


def test_every_chart_is_drawn_with_the_band_and_nothing_leaves_the_file(opened, summary_file):
    page = opened.page
    for chart in CHARTS:
        assert page.locator(f"#{chart} .main-svg").first.bounding_box()["height"] > 150
    assert page.locator("#shares-chart .shapelayer path").count() == 3  # reference band, attention, risk
    assert page.get_by_text("reference band (up to 10%)").first.is_visible()
    assert page.locator("#therapists-chart .bars .point").count() == 30  # the top 30 of 60, as the text says
    assert page.locator("#tips-chart .bars .point").count() >= 4
    # Hovering shows the hover label and the modebar: the paths that would fetch, if any did.
    bar = page.locator("#moments-chart .bars .point").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator("#moments-chart .hoverlayer .hovertext").wait_for()
    assert "sessions" in page.locator("#moments-chart .hoverlayer .hovertext").text_content()
    assert outside(opened, summary_file) == []
    assert opened.errors == []  # a CSP violation would show up here
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "summary.png"), full_page=True)


def test_printing_fits_the_charts_to_the_paper(opened):
    page = opened.page
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert max(page.locator(f"#{c} .main-svg").first.bounding_box()["width"] for c in CHARTS) <= 680
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "summary.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000
    assert opened.errors == []


def test_readable_without_javascript(browser, summary_file):
    w = Watched(browser, java_script_enabled=False)
    try:
        page = w.page
        page.goto(summary_file.as_uri())
        assert page.locator("table.tip-table").is_visible()
        assert page.locator("table.zones").is_visible()
        assert page.locator("table.therapist-table tbody tr").count() == 60
        note = page.locator("#shares-chart-box .chart-note")  # text search skips <noscript>: find it by place
        assert note.is_visible() and "The chart needs JavaScript" in note.inner_text()
    finally:
        w.context.close()


def test_an_empty_corpus_shows_the_message_and_the_errors(browser, corpus, tmp_path):  # noqa: F811
    path = tmp_path / "summary.html"
    path.write_text(render_corpus_html(corpus.sessions.iloc[0:0], corpus.errors), encoding="utf-8")
    w = Watched(browser)
    try:
        page = w.page
        page.goto(path.as_uri())
        assert page.get_by_text("No sessions to summarise").is_visible()
        assert page.locator("table.error-table tbody tr").count() == 3
        assert page.locator(".js-plotly-plot").count() == 0
        assert outside(w, path) == [] and w.errors == []
    finally:
        w.context.close()
