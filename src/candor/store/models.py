"""The database tables (SQLAlchemy 2 ORM). The migrations in migrations/versions build exactly these.

Text a clinician wrote or said (transcripts, the report JSON that holds them,
file names, review comments, journal entries) lives only in the encrypted
`LargeBinary` columns; the plain columns hold what lists and filters need:
ids, roles, dates, the pseudonym and the tip statuses.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    Boolean, Date, DateTime, Float, ForeignKey, Integer, LargeBinary, MetaData, String, TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Times are stored as naive UTC (SQLite has no time zones) and come back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[datetime] = mapped_column(UTCDateTime)


class AssignmentRow(Base):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("supervisor_id", "clinician_id", name="uq_assignments_pair"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    client_pseudonym: Mapped[str] = mapped_column(String(200), index=True)
    session_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    source_name: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted: file names can carry names
    format: Mapped[str] = mapped_column(String(50))
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    report: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted candor.report/1 session dict
    genuine: Mapped[str] = mapped_column(String(20))
    expert_role: Mapped[str] = mapped_column(String(20))
    intention: Mapped[str] = mapped_column(String(20))
    balance: Mapped[str] = mapped_column(String(20))
    self_involving_share: Mapped[float] = mapped_column(Float)
    therapist_turns: Mapped[int] = mapped_column(Integer)
    sentences: Mapped[int] = mapped_column(Integer)
    self_involving: Mapped[int] = mapped_column(Integer)


class ReviewRow(Base):
    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    turn: Mapped[int] = mapped_column(Integer)
    sentence: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(10))
    code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    flags: Mapped[str] = mapped_column(String(200))  # comma-separated CODEBOOK flags
    comment: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted
    created: Mapped[datetime] = mapped_column(UTCDateTime)


class JournalRow(Base):
    __tablename__ = "journal_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    tips: Mapped[str] = mapped_column(String(100))  # comma-separated tip keys
    content: Mapped[bytes] = mapped_column(LargeBinary)  # encrypted JSON: shared, why, client_next, learned, check


class AuditRow(Base):
    """Append-only (triggers refuse UPDATE and DELETE). No foreign keys: the record outlives what it names."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_name: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[str] = mapped_column(String(500), server_default="")


class LoginRow(Base):
    __tablename__ = "web_sessions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[datetime] = mapped_column(UTCDateTime)
    expires: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class MetaRow(Base):
    """Small facts about the database itself, such as the encryption key's check value."""

    __tablename__ = "candor_meta"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
