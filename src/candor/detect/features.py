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
from candor.detect.rules import Analysis, analyse

N_HASH = 2**17

# A sentence with none of these cannot be self-involving: the fast candidate filter.
CANDIDATE = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|myself|we|we're|we've|us|our|everybody|everyone|"
    r"all of us|humans?|minds?|brains?|bodies|anybody|anyone|same boat|normal to|natural to|most people|life is|to live|isn't it)\b|"
    + P.PROFANITY.pattern
)

SIGNALS: tuple[str, ...] = (
    *(f"rule:{r.name}" for r in P.CODE_RULES),
    *(f"code:{c}" for c in ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")),
    "guard", "first_person", "question", "echoes_client", "same_boat", "shared_humanity",
    "unprofessional", "profanity", "quoted", "starts_i", "short", "long",
    "verdict:self_involving", *(f"verdict:{c}" for c in ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")),
)
_INDEX = {name: i for i, name in enumerate(SIGNALS)}

_VECTORIZER = HashingVectorizer(
    n_features=N_HASH, ngram_range=(1, 3), alternate_sign=False, norm="l2",
    token_pattern=r"(?u)\b[\w']+\b|[?!]", lowercase=False, dtype=np.float32,
)


def is_candidate(sentence: str) -> bool:
    # On the raw text, not the normalised one: a cheap superset (quoted words still count here).
    return bool(CANDIDATE.search(sentence.lower().replace("\u2019", "'")))


def signals(sentence: str, prev: str | None, a: Analysis | None = None) -> list[str]:
    """The named rule signals that fire on one sentence, the rule detector's verdict among them."""
    a = a or analyse(sentence, prev)
    out = [f"rule:{r}" for r in a.rules] + [f"code:{c}" for c in a.codes]
    checks = (
        ("guard", a.guard), ("first_person", a.first_person), ("same_boat", a.same_boat),
        ("shared_humanity", a.shared_humanity), ("unprofessional", a.own_conduct), ("profanity", a.profanity),
        ("question", a.question), ("echoes_client", a.echoes_client),
        ("quoted", '"' in sentence or "\u201c" in sentence), ("starts_i", a.norm.startswith(("i ", "i'"))),
        ("short", len(a.norm.split()) <= 4), ("long", len(a.norm.split()) >= 25),
        ("verdict:self_involving", a.code != "none"),
    )
    return out + [name for name, on in checks if on] + ([f"verdict:{a.code}"] if a.code != "none" else [])


def transform(sentences: list[str], prevs: list[str | None]) -> tuple[sparse.csr_matrix, list[Analysis]]:
    """One row per sentence (hashed n-grams of the normalised text, then the signals), and the rules' analyses."""
    analyses = [analyse(s, p) for s, p in zip(sentences, prevs)]
    text = _VECTORIZER.transform([a.norm for a in analyses])
    rows, cols = [], []
    for i, (s, p, a) in enumerate(zip(sentences, prevs, analyses)):
        for name in signals(s, p, a):
            rows.append(i)
            cols.append(_INDEX[name])
    sig = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(sentences), len(SIGNALS))
    )
    return sparse.hstack([text, sig], format="csr", dtype=np.float32), analyses


def n_features() -> int:
    return N_HASH + len(SIGNALS)
