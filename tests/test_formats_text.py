"""Plain-text and Otter transcripts, read end to end through sniffing."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from candor.errors import InputError
from candor.formats import load, read_all
from candor.formats import text as text_format
from candor.model import Role

SAMPLES = Path(__file__).parent / "samples" / "text"


def roles_of(t) -> dict[str, Role]:
    return {s.name: s.role for s in t.speakers}


def test_t_c_labels_with_bracketed_timestamps():
    [t] = read_all(SAMPLES / "tc_timestamps.txt")
    assert t.format == "text"
    assert roles_of(t) == {"T": Role.THERAPIST, "C": Role.CLIENT}
    assert len(t.turns) == 13
    assert [turn.speaker for turn in t.turns[:4]] == ["T", "C", "T", "C"]
    assert t.turns[0].start == 4.0
    assert t.turns[-1].start == 96.0  # [00:01:36]
    # A wrapped line stays in its turn, joined with a space.
    assert t.turns[1].text == (
        "Honestly? Rough. The interview at the library is on Friday and I can't stop thinking about it."
    )
    assert "dry mouth and shaky hands myself" in t.turns[8].text
    assert t.role_confidence == 1.0 and not t.warnings


def test_therapist_and_client_labels_skip_the_header_lines():
    [t] = read_all(SAMPLES / "therapist_client.txt")
    assert roles_of(t) == {"Therapist": Role.THERAPIST, "Client": Role.CLIENT}
    assert t.turns[0].text.startswith("Good afternoon, Leo.")
    # "Date: 12 March" is a header, not a speaker.
    assert all("March" not in turn.text for turn in t.turns)
    assert len(t.turns) == 16
    assert not t.has_times


def test_numbered_codes_with_and_without_colon():
    [t] = read_all(SAMPLES / "numbered.txt")
    assert t.format == "text"  # numbered turns alone do not make a printed book
    assert roles_of(t) == {"T": Role.THERAPIST, "C": Role.CLIENT}
    assert len(t.turns) == 12
    assert t.turns[0].text.startswith("Hello Rosa.")
    assert t.turns[3].text == (
        "None. I keep my things in two boxes under the bed. It feels like I'm a guest who stayed too long."
    )
    assert "moved back in with my parents" in t.turns[8].text
    # The practicum title above the first turn is not a turn.
    assert all("Practicum" not in turn.text for turn in t.turns)


def test_real_names_with_wrapped_lines_and_a_guessed_therapist():
    [t] = read_all(SAMPLES / "named.txt")
    assert [s.name for s in t.speakers] == ["Ellen Hart", "Marcus Reyes"]
    assert len(t.turns) == 12
    assert t.turns[1].text.endswith("like a replay I can't switch off.")
    assert t.therapist.name == "Ellen Hart"
    assert 0.6 <= t.role_confidence < 1.0
    assert any("guessed that 'Ellen Hart' is the therapist" in w for w in t.warnings)


def test_name_with_time_in_parentheses_and_dr_title():
    [t] = read_all(SAMPLES / "named_times.txt")
    assert roles_of(t) == {"Dr. Sam Okafor": Role.THERAPIST, "June Whitfield": Role.CLIENT}
    assert [turn.start for turn in t.turns] == [3.0, 9.0, 21.0, 25.0, 30.0, 44.0]
    assert not t.warnings


def test_unbracketed_leading_time(tmp_path):
    path = tmp_path / "session.txt"
    path.write_text(
        "00:00:02 Therapist: What brings you in today?\n"
        "00:00:06 Client: My sleep, mostly.\n"
        "00:01:10 Therapist: Tell me about a usual night.\n",
        encoding="utf-8",
    )
    [t] = read_all(path)
    assert [turn.start for turn in t.turns] == [2.0, 6.0, 70.0]
    assert t.turns[1].text == "My sleep, mostly."


def test_otter_export_sample():
    [t] = read_all(SAMPLES / "otter_export.txt", therapist="Jordan")
    assert t.format == "otter"
    assert roles_of(t) == {"Jordan Blake": Role.THERAPIST, "Priya": Role.CLIENT}
    # Two Priya blocks in a row are one turn; the Otter footer is not text.
    assert len(t.turns) == 9
    assert t.turns[3].text.endswith("just to get some quiet.")
    assert t.turns[3].start == 22.0
    assert t.turns[-1].text == "What would happen if you didn't smile?"
    assert t.turns[-1].start == 61.0


def test_real_otter_exports(shared_data):
    folder = shared_data / "formats" / "otter_txt"
    [security] = read_all(folder / "62-security.md", therapist="Emma")
    assert security.format == "otter"
    assert {s.name for s in security.speakers} == {"Emma", "Kelly", "Unknown Speaker", "Tailor", "Sidney"}
    assert security.turns[0].speaker == "Emma" and security.turns[0].start == 0.0
    assert security.turns[1].text == "Welcome to the ladybug podcast."
    assert security.turns[-1].speaker == "Sidney"
    assert security.turns[-1].start == 55 * 60 + 21
    assert all("otter.ai" not in turn.text for turn in security.turns)
    # Runs of "Unknown Speaker" blocks become one turn each.
    assert all(a.speaker != b.speaker for a, b in zip(security.turns, security.turns[1:]))

    [crypto] = read_all(folder / "67-cryptography.md", therapist="Emma")
    assert {s.name for s in crypto.speakers} == {"Emma", "Kelly", "Ali", "Unknown Speaker"}
    assert crypto.turns[1].text == "Welcome to the ladybug podcast. I'm Kelly."
    assert crypto.turns[1].start == 22.0


def test_real_diarisation_renderings(shared_data):
    folder = shared_data / "formats" / "other"
    # AssemblyAI: "SPEAKER_00: text" paragraphs.
    [assembly] = read_all(folder / "episode007-jacob-czepluch_assemblyai.txt", therapist="SPEAKER_00")
    assert assembly.format == "text"
    assert [s.name for s in assembly.speakers] == ["SPEAKER_00", "SPEAKER_01"]
    assert assembly.turns[0].text == "So, hello."
    assert assembly.turns[1].text == "Hello, Bob."
    assert len(assembly.turns) > 100
    # WhisperX: "SPEAKER_01:" alone on a line, one sentence per line below it.
    [whisperx] = read_all(folder / "episode007-jacob-czepluch_whisperx.txt", therapist="SPEAKER_01")
    assert whisperx.format == "text"
    assert [s.name for s in whisperx.speakers] == ["SPEAKER_01", "SPEAKER_00"]
    assert whisperx.turns[0].text.startswith("So, hello. Hello, Bob. So, yes, I'm Bob Samuel")
    assert whisperx.turns[1].text.startswith("Oh, yeah. Thank you for the intro")
    assert len(whisperx.turns) > 20


ENCODINGS = {
    "crlf": lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    "windows-1252": lambda s: s.replace("\n", "\r\n").encode("cp1252"),
    "utf-16 (Teams)": lambda s: codecs.BOM_UTF16_LE + s.replace("\n", "\r\n").encode("utf-16-le"),
    "utf-8 with BOM": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
}


@pytest.mark.parametrize("sample", ["therapist_client.txt", "otter_export.txt"])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_encodings_give_identical_turns(tmp_path, sample, encoding):
    original = (SAMPLES / sample).read_text(encoding="utf-8")
    [expected] = read_all(SAMPLES / sample)
    path = tmp_path / sample
    path.write_bytes(ENCODINGS[encoding](original))
    [t] = read_all(path)
    assert t.format == expected.format
    assert t.turns == expected.turns
    assert t.speakers == expected.speakers


def test_curly_quotes_and_accents_survive_windows_1252(tmp_path):
    path = tmp_path / "session.txt"
    path.write_bytes((SAMPLES / "therapist_client.txt").read_text(encoding="utf-8").encode("cp1252"))
    [t] = read_all(path)
    assert "My sister Zoë says he’s proud of me in secret" in t.turns[-3].text


def test_prose_with_colons_is_not_a_transcript(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text(
        "Supervision notes for the spring term.\n"
        "Note: the group meets on Tuesdays from now on.\n"
        "We discussed the new intake form at length and agreed to shorten it.\n"
        "Well: that was the plan, at least, until the printer broke again.\n"
        "Reminder: bring the consent forms to the next meeting.\n"
        "Everyone agreed the waiting room needs better chairs.\n",
        encoding="utf-8",
    )
    assert text_format.sniff(load(path)) == 0
    with pytest.raises(InputError, match="does not recognise"):
        read_all(path)


def test_subtitles_are_left_to_their_readers(tmp_path):
    path = tmp_path / "session.txt"
    path.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nTherapist: Hello.\n\n"
        "00:00:04.000 --> 00:00:06.000\nClient: Hi.\n",
        encoding="utf-8",
    )
    assert text_format.sniff(load(path)) == 0


def test_printed_rogers_volume_is_not_taken_for_plain_text(shared_data):
    src = load(shared_data / "rogers" / "raw_transcripts.txt")
    [first, *_] = read_all(shared_data / "rogers" / "raw_transcripts.txt")
    assert first.format == "published"
    assert text_format.sniff(src) < 80
