"""The structured readers: WebVTT, SRT, DOCX, CSV/TSV, speech-to-text JSON, ConvoKit.

Samples in tests/samples/structured are invented sessions shaped exactly like
each tool's export; the real exports in /work/shared/data/formats are read too.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import docx as python_docx
import pytest

from candor.errors import InputError
from candor.formats import ReadOptions, choose, load, read_all
from candor.formats import convokit, docx, json as json_reader, srt, table, vtt
from candor.model import Role, Transcript

SAMPLES = Path(__file__).parent / "samples" / "structured"


def read_with(reader, path: Path, **columns: str) -> list[Transcript]:
    """One reader on its own, without role resolution (for one-speaker files)."""
    return reader.READER.read(load(path), ReadOptions(columns=columns))


def speakers(t: Transcript) -> list[str]:
    return [s.name for s in t.speakers]


def turn_speakers(t: Transcript) -> list[str]:
    return [turn.speaker for turn in t.turns]


def assert_user_error(err: pytest.ExceptionInfo, file_name: str, *, not_quoting: tuple[str, ...] = ()) -> str:
    """The message is one line, starts with the file name and quotes no transcript text."""
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{file_name}:"), message
    for text in not_quoting:
        assert text not in message
    return message


def assert_no_markup(t: Transcript) -> None:
    for turn in t.turns:
        assert "<" not in turn.text and ">" not in turn.text, turn.text
        assert "&amp;" not in turn.text


# --- WebVTT -------------------------------------------------------------------------------------


def test_zoom_vtt_merges_cues_and_continues_unlabelled_cues():
    [t] = read_all(SAMPLES / "zoom.vtt", therapist="Dana Whitfield")
    assert t.format == "vtt"
    assert speakers(t) == ["Dana Whitfield", "Sam Ortiz"]
    assert t.role_of("Dana Whitfield") is Role.THERAPIST and t.role_of("Sam Ortiz") is Role.CLIENT
    assert turn_speakers(t) == ["Dana Whitfield", "Sam Ortiz"] * 3 + ["Dana Whitfield"]
    second = t.turns[1]
    assert second.text == (
        "Honestly, kind of rough. I had another panic attack on Tuesday, right before the team meeting. "
        "I ended up sitting in my car for twenty minutes before I could go in."
    )
    assert (second.start, second.end) == (7.01, 19.25)
    # Cue 6 has no "Name:" prefix: Zoom leaves it off a speaker's later cue.
    assert t.turns[3].text.endswith("my manager would decide I can't handle the job. and maybe she'd be right.")
    assert not any(turn.text.startswith(("Dana Whitfield:", "Sam Ortiz:")) for turn in t.turns)
    assert t.turns[-1].start == 64.01


def test_teams_vtt_reads_voice_tags_and_drops_styling():
    [t] = read_all(SAMPLES / "teams.vtt", therapist="Priya")
    assert speakers(t) == ["Priya Natarajan", "Jordan Blake"]
    assert t.therapist.name == "Priya Natarajan"
    assert turn_speakers(t) == ["Priya Natarajan", "Jordan Blake", "Priya Natarajan", "Jordan Blake", "Priya Natarajan"]
    jordan = t.turns[1]
    # Two <v> cues and the untagged cue after them are one turn; &amp; is a plain ampersand.
    assert jordan.text == (
        "I think with my sister. We had a huge fight about who looks after Dad & it's still sitting with me. "
        "She said I always disappear when things get hard. And maybe she's right."
    )
    assert (jordan.start, jordan.end) == (9.12, 20.1)
    assert t.turns[2].text == (
        "That sounds painful to hear, especially from someone you're close to. What happened in you when she said it?"
    )
    assert t.turns[3].text.startswith("Honestly? I wanted to leave the room.")
    assert_no_markup(t)


def test_teams_vtt_saved_as_utf16_reads_the_same(tmp_path):
    path = tmp_path / "teams-utf16.vtt"
    path.write_bytes((SAMPLES / "teams.vtt").read_text(encoding="utf-8").encode("utf-16"))
    [utf16] = read_with(vtt, path)
    [utf8] = read_with(vtt, SAMPLES / "teams.vtt")
    assert utf16.turns == utf8.turns


def test_vtt_lines_before_the_first_speaker_are_left_out_with_a_warning(tmp_path):
    path = tmp_path / "late-label.vtt"
    text = (SAMPLES / "zoom.vtt").read_text().replace("Dana Whitfield: Hi Sam", "Hi Sam", 1)
    path.write_text(text)
    [t] = read_with(vtt, path)
    assert t.turns[0].speaker == "Sam Ortiz"
    assert t.warnings == ("1 line(s) before the first speaker label had no speaker and were left out",)


def test_damaged_vtt_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.vtt"
    path.write_text(
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Whitfield: How was the week?\n\n"
        "2\n00:00:04.000 --> soon\nSam Ortiz: Hello there\n"
    )
    with pytest.raises(InputError) as err:
        read_all(path)
    message = assert_user_error(err, "broken.vtt", not_quoting=("Hello there", "soon"))
    assert "a cue is unreadable" in message


def test_real_zoom_exports(shared_data):
    folder = shared_data / "formats" / "zoom_vtt"
    [meeting] = read_with(vtt, folder / "GMT20240124-202901_Recording.transcript.vtt")
    assert speakers(meeting) == ["Srijani Ghosh", "Conor Healy", "Dr. Melissa Ko", "Shreeharsh Kelkar", "Ryan Sloan"]
    assert len(meeting.turns) == 25
    # Cue 48 ("Hmm.") has no name: it stays with Conor Healy, who spoke before it.
    hmm = next(turn for turn in meeting.turns if turn.text.endswith("Ryan, what do you got? Hmm."))
    assert hmm.speaker == "Conor Healy"

    [t] = read_all(folder / "transcript.vtt", therapist="Ashlee Kupor (SL)")
    assert speakers(t) == ["Ashlee Kupor (SL)", "Dora Demszky"]
    assert len(t.turns) == 80
    assert t.turns[1].speaker == "Dora Demszky"
    assert t.turns[1].text.startswith("by, too. We? And then No, it's gonna. I think it's transcribing.")
    assert (t.turns[0].start, t.turns[0].end) == (0.51, 1.55)
    assert not any(turn.text.startswith(("Ashlee Kupor", "Dora Demszky")) for turn in t.turns)


def test_real_teams_exports(shared_data):
    folder = shared_data / "formats" / "teams_vtt"
    [interview] = read_all(folder / "example-transcript.vtt", therapist="John Smith")
    assert speakers(interview) == ["John Smith", "Jane Doe"]
    assert len(interview.turns) == 12
    assert interview.turns[1].text == "Nice. I am the student being interviewed, and I have many things to say."
    assert interview.turns[0].start == 10.087
    assert_no_markup(interview)

    [excerpt] = read_with(vtt, folder / "webvtt_example_03.vtt")
    assert turn_speakers(excerpt) == ["Speaker A", "Speaker B"] * 3 + ["Speaker A"]
    assert excerpt.turns[0].text == "OK, I think now we should be recording properly. Good. Yeah."
    assert (excerpt.turns[0].start, excerpt.turns[0].end) == (4.963, 13.803)
    assert excerpt.turns[4].text == "than me. I just opened the format. give it a try, yeah."
    assert_no_markup(excerpt)


def test_real_whisper_diarised_vtt_without_hours(shared_data):
    [t] = read_all(shared_data / "formats" / "srt_speaker" / "dosparlants.vtt", therapist="SPEAKER_01")
    assert speakers(t) == ["SPEAKER_01", "SPEAKER_00"]
    assert len(t.turns) == 11
    assert t.turns[3].text.startswith("Doncs jo soc de l'Explorat Francolí, que és un poble")
    assert (t.turns[3].start, t.turns[3].end) == (6.0, 13.0)  # MM:SS.mmm cue times, three cues merged


# --- SRT ----------------------------------------------------------------------------------------


def test_srt_with_diarisation_labels():
    [t] = read_all(SAMPLES / "whisper_diarized.srt", therapist="SPEAKER_00")
    assert t.format == "srt"
    assert speakers(t) == ["SPEAKER_00", "SPEAKER_01"]
    assert turn_speakers(t) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert t.turns[1].text == (
        "It happened on Saturday. Everything's still in boxes. "
        "I keep walking past them and feeling guilty that I haven't unpacked."
    )
    assert (t.turns[1].start, t.turns[1].end) == (5.1, 14.3)


def test_srt_dialogue_dashes_split_one_cue_between_speakers():
    [t] = read_all(SAMPLES / "dialogue.srt")  # roles come from the labels themselves
    assert t.therapist.name == "Therapist"
    assert turn_speakers(t) == ["Therapist", "Client", "Therapist", "Client"]
    assert t.turns[1].text == "Nervous. Really nervous. I haven't spoken to him since the funeral."
    assert t.turns[3].text == "That I'm not angry any more. I'm just tired of not talking."
    assert_no_markup(t)


def test_real_whisper_diarised_srt(shared_data):
    [t] = read_all(shared_data / "formats" / "srt_speaker" / "dosparlants.srt", therapist="SPEAKER_01")
    assert speakers(t) == ["SPEAKER_01", "SPEAKER_00"]
    assert len(t.turns) == 11
    assert t.turns[0].text == "Hola, bon dia, com et dius?"
    assert t.turns[-1].text == "D'acord, moltes gràcies."
    assert (t.turns[-1].start, t.turns[-1].end) == (32.0, 34.0)


def test_damaged_srt_names_the_line(tmp_path):
    path = tmp_path / "broken.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nSPEAKER_00: How was the week?\n\n"
        "2\n00:00:0x,000 --> 00:00:05,000\nSPEAKER_01: Long.\n\n"
        "3\n00:00:06,000 --> 00:00:07,000\nSPEAKER_00: Tell me.\n"
    )
    with pytest.raises(InputError) as err:
        read_all(path)
    message = assert_user_error(err, "broken.srt", not_quoting=("How was the week", "Long."))
    assert "damaged at line 5" in message


# --- DOCX ---------------------------------------------------------------------------------------


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    document = python_docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        for i, line in enumerate(text.split("\n")):  # a line break inside one paragraph
            run = paragraph.add_run(line)
            if i < text.count("\n"):
                run.add_break()
    document.save(path)
    return path


def test_docx_teams_layout_name_and_time_above_the_text(tmp_path):
    path = write_docx(tmp_path / "Session 14.docx", [
        "Session 14 - Transcript",
        "March 7, 2024, 4:02PM",
        "12m 40s",
        "Dana Whitfield started transcription",
        "Dana Whitfield   0:03",
        "How have you been sleeping since we last met?",
        "Sam Ortiz   0:11",
        "Badly. I wake at four and can't get back to sleep.",
        "Then I lie there going over every conversation from the day before.",
        "Sam Ortiz   0:25",
        "It's exhausting.",
        "Dana Whitfield   1:02\nWhen I went through a stretch of that, writing the thoughts down helped me. What have you tried?",
        "Sam Ortiz   1:15",
        "Mostly scrolling on my phone, which I know doesn't help.",
        "Dana Whitfield stopped transcription",
    ])
    assert docx.READER.sniff(load(path)) > 0
    [t] = read_all(path, therapist="Dana Whitfield")
    assert t.format == "docx"
    assert speakers(t) == ["Dana Whitfield", "Sam Ortiz"]
    assert turn_speakers(t) == ["Dana Whitfield", "Sam Ortiz", "Dana Whitfield", "Sam Ortiz"]
    assert t.turns[1].text == (
        "Badly. I wake at four and can't get back to sleep. "
        "Then I lie there going over every conversation from the day before. It's exhausting."
    )
    assert [turn.start for turn in t.turns] == [3.0, 11.0, 62.0, 75.0]
    assert t.turns[2].text.startswith("When I went through a stretch of that")
    assert not any("transcription" in turn.text or "Transcript" in turn.text for turn in t.turns)


def test_docx_name_colon_paragraphs_with_notes_and_continuations(tmp_path):
    path = write_docx(tmp_path / "intake.docx", [
        "Therapist:\tWhat made you decide to come in now, rather than last year?",
        "",
        "Client:\tMy partner gave me an ultimatum, more or less.",
        "",
        "[Crosstalk 2:10]",
        "",
        "Client:\tThat sounds worse than it is. She is worried about me.",
        "And honestly, so am I.",
        "",
        "Therapist:\tIt takes something to say that out loud.",
    ])
    [t] = read_all(path)
    assert t.therapist.name == "Therapist"
    assert turn_speakers(t) == ["Therapist", "Client", "Therapist"]
    assert t.turns[1].text == (
        "My partner gave me an ultimatum, more or less. That sounds worse than it is. "
        "She is worried about me. And honestly, so am I."
    )
    assert not any("Crosstalk" in turn.text for turn in t.turns)


def test_docx_google_meet_layout_with_time_marks(tmp_path):
    path = write_docx(tmp_path / "Meet transcript.docx", [
        "Weekly session (2024-03-07 16:02 GMT) - Transcript",
        "Attendees",
        "Dana Whitfield, Sam Ortiz",
        "Transcript",
        "00:00:00",
        "Dana Whitfield: Where would you like to start?",
        "Sam Ortiz: With my mum, I think. She called on Sunday.",
        "00:05:00",
        "Sam Ortiz: And it ended like it always does, with her crying.",
        "Dana Whitfield: What was that like for you?",
        "This editable transcript was computer generated and might contain errors.",
    ])
    [t] = read_all(path, therapist="Dana Whitfield")
    assert turn_speakers(t) == ["Dana Whitfield", "Sam Ortiz", "Dana Whitfield"]
    assert t.turns[0].start == 0.0
    assert t.turns[1].text.endswith("with her crying.")
    assert t.turns[2].start is None
    assert not any("computer generated" in turn.text or "Attendees" in turn.text for turn in t.turns)


def test_real_docx_exports(shared_data):
    [teams] = read_all(shared_data / "formats" / "teams_docx" / "sample_transcript.docx", therapist="田中太郎")
    assert speakers(teams) == ["田中太郎", "鈴木花子", "佐藤次郎"]
    assert turn_speakers(teams) == ["田中太郎", "鈴木花子", "佐藤次郎", "鈴木花子", "田中太郎"]
    assert (teams.turns[0].start, teams.turns[0].end) == (5.1, 10.3)
    assert not any("-->" in turn.text for turn in teams.turns)

    [service] = read_all(shared_data / "formats" / "other" / "trans1.docx", therapist="Teacher 4")
    assert turn_speakers(service) == ["Researcher 2", "Teacher 4", "Multiple Students", "Teacher 4"]
    # The unlabelled paragraph (the story read aloud) continues Teacher 4; [notes] are dropped.
    assert service.turns[3].text.endswith("What do you say? ”")
    assert not any("Cross Talk" in turn.text or "unintelligible" in turn.text for turn in service.turns)


def test_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "session.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "Client said she felt much better this week.")
    assert docx.READER.sniff(load(path)) == 0
    with pytest.raises(InputError) as err:
        read_with(docx, path)
    assert "not a Word document" in assert_user_error(err, "session.docx", not_quoting=("felt much better",))
    with pytest.raises(InputError):
        read_all(path)


def test_a_damaged_word_document(tmp_path):
    whole = write_docx(tmp_path / "whole.docx", ["Therapist: How are you today?", "Client: Not good."])
    path = tmp_path / "damaged.docx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            # A download cut short: the document part ends halfway through.
            out.writestr(item, data[: len(data) // 2] if item.filename == "word/document.xml" else data)
    with pytest.raises(InputError) as err:
        read_all(path)
    assert "damaged" in assert_user_error(err, "damaged.docx", not_quoting=("Not good",))

    bare = tmp_path / "bare.docx"
    with zipfile.ZipFile(bare, "w") as z:
        z.writestr("word/document.xml", "<w:document>half a file")
    with pytest.raises(InputError) as err:
        read_all(bare)
    assert_user_error(err, "bare.docx")


# --- CSV / TSV ----------------------------------------------------------------------------------


def test_csv_single_session_with_times():
    [t] = read_all(SAMPLES / "session.csv")
    assert t.format == "csv" and t.session is None
    assert t.therapist.name == "Dr. Ana Reyes"
    assert turn_speakers(t) == ["Dr. Ana Reyes", "Leo", "Dr. Ana Reyes", "Leo", "Dr. Ana Reyes"]
    assert t.turns[1].text.endswith("everything I didn't get done. And then I check my phone, which obviously doesn't help.")
    assert (t.turns[1].start, t.turns[1].end) == (8.5, 19.4)


def test_csv_many_sessions_in_first_appearance_order():
    first, second = read_all(SAMPLES / "sessions.csv")
    assert (first.session, second.session) == ("s07", "s03")
    assert first.name == "sessions.csv [s07]"
    assert first.role_of("therapist") is Role.THERAPIST and first.role_of("client") is Role.CLIENT
    assert turn_speakers(first) == ["therapist", "client", "therapist", "client"]
    assert first.turns[1].text == "Tense. He hasn't called, and I haven't either. Part of me thinks, why should I be the one?"
    assert second.turns[1].text == "I sent two applications. Then I stopped. I couldn't face another rejection."
    assert [turn.start for turn in second.turns] == [2.0, 7.0, 15.0, 24.0]


def test_tsv_with_roles_in_the_speaker_column():
    [t] = read_all(SAMPLES / "session.tsv")
    assert t.role_of("Counselor") is Role.THERAPIST and t.role_of("Client") is Role.CLIENT
    assert len(t.turns) == 5
    assert t.turns[3].text == "Jumpy. Angry at small things. I snapped at my son over his shoes. He is six."
    assert [turn.start for turn in t.turns] == [4.0, 7.0, 15.0, 18.0, 27.0]


def test_csv_column_mapping_with_order_and_roles():
    columns = {"text": "said", "speaker": "who", "role": "part", "session": "visit", "order": "seq", "start": "at"}
    [t] = read_all(SAMPLES / "mapped.csv", options=ReadOptions(columns=columns))
    assert t.session == "2024-03-07"
    assert t.therapist.name == "Morgan" and t.role_of("Riley") is Role.CLIENT
    assert turn_speakers(t) == ["Morgan", "Riley", "Morgan", "Riley", "Morgan"]
    assert t.turns[0].text == "Where would you like to start this week?"
    assert t.turns[2].text.startswith("When you say you froze")
    assert [turn.start for turn in t.turns] == [3.0, 9.2, 62.5, 70.1, 78.4]


def test_csv_order_column_orders_turns_within_each_session(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text(
        "dialog_id,turn,speaker,text\n"
        "B,2,Client,I keep cancelling plans.\n"
        "A,1,Therapist,What would you like to focus on?\n"
        "B,1,Therapist,What has the week been like?\n"
        "A,2,Client,My temper.\n"
    )
    b, a = read_with(table, path, order="turn")
    assert (b.session, a.session) == ("B", "A")  # sessions in the order they first appear
    assert turn_speakers(b) == turn_speakers(a) == ["Therapist", "Client"]
    assert b.turns[1].text == "I keep cancelling plans."


def test_csv_without_a_text_column_says_which_option_to_pass():
    with pytest.raises(InputError) as err:
        read_all(SAMPLES / "no_text.csv")
    message = assert_user_error(err, "no_text.csv", not_quoting=("greeting", "presenting problem"))
    assert "no text column (columns: speaker, start, notes)" in message
    assert "--column text=NAME" in message


def test_csv_mapped_column_not_in_the_file():
    with pytest.raises(InputError) as err:
        read_all(SAMPLES / "session.csv", options=ReadOptions(columns={"speaker": "who"}))
    message = assert_user_error(err, "session.csv", not_quoting=("residency",))
    assert "no column 'who' (columns: speaker, start_time, end_time, text)" in message
    assert "--column speaker=NAME" in message


def test_csv_unknown_column_option():
    with pytest.raises(InputError) as err:
        read_with(table, SAMPLES / "session.csv", speeker="speaker")
    assert "unknown column option 'speeker'" in assert_user_error(err, "session.csv")


def test_csv_guessed_time_column_that_is_not_times_is_dropped_with_a_warning(tmp_path):
    path = tmp_path / "chat.csv"
    path.write_text("speaker,timestamp,text\nTherapist,Tuesday morning,How are you?\nClient,Tuesday noon,Tired.\n")
    [t] = read_with(table, path)
    assert not t.has_times
    assert "column 'timestamp' does not hold times" in t.warnings[0]


def test_annomi_reads_with_no_options(shared_data):
    sessions = read_all(shared_data / "annomi" / "AnnoMI-simple.csv")
    assert len(sessions) == 133
    first = sessions[0]
    assert first.session == "0"
    assert first.turns[0].speaker == "therapist" and first.role_of("therapist") is Role.THERAPIST
    assert first.turns[0].text.startswith("Thanks for filling it out")
    assert (first.turns[0].start, first.turns[1].start) == (13.0, 24.0)
    assert all(s.therapist is not None and s.has_times for s in sessions)
    assert len({s.session for s in sessions}) == 133


# --- JSON ---------------------------------------------------------------------------------------


def test_whisper_json_with_speakers():
    [t] = read_all(SAMPLES / "whisper.json", therapist="SPEAKER_00")
    assert t.format == "json"
    assert turn_speakers(t) == ["SPEAKER_00", "SPEAKER_01"] * 2 + ["SPEAKER_00"]
    assert t.turns[1].text == (
        "Better, mostly. I've kept it to weekends. "
        "Friday was hard though. Work was awful and I wanted a glass the minute I got home."
    )
    assert (t.turns[1].start, t.turns[1].end) == (4.2, 14.4)


def test_whisperx_json_takes_the_speaker_from_words_when_the_segment_has_none():
    [t] = read_all(SAMPLES / "whisperx.json", therapist="SPEAKER_00")
    assert turn_speakers(t) == ["SPEAKER_01", "SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert t.turns[2].text.endswith("and I brushed it off. My mother used to do that to me.")
    assert (t.turns[2].start, t.turns[2].end) == (8.4, 18.2)


def test_whisper_json_without_speakers_is_one_speaker():
    [t] = read_with(json_reader, SAMPLES / "whisper_plain.json")
    assert speakers(t) == ["Speaker 1"] and len(t.turns) == 1
    with pytest.raises(InputError) as err:
        read_all(SAMPLES / "whisper_plain.json")
    assert "only one speaker" in str(err.value)


def test_amazon_transcribe_json_joins_words_and_punctuation():
    [t] = read_all(SAMPLES / "transcribe.json", therapist="spk_0")
    assert turn_speakers(t) == ["spk_0", "spk_1", "spk_0", "spk_1"]
    assert t.turns[0].text == "Where would you like to begin today?"
    assert t.turns[1].text == "With the exam results, I suppose. I failed again."
    assert t.turns[0].start == 0.5


def test_amazon_transcribe_json_older_layout_with_speakers_only_in_speaker_labels(tmp_path):
    doc = json.loads((SAMPLES / "transcribe.json").read_text())
    for item in doc["results"]["items"]:
        item.pop("speaker_label", None)
    path = tmp_path / "older.json"
    path.write_text(json.dumps(doc))
    [older] = read_with(json_reader, path)
    [newer] = read_with(json_reader, SAMPLES / "transcribe.json")
    assert older.turns == newer.turns


def test_real_json_exports(shared_data):
    folder = shared_data / "formats"
    [whisper] = read_all(folder / "whisper_json" / "dosparlants.json", therapist="SPEAKER_01")
    assert speakers(whisper) == ["SPEAKER_01", "SPEAKER_00"] and len(whisper.turns) == 11
    assert whisper.turns[0].text == "Hola, bon dia, com et dius?"  # Whisper's leading space is gone

    [call] = read_all(folder / "other" / "example-call.json")
    assert call.role_of("Agent") is Role.THERAPIST and call.role_of("Customer") is Role.CLIENT
    assert len(call.turns) == 37
    assert call.turns[0].text.startswith("Thank you for calling")
    assert (call.turns[0].start, call.turns[0].end) == (0.04, 5.05)

    # Single-speaker recordings: readable, but role resolution says what is missing.
    [narration] = read_with(json_reader, folder / "whisper_json" / "gossos.json")
    assert len(narration.speakers) == 1 and narration.turns[0].end == 32.0
    [whisperx] = read_with(json_reader, folder / "whisperx_json" / "sample_en_1_expected.json")
    assert speakers(whisperx) == ["SPEAKER_00"]
    assert whisperx.turns[0].text.startswith("Hello, my name is Alistair Cullum.")
    for name in ("whisper_json/gossos.json", "whisperx_json/sample_en_1_expected.json"):
        with pytest.raises(InputError, match="only one speaker"):
            read_all(folder / name)


def test_malformed_json_is_a_clear_error(tmp_path):
    path = tmp_path / "session.json"
    path.write_text('{"segments": [{"start": 0.0, "text": "I felt so alone"')
    with pytest.raises(InputError) as err:
        read_with(json_reader, path)
    assert "not valid JSON (line 1" in assert_user_error(err, "session.json", not_quoting=("alone",))
    with pytest.raises(InputError) as err:
        read_all(path)
    assert_user_error(err, "session.json", not_quoting=("alone",))


def test_json_of_an_unknown_layout(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text(json.dumps({"notes": ["client anxious"]}))
    assert json_reader.READER.sniff(load(path)) == 0
    with pytest.raises(InputError) as err:
        read_with(json_reader, path)
    assert "does not know this JSON layout" in assert_user_error(err, "notes.json", not_quoting=("anxious",))


# --- ConvoKit -----------------------------------------------------------------------------------


def test_convokit_corpus_one_session_per_conversation():
    first, second = read_all(SAMPLES / "convokit_corpus")
    assert (first.format, first.session, second.session) == ("convokit", "c1", "c2")
    assert first.therapist.name == "t01" and first.role_of("a77") is Role.CLIENT
    assert second.role_of("b12") is Role.CLIENT
    assert turn_speakers(first) == ["t01", "a77", "t01", "a77"]
    # u3 is written after u4 in the file but said before it: turns follow the timestamps.
    assert first.turns[1].text.endswith("Like everything is behind glass. Nothing makes me laugh any more.")
    assert first.turns[2].text.startswith("Flat and behind glass.")
    assert second.turns[-1].text == "I'm really glad. I felt a lump in my throat just hearing that."


def test_convokit_utterances_file_given_directly():
    sessions = read_all(SAMPLES / "convokit_corpus" / "utterances.jsonl")
    assert [s.session for s in sessions] == ["c1", "c2"]


def test_convokit_roles_from_utterance_metadata_without_speakers_file(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = (SAMPLES / "convokit_corpus" / "utterances.jsonl").read_text().splitlines()
    with open(corpus / "utterances.jsonl", "w") as f:
        for line in lines:
            u = json.loads(line)
            u["meta"] = {"speaker_role": "therapist" if u["speaker"] == "t01" else "client"}
            f.write(json.dumps(u) + "\n")
    first, _ = read_all(corpus)
    assert first.therapist.name == "t01"


def test_convokit_broken_line_is_named(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLES / "convokit_corpus", corpus)
    with open(corpus / "utterances.jsonl", "a") as f:
        f.write('{"id": "u9", "text": "I never told anyone"\n')
    with pytest.raises(InputError) as err:
        read_all(corpus)
    assert "utterances.jsonl line 9 is not valid JSON" in assert_user_error(err, "corpus", not_quoting=("told anyone",))


def test_a_folder_that_is_not_a_corpus(tmp_path):
    (tmp_path / "notes.txt").write_text("nothing here")
    assert convokit.READER.sniff(load(tmp_path)) == 0
    with pytest.raises(InputError):
        read_all(tmp_path)


# --- choosing the reader ------------------------------------------------------------------------

REAL_FILES = {
    "zoom_vtt/GMT20240124-202901_Recording.transcript.vtt": "vtt",
    "zoom_vtt/transcript.vtt": "vtt",
    "teams_vtt/example-transcript.vtt": "vtt",
    "teams_vtt/webvtt_example_03.vtt": "vtt",
    "srt_speaker/dosparlants.vtt": "vtt",
    "srt_speaker/dosparlants.srt": "srt",
    "teams_docx/sample_transcript.docx": "docx",
    "other/trans1.docx": "docx",
    "whisper_json/dosparlants.json": "json",
    "whisper_json/gossos.json": "json",
    "whisperx_json/sample_en_1_expected.json": "json",
    "other/example-call.json": "json",
}
OURS = {"vtt", "srt", "docx", "csv", "json", "convokit"}


@pytest.mark.parametrize("name, reader", sorted(REAL_FILES.items()))
def test_real_exports_are_recognised_by_content(shared_data, name, reader):
    assert choose(load(shared_data / "formats" / name)).name == reader


def test_other_formats_are_left_to_their_readers(shared_data):
    """The structured readers claim nothing they cannot read (CHAT, ELAN, plain text, Otter)."""
    ours = [r for r in (vtt, srt, docx, table, json_reader, convokit)]
    others = [p for p in sorted((shared_data / "formats").glob("*/*"))
              if p.name != "SOURCE.md" and str(p.relative_to(shared_data / "formats")) not in REAL_FILES]
    assert others  # the real data is there to check against
    for path in others:
        src = load(path)
        assert [r.READER.name for r in ours if r.READER.sniff(src) > 0] == [], path.name


@pytest.mark.parametrize("sample, reader", [
    ("zoom.vtt", "vtt"), ("teams.vtt", "vtt"), ("whisper_diarized.srt", "srt"), ("dialogue.srt", "srt"),
    ("session.csv", "csv"), ("sessions.csv", "csv"), ("session.tsv", "csv"), ("mapped.csv", "csv"),
    ("whisper.json", "json"), ("whisperx.json", "json"), ("transcribe.json", "json"),
    ("convokit_corpus", "convokit"),
])
def test_samples_are_recognised_by_content(sample, reader):
    assert choose(load(SAMPLES / sample)).name == reader


def test_reading_never_touches_the_network(no_network, tmp_path):
    paths = [p for p in sorted(SAMPLES.iterdir()) if p.name not in ("no_text.csv", "mapped.csv")]
    paths.append(write_docx(tmp_path / "session.docx", ["Therapist: How are you?", "Client: Better."]))
    for path in paths:
        src = load(path)
        assert all(t.turns for t in choose(src).read(src, ReadOptions())), path.name
