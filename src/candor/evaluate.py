"""`candor evaluate`: how far Candor's coding agrees with a human coder's.

Each gold turn is coded by the detector, then every label is scored at turn
level as a yes/no question: self-involving (any code other than none), each
CODEBOOK code one-vs-rest, each flag. For a label, over all turns:

    tp  gold yes, Candor yes        fp  gold no, Candor yes
    fn  gold yes, Candor no         tn  gold no, Candor no

    precision = tp / (tp + fp)            (0.0 when Candor says yes to no turn)
    recall    = tp / (tp + fn)            (0.0 when the gold has no yes)
    F1        = 2 tp / (2 tp + fp + fn)   (= 2PR / (P + R); 0.0 when both are 0)
    kappa     = (po - pe) / (1 - pe), Cohen's, where n = tp + fp + fn + tn,
                po = (tp + tn) / n and
                pe = ((tp + fp)(tp + fn) + (fn + tn)(fp + tn)) / n^2;
                when pe = 1 (both say the same thing of every turn), 1.0 if po = 1 else 0.0

Macro F1 is the plain mean of F1 over the codes (or flags) that the gold uses
at least once (support > 0); the labels it averages are listed with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from candor.coding import detector_for, turn_codes
from candor.detect import Detector, code_turn
from candor.gold import GoldTurn, attach_texts, read_gold
from candor.model import FLAGS, SELF_INVOLVING, SELF_INVOLVING_CODES

SCHEMA = "candor.evaluate/1"
SELF = "self_involving"
SCORED_CODES = SELF_INVOLVING_CODES  # every code but none


def binary_metrics(tp: int, fp: int, fn: int, tn: int) -> dict[str, Any]:
    """Precision, recall, F1, Cohen's kappa and support from a 2x2 table (formulas above)."""
    n = tp + fp + fn + tn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    # Kappa in whole numbers: (po - pe) / (1 - pe) = (n(tp + tn) - chance) / (n^2 - chance).
    chance = (tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)
    if chance == n * n:  # pe = 1, or no turns at all
        kappa = 1.0 if n and tp + tn == n else 0.0
    else:
        kappa = (n * (tp + tn) - chance) / (n * n - chance)
    return {
        "precision": precision, "recall": recall, "f1": f1, "kappa": kappa,
        "support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
    }


def labels(codes: Iterable[str], flags: Iterable[str]) -> set[str]:
    """The yes-answers of one turn: its codes, its flags and, if any code is self-involving, SELF."""
    out = set(codes) | set(flags)
    if out & SELF_INVOLVING:
        out.add(SELF)
    return out - {"none"}


def score(pairs: Iterable[tuple[set[str], set[str]]]) -> dict[str, Any]:
    """Metrics for every label from (gold labels, Candor labels) per turn."""
    names = (SELF, *SCORED_CODES, *FLAGS)
    counts = {name: [0, 0, 0, 0] for name in names}  # tp fp fn tn
    turns = 0
    for gold, candor in pairs:
        turns += 1
        for name in names:  # 0 tp (yes, yes), 1 fp (gold no), 2 fn (Candor no), 3 tn (no, no)
            counts[name][(name not in gold) + 2 * (name not in candor)] += 1
    metrics = {name: binary_metrics(*c) for name, c in counts.items()}
    return {
        "turns": turns,
        SELF: metrics[SELF],
        "codes": {c: metrics[c] for c in SCORED_CODES},
        "flags": {f: metrics[f] for f in FLAGS},
        "macro_f1": {"codes": _macro([metrics[c] | {"name": c} for c in SCORED_CODES]),
                     "flags": _macro([metrics[f] | {"name": f} for f in FLAGS])},
    }


def _macro(rows: list[dict[str, Any]]) -> dict[str, Any]:
    used = [r for r in rows if r["support"] > 0]
    value = sum(r["f1"] for r in used) / len(used) if used else None
    return {"f1": value, "over": [r["name"] for r in used]}


def compare(gold: Iterable[GoldTurn], detector: Detector) -> dict[str, Any]:
    """Code each gold turn (which must have its text) and score Candor against the gold."""

    def pairs():
        for g in gold:
            sentences = code_turn(g.text or "", g.prev, detector) if (g.text or "").strip() else ()
            codes, flags = turn_codes(sentences)
            yield labels(g.codes, g.flags), labels(codes, flags)

    return score(pairs())


def evaluate(gold_path: Path, text_from: Path | None = None, threshold: float | None = None) -> dict[str, Any]:
    """`candor evaluate`: one object, schema candor.evaluate/1 (docs/output.md)."""
    detector = detector_for(threshold)
    gold = attach_texts(read_gold(gold_path), text_from)
    result = compare(gold, detector)
    head = {
        "schema": SCHEMA,
        "gold": gold_path.name,
        "text_from": text_from.name if text_from else None,
        "detector": getattr(detector, "version", detector.name),
        "threshold": getattr(detector, "threshold", threshold),
    }
    return head | rounded(result)


def rounded(value: Any) -> Any:
    """Every float in nested dicts and lists to 4 decimals (reports and the model header)."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value
