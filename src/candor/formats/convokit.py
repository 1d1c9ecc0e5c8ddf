"""ConvoKit corpus directories: `utterances.jsonl` plus `speakers.json`, one session per conversation.

Layout as ConvoKit saves it (convokit.cornell.edu/documentation/data_format.html):
each utterance line has id, speaker, conversation_id, reply_to, timestamp, text
and meta; speakers.json maps each speaker id to its metadata, either directly
or under "meta". A speaker's meta "name" (Candor's own export writes one) is
shown instead of the id, unless two speakers of a conversation share it. conversations.json, corpus.json and index.json add nothing
Candor needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean, decode
from candor.formats.roles import role_from_label
from candor.model import Role, Transcript

_UTTERANCE_FILES = ("utterances.jsonl", "utterances.json")
_SPEAKER_FILES = ("speakers.json", "users.json")  # users.json: corpora saved before ConvoKit 2.3
# Metadata fields that, in corpora seen so far, hold a speaker's part in the conversation.
_ROLE_FIELDS = ("role", "speaker_role", "interlocutor", "speaker_type", "type", "user_type")


def is_corpus(folder: Path) -> bool:
    """A ConvoKit corpus folder: it holds an utterances file."""
    return any((folder / f).is_file() for f in _UTTERANCE_FILES)


def _corpus_dir(src: Source) -> Path | None:
    """The corpus directory: the input itself, or the folder of an utterances file given directly."""
    if src.path is None:
        return None
    folder = src.path if src.is_dir else src.path.parent if src.path.name in _UTTERANCE_FILES else None
    if folder is None or not is_corpus(folder):
        return None
    return folder


def _sniff(src: Source) -> int:
    folder = _corpus_dir(src)
    if folder is None:
        return 0
    return 95 if any((folder / f).is_file() for f in _SPEAKER_FILES) else 60


def _json(src: Source, path: Path, text: str, line: int | None = None) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        where = f"{path.name} line {line}" if line else path.name
        raise InputError(
            f"{src.name}: {where} is not valid JSON; save the corpus again with ConvoKit's corpus.dump()"
        ) from None


def _utterances(src: Source, folder: Path) -> list[dict]:
    path = next(folder / f for f in _UTTERANCE_FILES if (folder / f).is_file())
    text = decode(path.read_bytes(), f"{src.name}/{path.name}")
    if path.suffix == ".json":
        rows = _json(src, path, text)
    else:
        rows = [_json(src, path, line, n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(
            f"{src.name}: {path.name} does not hold one utterance object per line; check it is a ConvoKit corpus"
        )
    return rows


def _meta(data: Any) -> dict:
    if not isinstance(data, dict):
        return {}
    return data["meta"] if isinstance(data.get("meta"), dict) else data


def _role(meta: dict) -> Role | None:
    return next((r for f in _ROLE_FIELDS if (r := role_from_label(meta.get(f)))), None)


def _speaker_meta(src: Source, folder: Path) -> dict[str, dict]:
    path = next((folder / f for f in _SPEAKER_FILES if (folder / f).is_file()), None)
    if path is None:
        return {}
    speakers = _json(src, path, decode(path.read_bytes(), f"{src.name}/{path.name}"))
    if not isinstance(speakers, dict):
        return {}
    return {clean(str(sid)): _meta(data) for sid, data in speakers.items()}


def _shown_names(ids: list[str], speakers: dict[str, dict]) -> dict[str, str]:
    """Speaker id -> the meta "name" when every speaker of the conversation has a distinct one, else the id."""
    names = {}
    for i in ids:
        name = speakers.get(i, {}).get("name")
        names[i] = clean(name) if isinstance(name, str) and clean(name) else i
    return names if len(set(names.values())) == len(names) else {i: i for i in ids}


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    folder = _corpus_dir(src)
    if folder is None:
        raise InputError(f"{src.name}: not a ConvoKit corpus (no utterances.jsonl); give the corpus directory")
    utterances = _utterances(src, folder)
    speakers = _speaker_meta(src, folder)
    roles = {sid: role for sid, meta in speakers.items() if (role := _role(meta))}
    conversations: dict[Any, list[dict]] = {}
    for u in utterances:
        conversations.setdefault(u.get("conversation_id", u.get("root")), []).append(u)
    transcripts = []
    for conversation, rows in conversations.items():
        times = [_number(u.get("timestamp")) for u in rows]
        if None not in times:  # order by time only when every utterance has one
            rows = [u for _, u in sorted(zip(times, rows), key=lambda pair: pair[0])]
        builder = TurnBuilder()
        session_roles: dict[str, Role] = {}
        ids = [clean(str(u.get("speaker", u.get("user")) or "")) for u in rows]
        shown = _shown_names(list(dict.fromkeys(ids)), speakers)
        for u, speaker in zip(rows, ids):
            role = roles.get(speaker) or _role(_meta(u.get("meta")))  # some corpora tag the utterance instead
            if role and shown[speaker] not in session_roles:
                session_roles[shown[speaker]] = role
            builder.add(shown[speaker], str(u.get("text") or ""))
        session = None if conversation is None else str(conversation)
        transcripts.append(builder.build(src.name, "convokit", session=session, roles=session_roles))
    return transcripts


READER = Reader(
    name="convokit",
    description="ConvoKit corpus directory (utterances.jsonl, speakers.json), one session per conversation",
    extensions=(),
    sniff=_sniff,
    read=_read,
)
