"""Tip 1, be genuine: never claim the client's experience.

A `same_boat` statement risks invalidating the client, most of all right
after the client spoke of something the therapist cannot claim to know.
`shared_humanity` (what all minds share) is the honest alternative.
"""

from __future__ import annotations

import re

from candor.assess._util import evidence, plural, previous_client_turns, turns_label
from candor.assess.settings import Settings
from candor.model import CodedTurn, Status, TipResult

# Experiences a therapist cannot claim to know from the outside (CODEBOOK, tip 1).
CANNOT_KNOW: dict[str, re.Pattern[str]] = {
    "trauma or abuse": re.compile(
        r"\b(?:abus(?:e|ed|er|ive)|rap(?:e|ed|ist)|molest\w*|assault\w*|trauma\w*|ptsd|flashbacks?|"
        r"hit me|beat me|beaten|touched me|incest|groomed)\b", re.I),
    "the loss of a child": re.compile(
        r"\b(?:(?:my|our) (?:son|daughter|child|baby|boy|girl|kid) (?:died|passed|was killed|is gone|drowned)|"
        r"lost (?:my|our) (?:son|daughter|child|baby|boy|girl|pregnancy)|miscarri\w+|stillb\w+|"
        r"(?:son|daughter|child|baby)'s (?:death|funeral))\b", re.I),
    "discrimination": re.compile(
        r"\b(?:racis\w+|discriminat\w+|homophob\w+|transphob\w+|sexis\w+|islamophob\w+|antisemit\w+|"
        r"slurs?|because (?:i'm|i am) (?:black|gay|trans|muslim|jewish|a woman|disabled|an immigrant))\b", re.I),
    "war": re.compile(r"\b(?:war|combat|deploy(?:ed|ment)|bomb(?:s|ed|ing)?|refugee|soldiers?|shelling|ied)\b", re.I),
    "serious illness": re.compile(
        r"\b(?:cancer|tumou?r|terminal|chemo\w*|hiv|aids|dialysis|als|multiple sclerosis|stroke|"
        r"diagnos(?:ed|is) with|metasta\w+|palliative|dying)\b", re.I),
    "suicide": re.compile(
        r"\b(?:suicid\w+|kill (?:myself|herself|himself)|end (?:my|it all|my life)|took (?:his|her|their) own life|"
        r"overdos\w+|don't want to (?:live|be here)|hanged)\b", re.I),
}


def cannot_know_topic(text: str) -> str | None:
    for topic, pattern in CANNOT_KNOW.items():
        if pattern.search(text):
            return topic
    return None


def check_genuine(turns: tuple[CodedTurn, ...], settings: Settings) -> TipResult:
    claims, after_topic, humanity = [], [], []
    topics: set[str] = set()
    for pos, ct in enumerate(turns):
        for s in ct.sentences:
            if "same_boat" in s.flags:
                topic = next(
                    (t for c in previous_client_turns(turns, pos) if (t := cannot_know_topic(c.turn.text))), None
                )
                (after_topic if topic else claims).append(evidence(ct, s))
                if topic:
                    topics.add(topic)
            elif "shared_humanity" in s.flags:
                humanity.append(evidence(ct, s))
    credit = (
        f" You also offered common ground every person shares ({turns_label([e.turn for e in humanity])}), "
        "the genuine alternative."
        if humanity else ""
    )
    if after_topic:
        status = Status.RISK
        summary = (
            f"At {turns_label([e.turn for e in after_topic])} you claimed the client's experience right after "
            f"they spoke of {' and '.join(sorted(topics))}, something a therapist cannot know from the outside. "
            "However well meant, 'I've been there' can tell a client their experience is ordinary or already "
            "understood. Say what you do know: what it stirs in you, or what every human mind shares."
            + credit
        )
    elif claims:
        status = Status.ATTENTION
        summary = (
            f"{plural(len(claims), 'statement')} at {turns_label([e.turn for e in claims])} claimed the same "
            "experience or complete understanding ('I know exactly how you feel', 'we've all been there'). "
            "A brief, similar experience offered as your own tends to help; claiming theirs tends not to. "
            "Consider whether the client felt understood or overridden." + credit
        )
    elif humanity:
        status = Status.OK
        summary = (
            "You did not claim the client's experience as your own, and you normalised through what all "
            f"minds share ({turns_label([e.turn for e in humanity])}): honest common ground."
        )
    elif any(ct.self_involving for ct in turns):
        status = Status.OK
        summary = (
            "Nothing you shared claimed the client's experience as your own: no 'I've been there' or "
            "'we're all in the same boat'."
        )
    else:
        status = Status.NOT_APPLICABLE
        summary = "You shared nothing of yourself in this session, so there is no claim of shared experience to weigh."
    return TipResult("genuine", status, summary, tuple(after_topic + claims + humanity))
