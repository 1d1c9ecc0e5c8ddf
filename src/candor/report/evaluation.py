"""The terminal view of `candor evaluate`: one row per label, figures as computed.

Labels are written as in the JSON (`same_boat`), so the two read alike.
It shows the object `candor.evaluate.evaluate` returns (schema
candor.evaluate/1) and decides nothing. It fits an 80-column terminal.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text



def render_evaluation(result: dict[str, Any], console: Console) -> None:
    threshold = result["threshold"]
    source = f", text from {result['text_from']}" if result["text_from"] else ""
    console.print(Text(
        f"Candor ({result['detector']}, threshold {threshold if threshold is not None else 'default'}) "
        f"against {result['gold']}{source}: {result['turns']} turns",
        style="bold",
    ))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, header_style="bold", collapse_padding=True)
    table.add_column("label", no_wrap=True)
    for name in ("support", "precision", "recall", "F1", "kappa", "tp", "fp", "fn", "tn"):
        table.add_column(name, justify="right")
    table.add_row(*_row("self-involving", result["self_involving"]), end_section=True)
    for code, m in result["codes"].items():
        table.add_row(*_row(code, m))
    table.rows[-1].end_section = True
    for flag, m in result["flags"].items():
        table.add_row(*_row(flag, m))
    console.print(table)
    for what in ("codes", "flags"):
        macro = result["macro_f1"][what]
        if macro["f1"] is None:
            console.print(Text(f"Macro F1 over {what}: none, the gold has no {what[:-1]} at all"))
        else:
            console.print(Text(f"Macro F1 over {what}: {macro['f1']:.2f} (mean over those with support > 0: "
                               f"{', '.join(macro['over'])})"))
    console.print(Text(
        "support = turns the gold gives the label; precision = tp/(tp+fp); recall = tp/(tp+fn); "
        "kappa = Cohen's, chance-corrected agreement.", style="dim",
    ))


def _row(name: str, m: dict[str, Any]) -> list[str]:
    return [name, str(m["support"]), *(f"{m[k]:.2f}" for k in ("precision", "recall", "f1", "kappa")),
            *(str(m[k]) for k in ("tp", "fp", "fn", "tn"))]
