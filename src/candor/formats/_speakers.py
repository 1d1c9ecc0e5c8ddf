"""Speaker labels shared by the structured readers (subtitles, DOCX, tables, JSON, ConvoKit).

Three things: finding a speaker label at the start of a line (`Name: text`,
`[SPEAKER_01]: text`), turning labelled lines into a transcript, and reading
role words (therapist, client, ...) that data files put in a column or field.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from candor.errors import InputError
from candor.formats._common import Source, TurnBuilder
from candor.formats.roles import role_from_label
from candor.model import Transcript

# What a whole file gets when it carries no speaker labels at all (plain Whisper
# output): one speaker, so role resolution reports that, instead of zero turns.
UNLABELLED = "Speaker 1"

# `Name: text`, `- Name: text` (subtitle dialogue dash), `[SPEAKER_01]: text`.
# A name is short and has no sentence punctuation, so `So the plan: ...` in
# running speech is rarely taken for a label; a space must follow the colon so
# clock times (`at 10:30`) never are.
_PREFIX = re.compile(
    r"""\s*(?:[-\u2013\u2014]\s*)?
        (?:\[(?P<bracket>[^\]\n]{1,60})\]\s*:
          |(?P<name>[^\s:,;?!"\[\]<>][^:,;?!"\[\]<>\n]{0,49}?)\s*:)
        (?:\s+|$)(?P<text>.*)""",
    re.X | re.S,
)
_MAX_NAME_WORDS = 5
# Lower-case words allowed inside a multi-word name (Maria de la Cruz).
_PARTICLES = frozenset(
    {"de", "del", "della", "da", "di", "du", "la", "le", "van", "von", "der", "den", "bin", "al", "y"}
)


def split_speaker(line: str) -> tuple[str | None, str]:
    """(speaker, text) when the line starts with a speaker label, else (None, line)."""
    m = _PREFIX.fullmatch(line)
    if not m:
        return None, line
    if m["bracket"]:
        return m["bracket"].strip(), m["text"]
    if not is_name(m["name"]):
        return None, line
    return " ".join(m["name"].split()), m["text"]


def is_name(text: str) -> bool:
    """Whether a label could be a speaker's name rather than words of speech.

    In a multi-word name every word is capitalised ("Dr. Melissa Ko"); speech
    before a colon or a time ("So the plan: ...", "I woke at 4:30") is not.
    """
    words = text.split()
    if not words or len(words) > _MAX_NAME_WORDS:
        return False
    return len(words) == 1 or not any(w[0].islower() and w not in _PARTICLES for w in words)


def transcript_from_lines(
    src: Source, format: str, lines: Iterable[tuple[str | None, str, float | None, float | None]]
) -> Transcript:
    """Labelled lines (speaker or None, text, start, end) in order, to one transcript.

    A line with no label continues the current speaker (Zoom and Teams leave
    the label off a speaker's later cues). A file with no labels at all is one
    speaker's; lines before the first label in a labelled file are left out,
    with a warning, rather than given to a speaker who did not say them.
    """
    lines = list(lines)
    if not any(speaker for speaker, *_ in lines):
        lines = [(UNLABELLED, *rest) for _, *rest in lines]
    builder = TurnBuilder()
    current, skipped = None, 0
    for speaker, text, start, end in lines:
        current = speaker or current
        if current is None:
            skipped += bool(text.strip())
            continue
        builder.add(current, text, start, end)
    transcript = builder.build(src.name, format)
    if skipped:
        warning = f"{skipped} line(s) before the first speaker label had no speaker and were left out"
        transcript = replace(transcript, warnings=(warning,))
    return transcript


def all_roles(values: Iterable[object]) -> bool:
    """True when every non-empty value is a role word (so the field holds roles, not names)."""
    seen = [v for v in values if isinstance(v, str) and v.strip()]
    return bool(seen) and all(role_from_label(v) is not None for v in seen)


def sniff_text(src: Source) -> str | None:
    """The decoded text for sniffing, or None for directories, zips and binary files."""
    if src.is_dir or src.is_zip or not src.data:
        return None
    try:
        return src.text
    except InputError:
        return None
