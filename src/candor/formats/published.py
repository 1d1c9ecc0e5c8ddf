"""Transcripts as printed in books: numbered turns (`T1`/`C1`, `C 2:`/`S 2:`), page headers.

Built for the published Carl Rogers volume and anything printed like it:
- running page headers ("<title>, <session> Interview, page 5") are removed,
  and they name the session and the part of the book each page belongs to;
  pages of an introduction or a commentary hold no turns;
- the volume's legend ("the responses of the therapist (C) (Carl Rogers),
  and the client (S) (Sylvia)") says which letter is which speaker, so a
  `C` can be the therapist in one session and the client in the next;
- bracketed commentary (`[Carl: ...]`, `C Commentary 5: [...]`), stage
  directions and the other speaker's back-channels in parentheses
  (`(Smiles.)`, `(C: Mhm)`) and footnotes are not the speaker's words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean
from candor.formats.text import is_subtitle, text_of
from candor.model import Role, Transcript

_PAGE_HEAD = re.compile(r"^(?P<head>\S.{2,150}?),?\s+page\s+\d{1,4}\s*$", re.IGNORECASE)
_LEGEND = re.compile(
    r"(?i:therapist|counsell?or|clinician)\s*\((?P<tcode>[A-Z])\)\s*(?:\((?P<tname>[^()]{1,40})\))?"
    r"[^()]{0,30}?(?i:client|patient)\s*\((?P<ccode>[A-Z])\)\s*(?:\((?P<cname>[^()]{1,40})\))?"
)
# "T1 text", "C 2: text", "T: text", "S1 (continued): text": a number or a colon is required.
_CODE_LABEL = re.compile(
    r"^(?P<code>[A-Z])\s?(?P<num>\d{1,3})?(?:\s*\(continued\))?(?:\s*(?P<colon>:)|(?=\s))\s*(?P<text>.*)$"
)
# "Carl: text", "Sylvia1: text" (a footnote mark after the name).
_NAME_LABEL = re.compile(
    r"^(?P<name>[A-Z][A-Za-z’'.-]+(?: [A-Z][A-Za-z’'.-]+)?)\d{0,2}(?:\s*\(continued\))?\s*:\s*(?P<text>.*)$"
)
_COMMENTARY = re.compile(r"^[A-Z][\w’'.]*(?:\s+[\w’'.]+){0,3}?\s+Comment(?:ary|s)?\s*\d*\s*:")
_END = re.compile(
    r"^\s*(?:END\b.*|(?i:end of (?:the )?(?:part|session|film|tape|side|interview|reel|recording|transcript))\b.*)$"
)
_FOOTNOTE = re.compile(r"^\d{1,2}\s+[A-Z]")
# Parts of a book that are not dialogue, as the page header names them.
_NOT_DIALOGUE = re.compile(
    r"\b(?:introduction|commentary|comments?|preface|foreword|contents|notes|appendix)\b", re.IGNORECASE
)
_PART_WORDS = re.compile(
    r"\b(?:(?:pre|post)-?session\s+)?(?:introduction|commentary|comments?|preface|foreword|contents|"
    r"notes|appendix|interview|transcript)\b",
    re.IGNORECASE,
)
# Commentary blocks in the Rogers volume run to about 20 lines.
_LONGEST_COMMENTARY = 60
_GENERIC = frozenset("session interview part chapter transcript volume day week film".split())


@dataclass(frozen=True)
class _Legend:
    therapist_code: str = "T"
    client_code: str = "C"
    therapist: str | None = None
    client: str | None = None


@dataclass(frozen=True)
class _Line:
    text: str
    session: str | None
    dialogue: bool
    legend: _Legend


def _numbered(line: str) -> bool:
    m = _CODE_LABEL.match(line)
    return bool(m and m.group("num"))


def sniff(src: Source) -> int:
    text = text_of(src)
    if not text or is_subtitle(text):
        return 0
    lines = text.split("\n")
    numbered = [ln[0] for ln in lines if _numbered(ln)]
    heads = len(_page_heads(lines))
    # Numbered turns of two speakers, plus the marks of a printed book.
    if len(numbered) < 6 or len(set(numbered)) < 2 or not (heads >= 2 or _LEGEND.search(text)):
        return 0
    return 80


def read(src: Source, options: ReadOptions) -> list[Transcript]:
    lines = _lines(text_of(src) or "")
    builders: dict[str | None, TurnBuilder] = {}
    roles: dict[str | None, dict[str, Role]] = {}
    speaker: str | None = None  # whose words the lines below continue
    said: list[str] = []
    skip_depth = 0  # open brackets of a commentary block being skipped
    skipped = 0  # lines skipped in that block
    skip_to_label = False  # a commentary without brackets runs to the next label
    session: str | None = None

    def flush() -> None:
        nonlocal speaker, said
        if speaker is not None:
            builders[session].add(speaker, _tidy(said))
        speaker, said = None, []

    for ln in lines:
        if ln.session != session:
            flush()
            session, skip_depth, skip_to_label = ln.session, 0, False
        line = ln.text.strip()
        # A bracket the printer never closed must not swallow the session:
        # after a long block, a numbered turn ends it.
        if skip_depth and skipped > _LONGEST_COMMENTARY and _numbered(line):
            skip_depth = 0
        if skip_depth:
            skip_depth = max(0, skip_depth + line.count("[") - line.count("]"))
            skipped += 1
            continue
        if not ln.dialogue or not line or not re.search(r"\w", line):
            continue
        if line.startswith("[") or _COMMENTARY.match(line):
            skip_depth, skipped = max(0, line.count("[") - line.count("]")), 0
            skip_to_label = "[" not in line
            continue
        if _END.match(line):
            flush()
            continue
        label = _label(line, ln.legend, session)
        if label:
            flush()
            skip_to_label = False
            speaker, role, text = label
            builders.setdefault(session, TurnBuilder())
            roles.setdefault(session, {})[speaker] = role
            said = [text]
        elif speaker is not None and not skip_to_label:
            said.append(line)
    flush()
    return [
        b.build(src.name, READER.name, session=s, roles=roles.get(s)) for s, b in builders.items() if len(b)
    ]


def _lines(text: str) -> list[_Line]:
    """Every line of the book with its session, part and legend; page headers and footnotes gone."""
    raw = text.split("\n")
    legends: dict[int, _Legend] = {}
    for m in _LEGEND.finditer(text):
        legends[text.count("\n", 0, m.start())] = _Legend(
            m.group("tcode"), m.group("ccode"), _name(m.group("tname")), _name(m.group("cname"))
        )
    full = _full_names(legends.values())
    heads = _page_heads(raw)
    prefix = _common_prefix([_PAGE_HEAD.match(raw[i]).group("head") for i in heads]) if heads else ""

    out: list[_Line] = []
    legend = _Legend()
    page_start = 0
    # A page header closes its page (these books print it at the foot).
    for end in heads + [len(raw)]:
        if end < len(raw):
            where = _PAGE_HEAD.match(raw[end]).group("head")[len(prefix):].strip(" ,")
            session, dialogue = _session_of(where), not _NOT_DIALOGUE.search(where)
        elif out:  # text after the last header belongs with the page before it
            session, dialogue = out[-1].session, out[-1].dialogue
        else:
            session, dialogue = None, True
        page = raw[page_start:end]
        page = page[: _footnote_start(page)]
        for offset, text_line in enumerate(page):
            if page_start + offset in legends:
                legend = legends[page_start + offset]
                legend = replace(legend, therapist=full.get(legend.therapist, legend.therapist))
            out.append(_Line(text_line, session, dialogue, legend))
        page_start = end + 1
    return out


def _page_heads(lines: list[str]) -> list[int]:
    """Indexes of the running page headers: lines ending "page N" that start like most such lines.

    A turn that happens to end with "on page 12" starts differently, so it stays a turn.
    """
    found = [i for i, ln in enumerate(lines) if _PAGE_HEAD.match(ln) and not _numbered(ln)]
    firsts = Counter(lines[i].split()[0] for i in found)
    if not firsts or firsts.most_common(1)[0][1] < 2:
        return []
    first = firsts.most_common(1)[0][0]
    return [i for i in found if lines[i].split()[0] == first]


def _label(line: str, legend: _Legend, session: str | None) -> tuple[str, Role, str] | None:
    """(speaker name, role, text) when the line opens a turn."""
    therapist = legend.therapist or "Therapist"
    client = legend.client or _client_from_session(session) or "Client"
    m = _CODE_LABEL.match(line)
    if m and (m.group("num") or m.group("colon")):
        if m.group("code") == legend.therapist_code:
            return therapist, Role.THERAPIST, m.group("text")
        if m.group("code") == legend.client_code:
            return client, Role.CLIENT, m.group("text")
    m = _NAME_LABEL.match(line)
    if m:
        words = set(m.group("name").casefold().split())
        if words <= set(therapist.casefold().split()):
            return therapist, Role.THERAPIST, m.group("text")
        if words <= set(client.casefold().split()):
            return client, Role.CLIENT, m.group("text")
    return None


def _tidy(lines: list[str]) -> str:
    """One turn's text: lines joined, bracketed and parenthesised notes removed."""
    text = ""
    for line in lines:
        # A word broken at the line end ("emo-" / "tion", "M-" / "hm") is joined up.
        joiner = "" if re.search(r"[a-z]-$", text) and line[:1].islower() else " "
        text = f"{text}{joiner}{line}" if text else line
    previous = None
    while previous != text:  # innermost first, so nested notes go too
        previous = text
        text = re.sub(r"\([^()]{0,300}\)|\[[^\[\]]{0,2000}\]", " ", text)
    text = clean(text)
    return re.sub(r"\s+([,.;:?!])", r"\1", text)


