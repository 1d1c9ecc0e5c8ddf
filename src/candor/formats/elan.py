"""ELAN annotation documents (.eaf): one time-aligned tier per speaker.

A top-level tier (no PARENT_REF) holding words is a speaker; its child tiers
(translations, morphology, notes) annotate those words and are skipped.
Annotations point at TIME_ORDER slots in milliseconds. ELAN transcripts often
follow CHAT conventions (and CLAN or TEI-CORPO conversions keep CHAT codes),
so each annotation goes through the CHAT reader's cleanup, except in files
Candor exported itself (`candor export elan`), whose text is already plain.
"""

from __future__ import annotations

import bisect
import math
import re
import xml.etree.ElementTree as ET
from itertools import groupby
from typing import Iterator, NamedTuple

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean
from candor.formats._speakers import sniff_text
from candor.formats.chat import as_sentence, speech
from candor.formats.roles import role_from_label
from candor.model import Role, Transcript

# ELAN never writes these; refusing them keeps entity expansion (billion laughs) out entirely.
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_LETTER = re.compile(r"[^\W\d_]")
# The HEADER property Candor's own ELAN export writes (candor.exports.elan).
CANDOR_SESSION_PROPERTY = "candor:session_id"


class _Utterance(NamedTuple):
    at: float  # sort key: start, else end, else after everything timed
    speaker: str
    text: str
    start: float | None
    end: float | None


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    return 95 if text is not None and "<ANNOTATION_DOCUMENT" in text[:5000] else 0


def _document(src: Source) -> ET.Element:
    if _DECLARATION.search(src.text):
        raise InputError(
            f"{src.name}: this file declares a DOCTYPE or entities, which ELAN never writes and Candor refuses "
            "for safety; export it again from ELAN"
        )
    try:
        root = ET.fromstring(src.data)
    except ET.ParseError as e:
        # Not the parser's message alone: keep it to the position, never the text around it.
        raise InputError(
            f"{src.name}: this is not a valid ELAN file (broken XML at line {e.position[0]}); export it again from ELAN"
        ) from None
    if root.tag != "ANNOTATION_DOCUMENT":
        raise InputError(f"{src.name}: this XML file is not an ELAN document; export the transcript from ELAN as .eaf")
    return root


def _slot_times(root: ET.Element) -> dict[str, float | None]:
    """Slot id -> seconds. A slot without a value lies between its timed neighbours (TIME_ORDER
    is in time order), so it is interpolated; before the first or after the last timed slot, None."""
    slots = [(s.get("TIME_SLOT_ID"), _number(s.get("TIME_VALUE"))) for s in root.iterfind("TIME_ORDER/TIME_SLOT")]
    known = [i for i, (_, ms) in enumerate(slots) if ms is not None]
    times: dict[str, float | None] = {}
    for i, (slot, ms) in enumerate(slots):
        if ms is None:
            k = bisect.bisect(known, i)
            if 0 < k < len(known):
                a, b = known[k - 1], known[k]
                ms = slots[a][1] + (slots[b][1] - slots[a][1]) * (i - a) / (b - a)
        times[slot] = ms / 1000 if ms is not None else None
    return times


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _utterances(root: ET.Element, roles: dict[str, Role]) -> list[_Utterance]:
    times = _slot_times(root)
    # Candor's export holds turns as Candor read them: CHAT cleanup would drop "0 to 10" or a "[laughs]" turn.
    plain = root.find(f"HEADER/PROPERTY[@NAME='{CANDOR_SESSION_PROPERTY}']") is not None
    found = []
    for tier in root.iterfind("TIER"):
        if tier.get("PARENT_REF"):
            continue  # annotates a speaker's words (translation, morphology, notes)
        annotations = tier.findall("ANNOTATION/ALIGNABLE_ANNOTATION")
        values = [a.findtext("ANNOTATION_VALUE") or "" for a in annotations]
        if not any(_LETTER.search(v) for v in values):
            continue  # empty, or numbers only (silence durations): not speech
        participant = (tier.get("PARTICIPANT") or "").strip()
        speaker = participant or (tier.get("TIER_ID") or "").strip()
        role = _exported_role(root, tier.get("TIER_ID") or "") if plain else None
        role = role or role_from_label(participant) or role_from_label(tier.get("TIER_ID"))
        if role is not None:
            roles.setdefault(speaker, role)
        for annotation, value in zip(annotations, values):
            text = clean(value) if plain else speech(value)
            if not plain and text.endswith((".", "?", "!")):
                text = as_sentence(text)  # a whole utterance, CHAT style; fragments run on
            start = times.get(annotation.get("TIME_SLOT_REF1") or "")
            end = times.get(annotation.get("TIME_SLOT_REF2") or "")
            at = start if start is not None else end if end is not None else math.inf
            if text:
                found.append(_Utterance(at, speaker, text, start, end))
    return found


def _exported_role(root: ET.Element, tier_id: str) -> Role | None:
    """The role Candor recorded for a tier when it exported the file (`candor:tier <id>` = "<role> <turns>")."""
    for prop in root.iterfind("HEADER/PROPERTY"):
        if prop.get("NAME") == f"candor:tier {tier_id}":
            word = (prop.text or "").split()[:1]
            return Role(word[0]) if word and word[0] in {r.value for r in Role} else None
    return None


def _in_time_order(utterances: list[_Utterance]) -> Iterator[_Utterance]:
    """By start time across tiers. On a shared start, the speaker already talking goes first:
    converters give a turn's last words and the other's back-channel one start time."""
    last = None
    for _, same_start in groupby(sorted(utterances, key=lambda u: u.at), key=lambda u: u.at):
        for u in sorted(same_start, key=lambda u: u.speaker != last):
            yield u
            last = u.speaker


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    roles: dict[str, Role] = {}
    builder = TurnBuilder()
    for u in _in_time_order(_utterances(_document(src), roles)):
        builder.add(u.speaker, u.text, u.start, u.end)
    return [builder.build(src.name, "elan", roles=roles)]


READER = Reader(
    name="elan",
    description="ELAN annotation files (.eaf): one tier per speaker, child tiers skipped",
    extensions=(".eaf",),
    sniff=_sniff,
    read=_read,
)
