"""Split a turn into sentences, the unit every code is given to.

Transcribed speech is loosely punctuated, so this is a small regex splitter
that knows the usual abbreviations rather than a parser that expects prose.
"""

from __future__ import annotations

import re

# Abbreviations that end in a full stop without ending a sentence.
_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "vs", "etc", "e.g", "i.e", "jr", "sr", "prof",
    "approx", "dept", "mt", "ft", "a.m", "p.m", "u.s", "u.k",
}

# A boundary: ., ! or ? (possibly repeated, possibly closing a quote or bracket),
# then white space, then something that can start a sentence.
_BOUNDARY = re.compile(r"""([.!?]+["'\u201d\u2019)\]]*)\s+(?=["'\u201c\u2018(\[]?[A-Z0-9\-])""")


def split_sentences(text: str) -> list[str]:
    """The sentences of one turn, in order, white space trimmed."""
    text = text.strip()
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(1)
        candidate = text[start:end]
        last_word = re.search(r"([\w.'\u2019]+?)[.!?]+[\"'\u201d\u2019)\]]*$", candidate)
        if m.group(1).startswith(".") and not m.group(1).startswith("..") and last_word:
            word = last_word.group(1).lower().rstrip(".")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word != "i"):
                continue  # "Dr. Lee", "J. Smith"
        out.append(candidate.strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return [s for s in out if s]
