"""Where the database is, how to connect to it, and bringing its schema up to date.

No URL means a SQLite file in the user's data folder (created with mode
0700). `postgresql://...` means PostgreSQL through psycopg 3. Opening runs
the Alembic migrations shipped in this package: a new database gets the
whole schema, an older one is upgraded in place, never wiped.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.pool import StaticPool

from candor.errors import CandorError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_LOCK_ID = 0x43414E44  # "CAND": one migrator at a time on a shared PostgreSQL server


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir("candor", appauthor=False))


def default_url() -> URL:
    return URL.create("sqlite", database=str(data_dir() / "candor.db"))


def resolve_url(url: str | None) -> URL:
    """The database URL to use: none = the default SQLite file, a plain path = a SQLite file."""
    if not url:
        return default_url()
    if "://" not in url:
        return URL.create("sqlite", database=str(Path(url).expanduser().resolve()))
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise CandorError(f"'{url}' is not a database URL; use a file path or postgresql://user@host/dbname") from None
    if parsed.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise CandorError(f"Candor stores into SQLite or PostgreSQL, not {parsed.drivername}")
    return parsed


def sqlite_path(url: URL) -> Path | None:
    """The SQLite file of `url`, or None for PostgreSQL and in-memory databases."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def default_key_file(url: URL) -> Path:
    """Beside the SQLite file (candor.db -> candor.key); else in the user's data folder."""
    path = sqlite_path(url)
    if path is not None:
        return path.with_suffix(".key")
    return data_dir() / "candor.key"


def prepare_sqlite_file(path: Path) -> None:
    """Create the default folder (0700) and the file itself with mode 0600 before SQLite does."""
    if path.parent == data_dir():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.parent.is_dir():
        raise CandorError(f"the folder {path.parent} does not exist; create it or choose another --db")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    except OSError as err:
        raise CandorError(f"cannot open the database {path} ({err.strerror or err})") from None


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    path = sqlite_path(url)
    if path is None:  # in memory: one connection shared by every thread
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        prepare_sqlite_file(path)
        engine = create_engine(url, pool_size=10, max_overflow=20, connect_args={"check_same_thread": False})
    _tune_sqlite(engine, wal=path is not None)
    return engine


def _tune_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We issue BEGIN ourselves (below), so pysqlite must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if wal:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")  # wait for another writer instead of failing
        cursor.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten, not left in free pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Nearly every call writes (at least its audit entry): take the write lock
        # up front, so two transactions never deadlock upgrading a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the WAL into the database file and empty it, so deleted pages leave no copy behind."""
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run inside one
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        raw.close()


def alembic_config(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (all of it by default), keeping every row."""
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(select(lock_statement()))
            command.upgrade(alembic_config(conn), revision)
    except CommandError as err:
        if "Can't locate revision" in str(err):
            raise CandorError(
                "this database was made by a newer Candor; upgrade Candor to open it"
            ) from None
        raise
    except OperationalError as err:
        raise CandorError(f"cannot open the database {display(engine.url)}: {_reason(err)}") from None


def lock_statement():
    """PostgreSQL: hold this lock to the end of the transaction, so only one process migrates or makes a key."""
    return func.pg_advisory_xact_lock(_LOCK_ID)


def display(url: URL) -> str:
    """The URL as it may be printed: never the password."""
    return url.render_as_string(hide_password=True)


def _reason(err: OperationalError) -> str:
    first = str(err.orig).strip().splitlines()[0] if err.orig else type(err).__name__
    return first.rstrip(".")
