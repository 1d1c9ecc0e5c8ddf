"""The `candor` command: a thin layer over the Python API.

User mistakes print one line on stderr and exit 2; unexpected errors exit 1
and show a traceback only with --debug. Nothing here prints transcript text
except the reports the user asked for.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import traceback
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

import candor
from candor.assess.settings import Settings
from candor.errors import CandorError
from candor.formats import DEFAULT_MAX_BYTES, ReadOptions, readers

app = typer.Typer(
    name="candor",
    help="Find, name and weigh therapist self-disclosure in session transcripts. Everything stays on this computer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

_out = Console(highlight=False, soft_wrap=False)
_err = Console(stderr=True, highlight=False, soft_wrap=True)  # one message, one line


def _warn(message: str) -> None:
    _err.print(f"candor: warning: {message}", markup=False)


def _parse_pairs(values: list[str], what: str, example: str) -> dict[str, str]:
    out = {}
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise CandorError(f"{what} '{v}' is not KEY=VALUE; write it like {example}")
        out[key.strip()] = value.strip()
    return out


def _settings(values: list[str]) -> Settings:
    """--set NAME=VALUE for any named threshold of the four checks."""
    pairs = _parse_pairs(values, "--set", "--set long_disclosure_words=50")
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    changes: dict[str, object] = {}
    for name, raw in pairs.items():
        if name not in fields:
            raise CandorError(f"unknown setting '{name}'; settings are: {', '.join(fields)}")
        kind = int if isinstance(getattr(Settings(), name), int) else float
        try:
            changes[name] = kind(raw)
        except ValueError:
            raise CandorError(f"setting '{name}' takes a number, not '{raw}'") from None
    return dataclasses.replace(Settings(), **changes)


def _check_output(path: Optional[Path], flag: str, example: str = "report.html") -> None:
    """Fail before any work when an output file cannot be written."""
    if path is None:
        return
    if path.is_dir():
        raise CandorError(f"{flag} {path}: that is a folder; give a file name such as {path / example}")
    if not path.parent.exists():
        raise CandorError(f"{flag} {path}: the folder {path.parent} does not exist; create it or choose another path")


@app.command(
    epilog="Example:  candor analyze session.vtt --therapist 'Dr. Lee' --html report.html",
)
def analyze(
    files: list[Path] = typer.Argument(..., help="Transcript files (text, VTT, SRT, DOCX, CSV, JSON) or ConvoKit folders."),
    therapist: Optional[str] = typer.Option(None, "--therapist", "-t", help="Name of the therapist as it appears in the file."),
    client: Optional[str] = typer.Option(None, "--client", help="Name of the client as it appears in the file."),
    format: Optional[str] = typer.Option(None, "--format", "-f", help="Read as this format (see 'candor formats')."),
    column: list[str] = typer.Option([], "--column", help="CSV column mapping, e.g. --column text=utterance --column speaker=who."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
    csv: Optional[Path] = typer.Option(None, "--csv", help="Write the coded therapist sentences as CSV here."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object (schema candor.report/1) instead of the summary."),
    setting: list[str] = typer.Option([], "--set", help="Change a threshold, e.g. --set long_disclosure_words=50."),
    max_size: float = typer.Option(DEFAULT_MAX_BYTES / 1e6, "--max-size", help="Largest input file to accept, in MB."),
) -> None:
    """Code a session's therapist sentences and weigh the four tips."""
    settings = _settings(setting)
    options = ReadOptions(columns=_parse_pairs(column, "--column", "--column text=utterance"))
    _check_output(html, "--html")
    _check_output(csv, "--csv")
    transcripts = []
    for f in files:
        transcripts += candor.read_all(
            f, format=format, therapist=therapist, client=client, options=options, max_bytes=int(max_size * 1e6)
        )
    for t in transcripts:
        for w in t.warnings:
            _warn(w)
    analysis = candor.analyze_all(transcripts, settings)

    from candor.report import render_terminal, to_csv_string
    from candor.atomic import write_atomic

    # Render everything first, then write: a failure never leaves half the outputs.
    pages = {}
    if html:
        pages[html] = analysis.to_html()
    if csv:
        pages[csv] = to_csv_string(analysis)
    for path, text in pages.items():
        write_atomic(path, text)
    if json_out:
        sys.stdout.write(analysis.to_json() + "\n")
        return
    render_terminal(analysis, _out)
    for path in pages:
        _out.print(f"Wrote {path}", markup=False, soft_wrap=True)


