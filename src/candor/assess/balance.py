"""Tip 4, don't make it all about the client: small, brief, returning the focus.

Zero self-involvement can feel like absence; a lot is distracting. Judged
against a reference band per session and, for one therapist's several
sessions, across them (see `settings` for the sources).
"""

from __future__ import annotations

from candor.assess._util import evidence, plural, turns_label
from candor.assess.settings import Settings
from candor.model import CodedTurn, Role, Status, TipResult


def share_percent(x: float) -> str:
    """A share of turns as the tip writes it: one decimal below 10%."""
    return f"{x * 100:.1f}%" if x < 0.1 else f"{x * 100:.0f}%"


def band_text(settings: Settings) -> str:
    return (
        f"the reference band is up to {share_percent(settings.band_high)} of your turns "
        f"(disclosure proper is about {share_percent(settings.band_typical)} of therapist responses in real sessions)"
    )


def status_for_share(share: float, settings: Settings) -> Status:
    if share > settings.band_risk:
        return Status.RISK
    if share > settings.band_high:
        return Status.ATTENTION
    return Status.OK


def check_balance(turns: tuple[CodedTurn, ...], settings: Settings) -> TipResult:
    therapist = [ct for ct in turns if ct.role is Role.THERAPIST]
    involved = [ct for ct in therapist if ct.self_involving]
    if len(therapist) < settings.min_therapist_turns:
        return TipResult(
            "balance", Status.NOT_APPLICABLE,
            f"Only {plural(len(therapist), 'therapist turn')}: too little to judge how much of the session was "
            f"about you (at least {settings.min_therapist_turns} are needed).",
        )
    share = len(involved) / len(therapist)
    quotes = tuple(evidence(ct, s) for ct in involved for s in ct.sentences if s.self_involving)
    if not involved:
        return TipResult(
            "balance", Status.OK,
            f"No self-involving statement in {plural(len(therapist), 'therapist turn')}. One session without "
            "any is normal: in real therapy disclosure is rare, about one every other session. If it holds "
            "across many sessions, ask whether the client meets a person or only a role.",
        )
    status = status_for_share(share, settings)
    where = turns_label([ct.turn.index for ct in involved])
    if status is Status.OK:
        summary = (
            f"{plural(len(involved), 'therapist turn')} of {len(therapist)} ({share_percent(share)}) involved you ({where}); "
            f"{band_text(settings)}. Present without taking the space."
        )
    else:
        summary = (
            f"{plural(len(involved), 'therapist turn')} of {len(therapist)} ({share_percent(share)}) involved you ({where}), "
            f"above the band: {band_text(settings)}. A lot of self-involvement can distract the client or "
            "make the session about you; keep what you share small and brief, and return the focus."
        )
    return TipResult("balance", status, summary, quotes if status is not Status.OK else quotes[:5])
