"""The schema comes from the shipped Alembic migrations, and an old database is upgraded with its data."""

from __future__ import annotations

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from argon2 import PasswordHasher
from sqlalchemy import inspect, text

from candor.errors import CandorError
from candor.store import Store
from candor.store.db import make_engine, migrate, resolve_url
from candor.store.models import Base
from tests.store.conftest import PASSWORD

TABLES = {"users", "assignments", "sessions", "reviews", "journal_entries", "audit_log", "web_sessions", "candor_meta"}


def test_opening_a_new_database_creates_the_whole_schema(store):
    names = set(inspect(store.engine).get_table_names())
    assert TABLES | {"alembic_version"} <= names
    with store.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == "0002"
    assert "detail" in {c["name"] for c in inspect(store.engine).get_columns("audit_log")}


def test_the_migrations_build_exactly_the_models(store):
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_a_database_made_at_0001_is_upgraded_and_keeps_its_data(store_url, tmp_path):
    engine = make_engine(resolve_url(store_url))
    migrate(engine, "0001")
    now = datetime(2026, 1, 5, 9, 30)
    with engine.begin() as conn:
        for name, role in (("maya", "clinician"), ("sue", "supervisor")):
            conn.execute(
                text("INSERT INTO users (name, role, password_hash, active, created) VALUES (:n, :r, :h, :a, :c)"),
                {"n": name, "r": role, "h": PasswordHasher().hash(PASSWORD), "a": True, "c": now},
            )
        ids = dict(conn.execute(text("SELECT name, id FROM users")).all())
        conn.execute(
            text("INSERT INTO assignments (supervisor_id, clinician_id, created) VALUES (:s, :c, :t)"),
            {"s": ids["sue"], "c": ids["maya"], "t": now},
        )
        conn.execute(
            text("INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id) "
                 "VALUES (:at, NULL, 'command line', 'add', 'user', :id)"),
            {"at": now, "id": ids["maya"]},
        )
    engine.dispose()

    with Store.open(store_url, key_file=tmp_path / "candor.key") as store:
        maya = store.users.verify("maya", PASSWORD)
        sue = store.users.verify("sue", PASSWORD)
        assert maya and sue and maya.role == "clinician"
        assert [u.name for u in store.users.supervisees(sue)] == ["maya"]
        admin = store.users.add("root", "admin", PASSWORD)
        old = [e for e in store.audit.list(admin) if e.at.year == 2026 and e.at.month == 1]
        assert len(old) == 1 and old[0].object_id == maya.id and old[0].detail == ""
        with store.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0002"


def test_reopening_an_up_to_date_database_changes_nothing(store, people, tmp_path, store_url):
    store.close()
    with Store.open(store_url, key_file=tmp_path / "candor.key") as again:
        assert again.users.count() == 5
        assert not again.key_created


def test_a_database_from_a_newer_candor_is_refused(store, store_url, tmp_path):
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    with pytest.raises(CandorError, match="newer Candor"):
        Store.open(store_url, key_file=tmp_path / "candor.key")
