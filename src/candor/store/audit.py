"""The audit log: who viewed, changed, exported or deleted what, and when. Never the text itself."""

from __future__ import annotations

from sqlalchemy import select

from candor.store.access import ANONYMOUS, CLI_ACTOR, actor_row, audit, require_role
from candor.store.models import AuditRow
from candor.store.types import LOCAL_ADMIN, AuditEntry, User


class Audit:
    def __init__(self, store):
        self._store = store

    def record(self, actor: User | None, action: str, object_type: str, object_id: int | None = None,
               detail: str = "") -> None:
        """Add an entry (e.g. from the web app: a sign-in refused by the rate limit). Keep text out of `detail`.

        `actor` None is someone not signed in ("anonymous"); LOCAL_ADMIN is the command line.
        """
        with self._store.transaction() as s:
            row = actor_row(s, actor) if actor not in (None, LOCAL_ADMIN) else None
            audit(s, row, action, object_type, object_id, detail, nobody=ANONYMOUS if actor is None else CLI_ACTOR)

    def list(self, actor: User, limit: int = 200) -> list[AuditEntry]:
        """The newest entries first; admins only."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("admin",), "view", "audit log")
            rows = list(s.scalars(select(AuditRow).order_by(AuditRow.id.desc()).limit(max(1, int(limit)))))
            audit(s, me, "view", "audit log")
        return [AuditEntry(r.id, r.at, r.actor_name, r.action, r.object_type, r.object_id, r.detail) for r in rows]
