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
from candor.detect.modelfile import ModelFile, read
from candor.errors import CandorError
from candor.model import Sentence

TYPES: tuple[str, ...] = ("fact", "feeling", "insight", "strategy", "immediacy", "vulnerability")
FLAG_MODELS: tuple[str, ...] = ("same_boat", "shared_humanity", "unprofessional")
MODEL_NAME = "detector.cdm"
FLAG_THRESHOLD = 0.7  # flags are claims about the therapist; the model raises one only when fairly sure


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

    def __init__(
        self, path: str | Path | None = None, threshold: float | None = None, model: ModelFile | None = None
    ) -> None:
        if model is None:
            path = Path(path) if path else default_model_path()
            if not path.exists():
                raise CandorError(
                    f"the detector model {path.name} is missing; reinstall Candor or rebuild it with 'candor train'"
                )
            model = read(path)
        mf, name = model, Path(path).name if path else "the detector model"
        h = mf.header
        if h.get("signals") != list(features.SIGNALS) or h.get("n_hash") != features.N_HASH:
            raise CandorError(
                f"{name} was trained for other features than this Candor computes; rebuild it with 'candor train'"
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

    def _score(self, items: list[tuple[str, str | None]]):
        """For candidate sentences: indices, P(self-involving), type scores, flag probabilities, rule analyses."""
        idx = [i for i, (s, _) in enumerate(items) if features.is_candidate(s)]
        if not idx:
            return idx, None, None, None, []
        X, analyses = features.transform([items[i][0] for i in idx], [items[i][1] for i in idx])
        p_model = _sigmoid(X @ self.w_si + self.b_si)
        # Noisy-OR with the rule detector: either one being sure is enough. The model
        # sees the rule signals too, but learns their weight mostly from peer-support
        # data; a CODEBOOK pattern firing past its guards is strong evidence in therapy.
        p_rules = np.array([a.confidence if a.code != "none" else 0.0 for a in analyses], dtype=np.float32)
        p_si = 1.0 - (1.0 - p_model) * (1.0 - p_rules)
        return idx, p_si, X @ self.w_type.T + self.b_type, _sigmoid(X @ self.w_flag.T + self.b_flag), analyses

    def self_involving_proba(self, items: list[tuple[str, str | None]]) -> np.ndarray:
        """P(self-involving) per sentence; 0 for sentences that fail the candidate filter."""
        out = np.zeros(len(items), dtype=np.float32)
        idx, p_si, *_ = self._score(items)
        if idx:
            out[idx] = p_si
        return out

    def code_sentences(self, items: list[tuple[str, str | None]]) -> list[Sentence]:
        """Code a batch of (sentence, preceding client turn) pairs."""
        out = [Sentence(s, "none", (), 0.97) for s, _ in items]
        idx, p_si, type_scores, p_flag, analyses = self._score(items)
        for row, i in enumerate(idx):
            p, a = float(p_si[row]), analyses[row]
            # A flag the CODEBOOK patterns raise stands; the model adds flags it is sure of.
            flags = tuple(f for f, pf in zip(FLAG_MODELS, p_flag[row]) if f in a.flags or pf >= FLAG_THRESHOLD)
            if p >= self.threshold:
                # Where a CODEBOOK pattern names the code it decides; the model names the rest, among
                # them a claim of the client's experience that no code pattern names (the rules alone
                # call that `fact`; "I know that panic, I've felt it" is a `feeling`).
                named = a.code != "none" and (a.rules or not a.same_boat)
                code = a.code if named else TYPES[int(np.argmax(type_scores[row]))]
                conf = p
            elif "same_boat" in flags:
                # Claiming the client's experience tells the client something about the therapist.
                code, conf = "fact", float(p_flag[row][0])
            else:
                code, conf = "none", 1.0 - p
            out[i] = Sentence(items[i][0], code, flags, round(conf, 3))
        return out

    def code_sentence(self, sentence: str, prev: str | None = None) -> Sentence:
        return self.code_sentences([(sentence, prev)])[0]
