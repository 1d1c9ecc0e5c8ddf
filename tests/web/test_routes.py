"""Every route of the app, and who may use it: anonymous visitors, each role, and other people's data.

RULES below is the authorisation table. The first test fails when the app
has a route the table does not list (or lists a route the app lacks), so a
new route cannot ship without someone deciding who may use it; the others
prove each rule against the running app, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from candor.web.app import app_routes, route_rule
from tests.web.conftest import SAMPLES, World, make_world

C, S, A = "clinician", "supervisor", "admin"
EVERYONE = (C, S, A)
PUBLIC = ("public",)

RULES: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET", "/"): EVERYONE,
    ("GET", "/signin"): PUBLIC,
    ("POST", "/signin"): PUBLIC,
    ("POST", "/signout"): EVERYONE,
    ("GET", "/api/me"): EVERYONE,
    ("POST", "/api/signin"): PUBLIC,
    ("POST", "/api/signout"): EVERYONE,
    ("GET", "/static/plotly.css"): PUBLIC,
    ("GET", "/static/codes.css"): PUBLIC,
    ("GET", "/static/{name}"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    # sessions
    ("GET", "/sessions"): (C, S),
    ("GET", "/api/sessions"): (C, S),
    ("GET", "/sessions/{session_id}"): (C, S),
    ("GET", "/api/sessions/{session_id}"): (C, S),
    ("POST", "/sessions/{session_id}/delete"): (C,),
    ("DELETE", "/api/sessions/{session_id}"): (C,),
    ("POST", "/sessions/delete-client"): (C,),
    ("POST", "/api/clients/delete"): (C,),
    ("GET", "/trends"): (C, S),
    ("GET", "/api/trends"): (C, S),
    # upload
    ("GET", "/upload"): (C,),
    ("GET", "/api/upload"): (C,),
    ("POST", "/upload"): (C,),
    ("POST", "/api/uploads"): (C,),
    ("GET", "/upload/{token}"): (C,),
    ("GET", "/api/uploads/{token}"): (C,),
    ("POST", "/upload/{token}"): (C,),
    ("POST", "/api/uploads/{token}"): (C,),
    # review
    ("GET", "/review"): (S,),
    ("GET", "/api/review"): (S,),
    ("POST", "/review"): (S,),
    ("POST", "/api/reviews"): (S,),
    ("GET", "/api/review/gold.jsonl"): (S,),
    # journal: its author only, never supervisors or admins
    ("GET", "/journal"): (C,),
    ("GET", "/api/journal"): (C,),
    ("POST", "/journal"): (C,),
    ("POST", "/api/journal"): (C,),
    ("POST", "/journal/{entry_id}/delete"): (C,),
    ("DELETE", "/api/journal/{entry_id}"): (C,),
    ("GET", "/api/journal/export.md"): (C,),
    ("GET", "/api/journal/export.csv"): (C,),
    # the pre-disclosure check; saving it goes to the journal
    ("GET", "/check"): (C, S),
    ("GET", "/api/check"): (C, S),
    ("POST", "/check"): (C, S),
    ("POST", "/check/save"): (C,),
    ("POST", "/api/check"): (C, S),
    # admin: users and the audit log, never sessions
    ("GET", "/admin"): (A,),
    ("GET", "/api/admin"): (A,),
    ("POST", "/admin/users"): (A,),
    ("POST", "/api/admin/users"): (A,),
    ("POST", "/admin/users/{user_id}"): (A,),
    ("POST", "/api/admin/users/{user_id}"): (A,),
    ("POST", "/admin/assignments"): (A,),
    ("POST", "/api/admin/assignments"): (A,),
    ("DELETE", "/api/admin/assignments"): (A,),
    ("GET", "/admin/audit"): (A,),
    ("GET", "/api/admin/audit"): (A,),
}

# Allowed roles are probed with an empty body; these would delete real data with
# one, so they are probed on an id that does not exist (the store answers 404).
DESTRUCTIVE = {
    ("DELETE", "/api/sessions/{session_id}"),
    ("DELETE", "/api/journal/{entry_id}"),
    ("POST", "/journal/{entry_id}/delete"),
}
MISSING = 999_999
OWNED = ("{session_id}", "{entry_id}", "{token}")


def routes_of(app) -> dict[tuple[str, str], object]:
    out = {}
    for route in app_routes(app):
        for method in sorted(getattr(route, "methods", None) or ()):
            if method != "HEAD":
                out[(method, route.path)] = route
    return out


@pytest.fixture
def full_world(store) -> World:
    """The world on both databases (the `store` fixture runs SQLite and PostgreSQL)."""
    return make_world(store)


def pending_token(world: World) -> str:
    """An upload of maya's waiting for the therapist pick."""
    v = world.visitor(world.maya)
    with open(SAMPLES / "text" / "named.txt", "rb") as f:
        r = v.api("POST", "/api/uploads", files={"file": ("named.txt", f.read())}, data={"pseudonym": "Client D"})
    assert r.status_code == 202, r.text
    return r.json()["token"]


def url(path: str, world: World, token: str, missing: bool = False) -> str:
    session = MISSING if missing else world.maya_session
    entry = MISSING if missing else world.maya_entry
    return (
        path.replace("{session_id}", str(session)).replace("{entry_id}", str(entry)).replace("{token}", token)
        .replace("{user_id}", str(world.ben.id)).replace("{name}", "web.css")
    )  # fmt: skip


