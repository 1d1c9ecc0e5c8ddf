"""Detection: therapist turns in, CODEBOOK-coded sentences out.

A detector has one small interface, `code_sentence(text, prev) -> Sentence`;
`code_turn` splits a turn, codes each sentence and sets the turn-level
`returns_focus` flag; `code_transcript` does it for every therapist turn,
with the preceding client turn as context.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from candor.detect import patterns
from candor.detect.rules import RuleDetector, normalise
from candor.detect.sentences import split_sentences
from candor.model import CodedTurn, Role, Sentence, Transcript


class Detector(Protocol):
    name: str

    def code_sentence(self, sentence: str, prev: str | None = None) -> Sentence: ...


_DEFAULT: Detector | None = None


def default_detector() -> Detector:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RuleDetector()
    return _DEFAULT


def code_turn(text: str, prev: str | None = None, detector: Detector | None = None) -> tuple[Sentence, ...]:
    """Every sentence of one therapist turn, coded, with `returns_focus` set."""
    detector = detector or default_detector()
    coded = [detector.code_sentence(s, prev) for s in split_sentences(text)]
    return _mark_returns_focus(coded)


def _mark_returns_focus(coded: list[Sentence]) -> tuple[Sentence, ...]:
    """Flag self-involving sentences that a later sentence of the turn turns back to the client."""
    out = list(coded)
    returned = False
    for i in range(len(out) - 1, -1, -1):
        s = out[i]
        if s.self_involving and returned and "returns_focus" not in s.flags:
            out[i] = replace(s, flags=s.flags + ("returns_focus",))
        if not s.self_involving and patterns.RETURNS_FOCUS.search(normalise(s.text)):
            returned = True
    return tuple(out)


def code_transcript(t: Transcript, detector: Detector | None = None) -> tuple[CodedTurn, ...]:
    """Code every therapist turn of a transcript; other turns pass through uncoded."""
    detector = detector or default_detector()
    out = []
    prev_client: str | None = None
    for turn in t.turns:
        role = t.role_of(turn.speaker)
        if role is Role.THERAPIST:
            out.append(CodedTurn(turn, role, code_turn(turn.text, prev_client, detector)))
        else:
            out.append(CodedTurn(turn, role))
            if role is Role.CLIENT:
                prev_client = turn.text
    return tuple(out)


__all__ = ["Detector", "RuleDetector", "code_transcript", "code_turn", "default_detector", "split_sentences"]
