"""The end of a batch run: counts from the tables, the corpus report, CSV copies, run.json completed.

Everything here reads the part files back, one part at a time for the large
tables, so finishing a run of any size needs no more memory than a part.
Each output is written atomically; finishing again (a second `--resume`)
writes the same files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa

from candor.atomic import open_atomic, write_atomic
from candor.batch.run import RUN_FILE
from candor.batch.tables import SCHEMAS, TABLES, iter_table, read_table

SUMMARY = "summary.html"


def _csv_frame(table: pa.Table):
    frame = table.to_pandas()
    for column, kind in zip(table.schema.names, table.schema.types):
        if pa.types.is_list(kind):  # codes and flags: "fact;feeling" in a CSV cell
            frame[column] = frame[column].map(lambda v: ";".join(v) if v is not None else "")
    return frame


def write_csv(out: Path, name: str) -> Path:
    """One table as one CSV file, streamed part by part."""
    target = out / f"{name}.csv"
    with open_atomic(target, newline="") as f:
        header = True
        for table in iter_table(out, name):
            _csv_frame(table).to_csv(f, index=False, header=header, lineterminator="\n")
            header = False
        if header:  # no parts: the header alone
            f.write(",".join(SCHEMAS[name].names) + "\n")
    return target


def counts(sessions, errors) -> dict[str, int]:
    """The corpus totals run.json records, from the sessions and errors tables (DataFrames)."""
    total = lambda column: int(sessions[column].fillna(0).sum())  # noqa: E731
    return {
        "sessions": len(sessions),
        "therapists": int(sessions["therapist"].dropna().nunique()),
        "turns": total("turns"),
        "therapist_turns": total("therapist_turns"),
        "therapist_sentences": total("therapist_sentences"),
        "self_involving_sentences": total("self_involving_sentences"),
        "errors": len(errors),
    }


def finish(out: Path, csv: bool, settings, run_facts: dict[str, Any]) -> dict[str, int]:
    """Write summary.html (and the CSVs), then mark run.json complete; returns the corpus counts."""
    from candor.report.corpus import render_corpus_html

    sessions = read_table(out, "sessions").to_pandas()
    errors = read_table(out, "errors").to_pandas()
    write_atomic(out / SUMMARY, render_corpus_html(sessions, errors, settings, run=run_facts))
    totals = counts(sessions, errors)
    del sessions
    if csv:
        for name in TABLES:
            write_csv(out, name)
    record = json.loads((out / RUN_FILE).read_text(encoding="utf-8"))
    record["complete"] = True
    record["counts"] = totals
    write_atomic(out / RUN_FILE, json.dumps(record, indent=2) + "\n")
    return totals
