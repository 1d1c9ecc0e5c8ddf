"""The pre-disclosure check in the terminal: verdict first, then why, then a better way to say it."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from candor.check import CheckResult
from candor.model import CODE_LABELS, TIP_TITLES

_VERDICTS = {
    "share": ("SHARE", "green", "It looks like a disclosure made for the client."),
    "reconsider": ("RECONSIDER", "yellow", "Worth rewording before you share it."),
    "hold": ("HOLD", "red", "Hold it for now."),
}


def render_check(result: CheckResult, console: Console) -> None:
    word, colour, gist = _VERDICTS[result.verdict]
    head = Text()
    head.append(f"{word}", style=f"bold {colour}")
    head.append(f"  {gist}")
    console.print(Panel(head, expand=False))
    console.print(
        Text(f"For the client: {result.for_client}    Serves the clinical goals: {result.fits_goals}"
             + (f"    Goal: {result.goal}" if result.goal else ""))
    )
    coded = [s for s in result.sentences if s.code != "none" or s.flags]
    if coded:
        console.print(Text("\nWhat the statement reveals:", style="bold"))
        for s in coded:
            flags = f" [{', '.join(s.flags)}]" if s.flags else ""
            console.print(Text(f"  {CODE_LABELS[s.code]}{flags}: \u201c{s.text}\u201d"))
    console.print(Text("\nWhy:", style="bold"))
    for r in result.reasons:
        console.print(Text(f"  \u2022 {TIP_TITLES[r.tip]}: {r.text}"))
    if result.suggestion:
        console.print(Text("\nA way to say it:", style="bold"))
        console.print(Text(f"  \u201c{result.suggestion}\u201d"))
