"""Sign-in, cookies, CSRF, the sign-in limit, security headers, error messages, the OpenAPI schema."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from candor.web.headers import CSP
from candor.web.security import LOGIN_COOKIE, SignInLimiter
from tests.web.conftest import BASE, PASSWORD, SAMPLES, Visitor, hidden_csrf, make_world

SECRET = "my sister's wedding in Tromsø was the worst day of my life"


def sign_in(client: TestClient, name: str, password: str = PASSWORD):
    page = client.get("/signin")
    return client.post("/signin", data={"name": name, "password": password, "csrf": hidden_csrf(page.text)})


def test_sign_in_and_out_with_the_form(world):
    client = TestClient(world.app, base_url=BASE, follow_redirects=False)
    assert client.get("/sessions").headers["location"] == "/signin?next=/sessions"
    page = client.get("/signin?next=/trends")
    r = client.post("/signin", data={"name": "maya", "password": PASSWORD, "csrf": hidden_csrf(page.text), "next": "/trends"})
    assert r.status_code == 303 and r.headers["location"] == "/trends"
    cookie = r.headers["set-cookie"]
    assert f"{LOGIN_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # 127.0.0.1 speaks plain http
    home = client.get("/sessions")
    assert home.status_code == 200 and "maya" in home.text
    r = client.post("/signout", data={"csrf": hidden_csrf(home.text)})
    assert r.status_code == 303 and r.headers["location"] == "/signin?done=signed-out"
    assert client.get("/sessions").status_code == 303


def test_sign_in_never_redirects_to_another_site(world):
    client = TestClient(world.app, base_url=BASE, follow_redirects=False)
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "/\n/evil"):
        page = client.get("/signin")
        r = client.post("/signin", data={"name": "maya", "password": PASSWORD, "csrf": hidden_csrf(page.text), "next": target})
        assert r.headers["location"] == "/sessions", target
        client.cookies.clear()


def test_the_secure_flag_is_set_when_asked(sqlite_store):
    w = make_world(sqlite_store, secure_cookies=True)
    client = TestClient(w.app, base_url="https://127.0.0.1", follow_redirects=False)
    r = sign_in(client, "maya")
    assert r.status_code == 303 and "Secure" in r.headers["set-cookie"]


def test_wrong_password_and_inactive_accounts_are_refused_alike(world):
    client = TestClient(world.app, base_url=BASE, follow_redirects=False)
    wrong = sign_in(client, "maya", "not the password")
    world.store.users.set_active(world.admin, world.ben.id, False)
    inactive = sign_in(client, "ben")
    nobody = sign_in(client, "nobody-here")
    for r in (wrong, inactive, nobody):
        assert r.status_code == 401 and "do not match an active account" in r.text
        assert LOGIN_COOKIE not in r.headers.get("set-cookie", "")


def test_api_sign_in_gives_a_csrf_token(world):
    client = TestClient(world.app, base_url=BASE)
    r = client.post("/api/signin", json={"name": "sue", "password": PASSWORD})
    assert r.status_code == 200
    me = r.json()
    assert me["user"]["role"] == "supervisor" and me["csrf"]
    assert client.get("/api/me").json() == me
    assert client.post("/api/signout").status_code == 403  # no token
    assert client.post("/api/signout", headers={"x-csrf-token": me["csrf"]}).status_code == 200
    assert client.get("/api/me").status_code == 401
    # A cross-site form cannot post JSON: a text/plain body is refused.
    r = client.post("/api/signin", content=json.dumps({"name": "sue", "password": PASSWORD}),
                    headers={"content-type": "text/plain"})  # fmt: skip
    assert r.status_code in (403, 415, 422) and "set-cookie" not in r.headers


def test_sign_in_is_limited_per_name_and_address(sqlite_store):
    now = [1000.0]
    w = make_world(sqlite_store, limiter=SignInLimiter(failures=5, window=300, clock=lambda: now[0]))
    client = TestClient(w.app, base_url=BASE, follow_redirects=False)
    for _ in range(5):
        assert sign_in(client, "maya", "guess").status_code == 401
    blocked = sign_in(client, "maya")  # even the right password waits
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text and int(blocked.headers["retry-after"]) > 0
    api = client.post("/api/signin", json={"name": "MAYA", "password": PASSWORD})
    assert api.status_code == 429 and "Too many failed sign-ins" in api.json()["detail"]
    assert sign_in(client, "ben").status_code == 303  # another name is not affected
    client.cookies.clear()
    now[0] += 301
    assert sign_in(client, "maya").status_code == 303


def test_forms_without_the_right_csrf_token_are_refused(world):
    v = world.visitor(world.maya)
    before = len(world.store.journal.list(world.maya))
    entry = {"shared": "I said I was tired too."}
    assert v.form("/journal", entry, csrf=False).status_code == 403
    assert v.form("/journal", {**entry, "csrf": "not-the-token"}).status_code == 403
    other = world.visitor(world.maya)  # a token of another login of the same user
    assert v.form("/journal", {**entry, "csrf": other.csrf}).status_code == 403
    assert v.api("POST", "/api/journal", json=entry, csrf=False).status_code == 403
    assert v.client.post("/api/journal", json=entry, headers={"x-csrf-token": "nope"}).status_code == 403
    # The right token from another site is refused too.
    r = v.client.post("/journal", data={**entry, "csrf": v.csrf}, headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    r = v.client.post("/journal", data={**entry, "csrf": v.csrf}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert len(world.store.journal.list(world.maya)) == before
    assert v.form("/journal", entry).status_code == 303  # and with everything right it works
    # The sign-in form has its own token, tied to a cookie.
    anonymous = TestClient(world.app, base_url=BASE, follow_redirects=False)
    r = anonymous.post("/signin", data={"name": "maya", "password": PASSWORD, "csrf": "made-up"})
    assert r.status_code == 403 and LOGIN_COOKIE not in r.headers.get("set-cookie", "")


def test_every_form_on_every_page_carries_the_token(world):
    pages = {
        world.maya: ["/sessions", f"/sessions/{world.maya_session}", "/upload", "/trends", "/journal", "/check"],
        world.sue: ["/review?show=all", "/sessions", "/trends", "/check"],
        world.admin: ["/admin", "/admin/audit"],
    }
    for user, paths in pages.items():
        v = world.visitor(user)
        for path in paths:
            html = v.get(path).text
            posts = html.count('method="post"')
            assert posts >= 1, path  # at least the sign-out form
            assert html.count(f'name="csrf" value="{v.csrf}"') == posts, path


def test_security_headers_on_every_kind_of_response(world):
    v = world.visitor(world.maya)
    anonymous = world.visitor()
    responses = [
        v.get("/sessions"), v.get("/api/sessions"), v.get("/static/web.css"), v.get("/static/plotly.min.js"),
        v.get("/no/such/page"), v.get("/api/no/such"), v.get("/admin"), anonymous.get("/sessions"),
        anonymous.get("/api/sessions"), v.form("/journal", {}, csrf=False), v.get("/openapi.json"),
    ]  # fmt: skip
    for r in responses:
        h = r.headers
        assert h["content-security-policy"] == CSP, r.url
        assert h["x-content-type-options"] == "nosniff" and h["referrer-policy"] == "no-referrer"
        assert h["x-frame-options"] == "DENY"
    assert "script-src 'self';" in CSP and "unsafe" not in CSP
    assert v.get("/sessions").headers["cache-control"] == "no-store"


def test_internal_errors_show_no_text_and_keep_the_headers(world, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError(SECRET)

    monkeypatch.setattr("candor.web.routes.upload.candor.analyze", broken)
    v = Visitor(world.app, world.store, world.maya, raise_server_exceptions=False)
    with open(SAMPLES / "text" / "therapist_client.txt", "rb") as f:
        data = f.read()
    r = v.form("/upload", {"pseudonym": "Client E"}, files={"file": ("s.txt", data)})
    assert r.status_code == 500 and "Something went wrong" in r.text
    assert "Tromsø" not in r.text and "ValueError" not in r.text
    assert r.headers["content-security-policy"] == CSP
    r = v.api("POST", "/api/uploads", files={"file": ("s.txt", data)}, data={"pseudonym": "Client E"})
    assert r.status_code == 500 and "Tromsø" not in r.text


def test_validation_errors_do_not_echo_what_was_sent(world):
    v = world.visitor(world.maya)
    r = v.api("POST", "/api/journal", json={"shared": SECRET, "tips": SECRET})
    assert r.status_code == 422
    assert "Tromsø" not in r.text and r.json()["detail"][0]["loc"] == ["body", "tips"]
    r = v.api("POST", "/api/check", json={"statement": SECRET, "for_client": "perhaps", "fits_goals": "yes"})
    assert r.status_code == 422 and "Tromsø" not in r.text


def test_no_interactive_docs_and_every_api_route_is_in_the_schema(world):
    v = world.visitor()
    assert v.get("/docs").status_code == 404 and v.get("/redoc").status_code == 404
    schema = v.get("/openapi.json").json()
    from tests.web.test_routes import RULES

    api = {(m, p) for m, p in RULES if p.startswith("/api/")}
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert api == documented


# Every HTML page and the JSON twin that carries the same data.
TWINS = {
    "/signin": "/api/me",
    "/sessions": "/api/sessions",
    "/sessions/{session_id}": "/api/sessions/{session_id}",
    "/trends": "/api/trends",
    "/upload": "/api/upload",
    "/upload/{token}": "/api/uploads/{token}",
    "/review": "/api/review",
    "/journal": "/api/journal",
    "/check": "/api/check",
    "/admin": "/api/admin",
    "/admin/audit": "/api/admin/audit",
}


def test_every_page_has_a_json_twin(world):
    from tests.web.test_routes import RULES

    pages = {p for m, p in RULES if m == "GET" and not p.startswith(("/api/", "/static/")) and p not in ("/", "/openapi.json")}
    assert pages == set(TWINS)
    assert all(("GET", twin) in RULES for twin in TWINS.values())


@pytest.mark.parametrize("name", ["plotly.min.js", "report.js", "charts.js", "report.css", "web.css", "plotly.css", "codes.css"])
def test_every_asset_is_served_locally(world, name):
    r = world.visitor().get(f"/static/{name}")
    assert r.status_code == 200 and len(r.content) > 200
    assert r.headers["content-type"].startswith(("text/css", "text/javascript"))
    assert b"http://" not in r.content.replace(b"http://www.w3.org", b"") or name == "plotly.min.js"


def test_static_files_are_a_fixed_list(world):
    v = world.visitor()
    for name in ("../app.py", "..%2Fapp.py", "app.py", "templates", "nope.css"):
        assert v.get(f"/static/{name}").status_code == 404, name


def test_bodies_over_the_limit_are_refused_with_the_headers(world):
    v = world.visitor(world.maya)
    r = v.api("POST", "/api/uploads", files={"file": ("big.txt", b"T: hello there\n" * 1_500_000)})
    assert r.status_code == 413 and "MB" in r.json()["detail"]
    assert r.headers["content-security-policy"] == CSP
    page = v.form("/upload", {}, files={"file": ("big.txt", b"T: hello there\n" * 1_500_000)})
    assert page.status_code == 413 and page.headers["x-frame-options"] == "DENY"
    assert world.store.sessions.list(world.maya)[0].id == world.maya_other_client  # nothing stored


def test_the_server_log_keeps_an_errors_type_and_not_its_text():
    import logging
    import sys

    from candor.web.errors import NoExceptionText

    try:
        raise ValueError(SECRET)
    except ValueError:
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                   None, sys.exc_info())  # fmt: skip
    assert NoExceptionText().filter(record)
    line = logging.Formatter().format(record)
    assert "ValueError" in line and "Tromsø" not in line and "Traceback" not in line
