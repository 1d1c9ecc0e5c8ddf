"""WebVTT captions: Zoom (`Name: text` cues), Microsoft Teams (`<v Name>` voice tags), Whisper tools."""

from __future__ import annotations

import html
import io

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Caption

from candor.errors import InputError
from candor.formats import Reader, ReadOptions
from candor.formats._common import Source
from candor.formats._speakers import sniff_text, split_speaker, transcript_from_lines
from candor.model import Transcript


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    return 90 if text is not None and text.lstrip().startswith("WEBVTT") else 0


def _lines(caption: Caption):
    start = caption.start_time.in_milliseconds() / 1000
    end = caption.end_time.in_milliseconds() / 1000
    # raw_text keeps the tags, text drops them; their lines correspond one to one.
    for raw, plain in zip(caption.raw_text.split("\n"), caption.text.split("\n")):
        voice = Caption.VOICE_SPAN_PATTERN.search(raw)
        text = html.unescape(plain)  # &amp; &lt; &nbsp; are escapes in cue text
        speaker, text = (html.unescape(voice.group(1)).strip(), text) if voice else split_speaker(text)
        yield speaker, text, start, end


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    try:
        # strict: a damaged cue is an error, not silently missing speech.
        captions = webvtt.from_buffer(io.StringIO(src.text), strict=True).captions
    except (MalformedFileError, MalformedCaptionError) as e:
        # Not the library's message: it quotes the offending line, which may hold what was said.
        what = "a cue is unreadable" if isinstance(e, MalformedCaptionError) else "the WEBVTT header is missing"
        raise InputError(
            f"{src.name}: this WebVTT file is damaged ({what}); export the transcript again from Zoom or Teams"
        ) from None
    return [transcript_from_lines(src, "vtt", (line for c in captions for line in _lines(c)))]


READER = Reader(
    name="vtt",
    description="WebVTT captions from Zoom, Microsoft Teams or Whisper (speaker labels or <v> voice tags)",
    extensions=(".vtt",),
    sniff=_sniff,
    read=_read,
)
