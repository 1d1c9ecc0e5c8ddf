"""Supervisor review: the self-involving moments of supervisees' sessions, and labelled data from the verdicts.

A review confirms Candor's code for one therapist sentence, recodes it (any
CODEBOOK code and flags), or dismisses it (not self-involving). The latest
review of a sentence is the one that counts.
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from candor.errors import CandorError
from candor.model import CODES, FLAGS, SELF_INVOLVING
from candor.store.access import actor_row, audit, require_role, session_for, supervised_ids
from candor.store.models import ReviewRow, SessionRow, UserRow, utcnow
from candor.store.types import REVIEW_ACTIONS, Moment, Review, User


def therapist_sentences(report: dict[str, Any]) -> Iterator[tuple[dict, int, dict, str | None]]:
    """(turn, sentence index, sentence, the client's previous text) for every coded therapist sentence."""
    prev = None
    for turn in report["turns"]:
        if turn["role"] == "client":
            prev = turn["text"]
        if turn["role"] != "therapist":
            continue
        for i, sentence in enumerate(turn["sentences"]):
            yield turn, i, sentence, prev


class Reviews:
    def __init__(self, store):
        self._store = store

    def queue(self, actor: User, pending_only: bool = False) -> list[Moment]:
        """Every self-involving sentence in the actor's supervisees' sessions, newest session first."""
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("supervisor",), "view", "review queue")
            loaded = self._sessions(s, supervised_ids(s, me.id))
            audit(s, me, "view", "review queue", None, f"{len(loaded)} sessions")
        out = []
        for row, owner, report, latest in loaded:
            for turn, i, sentence, prev in therapist_sentences(report):
                if sentence["code"] not in SELF_INVOLVING:
                    continue
                review = latest.get((turn["index"], i))
                if pending_only and review is not None:
                    continue
                out.append(Moment(
                    session_id=row.id, clinician_name=owner, client_pseudonym=row.client_pseudonym,
                    turn=turn["index"], sentence=i, text=sentence["text"], code=sentence["code"],
                    flags=tuple(sentence["flags"]), review=review, confidence=sentence["confidence"],
                    prev=prev, session_date=row.session_date,
                ))
        return out

    def add(self, actor: User, session_id: int, turn: int, sentence: int, action: str,
            code: str | None = None, flags: tuple[str, ...] | list[str] = (), comment: str = "") -> Review:
        """A supervisor's verdict on one therapist sentence of a supervisee's session."""
        if action not in REVIEW_ACTIONS:
            raise CandorError(f"unknown review action '{action}'; use one of {', '.join(REVIEW_ACTIONS)}")
        flags = tuple(flags or ())
        if any(f not in FLAGS for f in flags):
            raise CandorError(f"unknown flag; flags are {', '.join(FLAGS)}")
        if action == "recode" and code not in CODES:
            raise CandorError(f"a recode needs a CODEBOOK code: one of {', '.join(CODES)}")
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("supervisor",), "review", "session")
            row = session_for(s, me, session_id, "review")
            if row.owner_id == me.id:  # a supervisor never owns sessions, but be explicit
                raise CandorError("you cannot review your own session")
            found = self._sentence(row, turn, sentence)
            if action == "confirm":
                code, flags = found["code"], tuple(found["flags"])
            elif action == "dismiss":
                code, flags = None, ()
            review = ReviewRow(
                session_id=row.id, turn=turn, sentence=sentence, reviewer_id=me.id, action=action, code=code,
                flags=",".join(f for f in FLAGS if f in flags), created=utcnow(),
                comment=self._store.cipher.encrypt(comment or "", "review_comment"),
            )
            s.add(review)
            s.flush()
            audit(s, me, "review", "session", row.id, f"turn {turn} sentence {sentence}: {action}")
            return self._review(review, me.name)

    def export_gold(self, actor: User) -> str:
        """The supervisor's reviewed turns as gold JSON Lines for `candor evaluate` and `candor train`.

        A turn is exported once every self-involving sentence Candor found in it
        has a review (otherwise Candor's own codes would pass for a human's).
        Its codes and flags are the union over its sentences: the reviewed
        sentences as reviewed (confirm keeps Candor's, recode the new, dismiss
        none), the others as Candor coded them.
        """
        with self._store.transaction() as s:
            me = actor_row(s, actor)
            require_role(me, ("supervisor",), "export", "reviews")
            loaded = self._sessions(s, supervised_ids(s, me.id))
            lines = [line for row, _, report, latest in loaded for line in _gold_lines(row.id, report, latest)]
            audit(s, me, "export", "reviews", None, f"{len(lines)} reviewed turns")
        return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)

    def _sessions(self, s: Session, owner_ids: list[int]):
        """(row, owner name, decrypted report, latest review per (turn, sentence)) for the owners' sessions."""
        rows = s.execute(
            select(SessionRow, UserRow.name).join(UserRow, UserRow.id == SessionRow.owner_id)
            .where(SessionRow.owner_id.in_(owner_ids))
        ).all()
        latest: dict[int, dict[tuple[int, int], Review]] = {row.id: {} for row, _ in rows}
        reviews = s.execute(
            select(ReviewRow, UserRow.name).join(UserRow, UserRow.id == ReviewRow.reviewer_id)
            .where(ReviewRow.session_id.in_(list(latest))).order_by(ReviewRow.created, ReviewRow.id)
        )
        for review, name in reviews:
            latest[review.session_id][(review.turn, review.sentence)] = self._review(review, name)
        out = [(row, name, json.loads(self._store.cipher.decrypt(row.report, "report")), latest[row.id]) for row, name in rows]
        out.sort(key=lambda x: (x[0].session_date or x[0].created.date(), x[0].created), reverse=True)
        return out

    def _sentence(self, row: SessionRow, turn: int, sentence: int) -> dict[str, Any]:
        """The coded therapist sentence at (turn, sentence) of a stored session."""
        report = json.loads(self._store.cipher.decrypt(row.report, "report"))
        for t, i, found, _ in therapist_sentences(report):
            if t["index"] == turn and i == sentence:
                return found
        raise CandorError(f"session {row.id} has no therapist sentence {sentence} in turn {turn}")

    def _review(self, row: ReviewRow, reviewer: str) -> Review:
        return Review(
            id=row.id, session_id=row.session_id, turn=row.turn, sentence=row.sentence, reviewer_name=reviewer,
            action=row.action, code=row.code, flags=tuple(f for f in row.flags.split(",") if f),
            comment=self._store.cipher.decrypt(row.comment, "review_comment"), created=row.created,
        )


