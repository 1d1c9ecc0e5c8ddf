"""Readers: any transcript file in, `Transcript`s out.

Each reader module exposes `READER`; the format is chosen by sniffing the
content (the highest score wins), `format=` overrides. Who is the therapist
is settled once, for every format, in `candor.formats.roles`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from candor.errors import InputError
from candor.formats._common import Source
from candor.model import Transcript

# 50 MB: a two-hour session is well under 1 MB of text; anything this large is
# almost certainly not a transcript (a recording, an archive). A setting.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Reader options the user can give (all optional)."""

    # CSV/TSV column mapping: keys text, speaker, role, session, start, end, order.
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reader:
    name: str  # what --format takes
    description: str  # one line for `candor formats`
    extensions: tuple[str, ...]
    sniff: Callable[[Source], int]  # 0: not this format; higher: more certain
    read: Callable[[Source, ReadOptions], list[Transcript]]


_MODULES = ("published", "otter", "chat", "elan", "text", "vtt", "srt", "docx", "table", "json", "convokit")


def readers() -> list[Reader]:
    return [importlib.import_module(f"candor.formats.{m}").READER for m in _MODULES]


def reader_named(name: str) -> Reader:
    for r in readers():
        if r.name == name:
            return r
    names = ", ".join(r.name for r in readers())
    raise InputError(f"unknown format '{name}'; choose one of: {names}")


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """The raw input, with the size and existence checks every reader needs."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        return Source(name=p.name, path=p)
    size = p.stat().st_size
    if size == 0:
        raise InputError(f"{p.name}: the file is empty; export the transcript again")
    if size > max_bytes:
        raise InputError(
            f"{p.name}: the file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit; "
            "check it is a transcript, or raise the limit with --max-size"
        )
    return Source(name=p.name, data=p.read_bytes(), path=p)


def choose(src: Source, format: str | None = None) -> Reader:
    if format:
        return reader_named(format)
    scored = [(r.sniff(src), i, r) for i, r in enumerate(readers())]
    score, _, best = max(scored, key=lambda x: (x[0], -x[1]))
    if score <= 0:
        raise InputError(
            f"{src.name}: Candor does not recognise this transcript format; "
            "run 'candor formats' to see what it reads, or name one with --format"
        )
    return best


def read_all(
    path: str | Path,
    format: str | None = None,
    therapist: str | None = None,
    client: str | None = None,
    options: ReadOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Transcript]:
    """Every session in a file (a CSV or a published volume may hold many)."""
    from candor.formats.roles import resolve

    transcripts = read_sessions(path, format, options, max_bytes)
    return [resolve(t, therapist=therapist, client=client) for t in transcripts]


def read_sessions(
    path: str | Path,
    format: str | None = None,
    options: ReadOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[Transcript]:
    """Every session in a file with its turns, before roles are settled (`roles.resolve` does that).

    For callers that choose the therapist per session, such as `candor batch` with a roles file.
    """
    src = load(path, max_bytes)
    reader = choose(src, format)
    transcripts = [t for t in reader.read(src, options or ReadOptions()) if t.turns]
    if not transcripts:
        raise InputError(
            f"{src.name}: no speaker turns found as {reader.name}; check the file has speaker labels, "
            "or name its format with --format"
        )
    return transcripts


def read(path: str | Path, **kwargs) -> Transcript:
    """The one session in a file; use `read_all` for files holding several."""
    ts = read_all(path, **kwargs)
    if len(ts) > 1:
        raise InputError(f"{Path(path).name}: the file holds {len(ts)} sessions; use candor.read_all()")
    return ts[0]
