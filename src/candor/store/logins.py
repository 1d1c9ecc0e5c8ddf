"""Web sign-in sessions. The browser holds a random token; the database holds only its SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select

from candor.store.access import audit, to_user
from candor.store.errors import PermissionDenied
from candor.store.models import LoginRow, UserRow, utcnow
from candor.store.types import User


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Logins:
    def __init__(self, store):
        self._store = store

    def create(self, user: User, hours: float = 12) -> tuple[str, str]:
        """A new sign-in for `user`, valid for `hours`: (token for the cookie, CSRF token for the forms)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        now = utcnow()
        with self._store.transaction() as s:
            s.execute(delete(LoginRow).where(LoginRow.expires <= now))  # tidy up as we go
            row = s.get(UserRow, user.id)
            if row is None or not row.active:
                raise PermissionDenied("this account is not active; ask an admin")
            s.add(LoginRow(token_hash=_hash(token), user_id=row.id, csrf=csrf, created=now,
                           expires=now + timedelta(hours=hours)))
            audit(s, row, "sign in", "user", row.id)
        return token, csrf

    def get(self, token: str) -> tuple[User, str] | None:
        """(user, csrf token) for a live sign-in; None if unknown, expired or the user is inactive."""
        if not token:
            return None
        with self._store.transaction() as s:
            found = s.execute(
                select(LoginRow, UserRow).join(UserRow, UserRow.id == LoginRow.user_id)
                .where(LoginRow.token_hash == _hash(token))
            ).first()
            if found is None:
                return None
            login, user = found
            if login.expires <= utcnow() or not user.active:
                s.delete(login)
                return None
            return to_user(user), login.csrf

    def delete(self, token: str) -> None:
        """Sign out: the token stops working at once."""
        if not token:
            return
        with self._store.transaction() as s:
            login = s.scalars(select(LoginRow).where(LoginRow.token_hash == _hash(token))).first()
            if login is not None:
                audit(s, s.get(UserRow, login.user_id), "sign out", "user", login.user_id)
                s.delete(login)
