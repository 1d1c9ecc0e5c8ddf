"""Accuracy of the default detector on hand-coded real therapist speech.

Prints self-involving vs none (turn level) on ../shared/data/gold/annomi_dev.jsonl:
precision, recall, F1, Cohen's kappa and the confusion matrix, and per-code
recall on the coded turns. Run: .venv/bin/python benchmarks/accuracy.py
"""

from __future__ import annotations

import csv
import json
import platform
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from candor.detect import code_turn, default_detector

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    n = tp + fp + fn + tn
    observed = (tp + tn) / n
    expected = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def main() -> int:
    if not DATA.is_dir():
        print(f"data not found at {DATA}", file=sys.stderr)
        return 2
    texts = {}
    with open(DATA / "annomi" / "AnnoMI-simple.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            texts[f"annomi-{r['transcript_id']}-{r['utterance_id']}"] = r["utterance_text"]
    tp = fp = fn = tn = 0
    code_hits, code_total = Counter(), Counter()
    for line in (DATA / "gold" / "annomi_dev.jsonl").read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        sentences = code_turn(texts[g["id"]])
        predicted = {s.code for s in sentences if s.self_involving}
        pred, true = bool(predicted), bool(g["codes"])
        tp += pred and true
        fp += pred and not true
        fn += true and not pred
        tn += not pred and not true
        for c in g["codes"]:
            code_total[c] += 1
            code_hits[c] += c in predicted
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"# Candor accuracy benchmark ({date.today()}, {platform.machine()}, Python {platform.python_version()})")
    print(f"detector: {default_detector().name}")
    print(f"gold: annomi_dev.jsonl, {tp + fp + fn + tn} therapist turns, {tp + fn} self-involving")
    print("self-involving vs none (turn level):")
    print(f"  precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  kappa {kappa(tp, fp, fn, tn):.3f}")
    print(f"  confusion: tp {tp}  fp {fp}  fn {fn}  tn {tn}")
    print("per code, turns where the gold code was found (same code):")
    for c in sorted(code_total):
        print(f"  {c:14} {code_hits[c]}/{code_total[c]}")
    mi_gold()
    return 0


def mi_gold() -> None:
    """An independent check the rules were not written against: MI Gold test split, Self-Disclose vs rest."""
    tp = fp = fn = tn = 0
    with open(DATA / "mi_welivita" / "mi_gold_test_output.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            true = row["Ground truth"] == "Self-Disclose"
            pred = any(s.self_involving for s in code_turn(row["Text"]))
            tp += pred and true
            fp += pred and not true
            fn += true and not pred
            tn += not pred and not true
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"MI Gold test split, Self-Disclose vs rest ({tp + fp + fn + tn} sentences, {tp + fn} positive; published F1 0.85):")
    print(f"  precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")


if __name__ == "__main__":
    sys.exit(main())
