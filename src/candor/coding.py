"""`candor code`: therapist turns as JSON Lines in, coded turns as JSON Lines out.

The researchers' contract (docs/output.md): each input line is
`{"id": ..., "text": ..., "prev": optional client text}`; each output line is
`{"id", "codes", "flags", "sentences"}`, in input order. Lines are read,
coded and written one at a time, so a million turns take no more memory than
one. A bad line stops the run with its line number, never its content.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from candor.atomic import open_atomic
from candor.detect import DEFAULT, Detector, code_turn, default_detector, get_detector
from candor.errors import CandorError
from candor.model import CODES, FLAGS, Sentence

_SHAPE = "each line must be {\"id\": ..., \"text\": ...}"


def detector_for(threshold: float | None = None) -> Detector:
    """The detector `code` and `evaluate` use, set to `threshold` when one is given (loaded once per process)."""
    return get_detector(DEFAULT, threshold)  # an out-of-range threshold is refused by the detector itself


def turn_codes(sentences: Iterable[Sentence]) -> tuple[list[str], list[str]]:
    """A turn's codes (none left out) and flags: the union over its sentences, in CODEBOOK order."""
    sentences = list(sentences)
    codes = {s.code for s in sentences if s.code != "none"}
    flags = {f for s in sentences for f in s.flags}
    return [c for c in CODES if c in codes], [f for f in FLAGS if f in flags]


def coded_record(turn_id: Any, text: str, prev: str | None, detector: Detector) -> dict[str, Any]:
    """One output line's object for one therapist turn."""
    sentences = code_turn(text, prev, detector) if text.strip() else ()
    codes, flags = turn_codes(sentences)
    return {
        "id": turn_id,
        "codes": codes,
        "flags": flags,
        "sentences": [
            {"text": s.text, "code": s.code, "flags": list(s.flags), "confidence": round(s.confidence, 3)}
            for s in sentences
        ],
    }


def parse_line(raw: bytes | str, number: int) -> tuple[Any, str, str | None] | None:
    """(id, text, prev) of one input line; None for a blank line. Errors name the line only."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise CandorError(f"line {number}: not UTF-8 text; save the file as UTF-8") from None
    if not raw.strip():
        return None
    try:
        obj = json.loads(raw)
    except ValueError:
        obj = None
    if not isinstance(obj, dict) or "id" not in obj or "text" not in obj:
        raise CandorError(f"line {number}: not a JSON object with 'id' and 'text'; {_SHAPE}")
    turn_id, text, prev = obj["id"], obj["text"], obj.get("prev")
    if not _is_id(turn_id):
        raise CandorError(f"line {number}: 'id' must be a string or a number; {_SHAPE}")
    if not isinstance(text, str):
        raise CandorError(f"line {number}: 'text' must be a string; {_SHAPE}")
    if prev is not None and not isinstance(prev, str):
        raise CandorError(f"line {number}: 'prev' must be a string or null (the client's preceding text)")
    return turn_id, text, prev


def _is_id(value: Any) -> bool:
    """A string or a finite number (JSON has no NaN or infinity to echo back)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, (str, int)) or (isinstance(value, float) and math.isfinite(value))


def code_lines(lines: Iterable[bytes | str], detector: Detector | None = None) -> Iterator[dict[str, Any]]:
    """Coded records for JSON Lines input, in order, one line at a time (the Python API)."""
    detector = detector or default_detector()
    for number, raw in enumerate(lines, start=1):
        parsed = parse_line(raw, number)
        if parsed is not None:
            yield coded_record(*parsed, detector)


def write_coded(lines: Iterable[bytes | str], out: IO[str], detector: Detector | None = None) -> int:
    """Code every input line and write one JSON line per turn to `out`; returns the number of turns."""
    count = 0
    for record in code_lines(lines, detector):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


@contextmanager
def open_input(source: Path | None) -> Iterator[IO[bytes]]:
    """The input as bytes: a file, or stdin for None or '-'."""
    if source is None and sys.stdin.isatty():  # nothing piped in: say so rather than wait in silence
        raise CandorError("no input; give a JSON Lines file, or pipe turns in: candor code - < turns.jsonl")
    if source is None or str(source) == "-":
        yield sys.stdin.buffer
        return
    if source.is_dir():
        raise CandorError(f"{source}: that is a folder; give a JSON Lines file, or - for stdin")
    try:
        f = source.open("rb")
    except FileNotFoundError:
        raise CandorError(f"{source}: no such file") from None
    except OSError as err:
        raise CandorError(f"{source}: cannot read it ({err.strerror or err})") from None
    with f:
        yield f


def run(source: Path | None, out: Path | None = None, threshold: float | None = None) -> int:
    """`candor code`: input file (or stdin) to stdout (or `out`, atomically). Returns turns coded."""
    detector = detector_for(threshold)
    with open_input(source) as lines:
        if out is None:
            if hasattr(sys.stdout, "reconfigure"):
                sys.stdout.reconfigure(encoding="utf-8")  # JSON Lines is UTF-8 whatever the locale
            return write_coded(lines, sys.stdout, detector)
        with open_atomic(out) as f:
            return write_coded(lines, f, detector)
