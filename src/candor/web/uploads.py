"""An uploaded transcript: read it, settle who the therapist is, put in the pseudonym.

The upload is written to a private temporary folder under its own file name
(readers sniff content but also look at the extension), read with
`candor.read_all`, and the folder is removed at once. When the labels do not
say who the therapist is, nothing is analysed: the upload waits in memory
(never on disk) until the clinician picks the speaker.
"""

from __future__ import annotations

import os
import re
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path, PurePosixPath

import candor
from candor.errors import InputError
from candor.formats import ReadOptions, choose, load
from candor.formats.roles import resolve, role_from_label
from candor.model import Role, Transcript

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a two-hour session is under 1 MB of text
PENDING_MINUTES = 30
PENDING_PER_USER = 5
_HONORIFICS = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"}


@dataclass(frozen=True)
class SpeakerChoice:
    """The therapist could not be told from the labels: the clinician picks."""

    speakers: tuple[str, ...]
    guess: str | None  # Candor's guess, pre-selected in the picker; None when it would not guess


@dataclass
class Pending:
    token: str
    user_id: int
    filename: str
    data: bytes = field(repr=False)
    pseudonym: str
    replace_name: bool
    session_date: date | None
    choice: SpeakerChoice
    created: float = field(default_factory=time.monotonic)


def safe_name(filename: str | None) -> str:
    """The upload's base name, harmless as a file name; the extension is kept for the readers."""
    base = PurePosixPath((filename or "").replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")[-120:]
    return base or "upload.txt"


def _write(folder: str, filename: str, data: bytes) -> Path:
    path = Path(folder) / safe_name(filename)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


def _speakers(transcripts: list[Transcript]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for t in transcripts:
        for s in t.speakers:
            seen.setdefault(s.name, None)
    return tuple(seen)


def _unresolved(path: Path) -> tuple[str, ...] | None:
    """The speakers, when the file reads but its therapist cannot be told; None for any other failure."""
    try:
        src = load(path)
        raw = [t for t in choose(src).read(src, ReadOptions()) if t.turns]
    except InputError:
        return None
    if not raw or any(len(t.speakers) < 2 for t in raw):
        return None
    for t in raw:
        try:
            resolve(t, guess=False)
        except InputError:
            return _speakers(raw)
    return None


def read_upload(filename: str, data: bytes, therapist: str | None = None) -> list[Transcript] | SpeakerChoice:
    """The sessions in the upload, or the speakers to pick from. Raises InputError for unreadable files."""
    if not data:
        raise InputError(f"{safe_name(filename)}: the file is empty; export the transcript again")
    with tempfile.TemporaryDirectory(prefix="candor-upload-") as folder:
        path = _write(folder, filename, data)
        if therapist:
            return candor.read_all(path, therapist=therapist)
        try:
            transcripts = candor.read_all(path)
        except InputError:
            speakers = _unresolved(path)
            if speakers is None:
                raise
            return SpeakerChoice(speakers, None)
    # A guess from how people talk is never taken silently on upload: the clinician confirms it.
    if any(t.role_confidence < 1 for t in transcripts):
        guessed = next((t.therapist.name for t in transcripts if t.therapist), None)
        return SpeakerChoice(_speakers(transcripts), guessed)
    return transcripts


def _name_words(label: str) -> list[str]:
    """The full label and its name-like words, as they might be said in the session."""
    if role_from_label(label) is not None:  # "Client", "C2": a role, not a name
        return []
    words = [label.strip()]
    for part in label.split():
        part = part.strip(".,;:()'\"")
        if len(part) >= 2 and part[0].isupper() and part.replace("-", "").replace("'", "").isalpha():
            if part.casefold() not in _HONORIFICS:
                words.append(part)
    return [w for w in words if w]


def pseudonymise(t: Transcript, pseudonym: str) -> Transcript:
    """`t` with the client's name replaced by `pseudonym` in labels, turns, warnings and the file name."""
    pseudonym = " ".join(pseudonym.split())
    clients = [s.name for s in t.speakers if s.role is Role.CLIENT]
    if not pseudonym or not clients:
        return t
    new = {old: pseudonym if len(clients) == 1 else f"{pseudonym} {i}" for i, old in enumerate(clients, 1)}
    words = {w: new[old] for old in clients for w in _name_words(old)}
    if words:
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        exact = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        loose = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)
        folded = {w.casefold(): v for w, v in words.items()}

        def said(text: str) -> str:
            return exact.sub(lambda m: words[m.group(0)], text)

        def filename(text: str) -> str:  # file names are often lower case and joined with _ or -
            return loose.sub(lambda m: folded[m.group(0).casefold()].replace(" ", "_"), text)
    else:
        said = filename = lambda text: text  # noqa: E731

    def label(name: str) -> str:
        return new.get(name, said(name))

    return replace(
        t,
        source=filename(t.source),
        session=filename(t.session) if t.session else t.session,
        speakers=tuple(replace(s, name=label(s.name)) for s in t.speakers),
        turns=tuple(replace(u, speaker=label(u.speaker), text=said(u.text)) for u in t.turns),
        warnings=tuple(said(w) for w in t.warnings),
    )


class PendingUploads:
    """Uploads waiting for the speaker pick: in memory only, per user, for half an hour."""

    def __init__(self) -> None:
        self._items: dict[str, Pending] = {}
        self._lock = threading.Lock()

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [k for k, p in self._items.items() if now - p.created > PENDING_MINUTES * 60]:
            del self._items[token]

    def put(self, user_id: int, filename: str, data: bytes, pseudonym: str, replace_name: bool,
            session_date: date | None, choice: SpeakerChoice) -> Pending:  # fmt: skip
        with self._lock:
            self._expire()
            mine = sorted((p for p in self._items.values() if p.user_id == user_id), key=lambda p: p.created)
            for old in mine[: max(0, len(mine) - PENDING_PER_USER + 1)]:
                del self._items[old.token]
            p = Pending(secrets.token_urlsafe(16), user_id, filename, data, pseudonym, replace_name, session_date, choice)
            self._items[p.token] = p
            return p

    def get(self, user_id: int, token: str) -> Pending | None:
        with self._lock:
            self._expire()
            p = self._items.get(token)
            return p if p and p.user_id == user_id else None

    def drop(self, token: str) -> None:
        with self._lock:
            self._items.pop(token, None)
