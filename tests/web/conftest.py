"""Fixtures for the web tests: the real app on a real store, people in every role, visitors signed in as them.

Apps are built with `create_app(store)` on temporary databases, and driven
with FastAPI's TestClient: the whole stack runs, in process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

import candor
from candor.store import Store, User
from candor.web import create_app
from candor.web.security import LOGIN_COOKIE
from candor.web.uploads import pseudonymise

PASSWORD = "correct horse battery"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
BASE = "http://127.0.0.1:8765"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2 with small costs: the same code path, a fraction of the time (the store tests check the real costs)."""
    monkeypatch.setattr("candor.store.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def sqlite_store(tmp_path):
    store = Store.open(str(tmp_path / "web.db"), key_file=tmp_path / "web.key")
    yield store
    store.close()


class Visitor:
    """A browser-like client: anonymous, or signed in as one user with the CSRF token of that login."""

    def __init__(self, app, store: Store | None = None, user: User | None = None, **kwargs: Any) -> None:
        self.client = TestClient(app, base_url=BASE, follow_redirects=False, **kwargs)
        self.user, self.csrf, self.token = user, "", ""
        if user is not None:
            self.token, self.csrf = store.logins.create(user)
            self.client.cookies.set(LOGIN_COOKIE, self.token)

    def get(self, path: str, **kwargs: Any):
        return self.client.get(path, **kwargs)

    def form(self, path: str, data: dict | None = None, files: dict | None = None, csrf: bool = True):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf", self.csrf)
        return self.client.post(path, data=data, files=files)

    def api(self, method: str, path: str, json: Any = None, csrf: bool = True, **kwargs: Any):
        headers = {"x-csrf-token": self.csrf} if csrf else {}
        return self.client.request(method, path, json=json, headers=headers, **kwargs)


def alert_text(html: str) -> str:
    """The page's error alert, its words only (not the form after it, whose random CSRF token can hold anything)."""
    found = re.search(r'<p class="alert" role="alert">(.*?)</p>', html, re.S)
    assert found, "the page shows no alert"
    return found.group(1)


def hidden_csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


@dataclass
class World:
    store: Store
    app: Any
    admin: User
    maya: User  # clinician, supervised by sue
    ben: User  # clinician, supervised by nobody
    sue: User  # supervisor of maya
    otto: User  # supervisor of nobody
    maya_session: int
    maya_other_client: int
    ben_session: int
    maya_entry: int

    def visitor(self, user: User | None = None, **kwargs: Any) -> Visitor:
        return Visitor(self.app, self.store, user, **kwargs)


def example_report(pseudonym: str):
    return candor.analyze(pseudonymise(candor.example(), pseudonym))


def make_world(store: Store, **app_options: Any) -> World:
    add = store.users.add
    admin, maya, ben = add("root", "admin", PASSWORD), add("maya", "clinician", PASSWORD), add("ben", "clinician", PASSWORD)
    sue, otto = add("sue", "supervisor", PASSWORD), add("otto", "supervisor", PASSWORD)
    store.users.assign("sue", "maya")
    maya_session = store.sessions.add(maya, example_report("Client A"), "Client A", "2026-01-10")
    maya_other = store.sessions.add(maya, example_report("Client B"), "Client B", "2026-01-17")
    ben_session = store.sessions.add(ben, example_report("Client C"), "Client C", "2026-01-12")
    entry = store.journal.add(maya, "I said I had moved house too.", why="to normalise", tips=["genuine"])
    return World(store, create_app(store, **app_options), admin, maya, ben, sue, otto, maya_session, maya_other,
                 ben_session, entry.id)  # fmt: skip


@pytest.fixture
def world(sqlite_store) -> World:
    return make_world(sqlite_store)
