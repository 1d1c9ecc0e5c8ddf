"""Candor's shared vocabulary: plain, typed, immutable data. No I/O here.

A `Transcript` is what every reader produces; `detect` turns its therapist
turns into `CodedTurn`s; `assess` weighs them into `TipResult`s; a
`SessionReport` holds all of it for one session and `Analysis` holds several
sessions plus their overall view. Codes and flags are the CODEBOOK's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class Role(str, Enum):
    THERAPIST = "therapist"
    CLIENT = "client"
    OTHER = "other"


# CODEBOOK codes, in the order reports list them.
CODES: tuple[str, ...] = (
    "none",
    "fact",
    "feeling",
    "insight",
    "strategy",
    "immediacy",
    "vulnerability",
)
DISCLOSURE_PROPER: frozenset[str] = frozenset({"fact", "feeling", "insight", "strategy"})
SELF_INVOLVING: frozenset[str] = DISCLOSURE_PROPER | {"immediacy", "vulnerability"}
SELF_INVOLVING_CODES: tuple[str, ...] = tuple(c for c in CODES if c in SELF_INVOLVING)  # in report order
FLAGS: tuple[str, ...] = ("same_boat", "shared_humanity", "unprofessional", "returns_focus")

CODE_LABELS: dict[str, str] = {
    "none": "None",
    "fact": "Fact",
    "feeling": "Feeling",
    "insight": "Insight",
    "strategy": "Strategy",
    "immediacy": "Immediacy",
    "vulnerability": "Vulnerability",
}


class Status(str, Enum):
    OK = "ok"
    ATTENTION = "attention"
    RISK = "risk"
    NOT_APPLICABLE = "not_applicable"


# The four tips, keyed as in the JSON report.
TIPS: tuple[str, ...] = ("genuine", "expert_role", "intention", "balance")
TIP_TITLES: dict[str, str] = {
    "genuine": "Be genuine",
    "expert_role": "Drop the expert role",
    "intention": "Be mindful of the reasons",
    "balance": "Don't make it all about the client",
}


@dataclass(frozen=True)
class Speaker:
    name: str
    role: Role | None = None  # None only before role resolution


@dataclass(frozen=True)
class Turn:
    """One uninterrupted stretch of one speaker. `index` counts from 1."""

    index: int
    speaker: str
    text: str
    start: float | None = None  # seconds from the start of the recording
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    source: str  # file name (never the text) the session came from
    speakers: tuple[Speaker, ...]
    turns: tuple[Turn, ...]
    session: str | None = None  # id of the session inside a multi-session file
    format: str = ""  # reader that produced it
    role_confidence: float = 1.0  # how sure Candor is about who the therapist is
    warnings: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.source} [{self.session}]" if self.session else self.source

    def role_of(self, speaker: str) -> Role:
        for s in self.speakers:
            if s.name == speaker:
                return s.role or Role.OTHER
        return Role.OTHER

    @property
    def therapist(self) -> Speaker | None:
        return next((s for s in self.speakers if s.role is Role.THERAPIST), None)

    @property
    def has_times(self) -> bool:
        return any(t.start is not None for t in self.turns)


@dataclass(frozen=True)
class Sentence:
    """One therapist sentence with its CODEBOOK code, flags and confidence."""

    text: str
    code: str = "none"
    flags: tuple[str, ...] = ()
    confidence: float = 1.0

    @property
    def self_involving(self) -> bool:
        return self.code in SELF_INVOLVING


@dataclass(frozen=True)
class CodedTurn:
    turn: Turn
    role: Role
    sentences: tuple[Sentence, ...] = ()  # empty for client and other turns

    @property
    def codes(self) -> tuple[str, ...]:
        seen = {s.code for s in self.sentences if s.code != "none"}
        return tuple(c for c in CODES if c in seen)

    @property
    def flags(self) -> tuple[str, ...]:
        seen = {f for s in self.sentences for f in s.flags}
        return tuple(f for f in FLAGS if f in seen)

    @property
    def self_involving(self) -> bool:
        return any(s.self_involving for s in self.sentences)


@dataclass(frozen=True)
class Evidence:
    turn: int
    text: str
    session: str | None = None  # set in the overall view, where turns of several sessions meet


@dataclass(frozen=True)
class Finding:
    """A self-involving therapist sentence, located in its session."""

    turn: int
    sentence: int  # position within the turn, from 0
    code: str
    flags: tuple[str, ...]
    confidence: float
    text: str
    start: float | None = None


@dataclass(frozen=True)
class TipResult:
    tip: str  # one of TIPS
    status: Status
    summary: str  # one plain-language paragraph for a clinician
    evidence: tuple[Evidence, ...] = ()

    @property
    def title(self) -> str:
        return TIP_TITLES[self.tip]


@dataclass(frozen=True)
class Stats:
    sessions: int
    therapist_turns: int
    therapist_sentences: int
    self_involving: int  # self-involving sentences
    self_involving_turns: int
    self_involving_share: float  # self-involving turns / therapist turns
    disclosure_turns: int  # turns with disclosure proper
    talk_share: dict[str, float] = field(default_factory=dict)  # speaker -> share of words

    def to_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "therapist_turns": self.therapist_turns,
            "therapist_sentences": self.therapist_sentences,
            "self_involving": self.self_involving,
            "self_involving_turns": self.self_involving_turns,
            "self_involving_share": round(self.self_involving_share, 4),
            "disclosure_turns": self.disclosure_turns,
            "talk_share": {k: round(v, 4) for k, v in self.talk_share.items()},
        }


@dataclass(frozen=True)
class SessionReport:
    transcript: Transcript
    turns: tuple[CodedTurn, ...]
    tips: dict[str, TipResult]
    stats: Stats

    @property
    def findings(self) -> tuple[Finding, ...]:
        out = []
        for ct in self.turns:
            for i, s in enumerate(ct.sentences):
                if s.self_involving:
                    out.append(
                        Finding(ct.turn.index, i, s.code, s.flags, s.confidence, s.text, ct.turn.start)
                    )
        return tuple(out)

    # Convenience for the Python API. Renderers live in candor.report and are
    # imported lazily, so the model itself depends on nothing above it.
    def to_json(self, indent: int | None = 2) -> str:
        return Analysis.single(self).to_json(indent)

    def to_html(self) -> str:
        return Analysis.single(self).to_html()


@dataclass(frozen=True)
class Analysis:
    """Several sessions analysed together, with tips and stats across them."""

    sessions: tuple[SessionReport, ...]
    tips: dict[str, TipResult]
    stats: Stats

    @staticmethod
    def single(report: SessionReport) -> "Analysis":
        """One session on its own: its overall view is the session's own."""
        return Analysis((report,), report.tips, report.stats)

    def to_dict(self) -> dict[str, Any]:
        from candor.report.json import analysis_to_dict

        return analysis_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        from candor.report.json import dumps

        return dumps(self, indent=indent)

    def to_html(self) -> str:
        from candor.report.html import render_html

        return render_html(self)
