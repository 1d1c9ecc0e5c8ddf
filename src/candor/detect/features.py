"""Features for the trained detector: hashed word n-grams plus the rules' named signals.

Hashing needs no vocabulary file and is deterministic, so the model file
holds only weights. The rule signals carry what the CODEBOOK patterns know
(which rule fired, whether a guard for a usual false alarm matched, whether
the sentence echoes the client's last turn) for the model to weigh.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from candor.detect import patterns as P
from candor.detect.rules import echoes_client, normalise

N_HASH = 2**17

# A sentence with none of these cannot be self-involving: the fast candidate filter.
CANDIDATE = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|us|our|everybody|everyone|"
    r"all of us|human|minds?|same boat)\b|" + P.PROFANITY.pattern
)

SIGNALS: tuple[str, ...] = (
    *(f"rule:{r.name}" for r in P.CODE_RULES),
    *(f"code:{c}" for c in ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")),
    "guard", "first_person", "question", "echoes_client", "same_boat", "shared_humanity",
    "unprofessional", "profanity", "quoted", "starts_i", "short", "long",
)
_INDEX = {name: i for i, name in enumerate(SIGNALS)}

_VECTORIZER = HashingVectorizer(
    n_features=N_HASH, ngram_range=(1, 3), alternate_sign=False, norm="l2",
    token_pattern=r"(?u)\b[\w']+\b|[?!]", lowercase=False, dtype=np.float32,
)


def is_candidate(sentence: str) -> bool:
    # On the raw text, not the normalised one: a cheap superset (quoted words still count here).
    return bool(CANDIDATE.search(sentence.lower().replace("\u2019", "'")))


def signals(sentence: str, prev: str | None, norm: str | None = None) -> list[str]:
    """The named rule signals that fire on one sentence."""
    norm = normalise(sentence) if norm is None else norm
    out = []
    for rule in P.CODE_RULES:
        if rule.pattern.search(norm):
            out.append(f"rule:{rule.name}")
            out.append(f"code:{rule.code}")
    checks = (
        ("guard", P.NONE_GUARDS), ("first_person", P.FIRST_PERSON), ("same_boat", P.SAME_BOAT),
        ("shared_humanity", P.SHARED_HUMANITY), ("unprofessional", P.UNPROFESSIONAL), ("profanity", P.PROFANITY),
    )
    out += [name for name, pattern in checks if pattern.search(norm)]
    if norm.endswith("?"):
        out.append("question")
    if echoes_client(norm, prev):
        out.append("echoes_client")
    if any(q in sentence for q in ('"', "\u201c")):
        out.append("quoted")
    if norm.startswith(("i ", "i'")):
        out.append("starts_i")
    words = len(norm.split())
    out.append("short" if words <= 4 else "long" if words >= 25 else "")
    return [s for s in out if s]


def transform(sentences: list[str], prevs: list[str | None]) -> sparse.csr_matrix:
    """One row per sentence: hashed n-grams of the normalised text, then the signals."""
    norms = [normalise(s) for s in sentences]
    text = _VECTORIZER.transform(norms)
    rows, cols = [], []
    for i, (s, p, n) in enumerate(zip(sentences, prevs, norms)):
        for name in signals(s, p, n):
            rows.append(i)
            cols.append(_INDEX[name])
    sig = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(sentences), len(SIGNALS))
    )
    return sparse.hstack([text, sig], format="csr", dtype=np.float32)


def n_features() -> int:
    return N_HASH + len(SIGNALS)
