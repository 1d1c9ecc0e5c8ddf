"""From a batch run to ConvoKit and ELAN and back, as a researcher types it."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq

from tests.batch.conftest import CANDOR


def candor_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CANDOR, *args], capture_output=True, text=True, timeout=300)


def test_export_convokit_from_a_batch(reference, tmp_path):
    out = tmp_path / "convokit"
    done = candor_cli("export", "convokit", str(reference), "--out", str(out))
    assert done.returncode == 0, done.stderr
    utterances = [json.loads(line) for line in (out / "utterances.jsonl").read_text().splitlines()]
    turns = pq.read_table(reference / "turns").to_pandas()
    assert [u["id"] for u in utterances] == turns["turn_id"].tolist()
    assert [u["meta"]["codes"] for u in utterances] == [list(c) for c in turns["codes"]]
    assert set(json.loads((out / "index.json").read_text())) >= {"utterances-index", "speakers-index", "version"}


def test_coders_correct_elan_files_and_candor_reports_agreement(reference, tmp_path):
    eaf = tmp_path / "eaf"
    done = candor_cli("export", "elan", str(reference), "--out", str(eaf))
    assert done.returncode == 0, done.stderr
    sessions = pq.read_table(reference / "sessions").to_pandas()
    files = sorted(eaf.glob("*.eaf"))
    assert len(files) == len(sessions)

    # A coder disagrees with Candor on one AnnoMI turn: codes it `fact` where Candor said none.
    target = next(f for f in files if f.name.startswith("session-000_"))
    tree = ET.parse(target)
    codes = next(t for t in tree.getroot().iter("TIER") if t.get("TIER_ID").startswith("Candor codes"))
    values = [a for a in codes.iter("ANNOTATION_VALUE") if a.text == "none"]
    values[0].text = "Fact"
    tree.write(target, encoding="UTF-8", xml_declaration=True)

    gold = tmp_path / "gold.jsonl"
    done = candor_cli("import-codes", str(eaf), "--out", str(gold))
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in gold.read_text().splitlines()]
    therapist_turns = int(sessions["therapist_turns"].sum())
    assert len(lines) == therapist_turns
    assert all(line["text"] for line in lines)

    evaluated = candor_cli("evaluate", str(gold), "--json")
    assert evaluated.returncode == 0, evaluated.stderr
    result = json.loads(evaluated.stdout)
    # Candor agreed on every turn but the one the coder changed: one missed turn, nothing else.
    assert result["turns"] == therapist_turns
    assert result["self_involving"]["fn"] == 1 and result["self_involving"]["fp"] == 0
    assert result["codes"]["fact"]["fn"] == 1


def test_exports_refuse_an_unfinished_run(corpus, tmp_path):
    out = tmp_path / "coded"
    out.mkdir()
    (out / "run.json").write_text(json.dumps({"schema": "candor.batch/1", "parts": 3}))
    done = candor_cli("export", "elan", str(out), "--out", str(tmp_path / "eaf"))
    assert done.returncode == 2 and "--resume" in done.stderr
    done = candor_cli("export", "convokit", str(corpus), "--out", str(tmp_path / "ck"))
    assert done.returncode == 2 and "not the output folder" in done.stderr


def test_an_exported_elan_file_reads_back_with_its_therapist(reference, tmp_path):
    import candor

    eaf = tmp_path / "eaf"
    done = candor_cli("export", "elan", str(reference), "--out", str(eaf))
    assert done.returncode == 0, done.stderr
    sessions = pq.read_table(reference / "sessions").to_pandas().set_index("session_id")
    for f in sorted(eaf.glob("*.eaf")):
        sid = f.stem.rsplit("_", 1)[-1]
        t = candor.read(f)  # no --therapist: the file says who it is
        assert t.therapist is not None and t.therapist.name == sessions.loc[sid, "therapist"], f.name
        assert t.role_confidence == 1.0
        assert len(t.turns) == sessions.loc[sid, "turns"]
