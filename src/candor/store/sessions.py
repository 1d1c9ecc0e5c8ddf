"""Analysed sessions: added by their clinician, read by them and their supervisors, deleted for good."""

from __future__ import annotations

import json
from datetime import date, datetime
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from candor.errors import CandorError
from candor.model import TIPS, SessionReport, Status
from candor.report.json import session_to_dict
from candor.store.access import actor_row, audit, readable_owner_ids, require_role, session_for
from candor.store.models import ReviewRow, SessionRow, UserRow, utcnow
from candor.store.types import SessionSummary, StoredSession, User

STATUSES: tuple[str, ...] = tuple(s.value for s in Status)


def check_pseudonym(value: str) -> str:
    value = (value or "").strip()
    if not value or len(value) > 200:
        raise CandorError("give the client a pseudonym of 1 to 200 characters (not their name)")
    return value


def check_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise CandorError(f"'{value}' is not a date; write it as YYYY-MM-DD") from None


def status_filter(value: str) -> tuple[str | None, str]:
    """'risk' (any tip) or 'genuine:risk' (one tip) -> (tip or None, status)."""
    tip, sep, status = value.partition(":")
    if not sep:
        tip, status = None, value
    if (tip is not None and tip not in TIPS) or status not in STATUSES:
        raise CandorError(f"unknown status filter '{value}'; use one of {', '.join(STATUSES)}, or TIP:STATUS such as genuine:risk")
    return tip, status


class Sessions:
    def __init__(self, store):
        self._store = store

    def add(self, actor: User, report: SessionReport, client_pseudonym: str, session_date: date | str | None = None) -> int:
        """Store a clinician's own analysed session; its text is encrypted. Returns the new id."""
        if not isinstance(report, SessionReport):
            raise CandorError("a stored session is one SessionReport (from candor.analyze)")
        pseudonym, day = check_pseudonym(client_pseudonym), check_date(session_date)
        cipher = self._store.cipher
        stats = report.stats
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("clinician",), "add", "session")
            row = SessionRow(
                owner_id=me.id, client_pseudonym=pseudonym, session_date=day,
                source_name=cipher.encrypt(report.transcript.source, "source_name"),
                format=report.transcript.format or "", created=utcnow(),
                report=cipher.encrypt(json.dumps(session_to_dict(report), ensure_ascii=False), "report"),
                **{tip: (report.tips[tip].status.value if tip in report.tips else "not_applicable") for tip in TIPS},
                self_involving_share=float(stats.self_involving_share), therapist_turns=stats.therapist_turns,
                sentences=stats.therapist_sentences, self_involving=stats.self_involving,
            )
            s.add(row)
            s.flush()
            audit(s, me, "add", "session", row.id, f"{stats.therapist_turns} therapist turns")
            return row.id

    def list(self, actor: User, clinician_id: int | None = None, client: str | None = None,
             status: str | None = None) -> list[SessionSummary]:
        """Sessions the actor may read, newest first; filters: clinician, client pseudonym, status."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            query = self._visible(s, me, clinician_id, "session")
            if client:
                query = query.where(func.lower(SessionRow.client_pseudonym) == client.strip().lower())
            if status:
                tip, value = status_filter(status)
                columns = [getattr(SessionRow, tip)] if tip else [getattr(SessionRow, t) for t in TIPS]
                query = query.where(or_(*[c == value for c in columns]))
            out = [self._summary(row, name) for row, name in s.execute(query)]
        return sorted(out, key=lambda x: (x.day, x.created), reverse=True)

    def get(self, actor: User, session_id: int) -> StoredSession:
        """One session with its full report; for its clinician and their supervisors. Audited as a view."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            row = session_for(s, me, session_id, "view")
            owner = s.get(UserRow, row.owner_id)
            audit(s, me, "view", "session", row.id)
            summary, blob = self._summary(row, owner.name), row.report
        return StoredSession(summary, json.loads(self._store.cipher.decrypt(blob, "report")))

    def delete(self, actor: User, session_id: int) -> None:
        """Remove a session, its text and its reviews for good. Only its clinician can."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            row = session_for(s, me, session_id, "delete", owner_only=True)
            _remove(s, [row])
            audit(s, me, "delete", "session", session_id)
        self._store.scrub()

    def delete_client(self, actor: User, client_pseudonym: str) -> int:
        """Remove all of the actor's sessions with one client; returns how many. The audit keeps ids, not the pseudonym."""
        pseudonym = check_pseudonym(client_pseudonym)
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("clinician",), "delete", "session")
            rows = list(s.scalars(select(SessionRow).where(
                SessionRow.owner_id == me.id, func.lower(SessionRow.client_pseudonym) == pseudonym.lower()
            )))
            ids = [r.id for r in rows]
            _remove(s, rows)
            for session_id in ids:
                audit(s, me, "delete", "session", session_id, "with all sessions of one client")
        if ids:
            self._store.scrub()
        return len(ids)

    def trends(self, actor: User, clinician_id: int) -> list[SessionSummary]:
        """One clinician's sessions, oldest first, for the trend charts; the same access rules as `list`."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            query = self._visible(s, me, clinician_id, "trends")
            out = [self._summary(row, name) for row, name in s.execute(query)]
        return sorted(out, key=lambda x: (x.day, x.created))

    @staticmethod
    def _visible(s: Session, me, clinician_id: int | None, what: str):
        owners = readable_owner_ids(s, me, clinician_id, what)
        return (
            select(SessionRow, UserRow.name).join(UserRow, UserRow.id == SessionRow.owner_id)
            .where(SessionRow.owner_id.in_(owners))
        )

    def _summary(self, row: SessionRow, owner_name: str) -> SessionSummary:
        return SessionSummary(
            id=row.id, owner_id=row.owner_id, owner_name=owner_name, client_pseudonym=row.client_pseudonym,
            session_date=row.session_date, created=row.created,
            source_name=self._store.cipher.decrypt(row.source_name, "source_name"), format=row.format,
            statuses={tip: getattr(row, tip) for tip in TIPS},
            self_involving_share=row.self_involving_share, therapist_turns=row.therapist_turns,
            sentences=row.sentences, self_involving=row.self_involving,
        )


def _remove(s: Session, rows: list[SessionRow]) -> None:
    ids = [r.id for r in rows]
    if not ids:
        return
    for review in s.scalars(select(ReviewRow).where(ReviewRow.session_id.in_(ids))):
        s.delete(review)
    for row in rows:
        s.delete(row)
