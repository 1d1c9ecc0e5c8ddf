"""`candor code` and `candor evaluate` run as a researcher runs them: pipes, files, exit codes."""

from __future__ import annotations

import json

import pytest

from tests.e2e.test_cli import candor_cli

TURNS = [
    {"id": "s1-12", "text": "I have two teenagers myself. What do you think might help you?", "prev": "My kids ignore me."},
    {"id": 40, "text": "I hear you saying it's been lonely."},
    {"id": "s1-15", "text": ""},
    {"id": 7.5, "text": "I was wrong about that last week.", "prev": None},
]


def jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


# --- candor code -------------------------------------------------------------------

def test_code_reads_stdin_and_writes_one_line_per_turn_in_order():
    for args in (["code", "-"], ["code"]):
        r = candor_cli(*args, input=jsonl(TURNS))
        assert r.returncode == 0, r.stderr
        out = [json.loads(line) for line in r.stdout.splitlines()]
        assert [o["id"] for o in out] == ["s1-12", 40, "s1-15", 7.5]  # ids echoed as given, numbers too
        assert [o["codes"] for o in out] == [["fact"], [], [], ["vulnerability"]]
        assert out[0]["flags"] == ["returns_focus"] and out[2]["sentences"] == []
        for o in out:
            assert list(o) == ["id", "codes", "flags", "sentences"]
            for s in o["sentences"]:
                assert list(s) == ["text", "code", "flags", "confidence"]
                assert isinstance(s["flags"], list) and 0 <= s["confidence"] <= 1
        assert r.stderr == ""


