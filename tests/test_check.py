"""The pre-disclosure check: each verdict, its reasons and the suggested rewording."""

from __future__ import annotations

import pytest

import candor
from candor.errors import CandorError


def test_share_for_a_brief_disclosure_that_returns_to_the_client():
    r = candor.check("When I get anxious, I go for a walk first. What might help you?", "yes", "yes")
    assert r.verdict == "share" and r.suggestion is None


@pytest.mark.parametrize("for_client, fits_goals", [("unsure", "yes"), ("yes", "unsure"), ("no", "yes"), ("yes", "no")])
def test_anything_but_two_clear_yeses_is_hold(for_client, fits_goals):
    r = candor.check("When I get anxious, I go for a walk first. What might help you?", for_client, fits_goals)
    assert r.verdict == "hold"
    assert any(x.tip == "intention" for x in r.reasons)


def test_unanswered_questions_count_as_unsure():
    assert candor.check("I grew up on a farm too.").verdict == "hold"


def test_claiming_the_clients_experience_is_reconsider_with_a_genuine_rewording():
    r = candor.check("I know exactly how you feel, I went through a divorce too.", "yes", "yes")
    assert r.verdict == "reconsider"
    assert [x.tip for x in r.reasons][0] == "genuine"
    assert "I know exactly" not in r.suggestion
    assert "I went through a divorce too." in r.suggestion and r.suggestion.endswith("?")


def test_claim_after_something_the_therapist_cannot_know_is_hold():
    r = candor.check("I've been there.", "yes", "yes", client_said="My daughter died last spring.")
    assert r.verdict == "hold" and "the loss of a child" in r.reasons[0].text


def test_leaving_the_professional_frame_is_hold():
    r = candor.check("Honestly my week was hell, I needed a drink.", "yes", "yes")
    assert r.verdict == "hold" and any(x.tip == "expert_role" for x in r.reasons)


def test_long_disclosure_is_reconsider_and_the_rewording_is_brief():
    text = ("When I was your age I moved cities three times for work and I was lonely for a long time. "
            "I used to live in a tiny flat near the station and I spent the whole winter without calling anyone. "
            "My family kept asking when I would come home.")
    r = candor.check(text, "yes", "yes")
    assert r.verdict == "reconsider" and any(x.tip == "balance" for x in r.reasons)
    assert len(r.suggestion.split()) < len(text.split())


def test_disclosure_without_a_return_gets_a_question_added():
    r = candor.check("I grew up on a farm too.", "yes", "yes")
    assert r.verdict == "reconsider"
    assert r.suggestion == "I grew up on a farm too. What is that like for you?"


def test_a_statement_that_reveals_nothing_is_share_with_a_note():
    r = candor.check("I hear how tired you are.", "yes", "yes")
    assert r.verdict == "share" and "no disclosure to weigh" in r.reasons[0].text


def test_bad_answers_and_empty_statement_are_user_errors():
    with pytest.raises(CandorError):
        candor.check("I grew up on a farm too.", "perhaps?!", "yes")
    with pytest.raises(CandorError):
        candor.check("   ", "yes", "yes")


def test_json_shape():
    d = candor.check("I've been there.", "yes", "unsure", goal="reduce isolation").to_dict()
    assert d["schema"] == "candor.check/1" and d["verdict"] == "hold"
    assert d["answers"] == {"for_client": "yes", "fits_goals": "unsure"} and d["goal"] == "reduce isolation"
    assert d["sentences"][0]["flags"] == ["same_boat"]
