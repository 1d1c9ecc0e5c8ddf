"""One store call at a time on SQLite: a fair queue in Python instead of SQLite's busy wait.

SQLite lets one writer in at a time, and nearly every store call writes (at
least its audit entry), so the store opens each transaction with BEGIN
IMMEDIATE. Under concurrent requests the others then wait in SQLite's busy
handler, which sleeps in growing steps (up to 100 ms at a time) and leaves a
long tail of slow pages. Taking a lock before each call costs no throughput,
since the calls could not overlap anyway, and each waiting request goes on
as soon as the one before it is done. Password checks are left outside: they
are slow on purpose and write nothing when the password is right.
PostgreSQL needs none of this and gets the store as it is.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

PARTS = ("users", "sessions", "reviews", "journal", "audit", "logins")
UNLOCKED = {("users", "verify")}


class _Part:
    def __init__(self, name: str, part: Any, lock: threading.Lock) -> None:
        self._name, self._part, self._lock = name, part, lock

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._part, attr)
        if not callable(value) or (self._name, attr) in UNLOCKED:
            return value

        @functools.wraps(value)
        def locked(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return value(*args, **kwargs)

        return locked


class SerialStore:
    """The same API as `candor.store.Store`, each part's calls taken one at a time."""

    def __init__(self, store: Any) -> None:
        self._store = store
        lock = threading.Lock()
        for name in PARTS:
            setattr(self, name, _Part(name, getattr(store, name), lock))

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._store, attr)


def for_web(store: Any) -> Any:
    """The store as the web app should call it."""
    engine = getattr(store, "engine", None)
    if engine is not None and engine.dialect.name == "sqlite":
        return SerialStore(store)
    return store
