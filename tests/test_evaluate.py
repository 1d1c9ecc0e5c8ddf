"""`candor evaluate`: the agreement figures, worked out by hand, and the gold's text sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from candor.errors import CandorError
from candor.evaluate import SCHEMA, binary_metrics, evaluate, labels, score
from candor.gold import GoldTurn, attach_texts, read_gold, read_texts

# Seven therapist turns whose coding by the detector is unambiguous, and a
# human coder (gold codes and flags) who disagrees with Candor on three of them.
TURNS = [  # id, text, gold codes, gold flags          # Candor's coding
    ("t1", "I have two teenagers myself.",              ["fact"], []),             # fact: agree
    ("t2", "I hear you saying it's been lonely.",       ["immediacy"], []),        # none
    ("t3", "I was wrong about that last week.",         ["vulnerability"], []),    # vulnerability: agree
    ("t4", "I've been there.",                          ["fact"], ["same_boat"]),  # fact + same_boat: agree
    ("t5", "What would you like to focus on today?",    [], []),                   # none: agree
    ("t6", "I'm feeling really moved as you say that.", [], []),                   # immediacy
    ("t7", "I honestly don't know the answer.",         ["fact"], []),             # vulnerability
]


def write_gold(tmp_path: Path, with_text: bool = True) -> Path:
    p = tmp_path / "gold.jsonl"
    rows = [{"id": i, "codes": c, "flags": f, **({"text": t} if with_text else {})} for i, t, c, f in TURNS]
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


def test_figures_on_a_hand_coded_sample(tmp_path):
    r = evaluate(write_gold(tmp_path))
    assert r["schema"] == SCHEMA and r["turns"] == 7 and r["gold"] == "gold.jsonl"

    # Self-involving: gold yes t1 t2 t3 t4 t7, Candor yes t1 t3 t4 t6 t7.
    # tp = 4 (t1 t3 t4 t7), fp = 1 (t6), fn = 1 (t2), tn = 1 (t5), n = 7.
    # precision = 4/5 = 0.8; recall = 4/5 = 0.8; F1 = 8/(8+1+1) = 0.8
    # po = 5/7; pe = (5*5 + 2*2)/49 = 29/49; kappa = (35-29)/(49-29) = 6/20 = 0.3
    assert r["self_involving"] == {"precision": 0.8, "recall": 0.8, "f1": 0.8, "kappa": 0.3,
                                   "support": 5, "tp": 4, "fp": 1, "fn": 1, "tn": 1}

    # fact: gold t1 t4 t7, Candor t1 t4 -> tp 2, fp 0, fn 1, tn 4.
    # P = 1; R = 2/3; F1 = 4/(4+0+1) = 0.8; pe = (2*3 + 5*4)/49 = 26/49; kappa = (42-26)/(49-26) = 16/23
    fact = r["codes"]["fact"]
    assert (fact["tp"], fact["fp"], fact["fn"], fact["tn"]) == (2, 0, 1, 4)
    assert fact["precision"] == 1.0 and fact["recall"] == round(2 / 3, 4) and fact["f1"] == 0.8
    assert fact["kappa"] == round(16 / 23, 4)

    # immediacy: gold t2, Candor t6 -> tp 0, fp 1, fn 1, tn 5: P = R = F1 = 0;
    # pe = (1*1 + 6*6)/49 = 37/49; kappa = (35-37)/(49-37) = -1/6 (worse than chance)
    imm = r["codes"]["immediacy"]
    assert (imm["tp"], imm["fp"], imm["fn"], imm["tn"]) == (0, 1, 1, 5)
    assert imm["f1"] == 0.0 and imm["kappa"] == round(-1 / 6, 4)

    # vulnerability: gold t3, Candor t3 t7 -> tp 1, fp 1, fn 0, tn 5: P = 0.5, R = 1, F1 = 2/3;
    # pe = (2*1 + 5*6)/49 = 32/49; kappa = (42-32)/(49-32) = 10/17
    vul = r["codes"]["vulnerability"]
    assert (vul["precision"], vul["recall"], vul["f1"]) == (0.5, 1.0, round(2 / 3, 4))
    assert vul["kappa"] == round(10 / 17, 4) and vul["support"] == 1

    # same_boat: t4 on both sides -> perfect; returns_focus: nobody says it -> support 0, kappa 1 (pe = 1)
    assert r["flags"]["same_boat"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "kappa": 1.0,
                                       "support": 1, "tp": 1, "fp": 0, "fn": 0, "tn": 6}
    assert r["flags"]["returns_focus"]["support"] == 0 and r["flags"]["returns_focus"]["kappa"] == 1.0

    # Macro F1 over the codes the gold uses: (0.8 + 0 + 2/3) / 3 = 0.4889; over flags: same_boat only.
    assert r["macro_f1"]["codes"] == {"f1": round((0.8 + 0 + 2 / 3) / 3, 4),
                                      "over": ["fact", "immediacy", "vulnerability"]}
    assert r["macro_f1"]["flags"] == {"f1": 1.0, "over": ["same_boat"]}
    assert list(r["codes"]) == ["fact", "feeling", "insight", "strategy", "immediacy", "vulnerability"]
    assert list(r["flags"]) == ["same_boat", "shared_humanity", "unprofessional", "returns_focus"]


def test_binary_metrics_edge_cases():
    # Candor never says yes: precision of no predictions is 0.0, not an error.
    m = binary_metrics(0, 0, 3, 7)
    assert (m["precision"], m["recall"], m["f1"], m["support"]) == (0.0, 0.0, 0.0, 3)
    # Everyone says no to everything: pe = po = 1 -> kappa 1.0.
    assert binary_metrics(0, 0, 0, 10)["kappa"] == 1.0
    assert binary_metrics(4, 0, 0, 0)["kappa"] == 1.0
    # Nothing to compare.
    assert binary_metrics(0, 0, 0, 0)["kappa"] == 0.0
    # Perfect disagreement on a balanced table: kappa -1.
    assert binary_metrics(0, 5, 5, 0)["kappa"] == -1.0
    # A textbook table: tp 20, fp 5, fn 10, tn 15 (n 50). po = 35/50 = 0.7;
    # pe = (25*30 + 25*20)/2500 = 0.5; kappa = 0.2/0.5 = 0.4; P = 0.8, R = 2/3, F1 = 40/55
    m = binary_metrics(20, 5, 10, 15)
    assert m["kappa"] == pytest.approx(0.4) and m["precision"] == 0.8
    assert m["recall"] == pytest.approx(2 / 3) and m["f1"] == pytest.approx(40 / 55)


def test_labels_and_score():
    assert labels(["fact"], ["same_boat"]) == {"fact", "same_boat", "self_involving"}
    assert labels([], ["same_boat"]) == {"same_boat"}  # a flag alone is not a self-involving code
    assert labels(["none"], []) == set()
    r = score([({"self_involving", "fact"}, {"self_involving", "fact"}), (set(), set())])
    assert r["turns"] == 2 and r["self_involving"]["kappa"] == 1.0
    assert r["macro_f1"]["flags"] == {"f1": None, "over": []}


def test_text_from_an_id_text_csv_with_numeric_ids(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": 7, "codes": ["fact"], "flags": []}\n{"id": "b", "codes": [], "flags": []}\n')
    texts = tmp_path / "t.csv"
    texts.write_text('id,text,prev\n7,I have two teenagers myself.,Do you have kids?\nb,"Mm, I see.",\nc,unused,\n')
    turns = attach_texts(read_gold(gold), texts)
    assert turns[0] == GoldTurn("7", frozenset({"fact"}), frozenset(), "I have two teenagers myself.", "Do you have kids?")
    assert turns[1].text == "Mm, I see." and turns[1].prev is None
    assert evaluate(gold, texts)["self_involving"]["tp"] == 1


ANNOMI_HEADER = "transcript_id,mi_quality,utterance_id,interlocutor,timestamp,utterance_text\n"


def test_annomi_csv_ids_and_prev_the_latest_client_utterance(tmp_path):
    csv_path = tmp_path / "annomi.csv"
    rows = [  # out of order on purpose: utterance_id is the order, not the file
        "4,high,2,therapist,00:00:09,Mm-hmm.",
        "4,high,0,therapist,00:00:01,Hello.",
        "4,high,3,therapist,00:00:12,I have two teenagers myself.",
        "4,high,1,client,00:00:05,My son won't talk to me.",
        "9,low,0,client,00:00:01,Hi.",
        "9,low,1,therapist,00:00:02,What brings you here?",
    ]
    csv_path.write_text(ANNOMI_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    wanted = {"annomi-4-0", "annomi-4-3", "annomi-9-1"}
    assert read_texts(csv_path, wanted) == {
        "annomi-4-0": ("Hello.", None),
        "annomi-4-3": ("I have two teenagers myself.", "My son won't talk to me."),
        "annomi-9-1": ("What brings you here?", "Hi."),
    }


ROGERS_HEADER = "session,turn_number,speaker,speaker_name,text,year,src_row,suspect_leak\n"


def test_rogers_csv_ids_and_prev_the_latest_client_utterance_of_the_same_session(tmp_path):
    csv_path = tmp_path / "rogers.csv"
    rows = [
        'Gloria,1,therapist,Carl Rogers,"Good morning. I\'m Dr. Rogers.",1965,0,0',
        "Gloria,2,client,Gloria,I'm nervous.,1965,1,0",
        "Gloria,2,therapist,Carl Rogers,I feel close to you in this moment.,1965,2,0",
        "Kathy,1,therapist,Carl Rogers,Hi.,1975,1090,0",
    ]
    csv_path.write_text(ROGERS_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    assert read_texts(csv_path, {"rogers-0", "rogers-2", "rogers-1090"}) == {
        "rogers-0": ("Good morning. I'm Dr. Rogers.", None),
        "rogers-2": ("I feel close to you in this moment.", "I'm nervous."),
        "rogers-1090": ("Hi.", None),  # a new session: Gloria's words are not Kathy's context
    }


def test_missing_text_is_reported_with_a_count_and_the_first_id(tmp_path):
    gold = write_gold(tmp_path, with_text=False)
    texts = tmp_path / "t.csv"
    texts.write_text("id,text\nt1,Hello.\nt3,Hi.\n")
    with pytest.raises(CandorError, match=r"5 gold ids are not in t.csv \(first: t2\)"):
        evaluate(gold, texts)
    with pytest.raises(CandorError, match=r"7 gold turns have no 'text' \(first: t1\).*--text-from"):
        evaluate(gold)


@pytest.mark.parametrize("line, says", [
    ('{"id": "a", "codes": ["fakt"], "flags": []}', "'codes' holds something other than"),
    ('{"id": "a", "codes": [], "flags": ["same-boat"]}', "'flags' holds something other than"),
    ('{"id": "a", "flags": []}', "not a JSON object with 'id' and 'codes'"),
    ('the client said something private', "not a JSON object"),
    ('{"id": "t1", "codes": [], "flags": []}', "appears twice"),
])
def test_bad_gold_lines_are_named(tmp_path, line, says):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "t1", "codes": [], "flags": [], "text": "Hi."}\n' + line + "\n")
    with pytest.raises(CandorError) as err:
        read_gold(gold)
    assert "g.jsonl line 2" in str(err.value) and says in str(err.value)
    assert "private" not in str(err.value)


def test_a_csv_that_is_neither_shape_is_refused(tmp_path):
    gold = write_gold(tmp_path, with_text=False)
    other = tmp_path / "other.csv"
    other.write_text("when,who,notes\n1,A,x\n")
    with pytest.raises(CandorError, match="AnnoMI"):
        evaluate(gold, other)


def test_the_shared_gold_with_annomi_text(shared_data):
    gold = shared_data / "gold" / "annomi_dev.jsonl"
    annomi = shared_data / "annomi" / "AnnoMI-simple.csv"
    turns = attach_texts(read_gold(gold), annomi)
    assert len(turns) == 512 and all(t.text is not None for t in turns)
    # The ids point at the right utterances: the coder's evidence is quoted from its turn
    # (shortened at times, so only its opening is compared).
    by_id = {t.id: t for t in turns}
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        assert g["evidence"][:30] in by_id[g["id"]].text, g["id"]
    r = evaluate(gold, annomi)
    si = r["self_involving"]
    assert si["support"] == 16 and r["turns"] == 512
    assert 0 <= si["precision"] <= 1 and 0 <= si["recall"] <= 1 and -1 <= si["kappa"] <= 1
    assert si["tp"] + si["fp"] + si["fn"] + si["tn"] == 512