# Complete bodies, for requests on other people's things: refused even when everything else is right.
BODIES = {
    ("POST", "/sessions/{session_id}/delete"): {"confirm": "yes"},
    ("POST", "/upload/{token}"): {"therapist": "Ellen Hart"},
    ("POST", "/api/uploads/{token}"): {"therapist": "Ellen Hart"},
}


def probe(visitor, method: str, path: str, body: dict | None = None):
    """A request with a valid CSRF token and by default an empty body: enough to meet the rule, not to change data."""
    if path.startswith("/api/"):
        return visitor.api(method, path, json=body)
    if method == "GET":
        return visitor.get(path)
    return visitor.form(path, body or {})


def test_every_route_has_a_rule_and_the_table_lists_them_all(world):
    routes = routes_of(world.app)
    assert set(routes) == set(RULES), (
        "routes without a row in RULES: " + str(sorted(set(routes) - set(RULES)))
        + "; rows without a route: " + str(sorted(set(RULES) - set(routes)))
    )
    for key, route in routes.items():
        if isinstance(route, APIRoute):
            assert route_rule(route) == RULES[key], f"{key}: the app says {route_rule(route)}, the table {RULES[key]}"
        else:
            assert RULES[key] == PUBLIC and key == ("GET", "/openapi.json")


def test_anonymous_visitors_are_sent_to_sign_in(full_world):
    w = full_world
    token = pending_token(w)
    anonymous = w.visitor()
    for (method, path), roles in RULES.items():
        r = probe(anonymous, method, url(path, w, token))
        if roles == PUBLIC:  # open to all; sign-in posts still need their form's token
            assert r.status_code != 401 and r.headers.get("location", "")[:7] != "/signin", (method, path)
            assert r.status_code != 403 or "came from another site" in r.text, (method, path)
        elif path.startswith("/api/"):
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.json() == {"detail": "Sign in first."}
        else:
            assert r.status_code == 303, (method, path, r.status_code)
            assert r.headers["location"].startswith("/signin"), (method, path)


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_reaches_its_routes_and_only_those(full_world, role):
    w = full_world
    token = pending_token(w)
    user = {C: w.maya, S: w.sue, A: w.admin}[role]
    for (method, path), roles in RULES.items():
        if roles == PUBLIC:
            continue
        allowed = role in roles
        target = url(path, w, token, missing=allowed and (method, path) in DESTRUCTIVE)
        r = probe(w.visitor(user), method, target)  # a fresh login each time: signing out ends only that one
        if allowed:
            assert r.status_code not in (401, 403) and r.status_code < 500, (role, method, path, r.status_code, r.text[:200])
        else:
            assert r.status_code == 403, (role, method, path, r.status_code)
            text = r.json()["detail"] if path.startswith("/api/") else r.text
            assert "not part of your role" in text, (role, method, path)
    # Nothing of maya's was deleted by the probes.
    assert w.store.sessions.get(w.maya, w.maya_session).summary.id == w.maya_session
    assert [e.id for e in w.store.journal.list(w.maya)] == [w.maya_entry]


def test_other_peoples_data_is_refused(full_world):
    """ben (another clinician) and otto (a supervisor not assigned to maya) against maya's things."""
    w = full_world
    token = pending_token(w)
    for user in (w.ben, w.otto):
        role = "clinician" if user is w.ben else "supervisor"
        for (method, path), roles in RULES.items():
            if role not in roles or not any(p in path for p in OWNED):
                continue
            r = probe(w.visitor(user), method, url(path, w, token), BODIES.get((method, path)))
            assert r.status_code in (403, 404), (user.name, method, path, r.status_code)
    ben, otto = w.visitor(w.ben), w.visitor(w.otto)
    for visitor in (ben, otto):
        for path in (f"/api/trends?clinician={w.maya.id}", f"/trends?clinician={w.maya.id}",
                     f"/api/sessions?clinician={w.maya.id}", f"/sessions?clinician={w.maya.id}"):  # fmt: skip
            assert visitor.get(path).status_code in (403, 404), (visitor.user.name, path)
    # A clinician deleting "their" client of the same name touches only their own sessions.
    assert ben.api("POST", "/api/clients/delete", json={"client": "Client A"}).json()["deleted"] == 0
    assert ben.form(f"/sessions/{w.maya_session}/delete", {"confirm": "yes"}).status_code in (403, 404)
    assert ben.api("DELETE", f"/api/journal/{w.maya_entry}").status_code in (403, 404)
    assert ben.get("/api/journal").json() == []
    assert [s.id for s in w.store.sessions.list(w.maya)] == sorted([w.maya_session, w.maya_other_client], reverse=True)
    assert [e.id for e in w.store.journal.list(w.maya)] == [w.maya_entry]
    # What a supervisor lists holds only their supervisees' sessions.
    sue = w.visitor(w.sue)
    listed = {s["id"] for s in sue.get("/api/sessions").json()["sessions"]}
    assert listed == {w.maya_session, w.maya_other_client}
    assert {m["session_id"] for m in sue.get("/api/review?show=all").json()} <= listed
    assert otto.get("/api/sessions").json()["sessions"] == []
