"""Who may do what: the checks every store call makes before it touches data.

The actor is looked up again on every call, so a role change or a
deactivation takes effect at once, even for someone already signed in.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from candor.store.errors import NotFound, PermissionDenied
from candor.store.models import AssignmentRow, AuditRow, SessionRow, UserRow, utcnow
from candor.store.types import User

CLI_ACTOR = "command line"  # the name in the audit log for changes made with `candor users`
ANONYMOUS = "anonymous"  # someone not signed in, e.g. a failed sign-in


def to_user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.active)


def actor_row(s: Session, actor: User) -> UserRow:
    row = s.get(UserRow, actor.id) if actor is not None else None
    if row is None or not row.active:
        raise PermissionDenied("this account is not active; ask an admin")
    return row


def deny(row: UserRow, message: str, action: str, object_type: str, object_id: int | None = None) -> PermissionDenied:
    return PermissionDenied(message, (row.id, row.name, action, object_type, object_id))


def require_role(row: UserRow, roles: tuple[str, ...], action: str, object_type: str) -> None:
    if row.role not in roles:
        who = " or ".join(f"{r}s" for r in roles)
        raise deny(row, f"only {who} can do this", action, object_type)


def supervised_ids(s: Session, supervisor_id: int) -> list[int]:
    return list(s.scalars(select(AssignmentRow.clinician_id).where(AssignmentRow.supervisor_id == supervisor_id)))


def readable_owner_ids(s: Session, row: UserRow, clinician_id: int | None, what: str) -> list[int]:
    """Whose sessions the actor may read: a clinician their own, a supervisor their supervisees'."""
    if row.role == "clinician":
        if clinician_id not in (None, row.id):
            raise deny(row, "clinicians see only their own sessions", "view", what, clinician_id)
        return [row.id]
    if row.role == "supervisor":
        ids = supervised_ids(s, row.id)
        if clinician_id is None:
            return ids
        if clinician_id not in ids:
            raise deny(row, "you do not supervise this clinician", "view", what, clinician_id)
        return [clinician_id]
    raise deny(row, "admins manage users and never read sessions", "view", what, clinician_id)


def session_for(s: Session, row: UserRow, session_id: int, action: str, owner_only: bool = False) -> SessionRow:
    """The session if the actor may act on it: its owner, or (to read) a supervisor of the owner."""
    session = s.get(SessionRow, session_id)
    if session is None:
        raise NotFound(f"no session {session_id}")
    if session.owner_id == row.id:
        return session
    if not owner_only and row.role == "supervisor" and session.owner_id in supervised_ids(s, row.id):
        return session
    message = "only the clinician who added a session can do this" if owner_only else "this session is not yours to see"
    raise deny(row, message, action, "session", session_id)


def audit(
    s: Session, actor: UserRow | None, action: str, object_type: str, object_id: int | None = None,
    detail: str = "", nobody: str = CLI_ACTOR,
) -> None:
    """One audit entry, in the same transaction as the change it records. Never pass transcript text.

    Without an actor the entry is written in the name `nobody`: the command line, or anonymous.
    """
    s.add(AuditRow(
        at=utcnow(), actor_id=actor.id if actor else None, actor_name=actor.name if actor else nobody,
        action=action, object_type=object_type, object_id=object_id, detail=detail[:500],
    ))
