"""The four tips on scenario sessions: each status a clinician would see, and why."""

from __future__ import annotations

import pytest

import candor
from candor.model import Status
from tests.conftest import write_transcript

# Ordinary therapist work: reflections and questions, nothing self-involving.
FILLER = [
    ("C", "I've been feeling stuck at work again."),
    ("T", "Stuck again. What does stuck feel like this time?"),
    ("C", "Like nothing I do matters to anyone there."),
    ("T", "It sounds like you want your effort to be seen."),
    ("C", "Yes, exactly. Nobody notices."),
    ("T", "What would it look like if someone noticed?"),
    ("C", "Maybe my manager saying thanks once in a while."),
    ("T", "A simple thanks would mean a lot to you."),
    ("C", "It would. I know it sounds small."),
    ("T", "It doesn't sound small to me. Tell me more about your manager."),
    ("C", "She's always rushing, always on her phone."),
    ("T", "So she's hard to reach, and you end up feeling invisible."),
    ("C", "That's it."),
    ("T", "What have you tried so far to get her attention?"),
    ("C", "I sent her an email with my results last month."),
    ("T", "And what happened after you sent it?"),
    ("C", "Nothing. She never answered."),
    ("T", "That silence seems to have stung."),
    ("C", "It did. It still does."),
    ("T", "What would you like to do about it this week?"),
]


def session(tmp_path, lines, name="session.txt"):
    text = "\n".join(f"{'Therapist' if who == 'T' else 'Client'}: {what}" for who, what in lines)
    return candor.analyze(candor.read(write_transcript(tmp_path, text, name)))


def tip(tmp_path, key, lines):
    return session(tmp_path, FILLER + lines).tips[key]


def test_genuine_risk_when_claiming_what_cannot_be_known(tmp_path):
    t = tip(tmp_path, "genuine", [
        ("C", "My son died in March. Some days I can't get out of bed."),
        ("T", "I know exactly how you feel."),
        ("C", "Do you? I'm not sure anyone does."),
    ])
    assert t.status is Status.RISK
    assert "the loss of a child" in t.summary
    assert [e.text for e in t.evidence] == ["I know exactly how you feel."]


def test_genuine_attention_for_same_boat_otherwise(tmp_path):
    t = tip(tmp_path, "genuine", [
        ("C", "Mondays are the worst, I dread them all weekend."),
        ("T", "We're all in the same boat. What do you dread most?"),
        ("C", "The first meeting."),
    ])
    assert t.status is Status.ATTENTION and t.evidence[0].turn == 22


def test_genuine_ok_credits_shared_humanity(tmp_path):
    t = tip(tmp_path, "genuine", [
        ("C", "I keep replaying what I said, over and over."),
        ("T", "Minds do this to all of us; mine does it too. What do you notice when it starts?"),
        ("C", "My chest gets tight."),
    ])
    assert t.status is Status.OK and "minds" in t.summary


def test_genuine_not_applicable_without_self_involvement(tmp_path):
    assert tip(tmp_path, "genuine", []).status is Status.NOT_APPLICABLE


def test_expert_role_risk_for_leaving_the_frame(tmp_path):
    t = tip(tmp_path, "expert_role", [
        ("T", "Honestly my week was hell, I needed a drink."),
        ("C", "Oh. Okay."),
    ])
    assert t.status is Status.RISK and "professional frame" in t.summary


def test_expert_role_ok_credits_being_human(tmp_path):
    t = tip(tmp_path, "expert_role", [
        ("T", "I was wrong about that last week. What did it feel like when I pushed?"),
        ("C", "A bit annoying, honestly."),
    ])
    assert t.status is Status.OK and t.evidence[0].text == "I was wrong about that last week."


def test_intention_risk_when_client_looks_after_the_therapist(tmp_path):
    t = tip(tmp_path, "intention", [
        ("T", "When my mother died I was angry for a long time."),
        ("C", "Oh, I'm so sorry about your mother. Are you okay?"),
        ("T", "What made you think of your own mother today?"),
    ])
    assert t.status is Status.RISK and "looking after you" in t.summary


