"""A stored session (one session of the `candor.report/1` JSON) back into a `SessionReport`.

The store keeps the JSON the report package writes; turning it back into the
model lets the web pages reuse the report's own renderers (timeline figure,
transcript with its filter bar, moments table) instead of drawing them twice.
"""

from __future__ import annotations

from typing import Any

from candor.model import (
    CodedTurn,
    Evidence,
    Role,
    Sentence,
    SessionReport,
    Speaker,
    Stats,
    Status,
    TipResult,
    Transcript,
    Turn,
)


def _role(value: Any) -> Role:
    try:
        return Role(value)
    except ValueError:
        return Role.OTHER


def report_from_dict(d: dict[str, Any]) -> SessionReport:
    speakers = tuple(Speaker(s["name"], _role(s.get("role"))) for s in d.get("speakers", ()))
    turns, coded = [], []
    for u in d.get("turns", ()):
        turn = Turn(u["index"], u["speaker"], u["text"], u.get("start"), u.get("end"))
        sentences = tuple(
            Sentence(s["text"], s.get("code", "none"), tuple(s.get("flags", ())), s.get("confidence", 1.0))
            for s in u.get("sentences", ())
        )
        turns.append(turn)
        coded.append(CodedTurn(turn, _role(u.get("role")), sentences))
    transcript = Transcript(
        source=d.get("source", ""),
        speakers=speakers,
        turns=tuple(turns),
        session=d.get("session"),
        format=d.get("format", ""),
        role_confidence=d.get("role_confidence", 1.0),
        warnings=tuple(d.get("warnings", ())),
    )
    tips = {
        key: TipResult(
            key,
            Status(tip["status"]),
            tip.get("summary", ""),
            tuple(Evidence(e["turn"], e["text"]) for e in tip.get("evidence", ())),
        )
        for key, tip in d.get("tips", {}).items()
    }
    s = d.get("stats", {})
    stats = Stats(
        sessions=s.get("sessions", 1),
        therapist_turns=s.get("therapist_turns", 0),
        therapist_sentences=s.get("therapist_sentences", 0),
        self_involving=s.get("self_involving", 0),
        self_involving_turns=s.get("self_involving_turns", 0),
        self_involving_share=s.get("self_involving_share", 0.0),
        disclosure_turns=s.get("disclosure_turns", 0),
        talk_share=dict(s.get("talk_share", {})),
    )
    return SessionReport(transcript, tuple(coded), tips, stats)
