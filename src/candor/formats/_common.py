"""What every reader shares: the input, decoding, and building turns."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from candor.errors import InputError
from candor.model import Role, Speaker, Transcript, Turn

# Magic numbers of files people drop in by mistake (images, PDFs, archives, audio).
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF",
    b"ID3": "an MP3 audio file",
    b"RIFF": "an audio or video file",
    b"\x1f\x8b": "a gzip archive",
    b"\x00\x00\x00\x18ftyp": "a video file",
    b"\x00\x00\x00\x1cftyp": "a video file",
    b"\x00\x00\x00\x20ftyp": "a video file",
}


@dataclass
class Source:
    """One input: a file's name and raw bytes (or a directory, for ConvoKit)."""

    name: str
    data: bytes = b""
    path: Path | None = None

    @property
    def is_dir(self) -> bool:
        return self.path is not None and self.path.is_dir()

    @property
    def is_zip(self) -> bool:
        return self.data[:4] == b"PK\x03\x04"

    @cached_property
    def text(self) -> str:
        return decode(self.data, self.name)

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs first (UTF-8, UTF-16), then UTF-8, then Windows-1252.

    Line endings become "\\n". Binary data is refused with a clear message.
    """
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a transcript; give Candor a text, subtitle, DOCX, CSV or JSON transcript")
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif _looks_utf16(data):
        text = data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be", errors="replace")
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{name}: this is a binary file, not a transcript; export the transcript as text, VTT, SRT, DOCX, CSV or JSON")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _garbled(text):
        raise InputError(
            f"{name}: the text does not decode in any encoding Candor knows (UTF-8, UTF-16, Windows-1252); "
            "save the file as UTF-8 and try again"
        )
    return text


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) / 2
    return odd_zeros > 0.3 * half or even_zeros > 0.3 * half


def _garbled(text: str) -> bool:
    """True when the text is mostly replacement or control characters."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\t\f"))
    return bad > 0.05 * len(sample)


_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Collapse white space; readers call this on every turn's text."""
    return _SPACE.sub(" ", text).strip()


def parse_time(value: str) -> float | None:
    """'01:02:03.5', '1:02:03,500', '02:03', '0:05' or '12.5' to seconds; None if not a time."""
    value = value.strip().replace(",", ".")
    if not value:
        return None
    parts = value.split(":")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        return None
    seconds = 0.0
    for n in nums:
        seconds = seconds * 60 + n
    return seconds


@dataclass
class TurnBuilder:
    """Collects utterances in order; consecutive ones of one speaker become one turn."""

    merge: bool = True
    _turns: list[list] = field(default_factory=list)  # [speaker, [texts], start, end]
    _order: list[str] = field(default_factory=list)

    def add(self, speaker: str, text: str, start: float | None = None, end: float | None = None) -> None:
        speaker = clean(speaker)
        text = clean(text)
        if not speaker or not text:
            return
        if speaker not in self._order:
            self._order.append(speaker)
        last = self._turns[-1] if self._turns else None
        if self.merge and last is not None and last[0] == speaker:
            last[1].append(text)
            if end is not None:
                last[3] = end
            if last[2] is None:
                last[2] = start
        else:
            self._turns.append([speaker, [text], start, end])

    def __len__(self) -> int:
        return len(self._turns)

    def build(
        self,
        source: str,
        format: str,
        session: str | None = None,
        roles: dict[str, Role] | None = None,
    ) -> Transcript:
        """The transcript, roles as given (resolution happens later, for every format)."""
        roles = roles or {}
        turns = tuple(
            Turn(i, spk, " ".join(texts), start, end)
            for i, (spk, texts, start, end) in enumerate(self._turns, start=1)
        )
        speakers = tuple(Speaker(name, roles.get(name)) for name in self._order)
        return Transcript(source=source, speakers=speakers, turns=turns, session=session, format=format)
