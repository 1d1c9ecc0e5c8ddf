"""Small helpers the four checks share."""

from __future__ import annotations

from candor.model import CodedTurn, Evidence, Role, Sentence, Status

SEVERITY = {Status.NOT_APPLICABLE: 0, Status.OK: 1, Status.ATTENTION: 2, Status.RISK: 3}


def worst(statuses: list[Status]) -> Status:
    return max(statuses, key=SEVERITY.__getitem__, default=Status.NOT_APPLICABLE)


def evidence(ct: CodedTurn, s: Sentence) -> Evidence:
    return Evidence(ct.turn.index, s.text)


def turns_label(turns: list[int]) -> str:
    """'turn 4', 'turns 4 and 9', 'turns 4, 9 and 12'."""
    turns = sorted(set(turns))
    if not turns:
        return ""
    if len(turns) == 1:
        return f"turn {turns[0]}"
    return "turns " + ", ".join(map(str, turns[:-1])) + f" and {turns[-1]}"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def next_client_turn(turns: tuple[CodedTurn, ...], pos: int) -> CodedTurn | None:
    """The client's reply to the therapist turn at position `pos`, if it comes before the therapist speaks again."""
    for ct in turns[pos + 1:]:
        if ct.role is Role.CLIENT:
            return ct
        if ct.role is Role.THERAPIST:
            return None
    return None


def previous_client_turns(turns: tuple[CodedTurn, ...], pos: int, n: int = 2) -> list[CodedTurn]:
    out = []
    for ct in reversed(turns[:pos]):
        if ct.role is Role.CLIENT:
            out.append(ct)
            if len(out) == n:
                break
    return out
