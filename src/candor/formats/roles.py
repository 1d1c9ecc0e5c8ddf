"""Who is the therapist: settled here once, for every format.

Order of evidence: what the user says (--therapist/--client), then what the
reader found in the file, then what a speaker's label says ("Therapist",
"C", "Dr Lee"), and only then a guess from how the two main speakers talk.
A guess is never silent: it lowers `role_confidence` and adds a warning.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from candor.errors import InputError
from candor.model import Role, Speaker, Transcript

# Labels that say the role. Single letters only as the whole label ("T",
# "C2"), so a name like "C. Smith" is not taken for a client code.
# Helper/supporter/seeker are the roles of peer-support corpora.
_THERAPIST = re.compile(
    r"^(?:(?:therapist|psychotherapist|counsell?or|clinician|psychologist|psychiatrist|helper|supporter|provider)\b.*"
    r"|(?:t|th|ther)\s*\d*|dr\b\.?\s*\S.*)$",
    re.IGNORECASE,
)
_CLIENT = re.compile(
    r"^(?:(?:client|patient|counsell?ee|seeker|help seeker)\b.*|(?:c|p|cl|pt)\s*\d*)$", re.IGNORECASE
)
_OTHER = re.compile(
    r"^(?:narrator|commentary|commentator|interpreter|translator|voice[ -]?over|observer|other|unknown)\b.*$",
    re.IGNORECASE,
)

# Below this the two main speakers talk too much alike to call: refuse
# rather than code the client's sentences as the therapist's.
MIN_GUESS_CONFIDENCE = 0.6


def role_from_label(label: object) -> Role | None:
    """The role a speaker label or a data file's role field states outright, or None."""
    if not isinstance(label, str):
        return None
    label = label.strip()
    if _THERAPIST.match(label):
        return Role.THERAPIST
    if _CLIENT.match(label):
        return Role.CLIENT
    if _OTHER.match(label):
        return Role.OTHER
    return None


def resolve(
    t: Transcript, therapist: str | None = None, client: str | None = None, guess: bool = True
) -> Transcript:
    """`t` with every speaker's role set; raises InputError when Candor cannot tell."""
    names = [s.name for s in t.speakers]
    if not names:
        raise InputError(f"{t.name}: no speaker turns found; check the file has speaker labels")
    if len(names) == 1:
        raise InputError(
            f"{t.name}: only one speaker ({names[0]!r}); Candor needs the therapist and the client "
            "as separate speakers, check the export has speaker labels"
        )
    roles: dict[str, Role | None] = {s.name: s.role for s in t.speakers}
    # Naming the therapist makes it certain; otherwise keep what the reader knew.
    confidence = 1.0 if therapist else t.role_confidence
    warnings = list(t.warnings)

    if therapist:
        chosen = _match(t, therapist, "--therapist")
        _assign(roles, chosen, Role.THERAPIST)
    if client:
        chosen = _match(t, client, "--client")
        if therapist and roles[chosen] is Role.THERAPIST:
            raise InputError(
                f"{t.name}: '{chosen}' was named as both therapist and client; pass different speakers"
            )
        _assign(roles, chosen, Role.CLIENT)

    for name, role in roles.items():
        if role is None:
            roles[name] = role_from_label(name)
            # The user named the therapist: a "Therapist 2" label does not add another.
            if therapist and roles[name] is Role.THERAPIST:
                roles[name] = None

    if Role.THERAPIST not in roles.values():
        chosen, confidence, why = _guess(t, roles)
        if chosen is None or confidence < MIN_GUESS_CONFIDENCE or not guess:
            raise InputError(
                f"{t.name}: cannot tell who the therapist is; pass --therapist NAME "
                f"(speakers: {', '.join(names)})"
            )
        roles[chosen] = Role.THERAPIST
        warnings.append(
            f"Candor guessed that '{chosen}' is the therapist (confidence {confidence:.2f}) because {why}; "
            "pass --therapist NAME if that is wrong"
        )

    rest = Role.OTHER if client else Role.CLIENT
    speakers = tuple(Speaker(s.name, roles[s.name] or rest) for s in t.speakers)
    return replace(t, speakers=speakers, role_confidence=confidence, warnings=tuple(warnings))


def _match(t: Transcript, wanted: str, option: str) -> str:
    """The speaker the user meant: exact name first, else a unique part of one."""
    names = [s.name for s in t.speakers]
    key = wanted.strip().casefold()
    exact = [n for n in names if n.casefold() == key]
    if exact:
        return exact[0]
    partial = [n for n in names if key and key in n.casefold()]
    if len(partial) == 1:
        return partial[0]
    listed = ", ".join(names)
    if partial:
        raise InputError(
            f"{t.name}: '{wanted}' matches several speakers ({', '.join(partial)}); "
            f"pass the full name with {option} (speakers: {listed})"
        )
    raise InputError(
        f"{t.name}: no speaker called '{wanted}'; speakers in the file: {listed}; pass one of them with {option}"
    )


def _assign(roles: dict[str, Role | None], name: str, role: Role) -> None:
    """Give `name` the role; whoever the reader had in that role is re-decided later."""
    for other, r in roles.items():
        if r is role and other != name:
            roles[other] = None
    roles[name] = role


def _guess(t: Transcript, roles: dict[str, Role | None]) -> tuple[str | None, float, str]:
    """The likelier therapist among the unassigned speakers, its confidence and the reason."""
    pool = [n for n, r in roles.items() if r is None]
    if len(pool) == 1:
        # Everyone else is already client or other: the one left is the therapist.
        if Role.CLIENT in roles.values():
            return pool[0], 1.0, "every other speaker is the client or not a participant"
        return None, 0.0, ""
    words: dict[str, int] = {n: 0 for n in pool}
    turns: dict[str, int] = {n: 0 for n in pool}
    asks: dict[str, int] = {n: 0 for n in pool}
    for turn in t.turns:
        if turn.speaker in words:
            words[turn.speaker] += len(turn.text.split())
            turns[turn.speaker] += 1
            asks[turn.speaker] += "?" in turn.text
    top = sorted(pool, key=lambda n: -words[n])[:2]
    if len(top) < 2 or not words[top[0]] or not words[top[1]]:
        return None, 0.0, ""
    a, b = top
    total = words[a] + words[b]
    # Therapists ask more and talk less than clients (the usual finding in
    # session transcripts); each signal is a share difference in [-1, 1].
    ask_gap = asks[a] / turns[a] - asks[b] / turns[b]
    talk_gap = (words[b] - words[a]) / total
    margin = (ask_gap + talk_gap) / 2
    chosen = a if margin > 0 else b
    sign = 1 if margin > 0 else -1
    # tanh maps the margin onto [0.5, 1): a 0.1 margin is a near tie (~0.6).
    confidence = 0.5 + 0.5 * math.tanh(2 * abs(margin))
    reasons = []
    if sign * ask_gap > 0:
        reasons.append("ask more questions")
    if sign * talk_gap > 0:
        reasons.append("speak less")
    why = "they " + " and ".join(reasons) if reasons else "of how they talk"
    return chosen, round(confidence, 2), why
