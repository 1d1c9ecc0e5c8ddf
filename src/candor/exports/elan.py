"""`candor export elan`: one ELAN file (.eaf) per session of a batch, with Candor's codes on tiers coders can correct.

Each file holds:

- one top-level tier per speaker (TIER_ID and PARTICIPANT are the speaker's
  name), one annotation per turn with the turn's text;
- under each therapist tier, two child tiers (Symbolic_Association: one value
  per therapist turn): `Candor codes (<name>)`, CODEBOOK codes separated by
  spaces or `none`, and `Candor flags (<name>)`, flags separated by spaces or
  `-`. There is no controlled vocabulary: ELAN's allows one entry per
  annotation, and a turn can carry several codes;
- HEADER properties: `candor:session_id`, `candor:source`, `candor:session`,
  and one `candor:tier <tier id>` per speaker whose value is the speaker's
  role and the turn numbers of that tier's annotations in time order.

Turn numbers live in the header, not in annotation ids, because ELAN may
renumber annotation ids when it saves; it never reorders a tier's
annotations (they cannot overlap), so the n-th annotation of a tier is still
the n-th turn listed, and `candor import-codes` rebuilds the batch's
`turn_id`s (`<session_id>-<turn>`) from that.

Times: a turn's real start and end when it has them. A turn with a start but
no end lasts until the next turn starts. Turns with no times (text
transcripts) follow one another at 150 words a minute, a usual conversational
rate, and at least a second each, so ELAN can lay them out. Starts are kept
strictly increasing and a speaker's annotations never overlap, so ELAN and
Candor's own reader keep the turns in order.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from itertools import count
from pathlib import Path
from typing import Any

from candor.atomic import write_atomic
from candor.batch.tables import by_session, part_files, require, rows
from candor.errors import CandorError
from candor.formats.elan import CANDOR_SESSION_PROPERTY

CODES_TYPE, FLAGS_TYPE, SPEECH_TYPE = "candor-codes", "candor-flags", "utterance"
TIER_PROPERTY = "candor:tier "  # + tier id; value "<role> <turn> <turn> ..."
NO_CODES, NO_FLAGS = "none", "-"

MS_PER_WORD = 400  # 150 words a minute
MIN_TURN_MS = 1000

_XSD = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CONSTRAINTS = {  # the four stereotypes ELAN declares in every file
    "Time_Subdivision":
        "Time subdivision of parent annotation's time interval, no time gaps allowed within this interval",
    "Symbolic_Subdivision":
        "Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered",
    "Symbolic_Association": "1-1 association with a parent annotation",
    "Included_In": "Time alignable annotations within the parent annotation's time interval, gaps are allowed",
}
# Characters XML 1.0 cannot hold at all; a transcript rarely has them, but one would break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TURN_COLUMNS = ["session_id", "turn", "speaker", "role", "start", "end", "text", "words", "codes", "flags"]
_AGAIN = "run candor batch again"


def codes_tier(speaker: str) -> str:
    return f"Candor codes ({speaker})"


def flags_tier(speaker: str) -> str:
    return f"Candor flags ({speaker})"


def export_elan(batch: Path, out: Path) -> list[Path]:
    """Write one .eaf per session of the batch into `out`; the files, in the sessions table's order."""
    batch, out = Path(batch), Path(out)
    sessions = _sessions(batch)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        # Never mix with other .eaf files: import-codes would later read them as this batch's.
        raise CandorError(f"{out} is not an empty folder; give a new or empty folder for the ELAN files")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CandorError(f"Cannot create {out}: {err.strerror or err}; give a folder you can write to") from None
    date = _batch_date(batch)
    written: dict[str, Path] = {}
    for turns in by_session(rows(batch, "turns", _TURN_COLUMNS)):
        sid = turns[0]["session_id"]
        if sid in written:
            raise CandorError(f"{batch}: the turns of session {sid} are not together in the turns table; {_AGAIN}")
        if sid in sessions:
            written[sid] = _write(out, sessions[sid], turns, date)
    for sid, session in sessions.items():  # a session without turns still gets its (empty) file
        if sid not in written:
            written[sid] = _write(out, session, [], date)
    return [written[sid] for sid in sessions]


