"""`candor batch`: code a whole corpus into Parquet tables, on local Dask workers or a cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from candor.errors import CandorError
from candor.formats import DEFAULT_MAX_BYTES

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False, soft_wrap=True)


class _Bar:
    """The whole run's progress on stderr: files done, sessions and errors so far, time left."""

    def __init__(self) -> None:
        self.bar = Progress(
            TextColumn("Coding"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[sessions]} sessions · {task.fields[errors]} errors"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=_err,
            transient=False,
        )
        self.task = None

    def start(self, total_files: int, done_files: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total_files, completed=done_files, sessions=0, errors=0)

    def advance(self, stats: dict[str, Any]) -> None:
        t = self.bar.tasks[0]
        self.bar.update(
            self.task, advance=stats["files"],
            sessions=t.fields["sessions"] + stats["sessions"], errors=t.fields["errors"] + stats["errors"],
        )

    def stop(self) -> None:
        self.bar.stop()


def batch(
    inputs: list[str] = typer.Argument(..., metavar="INPUT...", help="Transcript files, folders, globs ('calls/**/*.vtt') or multi-session CSVs."),
    out: Path = typer.Option(..., "--out", "-o", help="A new or empty folder for the tables (with --resume: the interrupted run's)."),
    therapist: Optional[str] = typer.Option(None, "--therapist", "-t", help="Name of the therapist as it appears in the files."),
    client: Optional[str] = typer.Option(None, "--client", help="Name of the client as it appears in the files."),
    roles: Optional[Path] = typer.Option(None, "--roles", help="CSV naming the therapist per file or session: file[,session],therapist[,client]."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="Read every input as this format (see 'candor formats')."),
    column: list[str] = typer.Option([], "--column", help="CSV column mapping, e.g. --column text=utterance --column session=call."),
    setting: list[str] = typer.Option([], "--set", help="Change a threshold, e.g. --set long_disclosure_words=50."),
    workers: Optional[int] = typer.Option(None, "--workers", "-w", min=1, help="Local worker processes (default: one per CPU core)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on the Dask cluster at this address, e.g. tcp://10.0.0.5:8786."),
    resume: bool = typer.Option(False, "--resume", help="Finish an interrupted run: skip the parts already written."),
    csv: bool = typer.Option(False, "--csv", help="Also write each table as one CSV file."),
    files_per_part: Optional[int] = typer.Option(None, "--files-per-part", min=1, help="Inputs per part (default: automatic, at most 50)."),
    max_size: float = typer.Option(DEFAULT_MAX_BYTES / 1e6, "--max-size", min=0.001, help="Largest input file to accept, in MB."),
) -> None:
    """Code a whole corpus: Parquet tables of sessions, turns, sentences and errors, plus summary.html."""
    from candor.batch import Job, expand, finish, read_roles_file, run_batch
    from candor.batch.run import RUN_FILE
    from candor.cli import _parse_pairs, _settings, _warn

    if workers and scheduler:
        raise CandorError("--workers and --scheduler do not go together: the cluster has its own workers")
    settings = _settings(setting)
    job = Job(
        format=format,
        therapist=therapist,
        client=client,
        columns=tuple(sorted(_parse_pairs(column, "--column", "--column text=utterance").items())),
        settings=settings,
        max_bytes=int(max_size * 1e6),
        roles=read_roles_file(roles) if roles else (),
    )
    if format:
        from candor.formats import reader_named

        reader_named(format)  # an unknown format fails now, not once per file
    found, skipped = expand(inputs)
    if skipped:
        _warn(f"{skipped} file(s) in the folders are not transcripts Candor reads and were left out")
    bar = _Bar()
    try:
        result = run_batch(found, out, job, workers, scheduler, resume, bar, files_per_part)
    except KeyboardInterrupt:
        bar.stop()
        if (out / RUN_FILE).is_file():
            _err.print(
                f"candor: stopped; the parts written so far are kept in {out}. "
                "Run the same command with --resume to finish.", markup=False,
            )
        else:
            _err.print("candor: stopped before anything was written", markup=False)
        raise typer.Exit(130) from None
    finally:
        bar.stop()
    facts = {
        "inputs": result.inputs,
        "parts": result.parts,
        "candor": result.versions["candor"],
        "detector": result.versions["detector"],
        "options": _options_line(job),
    }
    with _err.status("Writing summary.html" + (" and the CSV files" if csv else "") + "..."):
        totals = finish(result.out, csv, settings, facts)
    for i in result.unused_roles:
        r = job.roles[i]
        _warn(f"--roles line {i + 2} ({r.file}{' / ' + r.session if r.session else ''}) matched no session")
    _report(result, totals, csv)


def _options_line(job) -> str:
    bits = []
    if job.format:
        bits.append(f"--format {job.format}")
    if job.therapist:
        bits.append("--therapist given")
    if job.roles:
        bits.append(f"--roles ({len(job.roles)} rows)")
    if job.columns:
        bits.append("--column " + ", ".join(f"{k}={v}" for k, v in job.columns))
    return "; ".join(bits) or "defaults"


def _report(result, totals: dict[str, int], csv: bool) -> None:
    rate = result.therapist_turns / result.seconds if result.seconds and result.therapist_turns else 0
    _out.print(
        f"Coded {totals['sessions']:,} sessions ({totals['therapist_turns']:,} therapist turns, "
        f"{totals['self_involving_sentences']:,} self-involving sentences) from {result.inputs:,} inputs.",
        markup=False, soft_wrap=True,
    )
    if result.resumed_parts:
        _out.print(f"Resumed: {result.resumed_parts} of {result.parts} parts were already written.", markup=False)
    if result.therapist_turns:
        _out.print(
            f"This run: {result.therapist_turns:,} therapist turns in {result.seconds:.1f} s "
            f"({rate:,.0f} per second, {result.workers} worker{'s' if result.workers != 1 else ''}).", markup=False,
        )
    if totals["errors"]:
        _out.print(f"{totals['errors']} input(s) could not be read; the reasons are in the errors table.", markup=False)
    tables = "sessions, turns, sentences, errors (Parquet folders)" + (" and their .csv files" if csv else "")
    _out.print(f"Tables: {tables} in {result.out}", markup=False, soft_wrap=True)
    _out.print(f"Corpus report: {result.out / 'summary.html'}", markup=False, soft_wrap=True)
