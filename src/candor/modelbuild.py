"""`candor train`: collect the corpora, fit the detector, measure it, write the model file.

The figures measured here are recorded in the model file's header, so a
shipped model always says what it was trained on and how well it did.
"""

from __future__ import annotations

from pathlib import Path

from candor import scoring
from candor.detect import code_turn, features, modelfile
from candor.detect.trained import FLAG_MODELS, TYPES, TrainedDetector
from candor.detect.training import DEFAULT_THRESHOLD, MODEL_VERSION, Example, collect, fit, handcoded
from candor.evaluate import compare, labels, rounded, score


def heldout_scores(detector, handcoded_dir: Path) -> dict:
    """Codes and flags on our hand-coded examples that were not trained on (sentence level)."""
    return example_scores(detector, handcoded(handcoded_dir, split="heldout"))


def example_scores(detector, examples: list[Example]) -> dict:
    """Codes and flags on coded sentences, each coded with its client turn (sentence level)."""
    pairs = []
    for e in examples:
        coded = code_turn(e.text, e.prev, detector)
        got_codes = {s.code for s in coded}
        got_flags = {f for s in coded for f in s.flags if f != "returns_focus"}
        pairs.append((labels([e.code], e.flags or ()), labels(got_codes, got_flags)))
    return score(pairs)


def measure(detector: TrainedDetector, data: Path, handcoded_dir: Path) -> dict:
    gold = scoring.shared_gold(data)
    peer = scoring.peer_threshold(detector, data)
    return {
        "annomi_dev": compare(gold, detector)["self_involving"],
        "peer_threshold": peer,
        "esconv_test": scoring.esconv_test(detector, data, peer),
        "mi_gold_test": scoring.mi_gold(detector, data, peer),
        "handcoded_heldout": heldout_scores(detector, handcoded_dir),
    }


def build(data: Path, handcoded_dir: Path, out: Path, sources: tuple[str, ...] | None = None,
          limit: int | None = None, measured: bool = True) -> dict:
    """Train from the corpora and write the model to `out`; returns its header."""
    examples = collect(data, handcoded_dir, sources, limit)
    arrays, summary = fit(examples)
    header = {
        "version": MODEL_VERSION,
        "threshold": DEFAULT_THRESHOLD,
        "n_hash": features.N_HASH,
        "signals": list(features.SIGNALS),
        "types": list(TYPES),
        "flags": list(FLAG_MODELS),
        "training": summary,
    }
    if measured:
        detector = TrainedDetector(model=modelfile.ModelFile(header, arrays))
        header["metrics"] = rounded(measure(detector, data, handcoded_dir))
        header["peer_threshold"] = header["metrics"]["peer_threshold"]
    modelfile.write(out, header, arrays)
    return header
