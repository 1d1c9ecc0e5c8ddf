"""The trained detector: reproducible training, the shipped model file and its version check."""

from __future__ import annotations

import json

import pytest

from candor.cli import main
from candor.detect import get_detector, modelfile
from candor.detect.trained import TrainedDetector, default_model_path
from candor.errors import CandorError
from tests.conftest import REPO


def _train(shared_data, out):
    return main([
        "train", "--data", str(shared_data), "--handcoded", str(REPO / "data" / "handcoded"),
        "--source", "handcoded", "--source", "esconv", "--source", "annomi", "--limit", "600",
        "--no-measure", "--out", str(out),
    ])


def test_training_twice_gives_the_same_file_byte_for_byte(shared_data, tmp_path):
    a, b = tmp_path / "a.cdm", tmp_path / "b.cdm"
    assert _train(shared_data, a) == 0 and _train(shared_data, b) == 0
    assert a.read_bytes() == b.read_bytes()
    # ...and the model it wrote works.
    d = TrainedDetector(a)
    assert d.code_sentence("I have two teenagers myself.").self_involving


def test_the_shipped_model_records_its_version_data_and_metrics():
    path = default_model_path()
    assert path.exists() and path.stat().st_size < 5_000_000
    h = modelfile.read(path).header
    assert h["version"].startswith("trained-")
    assert {"handcoded", "esconv", "annomi"} <= set(h["training"]["examples"])
    assert "gold" not in h["training"]["examples"]  # the gold set is for checking only
    assert h["metrics"]["annomi_dev"]["precision"] >= 0.85


def test_a_model_file_of_another_format_version_is_refused_clearly(tmp_path):
    mf = modelfile.read(default_model_path())
    body = default_model_path().read_bytes()
    end = body.index(b"\n", len(modelfile.MAGIC))
    header = json.loads(body[len(modelfile.MAGIC):end])
    header["format_version"] = 99
    old = tmp_path / "old.cdm"
    old.write_bytes(modelfile.MAGIC + json.dumps(header).encode() + body[end:])
    with pytest.raises(CandorError, match="format 99.*rebuild it with 'candor train'"):
        TrainedDetector(old)
    assert mf.header["format_version"] == modelfile.FORMAT_VERSION


def test_a_damaged_model_file_is_refused(tmp_path):
    broken = tmp_path / "broken.cdm"
    data = bytearray(default_model_path().read_bytes())
    data[-10] ^= 0xFF
    broken.write_bytes(bytes(data))
    with pytest.raises(CandorError, match="damaged"):
        TrainedDetector(broken)


def test_threshold_is_a_setting():
    strict = get_detector("trained", threshold=0.995)
    default = get_detector("trained")
    s = "I used to run marathons, back in my twenties."  # about 0.98 sure
    assert default.threshold == 0.8 and default.code_sentence(s).code == "fact"
    assert strict.code_sentence(s).code == "none"
    with pytest.raises(CandorError):
        TrainedDetector(threshold=1.5)


def test_confidence_is_a_probability_and_candidate_filter_skips_the_model():
    d = get_detector("trained")
    out = d.code_sentences([("What brings you here today?", None), ("I have a sister too.", None)])
    assert out[0].code == "none" and out[0].confidence == 0.97
    assert 0.5 <= out[1].confidence <= 1.0


def test_the_blind_check_transcripts_are_kept_out_of_training():
    from candor.detect.training import BLIND_CHECK_TRANSCRIPTS
    lines = (REPO / "data" / "annomi_check" / "annomi_check_blind.jsonl").read_text().splitlines()
    assert {json.loads(line)["id"].split("-")[1] for line in lines} == BLIND_CHECK_TRANSCRIPTS


def test_the_second_coding_covers_exactly_the_check_sets_turns():
    # The agreement figures in data/annomi_check/README.md compare the two codings turn by turn.
    from candor.gold import read_gold
    check = REPO / "data" / "annomi_check"
    first = [t.id for half in ("dev", "blind") for t in read_gold(check / f"annomi_check_{half}.jsonl")]
    second = [t.id for t in read_gold(check / "annomi_check_second.jsonl")]
    assert second == first and len(first) == 654


def test_the_rogers_check_set_points_at_rogers_own_turns(shared_data):
    # data/rogers_check holds ids and codes only; its text comes from the shared Rogers CSV.
    import csv

    from candor.gold import attach_texts, read_gold
    check = REPO / "data" / "rogers_check"
    first = [t for half in ("dev", "blind") for t in read_gold(check / f"rogers_check_{half}.jsonl")]
    second = [t.id for t in read_gold(check / "rogers_check_second.jsonl")]
    assert [t.id for t in first] == second and len(first) == 466
    rows = {f"rogers-{r['src_row']}": r for r in csv.DictReader(
        (shared_data / "rogers" / "rogers_sessions_dedup.csv").open(encoding="utf-8"))}
    assert all(rows[t.id]["speaker"] == "therapist" and rows[t.id]["suspect_leak"] == "0" for t in first)
    halves = {half: {rows[t.id]["session"] for t in read_gold(check / f"rogers_check_{half}.jsonl")}
              for half in ("dev", "blind")}
    assert halves == {"dev": {"Gloria", "Dione_1st", "Dione_2nd"}, "blind": {"Sylvia_4th", "Sylvia_5th", "Kathy"}}
    turns = {t.id: t for t in attach_texts(first, shared_data / "rogers" / "rogers_sessions_dedup.csv")}
    # Rogers' famous moment with Gloria is coded immediacy, with Gloria's words before it as context.
    moment = next(t for t in turns.values() if "I feel close to you in this moment" in t.text)
    assert moment.codes == {"immediacy"} and moment.prev and "Rogers" not in moment.prev
