"""The pages doing their jobs: sessions, report, trends, review, journal, check, admin."""

from __future__ import annotations

import csv
import io
import json

from candor.model import CODES
from tests.web.conftest import hidden_csrf


def test_the_sessions_list_filters_by_client_status_and_clinician(world):
    v = world.visitor(world.maya)
    page = v.get("/sessions").text
    assert page.count("/sessions/") >= 2 and "Client A" in page and "Client B" in page and "Client C" not in page
    only_b = v.get("/api/sessions?client=Client B").json()["sessions"]
    assert [s["id"] for s in only_b] == [world.maya_other_client]
    assert set(only_b[0]["statuses"]) == {"genuine", "expert_role", "intention", "balance"}
    risky = v.get("/api/sessions?status=risk").json()["sessions"]
    assert all("risk" in s["statuses"].values() for s in risky)
    assert v.get("/api/sessions?status=fine").status_code == 400
    sue = world.visitor(world.sue)
    assert f'<option value="{world.maya.id}"' in sue.get("/sessions").text  # the clinician filter
    assert len(sue.get(f"/api/sessions?clinician={world.maya.id}").json()["sessions"]) == 2


def test_the_report_page_has_the_timeline_tips_and_transcript(world):
    v = world.visitor(world.maya)
    html = v.get(f"/sessions/{world.maya_session}").text
    assert html.count('class="tip-card') == 4
    assert 'data-chart="s1-timeline-chart"' in html and '<script src="/static/plotly.min.js" defer>' in html
    assert 'class="filter-bar"' in html and 'id="s1-t11"' in html  # the transcript, with its filter bar
    assert "<script>" not in html and " style=" not in html  # nothing inline: the CSP would block it
    assert 'class="si code-' in html  # coded sentences highlighted
    assert "<table class=\"moments\">" in html  # the no-JavaScript view of the timeline
    block = html.split('data-chart="s1-timeline-chart">')[1].split("</script>")[0]
    figure = json.loads(block)
    assert figure["data"] and all(trace["type"] == "scatter" for trace in figure["data"])
    assert "</" not in block  # the figure cannot close its own script element


def test_deleting_a_session_and_a_clients_sessions(world):
    v = world.visitor(world.maya)
    html = v.get(f"/sessions/{world.maya_session}").text
    assert f'action="/sessions/{world.maya_session}/delete"' in html
    supervising = world.visitor(world.sue).get(f"/sessions/{world.maya_session}")
    assert supervising.status_code == 200 and "/delete" not in supervising.text  # reads it, cannot delete it
    assert v.form(f"/sessions/{world.maya_session}/delete", {}).status_code == 400  # not confirmed
    r = v.form(f"/sessions/{world.maya_session}/delete", {"confirm": "yes"})
    assert r.status_code == 303 and r.headers["location"] == "/sessions?done=deleted"
    assert v.get(f"/sessions/{world.maya_session}").status_code == 404
    assert "deleted for good" in v.get("/sessions?done=deleted").text
    r = v.form("/sessions/delete-client", {"client": "Client B", "confirm": "yes"})
    assert r.status_code == 303
    assert v.get("/api/sessions").json()["sessions"] == []
    actions = [(e.action, e.object_type, e.object_id) for e in world.store.audit.list(world.admin)]
    assert ("delete", "session", world.maya_session) in actions
    assert ("delete", "session", world.maya_other_client) in actions


def test_trends_draw_the_band_and_each_tip(world):
    v = world.visitor(world.maya)
    html = v.get("/trends").text
    assert 'data-chart="trend-share"' in html and 'data-chart="trend-tips"' in html
    share = json.loads(html.split('data-chart="trend-share">')[1].split("</script>")[0])
    band = share["layout"]["shapes"][0]
    assert (band["y0"], band["y1"]) == (0.0, 10.0)  # Settings.band_low / band_high, in percent
    assert len(share["data"][0]["x"]) == 2
    api = v.get("/api/trends").json()
    assert api["band"] == {"low": 0.0, "high": 0.1} and [s["id"] for s in api["sessions"]] == [
        world.maya_session, world.maya_other_client]  # fmt: skip
    sue = world.visitor(world.sue)
    assert sue.get(f"/api/trends?clinician={world.maya.id}").json()["clinician"]["name"] == "maya"
    assert "maya" in sue.get("/trends").text
    assert world.visitor(world.otto).get("/trends").status_code == 200  # nobody assigned: says so


