"""CSV and TSV tables: one utterance per row, any number of sessions per file.

Columns are found by their usual names (AnnoMI, MESC, exports from coding
tools) or named with `--column text=NAME` and the like (ReadOptions.columns).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace

import pandas as pd

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean, parse_time
from candor.formats._speakers import all_roles, sniff_text
from candor.formats.roles import role_from_label
from candor.model import Role, Transcript

FIELDS = ("text", "speaker", "role", "session", "start", "end", "order")

# Usual column names per field, most telling first (compared lower-case,
# letters and digits only, so "Utterance_Text" and "utterance text" match).
_USUAL: dict[str, tuple[str, ...]] = {
    "text": ("utterance_text", "text", "utterance", "content", "transcript", "message"),
    "speaker": ("speaker_name", "speaker", "name", "interlocutor", "role", "participant", "author"),
    "role": ("role", "speaker_role", "interlocutor", "speaker", "speaker_type"),
    "session": ("transcript_id", "session", "session_id", "conversation_id", "dialog_id", "dialogue_id",
                "conversation", "dialog", "dialogue"),
    "start": ("timestamp", "start", "start_time", "begin", "begin_time", "time"),
    "end": ("end", "end_time", "stop", "stop_time"),
}
_DELIMITERS = (",", "\t", ";", "|")


def _key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def _find(columns: list[str], field: str) -> str | None:
    keys = {_key(c): c for c in reversed(columns)}  # reversed: the first of equal keys wins
    return next((keys[_key(n)] for n in _USUAL[field] if _key(n) in keys), None)


def _header(text: str) -> tuple[str, list[list[str]]]:
    """The delimiter and the first few rows: the one whose header names a text column, else the widest."""
    sample = text[:65536]
    best: tuple[tuple[bool, int], str, list[list[str]]] | None = None
    for delimiter in _DELIMITERS:
        try:
            rows = [r for _, r in zip(range(5), csv.reader(io.StringIO(sample), delimiter=delimiter)) if r]
        except csv.Error:
            continue
        if not rows:
            continue
        score = (_find(rows[0], "text") is not None, len(rows[0]))
        if best is None or score > best[0]:
            best = (score, delimiter, rows)
    return (best[1], best[2]) if best else (",", [])


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    if text is None:
        return 0
    _, rows = _header(text)
    # A header and at least one row of the same width: a table, not prose with commas.
    if len(rows) < 2 or len(rows[0]) < 2 or len(rows[1]) != len(rows[0]):
        return 0
    if _find(rows[0], "text") is not None:
        return 70
    # A table without a known text column: claim it weakly, so reading it says which option to give.
    return 5 if src.suffix in (".csv", ".tsv", ".tab") else 0


def _columns(src: Source, df: pd.DataFrame, options: ReadOptions) -> dict[str, str]:
    found = list(df.columns)
    listed = ", ".join(found)
    unknown = set(options.columns) - set(FIELDS)
    if unknown:
        raise InputError(
            f"{src.name}: unknown column option '{sorted(unknown)[0]}'; "
            f"use --column with one of {', '.join(FIELDS)}"
        )
    chosen: dict[str, str] = {}
    for field, name in options.columns.items():
        match = name if name in found else next((c for c in found if _key(c) == _key(name)), None)
        if match is None:
            raise InputError(f"{src.name}: no column '{name}' (columns: {listed}); fix --column {field}=NAME")
        chosen[field] = match
    for field in ("text", "speaker", "session", "start", "end"):
        if field not in chosen and (name := _find(found, field)):
            chosen[field] = name
    for field in ("text", "speaker"):
        if field not in chosen:
            raise InputError(
                f"{src.name}: no {field} column (columns: {listed}); name it with --column {field}=NAME"
            )
    if "role" not in chosen:
        # A column holding only role words (therapist/client) gives the roles, whatever its name.
        candidates = [_find(found, "role"), chosen["speaker"]]
        role = next((c for c in candidates if c and all_roles(df[c])), None)
        if role:
            chosen["role"] = role
    return chosen


def _times(src: Source, df: pd.DataFrame, cols: dict[str, str], field: str, options: ReadOptions):
    """Seconds per row from the start or end column, and a warning if a guessed column holds no times."""
    if field not in cols:
        return [None] * len(df), None
    raw = list(df[cols[field]])
    seconds = [parse_time(v) if v.strip() else None for v in raw]
    bad = next((i for i, v in enumerate(raw) if v.strip() and seconds[i] is None), None)
    if bad is None:
        return seconds, None
    if field in options.columns:
        raise InputError(
            f"{src.name}: column '{cols[field]}' holds a value that is not a time (data row {bad + 1}); "
            f"use hh:mm:ss or seconds, or point --column {field}=NAME at another column"
        )
    # A guessed column ("timestamp" holding dates, say): read the turns without times.
    warning = f"column '{cols[field]}' does not hold times (hh:mm:ss or seconds), so turns have no {field} times"
    return [None] * len(df), warning


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    delimiter, _ = _header(src.text)
    try:
        df = pd.read_csv(io.StringIO(src.text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as e:
        raise InputError(f"{src.name}: this table cannot be read ({type(e).__name__}); "
                         "check every row has the same number of columns and quotes are closed") from None
    df.columns = [str(c).strip() for c in df.columns]
    cols = _columns(src, df, options)
    starts, start_warning = _times(src, df, cols, "start", options)
    ends, end_warning = _times(src, df, cols, "end", options)
    warnings = tuple(w for w in (start_warning, end_warning) if w)
    rows = pd.DataFrame({
        "session": df[cols["session"]] if "session" in cols else "",
        "speaker": df[cols["speaker"]].map(clean),
        "role": df[cols["role"]] if "role" in cols else "",
        "text": df[cols["text"]],
        "start": starts,
        "end": ends,
    })
    if "order" in cols:
        order = pd.to_numeric(df[cols["order"]], errors="coerce")
        if order.isna().any():
            raise InputError(f"{src.name}: column '{cols['order']}' holds values that are not numbers; "
                             "name a numeric column with --column order=NAME")
        # Order turns within each session; sessions keep their first-appearance order.
        first_seen = pd.factorize(rows["session"])[0]
        rows = rows.assign(first_seen=first_seen, order=order).sort_values(["first_seen", "order"], kind="stable")
    transcripts = []
    # sort=False: sessions in the order they first appear in the file.
    for session, group in rows.groupby("session", sort=False):
        builder = TurnBuilder()
        roles: dict[str, Role] = {}
        for speaker, role, text, start, end in zip(group.speaker, group.role, group.text, group.start, group.end):
            if speaker not in roles and (known := role_from_label(role)):
                roles[speaker] = known
            builder.add(speaker, text, _number(start), _number(end))
        t = builder.build(src.name, "csv", session=session if "session" in cols else None, roles=roles)
        transcripts.append(replace(t, warnings=warnings) if warnings else t)
    return transcripts


def _number(value: object) -> float | None:
    # pandas holds a missing time as NaN in a float column.
    return None if value is None or pd.isna(value) else float(value)


READER = Reader(
    name="csv",
    description="CSV or TSV tables, one utterance per row, one or many sessions (AnnoMI, MESC, coding exports)",
    extensions=(".csv", ".tsv", ".tab"),
    sniff=_sniff,
    read=_read,
)
