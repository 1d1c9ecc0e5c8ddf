"""Storing analysed sessions, listing and filtering them, trends, and deleting them for good."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text

from candor.errors import CandorError
from candor.report.json import session_to_dict
from candor.store import NotFound
from candor.store.models import ReviewRow, SessionRow
from tests.store.conftest import SECRET, everything_stored


def test_a_stored_session_comes_back_as_its_json_report(store, people, example_report):
    session_id = store.sessions.add(people.maya, example_report, "  Sam ", date(2026, 11, 3))
    stored = store.sessions.get(people.maya, session_id)
    assert stored.report == session_to_dict(example_report)
    s = stored.summary
    assert (s.owner_name, s.client_pseudonym, s.session_date, s.source_name, s.format) == (
        "maya", "Sam", date(2026, 11, 3), "example_session.txt", "text")
    assert s.statuses == {t: r.status.value for t, r in example_report.tips.items()}
    assert s.therapist_turns == example_report.stats.therapist_turns
    assert s.sentences == example_report.stats.therapist_sentences
    assert s.self_involving == example_report.stats.self_involving
    assert s.self_involving_share == pytest.approx(example_report.stats.self_involving_share)
    assert s.created.tzinfo is not None


def test_the_list_filters_by_client_and_status(store, people, example_report, secret_report):
    a = store.sessions.add(people.maya, example_report, "Sam", "2026-11-03")
    b = store.sessions.add(people.maya, secret_report, "Client L", "2026-11-10")
    c = store.sessions.add(people.maya, secret_report, "Client L")  # no date: the day it was stored
    assert [s.id for s in store.sessions.list(people.maya)] == [c, b, a]
    assert [s.id for s in store.sessions.list(people.maya, client="client l")] == [c, b]
    risky = {s.id for s in store.sessions.list(people.maya, status="risk")}
    assert risky == {x.id for x in store.sessions.list(people.maya) if "risk" in x.statuses.values()}
    assert a in risky  # the example session puts the expert role at risk
    tip, status = next(iter(store.sessions.get(people.maya, b).summary.statuses.items()))
    assert b in {s.id for s in store.sessions.list(people.maya, status=f"{tip}:{status}")}
    with pytest.raises(CandorError, match="unknown status"):
        store.sessions.list(people.maya, status="dreadful")


def test_bad_input_is_refused_at_the_edge(store, people, example_report):
    with pytest.raises(CandorError, match="pseudonym"):
        store.sessions.add(people.maya, example_report, "  ")
    with pytest.raises(CandorError, match="YYYY-MM-DD"):
        store.sessions.add(people.maya, example_report, "Sam", "3rd of May")
    with pytest.raises(CandorError, match="SessionReport"):
        store.sessions.add(people.maya, {"turns": []}, "Sam")


def test_trends_run_oldest_first(store, people, example_report, secret_report):
    late = store.sessions.add(people.maya, example_report, "Sam", "2026-11-20")
    early = store.sessions.add(people.maya, secret_report, "Client L", "2026-10-01")
    trend = store.sessions.trends(people.maya, people.maya.id)
    assert [s.id for s in trend] == [early, late]
    assert all(0 <= s.self_involving_share <= 1 for s in trend)


def _blob(store, session_id: int) -> bytes:
    with store.engine.connect() as conn:
        return bytes(conn.execute(text("SELECT report FROM sessions WHERE id = :i"), {"i": session_id}).scalar_one())


def test_deleting_a_session_removes_it_and_its_reviews_for_good(store, people, secret_report):
    session_id = store.sessions.add(people.maya, secret_report, "Client L")
    moment = next(m for m in store.reviews.queue(people.sue) if m.text == SECRET)
    store.reviews.add(people.sue, session_id, moment.turn, moment.sentence, "confirm", comment="talk about it")
    blob = _blob(store, session_id)
    store.sessions.delete(people.maya, session_id)

    with pytest.raises(NotFound):
        store.sessions.get(people.maya, session_id)
    assert store.sessions.list(people.maya) == [] and store.reviews.queue(people.sue) == []
    with store.engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(SessionRow)) == 0
        assert conn.scalar(select(func.count()).select_from(ReviewRow)) == 0
    assert not any(blob[1:40] in value for value in everything_stored(store))
    if store.path is not None:  # SQLite: no copy left in the file or its write-ahead log either
        for path in store.path.parent.glob(store.path.name + "*"):
            assert blob[1:40] not in path.read_bytes(), path
    deleted = [e for e in store.audit.list(people.admin) if e.action == "delete"]
    assert [(e.actor_name, e.object_type, e.object_id) for e in deleted] == [("maya", "session", session_id)]


def test_deleting_a_client_removes_all_their_sessions_and_only_theirs(store, people, example_report, secret_report):
    keep = store.sessions.add(people.maya, example_report, "Sam")
    gone = [store.sessions.add(people.maya, secret_report, "Client L") for _ in range(2)]
    bens = store.sessions.add(people.ben, secret_report, "Client L")
    assert store.sessions.delete_client(people.maya, "client L") == 2
    assert [s.id for s in store.sessions.list(people.maya)] == [keep]
    assert [s.id for s in store.sessions.list(people.ben)] == [bens]
    entries = [e for e in store.audit.list(people.admin) if e.action == "delete"]
    assert sorted(e.object_id for e in entries) == sorted(gone)
    assert not any("Client L" in e.detail for e in entries)  # the fact, not the name
