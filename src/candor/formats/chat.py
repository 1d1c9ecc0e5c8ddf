"""TalkBank CHAT (.cha): CHILDES, AphasiaBank and clinical-interview transcripts.

A CHAT file is headers (`@Participants:`), main tiers (`*INV:<tab>what was
said .`) and dependent tiers under them (`%mor:`, `%gra:`, `%com:`); a line
starting with a tab continues the tier above. Only main tiers are speech.
`speech()` strips CHAT's annotation codes so the detector sees plain words;
the ELAN reader uses it too, since ELAN files converted from CHAT keep them.
"""

from __future__ import annotations

import re

from candor.formats import Reader, ReadOptions
from candor.formats._common import Source, TurnBuilder, clean
from candor.formats._speakers import sniff_text
from candor.formats.roles import role_from_label
from candor.model import Role, Transcript

_MAIN = re.compile(r"\*(?P<code>[A-Za-z0-9_]{1,8}):\s*(?P<text>.*)", re.S)
_TIER_START = re.compile(r"[@*%]")

# Media bullets: `\x15835_3665\x15` (older files: `\x15%snd:"064"_835_3665\x15`),
# or the bare `835_3665` some converters leave at the end of the line. Milliseconds.
_BULLET = re.compile(r"\x15[^\x15]*?(\d+)_(\d+)\x15")
_ANY_BULLET = re.compile(r"\x15[^\x15]*\x15")
_BARE_BULLET = re.compile(r"(?:^|\s)(\d+)_(\d+)\s*$")

# CHAT role words (the last word of a @Participants entry) that say who is who.
_THERAPIST_ROLES = {"investigator", "interviewer", "therapist", "clinician"}
_CLIENT_ROLES = {"participant", "patient", "client"}
# Pseudo-speakers CHAT uses for background sound; never therapist or client.
_NOT_PEOPLE = {"environment", "media", "unidentified"}

# --- CHAT codes to plain words, in the order `speech` applies them.
_SHORTENING = re.compile(r"\(([^\W\d_]+)\)(?=\w)|(?<=\w)\(([^\W\d_]+)\)")  # (be)cause: said "cause"
_FILLER = re.compile(r"(?<!\S)&-(\S+)")  # &-uh is a filler that was said: keep "uh"
# [/] [//] [*] [: target] [=! laughs] [+ exc]: notes on the words; innermost first, as they nest.
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GAPS = [  # codes that stand apart from the words: replaced by a space
    re.compile(r"\{[^}]*\}"),  # {laughs}: comments in converted and ELAN transcripts
    re.compile(r"[<>‹›⌈⌉⌊⌋〔〕]"),  # scope and overlap marks; the words inside were said
    re.compile(r"\((?:\.+|\d[\d:.]*)\)"),  # pauses (.) (..) (1.5)
    re.compile(r"(?<!\S)&(?=\S)\S*"),  # &=laughs (event), &+fr &~ga &th (fragments), &*INV:mhm (interjected)
    re.compile(r"(?<!\S)(?:xxx|yyy|www|xx|yy)(?:@\S*)?(?!\S)"),  # unintelligible or untranscribed
    re.compile(r"(?<!\S)0(?:[^\W\d]\S*)?(?!\S)"),  # 0word: a word the speaker left out; bare 0: no speech
    re.compile(r"(?<!\S):+(?!\S)"),  # a lengthening mark standing alone
]
_INSIDE = [  # codes inside a word: removed, the word closes up
    re.compile(r"(?<=\w)@[\w:$*&+-]*"),  # word@s:spa, word@b: language and special-form suffixes
    re.compile(r"[↑↓↗→↘⇗⇘∞≡∙⁎°▔▁☺♋⁇∬∲§∾↻◉ˈˌ≠≈≋^]"),  # prosody and CA symbols
    re.compile(r"(?<=[^\W\d_]):+"),  # lengthening: no: ye:s
]
_PLUS = re.compile(r"(?<!\S)\+\S*")  # +... +/. +//? terminators; +^ +< ++ linkers
_DETACHED = re.compile(r"\s+([.?!,]+)(?=\s|$)")  # CHAT writes `word .`; text writes `word.`


def _terminator(m: re.Match) -> str:
    code = m.group()
    if code == "+...":
        return "..."  # trailing off
    if "?" in code:
        return "?"
    if code.endswith("!"):
        return "!"
    return "." if code.endswith(".") else ""  # interruptions and quotes end the sentence; linkers go


