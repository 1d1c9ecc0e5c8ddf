"""Accounts, roles and who supervises whom. Passwords are kept only as Argon2 hashes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, aliased

from candor.errors import CandorError
from candor.store.access import ANONYMOUS, actor_row, audit, deny, require_role, to_user
from candor.store.errors import NotFound
from candor.store.models import AssignmentRow, LoginRow, UserRow, utcnow
from candor.store.types import LOCAL_ADMIN, ROLES, User

MIN_PASSWORD = 8
_hasher = PasswordHasher()
_dummy_hash: list[str] = []  # hashed once, on the first sign-in with an unknown name


def check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise CandorError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > 100 or any(not c.isprintable() for c in name):
        raise CandorError("a user name is 1 to 100 printable characters")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise CandorError(f"unknown role '{role}'; a role is one of {', '.join(ROLES)}")
    return role


class Users:
    def __init__(self, store):
        self._store = store

    def count(self) -> int:
        with self._store.transaction() as s:
            return s.scalar(select(func.count()).select_from(UserRow)) or 0

    def add(self, name: str, role: str, password: str, actor: User | None = None) -> User:
        """A new account. `actor` None is the local command line; otherwise an admin."""
        name, role, password = check_name(name), check_role(role), check_password(password)
        with self._store.transaction() as s:
            admin = self._admin(s, actor, "add", "user", none_is_local=True)
            if _named(s, name) is not None:
                raise CandorError(f"there is already a user named '{name}'")
            row = UserRow(name=name, role=role, password_hash=_hasher.hash(password), active=True, created=utcnow())
            s.add(row)
            s.flush()
            audit(s, admin, "add", "user", row.id, f"role {role}")
            return to_user(row)

    def verify(self, name: str, password: str) -> User | None:
        """The user if the name and password match an active account, else None."""
        with self._store.transaction() as s:
            row = _named(s, name or "")
            if row is None:
                if not _dummy_hash:
                    _dummy_hash.append(_hasher.hash("no such user"))
                _matches(_dummy_hash[0], password)  # same work as a real check: names cannot be probed by timing
                return None
            matches = _matches(row.password_hash, password)
            if not matches or not row.active:
                why = "account inactive" if matches else "wrong password"
                audit(s, None, "sign-in failed", "user", row.id, why, nobody=ANONYMOUS)
                return None
            if _hasher.check_needs_rehash(row.password_hash):
                row.password_hash = _hasher.hash(password)
            return to_user(row)

    def get(self, user_id: int) -> User | None:
        with self._store.transaction() as s:
            row = s.get(UserRow, user_id)
            return to_user(row) if row else None

    def by_name(self, name: str) -> User | None:
        with self._store.transaction() as s:
            row = _named(s, name or "")
            return to_user(row) if row else None

    def list(self, actor: User) -> list[User]:
        with self._store.transaction() as s:
            self._admin(s, actor, "view", "user")
            return [to_user(r) for r in s.scalars(select(UserRow).order_by(func.lower(UserRow.name)))]

    def set_role(self, actor: User, user_id: int, role: str) -> None:
        check_role(role)
        with self._store.transaction() as s:
            admin = self._admin(s, actor, "change", "user")
            row = _user(s, user_id)
            if row.role == role:
                return
            if row.role == "admin":
                _keep_an_admin(s, row)
            old, row.role = row.role, role
            # Assignments only make sense between a supervisor and a clinician.
            s.execute(delete(AssignmentRow).where(
                (AssignmentRow.supervisor_id == row.id) | (AssignmentRow.clinician_id == row.id)
            ))
            audit(s, admin, "change", "user", row.id, f"role {old} -> {role}")

    def set_active(self, actor: User, user_id: int, active: bool) -> None:
        with self._store.transaction() as s:
            admin = self._admin(s, actor, "change", "user")
            row = _user(s, user_id)
            if row.active == bool(active):
                return
            if not active and row.role == "admin":
                _keep_an_admin(s, row)
            row.active = bool(active)
            if not active:
                s.execute(delete(LoginRow).where(LoginRow.user_id == row.id))  # signed out everywhere
            audit(s, admin, "change", "user", row.id, "activated" if active else "deactivated")

    def set_password(self, actor: User, user_id: int, password: str) -> None:
        """An admin (or LOCAL_ADMIN) sets anyone's password; any user may set their own."""
        check_password(password)
        with self._store.transaction() as s:
            me = None if actor is LOCAL_ADMIN else actor_row(s, actor)
            if me is not None and me.id != user_id and me.role != "admin":
                raise deny(me, "only admins can set another user's password", "change", "user", user_id)
            row = _user(s, user_id)
            row.password_hash = _hasher.hash(password)
            s.execute(delete(LoginRow).where(LoginRow.user_id == row.id))
            audit(s, me, "change", "user", row.id, "password set")

    def assign(self, supervisor: str, clinician: str, actor: User | None = None) -> None:
        """`supervisor` (by name) now supervises `clinician`: they can read the clinician's sessions."""
        with self._store.transaction() as s:
            admin = self._admin(s, actor, "assign", "user", none_is_local=True)
            sup, cli = _pair(s, supervisor, clinician)
            exists = s.scalar(select(AssignmentRow.id).where(
                AssignmentRow.supervisor_id == sup.id, AssignmentRow.clinician_id == cli.id
            ))
            if exists is None:
                s.add(AssignmentRow(supervisor_id=sup.id, clinician_id=cli.id, created=utcnow()))
                audit(s, admin, "assign", "user", cli.id, f"supervisor {sup.name} (id {sup.id})")

    def unassign(self, supervisor: str, clinician: str, actor: User | None = None) -> None:
        with self._store.transaction() as s:
            admin = self._admin(s, actor, "unassign", "user", none_is_local=True)
            sup, cli = _pair(s, supervisor, clinician)
            gone = s.execute(delete(AssignmentRow).where(
                AssignmentRow.supervisor_id == sup.id, AssignmentRow.clinician_id == cli.id
            )).rowcount
            if gone:
                audit(s, admin, "unassign", "user", cli.id, f"supervisor {sup.name} (id {sup.id})")

    def supervisees(self, supervisor: User) -> list[User]:
        """The clinicians `supervisor` is assigned, by name."""
        with self._store.transaction() as s:
            rows = s.scalars(
                select(UserRow).join(AssignmentRow, AssignmentRow.clinician_id == UserRow.id)
                .where(AssignmentRow.supervisor_id == supervisor.id).order_by(func.lower(UserRow.name))
            )
            return [to_user(r) for r in rows]

    def assignments(self, actor: User) -> list[tuple[User, User]]:
        """Every (supervisor, clinician) pair; admins only."""
        sup, cli = aliased(UserRow), aliased(UserRow)
        with self._store.transaction() as s:
            self._admin(s, actor, "view", "assignment")
            rows = s.execute(
                select(sup, cli).join(AssignmentRow, AssignmentRow.supervisor_id == sup.id)
                .join(cli, AssignmentRow.clinician_id == cli.id).order_by(func.lower(sup.name), func.lower(cli.name))
            )
            return [(to_user(a), to_user(b)) for a, b in rows]

    @staticmethod
    def _admin(s: Session, actor: User | None, action: str, object_type: str, none_is_local: bool = False) -> UserRow | None:
        """The acting admin's row; None for the local command line (LOCAL_ADMIN, or None where the API allows it)."""
        if actor is LOCAL_ADMIN or (actor is None and none_is_local):
            return None
        row = actor_row(s, actor)
        require_role(row, ("admin",), action, object_type)
        return row


def _named(s: Session, name: str) -> UserRow | None:
    return s.scalars(select(UserRow).where(func.lower(UserRow.name) == name.strip().lower())).first()


def _user(s: Session, user_id: int) -> UserRow:
    row = s.get(UserRow, user_id)
    if row is None:
        raise NotFound(f"no user with id {user_id}")
    return row


def _pair(s: Session, supervisor: str, clinician: str) -> tuple[UserRow, UserRow]:
    rows = []
    for name, role in ((supervisor, "supervisor"), (clinician, "clinician")):
        row = _named(s, name)
        if row is None:
            raise NotFound(f"no user named '{name}'; add them first with: candor users add '{name}' --role {role}")
        if row.role != role:
            raise CandorError(f"'{row.name}' is a {row.role}, not a {role}")
        rows.append(row)
    return rows[0], rows[1]


def _keep_an_admin(s: Session, leaving: UserRow) -> None:
    others = s.scalar(select(func.count()).select_from(UserRow).where(
        UserRow.role == "admin", UserRow.active.is_(True), UserRow.id != leaving.id
    ))
    if not others:
        raise CandorError("this is the last active admin; make another admin first")


def _matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False
