"""How the renderers show things: status words, code colours, times, quotes.

Nothing here decides anything about a session. It only fixes how a status, a
code or a time is written, so the terminal and the HTML report say it alike.
"""

from __future__ import annotations

from importlib import metadata

from candor.model import TIPS, Status, TipResult, Transcript

STATUS_WORDS: dict[Status, str] = {
    Status.OK: "OK",
    Status.ATTENTION: "Attention",
    Status.RISK: "Risk",
    Status.NOT_APPLICABLE: "Not applicable",
}
# A symbol beside each word, so a status still reads without colour
# (NO_COLOR, `| less`, print, colour-blind readers).
STATUS_SYMBOLS: dict[Status, str] = {
    Status.OK: "✓",
    Status.ATTENTION: "!",
    Status.RISK: "✗",
    Status.NOT_APPLICABLE: "–",
}

FLAG_LABELS: dict[str, str] = {
    "same_boat": "same boat",
    "shared_humanity": "shared humanity",
    "unprofessional": "unprofessional",
    "returns_focus": "returns focus",
}

# Okabe & Ito's palette: its colours stay apart under the common colour-vision
# deficiencies. Charts and labels also differ by symbol and word, never only hue.
CODE_COLOURS: dict[str, str] = {
    "none": "#8C8C8C",
    "fact": "#0072B2",
    "feeling": "#CC79A7",
    "insight": "#009E73",
    "strategy": "#E69F00",
    "immediacy": "#56B4E9",
    "vulnerability": "#D55E00",
}


def status_label(status: Status) -> str:
    return f"{STATUS_SYMBOLS[status]} {STATUS_WORDS[status]}"


def flag_label(flag: str) -> str:
    return FLAG_LABELS.get(flag, flag.replace("_", " "))


def clock(seconds: float | None) -> str:
    """mm:ss from the start of the recording; minutes go past 59 on long sessions."""
    if seconds is None:
        return ""
    whole = max(0, int(seconds))
    return f"{whole // 60:02d}:{whole % 60:02d}"


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary so a quote never ends mid-word."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def gist(summary: str, limit: int = 110) -> str:
    """The first sentence of a tip's summary, for one-line overviews."""
    text = " ".join(summary.split())
    for end in (". ", "? ", "! "):
        at = text.find(end)
        if 0 < at < limit:
            text = text[: at + 1]
            break
    return shorten(text, limit)


def ordered_tips(tips: dict[str, TipResult]) -> list[TipResult]:
    """The tips in the CODEBOOK's order; a tip missing upstream is left out, not invented."""
    return [tips[k] for k in TIPS if k in tips]


def session_length(t: Transcript) -> float:
    """Seconds from the start of the recording to the end of the last timed turn."""
    return max((u.end if u.end is not None else u.start or 0.0 for u in t.turns), default=0.0)


def role_note(t: Transcript) -> str | None:
    """Say so when the reader had to guess who the therapist is."""
    if t.role_confidence >= 1:
        return None
    return f"Candor is {percent(t.role_confidence)} sure which speaker is the therapist."


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def candor_version() -> str:
    try:
        return metadata.version("candor")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "(development version)"
