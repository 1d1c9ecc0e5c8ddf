"""The web app in a real browser: a clinician's, a supervisor's and an admin's visit, end to end.

uvicorn serves the real app on a free 127.0.0.1 port over a temporary SQLite
database; Debian's Chromium (headless, Playwright) drives it. Every request
must go to the app's own origin and the console must stay free of errors (a
CSP violation is one). Screenshots land in test-artifacts/web-*.png.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

import candor
from candor.store import Store
from candor.web import create_app
from tests.e2e.conftest import ARTIFACTS, Watched

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The app on a free loopback port; yields its base URL and the store."""
    import uvicorn

    folder = tmp_path_factory.mktemp("web")
    store = Store.open(str(folder / "candor.db"), key_file=folder / "candor.key")
    store.users.add("maya", "clinician", PASSWORD)
    store.users.add("sue", "supervisor", PASSWORD)
    store.users.add("root", "admin", PASSWORD)
    store.users.assign("sue", "maya")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", store
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def unlabelled_transcript(tmp_path_factory) -> Path:
    """The bundled example with the "Dr." taken off: no label says who the therapist is."""
    text = candor.example_path().read_text(encoding="utf-8").replace("Dr. Maya Lee", "Maya Lee")
    path = tmp_path_factory.mktemp("upload") / "session-with-sam.txt"
    path.write_text(text, encoding="utf-8")
    return path


class Visit(Watched):
    """A browser context on the site, recording every request and every console error."""

    def __init__(self, browser, base: str, **options) -> None:
        super().__init__(browser, **options)
        self.base = base

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def sign_in(self, name: str) -> None:
        self.go("/signin")
        self.page.get_by_label("Name").fill(name)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url("**/signin?done=signed-out")

    def shot(self, name: str, full_page: bool = True) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"), full_page=full_page)

    def assert_private(self) -> None:
        others = [u for u in self.requests if not u.startswith((self.base + "/", "data:", "blob:"))]
        assert others == [], f"requests to other origins: {others}"
        assert self.errors == [], f"console errors: {self.errors}"

    def close(self) -> None:
        self.context.close()


def test_a_clinician_uploads_picks_the_therapist_reads_writes_and_checks(site, browser, unlabelled_transcript):
    base, store = site
    v = Visit(browser, base)
    page = v.page
    try:
        v.go("/sessions")
        page.wait_for_url("**/signin?next=/sessions")
        page.get_by_label("Name").fill("maya")
        v.shot("signin", full_page=False)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/sessions")

        # Upload: the labels do not say who the therapist is, so Candor asks.
        page.get_by_role("link", name="Upload", exact=True).click()
        page.get_by_label("Transcript file").set_input_files(str(unlabelled_transcript))
        page.get_by_label("Client pseudonym").fill("Client S")
        page.get_by_label("Session date").fill("2026-03-04")
        v.shot("upload", full_page=False)
        page.get_by_role("button", name="Upload and analyse").click()
        page.wait_for_url("**/upload/*")
        assert page.get_by_role("heading", name="Who is the therapist?").is_visible()
        assert store.sessions.list(store.users.by_name("maya")) == []  # nothing analysed before the pick
        page.get_by_label("Maya Lee").check()
        v.shot("picker", full_page=False)
        page.get_by_role("button", name="Analyse").click()
        page.wait_for_url("**/sessions/*?done=uploaded")

        # The report: tip cards, the timeline drawn by plotly, the transcript with its filter.
        page.wait_for_selector("#s1-timeline .main-svg")
        cards = page.locator(".tip-card")
        assert cards.count() == 4 and all(cards.nth(i).is_visible() for i in range(4))
        chart = page.locator("#s1-timeline .main-svg").first
        assert chart.is_visible() and chart.bounding_box()["height"] > 150
        assert page.locator("#s1-timeline .scatterlayer .point").count() >= 8
        assert "Sam" not in page.locator("#s1-turns").inner_text()  # the pseudonym replaced the name
        v.shot("report-top", full_page=False)
        v.shot("report")
        page.locator(".filter-bar").get_by_text("Self-involving only").click()
        shown = page.locator("#s1-turns > li.turn:visible").count()
        assert 0 < shown < page.locator("#s1-turns > li.turn").count()

        # Trends across sessions, with the reference band.
        page.get_by_role("link", name="Trends").first.click()
        page.wait_for_selector("#trend-share .main-svg")
        assert page.locator("#trend-tips .scatterlayer .point").count() == 4
        v.shot("trends")

        # The journal: write an entry, then find it again.
        page.get_by_role("link", name="Journal").click()
        page.get_by_label("What I shared").fill("I told him I find Mondays hard as well.")
        page.get_by_label("Why").fill("He felt alone with it.")
        page.get_by_label("What I learned").fill("Keep it to one sentence, then back to him.")
        page.get_by_label("Be genuine").check()
        page.get_by_role("button", name="Save entry").click()
        page.wait_for_url("**/journal?done=saved")
        page.get_by_role("searchbox", name="Search").fill("mondays")
        page.get_by_role("button", name="Search", exact=True).click()
        assert page.locator(".entry").count() == 1 and "Mondays hard" in page.locator(".entry").inner_text()
        v.shot("journal")

        # The pre-disclosure check, saved to the journal.
        page.get_by_role("link", name="Check").click()
        page.get_by_label("What you are thinking of sharing").fill("I know exactly how you feel, I went through a divorce too.")
        page.locator("#for_client-yes").check()
        page.locator("#fits_goals-unsure").check()
        page.get_by_role("button", name="Check", exact=True).click()
        verdict = page.locator(".check-result .verdict")
        assert verdict.inner_text() == "HOLD"
        v.shot("check")
        page.get_by_role("button", name="Save to my journal").click()
        page.wait_for_url("**/journal?done=saved")
        assert page.locator(".entry .tag", has_text="check: hold").count() == 1

        v.sign_out()
        assert page.get_by_role("heading", name="Sign in").is_visible()
        v.assert_private()
    finally:
        v.close()


