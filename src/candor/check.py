"""The pre-disclosure check: a planned statement and two honest answers in, a verdict out.

Before sharing, ask: is it for the client or for my own comfort? Does it
serve the clinical goals? If either answer is not a clear yes, hold it.
When both are yes, the statement itself is weighed against the four tips.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from candor.assess.genuine import cannot_know_topic
from candor.assess.settings import DEFAULT, Settings
from candor.detect import code_turn
from candor.errors import CandorError
from candor.model import DISCLOSURE_PROPER, Sentence

ANSWERS = ("yes", "no", "unsure")
VERDICTS = ("share", "reconsider", "hold")

_RETURN_QUESTION = "What is that like for you?"
_HUMAN_GROUND = "I can't know exactly what this is like for you; what I do know is that minds do this to all of us, mine included."


@dataclass(frozen=True)
class Reason:
    tip: str  # genuine, expert_role, intention, balance
    text: str


@dataclass(frozen=True)
class CheckResult:
    statement: str
    verdict: str  # share | reconsider | hold
    reasons: tuple[Reason, ...]
    sentences: tuple[Sentence, ...]
    suggestion: str | None
    for_client: str
    fits_goals: str
    goal: str | None = None

    def to_dict(self) -> dict:
        return {
            "schema": "candor.check/1",
            "verdict": self.verdict,
            "answers": {"for_client": self.for_client, "fits_goals": self.fits_goals},
            "goal": self.goal,
            "reasons": [{"tip": r.tip, "text": r.text} for r in self.reasons],
            "sentences": [
                {"text": s.text, "code": s.code, "flags": list(s.flags), "confidence": round(s.confidence, 3)}
                for s in self.sentences
            ],
            "suggestion": self.suggestion,
        }


def normalise_answer(value: str | None, question: str) -> str:
    """'yes'/'y'/'no'/'n'/'unsure'/'not sure'/'?' to yes, no or unsure; None counts as unsure."""
    if value is None:
        return "unsure"
    v = value.strip().lower()
    if v in ("yes", "y", "true"):
        return "yes"
    if v in ("no", "n", "false"):
        return "no"
    if v in ("unsure", "not sure", "maybe", "don't know", "dont know", "?", "u"):
        return "unsure"
    raise CandorError(f"the answer to '{question}' must be yes, no or unsure")


def check(
    statement: str,
    for_client: str | None = None,
    fits_goals: str | None = None,
    goal: str | None = None,
    client_said: str | None = None,
    settings: Settings = DEFAULT,
) -> CheckResult:
    """Weigh a statement the therapist is thinking of sharing.

    >>> check("I know exactly how you feel.", for_client="yes", fits_goals="yes").verdict
    'reconsider'
    >>> check("I went through a divorce too.", for_client="yes", fits_goals="unsure").verdict
    'hold'
    """
    statement = statement.strip()
    if not statement:
        raise CandorError("the statement to check is empty; write the sentence you are thinking of sharing")
    fc = normalise_answer(for_client, "is it for the client?")
    fg = normalise_answer(fits_goals, "does it serve the clinical goals?")
    sentences = code_turn(statement, prev=client_said)
    involved = [s for s in sentences if s.self_involving]
    reasons: list[Reason] = []
    hold = reconsider = False

    if fc != "yes":
        hold = True
        reasons.append(Reason("intention", (
            "You are not certain this is for the client rather than for your own comfort. "
            "If it is not clearly for them, hold it; you can share it later if it still serves them."
            if fc == "unsure" else
            "You said this is not mainly for the client. A disclosure that meets the therapist's need "
            "asks the client to look after you; hold it, and take it to supervision or your journal."
        )))
    if fg != "yes":
        hold = True
        reasons.append(Reason("intention", (
            "You are not sure it serves the clinical goals" + (f" ({goal})" if goal else "") + ". "
            "When that answer is not a clear yes, hold it."
            if fg == "unsure" else
            "You said it does not serve the clinical goals" + (f" ({goal})" if goal else "") + "; hold it."
        )))

    same_boat = [s for s in sentences if "same_boat" in s.flags]
    if same_boat:
        topic = cannot_know_topic(client_said or "")
        if topic:
            hold = True
            reasons.append(Reason("genuine", (
                f"It claims the client's experience right after they spoke of {topic}, something you cannot "
                "know from the outside; that risks invalidating them."
            )))
        else:
            reconsider = True
            reasons.append(Reason("genuine", (
                "It claims the client's experience ('I know exactly how you feel', 'we've all been there'). "
                "Offer what you do know instead: what every human mind shares, or a brief similar moment as your own."
            )))
    if any("unprofessional" in s.flags for s in sentences):
        hold = True
        reasons.append(Reason("expert_role", (
            "It leaves the professional frame (profanity, your own drinking or drug use, or venting). "
            "Being human builds trust; being off duty does not."
        )))
    words = sum(len(s.text.split()) for s in involved)
    long = words > settings.long_disclosure_words
    if long:
        reconsider = True
        reasons.append(Reason("balance", (
            f"It runs to {words} words about you; about {settings.long_disclosure_words} or fewer keeps it brief "
            "and the session about the client."
        )))
    proper = any(s.code in DISCLOSURE_PROPER for s in involved)
    returns = any("returns_focus" in s.flags for s in involved)
    if proper and not returns:
        reconsider = True
        reasons.append(Reason("intention", (
            "It does not turn back to the client. End with a question or reflection about them, "
            "so the disclosure serves their work."
        )))

    if not involved and not same_boat:
        reasons.append(Reason("balance", (
            "Nothing in this statement reveals something of you as a person (by the codebook it is a "
            "reflection, question, information or courtesy), so there is no disclosure to weigh."
        )))
    elif not (hold or reconsider):
        credit = [s for s in involved if s.code in ("vulnerability", "immediacy")]
        reasons.append(Reason("expert_role" if credit else "intention", (
            "It is brief, stays within the professional frame and hands the focus back to the client."
            + (" Admitting a limit or saying how you are moved shows you as a person." if credit else "")
        )))

    verdict = "hold" if hold else "reconsider" if reconsider else "share"
    suggestion = _rewording(sentences, same_boat=bool(same_boat), long=long, returns=returns or not proper) \
        if (same_boat or long or (proper and not returns)) and not any("unprofessional" in s.flags for s in sentences) \
        else None
    return CheckResult(statement, verdict, tuple(reasons), sentences, suggestion, fc, fg, goal)


def _rewording(sentences: tuple[Sentence, ...], same_boat: bool, long: bool, returns: bool) -> str:
    """A brief, genuine version: no claim of the client's experience, one or two sentences, back to them."""
    kept = []
    for s in sentences:
        if "same_boat" in s.flags:
            # Keep a brief similar experience said in the same breath ("..., I went through a divorce too").
            clauses = [c.strip(" ,;") for c in re.split(r"[,;]", s.text)]
            kept += [
                _as_sentence(c) for c in clauses
                if c and any(x.self_involving and "same_boat" not in x.flags for x in code_turn(c))
            ]
        elif s.self_involving:
            kept.append(s)
    parts = [_HUMAN_GROUND] if same_boat else []
    budget = 25
    for s in kept:
        n = len(s.text.split())
        if parts and (long and budget - n < 0):
            break
        parts.append(s.text)
        budget -= n
        if long and budget <= 0:
            break
    returning = [s.text for s in sentences if not s.self_involving and "?" in s.text]
    parts.append(returning[-1] if returning else _RETURN_QUESTION)
    return " ".join(parts)


def _as_sentence(clause: str) -> Sentence:
    text = clause[0].upper() + clause[1:]
    return Sentence(text if text.endswith((".", "!", "?")) else text + ".", "fact")
