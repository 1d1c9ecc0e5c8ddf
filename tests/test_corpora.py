"""Whole real corpora through the whole pipeline, as a researcher or supervisor would run them."""

from __future__ import annotations

import candor
from candor.model import Role, Status


def test_all_annomi_sessions_are_analysed_with_rare_self_involvement(shared_data):
    sessions = candor.read_all(shared_data / "annomi" / "AnnoMI-simple.csv")
    assert len(sessions) == 133
    a = candor.analyze_all(sessions)
    assert a.stats.sessions == 133
    # Demonstration MI sessions: self-involvement is rare, as in real therapy (about 1-3%).
    assert 0.002 < a.stats.self_involving_share < 0.03
    assert a.stats.therapist_turns > 3000
    assert sum(1 for r in a.sessions if r.findings) >= 5


def test_rogers_volume_gives_six_sessions_with_rogers_as_therapist(shared_data):
    sessions = candor.read_all(shared_data / "rogers" / "raw_transcripts.txt")
    assert [t.session for t in sessions] == ["Gloria", "Sylvia 4th", "Sylvia 5th", "Kathy", "Dione 1st", "Dione 2nd"]
    assert all(t.therapist and t.therapist.name == "Carl Rogers" for t in sessions)
    a = candor.analyze_all(sessions)
    gloria = a.sessions[0]
    # Rogers' famous moment with Gloria: "I feel close to you in this moment."
    assert any(f.code == "immediacy" and "close to you" in f.text for f in gloria.findings)
    # Rogers never claims his clients' experience.
    assert a.tips["genuine"].status in (Status.OK, Status.NOT_APPLICABLE)
    # The one time the frame is left: voicing Dione's denial, he calls it "a lot of bullshit".
    # Profanity is out of frame by the codebook, whoever it is about.
    risky = [r for r in a.sessions if r.tips["expert_role"].status is Status.RISK]
    assert [r.transcript.session for r in risky] == ["Dione 2nd"]
    assert risky[0].tips["expert_role"].evidence[0].text.endswith("That\u2019s a lot of bullshit.")
    assert all(ct.role is Role.CLIENT for r in a.sessions for ct in r.turns if ct.turn.speaker != "Carl Rogers")
