"""Printed transcripts, above all the published Carl Rogers volume (six sessions)."""

from __future__ import annotations

import re

import pytest

from candor.formats import load, read_all
from candor.formats import published
from candor.model import Role

SESSIONS = ["Gloria", "Sylvia 4th", "Sylvia 5th", "Kathy", "Dione 1st", "Dione 2nd"]
# (therapist turns, client turns) a reader of the book would count, give or take
# a few: numbered turns, unnumbered ones ("T: Hi, Kathy."), a turn resumed after
# a commentary counted once.
EXPECTED_TURNS = {
    "Gloria": (71, 71),
    "Sylvia 4th": (54, 53),
    "Sylvia 5th": (61, 61),
    "Kathy": (94, 93),
    "Dione 1st": (55, 54),
    "Dione 2nd": (150, 149),
}


@pytest.fixture(scope="module")
def rogers(shared_data):
    return {t.session: t for t in read_all(shared_data / "rogers" / "raw_transcripts.txt")}


def turn_texts(t) -> list[str]:
    return [turn.text for turn in t.turns]


def all_text(rogers) -> str:
    return "\n".join(text for t in rogers.values() for text in turn_texts(t))


def test_six_sessions_in_book_order(rogers):
    assert list(rogers) == SESSIONS
    assert {t.format for t in rogers.values()} == {"published"}
    assert {t.source for t in rogers.values()} == {"raw_transcripts.txt"}


def test_rogers_is_the_therapist_and_the_client_is_named_by_the_session(rogers):
    for session, t in rogers.items():
        client = session.split()[0]
        assert {s.name: s.role for s in t.speakers} == {"Carl Rogers": Role.THERAPIST, client: Role.CLIENT}
        assert t.role_confidence == 1.0 and not t.warnings


@pytest.mark.parametrize("session", SESSIONS)
def test_turn_counts_are_plausible(rogers, session):
    t = rogers[session]
    therapist = sum(1 for turn in t.turns if turn.speaker == "Carl Rogers")
    client = len(t.turns) - therapist
    want_t, want_c = EXPECTED_TURNS[session]
    assert abs(therapist - want_t) <= 3 and abs(client - want_c) <= 3
    # Rogers and the client take turns.
    assert all(a.speaker != b.speaker for a, b in zip(t.turns, t.turns[1:]))
    assert t.turns[0].speaker == "Carl Rogers"
    assert all(turn.text for turn in t.turns)


def test_first_and_last_words_of_each_session(rogers):
    assert rogers["Gloria"].turns[0].text.startswith("Good morning.")
    assert rogers["Gloria"].turns[0].text == "Good morning. I'm Dr. Rogers, you must be Gloria."
    assert rogers["Gloria"].turns[-1].text.startswith("But I don't mean to.")
    assert rogers["Sylvia 4th"].turns[0].text == "Hi."
    assert rogers["Sylvia 5th"].turns[0].text == "Well, where would you like to start this morning?"
    assert rogers["Kathy"].turns[0].text == "Hi, Kathy."
    assert rogers["Dione 1st"].turns[0].text == "Well, I'm really glad to meet you."
    assert rogers["Dione 1st"].turns[-1].text == "Alright good. See you tomorrow."
    assert rogers["Dione 2nd"].turns[-1].text == "Mmm. OK, we'll call it quits."


def test_c_is_rogers_in_the_sylvia_sessions_and_the_client_elsewhere(rogers):
    sylvia = rogers["Sylvia 4th"].turns
    assert (sylvia[2].speaker, sylvia[2].text) == ("Carl Rogers", "Good to see ya.")
    assert (sylvia[3].speaker, sylvia[3].text) == ("Sylvia", "I’ve been looking forward to this moment.")
    kathy = rogers["Kathy"].turns
    assert (kathy[1].speaker, kathy[1].text) == ("Kathy", "Hi, Dr. Rogers.")


def test_no_page_headers_back_channels_or_stage_directions_in_turns(rogers):
    text = all_text(rogers)
    assert "Rogers’ Transcripts" not in text and "Volume 12" not in text
    assert not re.search(r"\bpage \d+", text)
    # Every "(C: Mhm)", "(T: Mhm, mhm)", "(Smiles.)", "[Words lost]" is gone.
    assert "(" not in text and ")" not in text
    assert "[" not in text and "]" not in text