def _footnote_start(page: list[str]) -> int:
    """Where the footnotes at the foot of a page begin (len(page) if none)."""
    for i in range(max(0, len(page) - 3), len(page)):
        if _FOOTNOTE.match(page[i]):
            return i
    return len(page)


def _session_of(where: str) -> str | None:
    name = re.sub(r"[\s,]+", " ", _PART_WORDS.sub(" ", where)).strip(" -–")
    return name or None


def _client_from_session(session: str | None) -> str | None:
    first = (session or "").split(" ")[0]
    return first if first.isalpha() and first[:1].isupper() and first.casefold() not in _GENERIC else None


def _name(raw: str | None) -> str | None:
    return clean(raw) if raw and clean(raw) else None


def _full_names(legends) -> dict[str, str]:
    """Each therapist name to the fullest form the book uses ("Rogers" -> "Carl Rogers")."""
    names = {lg.therapist for lg in legends if lg.therapist}
    full = {}
    for n in names:
        longer = [m for m in names if set(n.split()) < set(m.split())]
        full[n] = max(longer, key=len) if longer else n
    return full


def _common_prefix(heads: list[str]) -> str:
    """The title every page header starts with, cut at a comma so session names stay whole."""
    prefix = heads[0]
    for h in heads[1:]:
        while not h.startswith(prefix):
            prefix = prefix[:-1]
    cut = prefix.rfind(",")
    return prefix[: cut + 1] if cut >= 0 else ""


READER = Reader(
    name="published",
    description="printed transcripts with numbered turns (T1/C1, C 1:/S 1:) and page headers, e.g. books",
    extensions=(".txt",),
    sniff=sniff,
    read=read,
)
