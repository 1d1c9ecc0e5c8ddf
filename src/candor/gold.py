"""Human-coded turns (gold) for `candor evaluate`, and where their text comes from.

A gold file is JSON Lines, one therapist turn per line:
`{"id", "codes", "flags"}` plus, optionally, the turn's own `"text"` and
`"prev"` (the client's preceding text); `codes: []` means none. Turns without
text take it from a CSV: `id,text[,prev]`; the AnnoMI CSV, whose ids are
`annomi-<transcript_id>-<utterance_id>` (the shared gold's); or the Rogers
sessions CSV (`../shared/data/rogers/rogers_sessions_dedup.csv`), whose ids
are `rogers-<src_row>` (our Rogers check set's). Errors name lines and ids,
never transcript text.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from candor.errors import CandorError
from candor.model import CODES, FLAGS

_SHAPE = 'each line must be {"id": ..., "codes": [...], "flags": [...]}'
ANNOMI_COLUMNS = frozenset({"transcript_id", "utterance_id", "utterance_text", "interlocutor"})
ROGERS_COLUMNS = frozenset({"session", "speaker", "text", "src_row"})


@dataclass(frozen=True)
class GoldTurn:
    id: str  # as text, so 17 in the gold matches "17" in a CSV
    codes: frozenset[str]  # CODEBOOK codes, none left out
    flags: frozenset[str]
    text: str | None = None
    prev: str | None = None


def read_gold(path: Path) -> list[GoldTurn]:
    """Every turn of a gold file, checked: known codes and flags, no id twice."""
    out: list[GoldTurn] = []
    seen: set[str] = set()
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        turn = _gold_turn(line, f"{path.name} line {number}")
        if turn.id in seen:
            raise CandorError(f"{path.name} line {number}: id {turn.id} appears twice; each turn must appear once")
        seen.add(turn.id)
        out.append(turn)
    if not out:
        raise CandorError(f"{path.name}: no coded turns; {_SHAPE}")
    return out


def _gold_turn(line: str, where: str) -> GoldTurn:
    try:
        obj = json.loads(line)
    except ValueError:
        obj = None
    if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("codes"), list):
        raise CandorError(f"{where}: not a JSON object with 'id' and 'codes'; {_SHAPE}")
    if isinstance(obj["id"], bool) or not isinstance(obj["id"], (str, int, float)):
        raise CandorError(f"{where}: 'id' must be a string or a number; {_SHAPE}")
    labels = []
    for key, known in (("codes", CODES), ("flags", FLAGS)):
        values = obj.get(key) or []
        bad = [v for v in values if v not in known] if isinstance(values, list) else [None]
        if bad:
            raise CandorError(f"{where}: '{key}' holds something other than {', '.join(known)}")
        labels.append(frozenset(values) - {"none"})
    text, prev = obj.get("text"), obj.get("prev")
    if not isinstance(text, (str, type(None))) or not isinstance(prev, (str, type(None))):
        raise CandorError(f"{where}: 'text' and 'prev' must be strings when given")
    return GoldTurn(str(obj["id"]), labels[0], labels[1], text, prev)


def read_texts(path: Path, wanted: set[str]) -> dict[str, tuple[str, str | None]]:
    """id -> (text, prev) for the wanted ids, from an `id,text[,prev]` CSV, the AnnoMI CSV or the Rogers CSV."""
    try:
        with _open_csv(path) as f:
            rows = csv.DictReader(f)
            columns = set(rows.fieldnames or ())
            if {"id", "text"} <= columns:
                return {
                    row["id"]: (row["text"] or "", row.get("prev") or None) for row in rows if row["id"] in wanted
                }
            if ANNOMI_COLUMNS <= columns:
                return _annomi_texts(rows, wanted)
            if ROGERS_COLUMNS <= columns:
                return _rogers_texts(rows, wanted)
    except UnicodeDecodeError:
        raise CandorError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    except csv.Error:
        raise CandorError(f"{path.name}: not a readable CSV; check its quoting") from None
    raise CandorError(
        f"{path.name}: no 'id' and 'text' columns, and not the AnnoMI CSV "
        f"({', '.join(sorted(ANNOMI_COLUMNS))}) or the Rogers CSV ({', '.join(sorted(ROGERS_COLUMNS))}); "
        "give a CSV with columns id,text and optionally prev"
    )


def _annomi_texts(rows: csv.DictReader, wanted: set[str]) -> dict[str, tuple[str, str | None]]:
    """AnnoMI utterances by id; prev is the latest client utterance before, in utterance order."""
    transcripts: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for row in rows:
        try:
            order = int(row["utterance_id"])
        except (TypeError, ValueError):
            raise CandorError(f"AnnoMI CSV line {rows.line_num}: utterance_id is not a number") from None
        transcripts[row["transcript_id"]].append((order, row["interlocutor"], row["utterance_text"] or ""))
    out: dict[str, tuple[str, str | None]] = {}
    for transcript, utterances in transcripts.items():
        prev = None
        for order, who, text in sorted(utterances, key=lambda u: u[0]):
            turn_id = f"annomi-{transcript}-{order}"
            if turn_id in wanted and turn_id not in out:  # AnnoMI-full repeats an utterance per annotator
                out[turn_id] = (text, prev)
            if who == "client":
                prev = text
    return out


def _rogers_texts(rows: csv.DictReader, wanted: set[str]) -> dict[str, tuple[str, str | None]]:
    """Rogers utterances by id (`rogers-<src_row>`), in file order; prev is the session's latest client utterance."""
    out: dict[str, tuple[str, str | None]] = {}
    prev: dict[str, str] = {}
    for row in rows:
        turn_id = f"rogers-{row['src_row']}"
        if turn_id in wanted:
            out[turn_id] = (row["text"] or "", prev.get(row["session"]))
        if row["speaker"] == "client":
            prev[row["session"]] = row["text"] or ""
    return out


def attach_texts(gold: list[GoldTurn], text_from: Path | None) -> list[GoldTurn]:
    """Gold turns that all have text: their own, else from `text_from`; missing ones are an error."""
    need = {g.id for g in gold if g.text is None}
    if not need:
        return gold
    if text_from is None:
        first = next(g.id for g in gold if g.text is None)
        raise CandorError(
            f"{len(need)} gold turns have no 'text' (first: {first}); give their text with --text-from CSV"
        )
    texts = read_texts(text_from, need)
    missing = [g.id for g in gold if g.text is None and g.id not in texts]
    if missing:
        raise CandorError(
            f"{len(missing)} gold ids are not in {text_from.name} (first: {missing[0]}); "
            "check that the CSV is the one the gold was coded from"
        )
    return [g if g.text is not None else GoldTurn(g.id, g.codes, g.flags, *texts[g.id]) for g in gold]


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise CandorError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CandorError(f"{path}: that is a folder; give a JSON Lines file") from None
    except UnicodeDecodeError:
        raise CandorError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    except OSError as err:
        raise CandorError(f"{path}: cannot read it ({err.strerror or err})") from None


def _open_csv(path: Path):
    if path.is_dir():
        raise CandorError(f"{path}: that is a folder; give a CSV file")
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise CandorError(f"{path}: no such file") from None
    except OSError as err:
        raise CandorError(f"{path}: cannot read it ({err.strerror or err})") from None