def test_turns_are_joined_across_page_headers(rogers):
    gloria = turn_texts(rogers["Gloria"])
    assert any("I lied to her. And ever since that, it keeps coming up to my mind because I feel so guilty" in x for x in gloria)
    # A back-channel split by a page header goes too: "(T: That / header / relationship-)".
    assert any("I don't want her to turn away from me. And I don't even know how I feel" in x for x in gloria)


def test_commentary_introductions_and_footnotes_are_not_turns(rogers):
    text = all_text(rogers)
    for not_spoken in [
        "From my own years of therapeutic experience",  # Gloria: before the interview
        "In spite of feeling initially the artificiality",  # Gloria: post-session commentary
        "This is my fourth interview with Sylvia",  # [Carl Rogers: ...] introduction
        "because she had saved up this problem",  # [Carl: ...] voice-over
        "I started to cry when I said that",  # [Sylvia: ...] voice-over
        "is the same person as the client in the film",  # footnote
        "So often clients and counselors get the feeling",  # C Commentary 2: [...]
        "I was surprised at what I said made sense to him",  # S Commentary 1: [...]
        "I want to meet this client as a person",  # Kathy: introduction
        "I found it fascinating, the way in which this client",  # Kathy: post-session
        "Clearly he has rehearsed this first",  # [Rogers' voice over ... Commentary 1: ...]
        "This is the second interview with a young man",  # Dione 2nd: introduction
        "Here is an armor-plated man",  # final comments
        "END",
        "End of Part 1",
    ]:
        assert not_spoken not in text, not_spoken


def test_a_turn_resumed_after_commentary_is_one_turn(rogers):
    second = rogers["Sylvia 5th"].turns[1]
    assert second.speaker == "Sylvia"
    assert second.text.startswith("Well, uh, I want to tell you about something")
    assert "And that is I’ve just recently noticed in myself that I've been learning." in second.text


def test_session_after_a_mid_session_break_goes_on(rogers):
    # "End of Part 1" ends a turn, not the session.
    assert any(x.startswith("Life has been a very fluctuating up and down") for x in turn_texts(rogers["Dione 1st"]))


def test_sniff_prefers_published_for_the_book(shared_data):
    src = load(shared_data / "rogers" / "raw_transcripts.txt")
    assert published.sniff(src) == 80


BOOK = """\
Casebook of Brief Counselling
Throughout this session the responses of the therapist (T) (Ann Moss) and the client (C) are numbered.
Casebook of Brief Counselling, Maria, Introduction, page 1
Maria came to the clinic after her mother's fall. Names are changed.
Casebook of Brief Counselling, Maria, Introduction, page 2
T1 Hello Maria. What would you like to talk about today?
C1 My mother. (Pause.) She is moving in with us next month. The leaflet from
the hospital says she needs help for a year, on page 2
T2 Your mother is moving in. (C: Yes.) How do you feel about that?
C2 Trapped, if I am honest. And guilty for
Casebook of Brief Counselling, Maria Interview, page 3
feeling trapped.
T3 Trapped and guilty at the same time. I know that pair of feelings from my own family.
C3 You do?
T4 I do. What does the guilt say to you?
END
Casebook of Brief Counselling, Maria Interview, page 4
"""


def test_a_similarly_printed_transcript(tmp_path):
    path = tmp_path / "casebook.txt"
    path.write_text(BOOK, encoding="utf-8")
    [t] = read_all(path)
    assert t.format == "published"
    assert t.session == "Maria"
    assert {s.name: s.role for s in t.speakers} == {"Ann Moss": Role.THERAPIST, "Maria": Role.CLIENT}
    assert turn_texts(t) == [
        "Hello Maria. What would you like to talk about today?",
        # A wrapped line ending in "page 2" is still speech, not a page header.
        "My mother. She is moving in with us next month. The leaflet from the hospital says she needs "
        "help for a year, on page 2",
        "Your mother is moving in. How do you feel about that?",
        "Trapped, if I am honest. And guilty for feeling trapped.",
        "Trapped and guilty at the same time. I know that pair of feelings from my own family.",
        "You do?",
        "I do. What does the guilt say to you?",
    ]
