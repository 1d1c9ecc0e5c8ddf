"""The trained detector: a linear model over hashed n-grams and rule signals.

Three parts, all logistic: is the sentence self-involving (its probability is
the confidence), which of the six self-involving codes it is, and the
`same_boat`, `shared_humanity` and `unprofessional` flags. Sentences that fail
the candidate filter (no first person, no "we all", no profanity) are `none`
without touching the model, which keeps it fast.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np

from candor.detect import features
from candor.detect.modelfile import read
from candor.errors import CandorError
from candor.model import Sentence

TYPES: tuple[str, ...] = ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")
FLAG_MODELS: tuple[str, ...] = ("same_boat", "shared_humanity", "unprofessional")
MODEL_NAME = "detector.cdm"


def default_model_path() -> Path:
    return Path(str(files("candor") / "data" / MODEL_NAME))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class TrainedDetector:
    """Codes therapist sentences with the shipped model.

    >>> d = TrainedDetector()
    >>> d.code_sentence("I have two teenagers myself.").code
    'fact'
    >>> d.code_sentence("I hear you saying it's been lonely.").code
    'none'
    """

    name = "trained"

    def __init__(self, path: str | Path | None = None, threshold: float | None = None) -> None:
        path = Path(path) if path else default_model_path()
        if not path.exists():
            raise CandorError(f"the detector model {path.name} is missing; reinstall Candor or rebuild it with 'candor train'")
        mf = read(path)
        h = mf.header
        if h.get("signals") != list(features.SIGNALS) or h.get("n_hash") != features.N_HASH:
            raise CandorError(
                f"{path.name} was trained for other features than this Candor computes; rebuild it with 'candor train'"
            )
        a = {k: v.astype(np.float32) for k, v in mf.arrays.items()}
        self.w_si, self.b_si = a["si_w"][0], float(a["si_b"][0])
        self.w_type, self.b_type = a["type_w"], a["type_b"]
        self.w_flag, self.b_flag = a["flag_w"], a["flag_b"]
        self.header = h
        self.version = h["version"]
        self.threshold = h["threshold"] if threshold is None else threshold
        if not 0.0 < self.threshold < 1.0:
            raise CandorError("the detector threshold must be between 0 and 1")

    def self_involving_proba(self, items: list[tuple[str, str | None]]) -> np.ndarray:
        """P(self-involving) per sentence; 0 for sentences that fail the candidate filter."""
        out = np.zeros(len(items), dtype=np.float32)
        idx = [i for i, (s, _) in enumerate(items) if features.is_candidate(s)]
        if idx:
            X = features.transform([items[i][0] for i in idx], [items[i][1] for i in idx])
            out[idx] = _sigmoid(X @ self.w_si + self.b_si)
        return out

    def code_sentences(self, items: list[tuple[str, str | None]]) -> list[Sentence]:
        """Code a batch of (sentence, preceding client turn) pairs."""
        out = [Sentence(s, "none", (), 0.97) for s, _ in items]
        idx = [i for i, (s, _) in enumerate(items) if features.is_candidate(s)]
        if not idx:
            return out
        X = features.transform([items[i][0] for i in idx], [items[i][1] for i in idx])
        p_si = _sigmoid(X @ self.w_si + self.b_si)
        types = np.argmax(X @ self.w_type.T + self.b_type, axis=1)
        p_flag = _sigmoid(X @ self.w_flag.T + self.b_flag)
        for row, i in enumerate(idx):
            flags = tuple(f for f, p in zip(FLAG_MODELS, p_flag[row]) if p >= 0.5)
            p = float(p_si[row])
            if p >= self.threshold:
                code, conf = TYPES[types[row]], p
            elif "same_boat" in flags:
                # Claiming the client's experience tells the client something about the therapist.
                code, conf = "fact", float(p_flag[row][0])
            else:
                code, conf = "none", 1.0 - p
            out[i] = Sentence(items[i][0], code, flags, round(conf, 3))
        return out

    def code_sentence(self, sentence: str, prev: str | None = None) -> Sentence:
        return self.code_sentences([(sentence, prev)])[0]
