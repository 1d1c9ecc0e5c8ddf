"""The batch tables: their columns, how a session becomes rows, and how they are read back.

A batch run writes four tables under its output folder, each a Parquet
dataset (a folder of `part-NNNNNN.parquet` files, one per part of the run):

- `sessions`: one row per session read;
- `turns`: every turn of every session (therapist turns coded);
- `sentences`: every therapist sentence, coded;
- `errors`: one row per input (or session) that could not be read.

Ids are deterministic: `session_id` is a hash of the source path and the
session id inside the file, `turn_id` is `<session_id>-<turn>` and
`sentence_id` is `<turn_id>-<sentence>`, so a re-run gives the same ids and
the tables join on them. Rows are in input order within a part, and parts in
input order, so reading a table gives the same order on every run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from candor.errors import CandorError

from candor.model import FLAGS, SELF_INVOLVING_CODES, TIPS, Role, SessionReport

TABLES: tuple[str, ...] = ("sessions", "turns", "sentences", "errors")
SELF_CODES = SELF_INVOLVING_CODES

_str, _int, _float, _bool = pa.string(), pa.int32(), pa.float64(), pa.bool_()
_strings = pa.list_(pa.string())

SCHEMAS: dict[str, pa.Schema] = {
    "sessions": pa.schema(
        [
            ("session_id", _str),
            ("source", _str),
            ("session", _str),
            ("format", _str),
            ("therapist", _str),
            ("client", _str),
            ("role_confidence", _float),
            ("turns", _int),
            ("therapist_turns", _int),
            ("client_turns", _int),
            ("therapist_sentences", _int),
            ("therapist_words", _int),
            ("therapist_talk_share", _float),
            ("self_involving_sentences", _int),
            ("self_involving_turns", _int),
            ("self_involving_share", _float),
            ("disclosure_turns", _int),
            *[(f"code_{c}", _int) for c in SELF_CODES],
            *[(f"flag_{f}", _int) for f in FLAGS],
            *[(f"tip_{t}", _str) for t in TIPS],
            ("duration_s", _float),
            ("warnings", _str),
            ("part", _int),
        ]
    ),
    "turns": pa.schema(
        [
            ("session_id", _str),
            ("turn_id", _str),
            ("turn", _int),
            ("speaker", _str),
            ("role", _str),
            ("start", _float),
            ("end", _float),
            ("text", _str),
            ("words", _int),
            ("sentences", _int),
            ("codes", _strings),
            ("flags", _strings),
            ("self_involving", _bool),
        ]
    ),
    "sentences": pa.schema(
        [
            ("session_id", _str),
            ("turn_id", _str),
            ("sentence_id", _str),
            ("turn", _int),
            ("sentence", _int),
            ("text", _str),
            ("code", _str),
            ("flags", _strings),
            ("confidence", _float),
            ("self_involving", _bool),
        ]
    ),
    "errors": pa.schema(
        [
            ("source", _str),
            ("session", _str),
            ("kind", _str),  # unreadable | roles | internal
            ("reason", _str),
            ("part", _int),
        ]
    ),
}


def session_id(source: str, session: str | None) -> str:
    """A stable id for a session: the same source path and session id give the same id."""
    digest = hashlib.sha1(f"{source}\x00{session or ''}".encode("utf-8")).hexdigest()
    return f"s{digest[:12]}"


def turn_id(sid: str, turn: int) -> str:
    return f"{sid}-{turn}"


def sentence_id(tid: str, sentence: int) -> str:
    return f"{tid}-{sentence}"


def _words(text: str) -> int:
    return len(text.split())


def session_rows(report: SessionReport, source: str, part: int) -> dict[str, list[dict[str, Any]]]:
    """The rows one analysed session adds to the sessions, turns and sentences tables."""
    t = report.transcript
    sid = session_id(source, t.session)
    turns, sentences = [], []
    codes = {c: 0 for c in SELF_CODES}
    flags = {f: 0 for f in FLAGS}
    therapist_words = total_words = client_turns = 0
    for ct in report.turns:
        tid = turn_id(sid, ct.turn.index)
        words = _words(ct.turn.text)
        total_words += words
        coded = ct.role is Role.THERAPIST
        if coded:
            therapist_words += words
        elif ct.role is Role.CLIENT:
            client_turns += 1
        turns.append(
            {
                "session_id": sid,
                "turn_id": tid,
                "turn": ct.turn.index,
                "speaker": ct.turn.speaker,
                "role": ct.role.value,
                "start": ct.turn.start,
                "end": ct.turn.end,
                "text": ct.turn.text,
                "words": words,
                "sentences": len(ct.sentences) if coded else 0,
                "codes": list(ct.codes) if coded else [],
                "flags": list(ct.flags) if coded else [],
                "self_involving": bool(coded and ct.self_involving),
            }
        )
        if not coded:
            continue
        for i, s in enumerate(ct.sentences):
            if s.code in codes:
                codes[s.code] += 1
            for f in s.flags:
                flags[f] += 1
            sentences.append(
                {
                    "session_id": sid,
                    "turn_id": tid,
                    "sentence_id": sentence_id(tid, i),
                    "turn": ct.turn.index,
                    "sentence": i,
                    "text": s.text,
                    "code": s.code,
                    "flags": list(s.flags),
                    "confidence": round(s.confidence, 4),
                    "self_involving": s.self_involving,
                }
            )
    st = report.stats
    therapist = t.therapist
    clients = [s.name for s in t.speakers if s.role is Role.CLIENT]
    starts = [x for ct in report.turns for x in (ct.turn.start, ct.turn.end) if x is not None]
    session = {
        "session_id": sid,
        "source": source,
        "session": t.session,
        "format": t.format,
        "therapist": therapist.name if therapist else None,
        "client": "; ".join(clients) or None,
        "role_confidence": round(t.role_confidence, 4),
        "turns": len(report.turns),
        "therapist_turns": st.therapist_turns,
        "client_turns": client_turns,
        "therapist_sentences": st.therapist_sentences,
        "therapist_words": therapist_words,
        "therapist_talk_share": round(therapist_words / total_words, 4) if total_words else 0.0,
        "self_involving_sentences": st.self_involving,
        "self_involving_turns": st.self_involving_turns,
        "self_involving_share": round(st.self_involving_share, 4),
        "disclosure_turns": st.disclosure_turns,
        **{f"code_{c}": n for c, n in codes.items()},
        **{f"flag_{f}": n for f, n in flags.items()},
        **{f"tip_{k}": report.tips[k].status.value for k in TIPS},
        "duration_s": round(max(starts) - min(starts), 3) if starts else None,
        "warnings": "; ".join(t.warnings) or None,
        "part": part,
    }
    return {"sessions": [session], "turns": turns, "sentences": sentences}


def to_arrow(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=SCHEMAS[name])


def part_name(part: int) -> str:
    return f"part-{part:06d}.parquet"


def part_files(out: Path, name: str) -> list[Path]:
    """A table's part files in order (temp files, which start with '.', are never read)."""
    folder = Path(out) / name
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("part-*.parquet") if not p.name.startswith("."))