@app.command(
    epilog='Example:  candor check "I went through a divorce too." --for-client yes --fits-goals unsure',
)
def check(
    statement: str = typer.Argument(..., help="What you are thinking of sharing, in quotes."),
    for_client: Optional[str] = typer.Option(None, "--for-client", help="Is it for the client, not for your own comfort? yes|no|unsure"),
    fits_goals: Optional[str] = typer.Option(None, "--fits-goals", help="Does it serve the clinical goals? yes|no|unsure"),
    goal: Optional[str] = typer.Option(None, "--goal", help="The clinical goal you have in mind."),
    client_said: Optional[str] = typer.Option(None, "--client-said", help="What the client just said (context)."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON (schema candor.check/1)."),
) -> None:
    """Before you share: weigh a statement and get a verdict."""
    if for_client is None:
        for_client = _ask("Is this for the client, rather than for your own comfort? (yes/no/unsure)")
    if fits_goals is None:
        fits_goals = _ask("Does it serve the clinical goals? (yes/no/unsure)")
    result = candor.check(statement, for_client, fits_goals, goal=goal, client_said=client_said)
    if json_out:
        import json

        sys.stdout.write(json.dumps(result.to_dict(), indent=2) + "\n")
        return
    from candor.report.check import render_check

    render_check(result, _out)


def _ask(question: str) -> str:
    try:
        return typer.prompt(question, err=True)
    except (typer.Abort, EOFError):
        raise CandorError(
            "no answer was given; answer the two questions, or pass --for-client and --fits-goals"
        ) from None


@app.command(epilog="Example:  candor demo --out /tmp/demo.html")
def demo(
    out: Path = typer.Option(Path("candor-demo-report.html"), "--out", "-o", help="Where to write the HTML report."),
) -> None:
    """Analyse the bundled example session and write its HTML report."""
    _check_output(out, "--out")
    from candor.report import render_terminal
    from candor.atomic import write_atomic

    t = candor.example()
    analysis = candor.analyze_all([t])
    write_atomic(out, analysis.to_html())
    _out.print("Candor demo: an invented session between Dr. Maya Lee and her client Sam.\n", markup=False)
    render_terminal(analysis, _out)
    _out.print(f"\nHTML report: {out.resolve()}", markup=False, soft_wrap=True)


@app.command(epilog="Example:  candor analyze export.csv --format csv --column text=utterance")
def formats() -> None:
    """List the transcript formats Candor reads."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("--format")
    table.add_column("files")
    table.add_column("what")
    for r in readers():
        table.add_row(r.name, " ".join(r.extensions) or "folder", r.description)
    _out.print(table)
    _out.print("The format is found from the content; --format overrides.", markup=False)


_THRESHOLD_HELP = "Confidence a sentence needs to be coded self-involving (0-1); default: the detector's own."


@app.command(
    epilog='Example:  candor code turns.jsonl --out coded.jsonl    (a line: {"id": 7, "text": "I see."})',
)
def code(
    source: Optional[Path] = typer.Argument(None, metavar="FILE|-", help="JSON Lines of therapist turns; - or nothing reads stdin."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write the coded turns here (atomically) instead of stdout."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help=_THRESHOLD_HELP),
) -> None:
    """Code therapist turns for research: JSON Lines in, one coded line out per turn, in order."""
    from candor import coding

    _check_output(out, "--out")
    try:
        coding.run(source, out, threshold)
    except BrokenPipeError:
        # The reader went away (`candor code big.jsonl | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


@app.command(
    epilog="Example:  candor evaluate annomi_dev.jsonl --text-from AnnoMI-simple.csv --json",
)
def evaluate(
    gold: Path = typer.Argument(..., help='Human codes, JSON Lines: {"id", "codes", "flags"} and optionally "text".'),
    text_from: Optional[Path] = typer.Option(None, "--text-from", help="CSV with the turns' text: columns id,text[,prev], the AnnoMI CSV or the Rogers sessions CSV."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object (schema candor.evaluate/1) instead of the table."),
    threshold: Optional[float] = typer.Option(None, "--threshold", min=0.0, max=1.0, help=_THRESHOLD_HELP),
) -> None:
    """Agreement with human coders: precision, recall, F1 and kappa per label."""
    from candor.evaluate import evaluate as run_evaluation

    result = run_evaluation(gold, text_from, threshold)
    if json_out:
        import json

        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    from candor.report.evaluation import render_evaluation

    render_evaluation(result, _out)


@app.command(epilog="Example:  candor train --data ../shared/data --out /tmp/detector.cdm")
def train(
    data: Path = typer.Option(Path("../shared/data"), "--data", help="The corpora folder (ESConv, AnnoMI, MESC, ...)."),
    handcoded: Path = typer.Option(Path("data/handcoded"), "--handcoded", help="Our hand-coded examples."),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Model file to write (default: the one Candor ships)."),
    source: list[str] = typer.Option([], "--source", help="Train on these sources only (repeatable)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Use the first N examples of each source (quick runs)."),
    measure: bool = typer.Option(True, "--measure/--no-measure", help="Measure the model on the comparisons and record the figures."),
) -> None:
    """Rebuild the detector model from the corpora, reproducibly."""
    from candor.detect.trained import default_model_path
    from candor.modelbuild import build

    target = out or default_model_path()
    _check_output(target, "--out")
    with _err.status("Training the detector..."):
        header = build(data, handcoded, target, tuple(source) or None, limit, measure)
    used = header["training"]["examples"]
    _out.print(f"Wrote {target} ({target.stat().st_size / 1e6:.1f} MB), model {header['version']}", markup=False, soft_wrap=True)
    for name, d in used.items():
        _out.print(f"  {name:12} {d['sentences']:6} sentences, {d['self_involving']:5} self-involving, weight {d['weight']}", markup=False)
    m = header.get("metrics")
    if m:
        g, e, mi = m["annomi_dev"], m["esconv_test"], m["mi_gold_test"]
        _out.print(f"  therapy (annomi_dev, threshold {header['threshold']}): P {g['precision']:.3f} R {g['recall']:.3f} F1 {g['f1']:.3f}", markup=False)
        _out.print(f"  peer point {m['peer_threshold']}: ESConv test F1 {e['f1']:.3f}, MI Gold test F1 {mi['f1']:.3f}", markup=False)


from candor.cli_users import users_app  # noqa: E402  (the `candor users ...` verbs)

app.add_typer(users_app, name="users")

from candor.cli_batch import batch  # noqa: E402  (`candor batch`: a whole corpus on Dask)

app.command(
    epilog="Example:  candor batch transcripts/ AnnoMI.csv --out coded/ --workers 2 --csv",
)(batch)

from candor.cli_export import export_app, import_codes  # noqa: E402  (exports and imports)

app.add_typer(export_app, name="export")
app.command(
    "import-codes", epilog="Example:  candor import-codes corrected/ --out gold.jsonl && candor evaluate gold.jsonl",
)(import_codes)

from candor.cli_serve import serve  # noqa: E402  (`candor serve`: the web app)

app.command(epilog="Example:  candor serve --port 8765 --db ~/candor.db")(serve)


def main(argv: list[str] | None = None) -> int:
    """Entry point: maps errors to exit codes (2 user mistake, 1 internal error)."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        result = app(args=args, prog_name="candor", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except CandorError as e:
        _err.print(f"candor: error: {e}", markup=False)
        code = 2
    except typer.TyperException as e:  # usage mistakes: unknown option, missing argument
        verb = next((a for a in args if not a.startswith("-")), "")
        _err.print(f"candor: error: {e.format_message()} (see 'candor {verb} --help')".replace("  ", " "), markup=False)
        code = getattr(e, "exit_code", 2) or 2
    except (typer.Abort, KeyboardInterrupt):
        _err.print("candor: stopped", markup=False)
        code = 130
    except typer.Exit as e:
        code = e.exit_code
    except BrokenPipeError:
        code = 0
    except Exception as e:  # an internal error: never echo its message, it may hold transcript text
        if debug:
            traceback.print_exc()
        else:
            _err.print(
                f"candor: internal error ({type(e).__name__}); run again with --debug to see the details, "
                "and please report it without the transcript",
                markup=False,
            )
        code = 1
    return code


if __name__ == "__main__":
    sys.exit(main())
