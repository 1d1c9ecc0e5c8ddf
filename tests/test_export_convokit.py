"""The ConvoKit export: a batch run written as a corpus directory ConvoKit loads.

ConvoKit itself is not installed here (it pulls in torch), so the export is
checked field by field against ConvoKit's documented format
(convokit.cornell.edu/documentation/data_format.html) and against what its
loader reads (convokit/model/corpus.py, corpus_helpers.py, convoKitIndex.py).
The batch is built from real sessions: two timed AnnoMI sessions, a timed
five-person Zoom meeting and two untimed Carl Rogers sessions in which the
detector finds self-involving statements, written in three parts.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

import candor
from candor.batch.tables import part_files, read_table, session_id, session_rows, turn_id, write_part
from candor.errors import CandorError
from candor.exports.convokit import export_convokit

FILES = {"utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json"}
# The six mandatory utterance fields of the documented format, plus its optional meta.
UTTERANCE_KEYS = ["id", "speaker", "conversation_id", "reply_to", "timestamp", "text", "meta"]
INDEX_KEYS = {"utterances-index", "speakers-index", "conversations-index", "overall-index", "version", "vectors"}


@pytest.fixture(scope="module")
def sessions(shared_data) -> dict[str, list[candor.Transcript]]:
    """The real sessions in the batch, by the source name the batch records."""
    annomi = candor.read_all(shared_data / "annomi" / "AnnoMI-simple.csv")
    rogers = candor.read_all(shared_data / "rogers" / "rogers_sessions_dedup.csv")
    return {
        "annomi/AnnoMI-simple.csv": [t for t in annomi if t.session in ("0", "3")],
        "zoom_vtt/meeting.vtt": candor.read_all(
            shared_data / "formats" / "zoom_vtt" / "GMT20240124-202901_Recording.transcript.vtt"
        ),
        "rogers/rogers_sessions_dedup.csv": [t for t in rogers if t.session in ("Gloria", "Dione_2nd")],
    }


@pytest.fixture(scope="module")
def batch(sessions, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "run"
    for part, (source, transcripts) in enumerate(sessions.items()):
        rows: dict[str, list] = {"sessions": [], "turns": [], "sentences": []}
        for t in transcripts:
            for name, more in session_rows(candor.analyze(t), source, part).items():
                rows[name] += more
        write_part(out, part, rows)
    return out


@pytest.fixture(scope="module")
def corpus(batch, tmp_path_factory) -> Path:
    return export_convokit(batch, tmp_path_factory.mktemp("export") / "corpus")


def utterances(corpus: Path) -> list[dict]:
    lines = (corpus / "utterances.jsonl").read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # every line ends with a newline, no blank lines between
    return [json.loads(line) for line in lines[:-1]]


def load(corpus: Path, name: str) -> dict:
    return json.loads((corpus / f"{name}.json").read_text(encoding="utf-8"))


def by_conversation(utts: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for u in utts:
        out.setdefault(u["conversation_id"], []).append(u)
    return out


def test_the_corpus_folder_holds_the_five_convokit_files_readable_by_the_owner_only(corpus):
    assert {p.name for p in corpus.iterdir()} == FILES
    for p in corpus.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
    assert stat.S_IMODE(corpus.stat().st_mode) == 0o700
    assert not [p for p in corpus.parent.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_every_turn_is_one_utterance_with_exactly_the_documented_fields(corpus, batch):
    utts = utterances(corpus)
    turns = read_table(batch, "turns").to_pylist()
    assert [u["id"] for u in utts] == [t["turn_id"] for t in turns]
    assert len({u["id"] for u in utts}) == len(utts)
    for u, turn in zip(utts, turns):
        assert list(u) == UTTERANCE_KEYS
        assert all(isinstance(u[k], str) for k in ("id", "speaker", "conversation_id", "text"))
        assert u["reply_to"] is None or isinstance(u["reply_to"], str)
        assert type(u["timestamp"]) in (int, float)
        assert isinstance(u["meta"], dict)
        assert u["text"] == turn["text"]
    assert (corpus / "utterances.jsonl").read_bytes().isascii()  # ConvoKit opens it in the locale's encoding


def test_each_session_is_one_conversation_rooted_at_its_first_utterance(corpus, sessions):
    conversations = by_conversation(utterances(corpus))
    assert len(conversations) == sum(len(ts) for ts in sessions.values()) == 5
    for root, utts in conversations.items():
        # ConvoKit: conversation_id is the id of the first utterance of the conversation.
        assert utts[0]["id"] == root and utts[0]["reply_to"] is None
        assert [u["reply_to"] for u in utts[1:]] == [u["id"] for u in utts[:-1]]
        stamps = [u["timestamp"] for u in utts]
        assert stamps == sorted(stamps)  # ConvoKit's chronological order is the transcript's order


def test_timestamps_are_seconds_when_the_transcript_has_times_and_turn_numbers_otherwise(corpus, sessions):
    conversations = by_conversation(utterances(corpus))
    [meeting] = sessions["zoom_vtt/meeting.vtt"]
    zoom = conversations[turn_id(session_id("zoom_vtt/meeting.vtt", meeting.session), 1)]
    assert [u["timestamp"] for u in zoom] == [t.start for t in meeting.turns]
    gloria = next(t for t in sessions["rogers/rogers_sessions_dedup.csv"] if t.session == "Gloria")
    untimed = conversations[turn_id(session_id("rogers/rogers_sessions_dedup.csv", "Gloria"), 1)]
    assert [u["timestamp"] for u in untimed] == list(range(1, len(gloria.turns) + 1))
    assert {u["meta"]["start"] for u in untimed} == {None}


def test_every_speaker_and_conversation_referenced_is_described(corpus, batch):
    utts = utterances(corpus)
    speakers, conversations = load(corpus, "speakers"), load(corpus, "conversations")
    assert list(speakers) == list(dict.fromkeys(u["speaker"] for u in utts))
    assert list(conversations) == list(dict.fromkeys(u["conversation_id"] for u in utts))
    for entry in [*speakers.values(), *conversations.values()]:
        assert list(entry) == ["meta", "vectors"] and entry["vectors"] == []
    # The AnnoMI sessions both have a "therapist": two different people, two speakers.
    annomi = [s for s, e in speakers.items() if e["meta"]["name"] == "therapist"]
    assert len(annomi) == 2
    for sid, entry in speakers.items():
        assert sid == f"{entry['meta']['session_id']}:{entry['meta']['name']}"
        assert entry["meta"]["role"] in ("therapist", "client", "other")
    sessions = {row["session_id"]: row for row in read_table(batch, "sessions").to_pylist()}
    for root, entry in conversations.items():
        row = sessions[entry["meta"]["session_id"]]
        assert root == turn_id(row["session_id"], 1)
        assert entry["meta"] == {k: v for k, v in row.items() if k != "part"}


def test_index_lists_every_meta_key_with_its_type_in_convokit_notation(corpus):
    index = load(corpus, "index")
    assert set(index) == INDEX_KEYS
    assert isinstance(index["version"], int) and index["vectors"] == []
    metas = {
        "utterances-index": [u["meta"] for u in utterances(corpus)],
        "speakers-index": [e["meta"] for e in load(corpus, "speakers").values()],
        "conversations-index": [e["meta"] for e in load(corpus, "conversations").values()],
        "overall-index": [load(corpus, "corpus")],
    }
    for name, objects in metas.items():
        keys = set().union(*objects)
        assert set(index[name]) == keys, name
        for meta in objects:
            assert set(meta) == keys  # every object carries every key
            for key, value in meta.items():
                types = index[name][key]
                assert isinstance(types, list) and all(t.startswith("<class '") for t in types)
                if value is not None:  # ConvoKit never indexes None
                    assert str(type(value)) in types, (name, key)


def test_candors_codes_in_the_utterance_meta_are_the_batch_tables(corpus, batch):
    utts = {u["id"]: u for u in utterances(corpus)}
    for turn in read_table(batch, "turns").to_pylist():
        meta = utts[turn["turn_id"]]["meta"]
        for key in ("role", "turn", "start", "end", "codes", "flags", "self_involving"):
            assert meta[key] == turn[key], key
        assert len(meta["sentences"]) == turn["sentences"]
    for s in read_table(batch, "sentences").to_pylist():
        coded = utts[s["turn_id"]]["meta"]["sentences"][s["sentence"]]
        assert coded == {"text": s["text"], "code": s["code"], "flags": s["flags"], "confidence": s["confidence"]}
    disclosures = [u for u in utts.values() if u["meta"]["self_involving"]]
    assert disclosures and {u["meta"]["role"] for u in disclosures} == {"therapist"}


def test_corpus_meta_names_candor_and_counts_the_corpus(corpus):
    assert load(corpus, "corpus") == {
        "name": "candor", "candor_version": candor.__version__, "sessions": 5, "utterances": len(utterances(corpus)),
    }


def test_the_same_batch_gives_byte_identical_files(corpus, batch, tmp_path):
    again = export_convokit(batch, tmp_path / "again")
    for name in FILES:
        assert (again / name).read_bytes() == (corpus / name).read_bytes(), name


def test_candor_reads_the_export_back_with_the_same_turns_speakers_and_roles(corpus, sessions):
    back = {t.session: t for t in candor.read_all(corpus)}
    assert len(back) == 5
    for source, transcripts in sessions.items():
        for original in transcripts:
            t = back[turn_id(session_id(source, original.session), 1)]
            assert t.format == "convokit"
            assert [(x.speaker, x.text) for x in t.turns] == [(x.speaker, x.text) for x in original.turns]
            assert {s.name: s.role for s in t.speakers} == {s.name: s.role for s in original.speakers}


def test_an_empty_target_folder_is_used_and_a_full_one_refused(batch, tmp_path):
    (tmp_path / "empty").mkdir()
    assert {p.name for p in export_convokit(batch, tmp_path / "empty").iterdir()} == FILES
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("keep me")
    with pytest.raises(CandorError) as err:
        export_convokit(batch, full)
    assert "not empty" in str(err.value) and "\n" not in str(err.value)
    assert [p.name for p in full.iterdir()] == ["notes.txt"]


def test_a_folder_that_is_not_a_batch_output_is_refused(shared_data, tmp_path):
    with pytest.raises(CandorError) as err:
        export_convokit(shared_data / "rogers", tmp_path / "corpus")
    message = str(err.value)
    assert "not a Candor batch output" in message and "candor batch" in message and "\n" not in message
    assert not (tmp_path / "corpus").exists()


def test_a_damaged_table_is_named_without_quoting_the_transcript(batch, tmp_path):
    broken = tmp_path / "run"
    shutil.copytree(batch, broken)
    part_files(broken, "turns")[1].write_bytes(b"Gloria: I want to be honest with you")
    with pytest.raises(CandorError) as err:
        export_convokit(broken, tmp_path / "corpus")
    message = str(err.value)
    assert "turns table cannot be read" in message and "Gloria" not in message.replace(str(tmp_path), "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # nothing half-written left behind


def test_a_batch_still_being_written_is_refused_and_leaves_nothing(batch, tmp_path):
    running = tmp_path / "run"
    shutil.copytree(batch, running)
    part_files(running, "sentences")[-1].unlink()  # the last part's sentences not written yet
    with pytest.raises(CandorError) as err:
        export_convokit(running, tmp_path / "corpus")
    assert "do not match" in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]
