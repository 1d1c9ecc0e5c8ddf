"""Plain text with speaker labels: `Name: text`, `T:`/`C:`, `T1 text`, timestamps optional.

Also the plain-text renderings diarisation tools write (`SPEAKER_00: text`,
or `SPEAKER_00:` alone on a line with the text below it). A line without a
label continues the turn above it, so wrapped text stays in one turn.
"""

from __future__ import annotations

import re
from collections import Counter

from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, parse_time
from candor.formats.roles import role_from_label
from candor.model import Transcript

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
# "[00:01:02] ", "(0:05) ", "00:01:02 - " before the label.
_LEAD = rf"^\s*(?:[\[(]?(?P<lead>{_TIME})[\])]?\s*(?:[-–—|]\s*)?)?"
# A label is short: a capitalised word or a code, then up to three more words
# that are capitalised, numbers, single letters or name particles ("van").
_WORD = r"(?:[A-Z][\w.'’-]*|(?i:therapist|client|counsell?or|clinician|patient)\b)"
_MORE = r"(?:[A-Z0-9][\w.'’-]*|van|von|de|del|der|da|di|du|la|le|el|al|bin|ibn)"
_NAME = rf"(?P<name>{_WORD}(?:[ \t]{_MORE}){{0,3}}?)"
_LABEL = re.compile(
    _LEAD + _NAME + rf"(?:\s*[\[(](?P<after>{_TIME})[\])])?\s*:(?:\s+(?P<text>.*))?$"
)
# Numbered codes may go without a colon: "T1 Good morning." / "C12 Yes."
_CODE = re.compile(_LEAD + r"(?P<name>(?:Th|Cl|T|C|P)\d{1,3})\s+(?P<text>\S.*)$")
_NUMBERED_CODE = re.compile(r"^(Th|Cl|T|C|P|S)\d+$")

# Words that end in a colon in ordinary prose and headers, never speakers.
_NOT_SPEAKERS = frozenset(
    """note notes nb ps well so but and or yes no ok okay oh example examples e.g i.e warning
    update subject date time summary tip caution important source title re fwd from to cc bcc
    step chapter part session transcript duration location participants attendees recording
    file page topic agenda meeting question answer definition reference references see also
    however therefore result results conclusion introduction abstract keywords""".split()
)


def text_of(src: Source) -> str | None:
    """The decoded text, or None for inputs no text reader should claim (DOCX, folders)."""
    if src.is_dir or src.is_zip:
        return None
    return src.text


def parse_label(line: str) -> tuple[str, str, float | None] | None:
    """(speaker, text, start seconds) if the line opens with a speaker label."""
    m = _LABEL.match(line) or _CODE.match(line)
    if not m:
        return None
    name = m.group("name").strip().rstrip(".")
    if name.casefold() in _NOT_SPEAKERS or name.split()[0].casefold() in _NOT_SPEAKERS:
        return None
    # "T1", "C12": the number counts turns, the speaker is the letter.
    code = _NUMBERED_CODE.match(name)
    if code:
        name = code.group(1)
    when = m.groupdict().get("lead") or m.groupdict().get("after")
    return name, (m.group("text") or "").strip(), parse_time(when) if when else None


_CUE_TIMING = re.compile(r"\d:\d{2}[:.,\d]*\s*-->\s*\d", re.MULTILINE)


def is_subtitle(text: str) -> bool:
    """WebVTT and SRT files carry speaker labels too; their own readers take them."""
    return text.lstrip("\ufeff \n").startswith("WEBVTT") or bool(_CUE_TIMING.search(text))


def sniff(src: Source) -> int:
    text = text_of(src)
    if not text or is_subtitle(text):
        return 0
    lines = [ln for ln in text.split("\n") if ln.strip()][:2000]
    labels = [lab[0] for lab in map(parse_label, lines) if lab]
    if len(labels) < 2 or not lines:
        return 0
    counts = Counter(labels)
    # In a dialogue a few labels recur; prose "Note:"/"Well:" lines are each different.
    if len(counts) > max(2, len(labels) // 2) or counts.most_common(1)[0][1] < 2 and len(labels) > 2:
        return 0
    line_share = len(labels) / len(lines)
    # Block layout (label alone, text below): judge by paragraphs instead.
    paragraphs = [p.strip().split("\n")[0] for p in re.split(r"\n\s*\n", text) if p.strip()]
    para_share = sum(1 for p in paragraphs if parse_label(p)) / len(paragraphs)
    share = max(line_share, para_share if len(paragraphs) > 2 else 0.0)
    # Long turns wrapped over many lines leave few labelled lines; a handful of
    # labels taking turns again and again is dialogue all the same.
    top_two = sum(n for _, n in counts.most_common(2))
    dialogue = len(labels) >= 6 and len(counts) <= 5 and top_two >= 0.6 * len(labels)
    if share < (0.1 if dialogue else 0.3):
        return 0
    # Plain text is the fallback layout: at most 50, so formats with a firmer
    # signature (Otter headers, printed transcripts, subtitles) win.
    return int(20 + 30 * min(1.0, share))


def read(src: Source, options: ReadOptions) -> list[Transcript]:
    builder = TurnBuilder()
    names: dict[str, None] = {}  # speakers in order of appearance
    speaker: str | None = None
    start: float | None = None
    for line in (text_of(src) or "").split("\n"):
        if not line.strip():
            continue
        label = parse_label(line)
        if label:
            speaker, said, start = label
            names[speaker] = None
            builder.add(speaker, said, start)
            if said:
                start = None
        elif speaker:  # unlabelled: wrapped text of the turn above; before any label: a title
            builder.add(speaker, line, start)
            start = None
    roles = {s: r for s in names if (r := role_from_label(s))}
    return [builder.build(src.name, READER.name, roles=roles)]


READER = Reader(
    name="text",
    description="plain text with speaker labels (Name: text, T:/C:, T1/C2, optional timestamps)",
    extensions=(".txt", ".text", ".md"),
    sniff=sniff,
    read=read,
)
