"""Accuracy of Candor's detectors against human coding and the published comparisons.

Prints, for the default (trained) detector:
- real therapist speech, ../shared/data/gold/annomi_dev.jsonl, self-involving vs none
  at the default (therapy) threshold, plus per code and flag;
- our own coding of other AnnoMI transcripts (data/annomi_check): the half we
  developed against and the half that stayed blind until its errors were
  read, at the therapy threshold; how far a second coding of the same turns
  agrees with the first, and Candor against that second coding;
- the same for our coding of Carl Rogers' sessions (data/rogers_check): a
  second real corpus in another therapeutic style;
- ESConv test split, Self-disclosure vs the rest, turn level (published F1 0.68),
  and MI Gold test split, Self-Disclose vs the rest (published F1 0.85), both at
  the peer operating point chosen on ESConv *validation*;
- codes and flags on our hand-coded examples held out from training (macro F1), and
  on invented sentences a team member wrote without seeing the detector or our
  examples (data/handcoded/blind.jsonl);
- the turn-level returns_focus flag on every coded set and on our held-out
  invented turns;
- self-involving vs none over all coded real turns pooled, at thresholds around
  the therapy default (the evidence for the default);
and the rule detector on the same gold for comparison.

Run: .venv/bin/python benchmarks/accuracy.py
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from candor.detect import get_detector
from candor.evaluate import SELF, compare, labels, score
from candor.gold import GoldTurn, read_gold
from candor.detect.training import blind_examples
from candor.modelbuild import example_scores, measure
from candor.scoring import check_half, shared_gold

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def line(name: str, m: dict) -> str:
    return (f"  {name:22} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
            f"kappa {m['kappa']:.3f}  support {m['support']}  (tp {m['tp']} fp {m['fp']} fn {m['fn']} tn {m['tn']})")


def heldout_turns() -> list[GoldTurn]:
    """Our invented whole turns held out from training (data/handcoded/turns.jsonl)."""
    out = []
    for row in (ROOT / "data" / "handcoded" / "turns.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(row)
        if d["split"] == "heldout":
            out.append(GoldTurn(d["id"], frozenset(d["codes"]) - {"none"}, frozenset(d["flags"]), d["text"], d["prev"]))
    return out


def check_set(detector, title: str, name: str) -> list[GoldTurn]:
    """Both halves of one of our check sets, the second coding's agreement, and Candor against it; its turns."""
    print(f"\n{title} (data/{name}), turn level, therapy threshold")
    halves = tuple((label, short, check_half(DATA, ROOT, name, half))
                   for label, short, half in (("dev half", "dev half", "dev"), ("half once blind", "once blind", "blind")))
    for label, _, turns in halves:
        print(line(label, compare(turns, detector)["self_involving"]))
    second = {t.id: t for t in read_gold(ROOT / "data" / name / f"{name}_second.jsonl")}
    print("The same turns coded a second time, without the first coding, turn level")
    for _, short, turns in halves:
        agree = score((labels(t.codes, t.flags), labels(second[t.id].codes, second[t.id].flags)) for t in turns)
        print(line(f"2nd vs 1st, {short}", agree[SELF]))
    for _, short, turns in halves:
        again = [replace(second[t.id], text=t.text, prev=t.prev) for t in turns]  # the same turns, the 2nd codes
        print(line(f"Candor/2nd, {short}", compare(again, detector)["self_involving"]))
    return [t for _, _, turns in halves for t in turns]


def codes_and_flags(title: str, h: dict) -> None:
    """Sentence-level figures on coded sentences: self-involving, each code and flag, macro F1."""
    print(f"\n{title}")
    print(line("self-involving", h["self_involving"]))
    for group in ("codes", "flags"):
        for name, r in h[group].items():
            if r["support"]:
                print(line(name, r))
        macro = h["macro_f1"][group]
        print(f"  macro F1 over {group}: {macro['f1']:.3f}  ({', '.join(macro['over'])})")


def main() -> int:
    if not DATA.is_dir():
        print(f"data not found at {DATA}", file=sys.stderr)
        return 2
    trained = get_detector("trained")
    print(f"# Candor accuracy benchmark ({date.today()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()})")
    print(f"detector: {trained.version}, therapy threshold {trained.threshold}")
    m = measure(trained, DATA, ROOT / "data" / "handcoded")
    gold = shared_gold(DATA)
    full = compare(gold, trained)
    print("\nReal therapist speech: annomi_dev.jsonl (512 turns), turn level, therapy threshold")
    print(line("self-involving", full["self_involving"]))
    for group in ("codes", "flags"):
        for name, r in full[group].items():
            if r["support"] or r["tp"] + r["fp"]:
                print(line(name, r))
    annomi_check = check_set(trained, "Our coding of other AnnoMI transcripts", "annomi_check")
    rogers_check = check_set(trained, "Our coding of Carl Rogers' sessions", "rogers_check")
    print(f"\nPeer-support comparisons at the peer operating point {m['peer_threshold']} (chosen on ESConv validation)")
    print(line("ESConv test (turns)", m["esconv_test"]) + "   published F1 0.68")
    print(line("MI Gold test (sent.)", m["mi_gold_test"]) + "   published F1 0.85")
    h = m["handcoded_heldout"]
    codes_and_flags(f"Our hand-coded examples held out from training ({h['turns']} sentences)", h)
    b = example_scores(trained, blind_examples(ROOT / "data" / "handcoded"))
    codes_and_flags(f"Invented sentences written blind to the detector (data/handcoded/blind.jsonl, {b['turns']})", b)
    print("\nreturns_focus (turn level, as candor evaluate scores a flag), every coded set")
    focus_sets = (("annomi_dev (gold)", gold), ("annomi_check", annomi_check), ("rogers_check", rogers_check),
                  ("hand-coded, held out", heldout_turns()))
    for name, turns in focus_sets:
        print(line(name, compare(turns, trained)["flags"]["returns_focus"]))
    pooled = [*gold, *annomi_check, *rogers_check]
    print(f"\nThe therapy threshold over all {len(pooled)} coded real therapist turns (shared gold and both check sets)")
    for t in (0.7, 0.75, 0.8, 0.85, 0.9):
        print(line(f"threshold {t}", compare(pooled, get_detector("trained", t))["self_involving"]))
    rules = compare(gold, get_detector("rules"))
    print("\nFor comparison, the rule detector on annomi_dev.jsonl")
    print(line("self-involving", rules["self_involving"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