def test_a_supervisor_reviews_a_finding(site, browser):
    base, store = site
    maya = store.users.by_name("maya")
    if not store.sessions.list(maya):  # run alone: give sue something to review
        store.sessions.add(maya, candor.analyze(candor.example()), "Client S", "2026-03-04")
    v = Visit(browser, base)
    page = v.page
    try:
        v.sign_in("sue")
        page.wait_for_url("**/review")
        moments = page.locator(".moment")
        before = moments.count()
        assert before > 0
        first = moments.first
        first.get_by_label("Recode", exact=True).check()
        first.get_by_label("Code (for a recode)").select_option("immediacy")
        first.get_by_label("Comment").fill("More here-and-now than a fact; worth discussing.")
        v.shot("review", full_page=False)
        first.get_by_role("button", name="Save review").click()
        page.wait_for_url("**/review?done=reviewed*")
        assert page.get_by_role("status").inner_text() == "Your review was saved."
        assert page.locator(".moment").count() == before - 1
        page.get_by_role("link", name="All moments").click()
        assert page.locator(".reviewed", has_text="recode").count() == 1
        with page.expect_download() as download:
            page.get_by_role("link", name="Download reviews (gold JSONL)").click()
        assert download.value.suggested_filename.endswith(".jsonl")
        v.sign_out()
        v.assert_private()
    finally:
        v.close()


def test_an_admin_sees_users_and_the_audit_log(site, browser):
    base, _ = site
    v = Visit(browser, base)
    page = v.page
    try:
        v.sign_in("root")
        page.wait_for_url("**/admin")
        assert page.locator("table.users").get_by_role("cell", name="sue", exact=True).is_visible()
        v.shot("admin")
        page.get_by_role("link", name="Audit log").first.click()
        assert page.locator("table.audit tbody tr").count() > 3
        v.shot("audit", full_page=False)
        v.go("/journal")  # journals are private to their authors
        assert page.get_by_role("heading", name="Not allowed").is_visible()
        assert v.errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]
        v.errors.clear()
        v.sign_out()
        v.assert_private()
    finally:
        v.close()


def test_the_report_reads_without_javascript(site, browser):
    base, store = site
    maya = store.users.by_name("maya")
    sid = store.sessions.add(maya, candor.analyze(candor.example()), "Client T", "2026-03-05")
    v = Visit(browser, base, java_script_enabled=False)
    page = v.page
    try:
        v.sign_in("maya")
        v.go(f"/sessions/{sid}")
        assert page.locator(".tip-card:visible").count() == 4
        assert page.locator("#s1-timeline table.moments").is_visible()
        assert page.locator(".filter-bar").is_hidden()
        assert page.locator("#s1-turns > li.turn:visible").count() == 52
        v.shot("report-no-javascript", full_page=False)
        v.assert_private()
    finally:
        v.close()
