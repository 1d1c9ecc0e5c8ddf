"""Who can see what: each role, and another clinician's data."""

from __future__ import annotations

import pytest

from candor.store import LOCAL_ADMIN, NotFound, PermissionDenied, User


@pytest.fixture
def sessions(store, people, example_report, secret_report):
    """maya has two sessions (supervised by sue); ben has one (supervised by nobody)."""
    return {
        "maya": [store.sessions.add(people.maya, example_report, "Sam", "2026-11-03"),
                 store.sessions.add(people.maya, secret_report, "Client L", "2026-11-10")],
        "ben": [store.sessions.add(people.ben, example_report, "Jo", "2026-11-04")],
    }


def test_a_clinician_sees_only_their_own_sessions(store, people, sessions):
    assert [s.id for s in store.sessions.list(people.maya)] == sessions["maya"][::-1]
    assert [s.id for s in store.sessions.list(people.ben)] == sessions["ben"]
    assert store.sessions.get(people.maya, sessions["maya"][0]).summary.owner_name == "maya"
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.maya, sessions["ben"][0])
    with pytest.raises(PermissionDenied):
        store.sessions.list(people.maya, clinician_id=people.ben.id)
    with pytest.raises(PermissionDenied):
        store.sessions.trends(people.maya, people.ben.id)


def test_a_clinician_cannot_delete_or_review_another_clinicians_session(store, people, sessions):
    with pytest.raises(PermissionDenied):
        store.sessions.delete(people.ben, sessions["maya"][0])
    assert store.sessions.delete_client(people.ben, "Sam") == 0  # only ever their own clients
    assert len(store.sessions.list(people.maya)) == 2
    with pytest.raises(PermissionDenied):
        store.reviews.add(people.ben, sessions["maya"][0], 9, 1, "confirm")
    with pytest.raises(PermissionDenied):
        store.reviews.queue(people.maya)


def test_a_supervisor_sees_assigned_clinicians_sessions_only(store, people, sessions):
    assert sorted(s.id for s in store.sessions.list(people.sue)) == sorted(sessions["maya"])
    assert [s.id for s in store.sessions.list(people.sue, clinician_id=people.maya.id)] == sessions["maya"][::-1]
    assert store.sessions.get(people.sue, sessions["maya"][1]).report["source"] == "lighthouse.txt"
    assert [s.id for s in store.sessions.trends(people.sue, people.maya.id)] == sessions["maya"]
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.sue, sessions["ben"][0])
    with pytest.raises(PermissionDenied):
        store.sessions.list(people.sue, clinician_id=people.ben.id)
    assert store.sessions.list(people.otto) == []  # supervises nobody
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.otto, sessions["maya"][0])


def test_a_supervisor_cannot_change_or_delete_sessions(store, people, sessions, example_report):
    with pytest.raises(PermissionDenied):
        store.sessions.add(people.sue, example_report, "Someone")
    with pytest.raises(PermissionDenied):
        store.sessions.delete(people.sue, sessions["maya"][0])
    with pytest.raises(PermissionDenied):
        store.sessions.delete_client(people.sue, "Sam")


def test_unassigning_takes_the_access_away(store, people, sessions):
    store.users.unassign("sue", "maya")
    assert store.sessions.list(people.sue) == []
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.sue, sessions["maya"][0])
    assert store.reviews.queue(people.sue) == []


def test_an_admin_manages_users_but_never_reads_sessions_or_journals(store, people, sessions):
    with pytest.raises(PermissionDenied):
        store.sessions.list(people.admin)
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.admin, sessions["maya"][0])
    with pytest.raises(PermissionDenied):
        store.sessions.trends(people.admin, people.maya.id)
    with pytest.raises(PermissionDenied):
        store.reviews.queue(people.admin)
    with pytest.raises(PermissionDenied):
        store.reviews.export_gold(people.admin)
    with pytest.raises(PermissionDenied):
        store.journal.list(people.admin)
    assert {u.name for u in store.users.list(people.admin)} == {"root", "maya", "ben", "sue", "otto"}
    assert [(a.name, b.name) for a, b in store.users.assignments(people.admin)] == [("sue", "maya")]
    assert store.audit.list(people.admin)


def test_only_admins_manage_users_and_read_the_audit_log(store, people):
    for someone in (people.maya, people.sue):
        with pytest.raises(PermissionDenied):
            store.users.add("eve", "admin", "another password", actor=someone)
        with pytest.raises(PermissionDenied):
            store.users.list(someone)
        with pytest.raises(PermissionDenied):
            store.users.set_role(someone, someone.id, "admin")
        with pytest.raises(PermissionDenied):
            store.users.assign("otto", "ben", actor=someone)
        with pytest.raises(PermissionDenied):
            store.audit.list(someone)
        with pytest.raises(PermissionDenied):
            store.users.set_password(someone, people.admin.id, "taken over!")
    store.users.set_password(people.maya, people.maya.id, "my own new password")  # one's own is fine
    assert store.users.verify("maya", "my own new password") == people.maya


def test_no_actor_is_not_the_command_line_except_where_the_api_says_so(store, people):
    with pytest.raises(PermissionDenied):
        store.users.list(None)
    with pytest.raises(PermissionDenied):
        store.users.set_role(None, people.maya.id, "admin")
    with pytest.raises(PermissionDenied):
        store.sessions.list(None)
    lookalike = User(0, "command line", "admin", True)  # equal, but not LOCAL_ADMIN itself
    with pytest.raises(PermissionDenied):
        store.users.list(lookalike)
    assert len(store.users.list(LOCAL_ADMIN)) == 5


def test_a_role_change_or_deactivation_takes_effect_at_once(store, people, sessions):
    store.users.set_active(people.admin, people.maya.id, False)
    with pytest.raises(PermissionDenied, match="not active"):
        store.sessions.list(people.maya)  # the old User value no longer works
    assert store.users.verify("maya", "correct horse battery") is None
    store.users.set_active(people.admin, people.maya.id, True)
    store.users.set_role(people.admin, people.sue.id, "clinician")
    with pytest.raises(PermissionDenied):
        store.sessions.get(people.sue, sessions["maya"][0])
    assert store.users.assignments(people.admin) == []


def test_the_last_admin_cannot_be_removed(store, people):
    with pytest.raises(Exception, match="last active admin"):
        store.users.set_role(people.admin, people.admin.id, "clinician")
    with pytest.raises(Exception, match="last active admin"):
        store.users.set_active(people.admin, people.admin.id, False)


def test_missing_things_are_not_found(store, people):
    with pytest.raises(NotFound):
        store.sessions.get(people.maya, 999)
    with pytest.raises(NotFound):
        store.journal.delete(people.maya, 999)
    with pytest.raises(NotFound):
        store.users.set_role(people.admin, 999, "clinician")
    with pytest.raises(NotFound):
        store.users.assign("sue", "nobody")