def test_a_supervisor_reviews_moments_and_exports_gold(world):
    sue = world.visitor(world.sue)
    queue = sue.get("/api/review").json()
    assert queue and {m["session_id"] for m in queue} <= {world.maya_session, world.maya_other_client}
    first = queue[0]
    page = sue.get("/review").text
    assert page.count('action="/review"') == len(queue)
    assert all(f'<option value="{c}"' in page for c in CODES)
    r = sue.form("/review", {"session_id": first["session_id"], "turn": first["turn"], "sentence": first["sentence"],
                             "action": "recode", "code": "insight", "flags": ["returns_focus"],
                             "comment": "worth discussing"})  # fmt: skip
    assert r.status_code == 303
    assert len(sue.get("/api/review").json()) == len(queue) - 1
    reviewed = [m for m in sue.get("/api/review?show=all").json() if m["review"]]
    assert reviewed[0]["review"]["code"] == "insight" and reviewed[0]["review"]["flags"] == ["returns_focus"]
    second = queue[1]
    r = sue.api("POST", "/api/reviews", json={**{k: second[k] for k in ("session_id", "turn", "sentence")},
                                               "action": "dismiss", "comment": "a reflection"})  # fmt: skip
    assert r.status_code == 201 and r.json()["action"] == "dismiss"
    assert sue.form("/review", {"session_id": first["session_id"], "turn": first["turn"],
                                "sentence": first["sentence"], "action": "shrug"}).status_code == 400  # fmt: skip
    gold = sue.get("/api/review/gold.jsonl")
    assert gold.status_code == 200 and gold.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in gold.headers["content-disposition"]
    for line in gold.text.splitlines():
        assert set(json.loads(line)) >= {"id", "codes", "flags", "evidence"}


def test_the_journal_writes_searches_filters_and_exports(world):
    v = world.visitor(world.maya)
    r = v.form("/journal", {"shared": "I told her I also find Mondays hard.", "why": "to be human",
                            "client_next": "she laughed", "learned": "keep it short",
                            "tips": ["balance", "genuine"]})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/journal?done=saved"
    assert v.form("/journal", {"shared": "  "}).status_code == 400
    found = v.get("/journal?q=mondays").text
    assert "Mondays hard" in found and "moved house" not in found
    by_tip = v.get("/api/journal?tip=balance").json()
    assert [e["shared"] for e in by_tip] == ["I told her I also find Mondays hard."]
    assert len(v.get("/api/journal").json()) == 2
    md = v.get("/api/journal/export.md")
    assert md.status_code == 200 and "Mondays hard" in md.text and "attachment" in md.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(v.get("/api/journal/export.csv").text)))
    assert rows[0][0] == "created" and len(rows) == 3
    entry = by_tip[0]["id"]
    assert v.form(f"/journal/{entry}/delete", {}).status_code == 303
    assert [e["id"] for e in v.get("/api/journal").json()] == [world.maya_entry]
    # Private: the supervisor and the admin cannot open it at all.
    for user in (world.sue, world.admin):
        other = world.visitor(user)
        assert other.get("/journal").status_code == 403 and other.get("/api/journal").status_code == 403


