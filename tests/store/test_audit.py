"""The audit log: every view, change, export and deletion, append-only, and never the text itself."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from candor.store import PermissionDenied
from tests.store.conftest import SECRET


def _workflow(store, people, report) -> int:
    session_id = store.sessions.add(people.maya, report, "Client L", "2026-11-10")
    store.sessions.get(people.maya, session_id)
    store.sessions.get(people.sue, session_id)
    for m in store.reviews.queue(people.sue):
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "confirm", comment=f"about: {m.text}")
    store.reviews.export_gold(people.sue)
    entry = store.journal.add(people.maya, SECRET, why="Quillamore", tips=["genuine"])
    store.journal.export_csv(people.maya)
    store.journal.delete(people.maya, entry.id)
    token, _ = store.logins.create(people.maya)
    store.logins.delete(token)
    store.sessions.delete(people.maya, session_id)
    return session_id


def test_every_view_change_export_and_deletion_is_recorded(store, people, secret_report):
    session_id = _workflow(store, people, secret_report)
    log = store.audit.list(people.admin, limit=1000)
    assert log == sorted(log, key=lambda e: e.id, reverse=True)
    seen = {(e.actor_name, e.action, e.object_type) for e in log}
    assert {
        ("command line", "add", "user"), ("command line", "assign", "user"),
        ("maya", "add", "session"), ("maya", "view", "session"), ("sue", "view", "session"),
        ("sue", "view", "review queue"), ("sue", "review", "session"), ("sue", "export", "reviews"),
        ("maya", "add", "journal entry"), ("maya", "export", "journal"), ("maya", "delete", "journal entry"),
        ("maya", "sign in", "user"), ("maya", "sign out", "user"), ("maya", "delete", "session"),
    } <= seen
    views = [e for e in log if e.action == "view" and e.object_type == "session"]
    assert {e.object_id for e in views} == {session_id}


def test_no_audit_entry_holds_transcript_journal_or_comment_text(store, people, secret_report):
    _workflow(store, people, secret_report)
    words = {w.strip(".,") for w in SECRET.split() if len(w) > 5} | {"Quillamore", "about:", "lighthouse.txt", "Client L"}
    for e in store.audit.list(people.admin, limit=1000):
        for field in (e.actor_name, e.action, e.object_type, e.detail):
            assert not any(w in field for w in words), (e, field)


def test_refused_attempts_are_recorded_too(store, people, example_report):
    session_id = store.sessions.add(people.maya, example_report, "Sam")
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.ben, session_id)
    denied = [e for e in store.audit.list(people.admin) if e.action == "denied"]
    assert [(e.actor_name, e.object_type, e.object_id, e.detail) for e in denied] == [("ben", "session", session_id, "tried to view")]


def test_failed_sign_ins_are_recorded_without_the_password(store, people):
    assert store.users.verify("maya", "guessing-a-password") is None
    entry = next(e for e in store.audit.list(people.admin) if e.action == "sign-in failed")
    assert (entry.actor_name, entry.object_id, entry.detail) == ("anonymous", people.maya.id, "wrong password")


def test_the_web_app_can_record_its_own_entries(store, people):
    store.audit.record(None, "sign-in throttled", "user", people.maya.id, "5 failures in a minute")
    store.audit.record(people.maya, "download", "report", 7)
    log = store.audit.list(people.admin)
    assert (log[0].actor_name, log[0].action, log[0].object_id) == ("maya", "download", 7)
    assert (log[1].actor_name, log[1].detail) == ("anonymous", "5 failures in a minute")
    assert store.audit.list(people.admin)[0].action == "view"  # reading the log is itself recorded


def test_the_log_is_append_only_in_the_database_itself(store, people):
    for statement in ("UPDATE audit_log SET detail = 'changed'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text(statement))
    assert len(store.audit.list(people.admin)) >= 5
