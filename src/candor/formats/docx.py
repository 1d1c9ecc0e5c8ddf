"""Word (.docx) transcripts from Teams, Google Meet, Word and transcription services.

Three layouts, found by counting which one the lines follow:
- header: `Name   0:03` (or `0:03 Name`) on its own line, the spoken text below (Teams, Word);
- colon: `Name: text` paragraphs, unlabelled paragraphs continuing (Meet, services);
- cue: `0:0:5.100 --> 0:0:8.250`, then the name, then the text (older Teams).
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import LxmlError

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean, parse_time
from candor.formats._speakers import is_name, split_speaker
from candor.model import Transcript

_TIME = r"\d{1,2}:\d{1,2}(?::\d{1,2})?(?:[.,]\d+)?"
_NAME = r"[^\d\s:][^:\n]{0,59}?"
_CUE = re.compile(rf"(?:(?P<name>{_NAME})\s+)?(?P<start>{_TIME})\s*-->\s*(?P<end>{_TIME})")
_HEADER = re.compile(rf"(?P<name>{_NAME})\s+(?P<start>{_TIME})|(?P<start2>{_TIME})\s+(?P<name2>{_NAME})")
_TIME_ONLY = re.compile(rf"\(?(?P<start>{_TIME})\)?")
# Lines the apps add that nobody said.
_BOILERPLATE = re.compile(
    r"(started|stopped) transcription$|^transcription ended after|transcript was computer generated",
    re.I,
)


def _sniff(src: Source) -> int:
    return 90 if src.is_zip and "word/document.xml" in _zip_names(src) else 0


def _zip_names(src: Source) -> set[str]:
    try:
        return set(zipfile.ZipFile(io.BytesIO(src.data)).namelist())
    except zipfile.BadZipFile:
        return set()


def _lines(src: Source) -> list[str]:
    if not src.is_zip or "word/document.xml" not in _zip_names(src):
        raise InputError(
            f"{src.name}: this is not a Word document (.docx); export the transcript as DOCX, VTT, SRT or text"
        )
    try:
        document = docx.Document(io.BytesIO(src.data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, LxmlError) as e:
        raise InputError(
            f"{src.name}: this Word document is damaged ({type(e).__name__}); "
            "open it in Word and save it again as .docx"
        ) from None
    # A line break inside a paragraph separates a header from its text in some exports.
    return [clean(line) for p in document.paragraphs for line in p.text.split("\n")]


def _header(line: str) -> tuple[str, float | None] | None:
    """(name, start) for a `Name   0:03` or `0:03 Name` line."""
    m = _HEADER.fullmatch(line)
    if not m or not is_name(m["name"] or m["name2"]):
        return None
    return clean(m["name"] or m["name2"]), parse_time(m["start"] or m["start2"])


def _layout(lines: list[str]) -> str:
    counts = {
        "cue": sum(bool(_CUE.fullmatch(x)) for x in lines),
        "header": sum(_header(x) is not None for x in lines),
        "colon": sum(split_speaker(x)[0] is not None for x in lines),
    }
    return max(counts, key=lambda k: counts[k])


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    lines = [x for x in _lines(src) if x and not _BOILERPLATE.search(x)]
    layout = _layout(lines)
    builder = TurnBuilder()
    speaker = None
    start = end = None
    expect_name = False
    for line in lines:
        if m := _CUE.fullmatch(line):
            start, end = parse_time(m["start"]), parse_time(m["end"])
            speaker = clean(m["name"]) if m["name"] else speaker
            expect_name = not m["name"]
        elif expect_name:
            speaker, expect_name = line, False
        elif layout == "header" and (header := _header(line)):
            (speaker, start), end = header, None
        elif m := _TIME_ONLY.fullmatch(line):
            start, end = parse_time(m["start"]), None  # Meet prints the time every few minutes
        elif line.startswith("[") and line.endswith("]"):
            continue  # [Cross talk], [inaudible]: transcriber's notes, not speech
        else:
            label, text = split_speaker(line) if layout == "colon" else (None, line)
            speaker = label or speaker
            if speaker is not None:  # text before the first speaker is the title block
                builder.add(speaker, text, start, end)
                start = end = None
    return [builder.build(src.name, "docx")]


READER = Reader(
    name="docx",
    description="Word transcripts from Teams, Google Meet, Word or a transcription service",
    extensions=(".docx",),
    sniff=_sniff,
    read=_read,
)