def iter_table(out: Path, name: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """A table one part at a time, in order: memory stays bounded by the largest part."""
    for path in part_files(out, name):
        yield pq.read_table(path, columns=columns, schema=SCHEMAS[name])


def require(out: Path, names: Iterable[str] = ("sessions", "turns")) -> None:
    """Refuse, in one line, a folder that is not the output of `candor batch` (for its readers: the exports)."""
    where = "give the folder that candor batch --out wrote"
    if not Path(out).is_dir():
        raise CandorError(f"{out}: no such folder; {where}")
    for name in names:
        if not part_files(out, name):
            raise CandorError(f"{out}: not a Candor batch output (no {name} table); {where}")


def rows(out: Path, name: str, columns: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """A table's rows as dicts, one part in memory at a time; a damaged part is a one-line error."""
    try:
        for part in iter_table(out, name, columns):
            yield from part.to_pylist()
    except (pa.ArrowException, OSError):
        raise CandorError(
            f"{out}: the {name} table cannot be read (a part file is damaged or not Candor's); "
            "run 'candor batch' again"
        ) from None


def by_session(turns: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Consecutive rows of one session together (a session's turns are contiguous in the tables)."""
    group: list[dict[str, Any]] = []
    for row in turns:
        if group and row["session_id"] != group[0]["session_id"]:
            yield group
            group = []
        group.append(row)
    if group:
        yield group


def read_table(out: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    """A whole table (fine for sessions and errors; for turns and sentences prefer iter_table)."""
    parts = list(iter_table(out, name, columns))
    if not parts:
        schema = SCHEMAS[name]
        if columns:
            schema = pa.schema([schema.field(c) for c in columns])
        return schema.empty_table()
    return pa.concat_tables(parts)


def write_part(out: Path, part: int, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write one part of every table, each file atomically (temp name, then rename).

    A reader never sees half a file: until the rename, the file's name starts
    with '.', which `part_files` (and pyarrow, pandas and Dask) skip.
    """
    import os
    import tempfile

    for name in TABLES:
        folder = Path(out) / name
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = folder / part_name(part)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(to_arrow(name, rows.get(name, [])), tmp, compression="zstd")
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