def speech(text: str) -> str:
    """One CHAT utterance as plain words ("" when nothing intelligible was said)."""
    text = _ANY_BULLET.sub(" ", text)
    text = _SHORTENING.sub(lambda m: m.group(1) or m.group(2), text)
    text = _FILLER.sub(r"\1", text)
    while _BRACKETS.search(text):
        text = _BRACKETS.sub(" ", text)
    for pattern in _GAPS:
        text = pattern.sub(" ", text)
    for pattern in _INSIDE:
        text = pattern.sub("", text)
    text = _PLUS.sub(_terminator, text)
    text = text.replace("„", ",").replace("‡", ",")  # tag question and vocative markers
    text = re.sub(r"(?<=\w)[_+](?=\w)", " ", text)  # compounds: ice_cream, Santa_Claus
    text = _DETACHED.sub(r"\1", clean(text)).lstrip(".?!, ")
    return text if re.search(r"\w", text) else ""


def as_sentence(text: str) -> str:
    """CHAT writes utterances in lower case; a capital lets the sentence splitter see where one starts."""
    return text[:1].upper() + text[1:]


def _sniff(src: Source) -> int:
    text = sniff_text(src)
    if text is None:
        return 0
    head = text[:20000]
    has = [re.search(p, head, re.M) for p in (r"^@Begin\s*$", r"^@Participants:", r"^\*[A-Za-z0-9_]{1,8}:")]
    return 95 if all(has) else 0


def _tiers(text: str) -> list[str]:
    """Each header and tier on one line; tab-indented lines continue the tier above."""
    tiers: list[str] = []
    for line in text.split("\n"):
        if _TIER_START.match(line):
            tiers.append(line)
        elif line[:1] in ("\t", " ") and tiers:
            tiers[-1] += " " + line.strip()
    return tiers


def _participants(tiers: list[str]) -> dict[str, tuple[str, Role | None]]:
    """Speaker code -> (display name, role) from `@Participants: CHI Lily Target_Child, MOT Mother`."""
    entries = []
    for tier in tiers:
        if tier.startswith("@Participants:"):
            entries = [e.split() for e in tier.split(":", 1)[1].split(",") if e.split()]
    people = {}
    for code, *rest in entries:
        word = rest[-1].replace("_", " ") if rest else ""
        name = " ".join(rest[:-1]).replace("_", " ")
        people[code] = (name or word or code, _role(word))
    # Two unnamed participants with one role word (two "Child"s) stay apart by their codes.
    shown = [display for display, _ in people.values()]
    return {
        code: (f"{display} ({code})" if shown.count(display) > 1 else display, role)
        for code, (display, role) in people.items()
    }


def _role(word: str) -> Role | None:
    key = word.casefold()
    if key in _THERAPIST_ROLES:
        return Role.THERAPIST
    if key in _CLIENT_ROLES:
        return Role.CLIENT
    if key in _NOT_PEOPLE:
        return Role.OTHER
    return role_from_label(word)  # Observer, Narrator -> other; Mother, Target Child -> unknown


def _times(text: str) -> tuple[str, float | None, float | None]:
    """The tier text without its bullets, and the first start and last end they give, in seconds."""
    spans = [(int(a), int(b)) for a, b in _BULLET.findall(text)]
    bare = _BARE_BULLET.search(text) if not spans else None
    if bare:
        spans, text = [(int(bare[1]), int(bare[2]))], text[: bare.start()]
    if not spans:
        return text, None, None
    return text, spans[0][0] / 1000, spans[-1][1] / 1000


def _read(src: Source, options: ReadOptions) -> list[Transcript]:
    tiers = _tiers(src.text)
    people = _participants(tiers)
    builder = TurnBuilder()
    for tier in tiers:
        if tier.startswith("@End"):
            break
        main = _MAIN.fullmatch(tier)
        if not main:
            continue  # headers, and %mor/%gra/%com: annotations on the speech, not speech
        text, start, end = _times(main["text"])
        name = people.get(main["code"], (main["code"], None))[0]
        builder.add(name, as_sentence(speech(text)), start, end)
    roles = {name: role for name, role in people.values() if role is not None}
    return [builder.build(src.name, "chat", roles=roles)]


READER = Reader(
    name="chat",
    description="TalkBank CHAT transcripts (.cha) from CLAN, CHILDES, AphasiaBank and clinical interviews",
    extensions=(".cha",),
    sniff=_sniff,
    read=_read,
)
