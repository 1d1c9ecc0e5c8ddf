"""Figures for the trained detector on the published comparisons (used by training and benchmarks).

Peer-support data has about ten times the base rate of self-disclosure of
real therapy, so it is scored at the *peer operating point*: the threshold
that maximises turn-level F1 on ESConv's validation split, never its test
split. Therapy data is scored at the default (therapy) threshold.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from candor.detect.sentences import split_sentences
from candor.detect.training import esconv_turns
from candor.evaluate import binary_metrics
from candor.gold import GoldTurn, attach_texts, read_gold

# Our check sets (data/<name>/ in the repository: ids and codes only) and where their text lies in ../shared/data.
CHECK_SETS = {"annomi_check": ("annomi", "AnnoMI-simple.csv"), "rogers_check": ("rogers", "rogers_sessions_dedup.csv")}


def turn_probabilities(detector, turns: list[tuple[str, str | None]]) -> np.ndarray:
    """P(self-involving) of each turn: the most self-involving of its sentences."""
    items, owner = [], []
    for i, (text, prev) in enumerate(turns):
        for s in split_sentences(text):
            items.append((s, prev))
            owner.append(i)
    out = np.zeros(len(turns))
    if items:
        np.maximum.at(out, np.array(owner), detector.self_involving_proba(items))
    return out


def metrics_at(p: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    pred = p >= threshold
    tp, fp = int((pred & y).sum()), int((pred & ~y).sum())
    fn, tn = int((~pred & y).sum()), int((~pred & ~y).sum())
    return binary_metrics(tp, fp, fn, tn)


def best_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The threshold on a 0.05..0.95 grid (steps of 0.025) with the best F1; the lowest of equals."""
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)
    return float(max(grid, key=lambda th: (metrics_at(p, y, th)["f1"], -th)))


def peer_threshold(detector, data: Path) -> float:
    """The threshold that maximises turn-level F1 on ESConv validation (peer-support base rate)."""
    turns = esconv_turns(data, "valid")
    p = turn_probabilities(detector, [(t, prev) for t, prev, _ in turns])
    return best_threshold(p, np.array([sd for _, _, sd in turns]))


def esconv_test(detector, data: Path, threshold: float) -> dict:
    turns = esconv_turns(data, "test")
    p = turn_probabilities(detector, [(t, prev) for t, prev, _ in turns])
    return metrics_at(p, np.array([sd for _, _, sd in turns]), threshold)


def shared_gold(data: Path) -> list[GoldTurn]:
    """The shared gold (../shared/data/gold/annomi_dev.jsonl) with its turns' text from the AnnoMI CSV."""
    return attach_texts(read_gold(data / "gold" / "annomi_dev.jsonl"), data.joinpath(*CHECK_SETS["annomi_check"]))


def check_half(data: Path, repo: Path, name: str, half: str) -> list[GoldTurn]:
    """One file of one of our check sets ("dev", "blind"; "second" has no text of its own), with the turns' text."""
    return attach_texts(read_gold(repo / "data" / name / f"{name}_{half}.jsonl"), data.joinpath(*CHECK_SETS[name]))


def real_speech(data: Path, repo: Path, blind_halves: bool = False) -> dict[str, list[GoldTurn]]:
    """Every coded real therapist turn with its text: the shared gold, and each check set (its dev half
    first, then its blind half); with `blind_halves`, each blind half again on its own ("<name> blind half")."""
    out = {"annomi_dev (gold)": shared_gold(data)}
    blind = {}
    for name in CHECK_SETS:
        blind[f"{name} blind half"] = check_half(data, repo, name, "blind")
        out[name] = check_half(data, repo, name, "dev") + blind[f"{name} blind half"]
    return out | blind if blind_halves else out


def mi_gold_test(data: Path) -> tuple[list[str], np.ndarray]:
    """MI Gold's test sentences and whether each is labelled Self-Disclose."""
    with open(data / "mi_welivita" / "mi_gold_test_output.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["Text"] for r in rows], np.array([r["Ground truth"] == "Self-Disclose" for r in rows])


def mi_gold(detector, data: Path, threshold: float) -> dict:
    texts, y = mi_gold_test(data)
    return metrics_at(turn_probabilities(detector, [(t, None) for t in texts]), y, threshold)