def test_code_from_a_file_into_out(tmp_path):
    src = tmp_path / "turns.jsonl"
    src.write_text(jsonl(TURNS), encoding="utf-8")
    out = tmp_path / "coded.jsonl"
    r = candor_cli("code", src, "--out", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["s1-12", 40, "s1-15", 7.5]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coded.jsonl", "turns.jsonl"]  # no temp left


def test_code_threshold_is_passed_to_the_detector():
    # The shipped model gives this about 0.98: self-involving at 0.5, not at 0.995.
    line = jsonl([{"id": 1, "text": "I used to run marathons, back in my twenties."}])
    lenient = json.loads(candor_cli("code", "--threshold", "0.5", input=line).stdout)
    strict = json.loads(candor_cli("code", "--threshold", "0.995", input=line).stdout)
    assert lenient["codes"] == ["fact"] and strict["codes"] == []
    r = candor_cli("code", "--threshold", "3", input=line)
    assert r.returncode == 2 and "--threshold" in r.stderr


@pytest.mark.parametrize("bad", [
    "She told me about the overdose in 2019",
    '{"id": 3, "note": "the overdose in 2019"}',
    '{"text": "the overdose in 2019"}',
    '{"id": 3, "text": {"said": "the overdose in 2019"}}',
])
def test_a_bad_line_exits_2_naming_the_line_not_the_text_and_writes_nothing(tmp_path, bad):
    src = tmp_path / "turns.jsonl"
    src.write_text(jsonl(TURNS[:2]) + "\n" + bad + "\n" + jsonl(TURNS[2:]), encoding="utf-8")
    out = tmp_path / "out" / "coded.jsonl"
    out.parent.mkdir()
    r = candor_cli("code", src, "--out", out)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("candor: error: line 4:"), r.stderr
    assert "overdose" not in r.stderr and "Traceback" not in r.stderr
    assert list(out.parent.iterdir()) == []


def test_code_missing_file_and_missing_folder():
    r = candor_cli("code", "/no/such/turns.jsonl")
    assert r.returncode == 2 and "no such file" in r.stderr
    r = candor_cli("code", "--out", "/no/such/folder/coded.jsonl", input=jsonl(TURNS))
    assert r.returncode == 2 and "does not exist" in r.stderr


# --- candor evaluate ---------------------------------------------------------------

# Gold codes for six turns; Candor codes them fact / none / vulnerability /
# fact+same_boat / immediacy / none. The coder disagrees on t2 and t5.
GOLD = [
    ("t1", "I have two teenagers myself.", ["fact"], []),
    ("t2", "I hear you saying it's been lonely.", ["immediacy"], []),
    ("t3", "I was wrong about that last week.", ["vulnerability"], []),
    ("t4", "I've been there.", ["fact"], ["same_boat"]),
    ("t5", "I'm feeling really moved as you say that.", [], []),
    ("t6", "What would you like to focus on today?", [], []),
]


@pytest.fixture
def gold_files(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(jsonl({"id": i, "codes": c, "flags": f} for i, _, c, f in GOLD), encoding="utf-8")
    texts = tmp_path / "texts.csv"
    texts.write_text("id,text\n" + "".join(f'{i},"{t}"\n' for i, t, _, _ in GOLD), encoding="utf-8")
    return gold, texts


def test_evaluate_json_on_a_hand_coded_sample(gold_files):
    gold, texts = gold_files
    r = candor_cli("evaluate", gold, "--text-from", texts, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "candor.evaluate/1" and doc["turns"] == 6
    assert doc["gold"] == "gold.jsonl" and doc["text_from"] == "texts.csv"
    # Self-involving: gold t1 t2 t3 t4, Candor t1 t3 t4 t5 -> tp 3, fp 1 (t5), fn 1 (t2), tn 1 (t6).
    # P = 3/4 = 0.75, R = 3/4 = 0.75, F1 = 6/(6+1+1) = 0.75;
    # po = 4/6; pe = (4*4 + 2*2)/36 = 20/36; kappa = (24-20)/(36-20) = 4/16 = 0.25
    assert doc["self_involving"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75, "kappa": 0.25,
                                     "support": 4, "tp": 3, "fp": 1, "fn": 1, "tn": 1}
    # fact: t1 t4 on both sides -> P = R = F1 = kappa = 1
    assert doc["codes"]["fact"]["f1"] == 1.0 and doc["codes"]["fact"]["kappa"] == 1.0
    # immediacy: gold t2, Candor t5 -> tp 0 fp 1 fn 1 tn 4; pe = (1 + 25)/36; kappa = (24-26)/(36-26) = -0.2
    assert doc["codes"]["immediacy"]["kappa"] == -0.2 and doc["codes"]["immediacy"]["f1"] == 0.0
    # Macro F1 over fact, immediacy, vulnerability = (1 + 0 + 1) / 3
    assert doc["macro_f1"]["codes"] == {"f1": round(2 / 3, 4), "over": ["fact", "immediacy", "vulnerability"]}
    assert doc["flags"]["same_boat"]["tp"] == 1


def test_evaluate_prints_a_table(gold_files):
    gold, texts = gold_files
    r = candor_cli("evaluate", gold, "--text-from", texts)
    assert r.returncode == 0, r.stderr
    row = next(line for line in r.stdout.splitlines() if line.strip().startswith("self-involving"))
    assert row.split()[1:] == ["4", "0.75", "0.75", "0.75", "0.25", "3", "1", "1", "1"]
    words = " ".join(r.stdout.split())  # the summary lines wrap at the terminal's width
    assert "Macro F1 over codes: 0.67" in words and "fact, immediacy, vulnerability" in words
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_evaluate_reports_gold_ids_without_text(gold_files, tmp_path):
    gold, _ = gold_files
    partial = tmp_path / "partial.csv"
    partial.write_text("id,text\nt1,Hello.\n", encoding="utf-8")
    r = candor_cli("evaluate", gold, "--text-from", partial)
    assert r.returncode == 2 and "5 gold ids" in r.stderr and "first: t2" in r.stderr


def test_evaluate_the_shared_gold_with_annomi_text(shared_data):
    gold = shared_data / "gold" / "annomi_dev.jsonl"
    annomi = shared_data / "annomi" / "AnnoMI-simple.csv"
    r = candor_cli("evaluate", gold, "--text-from", annomi, "--json")
    assert r.returncode == 0, r.stderr
    si = json.loads(r.stdout)["self_involving"]
    assert si["support"] == 16
    assert 0 <= si["precision"] <= 1 and 0 <= si["recall"] <= 1
    table = candor_cli("evaluate", gold, "--text-from", annomi)
    assert table.returncode == 0 and "precision" in table.stdout and "recall" in table.stdout
    row = next(line for line in table.stdout.splitlines() if line.strip().startswith("self-involving"))
    assert row.split()[1] == "16"


def test_help_fits_a_screen_and_has_an_example():
    for verb in ("code", "evaluate"):
        r = candor_cli(verb, "--help")
        assert r.returncode == 0 and "Example:" in r.stdout
        assert len(r.stdout.splitlines()) <= 40


def test_code_into_a_closed_pipe_stops_quietly(tmp_path):
    """`candor code big.jsonl | head -1`: exit 0 and no traceback, as Unix tools do."""
    import subprocess
    import sys

    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": i, "text": "I have two kids myself."}) + "\n" for i in range(20000)))
    proc = subprocess.Popen([sys.executable, "-m", "candor.cli", "code", str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = proc.stdout.readline()
    proc.stdout.close()
    proc.wait(timeout=120)
    assert json.loads(first)["id"] == 0
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr.read()
