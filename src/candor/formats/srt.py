"""SRT subtitles with speaker prefixes (`SPEAKER_00: ...`, `[SPEAKER_01]: ...`, `- Name: ...`)."""

from __future__ import annotations

import re

import srt

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source
from candor.formats._speakers import sniff_text, split_speaker, transcript_from_lines
from candor.model import Transcript

# A numbered cue followed by its timing line: the shape that makes a file SRT.
_FIRST_CUE = re.compile(r"\s*\d+[ \t]*\n[ \t]*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->")
# Styling some players honour: <i>, <font color=...>, and ASS overrides like {\an8}.
_STYLING = re.compile(r"<[^>\n]*>|\{\\[^}\n]*\}")


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    return 80 if text is not None and _FIRST_CUE.match(text) else 0


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    try:
        cues = list(srt.parse(src.text))
    except srt.SRTParseError as e:
        line = src.text.count("\n", 0, e.expected_start) + 1  # where the unreadable cue begins
        raise InputError(
            f"{src.name}: this SRT file is damaged at line {line}; export the subtitles again, "
            "or fix that cue (number, timing line, text, blank line)"
        ) from None
    lines = (
        (*split_speaker(_STYLING.sub("", text)), cue.start.total_seconds(), cue.end.total_seconds())
        for cue in cues
        for text in cue.content.split("\n")
    )
    return [transcript_from_lines(src, "srt", lines)]


READER = Reader(
    name="srt",
    description="SRT subtitles with speaker labels (Whisper diarisation, Zoom, subtitle editors)",
    extensions=(".srt",),
    sniff=_sniff,
    read=_read,
)
