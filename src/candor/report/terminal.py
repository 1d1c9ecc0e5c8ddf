"""The terminal report: each session's tips at a glance and its self-involving moments.

Transcript text always goes in as `rich.text.Text`, never as markup, so a
bracket in what someone said cannot restyle or hide the output. Every status
is a symbol plus a word, so the report still reads with NO_COLOR or in `less`.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from candor.model import CODE_LABELS, Analysis, SessionReport, Stats, Status, TipResult
from candor.report._common import (
    CODE_COLOURS,
    STATUS_SYMBOLS,
    clock,
    flag_label,
    gist,
    ordered_tips,
    percent,
    role_note,
    session_length,
    status_label,
)

STATUS_STYLES: dict[Status, str] = {
    Status.OK: "bold green",
    Status.ATTENTION: "bold yellow",
    Status.RISK: "bold red",
    Status.NOT_APPLICABLE: "dim",
}


def render_terminal(a: Analysis, console: Console) -> None:
    """Print every session, then the sessions together when there are several.

    The overall view comes last so it is what stays on screen when the run ends.
    """
    for r in a.sessions:
        _session(r, console)
    if len(a.sessions) > 1:
        _overall(a, console)


def _session(r: SessionReport, console: Console) -> None:
    t = r.transcript
    console.print()
    console.rule(Text(t.name, style="bold"), align="left")
    therapist = t.therapist.name if t.therapist else "not identified"
    facts = [f"Therapist: {therapist}", f"{len(t.turns)} turns"]
    if t.has_times:
        facts.append(f"length {clock(session_length(t))}")
    facts.append(f"{len(r.findings)} self-involving sentences")
    console.print(Text(" · ".join(facts)))
    for w in ([role_note(t)] if role_note(t) else []) + list(t.warnings):
        console.print(Text(f"Note: {w}", style="yellow"))
    console.print(_tips_table(r.tips))
    _moments(r, console)


def _tips_table(tips: dict[str, TipResult]) -> Table:
    # Status first and the gist under the title: the gist gets the width, so
    # the table still reads in 80 columns.
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, leading=1)
    table.add_column("Status", no_wrap=True)
    table.add_column("Tip")
    for tip in ordered_tips(tips):
        table.add_row(
            Text(status_label(tip.status), style=STATUS_STYLES[tip.status]),
            Text.assemble((tip.title, "bold"), "\n", (gist(tip.summary, 160), "")),
        )
    return table


def _moments(r: SessionReport, console: Console) -> None:
    findings = r.findings
    if not findings:
        console.print(Text("No self-involving moments in this session.", style="dim"))
        return
    console.print()
    console.print(Text("Self-involving moments", style="bold underline"))
    width = len(str(max(f.turn for f in findings)))  # keeps the times in one column
    for f in findings:
        head = Text(f"Turn {f.turn:<{width}}", style="bold")
        if f.start is not None:
            head.append(f"  {clock(f.start)}", style="cyan")
        head.append("  ")
        head.append(CODE_LABELS.get(f.code, f.code), style=f"bold {CODE_COLOURS.get(f.code, '')}")
        for flag in f.flags:
            head.append(f" · {flag_label(flag)}", style="italic")
        quote = Padding(Text(f"“{f.text}”"), (0, 0, 0, 4))
        console.print(Group(head, quote))


def _overall(a: Analysis, console: Console) -> None:
    console.print()
    console.rule(Text(f"All {len(a.sessions)} sessions together", style="bold"), align="left")
    names = sorted({r.transcript.therapist.name for r in a.sessions if r.transcript.therapist})
    console.print(Text(" · ".join([f"Therapist: {', '.join(names) or 'not identified'}", _stats_line(a.stats)])))
    console.print(_tips_table(a.tips))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title=None)
    table.add_column("Session", overflow="fold")
    table.add_column("Turns", justify="right")
    table.add_column("Self-involving", justify="right")
    table.add_column("Tips", no_wrap=True)
    for r in a.sessions:
        marks = Text()
        for tip in ordered_tips(r.tips):
            marks.append(f"{STATUS_SYMBOLS[tip.status]} ", style=STATUS_STYLES[tip.status])
        table.add_row(Text(r.transcript.name), str(len(r.transcript.turns)), str(len(r.findings)), marks)
    console.print()
    console.print(table)
    console.print(Text("Tips column: genuine, expert role, reasons, balance.", style="dim"))


def _stats_line(s: Stats) -> str:
    return (
        f"{s.therapist_turns} therapist turns, {s.self_involving_turns} with a self-involving "
        f"statement ({percent(s.self_involving_share)})"
    )
