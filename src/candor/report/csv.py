"""One CSV row per therapist sentence, for spreadsheets, pandas and R."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from candor.model import Analysis, Role
from candor.atomic import write_atomic

COLUMNS: tuple[str, ...] = (
    "source",
    "session",
    "turn",
    "speaker",
    "start",
    "sentence",
    "text",
    "code",
    "flags",
    "confidence",
    "self_involving",
)


def rows(a: Analysis) -> Iterator[dict[str, object]]:
    for r in a.sessions:
        t = r.transcript
        for ct in r.turns:
            if ct.role is not Role.THERAPIST:  # client turns are context, never coded
                continue
            for i, s in enumerate(ct.sentences):
                yield {
                    "source": t.source,
                    "session": t.session or "",
                    "turn": ct.turn.index,
                    "speaker": ct.turn.speaker,
                    "start": "" if ct.turn.start is None else round(ct.turn.start, 3),
                    "sentence": i,
                    "text": s.text,
                    "code": s.code,
                    "flags": ";".join(s.flags),
                    "confidence": round(s.confidence, 3),
                    "self_involving": "true" if s.self_involving else "false",
                }


def to_csv_string(a: Analysis) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(a))
    return buf.getvalue()


def write_csv(a: Analysis, path: str | os.PathLike[str]) -> Path:
    """Write the CSV atomically: the file is either complete or not there at all."""
    # newline="" keeps the csv module's own \r\n row endings (RFC 4180) intact.
    return write_atomic(path, to_csv_string(a), newline="")
