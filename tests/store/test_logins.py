"""Web sign-ins: tokens stored hashed, expiring, and ended by sign-out or deactivation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from candor.store.models import LoginRow, utcnow


def test_a_sign_in_gives_a_token_and_a_csrf_token(store, people):
    token, csrf = store.logins.create(people.maya)
    assert len(token) >= 40 and len(csrf) >= 40 and token != csrf
    assert store.logins.get(token) == (people.maya, csrf)
    assert store.logins.get("not-a-token") is None and store.logins.get("") is None


def test_only_a_hash_of_the_token_is_stored(store, people):
    token, _ = store.logins.create(people.maya)
    with store.engine.connect() as conn:
        stored = conn.scalars(select(LoginRow.token_hash)).all()
    assert token not in stored and len(stored[0]) == 64


def test_tokens_expire(store, people):
    token, _ = store.logins.create(people.maya, hours=12)
    with store.engine.begin() as conn:  # 12 hours later
        conn.execute(update(LoginRow).values(expires=utcnow() - timedelta(seconds=1)))
    assert store.logins.get(token) is None
    token, _ = store.logins.create(people.maya, hours=0)
    assert store.logins.get(token) is None


def test_sign_out_and_deactivation_end_a_sign_in(store, people):
    token, _ = store.logins.create(people.maya)
    store.logins.delete(token)
    assert store.logins.get(token) is None
    token, _ = store.logins.create(people.ben)
    other, _ = store.logins.create(people.ben)
    store.users.set_active(people.admin, people.ben.id, False)
    assert store.logins.get(token) is None and store.logins.get(other) is None


def test_a_new_password_ends_every_sign_in(store, people):
    token, _ = store.logins.create(people.maya)
    store.users.set_password(people.admin, people.maya.id, "a brand new password")
    assert store.logins.get(token) is None