def file_name(session: dict[str, Any]) -> str:
    """`<source file>_<session>_<session_id>.eaf`: recognisable, safe on any file system, never shared."""
    stem = Path(re.split(r"[\\/]", session["source"] or "")[-1]).stem
    parts = [_safe(stem) or "session", _safe(session["session"] or ""), session["session_id"]]
    return "_".join(p for p in parts if p) + ".eaf"


def _safe(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9.-]+", "_", ascii_only).strip("._-")[:60]


# --- reading the batch -----------------------------------------------------------------------------


def _sessions(batch: Path) -> dict[str, dict[str, Any]]:
    require(batch, ("sessions",))
    unique: dict[str, dict[str, Any]] = {}
    for row in rows(batch, "sessions", ["session_id", "source", "session"]):
        unique.setdefault(row["session_id"], row)
    if not unique:
        raise CandorError(f"{batch}: the batch holds no sessions; see its errors table for why, and {_AGAIN}")
    return unique


def _batch_date(batch: Path) -> str:
    # The batch's own date, not now: exporting the same batch twice gives the same files.
    mtime = part_files(batch, "sessions")[0].stat().st_mtime
    return datetime.fromtimestamp(int(mtime), timezone.utc).isoformat()


# --- building the document -------------------------------------------------------------------------


def _write(out: Path, session: dict[str, Any], turns: list[dict[str, Any]], date: str) -> Path:
    root = _document(session, turns, date)
    ET.indent(root, space="    ")
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
    # write_atomic creates the file with mode 0600: it holds transcript text.
    return write_atomic(out / file_name(session), xml, newline="\n")


def _document(session: dict[str, Any], turns: list[dict[str, Any]], date: str) -> ET.Element:
    root = ET.Element("ANNOTATION_DOCUMENT", {
        "AUTHOR": "Candor", "DATE": date, "FORMAT": "3.0", "VERSION": "3.0",
        "xmlns:xsi": _XSI, "xsi:noNamespaceSchemaLocation": _XSD,
    })
    header = ET.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    slots = _time_slots(ET.SubElement(root, "TIME_ORDER"), turns)
    properties = [(CANDOR_SESSION_PROPERTY, session["session_id"]), ("candor:source", session["source"]),
                  ("candor:session", session["session"])]

    speakers: dict[str, list[dict[str, Any]]] = {}  # in order of their first turn
    for turn in turns:
        speakers.setdefault(turn["speaker"], []).append(turn)
    ids = count(1)
    for speaker, own in speakers.items():
        role = own[0]["role"]
        properties.append((TIER_PROPERTY + speaker, " ".join([role, *(str(t["turn"]) for t in own)])))
        tier = _tier(root, speaker, SPEECH_TYPE, PARTICIPANT=_xml(speaker))
        parents = []
        for turn in own:
            parents.append(f"a{next(ids)}")
            start, end = slots[turn["turn"]]
            _annotation(tier, "ALIGNABLE_ANNOTATION", turn["text"] or "",
                        ANNOTATION_ID=parents[-1], TIME_SLOT_REF1=start, TIME_SLOT_REF2=end)
        if role != "therapist":
            continue
        codes = _tier(root, codes_tier(speaker), CODES_TYPE, PARENT_REF=_xml(speaker))
        flags = _tier(root, flags_tier(speaker), FLAGS_TYPE, PARENT_REF=_xml(speaker))
        for turn, parent in zip(own, parents):
            _annotation(codes, "REF_ANNOTATION", " ".join(turn["codes"]) or NO_CODES,
                        ANNOTATION_ID=f"a{next(ids)}", ANNOTATION_REF=parent)
            _annotation(flags, "REF_ANNOTATION", " ".join(turn["flags"]) or NO_FLAGS,
                        ANNOTATION_ID=f"a{next(ids)}", ANNOTATION_REF=parent)

    # ELAN numbers the annotations it adds from lastUsedAnnotationId, so they never clash with ours.
    properties.append(("lastUsedAnnotationId", str(next(ids) - 1)))
    for name, value in properties:
        if value is not None:
            ET.SubElement(header, "PROPERTY", {"NAME": _xml(name)}).text = _xml(value)

    ET.SubElement(root, "LINGUISTIC_TYPE", {
        "GRAPHIC_REFERENCES": "false", "LINGUISTIC_TYPE_ID": SPEECH_TYPE, "TIME_ALIGNABLE": "true"})
    for type_id in (CODES_TYPE, FLAGS_TYPE):
        ET.SubElement(root, "LINGUISTIC_TYPE", {
            "CONSTRAINTS": "Symbolic_Association", "GRAPHIC_REFERENCES": "false",
            "LINGUISTIC_TYPE_ID": type_id, "TIME_ALIGNABLE": "false"})
    for stereotype, description in _CONSTRAINTS.items():
        ET.SubElement(root, "CONSTRAINT", {"DESCRIPTION": description, "STEREOTYPE": stereotype})
    return root