def test_intention_attention_when_the_slip_is_repaired(tmp_path):
    t = tip(tmp_path, "intention", [
        ("T", "When my mother died I was angry for a long time."),
        ("C", "Oh, I'm so sorry about your mother. Are you okay?"),
        ("T", "Thank you. That was about me; let's come back to you. What made you think of her?"),
    ])
    assert t.status is Status.ATTENTION and "gave the session back" in t.summary


def test_intention_attention_for_a_long_disclosure(tmp_path):
    long = ("When I was your age I moved cities three times for work, and I was lonely for a long time. "
            "I used to live in a tiny flat near the station and I spent the whole winter without calling anyone, "
            "and my family kept asking when I would come home, and I never had a good answer for them.")
    t = tip(tmp_path, "intention", [("T", long), ("C", "That sounds hard.")])
    assert t.status is Status.ATTENTION and "ran long" in t.summary


def test_intention_ok_for_a_brief_disclosure_that_returns_focus(tmp_path):
    t = tip(tmp_path, "intention", [
        ("T", "When I get like that, I go for a walk before I answer any email. What might help you?"),
        ("C", "Maybe a walk at lunch. I used to do that."),
    ])
    assert t.status is Status.OK


def test_balance_one_session_without_any_is_normal(tmp_path):
    t = tip(tmp_path, "balance", [])
    assert t.status is Status.OK and "normal" in t.summary


def test_balance_risk_when_the_session_is_about_the_therapist(tmp_path):
    me = [("T", "I have two teenagers myself."), ("C", "Really?"),
          ("T", "I grew up in a small town too."), ("C", "Okay."),
          ("T", "I was wrong about that last week."), ("C", "Fine.")]
    t = tip(tmp_path, "balance", me)
    assert t.status is Status.RISK and len(t.evidence) == 3


def test_balance_not_applicable_for_a_very_short_exchange(tmp_path):
    t = session(tmp_path, FILLER[:6]).tips["balance"]
    assert t.status is Status.NOT_APPLICABLE


def test_no_self_involvement_across_five_sessions_is_attention(tmp_path):
    reports = [session(tmp_path, FILLER, f"s{i}.txt") for i in range(5)]
    a = candor.analyze_all([r.transcript for r in reports])
    assert a.tips["balance"].status is Status.ATTENTION
    assert "across 5 sessions" in a.tips["balance"].summary
    two = candor.analyze_all([r.transcript for r in reports[:2]])
    assert two.tips["balance"].status is Status.OK


def test_overall_takes_the_worst_session_and_names_it(tmp_path):
    calm = session(tmp_path, FILLER, "calm.txt")
    slip = session(tmp_path, FILLER + [("T", "Honestly my week was hell, I needed a drink."), ("C", "Oh.")], "slip.txt")
    a = candor.analyze_all([calm.transcript, slip.transcript])
    assert a.tips["expert_role"].status is Status.RISK
    assert "slip.txt" in a.tips["expert_role"].summary
    assert a.tips["expert_role"].evidence[0].session == "slip.txt"
    assert a.stats.sessions == 2 and a.stats.therapist_turns == calm.stats.therapist_turns + slip.stats.therapist_turns


def test_settings_change_the_thresholds(tmp_path):
    lines = FILLER + [("T", "I grew up in a small town too. What was it like where you grew up?"), ("C", "Quiet.")]
    t = candor.read(write_transcript(tmp_path, "\n".join(
        f"{'Therapist' if w == 'T' else 'Client'}: {x}" for w, x in lines)))
    assert candor.analyze(t).tips["balance"].status is Status.OK
    strict = candor.Settings(band_high=0.05, band_risk=0.5)
    assert candor.analyze(t, settings=strict).tips["balance"].status is Status.ATTENTION


def test_stats_count_what_a_supervisor_would(tmp_path):
    r = candor.analyze(candor.example())
    assert r.stats.therapist_turns == 26
    assert r.stats.self_involving_turns == len({f.turn for f in r.findings})
    assert abs(sum(r.stats.talk_share.values()) - 1) < 1e-9
    assert r.stats.talk_share["Dr. Maya Lee"] > r.stats.talk_share["Sam"]


@pytest.mark.parametrize("key", ["genuine", "expert_role", "intention", "balance"])
def test_example_session_shows_every_tip_with_evidence(key):
    r = candor.analyze(candor.example())
    assert r.tips[key].status is not Status.NOT_APPLICABLE
    assert r.tips[key].evidence and r.tips[key].summary
