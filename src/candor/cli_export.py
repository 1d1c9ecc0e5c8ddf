"""`candor export convokit|elan` (a batch run's tables out to other tools) and `candor import-codes` (coders' ELAN files back)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from candor.errors import CandorError

_out = Console(highlight=False, soft_wrap=True)
_err = Console(stderr=True, highlight=False, soft_wrap=True)

export_app = typer.Typer(
    help="Hand a batch run's coding to the tools researchers use: ConvoKit, ELAN.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

_BATCH_HELP = "The --out folder of a finished 'candor batch' run."


def _finished(batch: Path) -> Path:
    """A folder written by `candor batch` whose every part is done."""
    import json

    from candor.batch.run import RUN_FILE

    if not (batch / RUN_FILE).is_file():
        raise CandorError(f"{batch}: not the output folder of 'candor batch'; give the folder you passed to --out")
    try:
        run = json.loads((batch / RUN_FILE).read_text(encoding="utf-8"))
    except ValueError:
        run = None
    if not isinstance(run, dict):
        raise CandorError(f"{batch / RUN_FILE}: damaged; run 'candor batch' again into a new folder")
    if not run.get("complete"):
        raise CandorError(f"{batch}: the batch run did not finish; finish it with 'candor batch ... --resume' first")
    return batch


@export_app.command("convokit", epilog="Example:  candor export convokit coded/ --out coded-convokit/")
def export_convokit(
    batch: Path = typer.Argument(..., help=_BATCH_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="A new folder for the ConvoKit corpus."),
) -> None:
    """A ConvoKit corpus: every turn an utterance, Candor's codes in its metadata."""
    from candor.exports.convokit import export_convokit as run

    with _err.status("Writing the ConvoKit corpus..."):
        folder = run(_finished(batch), out)
    _out.print(f"Wrote the ConvoKit corpus {folder}; load it with convokit.Corpus(filename=...)", markup=False)


@export_app.command("elan", epilog="Example:  candor export elan coded/ --out for-coders/")
def export_elan(
    batch: Path = typer.Argument(..., help=_BATCH_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for the .eaf files (one per session)."),
) -> None:
    """One ELAN .eaf per session: a tier per speaker, Candor's codes and flags as child tiers to correct."""
    from candor.exports.elan import export_elan as run

    with _err.status("Writing ELAN files..."):
        files = run(_finished(batch), out)
    _out.print(f"Wrote {len(files)} ELAN file(s) to {out}", markup=False)
    _out.print("After coders correct them: candor import-codes " + str(out) + " --out gold.jsonl", markup=False)


def import_codes(
    paths: list[Path] = typer.Argument(..., metavar="EAF|FOLDER...", help="Corrected .eaf files, or folders of them."),
    out: Path = typer.Option(..., "--out", "-o", help="The labelled turns, JSON Lines in the gold format."),
) -> None:
    """Read coders' corrected ELAN files back as labelled turns for 'candor evaluate'."""
    from candor.cli import _check_output
    from candor.importcodes import import_codes as run
    from candor.importcodes import write_gold

    _check_output(out, "--out", example="gold.jsonl")
    lines = run(paths)
    write_gold(lines, out)
    coded = sum(1 for line in lines if line["codes"])
    _out.print(f"Wrote {len(lines)} therapist turns ({coded} coded self-involving) to {out}", markup=False)
    _out.print(f"Agreement with Candor: candor evaluate {out}", markup=False)
