"""`candor import-codes`: ELAN files from `candor export elan`, corrected by coders, back as gold lines.

Each therapist turn becomes one line of a gold file (candor.gold):
`{"id": "<session_id>-<turn>", "codes", "flags", "text", "prev"}`, the id
being the batch's `turn_id`, so `candor evaluate gold.jsonl` reports Candor's
agreement with the lab's coders with no other file. Turn numbers come from
the HEADER (candor.exports.elan explains why), codes and flags from the
`Candor codes` and `Candor flags` tiers. What coders typed is checked; an
error names the file, the tier and the time, never the transcript's text.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from candor.atomic import open_atomic
from candor.batch.tables import turn_id
from candor.errors import CandorError
from candor.exports.elan import CODES_TYPE, FLAGS_TYPE, NO_FLAGS, TIER_PROPERTY
from candor.formats import load
# The ELAN reader's own parsing, so its safety checks (no DOCTYPE, no entities) apply here too.
from candor.formats.elan import CANDOR_SESSION_PROPERTY, _document, _slot_times
from candor.model import CODES, FLAGS

# Coders type codes as they like: "fact feeling", "Fact, feeling", "fact;feeling", "same-boat".
_BETWEEN = re.compile(r"[\s,;/|+]+")
_EXPORT_AGAIN = "code a file that candor export elan wrote"
SpokenTurn = tuple[str, str, float]  # role, text, start in seconds


def import_codes(paths: list[Path]) -> list[dict[str, Any]]:
    """Gold lines from .eaf files and folders of them, in file and turn order."""
    lines: list[dict[str, Any]] = []
    sessions: dict[str, str] = {}  # session_id -> file it came from
    for path in _eaf_files(paths):
        session, file_lines = _gold_lines(path)
        if session in sessions:
            raise CandorError(f"{path.name}: session {session} is also in {sessions[session]}; give each session once")
        sessions[session] = path.name
        lines += file_lines
    if not lines:
        raise CandorError("the ELAN files hold no therapist turns; give the files that candor export elan wrote")
    return lines


def write_gold(lines: list[dict[str, Any]], out: Path) -> Path:
    """The gold lines as JSON Lines, written whole or not at all."""
    out = Path(out)
    if out.is_dir():
        raise CandorError(f"{out}: that is a folder; give a file name such as gold.jsonl")
    with open_atomic(out) as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")
    return out


def _eaf_files(paths: list[Path]) -> list[Path]:
    found: dict[Path, None] = {}  # ordered, and a file given twice is read once
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.eaf") if not p.name.startswith("."))
            if not inside:
                raise CandorError(f"{path}: no .eaf files in this folder; give the folder candor export elan wrote")
            found.update(dict.fromkeys(p.resolve() for p in inside))
        elif not path.exists():
            raise CandorError(f"{path}: no such file; check the path")
        elif path.suffix.lower() != ".eaf":
            raise CandorError(f"{path.name}: not an ELAN file (.eaf); {_EXPORT_AGAIN}")
        else:
            found[path.resolve()] = None
    return list(found)


def _gold_lines(path: Path) -> tuple[str, list[dict[str, Any]]]:
    root = _document(load(path))
    name = path.name
    header = {p.get("NAME"): (p.text or "").strip() for p in root.iterfind("HEADER/PROPERTY")}
    session = header.get(CANDOR_SESSION_PROPERTY)
    if not session:
        raise CandorError(f"{name}: not a file from candor export elan (no {CANDOR_SESSION_PROPERTY}); {_EXPORT_AGAIN}")
    turns, turn_of = _turns(name, root, header)
    coded = _coders_labels(name, root, turns, turn_of)
    if any(role == "therapist" for role, _, _ in turns.values()) and not coded[CODES_TYPE]:
        raise CandorError(f"{name}: no 'Candor codes' tier under a therapist tier; {_EXPORT_AGAIN}")
    lines, prev = [], None  # a session without a therapist simply adds no lines
    for number in sorted(turns):
        role, text, start = turns[number]
        if role == "client":
            prev = text
        if role != "therapist":
            continue
        if number not in coded[CODES_TYPE]:
            raise CandorError(f"{name}: the therapist turn at {_clock(start)} has no codes; type them, or none")
        lines.append({
            "id": turn_id(session, number),
            "codes": coded[CODES_TYPE][number],
            "flags": coded[FLAGS_TYPE].get(number, []),
            "text": text,
            "prev": prev,
        })
    return session, lines


def _turns(name: str, root: ET.Element, header: dict[str, str]) -> tuple[dict[int, SpokenTurn], dict[str, int]]:
    """turn number -> (role, text, start), and speaker annotation id -> turn number."""
    tiers = {t.get("TIER_ID"): t for t in root.iterfind("TIER")}
    times = _slot_times(root)
    turns: dict[int, SpokenTurn] = {}
    turn_of: dict[str, int] = {}
    for key, value in header.items():
        if not key or not key.startswith(TIER_PROPERTY):
            continue
        tier_id = key[len(TIER_PROPERTY):]
        role, *numbers = value.split() or [""]
        if not role or not all(n.isdigit() for n in numbers):
            raise CandorError(f"{name}: the header property '{key}' is damaged; export the session again")
        tier = tiers.get(tier_id)
        if tier is None:
            raise CandorError(f"{name}: tier '{tier_id}' is missing; keep the tier names Candor gave, and import again")
        # ELAN may renumber annotation ids on save but never reorders a tier: match turns by time order.
        spoken = sorted(
            enumerate(tier.iterfind("ANNOTATION/ALIGNABLE_ANNOTATION")),
            key=lambda ia: (_start(ia[1], times), ia[0]),
        )
        if len(spoken) != len(numbers):
            raise CandorError(
                f"{name}: tier '{tier_id}' has {len(spoken)} annotations but Candor exported {len(numbers)}; "
                "undo added or deleted turns there (correct codes and flags only), and import again"
            )
        for number, (_, annotation) in zip(map(int, numbers), spoken):
            turn_of[annotation.get("ANNOTATION_ID")] = number
            text = (annotation.findtext("ANNOTATION_VALUE") or "").strip()
            turns[number] = (role, text, _start(annotation, times))
    return turns, turn_of


def _coders_labels(
    name: str, root: ET.Element, turns: dict[int, SpokenTurn], turn_of: dict[str, int]
) -> dict[str, dict[int, list[str]]]:
    """What the codes and flags tiers say, checked: {CODES_TYPE: {turn: codes}, FLAGS_TYPE: {turn: flags}}."""
    coded: dict[str, dict[int, list[str]]] = {CODES_TYPE: {}, FLAGS_TYPE: {}}
    for tier in root.iterfind("TIER"):
        kind = tier.get("LINGUISTIC_TYPE_REF")
        if kind not in coded:
            continue
        for annotation in tier.iterfind("ANNOTATION/REF_ANNOTATION"):
            number = turn_of.get(annotation.get("ANNOTATION_REF"))
            if number is None:
                continue  # ELAN would not write it; nothing to attach it to
            where = f"{name}: tier '{tier.get('TIER_ID')}' at {_clock(turns[number][2])}"
            value = annotation.findtext("ANNOTATION_VALUE") or ""
            coded[kind][number] = _codes(value, where) if kind == CODES_TYPE else _flags(value, where)
    return coded


def _codes(value: str, where: str) -> list[str]:
    words = _words(value)
    if not words:
        raise CandorError(f"{where}: no codes; type the codes, or none")
    for word in words:
        if word not in CODES:
            raise CandorError(f"{where}: '{word[:30]}' is not a code; codes are: {', '.join(CODES)}")
    if "none" in words and len(set(words)) > 1:
        raise CandorError(f"{where}: 'none' goes with other codes; keep either none or the codes")
    return [c for c in CODES if c in words and c != "none"]


def _flags(value: str, where: str) -> list[str]:
    words = [w for w in _words(value) if w not in (NO_FLAGS, "none")]
    for word in words:
        if word not in FLAGS:
            raise CandorError(f"{where}: '{word[:30]}' is not a flag; flags are: {', '.join(FLAGS)}, or - for none")
    return [f for f in FLAGS if f in words]


def _words(value: str) -> list[str]:
    return [w if w == NO_FLAGS else w.replace("-", "_") for w in _BETWEEN.split(value.strip().lower()) if w]


def _start(annotation: ET.Element, times: dict[str, float | None]) -> float:
    start = times.get(annotation.get("TIME_SLOT_REF1") or "")
    return start if start is not None else float("inf")


def _clock(seconds: float) -> str:
    if seconds == float("inf"):
        return "an unknown time"
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
