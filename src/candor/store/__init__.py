"""Candor's database: users, sessions, reviews, the private journal and the audit log.

    from candor.store import Store
    store = Store.open()                    # SQLite in the user's data folder; or Store.open("postgresql://...")
    me = store.users.verify("maya", "a long passphrase")
    session_id = store.sessions.add(me, candor.analyze(candor.example()), "Client A")

SQLite by default, PostgreSQL by URL; schema kept current by Alembic at open;
transcripts, reports, review comments and journal entries encrypted at rest
(AES-256-GCM) with the key file `store.key_file`. See docs/security.md.
"""

from candor.store.errors import NotFound, PermissionDenied
from candor.store.service import Store
from candor.store.types import (
    LOCAL_ADMIN, REVIEW_ACTIONS, ROLES, AuditEntry, JournalEntry, Moment, Review, SessionSummary, StoredSession, User,
)
from candor.store.users import MIN_PASSWORD

__all__ = [
    "LOCAL_ADMIN", "MIN_PASSWORD", "REVIEW_ACTIONS", "ROLES", "AuditEntry", "JournalEntry", "Moment", "NotFound",
    "PermissionDenied", "Review", "SessionSummary", "Store", "StoredSession", "User",
]
