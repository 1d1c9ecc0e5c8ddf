"""The HTML report in a real browser: offline, charts drawn, filters working, printable.

Uses Debian's Chromium (`make chromium`); Playwright's own browser download
is never used. Screenshots and a PDF land in test-artifacts/ for a human look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from candor.model import Analysis
from candor.report import write_html
from tests._reports import sample_analysis
from tests.e2e.conftest import ARTIFACTS, Watched

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return sample_analysis()


@pytest.fixture(scope="module")
def report_file(analysis, tmp_path_factory) -> Path:
    return write_html(analysis, tmp_path_factory.mktemp("html") / "report.html")


class Opened(Watched):
    """A page on the report, with every request and console error it caused."""

    def __init__(self, browser, path: Path, **context_options) -> None:
        super().__init__(browser, **context_options)
        self.page.goto(path.as_uri())


@pytest.fixture()
def opened(browser, report_file):
    o = Opened(browser, report_file)
    o.page.wait_for_selector("#s1-timeline .main-svg")
    yield o
    o.context.close()


def pointer_to(page, locator) -> tuple[float, float]:
    """Move the mouse onto a chart marker; plotly's drag layer sits above the markers."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    return x, y


def test_nothing_leaves_the_file(opened, report_file):
    page = opened.page
    # Hovering shows the hover label and the modebar: the paths that would fetch, if any did.
    pointer_to(page, page.locator("#s1-timeline .scatterlayer .point").first)
    page.locator("#s1-timeline .hoverlayer .hovertext").wait_for()
    page.locator("#s1-timeline .modebar").wait_for()
    others = [u for u in opened.requests if u != report_file.as_uri() and not u.startswith(("data:", "blob:"))]
    assert others == []
    assert opened.requests[0] == report_file.as_uri()
    assert opened.errors == []  # a CSP violation would show up here


def test_tip_cards_and_timeline_are_shown(opened, analysis):
    page = opened.page
    for anchor in ("overall", "s1", "s2"):
        cards = page.locator(f"#{anchor} .tip-card")
        assert cards.count() == 4
        for i in range(4):
            assert cards.nth(i).is_visible()
    for anchor, r in zip(("s1", "s2"), analysis.sessions):
        chart = page.locator(f"#{anchor}-timeline .main-svg").first
        assert chart.is_visible()
        assert chart.bounding_box()["height"] > 150
        markers = page.locator(f"#{anchor}-timeline .scatterlayer .point")
        assert markers.count() == len({(f.turn, f.code) for f in r.findings})
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    page.screenshot(path=str(ARTIFACTS / "report-top.png"))


def test_hover_names_the_turn_and_a_click_jumps_to_it(opened):
    page = opened.page
    marker = page.locator("#s1-timeline .scatterlayer .trace").first.locator(".point").first
    x, y = pointer_to(page, marker)
    hover = page.locator("#s1-timeline .hoverlayer .hovertext")
    hover.wait_for()
    text = " ".join(hover.text_content().split())
    assert "Turn 5 · 01:20" in text and "Fact · same boat" in text
    page.mouse.click(x, y)
    page.wait_for_function("location.hash === '#s1-t5'")


def test_self_involving_only_filter(opened, analysis):
    page = opened.page
    turns = page.locator("#s1-turns > li.turn")
    assert turns.count() == 22
    page.locator("#s1 .filter-bar").get_by_text("Self-involving only").click()
    visible = page.locator("#s1-turns > li.turn:visible")
    expected = [f"s1-t{ct.turn.index}" for ct in analysis.sessions[0].turns if ct.self_involving]
    assert [visible.nth(i).get_attribute("id") for i in range(visible.count())] == expected
    assert page.locator("#s1 .filter-count").inner_text() == f"Showing {len(expected)} of 22 turns"
    assert page.locator("#s2-turns > li.turn:visible").count() == 13  # other sessions untouched

    page.locator("#s1 .filter-bar").get_by_text("same boat").click()
    assert [visible.nth(i).get_attribute("id") for i in range(visible.count())] == ["s1-t5"]

    # A link to a hidden turn brings it back.
    page.locator("#s1 .tip-card[data-tip='expert_role'] a[href='#s1-t9']").click()
    page.locator("#s1-t9").wait_for(state="visible", timeout=5000)  # the page reacts to the hash change
    assert turns.filter(visible=True).count() == 22


def test_print_hides_the_filters_and_shows_every_turn(opened):
    page = opened.page
    page.locator("#s1 .filter-bar").get_by_text("Self-involving only").click()
    page.emulate_media(media="print")
    assert page.locator("#s1 .filter-bar").is_hidden()
    assert page.locator("#s1-turns > li.turn:visible").count() == 22
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 50_000


def test_readable_without_javascript(browser, report_file):
    o = Opened(browser, report_file, java_script_enabled=False)
    page = o.page
    assert page.locator("li.turn:visible").count() == 22 + 13
    assert page.locator(".filter-bar").first.is_hidden()
    assert page.locator("#s1-timeline table.moments").is_visible()
    assert page.locator(".tip-card:visible").count() == 12
    o.context.close()


def test_demo_report_from_the_command_opens_offline(browser, tmp_path):
    """The report `candor demo` writes, through the real pipeline, in the real browser."""
    import subprocess
    import sys

    out = tmp_path / "demo.html"
    run = subprocess.run([sys.executable, "-m", "candor.cli", "demo", "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    o = Opened(browser, out)
    try:
        page = o.page
        page.wait_for_selector("#s1-timeline .main-svg")
        cards = page.locator("#s1 .tip-card")
        assert cards.count() == 4 and all(cards.nth(i).is_visible() for i in range(4))
        assert page.locator("#s1-timeline .scatterlayer .point").count() >= 8
        assert page.get_by_text("I'm feeling really moved as you say that.").first.is_visible()
        others = [u for u in o.requests if u != out.as_uri() and not u.startswith(("data:", "blob:"))]
        assert others == [] and o.errors == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "demo.png"), full_page=True)
    finally:
        o.context.close()
