"""`Store`: the one door to Candor's database, for the web app and the CLI.

    store = Store.open()                       # the SQLite file in the user's data folder
    store = Store.open("postgresql://candor@db.clinic.local/candor", key_file=Path("/etc/candor/candor.key"))

Each part (`store.users`, `store.sessions`, ...) checks who is asking on every
call, writes an audit entry for every view, change, export and deletion, and
encrypts and decrypts the text it keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from candor.errors import CandorError
from candor.store import db
from candor.store.audit import Audit
from candor.store.crypto import CHECK_TEXT, Cipher, load_or_create
from candor.store.errors import PermissionDenied
from candor.store.journal import Journal
from candor.store.logins import Logins
from candor.store.models import AuditRow, MetaRow, utcnow
from candor.store.reviews import Reviews
from candor.store.sessions import Sessions
from candor.store.users import Users

_KEY_CHECK = "key_check"


class Store:
    def __init__(self, engine: Engine, key_file: Path, key_created: bool, cipher: Cipher):
        self.engine = engine
        self.url = db.display(engine.url)  # printable: the password is hidden
        self.path = db.sqlite_path(engine.url)  # the SQLite file, or None
        self.key_file = key_file
        self.key_created = key_created
        self.cipher = cipher
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # An in-memory SQLite database is one connection shared by all threads: one transaction at a time.
        in_memory = engine.dialect.name == "sqlite" and self.path is None
        self._one_at_a_time = threading.Lock() if in_memory else nullcontext()
        self.users = Users(self)
        self.sessions = Sessions(self)
        self.reviews = Reviews(self)
        self.journal = Journal(self)
        self.audit = Audit(self)
        self.logins = Logins(self)

    @classmethod
    def open(cls, url: str | None = None, key_file: Path | str | None = None) -> "Store":
        """Connect, bring the schema up to date, and unlock the encrypted columns with the key file.

        The key file is created (mode 0600) when neither it nor any encrypted
        data exists yet; `key_created` then says so, for the caller to tell the user.
        """
        parsed = db.resolve_url(url)
        engine = db.make_engine(parsed)
        try:
            db.migrate(engine)
            if key_file:
                path = Path(key_file).expanduser().resolve()
            else:
                path = db.default_key_file(parsed)
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            cipher, created = _unlock(engine, path)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path, created, cipher)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or rolled back whole; refused attempts are still audited."""
        with self._one_at_a_time:
            try:
                with self._sessions.begin() as s:
                    yield s
            except PermissionDenied as err:
                if err.audit:
                    actor_id, actor_name, action, object_type, object_id = err.audit
                    with self._sessions.begin() as s:
                        s.add(AuditRow(
                            at=utcnow(), actor_id=actor_id, actor_name=actor_name, action="denied",
                            object_type=object_type, object_id=object_id, detail=f"tried to {action}",
                        ))
                raise
            except IntegrityError:
                raise CandorError(
                    "that change clashes with what is already stored (was it made twice at once?); try again"
                ) from None

    def scrub(self) -> None:
        """After a deletion: empty SQLite's write-ahead log into the (zero-filled) free pages, or vacuum PostgreSQL.

        Best effort: the deletion itself is already committed, and a busy
        database only delays this until SQLite's next automatic checkpoint.
        """
        try:
            if self.engine.dialect.name != "sqlite":
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.exec_driver_sql("VACUUM sessions, reviews, journal_entries")
            elif self.path is not None:  # in memory there is nothing on disk
                db.checkpoint(self.engine)
        except (SQLAlchemyError, sqlite3.Error):
            pass


def _unlock(engine: Engine, path: Path) -> tuple[Cipher, bool]:
    with Session(engine) as s, s.begin():
        if engine.dialect.name == "postgresql":
            s.execute(select(db.lock_statement()))
        check = s.get(MetaRow, _KEY_CHECK)
        if check is not None and not path.exists():
            raise CandorError(
                f"this database is encrypted, and its key file is not at {path}; "
                "give the key file that was created with it (--key-file)"
            )
        key, created = load_or_create(path, may_create=check is None)
        cipher = Cipher(key)
        if check is None:
            s.add(MetaRow(name=_KEY_CHECK, value=cipher.encrypt(CHECK_TEXT, _KEY_CHECK)))
        else:
            try:
                ok = cipher.decrypt(check.value, _KEY_CHECK) == CHECK_TEXT
            except CandorError:
                ok = False
            if not ok:
                raise CandorError(
                    f"the key file {path} does not belong to this database; "
                    "give the key file that was created with it (--key-file)"
                )
    return cipher, created
