"""The plain, immutable values the store hands out. No database objects leak past the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

ROLES: tuple[str, ...] = ("clinician", "supervisor", "admin")
REVIEW_ACTIONS: tuple[str, ...] = ("confirm", "recode", "dismiss")


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str  # one of ROLES
    active: bool


# Who acts when `candor users ...` runs on the machine that holds the database:
# whoever can read the database file and the key file is its admin anyway.
# Compared by identity; an equal User built elsewhere is not it.
LOCAL_ADMIN = User(0, "command line", "admin", True)


@dataclass(frozen=True)
class SessionSummary:
    id: int
    owner_id: int
    owner_name: str
    client_pseudonym: str
    session_date: date | None
    created: datetime  # UTC
    source_name: str
    format: str
    statuses: dict[str, str]  # tip -> status, for genuine, expert_role, intention, balance
    self_involving_share: float
    therapist_turns: int
    sentences: int = 0  # therapist sentences
    self_involving: int = 0  # self-involving therapist sentences

    @property
    def day(self) -> date:
        """The session's date, or the day it was stored when no date was given."""
        return self.session_date or self.created.date()


@dataclass(frozen=True)
class StoredSession:
    summary: SessionSummary
    report: dict[str, Any]  # the candor.report/1 session dict, decrypted


@dataclass(frozen=True)
class Review:
    id: int
    session_id: int
    turn: int
    sentence: int
    reviewer_name: str
    action: str  # one of REVIEW_ACTIONS
    code: str | None  # confirm: Candor's code; recode: the new one; dismiss: None
    flags: tuple[str, ...]
    comment: str
    created: datetime


@dataclass(frozen=True)
class Moment:
    """One self-involving therapist sentence waiting for (or with) a supervisor's review."""

    session_id: int
    clinician_name: str
    client_pseudonym: str
    turn: int
    sentence: int  # position within the turn, from 0
    text: str
    code: str  # Candor's
    flags: tuple[str, ...]
    review: Review | None  # the latest review of this sentence
    confidence: float = 1.0
    prev: str | None = None  # what the client said just before
    session_date: date | None = None


@dataclass(frozen=True)
class JournalEntry:
    id: int
    created: datetime
    shared: str  # what I shared
    why: str
    client_next: str  # what the client did next
    learned: str
    tips: tuple[str, ...]
    check: dict[str, Any] | None  # a saved pre-disclosure check (candor.check/1)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: int | None
    detail: str
