"""A batch run as a ConvoKit corpus directory, so a coded corpus can be analysed further in ConvoKit.

The layout is ConvoKit's documented one (convokit.cornell.edu/documentation/
data_format.html); `convokit.Corpus(filename=DIR)` loads it:

- `utterances.jsonl`: one turn per line with exactly the six documented keys
  (id, speaker, conversation_id, reply_to, timestamp, text) plus `meta`,
  which holds Candor's coding of the turn;
- `speakers.json`, `conversations.json`: id -> {"meta": ..., "vectors": []},
  the shape ConvoKit's own `Corpus.dump` writes;
- `corpus.json`: corpus metadata; `index.json`: every metadata key with its
  type in ConvoKit's notation (`str(type(value))`, in a list).

Ids: an utterance is the batch `turn_id`; a conversation is one session, and
its id is the id of its first utterance, as ConvoKit documents (the batch
`session_id` is in its metadata); a speaker is `<session_id>:<label>`,
because the same label in two sessions is two different people.
The timestamp is the turn's start in seconds when every turn of the session
has one and they never go back in time, else the turn number, so ConvoKit's
chronological order is always the transcript's order.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import IO, Any, Iterator

import pyarrow as pa

from candor.batch.tables import SCHEMAS, by_session, require, rows
from candor.errors import CandorError

# Metadata keys and the Python type of their values (None aside: ConvoKit's index never lists it).
UTTERANCE_META: dict[str, type] = {
    "role": str, "turn": int, "start": float, "end": float,
    "codes": list, "flags": list, "self_involving": bool, "sentences": list,
}
SENTENCE_KEYS = ("text", "code", "flags", "confidence")  # each entry of meta["sentences"]
SPEAKER_META: dict[str, type] = {"name": str, "role": str, "session_id": str}
_PYTHON = {pa.string(): str, pa.int32(): int, pa.float64(): float, pa.bool_(): bool}
CONVERSATION_META: dict[str, type] = {
    f.name: _PYTHON[f.type] for f in SCHEMAS["sessions"] if f.name != "part"  # part: batch bookkeeping
}
CORPUS_META: dict[str, type] = {"name": str, "candor_version": str, "sessions": int, "utterances": int}
INDEX_VERSION = 1

# ASCII only: ConvoKit opens the files in the locale's encoding, which is not always UTF-8.
_dumps = partial(json.dumps, ensure_ascii=True, allow_nan=False)


def export_convokit(batch: Path, out: Path) -> Path:
    """Write the batch output folder `batch` as a ConvoKit corpus directory at `out`; return `out`.

    The corpus is built in a temp folder beside `out` and renamed into place,
    so a failure leaves nothing half-written. Files are 0600: they hold transcript text.
    """
    batch, out = Path(batch), Path(out)
    require(batch)
    if out.exists() and not (out.is_dir() and not any(out.iterdir())):
        raise CandorError(f"{out}: already exists and is not empty; give a new folder, or remove this one first")
    sessions = {row["session_id"]: row for row in rows(batch, "sessions")}
    if not sessions:
        raise CandorError(f"{batch}: the batch holds no sessions to export; see its errors table")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as err:
        raise CandorError(f"Cannot write {out}: {err.strerror or err}. Check the folder is writable.") from None
    try:
        _write_corpus(batch, sessions, tmp)
        if out.exists():
            out.rmdir()  # empty, checked above
        os.replace(tmp, out)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(err, OSError):
            raise CandorError(f"Cannot write {out}: {err.strerror or err}.") from None
        raise
    return out


def _write_corpus(batch: Path, sessions: dict[str, dict], folder: Path) -> None:
    speakers: dict[str, dict] = {}
    conversations: dict[str, dict] = {}  # by root utterance id
    seen: set[str] = set()  # session ids: each session must come once, in one piece
    utterances = 0
    with _created(folder / "utterances.jsonl") as f:
        for turns in by_session(_turns(batch)):
            sid = turns[0]["session_id"]
            if sid not in sessions or sid in seen:
                raise _mismatch(batch)
            seen.add(sid)
            root = turns[0]["turn_id"]
            conversations[root] = {"meta": {k: _value(sessions[sid][k]) for k in CONVERSATION_META}, "vectors": []}
            previous = None
            for turn, timestamp in zip(turns, _timestamps(turns)):
                speaker = f"{sid}:{turn['speaker']}"
                meta = {"name": turn["speaker"], "role": turn["role"], "session_id": sid}
                speakers.setdefault(speaker, {"meta": meta, "vectors": []})
                f.write(_dumps(_utterance(turn, speaker, root, previous, timestamp)) + "\n")
                previous = turn["turn_id"]
                utterances += 1
    from candor import __version__

    corpus = {
        "name": "candor", "candor_version": __version__, "sessions": len(conversations), "utterances": utterances,
    }
    index = {
        "utterances-index": _index(UTTERANCE_META),
        "speakers-index": _index(SPEAKER_META),
        "conversations-index": _index(CONVERSATION_META),
        "overall-index": _index(CORPUS_META),
        "version": INDEX_VERSION,
        "vectors": [],
    }
    files = {"speakers": speakers, "conversations": conversations, "corpus": corpus, "index": index}
    for name, data in files.items():
        with _created(folder / f"{name}.json") as f:
            f.write(_dumps(data))


def _utterance(turn: dict, speaker: str, root: str, previous: str | None, timestamp: float | int) -> dict:
    meta = {k: _value(turn[k]) for k in UTTERANCE_META if k != "sentences"}
    meta["sentences"] = [{k: _value(s[k]) for k in SENTENCE_KEYS} for s in turn["coded"]]
    return {
        "id": turn["turn_id"],
        "speaker": speaker,
        "conversation_id": root,
        "reply_to": previous,
        "timestamp": timestamp,
        "text": turn["text"],
        "meta": meta,
    }


def _timestamps(turns: list[dict]) -> list[float | int]:
    starts = [t["start"] for t in turns]
    if None not in starts and all(a <= b for a, b in zip(starts, starts[1:])):  # NaN fails <=
        return starts
    return [t["turn"] for t in turns]


def _turns(batch: Path) -> Iterator[dict]:
    """Every turn in order with its coded sentences (`coded`): both tables share one order, so a merge."""
    sentences = rows(batch, "sentences", ["turn_id", *SENTENCE_KEYS])
    pending = next(sentences, None)
    for turn in rows(batch, "turns"):
        turn["coded"] = []
        while pending is not None and pending["turn_id"] == turn["turn_id"]:
            turn["coded"].append(pending)
            pending = next(sentences, None)
        if len(turn["coded"]) != turn["sentences"]:
            raise _mismatch(batch)
        yield turn
    if pending is not None:
        raise _mismatch(batch)


def _mismatch(batch: Path) -> CandorError:
    return CandorError(
        f"{batch}: the sessions, turns and sentences tables do not match (is the batch still running?); "
        "wait for it to finish or run 'candor batch' again"
    )


def _value(v: Any) -> Any:
    return None if isinstance(v, float) and not math.isfinite(v) else v


def _index(fields: dict[str, type]) -> dict[str, list[str]]:
    return {k: [str(t)] for k, t in fields.items()}


@contextmanager
def _created(path: Path) -> Iterator[IO[str]]:
    """A new file, readable by its owner only, flushed to disk when the block ends."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
        yield f
        f.flush()
        os.fsync(f.fileno())
