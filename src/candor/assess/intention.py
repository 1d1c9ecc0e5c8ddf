"""Tip 3, be mindful of the reasons: a disclosure is for the client.

In a transcript the reasons show in their traces: was the disclosure brief,
did it return the focus to the client, did the client go on with their own
work or start looking after the therapist, and was a slip repaired?
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from candor.assess._util import evidence, next_client_turn, plural, turns_label
from candor.assess.settings import Settings
from candor.detect.rules import normalise
from candor.model import DISCLOSURE_PROPER, CodedTurn, Evidence, Role, Status, TipResult

# The client turns toward the therapist: asks after them, apologises or comforts.
CARETAKING = re.compile("|".join(f"(?:{p})" for p in (
    r"\b(?:how|what) about you\b", r"\bare you (?:ok|okay|alright|all right)\b",
    r"\bhow (?:are|did|do|were) you (?:cope|coping|manage|managing|feel|feeling|deal|dealing|handle|get through|holding up|doing now)\b",
    r"\bhow (?:old|many) (?:are|is) your\b", r"\bdid (?:it|that|they) help you\b", r"\bwhat happened (?:to|with) you\b",
    r"\bwas it (?:hard|difficult|awful) for you\b", r"\band you\?$", r"\bdo you (?:still )?(?:miss|think about) (?:him|her|them|it)\b",
    r"\b(?:i'm|i am) (?:so |really |very )?sorry (?:that|for|about|to hear)\b[^.?!]*\byou(?:r)?\b",
    r"\bsorry for your loss\b", r"\bthat must have been (?:so |really |very )?(?:hard|awful|difficult|terrible|tough|painful) for you\b",
    r"\bi hope you(?:'re| are) (?:ok|okay|alright|all right|doing better)\b", r"\bpoor you\b",
)))

# The therapist names the slip and hands the session back.
REPAIR = re.compile("|".join(f"(?:{p})" for p in (
    r"\benough about me\b", r"\b(?:back|come back|get back|return) to you\b", r"\bthat (?:was|is) (?:about|more about) me\b",
    r"\bi (?:got|get) carried away\b", r"\bi went on (?:too long|a bit|there)\b", r"\bthat's my (?:stuff|story|issue)\b",
    r"\bi shouldn't have (?:said|shared|brought)\b", r"\bthis is your (?:time|session|hour)\b",
)))


@dataclass(frozen=True)
class Moment:
    pos: int
    turn: CodedTurn
    words: int
    proper: bool
    returns: bool
    long: bool
    caretaking: bool
    repaired: bool

    @property
    def index(self) -> int:
        return self.turn.turn.index


def _repaired(turns: tuple[CodedTurn, ...], pos: int, settings: Settings) -> bool:
    """A later sentence of the same turn, or of the next few therapist turns, repairs the slip."""
    ct = turns[pos]
    after = [s for s in ct.sentences if not s.self_involving][-2:]
    window = [t for t in turns[pos + 1:] if t.role is Role.THERAPIST][: settings.repair_window_turns]
    candidates = after + [s for t in window for s in t.sentences]
    return any(REPAIR.search(normalise(s.text)) or s.code == "vulnerability" for s in candidates)


def moments(turns: tuple[CodedTurn, ...], settings: Settings) -> list[Moment]:
    out = []
    for pos, ct in enumerate(turns):
        if ct.role is not Role.THERAPIST or not ct.self_involving:
            continue
        words = sum(len(s.text.split()) for s in ct.sentences if s.self_involving)
        reply = next_client_turn(turns, pos)
        caretaking = bool(reply and CARETAKING.search(normalise(reply.turn.text)))
        out.append(Moment(
            pos, ct, words,
            proper=any(s.code in DISCLOSURE_PROPER for s in ct.sentences),
            returns="returns_focus" in ct.flags,
            long=words > settings.long_disclosure_words,
            caretaking=caretaking,
            repaired=caretaking and _repaired(turns, pos, settings),
        ))
    return out


def _quotes(ms: list[Moment]) -> list[Evidence]:
    return [evidence(m.turn, s) for m in ms for s in m.turn.sentences if s.self_involving]


def check_intention(turns: tuple[CodedTurn, ...], settings: Settings) -> TipResult:
    ms = moments(turns, settings)
    if not ms:
        return TipResult(
            "intention", Status.NOT_APPLICABLE,
            "Nothing of yourself was shared in this session, so there is no disclosure whose reasons to weigh. "
            "Before you next share something, ask: is it for the client or for my own comfort, and does it "
            "serve our goals? If either answer is unsure, hold it.",
        )
    caretaking = [m for m in ms if m.caretaking and not m.repaired]
    repaired = [m for m in ms if m.caretaking and m.repaired]
    long = [m for m in ms if m.long]
    no_return = [m for m in ms if m.proper and not m.returns and not m.caretaking]
    parts = []
    if caretaking:
        parts.append(
            f"after {turns_label([m.index for m in caretaking])} the client started looking after you "
            "(asking how you were, apologising or comforting you), and the slip was not named"
        )
    if repaired:
        parts.append(
            f"after {turns_label([m.index for m in repaired])} the client turned to look after you, and you "
            "noticed and gave the session back to them"
        )
    if long:
        longest = max(long, key=lambda m: m.words)
        parts.append(
            f"{plural(len(long), 'disclosure')} ran long ({turns_label([m.index for m in long])}; the longest "
            f"{longest.words} words, where about {settings.long_disclosure_words} is brief)"
        )
    if no_return:
        parts.append(
            f"{plural(len(no_return), 'disclosure')} did not turn back to the client "
            f"({turns_label([m.index for m in no_return])})"
        )
    if caretaking:
        status = Status.RISK
    elif repaired or long or no_return:
        status = Status.ATTENTION
    else:
        status = Status.OK
    if status is Status.OK:
        summary = (
            f"Each of the {plural(len(ms), 'moment')} you shared something of yourself was brief, and the client "
            "went on with their own work. That is what a disclosure made for the client looks like."
        )
        flagged = ms
    else:
        summary = (
            f"Of {plural(len(ms), 'self-involving moment')}: " + "; ".join(parts) + ". "
            "A disclosure made for the client is brief and hands the focus back; when the client starts "
            "caring for you, the disclosure may have served your needs more than theirs. Naming a slip "
            "('that was about me; back to you') repairs it."
        )
        flagged = caretaking + repaired + long + no_return
    seen: set[int] = set()
    unique = [m for m in flagged if not (m.index in seen or seen.add(m.index))]
    return TipResult("intention", status, summary, tuple(_quotes(sorted(unique, key=lambda m: m.pos))))
