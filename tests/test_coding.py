"""`candor.coding`: the JSON Lines contract researchers code their corpora with."""

from __future__ import annotations

import io
import json

import pytest

from candor.coding import code_lines, detector_for, open_atomic, parse_line, run, turn_codes, write_coded
from candor.detect import default_detector
from candor.errors import CandorError
from candor.model import Sentence


def jsonl(*objs) -> list[bytes]:
    return [(json.dumps(o) + "\n").encode("utf-8") for o in objs]


def test_each_turn_is_coded_in_order_with_its_id_echoed():
    lines = jsonl(
        {"id": "s1-t4", "text": "I have two teenagers myself. What do you think might help you?"},
        {"id": 17, "text": "I hear you saying it's been lonely.", "prev": "Nobody calls me any more."},
        {"id": 2.5, "text": "I was wrong about that last week."},
    )
    out = list(code_lines(lines))
    assert [r["id"] for r in out] == ["s1-t4", 17, 2.5]
    assert [r["codes"] for r in out] == [["fact"], [], ["vulnerability"]]
    first = out[0]
    assert list(first) == ["id", "codes", "flags", "sentences"]
    assert first["flags"] == ["returns_focus"]  # the question turns back to the client
    assert [s["code"] for s in first["sentences"]] == ["fact", "none"]
    assert set(first["sentences"][0]) == {"text", "code", "flags", "confidence"}
    assert first["sentences"][0]["text"] == "I have two teenagers myself."
    assert 0 <= first["sentences"][0]["confidence"] <= 1


def test_turn_codes_and_flags_are_the_union_in_codebook_order():
    sentences = [
        Sentence("b", "vulnerability", ("returns_focus",)),
        Sentence("a", "fact", ("same_boat",)),
        Sentence("c", "none"),
        Sentence("d", "fact"),
    ]
    assert turn_codes(sentences) == (["fact", "vulnerability"], ["same_boat", "returns_focus"])


def test_same_boat_is_a_turn_flag():
    (record,) = code_lines(jsonl({"id": "x", "text": "I know exactly how you feel."}))
    # a claim to share the client's feeling: `feeling`, as our hand-coded examples code it (hc-0541)
    assert record["codes"] == ["feeling"] and record["flags"] == ["same_boat"]


def test_empty_text_gives_no_codes_and_no_sentences_and_blank_lines_are_skipped():
    out = list(code_lines([b'{"id": 1, "text": ""}\n', b"\n", b'{"id": 2, "text": "   "}\n']))
    assert out == [{"id": 1, "codes": [], "flags": [], "sentences": []},
                   {"id": 2, "codes": [], "flags": [], "sentences": []}]


def test_a_byte_order_mark_on_the_first_line_is_accepted():
    assert parse_line('\ufeff{"id": 1, "text": "Hi."}'.encode("utf-8"), 1) == (1, "Hi.", None)


@pytest.mark.parametrize("line, says", [
    (b"I never told anyone about the overdose\n", "not a JSON object with 'id' and 'text'"),
    (b'["overdose"]\n', "not a JSON object"),
    (b'{"text": "the overdose"}\n', "not a JSON object with 'id' and 'text'"),
    (b'{"id": 3}\n', "not a JSON object with 'id' and 'text'"),
    (b'{"id": 3, "text": ["the overdose"]}\n', "'text' must be a string"),
    (b'{"id": null, "text": "the overdose"}\n', "'id' must be a string or a number"),
    (b'{"id": true, "text": "the overdose"}\n', "'id' must be a string or a number"),
    (b'{"id": 3, "text": "the overdose", "prev": 4}\n', "'prev' must be a string"),
    ("the overdose \u00e9".encode("latin-1"), "not UTF-8"),
])
def test_a_bad_line_is_named_by_number_never_by_content(line, says):
    lines = jsonl({"id": 1, "text": "Hello."}, {"id": 2, "text": "Hi."}) + [line]
    with pytest.raises(CandorError) as err:
        list(code_lines(lines))
    message = str(err.value)
    assert message.startswith("line 3:") and says in message
    assert "overdose" not in message


def test_write_coded_writes_one_json_line_per_turn():
    buf = io.StringIO()
    n = write_coded(jsonl({"id": "a", "text": "Ich bin müde, sagen Sie."}, {"id": "b", "text": ""}), buf)
    lines = buf.getvalue().splitlines()
    assert n == 2 and len(lines) == 2
    assert "müde" in lines[0]  # UTF-8, not \u-escaped
    assert [json.loads(x)["id"] for x in lines] == ["a", "b"]


def test_coding_streams_one_line_at_a_time():
    """The output for a line is ready before the next line is read (constant memory for huge inputs)."""
    read = []

    def lines():
        for i in range(3):
            read.append(i)
            yield (json.dumps({"id": i, "text": "I see."}) + "\n").encode()

    stream = code_lines(lines())
    assert next(stream)["id"] == 0 and read == [0]


def test_out_file_is_written_atomically_and_not_at_all_on_a_bad_line(tmp_path):
    good = tmp_path / "in.jsonl"
    good.write_bytes(b"".join(jsonl({"id": 1, "text": "I have two teenagers myself."})))
    out = tmp_path / "coded.jsonl"
    assert run(good, out) == 1
    assert json.loads(out.read_text(encoding="utf-8"))["codes"] == ["fact"]
    assert (out.stat().st_mode & 0o777) == 0o600  # health information: readable only by the user

    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"".join(jsonl({"id": 1, "text": "Hi."})) + b"oops\n")
    fresh = tmp_path / "fresh.jsonl"
    with pytest.raises(CandorError, match="line 2"):
        run(bad, fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", "coded.jsonl", "in.jsonl"]


def test_open_atomic_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "coded.jsonl"
    target.write_text("previous run\n")
    with pytest.raises(RuntimeError):
        with open_atomic(target) as f:
            f.write("half")
            raise RuntimeError("disk gone")
    assert target.read_text() == "previous run\n" and list(tmp_path.iterdir()) == [target]


def test_missing_input_file_is_a_user_error(tmp_path):
    with pytest.raises(CandorError, match="no such file"):
        run(tmp_path / "nope.jsonl")


def test_detector_for_threshold():
    assert detector_for(None) is default_detector()
    strict = detector_for(0.995)
    assert type(strict) is type(default_detector()) and strict.threshold == 0.995
    # A threshold above a sentence's confidence (about 0.98 here) leaves it uncoded.
    text = "I used to run marathons, back in my twenties."
    (lenient,) = code_lines(jsonl({"id": 1, "text": text}), detector_for(0.5))
    (strict_record,) = code_lines(jsonl({"id": 1, "text": text}), strict)
    assert lenient["codes"] == ["fact"] and strict_record["codes"] == []
    with pytest.raises(CandorError, match="between 0 and 1"):
        detector_for(1.5)


def test_a_threshold_gives_the_default_detector_at_that_threshold_loaded_once():
    det = detector_for(0.9)
    assert det.name == "trained" and det.threshold == 0.9
    assert detector_for(0.9) is det  # `candor code` and `evaluate` in one process share it
    with pytest.raises(CandorError, match="between 0 and 1"):
        detector_for(1.0)

