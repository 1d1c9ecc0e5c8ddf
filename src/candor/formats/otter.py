"""Otter.ai text export: a `Name  0:05` header line, then that speaker's text.

The real export puts two spaces before and after the time, a blank line after
each paragraph, and may end with `Transcribed by https://otter.ai`. Some
sites keep it as Markdown with the name in bold (`**Name**  0:05`).
"""

from __future__ import annotations

import re

from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, parse_time
from candor.formats.roles import role_from_label
from candor.formats.text import is_subtitle, text_of
from candor.model import Transcript

# Name: up to five words (Otter's own "Unknown Speaker" is two), no colon, then
# the time alone at the end of the line.
_HEADER = re.compile(
    r"^\s*(?:\*\*)?(?P<name>[^\s:*][^:*]{0,60}?)(?:\*\*)?[ \t]+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*$"
)
_FOOTER = re.compile(r"^\s*Transcribed by\s+\S*otter\.ai\S*\s*$", re.IGNORECASE)


def _header(line: str) -> tuple[str, float | None] | None:
    m = _HEADER.match(line)
    if not m or len(m.group("name").split()) > 5 or not m.group("name")[0].isalpha():
        return None
    return m.group("name").strip(), parse_time(m.group("time"))


def sniff(src: Source) -> int:
    text = text_of(src)
    if not text or is_subtitle(text):
        return 0
    lines = [ln for ln in text.split("\n") if ln.strip()][:3000]
    headers = sum(1 for ln in lines if _header(ln))
    # Every paragraph has its header, so about half the non-blank lines are headers.
    if headers < 2 or headers < 0.25 * len(lines):
        return 0
    return 70


def read(src: Source, options: ReadOptions) -> list[Transcript]:
    lines = (text_of(src) or "").split("\n")
    # Otter leaves a blank line before each header; when the file keeps that
    # layout, a short text line ending in a time ("See you at 5:30") is text.
    after_blank = [i == 0 or not lines[i - 1].strip() for i, ln in enumerate(lines) if _header(ln)]
    strict = sum(after_blank) > len(after_blank) / 2
    builder = TurnBuilder()
    names: dict[str, None] = {}
    speaker: str | None = None
    start: float | None = None
    for i, line in enumerate(lines):
        if not line.strip() or _FOOTER.match(line):
            continue
        header = _header(line)
        if header and strict and i > 0 and lines[i - 1].strip():
            header = None
        if header:
            speaker, start = header
            names[speaker] = None
        elif speaker:
            builder.add(speaker, line, start)
    roles = {s: r for s in names if (r := role_from_label(s))}
    return [builder.build(src.name, READER.name, roles=roles)]


READER = Reader(
    name="otter",
    description="Otter.ai text export (a 'Name  0:05' line, then the text)",
    extensions=(".txt", ".md"),
    sniff=sniff,
    read=read,
)
