"""Fixtures every test module can use."""

from __future__ import annotations

from pathlib import Path

import pytest

# The real transcripts and data sets beside the repository (/work/shared/data).
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real-data folder. Missing data fails the test loudly; it never skips."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real test data not found at {SHARED_DATA}; the tests need /work/shared/data beside the repo")
    return SHARED_DATA


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test on any attempt to open a network connection or resolve a host."""
    import socket

    def refuse(*args, **kwargs):
        raise NetworkUsed("Candor tried to use the network")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield


REPO = Path(__file__).resolve().parents[1]


def write_transcript(tmp_path: Path, text: str, name: str = "session.txt") -> Path:
    """A transcript file as a clinician would save it (UTF-8 text)."""
    p = tmp_path / name
    p.write_text(text.strip() + "\n", encoding="utf-8")
    return p


# A throwaway PostgreSQL server for the store tests, and a `store` fixture that
# runs each test against SQLite and against PostgreSQL. The server starts once
# per test run from Debian's binaries (`make postgres` installs them), in a
# temporary folder, as the unprivileged postgres user; it is stopped and
# removed at the end. Each test gets a database of its own.
PGBIN = Path("/usr/lib/postgresql/15/bin")


class PostgresServer:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.data = root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)


@pytest.fixture(scope="session")
def postgres_server():
    import os
    import shutil
    import socket
    import subprocess
    import tempfile

    if not (PGBIN / "initdb").exists():
        pytest.fail(f"PostgreSQL 15 is not installed ({PGBIN}/initdb is missing); run 'make postgres'")
    root = Path(tempfile.mkdtemp(prefix="candor-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres user
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = PostgresServer(root, port)
    pg_ctl = [*as_postgres, str(PGBIN / "pg_ctl"), "-D", str(server.data)]

    def run(args: list[str]) -> None:
        done = subprocess.run(args, capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = (root / "log").read_text() if (root / "log").exists() else ""
            pytest.fail(f"{' '.join(args[:4])} failed:\n{done.stdout}\n{done.stderr}\n{log}")

    try:
        run([*as_postgres, str(PGBIN / "initdb"), "-D", str(server.data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8"])
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run([*pg_ctl, "-l", str(root / "log"), "-w", "-o", options, "start"])
        yield server
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the throwaway server, dropped after the test."""
    import uuid

    name = f"candor_test_{uuid.uuid4().hex[:12]}"
    with postgres_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    with postgres_server.connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh database: a SQLite file in tmp_path, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "candor.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(store_url, tmp_path):
    """An open `candor.store.Store` on a fresh database, its key file in tmp_path."""
    from candor.store import Store

    opened = Store.open(store_url, key_file=tmp_path / "candor.key")
    yield opened
    opened.close()
