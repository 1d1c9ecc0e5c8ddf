"""Speech-to-text JSON: Whisper, WhisperX, Amazon Transcribe (standard and Call Analytics)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Any, Callable, Iterator

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source
from candor.formats._speakers import sniff_text, transcript_from_lines
from candor.model import Role, Transcript

Line = tuple[str | None, str, float | None, float | None]  # speaker, text, start, end


def _whisper(doc: Any) -> bool:
    segments = doc.get("segments") if isinstance(doc, dict) else None
    return isinstance(segments, list) and bool(segments) and all(
        isinstance(s, dict) and "text" in s for s in segments
    )


def _whisper_lines(doc: dict) -> Iterator[Line]:
    for segment in doc["segments"]:
        # WhisperX puts the speaker on the segment after diarisation, or only on its words.
        speaker = segment.get("speaker")
        if speaker is None:
            speaker = _word_speaker(segment.get("words"))
        text = str(segment.get("text") or "")
        yield _label(speaker), text, _float(segment.get("start")), _float(segment.get("end"))


def _word_speaker(words: Any) -> Any:
    """The speaker of most of a segment's words (None where diarisation left a word out)."""
    if not isinstance(words, list):
        return None
    counts = Counter(w.get("speaker") for w in words if isinstance(w, dict) and w.get("speaker") is not None)
    return counts.most_common(1)[0][0] if counts else None


def _label(speaker: Any) -> str | None:
    # Some diarisers number speakers (0, 1) instead of naming them.
    return None if speaker is None or speaker == "" else str(speaker)


def _call_analytics(doc: Any) -> bool:
    parts = doc.get("Transcript") if isinstance(doc, dict) else None
    return isinstance(parts, list) and bool(parts) and all(
        isinstance(p, dict) and "ParticipantRole" in p and "Content" in p for p in parts
    )


def _call_analytics_lines(doc: dict) -> Iterator[Line]:
    for part in doc["Transcript"]:
        yield (
            str(part["ParticipantRole"]).title(),
            str(part["Content"]),
            _millis(part.get("BeginOffsetMillis")),
            _millis(part.get("EndOffsetMillis")),
        )


def _transcribe(doc: Any) -> bool:
    results = doc.get("results") if isinstance(doc, dict) else None
    return isinstance(results, dict) and isinstance(results.get("items"), list) and "transcripts" in results


def _transcribe_lines(doc: dict) -> Iterator[Line]:
    results = doc["results"]
    # Older output names the speaker only in speaker_labels, keyed by each word's start time.
    by_start = {
        item.get("start_time"): item.get("speaker_label")
        for segment in (results.get("speaker_labels") or {}).get("segments", [])
        for item in segment.get("items", [])
    }
    words: list[str] = []
    speaker = start = end = None
    for item in results["items"]:
        content = ((item.get("alternatives") or [{}])[0]).get("content", "")
        if item.get("type") == "punctuation":
            if words:
                words[-1] += content  # punctuation sticks to the word before it
            continue
        label = item.get("speaker_label") or by_start.get(item.get("start_time"))
        if words and label != speaker:
            yield speaker, " ".join(words), start, end
            words, start = [], None
        speaker, words = label, words + [content]
        start = start if start is not None else _float(item.get("start_time"))
        end = _float(item.get("end_time"))
    if words:
        yield speaker, " ".join(words), start, end


# (name shown in errors, recogniser, lines). Call Analytics also carries roles.
_SHAPES: tuple[tuple[str, Callable[[Any], bool], Callable[[dict], Iterator[Line]]], ...] = (
    ("Whisper/WhisperX", _whisper, _whisper_lines),
    ("Amazon Transcribe Call Analytics", _call_analytics, _call_analytics_lines),
    ("Amazon Transcribe", _transcribe, _transcribe_lines),
)
_CALL_ROLES = {"Agent": Role.THERAPIST, "Customer": Role.CLIENT}


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _millis(value: Any) -> float | None:
    seconds = _float(value)
    return None if seconds is None else seconds / 1000


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    if text is None or not text.lstrip().startswith("{"):
        return 0
    try:
        doc = json.loads(text)
    except ValueError:
        return 0
    return 90 if any(recognise(doc) for _, recognise, _ in _SHAPES) else 0


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    try:
        doc = json.loads(src.text)
    except json.JSONDecodeError as e:
        raise InputError(
            f"{src.name}: this is not valid JSON (line {e.lineno}, column {e.colno}); export the transcript again"
        ) from None
    for name, recognise, lines in _SHAPES:
        if recognise(doc):
            break
    else:
        known = ", ".join(name for name, _, _ in _SHAPES)
        raise InputError(
            f"{src.name}: Candor does not know this JSON layout; it reads {known} JSON, "
            "or convert the transcript to CSV with one row per utterance"
        )
    transcript = transcript_from_lines(src, "json", lines(doc))
    if recognise is _call_analytics:
        # Call Analytics knows who the agent is: the professional side of the call.
        speakers = tuple(replace(s, role=_CALL_ROLES.get(s.name)) for s in transcript.speakers)
        transcript = replace(transcript, speakers=speakers)
    return [transcript]


READER = Reader(
    name="json",
    description="Speech-to-text JSON: Whisper, WhisperX, Amazon Transcribe (segments with speaker labels)",
    extensions=(".json",),
    sniff=_sniff,
    read=_read,
)
