"""Detection: therapist turns in, CODEBOOK-coded sentences out.

A detector has one small interface: `code_sentences([(sentence, prev), ...])`
codes a batch (prev is the preceding client turn), `code_sentence` one.
Two detectors share it: `trained` (the default, a model shipped in the
package) and `rules` (the CODEBOOK patterns it learns from). `code_turn`
splits a turn, codes each sentence and sets the turn-level `returns_focus`
flag; `code_transcript` does it for every therapist turn in one batch.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from candor.detect import patterns
from candor.detect.rules import RuleDetector, normalise
from candor.detect.sentences import split_sentences
from candor.errors import CandorError
from candor.model import CodedTurn, Role, Sentence, Transcript

# The detector used when none is named.
DEFAULT = "trained"


class Detector(Protocol):
    name: str

    def code_sentences(self, items: list[tuple[str, str | None]]) -> list[Sentence]: ...

    def code_sentence(self, sentence: str, prev: str | None = None) -> Sentence: ...


DETECTORS = ("trained", "rules")
_CACHE: dict[tuple[str, float | None], Detector] = {}


def get_detector(name: str = "trained", threshold: float | None = None) -> Detector:
    """A detector by name, loaded once per process."""
    key = (name, threshold)
    if key not in _CACHE:
        if name == "trained":
            from candor.detect.trained import TrainedDetector

            _CACHE[key] = TrainedDetector(threshold=threshold)
        elif name == "rules":
            _CACHE[key] = RuleDetector() if threshold is None else RuleDetector(threshold)
        else:
            raise CandorError(f"unknown detector '{name}'; choose one of: {', '.join(DETECTORS)}")
    return _CACHE[key]


def default_detector() -> Detector:
    return get_detector(DEFAULT)


def code_turn(text: str, prev: str | None = None, detector: Detector | None = None) -> tuple[Sentence, ...]:
    """Every sentence of one therapist turn, coded, with `returns_focus` set."""
    detector = detector or default_detector()
    return _mark_returns_focus(detector.code_sentences([(s, prev) for s in split_sentences(text)]))


def _mark_returns_focus(coded: list[Sentence]) -> tuple[Sentence, ...]:
    """Flag self-involving sentences that a later sentence of the turn turns back to the client."""
    out = list(coded)
    if not any(s.self_involving for s in out):  # most turns: nothing to return from
        return tuple(out)
    returned = False
    for i in range(len(out) - 1, -1, -1):
        s = out[i]
        if s.self_involving and returned and "returns_focus" not in s.flags:
            out[i] = replace(s, flags=s.flags + ("returns_focus",))
        if not s.self_involving and patterns.RETURNS_FOCUS.search(normalise(s.text)):
            returned = True
    return tuple(out)


def code_transcript(t: Transcript, detector: Detector | None = None) -> tuple[CodedTurn, ...]:
    """Code every therapist turn of a transcript (one batch); other turns pass through uncoded."""
    detector = detector or default_detector()
    items: list[tuple[str, str | None]] = []
    spans: dict[int, tuple[int, int]] = {}
    roles = [t.role_of(turn.speaker) for turn in t.turns]
    prev_client: str | None = None
    for pos, (turn, role) in enumerate(zip(t.turns, roles)):
        if role is Role.THERAPIST:
            sentences = split_sentences(turn.text)
            spans[pos] = (len(items), len(items) + len(sentences))
            items += [(s, prev_client) for s in sentences]
        elif role is Role.CLIENT:
            prev_client = turn.text
    coded = detector.code_sentences(items) if items else []
    out = []
    for pos, (turn, role) in enumerate(zip(t.turns, roles)):
        if pos in spans:
            a, b = spans[pos]
            out.append(CodedTurn(turn, role, _mark_returns_focus(coded[a:b])))
        else:
            out.append(CodedTurn(turn, role))
    return tuple(out)


__all__ = [
    "DETECTORS", "Detector", "RuleDetector", "code_transcript", "code_turn", "default_detector", "get_detector",
    "split_sentences",
]
