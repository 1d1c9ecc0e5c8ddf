"""Every threshold the four checks use, named, with its source.

Change them per call (`candor.analyze(t, settings=Settings(...))`) or on the
command line; the defaults follow the research cited beside each.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # Tip 3. Disclosures should be brief (Hill & Knox 2002, "Self-disclosure",
    # in Norcross (ed.), Psychotherapy Relationships That Work: disclose
    # infrequently, briefly, and return the focus to the client). 40 words of
    # self-involving talk is about 15 seconds of speech, two or three sentences.
    long_disclosure_words: int = 40
    # Tip 3. How many later therapist turns may still repair a slip
    # ("sorry, that was about me; back to you").
    repair_window_turns: int = 2

    # Tip 4. Reference band for the share of therapist turns that are
    # self-involving. Disclosure proper is about 1% of therapist responses in
    # naturalistic studies (Hill et al. 1988); peer supporters disclose in
    # about 9-10% of turns (ESConv, Liu et al. 2021). Above the peer-support
    # rate the session is at risk of being about the therapist.
    band_low: float = 0.0
    band_typical: float = 0.01
    band_high: float = 0.10  # above: attention
    band_risk: float = 0.20  # above: risk (twice the peer-support rate)
    # Tip 4. Across sessions of one therapist: about one disclosure every other
    # session (Pinto-Coelho, Hill & Kivlighan 2016), so one session without
    # any is normal, none across this many sessions is worth a prompt.
    absence_sessions: int = 5
    # Tip 4. Fewer therapist turns than this: too little talk to judge a share.
    min_therapist_turns: int = 10


DEFAULT = Settings()
