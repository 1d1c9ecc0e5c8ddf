"""Tip 2, drop the expert role: being human builds trust; leaving the frame does not.

`vulnerability` and `immediacy` are credited; `unprofessional` content
(profanity, the therapist's own drinking, venting) is the line not to cross.
"""

from __future__ import annotations

from candor.assess._util import evidence, plural, turns_label
from candor.assess.settings import Settings
from candor.model import CodedTurn, Status, TipResult


def check_expert_role(turns: tuple[CodedTurn, ...], settings: Settings) -> TipResult:
    human, out_of_frame = [], []
    for ct in turns:
        for s in ct.sentences:
            if "unprofessional" in s.flags:
                out_of_frame.append(evidence(ct, s))
            elif s.code in ("vulnerability", "immediacy"):
                human.append(evidence(ct, s))
    credit = (
        f"You let the client see you as a person ({plural(len(human), 'moment')} of admitting a limit or "
        f"a mistake, or saying how you were moved, at {turns_label([e.turn for e in human])}); that builds trust."
        if human else ""
    )
    if out_of_frame:
        status = Status.RISK
        summary = (
            f"At {turns_label([e.turn for e in out_of_frame])} the talk left the professional frame "
            "(profanity, your own drinking or drug use, or venting about your own life). Being human is not "
            "the same as being off duty: the client may now feel they must look after you or keep your secret. "
            + credit
        ).strip()
    elif human:
        status = Status.OK
        summary = credit
    elif any(ct.self_involving for ct in turns):
        status = Status.OK
        summary = (
            "What you shared stayed within the professional frame. There was no admission of a mistake or a limit "
            "and no here-and-now reaction this time; such moments, used sparingly, show you as a person."
        )
    else:
        status = Status.NOT_APPLICABLE
        summary = (
            "No self-involving statement in this session: no admitted mistake or limit, no here-and-now "
            "reaction, and nothing outside the professional frame."
        )
    return TipResult("expert_role", status, summary, tuple(out_of_frame + human))
