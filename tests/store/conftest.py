"""Fixtures for the store tests: people in every role, and real analysed sessions.

The `store` fixture itself (SQLite and PostgreSQL) is in tests/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher

import candor
from candor.store import Store, User
from tests.conftest import write_transcript

PASSWORD = "correct horse battery"

# A distinctive sentence: it must never appear in the database, the audit log or any message.
SECRET = "I grew up beside the Quillamore lighthouse, and I was lonely there too."

SESSION = f"""
Therapist: Good morning. What would you like to focus on today?
Client: My brother. We haven't spoken since the move and I feel so alone.
Therapist: It sounds like the distance weighs on you. What happened when you moved?
Client: Nobody called. Not once.
Therapist: {SECRET} What is the loneliness like for you now?
Client: Heavy. Like fog.
Therapist: Heavy, like fog. I'm feeling moved as you describe it.
Client: Thank you. I haven't said that to anyone.
Therapist: What would it be like to call him?
"""


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2 with small costs: the same code path, a fraction of the time (test_users checks the real costs)."""
    monkeypatch.setattr("candor.store.users._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="session")
def example_report():
    return candor.analyze(candor.example())


@pytest.fixture(scope="session")
def secret_report(tmp_path_factory):
    """A short session whose therapist says SECRET, a self-disclosure."""
    path = write_transcript(tmp_path_factory.mktemp("transcripts"), SESSION, "lighthouse.txt")
    report = candor.analyze(candor.read(path))
    assert any(f.text == SECRET for f in report.findings), "the detector should code SECRET as self-involving"
    return report


@dataclass(frozen=True)
class People:
    admin: User
    maya: User  # clinician, supervised by sue
    ben: User  # clinician, supervised by nobody
    sue: User  # supervisor of maya
    otto: User  # supervisor of nobody


@pytest.fixture
def people(store: Store) -> People:
    add = store.users.add
    people = People(
        admin=add("root", "admin", PASSWORD),
        maya=add("maya", "clinician", PASSWORD),
        ben=add("ben", "clinician", PASSWORD),
        sue=add("sue", "supervisor", PASSWORD),
        otto=add("otto", "supervisor", PASSWORD),
    )
    store.users.assign("sue", "maya")
    return people


def everything_stored(store: Store) -> list[bytes]:
    """Every value of every row of every table, as bytes (text as UTF-8)."""
    from sqlalchemy import MetaData, select

    meta = MetaData()
    meta.reflect(store.engine)
    out = []
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                for value in row:
                    if isinstance(value, (bytes, bytearray, memoryview)):
                        out.append(bytes(value))
                    elif value is not None:
                        out.append(str(value).encode("utf-8"))
    return out
