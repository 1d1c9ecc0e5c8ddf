"""The rule detector: CODEBOOK patterns with guards for the usual false alarms.

It is fast and transparent (every code comes from a named rule) and tuned to
keep precision on real therapist speech, where self-involvement is rare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from candor.detect import patterns as P
from candor.model import Sentence

_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]{0,300}[\"\u201d]")
_STUTTER = re.compile(r"\b(\w+)(?:-+ ?\1\b)+")  # "I-I", "it- it", "th-the" collapse
_PARTIAL = re.compile(r"\b(\w{1,3})- (?=\1)")  # "th- that"
_FILLERS = re.compile(r"\b(?:um+|uh+|er+|hmm+|erm)\b,?\s*|\byou know,\s*|\[[^\]]*\]|\([^)]*\)")
_REPEAT = re.compile(r"\b(\w+(?:'\w+)?)(?:,? \1\b)+")  # "I I", "and, and"
_SPACES = re.compile(r"\s+")

# Below this confidence a pattern match is not trusted enough to report.
DEFAULT_THRESHOLD = 0.5


def normalise(sentence: str) -> str:
    """Lower-cased speech with stutters, fillers, bracketed notes and quoted speech removed.

    Quoted words are someone else's voice ("you said, 'I give up'"), not the
    therapist's; removing them keeps reflections from reading as disclosure.
    """
    s = sentence.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = _QUOTED.sub(" ", s)
    s = s.lower()
    s = _FILLERS.sub(" ", s)
    s = _PARTIAL.sub("", s)
    s = _STUTTER.sub(r"\1", s)
    s = s.lstrip("-\u2014 ").replace("--", ",").replace(" - ", ", ")
    s = _SPACES.sub(" ", s).strip(" ,")
    s = _REPEAT.sub(r"\1", s)
    return s


_WORD = re.compile(r"[a-z']+")
_STOP = frozenset(
    "i i'm i've i'd i'll me my mine myself you your the a an and but so to of in on it is was that this "
    "just like really be been am are for with at not no do don't have had it's".split()
)


@lru_cache(maxsize=64)
def _client_words(prev: str) -> frozenset[str]:
    # Every sentence of a therapist turn is compared with the same client turn.
    return frozenset(_WORD.findall(normalise(prev)))


def echoes_client(norm: str, prev: str | None) -> bool:
    """True when a first-person sentence mostly repeats the client's own words.

    Reflections are often voiced in the first person ("I'm just a nobody")
    right after the client said so; that is the client's experience, not
    the therapist's.
    """
    if not prev:
        return False
    words = [w for w in _WORD.findall(norm) if w not in _STOP]
    if len(words) < 2:
        return False
    client = _client_words(prev)
    shared = sum(1 for w in words if w in client)
    return shared / len(words) >= 0.75


@dataclass(frozen=True)
class Analysis:
    """Everything the patterns say about one sentence; the trained detector's features build on it."""

    norm: str
    rules: tuple[str, ...]  # names of the code rules that matched
    codes: tuple[str, ...]  # their codes
    guard: bool
    first_person: bool
    question: bool
    echoes_client: bool
    same_boat: bool
    shared_humanity: bool
    own_conduct: bool  # the therapist's own drinking, drugs, venting
    profanity: bool
    code: str  # the rule detector's verdict
    confidence: float
    flags: tuple[str, ...]


def analyse(sentence: str, prev: str | None = None, threshold: float = DEFAULT_THRESHOLD) -> Analysis:
    norm = normalise(sentence)
    same_boat = bool(P.SAME_BOAT.search(norm))
    shared = bool(P.SHARED_HUMANITY.search(norm))
    first_person = bool(P.FIRST_PERSON.search(norm))
    matched = [r for r in P.CODE_RULES if r.pattern.search(norm)] if first_person or same_boat else []
    guarded = P.guarded(norm)
    question = norm.endswith("?")
    echoes = echoes_client(norm, prev)
    own_conduct = first_person and bool(P.UNPROFESSIONAL.search(norm))
    profanity = bool(P.PROFANITY.search(norm))

    flags = ["same_boat"] if same_boat else ["shared_humanity"] if shared else []
    if not first_person and not same_boat:
        code, confidence = "none", 0.97 if not flags else 0.8
    else:
        best = max(matched, key=lambda r: r.confidence, default=None)  # the first of equals wins
        code, confidence = ("none", 0.9) if best is None else (best.code, best.confidence)
        if code != "none" and guarded:
            # A guard (reflection, procedure, courtesy...) outweighs all but the surest rules.
            confidence -= 0.35
        if code != "none" and question and not same_boat:
            confidence -= 0.3
        if code != "none" and echoes and not same_boat:
            confidence -= 0.4
        if same_boat and (code == "none" or confidence < threshold):
            # Claiming the client's experience tells the client something about the therapist.
            code, confidence = "fact", 0.75
        if code != "none" and confidence < threshold:
            code, confidence = "none", 1.0 - confidence
        if own_conduct and code == "none":
            code, confidence = "fact", 0.75
    if own_conduct or profanity:
        flags.append("unprofessional")
    return Analysis(
        norm, tuple(r.name for r in matched), tuple(r.code for r in matched), guarded, first_person, question,
        echoes, same_boat, shared, own_conduct, profanity, code, round(confidence, 3), tuple(flags),
    )


class RuleDetector:
    """Codes therapist sentences with the CODEBOOK patterns.

    >>> d = RuleDetector()
    >>> d.code_sentence("I have two teenagers myself.").code
    'fact'
    >>> d.code_sentence("I hear you saying it's been lonely.").code
    'none'
    """

    name = "rules"
    version = "rules-1"

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        self.threshold = threshold

    def code_sentences(self, items: list[tuple[str, str | None]]) -> list[Sentence]:
        return [self.code_sentence(s, prev) for s, prev in items]

    def code_sentence(self, sentence: str, prev: str | None = None) -> Sentence:
        a = analyse(sentence, prev, self.threshold)
        return Sentence(sentence, a.code, a.flags, a.confidence)
