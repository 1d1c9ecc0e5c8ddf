"""One part of a batch run, as a worker process does it: read, code, weigh, write.

`process_part` is what Dask runs. It reads each input of the part, settles
who the therapist is per session (a roles file can name them), analyses each
session with the same pipeline as `candor analyze`, and writes the part's
rows of every table atomically. A file or session that cannot be read
becomes a row of `errors` and the part goes on. Nothing here prints or logs
transcript text; an error row holds the reader's one-line reason, which
names files and lines, never their content.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from candor.assess.settings import DEFAULT, Settings
from candor.batch.tables import session_rows, write_part
from candor.errors import CandorError, InputError
from candor.formats import DEFAULT_MAX_BYTES

# Columns of a roles file, and the names people give them.
_ROLE_COLUMNS = {
    "file": ("file", "source", "path", "filename"),
    "session": ("session", "session_id", "transcript_id"),
    "therapist": ("therapist", "therapist_name"),
    "client": ("client", "client_name"),
}


@dataclass(frozen=True)
class RoleEntry:
    file: str
    session: str | None
    therapist: str | None
    client: str | None

    def matches(self, source: str, session: str | None) -> bool:
        same_file = source == self.file or source.endswith("/" + self.file)
        return same_file and (self.session is None or self.session == session)


@dataclass(frozen=True)
class Job:
    """Everything a worker needs besides its part: the options of the run (picklable)."""

    format: str | None = None
    therapist: str | None = None
    client: str | None = None
    columns: tuple[tuple[str, str], ...] = ()
    settings: Settings = DEFAULT
    max_bytes: int = DEFAULT_MAX_BYTES
    roles: tuple[RoleEntry, ...] = field(default=())

    def describe(self) -> dict[str, Any]:
        """The options as recorded in run.json (a resumed run must use the same)."""
        return {
            "format": self.format,
            "therapist": self.therapist,
            "client": self.client,
            "columns": dict(self.columns),
            "settings": {k: getattr(self.settings, k) for k in self.settings.__dataclass_fields__},
            "max_bytes": self.max_bytes,
            "roles": [[r.file, r.session, r.therapist, r.client] for r in self.roles],
        }

    def names_for(self, source: str, session: str | None) -> tuple[str | None, str | None, int | None]:
        """Therapist and client names for a session: the most specific roles-file row, else the run's."""
        best = None
        for i, r in enumerate(self.roles):
            if r.matches(source, session) and (best is None or (r.session is not None and self.roles[best].session is None)):
                best = i
        if best is None:
            return self.therapist, self.client, None
        r = self.roles[best]
        return r.therapist or self.therapist, r.client or self.client, best


def read_roles_file(path: Path) -> tuple[RoleEntry, ...]:
    """A CSV naming the therapist per file or per session: columns file[,session],therapist[,client]."""
    shape = "give a CSV with columns file, therapist and optionally session and client"
    if not path.is_file():
        raise CandorError(f"--roles {path}: no such file; {shape}")
    import io

    from candor.formats._common import decode

    try:
        text = decode(path.read_bytes(), f"--roles {path.name}")  # UTF-8, UTF-16 or Windows-1252, as Excel saves
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
        header = [h.strip().lower() for h in (rows[0].keys() if rows else []) if h]
    except csv.Error:
        raise CandorError(f"--roles {path.name}: not a readable CSV; {shape}") from None
    found = {}
    for key, names in _ROLE_COLUMNS.items():
        found[key] = next((h for h in header if h in names), None)
    if not rows or not found["file"] or not (found["therapist"] or found["client"]):
        raise CandorError(f"--roles {path.name}: needs a 'file' column and a 'therapist' column; {shape}")
    out = []
    for number, row in enumerate(rows, start=2):
        clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        get = lambda key: (clean.get(found[key]) or None) if found[key] else None  # noqa: E731
        if not get("file"):
            raise CandorError(f"--roles {path.name} line {number}: the file column is empty; {shape}")
        if not get("therapist") and not get("client"):
            raise CandorError(f"--roles {path.name} line {number}: name a therapist (or a client); {shape}")
        out.append(RoleEntry(get("file"), get("session"), get("therapist"), get("client")))
    return tuple(out)


def process_part(
    out: str, part: int, items: list[tuple[str, str]], job: Job, versions: dict[str, str] | None = None
) -> dict[str, Any]:
    """Analyse the inputs `items` ([(source, path)]) and write part `part` of every table under `out`.

    `versions` is what the run codes with; a worker with another Candor or
    detector refuses the part rather than write different rows.
    """
    from candor.api import analyze
    from candor.detect import get_detector
    from candor.formats import ReadOptions, read_sessions
    from candor.formats.roles import resolve

    if versions is not None:
        check_versions(worker_versions(), versions)
    det = get_detector("trained")
    options = ReadOptions(columns=dict(job.columns))
    rows: dict[str, list[dict[str, Any]]] = {"sessions": [], "turns": [], "sentences": [], "errors": []}
    used: set[int] = set()

    def error(source: str, session: str | None, kind: str, reason: str) -> None:
        rows["errors"].append({"source": source, "session": session, "kind": kind, "reason": reason, "part": part})

    for source, path in items:
        try:
            transcripts = read_sessions(path, job.format, options, job.max_bytes)
        except CandorError as e:
            error(source, None, "unreadable", str(e))
            continue
        except Exception as e:  # a reader bug: record it, never its message (it may quote the file)
            error(source, None, "internal", f"internal error ({type(e).__name__}) reading this file; "
                  "run 'candor analyze' on it with --debug to see the details")
            continue
        for t in transcripts:
            therapist, client, entry = job.names_for(source, t.session)
            if entry is not None:
                used.add(entry)
            try:
                t = resolve(t, therapist=therapist, client=client)
            except InputError as e:
                error(source, t.session, "roles", f"{e}; or name the therapist for this file in a --roles file")
                continue
            try:
                report = analyze(t, job.settings, det)
            except Exception as e:
                error(source, t.session, "internal", f"internal error ({type(e).__name__}) analysing this session")
                continue
            for name, new in session_rows(report, source, part).items():
                rows[name] += new
    try:
        write_part(Path(out), part, rows)
    except OSError as e:
        raise CandorError(
            f"cannot write the tables in {out} ({e.strerror or type(e).__name__}); make room or fix the "
            "folder's permissions, then run the same command with --resume"
        ) from None
    return {
        "part": part,
        "files": len(items),
        "sessions": len(rows["sessions"]),
        "turns": len(rows["turns"]),
        "therapist_turns": sum(r["therapist_turns"] for r in rows["sessions"]),
        "errors": len(rows["errors"]),
        "roles_used": sorted(used),
    }


def check_versions(found: dict[str, str], expected: dict[str, str]) -> None:
    if found != expected:
        raise CandorError(
            f"a worker runs Candor {found['candor']} with detector {found['detector']}, this computer "
            f"{expected['candor']} with {expected['detector']}; install the same version everywhere"
        )


def worker_versions() -> dict[str, str]:
    """What a worker would code with; every worker must match the client for identical output."""
    import candor
    from candor.detect import get_detector

    det = get_detector("trained")
    return {"candor": candor.__version__, "detector": getattr(det, "version", det.name)}