def _time_slots(time_order: ET.Element, turns: list[dict[str, Any]]) -> dict[int, tuple[str, str]]:
    """TIME_SLOTs in time order; turn number -> (start slot id, end slot id)."""
    times = _times(turns)
    boundaries = sorted(
        (ms, i, edge) for i, span in enumerate(times) for edge, ms in enumerate(span)
    )
    slot_of: dict[tuple[int, int], str] = {}
    for n, (ms, i, edge) in enumerate(boundaries, start=1):
        slot_of[(i, edge)] = f"ts{n}"
        ET.SubElement(time_order, "TIME_SLOT", {"TIME_SLOT_ID": f"ts{n}", "TIME_VALUE": str(ms)})
    return {turn["turn"]: (slot_of[(i, 0)], slot_of[(i, 1)]) for i, turn in enumerate(turns)}


def _times(turns: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """(start, end) in milliseconds per turn: real where known, else synthetic (module docstring)."""
    spans: list[list[int]] = []
    last_of: dict[str, int] = {}  # speaker -> index of their latest turn
    cursor = 0  # where an untimed turn starts: after everything so far
    for i, turn in enumerate(turns):
        start = _ms(turn["start"])
        start = cursor if start is None else start
        if spans:
            start = max(start, spans[-1][0] + 1)  # strictly after the previous turn's start
        end = _ms(turn["end"])
        if end is None or end <= start:
            following = _ms(turns[i + 1]["start"]) if i + 1 < len(turns) else None
            spoken = max(MIN_TURN_MS, MS_PER_WORD * (turn["words"] or 0))
            until_next = turn["start"] is not None and following is not None and following > start
            end = following if until_next else start + spoken
        mine = last_of.get(turn["speaker"])
        if mine is not None and spans[mine][1] > start:
            spans[mine][1] = start  # one speaker's annotations cannot overlap in ELAN
        last_of[turn["speaker"]] = i
        spans.append([start, end])
        cursor = max(cursor, end)
    return [(a, b) for a, b in spans]


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else max(0, round(seconds * 1000))


def _xml(text: str) -> str:
    return _NOT_XML.sub(" ", text)


def _tier(root: ET.Element, tier_id: str, linguistic_type: str, **attributes: str) -> ET.Element:
    return ET.SubElement(root, "TIER", {
        "ANNOTATOR": "Candor", "LINGUISTIC_TYPE_REF": linguistic_type, **attributes, "TIER_ID": _xml(tier_id)})


def _annotation(tier: ET.Element, kind: str, value: str, **attributes: str) -> None:
    inner = ET.SubElement(ET.SubElement(tier, "ANNOTATION"), kind, attributes)
    ET.SubElement(inner, "ANNOTATION_VALUE").text = _xml(value)
