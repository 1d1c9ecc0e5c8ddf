"""Accounts: Argon2 password hashes, names, roles and assignments."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from candor.errors import CandorError
from candor.store.models import UserRow
from tests.store.conftest import PASSWORD


def test_passwords_are_stored_as_argon2id_hashes_with_the_library_defaults(store, monkeypatch):
    monkeypatch.setattr("candor.store.users._hasher", PasswordHasher())  # the real costs
    maya = store.users.add("maya", "clinician", PASSWORD)
    with store.engine.connect() as conn:
        stored = conn.scalar(select(UserRow.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert not PasswordHasher().check_needs_rehash(stored)
    assert store.users.verify("maya", PASSWORD) == maya


def test_verify_accepts_the_right_password_only(store, people):
    assert store.users.verify("maya", PASSWORD) == people.maya
    assert store.users.verify("MAYA", PASSWORD) == people.maya  # names ignore case
    assert store.users.verify("maya", PASSWORD.upper()) is None
    assert store.users.verify("nobody", PASSWORD) is None
    assert store.users.verify("maya", "") is None


def test_names_are_unique_ignoring_case_and_roles_are_checked(store, people):
    with pytest.raises(CandorError, match="already a user"):
        store.users.add("Maya", "clinician", PASSWORD)
    with pytest.raises(CandorError, match="unknown role"):
        store.users.add("eve", "owner", PASSWORD)
    with pytest.raises(CandorError, match="at least 8"):
        store.users.add("eve", "clinician", "short")
    with pytest.raises(CandorError, match="1 to 100"):
        store.users.add("  ", "clinician", PASSWORD)
    assert store.users.count() == 5


def test_an_admin_adds_users_and_changes_roles(store, people):
    eve = store.users.add("eve", "clinician", PASSWORD, actor=people.admin)
    assert store.users.by_name("eve") == eve and store.users.get(eve.id) == eve
    store.users.set_role(people.admin, eve.id, "supervisor")
    assert store.users.get(eve.id).role == "supervisor"
    store.users.assign("eve", "ben", actor=people.admin)
    assert [u.name for u in store.users.supervisees(eve)] == ["ben"]


def test_assignments_join_a_supervisor_to_a_clinician(store, people):
    with pytest.raises(CandorError, match="is a clinician, not a supervisor"):
        store.users.assign("maya", "ben")
    with pytest.raises(CandorError, match="is a supervisor, not a clinician"):
        store.users.assign("sue", "otto")
    store.users.assign("sue", "maya")  # twice is once
    store.users.assign("sue", "ben")
    assert [u.name for u in store.users.supervisees(people.sue)] == ["ben", "maya"]
    store.users.unassign("sue", "ben")
    assert [(a.name, b.name) for a, b in store.users.assignments(people.admin)] == [("sue", "maya")]
