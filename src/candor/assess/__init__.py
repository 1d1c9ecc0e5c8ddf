"""Assess: coded turns in, the four tips and the session statistics out.

Pure functions of coded transcripts. `assess_session` weighs one session;
`overall` weighs several together (per therapist for the balance tip).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

from candor.assess._util import SEVERITY, plural, worst
from candor.assess.balance import band_text, check_balance, status_for_share
from candor.assess.expert_role import check_expert_role
from candor.assess.genuine import check_genuine
from candor.assess.intention import check_intention
from candor.assess.settings import DEFAULT, Settings
from candor.model import (
    DISCLOSURE_PROPER,
    TIP_TITLES,
    TIPS,
    Analysis,
    CodedTurn,
    Role,
    SessionReport,
    Stats,
    Status,
    TipResult,
    Transcript,
)

CHECKS = {
    "genuine": check_genuine,
    "expert_role": check_expert_role,
    "intention": check_intention,
    "balance": check_balance,
}


def session_stats(turns: tuple[CodedTurn, ...]) -> Stats:
    therapist = [ct for ct in turns if ct.role is Role.THERAPIST]
    words: Counter[str] = Counter()
    for ct in turns:
        words[ct.turn.speaker] += len(ct.turn.text.split())
    total = sum(words.values()) or 1
    involved = [ct for ct in therapist if ct.self_involving]
    return Stats(
        sessions=1,
        therapist_turns=len(therapist),
        therapist_sentences=sum(len(ct.sentences) for ct in therapist),
        self_involving=sum(1 for ct in therapist for s in ct.sentences if s.self_involving),
        self_involving_turns=len(involved),
        self_involving_share=len(involved) / len(therapist) if therapist else 0.0,
        disclosure_turns=sum(1 for ct in therapist if set(ct.codes) & DISCLOSURE_PROPER),
        talk_share={name: n / total for name, n in words.items()},
    )


def assess_session(
    transcript: Transcript, turns: tuple[CodedTurn, ...], settings: Settings = DEFAULT
) -> SessionReport:
    tips = {key: check(turns, settings) for key, check in CHECKS.items()}
    return SessionReport(transcript, turns, tips, session_stats(turns))


def overall(reports: list[SessionReport], settings: Settings = DEFAULT) -> Analysis:
    """Several sessions together: tips across them and pooled statistics."""
    reports = list(reports)
    if len(reports) == 1:
        return Analysis.single(reports[0])
    tips = {key: _across(key, reports) for key in TIPS if key != "balance"}
    tips["balance"] = _balance_across(reports, settings)
    return Analysis(tuple(reports), {k: tips[k] for k in TIPS}, _pooled_stats(reports))


def _label(r: SessionReport) -> str:
    return r.transcript.name


def _across(key: str, reports: list[SessionReport]) -> TipResult:
    results = [(r, r.tips[key]) for r in reports]
    status = worst([t.status for _, t in results])
    counts = Counter(t.status for _, t in results)
    if status is Status.NOT_APPLICABLE:
        summary = f"Across {plural(len(reports), 'session')}: nothing to judge for this tip in any of them."
    else:
        order = [Status.RISK, Status.ATTENTION, Status.OK, Status.NOT_APPLICABLE]
        tally = ", ".join(f"{counts[s]} {s.value.replace('_', ' ')}" for s in order if counts[s])
        flagged = [_label(r) for r, t in results if t.status in (Status.RISK, Status.ATTENTION)]
        summary = f"Across {plural(len(reports), 'session')} ({tally})."
        summary += f" Worth a look: {', '.join(flagged)}." if flagged else f" {TIP_TITLES[key]}: held in every session judged."
    evidence = tuple(
        replace(e, session=_label(r))
        for r, t in results
        if SEVERITY[t.status] >= SEVERITY[status]
        for e in t.evidence
    )
    return TipResult(key, status, summary, evidence)


def _balance_across(reports: list[SessionReport], settings: Settings) -> TipResult:
    by_therapist: dict[str, list[SessionReport]] = defaultdict(list)
    for r in reports:
        t = r.transcript.therapist
        by_therapist[t.name if t else "?"].append(r)
    statuses, parts, evidence = [], [], []
    for name, rs in by_therapist.items():
        turns = sum(r.stats.therapist_turns for r in rs)
        involved = sum(r.stats.self_involving_turns for r in rs)
        if turns < settings.min_therapist_turns:
            statuses.append(Status.NOT_APPLICABLE)
            continue
        share = involved / turns
        if involved == 0 and len(rs) >= settings.absence_sessions:
            status = Status.ATTENTION
            parts.append(
                f"{name}: no self-involving statement at all across {len(rs)} sessions. One session without any "
                "is normal; none over many may leave the client meeting a role rather than a person. "
                "A reflective prompt, not a fault"
            )
        else:
            status = status_for_share(share, settings)
            parts.append(f"{name}: {involved} of {turns} therapist turns ({share * 100:.1f}%) across {plural(len(rs), 'session')}")
        statuses.append(status)
        if status in (Status.RISK, Status.ATTENTION):
            evidence += [replace(e, session=_label(r)) for r in rs for e in r.tips["balance"].evidence]
    status = worst(statuses)
    if status is Status.NOT_APPLICABLE:
        summary = "Too few therapist turns across these sessions to judge the balance."
    else:
        summary = "; ".join(parts) + f". For a single session {band_text(settings)}."
    return TipResult("balance", status, summary, tuple(evidence))


def _pooled_stats(reports: list[SessionReport]) -> Stats:
    words: Counter[str] = Counter()
    for r in reports:
        for ct in r.turns:
            words[ct.role.value] += len(ct.turn.text.split())
    total = sum(words.values()) or 1
    s = [r.stats for r in reports]
    turns = sum(x.therapist_turns for x in s)
    involved = sum(x.self_involving_turns for x in s)
    return Stats(
        sessions=len(reports),
        therapist_turns=turns,
        therapist_sentences=sum(x.therapist_sentences for x in s),
        self_involving=sum(x.self_involving for x in s),
        self_involving_turns=involved,
        self_involving_share=involved / turns if turns else 0.0,
        disclosure_turns=sum(x.disclosure_turns for x in s),
        talk_share={role: n / total for role, n in words.items()},
    )


__all__ = ["Settings", "assess_session", "overall", "session_stats"]
