"""The supervisor's review queue, verdicts, and their export as gold data for `candor evaluate`."""

from __future__ import annotations

import json

import pytest

from candor.errors import CandorError
from candor.evaluate import evaluate
from candor.gold import read_gold
from candor.model import SELF_INVOLVING
from candor.store import PermissionDenied
from tests.store.conftest import SECRET


@pytest.fixture
def session_id(store, people, secret_report):
    return store.sessions.add(people.maya, secret_report, "Client L", "2026-11-10")


def test_the_queue_holds_every_self_involving_sentence_of_supervisees(store, people, session_id, secret_report):
    queue = store.reviews.queue(people.sue)
    assert [(m.turn, m.sentence, m.text) for m in queue] == [(f.turn, f.sentence, f.text) for f in secret_report.findings]
    first = queue[0]
    assert first.text == SECRET and first.code in SELF_INVOLVING and first.review is None
    assert (first.session_id, first.clinician_name, first.client_pseudonym) == (session_id, "maya", "Client L")
    assert first.prev == "Nobody called. Not once."
    assert store.reviews.queue(people.otto) == []


def test_a_review_is_kept_and_the_latest_one_counts(store, people, session_id):
    m = store.reviews.queue(people.sue)[0]
    store.reviews.add(people.sue, session_id, m.turn, m.sentence, "dismiss", comment="a first thought")
    review = store.reviews.add(people.sue, session_id, m.turn, m.sentence, "recode", code="fact",
                               flags=["returns_focus"], comment="It is a fact about her past.")
    assert (review.action, review.code, review.flags, review.reviewer_name) == ("recode", "fact", ("returns_focus",), "sue")
    again = next(x for x in store.reviews.queue(people.sue) if (x.turn, x.sentence) == (m.turn, m.sentence))
    assert again.review == review and again.review.comment == "It is a fact about her past."
    pending = store.reviews.queue(people.sue, pending_only=True)
    assert (m.turn, m.sentence) not in {(x.turn, x.sentence) for x in pending}
    assert len(pending) == len(store.reviews.queue(people.sue)) - 1


def test_confirm_keeps_candors_code_and_dismiss_clears_it(store, people, session_id):
    first, second = store.reviews.queue(people.sue)[:2]
    confirmed = store.reviews.add(people.sue, session_id, first.turn, first.sentence, "confirm", code="strategy")
    assert (confirmed.code, confirmed.flags) == (first.code, first.flags)
    dismissed = store.reviews.add(people.sue, session_id, second.turn, second.sentence, "dismiss")
    assert (dismissed.code, dismissed.flags) == (None, ())


def test_bad_reviews_are_refused(store, people, session_id):
    m = store.reviews.queue(people.sue)[0]
    with pytest.raises(CandorError, match="CODEBOOK code"):
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "recode")
    with pytest.raises(CandorError, match="CODEBOOK code"):
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "recode", code="oversharing")
    with pytest.raises(CandorError, match="unknown flag"):
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "confirm", flags=["rude"])
    with pytest.raises(CandorError, match="unknown review action"):
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "approve")
    with pytest.raises(CandorError, match="no therapist sentence"):
        store.reviews.add(people.sue, session_id, 2, 0, "confirm")  # turn 2 is the client's
    with pytest.raises(PermissionDenied):
        store.reviews.add(people.otto, session_id, m.turn, m.sentence, "confirm")


def test_reviews_export_as_gold_that_candor_evaluate_reads(store, people, session_id, tmp_path):
    queue = store.reviews.queue(people.sue)
    assert store.reviews.export_gold(people.sue) == ""  # nothing reviewed yet
    secret, *others = queue
    store.reviews.add(people.sue, session_id, secret.turn, secret.sentence, "recode", code="fact", flags=["returns_focus"])
    for m in others:
        store.reviews.add(people.sue, session_id, m.turn, m.sentence, "dismiss")
    # A missed sentence, recoded as a disclosure: the turn comes out with the supervisor's code.
    store.reviews.add(people.sue, session_id, 9, 0, "recode", code="strategy")

    path = tmp_path / "reviews.jsonl"
    path.write_text(store.reviews.export_gold(people.sue), encoding="utf-8")
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    by_id = {line["id"]: line for line in lines}
    secret_line = by_id[f"candor-{session_id}-{secret.turn}"]
    assert secret_line["codes"] == ["fact"] and secret_line["flags"] == ["returns_focus"]
    assert secret_line["evidence"] == SECRET and secret_line["text"].startswith(SECRET)
    assert secret_line["prev"] == "Nobody called. Not once."
    assert by_id[f"candor-{session_id}-9"]["codes"] == ["strategy"]
    for m in others:
        if m.turn != secret.turn:
            assert by_id[f"candor-{session_id}-{m.turn}"]["codes"] == []

    gold = read_gold(path)
    assert {g.id for g in gold} == set(by_id) and all(g.text for g in gold)
    result = evaluate(path, None)
    assert result["turns"] == len(lines)


def test_a_turn_is_exported_only_once_all_its_moments_are_reviewed(store, people, example_report):
    session_id = store.sessions.add(people.maya, example_report, "Sam")
    turns: dict[int, list] = {}
    for m in store.reviews.queue(people.sue):
        turns.setdefault(m.turn, []).append(m)
    first, second = next(ms for ms in turns.values() if len(ms) == 2)  # "When I get like that, ..." (turn 23)
    store.reviews.add(people.sue, session_id, first.turn, first.sentence, "confirm")
    assert f"candor-{session_id}-{first.turn}" not in store.reviews.export_gold(people.sue)
    store.reviews.add(people.sue, session_id, second.turn, second.sentence, "dismiss")
    line = json.loads(store.reviews.export_gold(people.sue))
    assert line["id"] == f"candor-{session_id}-{first.turn}" and line["codes"] == [first.code]


def test_export_is_audited_without_text(store, people, session_id):
    m = store.reviews.queue(people.sue)[0]
    store.reviews.add(people.sue, session_id, m.turn, m.sentence, "confirm", comment="Quillamore again")
    store.reviews.export_gold(people.sue)
    entries = store.audit.list(people.admin)
    export = next(e for e in entries if e.action == "export")
    assert (export.actor_name, export.object_type, export.detail) == ("sue", "reviews", "1 reviewed turns")
    review = next(e for e in entries if e.action == "review")
    assert review.object_id == session_id and "Quillamore" not in review.detail
