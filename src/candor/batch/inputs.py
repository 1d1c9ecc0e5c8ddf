"""What a batch run reads: files, folders and globs expanded into one ordered list of inputs.

A folder is walked in sorted order for files with an extension some reader
knows (hidden files and folders and Markdown notes are skipped); a ConvoKit corpus folder is one
input. A glob is expanded the way the shell would (`**` included), for
shells that pass it on unexpanded or for quoting it on purpose. Each input
keeps the path the user wrote as its `source`, which names it in every table
and gives its sessions their ids; reading uses the absolute path, which the
workers of a cluster must be able to open too.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from candor.errors import CandorError
from candor.formats import readers
from candor.formats.convokit import is_corpus



@dataclass(frozen=True)
class Input:
    source: str  # as the user named it: a key in the tables, never an absolute path unless given so
    path: str  # absolute, for reading
    size: int  # bytes (0 for a ConvoKit folder)
    modified: int = 0  # whole seconds since the epoch: a resumed run refuses inputs changed since


# Markdown files in a corpus folder are READMEs and notes, not sessions; name one to read it.
_NOT_IN_FOLDERS = frozenset({".md"})


def known_extensions() -> frozenset[str]:
    return frozenset(e.lower() for r in readers() for e in r.extensions) - _NOT_IN_FOLDERS


def _walk(folder: Path, shown: str, extensions: frozenset[str]) -> tuple[list[tuple[str, Path]], int]:
    """The readable files and corpus folders under `folder`, and how many other files were passed over."""
    out: list[tuple[str, Path]] = []
    skipped = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        rel = here.relative_to(folder)
        for d in list(dirs):
            if is_corpus(here / d):
                out.append((str(Path(shown) / rel / d), here / d))
                dirs.remove(d)  # a corpus is one input, not files to read one by one
        for f in sorted(files):
            if f.startswith("."):
                continue
            if Path(f).suffix.lower() in extensions:
                out.append((str(Path(shown) / rel / f), here / f))
            else:
                skipped += 1
    return out, skipped


def expand(args: list[str]) -> tuple[list[Input], int]:
    """Every input named by the arguments, in a stable order, each once; and how many files were skipped."""
    extensions = known_extensions()
    found: list[tuple[str, Path]] = []
    skipped = 0
    for arg in args:
        p = Path(arg)
        if p.exists():
            if p.is_dir() and not is_corpus(p):
                walked, passed = _walk(p, arg, extensions)
                found += walked
                skipped += passed
            else:
                found.append((arg, p))
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                raise CandorError(f"{arg}: matches no file; check the pattern")
            for m in matches:
                mp = Path(m)
                if mp.is_dir() and not is_corpus(mp):
                    walked, passed = _walk(mp, m, extensions)
                    found += walked
                    skipped += passed
                elif mp.is_file() or mp.is_dir():
                    found.append((m, mp))
        else:
            raise CandorError(f"{arg}: no such file or folder; check the path")
    seen: set[str] = set()
    inputs = []
    for source, path in found:
        full = str(path.resolve())
        if full in seen:
            continue  # named twice (a file and its folder, overlapping globs): read once
        seen.add(full)
        st = path.stat()
        inputs.append(Input(os.path.normpath(source), full, st.st_size if path.is_file() else 0, int(st.st_mtime)))
    if not inputs:
        raise CandorError(
            "no transcripts found in " + ", ".join(args) + "; run 'candor formats' to see which files Candor reads"
        )
    return inputs, skipped