def _gold_lines(session_id: int, report: dict[str, Any], latest: dict[tuple[int, int], Review]) -> list[dict]:
    by_turn: dict[int, list[tuple[int, dict, str | None]]] = {}
    turns: dict[int, dict] = {}
    for turn, i, sentence, prev in therapist_sentences(report):
        by_turn.setdefault(turn["index"], []).append((i, sentence, prev))
        turns[turn["index"]] = turn
    lines = []
    for index, sentences in by_turn.items():
        reviewed = [(index, i) in latest for i, _, _ in sentences]
        pending = any(sent["code"] in SELF_INVOLVING and not done for (_, sent, _), done in zip(sentences, reviewed))
        if not any(reviewed) or pending:
            continue
        codes, flags, evidence = set(), set(), []
        for i, sentence, _ in sentences:
            review = latest.get((index, i))
            code, sflags = (review.code or "none", review.flags) if review else (sentence["code"], tuple(sentence["flags"]))
            if code != "none":
                codes.add(code)
            flags.update(sflags)
            if code != "none" or sflags:
                evidence.append(sentence["text"])
        lines.append({
            "id": f"candor-{session_id}-{index}",
            "codes": [c for c in CODES if c in codes],
            "flags": [f for f in FLAGS if f in flags],
            "evidence": " ".join(evidence),
            "text": turns[index]["text"],
            "prev": sentences[0][2],
        })
    return lines
