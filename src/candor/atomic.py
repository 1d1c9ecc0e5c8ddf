"""Files written whole or not at all: a temp file in the same folder, renamed into place on success.

The rename is atomic, so a crash, a bad input line or a full disk never
leaves half a report where the user expects a whole one. Temp files are
created with mode 0600, so reports are readable only by their owner.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

from candor.errors import CandorError


@contextmanager
def open_atomic(path: str | os.PathLike[str], newline: str | None = "\n") -> Iterator[IO[str]]:
    """A text file to stream into; it appears at `path` only if the block finishes."""
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise CandorError(
            f"Cannot write {target}: {err.strerror or err}. Check that the folder exists and is writable."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise CandorError(f"Cannot write {target}: {err.strerror or err}.") from None
        raise


def write_atomic(path: str | os.PathLike[str], text: str, *, newline: str | None = None) -> Path:
    """Write a whole text at once, atomically."""
    with open_atomic(path, newline=newline) as f:
        f.write(text)
    return Path(path)