def test_the_check_runs_and_can_be_saved_to_the_journal(world):
    v = world.visitor(world.maya)
    form = {"statement": "I know exactly how you feel, I went through a divorce too.", "for_client": "yes",
            "fits_goals": "yes", "goal": "", "client_said": ""}  # fmt: skip
    page = v.form("/check", form)
    assert page.status_code == 200 and "RECONSIDER" in page.text and "A way to say it" in page.text
    assert 'action="/check/save"' in page.text
    r = v.form("/check/save", {**form, "why": "she asked about my life"})
    assert r.status_code == 303
    saved = v.get("/api/journal").json()[0]
    assert saved["check"]["verdict"] == "reconsider" and saved["why"] == "she asked about my life"
    api = v.api("POST", "/api/check", json={**form, "fits_goals": "unsure", "save": True}).json()
    assert api["check"]["verdict"] == "hold" and api["journal_entry"]
    sue = world.visitor(world.sue)
    assert sue.form("/check", form).status_code == 200 and 'action="/check/save"' not in sue.form("/check", form).text
    assert sue.api("POST", "/api/check", json={**form, "save": True}).status_code == 403
    assert v.form("/check", {**form, "statement": " "}).status_code == 400


def test_admin_manages_users_assignments_and_reads_the_audit(world):
    a = world.visitor(world.admin)
    page = a.get("/admin").text
    assert "maya" in page and "Who supervises whom" in page
    assert a.form("/admin/users", {"name": "nora", "role": "clinician", "password": "a long password"}).status_code == 303
    nora = world.store.users.by_name("nora")
    assert nora.role == "clinician"
    assert a.form(f"/admin/users/{nora.id}", {"role": "supervisor"}).status_code == 303
    assert world.store.users.get(nora.id).role == "supervisor"
    nora_login = world.visitor(world.store.users.get(nora.id))
    assert nora_login.get("/api/me").status_code == 200
    assert a.form(f"/admin/users/{nora.id}", {"active": "no"}).status_code == 303
    assert nora_login.get("/api/me").status_code == 401  # deactivated: signed out at once
    assert a.form(f"/admin/users/{nora.id}", {"active": "yes"}).status_code == 303
    assert a.form(f"/admin/users/{nora.id}", {"password": "another long one"}).status_code == 303
    assert world.store.users.verify("nora", "another long one") is not None
    assert a.form(f"/admin/users/{world.admin.id}", {"active": "no"}).status_code == 400  # not yourself
    assert a.form("/admin/assignments", {"supervisor": "nora", "clinician": "ben"}).status_code == 303
    assert {"supervisor": "nora", "clinician": "ben"} in a.get("/api/admin").json()["assignments"]
    assert a.form("/admin/assignments", {"supervisor": "nora", "clinician": "ben", "remove": "yes"}).status_code == 303
    assert {"supervisor": "nora", "clinician": "ben"} not in a.get("/api/admin").json()["assignments"]
    r = a.api("POST", "/api/admin/users", json={"name": "pat", "role": "admin", "password": "x"})
    assert r.status_code == 400 and "at least" in r.json()["detail"]
    audit = a.get("/api/admin/audit").json()
    assert {"add", "change", "assign", "unassign"} <= {e["action"] for e in audit}
    html = a.get("/admin/audit").text
    assert "moved house" not in html and "I know exactly" not in html  # the audit never holds text
    # Admins never read sessions.
    assert a.get(f"/sessions/{world.maya_session}").status_code == 403


def test_home_sends_each_role_to_its_start(world):
    for user, target in ((world.maya, "/sessions"), (world.sue, "/review"), (world.admin, "/admin")):
        assert world.visitor(user).get("/").headers["location"] == target
    assert world.visitor().get("/").headers["location"] == "/signin"


def test_pages_are_accessible_basics(world):
    v = world.visitor(world.maya)
    for path in ("/sessions", "/upload", "/journal", "/check", f"/sessions/{world.maya_session}", "/trends"):
        html = v.get(path).text
        assert '<html lang="en">' in html and 'class="skip" href="#main"' in html
        assert html.count("<h1") == 1, path
        for input_id in __import__("re").findall(r'<(?:input|select|textarea) id="([^"]+)"', html):
            assert f'for="{input_id}"' in html, (path, input_id)
    assert hidden_csrf(v.get("/journal").text) == v.csrf
