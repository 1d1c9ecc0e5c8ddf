"""The JSON API's shapes, for validation and for the OpenAPI schema (/openapi.json)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

Role = Literal["clinician", "supervisor", "admin"]
Answer = Literal["yes", "no", "unsure"]


class UserOut(BaseModel):
    id: int
    name: str
    role: Role
    active: bool


class Me(BaseModel):
    user: UserOut
    csrf: str = Field(description="Send it back as the X-CSRF-Token header on every POST and DELETE.")


class SignIn(BaseModel):
    name: str = Field(max_length=200)
    password: str = Field(max_length=1000)


class SessionOut(BaseModel):
    id: int
    owner_id: int
    owner_name: str
    client_pseudonym: str
    session_date: Optional[date]
    created: datetime
    source_name: str
    format: str
    statuses: dict[str, str]
    self_involving_share: float
    therapist_turns: int
    sentences: int = 0
    self_involving: int = 0


class SessionList(BaseModel):
    sessions: list[SessionOut]
    clinicians: list[UserOut] = Field(description="Whose sessions the filter may choose (supervisors).")


class Report(BaseModel):
    session: SessionOut
    report: dict[str, Any] = Field(description="One session of the candor.report/1 JSON (docs/output.md).")


class Uploaded(BaseModel):
    sessions: list[int]


class NeedsSpeaker(BaseModel):
    needs_speaker: bool = True
    token: str = Field(description="POST the therapist's name to /api/uploads/{token}.")
    speakers: list[str]
    guess: Optional[str]


class PickSpeaker(BaseModel):
    therapist: str = Field(max_length=300)


class UploadForm(BaseModel):
    formats: list[dict[str, Any]]
    max_bytes: int


class Trends(BaseModel):
    clinician: UserOut
    band: dict[str, float]
    sessions: list[SessionOut]
    clinicians: list[UserOut]


class ReviewOut(BaseModel):
    id: int
    session_id: int
    turn: int
    sentence: int
    reviewer_name: str
    action: str
    code: Optional[str]
    flags: list[str]
    comment: str
    created: datetime


class MomentOut(BaseModel):
    session_id: int
    clinician_name: str
    client_pseudonym: str
    turn: int
    sentence: int
    text: str
    code: str
    flags: list[str]
    review: Optional[ReviewOut]
    confidence: float = 1.0
    prev: Optional[str] = None
    session_date: Optional[date] = None


class ReviewIn(BaseModel):
    session_id: int
    turn: int
    sentence: int
    action: Literal["confirm", "recode", "dismiss"]
    code: Optional[str] = None
    flags: list[str] = []
    comment: str = Field("", max_length=5000)


class JournalIn(BaseModel):
    shared: str = Field(min_length=1, max_length=10000)
    why: str = Field("", max_length=10000)
    client_next: str = Field("", max_length=10000)
    learned: str = Field("", max_length=10000)
    tips: list[str] = []


class JournalOut(BaseModel):
    id: int
    created: datetime
    shared: str
    why: str
    client_next: str
    learned: str
    tips: list[str]
    check: Optional[dict[str, Any]]


class CheckIn(BaseModel):
    statement: str = Field(min_length=1, max_length=5000)
    for_client: Answer
    fits_goals: Answer
    goal: Optional[str] = Field(None, max_length=1000)
    client_said: Optional[str] = Field(None, max_length=5000)
    save: bool = Field(False, description="Also save the check to your journal.")


class CheckForm(BaseModel):
    answers: list[str]
    questions: dict[str, str]


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=1, max_length=1000)


class ChangeUser(BaseModel):
    role: Optional[Role] = None
    active: Optional[bool] = None
    password: Optional[str] = Field(None, min_length=1, max_length=1000)


class Assignment(BaseModel):
    supervisor: str
    clinician: str


class AdminPage(BaseModel):
    users: list[UserOut]
    assignments: list[Assignment]


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor_name: str
    action: str
    object_type: str
    object_id: Optional[int]
    detail: str


class Done(BaseModel):
    ok: bool = True
    deleted: Optional[int] = None


def plain(obj: Any) -> dict[str, Any]:
    """A store dataclass as a dict (nested dataclasses too)."""
    if dataclasses.is_dataclass(obj):
        return dataclasses.asdict(obj)
    return dict(vars(obj))


def user_out(u: Any) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "role": u.role, "active": bool(u.active)}
