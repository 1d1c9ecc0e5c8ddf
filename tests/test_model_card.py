"""What the docs say about the shipped model and our hand-coded data is what they are.

A researcher citing docs/detector.md's training table, or data/handcoded's counts,
should get the numbers the model file and the data file hold, not those of an
earlier model."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from candor.detect.modelfile import read
from candor.detect.trained import default_model_path

ROOT = Path(__file__).resolve().parents[1]

# The first words of each row of the training table, and the source it names.
SOURCES = {
    "our hand-coded examples": "handcoded",
    "AnnoMI therapist speech": "annomi",
    "CounselChat answers": "counselchat",
    "ESConv train split": "esconv",
    "MESC therapist lines": "mesc",
    "OffMyChest sentences": "offmychest",
}


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the first table after a heading."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            break
    return rows[2:]  # header and separator


def number(cell: str) -> float:
    return float(cell.replace(",", "").strip("*"))


def test_the_training_table_is_the_shipped_models():
    examples = read(default_model_path()).header["training"]["examples"]
    rows = table_rows((ROOT / "docs" / "detector.md").read_text(encoding="utf-8"), "## Training data")
    stated = {}
    for cells in rows:
        source = next(s for label, s in SOURCES.items() if cells[0].startswith(label))
        stated[source] = {"sentences": number(cells[1]), "self_involving": number(cells[2]), "weight": number(cells[3])}
    assert stated == {s: {k: float(v) for k, v in e.items()} for s, e in examples.items()}


def test_the_handcoded_counts_are_the_files():
    lines = [json.loads(x) for x in (ROOT / "data" / "handcoded" / "examples.jsonl").read_text(encoding="utf-8").splitlines()]
    counted: Counter = Counter()
    for e in lines:
        keys = [f"`{e['code']}`", "**all sentences**"] + [f"flag `{f}`" for f in e["flags"]]
        if e["code"] != "none":
            keys.append("self-involving (not `none`)")
        for k in keys:
            counted[(k, e["split"])] += 1
    rows = table_rows((ROOT / "data" / "handcoded" / "README.md").read_text(encoding="utf-8"), "## Counts")
    assert len(rows) == 12
    for name, train, heldout, total in rows:
        assert (number(train), number(heldout), number(total)) == (
            counted[(name, "train")], counted[(name, "heldout")], counted[(name, "train")] + counted[(name, "heldout")]
        ), name
    ids = [e["id"] for e in lines]
    assert ids == [f"hc-{i:04d}" for i in range(1, len(lines) + 1)]
    assert re.search(rf"hc-\d{{4}}\.\.hc-{len(lines):04d} \|", (ROOT / "data" / "handcoded" / "README.md").read_text())


def test_the_blind_set_is_kept_out_of_training():
    """blind.jsonl only ever measures: none of its sentences is a training or held-out example."""
    from candor.detect.training import blind_examples, handcoded

    root = ROOT / "data" / "handcoded"
    blind = blind_examples(root)
    assert len(blind) == 200 and {e.code for e in blind} == {
        "none", "fact", "feeling", "insight", "strategy", "immediacy", "vulnerability"}
    used = {e.text for split in ("train", "heldout") for e in handcoded(root, split)}
    assert not used & {e.text for e in blind}
    assert all(json.loads(x)["source"] == "written by the Candor team"
               for x in (root / "blind.jsonl").read_text(encoding="utf-8").splitlines())
