"""Who is the therapist: options, reader roles, role labels, and the guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from candor.errors import InputError
from candor.formats import read_all
from candor.formats.roles import resolve, role_from_label
from candor.model import Role, Speaker, Transcript, Turn

SAMPLES = Path(__file__).parent / "samples" / "text"

# An invented session: the counsellor asks and reflects, the client talks at length.
DIALOGUE = [
    ("Carl Rogers", "What would you like to talk about today?"),
    ("Gloria", "I keep thinking about my daughter and whether I should tell her the truth about the men "
               "I see, because I lied to her last week and it has been eating at me ever since."),
    ("Carl Rogers", "You feel the lie is coming between you?"),
    ("Gloria", "Yes, I feel like I have to be on guard all the time now, and I hate that, because we were "
               "always so open with each other and now I'm the one hiding things from her."),
    ("Carl Rogers", "So the openness you valued feels lost."),
    ("Gloria", "It does. And I want someone to just tell me what the right answer is, so I can stop "
               "going round and round with it every night."),
]


def session(dialogue=DIALOGUE, roles=None, source="session.txt") -> Transcript:
    roles = roles or {}
    names = list(dict.fromkeys(name for name, _ in dialogue))
    return Transcript(
        source=source,
        speakers=tuple(Speaker(n, roles.get(n)) for n in names),
        turns=tuple(Turn(i, name, text) for i, (name, text) in enumerate(dialogue, start=1)),
        format="text",
    )


def roles_of(t: Transcript) -> dict[str, Role]:
    return {s.name: s.role for s in t.speakers}


@pytest.mark.parametrize("given", ["Carl Rogers", "carl rogers", "Rogers", "rog"])
def test_therapist_option_matches_name_or_unique_part(given):
    t = resolve(session(), therapist=given)
    assert roles_of(t) == {"Carl Rogers": Role.THERAPIST, "Gloria": Role.CLIENT}
    assert t.role_confidence == 1.0 and not t.warnings


def test_therapist_option_naming_nobody_lists_the_speakers():
    with pytest.raises(InputError) as err:
        resolve(session(), therapist="Dr. Lee")
    message = str(err.value)
    assert message.startswith("session.txt: ")
    assert "no speaker called 'Dr. Lee'" in message
    assert "Carl Rogers, Gloria" in message and "--therapist" in message
    assert "\n" not in message


def test_part_of_several_names_is_refused():
    dialogue = [("Ann Lee", "How are you?"), ("Ann Park", "Fine."), ("Bo", "Hello.")]
    with pytest.raises(InputError, match="'Ann' matches several speakers"):
        resolve(session(dialogue), therapist="Ann")


def test_client_option_makes_the_rest_other():
    dialogue = DIALOGUE + [("Interpreter Jo", "She says yes."), ("Sam", "Can I add something?")]
    t = resolve(session(dialogue), therapist="Carl", client="Gloria")
    assert roles_of(t) == {
        "Carl Rogers": Role.THERAPIST,
        "Gloria": Role.CLIENT,
        "Interpreter Jo": Role.OTHER,
        "Sam": Role.OTHER,
    }


def test_client_option_unknown_name():
    with pytest.raises(InputError, match="no speaker called 'Kathy'.*--client"):
        resolve(session(), client="Kathy")


def test_client_option_alone_leaves_the_therapist_to_be_found():
    t = resolve(session(), client="Gloria")
    assert roles_of(t) == {"Carl Rogers": Role.THERAPIST, "Gloria": Role.CLIENT}


def test_same_speaker_as_therapist_and_client_is_refused():
    with pytest.raises(InputError, match="both therapist and client"):
        resolve(session(), therapist="Gloria", client="Gloria")


def test_roles_from_the_reader_are_kept():
    # The reader knows better than the heuristic (here the client asks more).
    t = resolve(session(roles={"Gloria": Role.THERAPIST, "Carl Rogers": Role.CLIENT}))
    assert roles_of(t) == {"Carl Rogers": Role.CLIENT, "Gloria": Role.THERAPIST}
    assert not t.warnings


def test_options_override_reader_roles():
    t = resolve(session(roles={"Gloria": Role.THERAPIST, "Carl Rogers": Role.CLIENT}), therapist="Rogers")
    assert roles_of(t) == {"Carl Rogers": Role.THERAPIST, "Gloria": Role.CLIENT}


@pytest.mark.parametrize(
    "label, role",
    [
        ("Therapist", Role.THERAPIST),
        ("therapist 1", Role.THERAPIST),
        ("Counselor", Role.THERAPIST),
        ("Counsellor", Role.THERAPIST),
        ("Clinician", Role.THERAPIST),
        ("Psychologist", Role.THERAPIST),
        ("T", Role.THERAPIST),
        ("Th", Role.THERAPIST),
        ("Dr Lee", Role.THERAPIST),
        ("Dr. Maya Lee", Role.THERAPIST),
        ("Client", Role.CLIENT),
        ("Patient", Role.CLIENT),
        ("C", Role.CLIENT),
        ("P", Role.CLIENT),
        ("Cl", Role.CLIENT),
        ("Narrator", Role.OTHER),
        ("Commentary", Role.OTHER),
        ("Interpreter", Role.OTHER),
        ("Gloria", None),
        ("SPEAKER_00", None),
        ("Christine", None),
        ("C. Smith", None),
        ("Tom", None),
    ],
)
def test_labels_that_say_the_role(label, role):
    assert role_from_label(label) is role


def test_role_labels_need_no_guess():
    dialogue = [("Client", "I've had a hard week."), ("Counsellor", "Tell me about it?"), ("Narrator", "Pause.")]
    t = resolve(session(dialogue))
    assert roles_of(t) == {"Client": Role.CLIENT, "Counsellor": Role.THERAPIST, "Narrator": Role.OTHER}
    assert not t.warnings


def test_a_known_client_leaves_one_candidate():
    dialogue = [("Client", "I've had a hard week, I can't sleep and work is awful."), ("Jess", "Tell me more.")]
    t = resolve(session(dialogue))
    assert roles_of(t) == {"Client": Role.CLIENT, "Jess": Role.THERAPIST}


def test_guess_the_therapist_who_asks_more_and_speaks_less():
    t = resolve(session())
    assert roles_of(t) == {"Carl Rogers": Role.THERAPIST, "Gloria": Role.CLIENT}
    assert 0.6 <= t.role_confidence < 1.0
    [warning] = t.warnings
    assert warning.startswith(f"Candor guessed that 'Carl Rogers' is the therapist (confidence {t.role_confidence:.2f})")
    assert "ask more questions and speak less" in warning and "--therapist NAME" in warning


def test_guess_keeps_earlier_warnings():
    t = session()
    t = resolve(Transcript(**{**t.__dict__, "warnings": ("an earlier note",)}))
    assert t.warnings[0] == "an earlier note" and len(t.warnings) == 2


def test_a_near_tie_is_refused():
    dialogue = [
        ("Alex", "I think the week went fine, mostly. Did you get my email?"),
        ("Sam", "I did, thanks. The week went fine for me too. Was the form okay?"),
        ("Alex", "It was. I liked the new format, it was quicker to fill in."),
        ("Sam", "Good. I liked it too, it saved me some time this morning."),
    ]
    with pytest.raises(InputError) as err:
        resolve(session(dialogue))
    message = str(err.value)
    assert message == "session.txt: cannot tell who the therapist is; pass --therapist NAME (speakers: Alex, Sam)"


def test_no_guessing_when_told_not_to():
    with pytest.raises(InputError, match="cannot tell who the therapist is; pass --therapist NAME"):
        resolve(session(), guess=False)


def test_one_speaker_is_refused():
    dialogue = [("Speaker 1", "So today I wanted to talk about my week."), ("Speaker 1", "It was long.")]
    with pytest.raises(InputError) as err:
        resolve(session(dialogue, source="zoom.vtt"))
    assert str(err.value) == (
        "zoom.vtt: only one speaker ('Speaker 1'); Candor needs the therapist and the client as separate "
        "speakers, check the export has speaker labels"
    )


def test_messages_never_quote_the_transcript():
    cases = [
        lambda: resolve(session(), therapist="Nobody"),
        lambda: resolve(session(), guess=False),
        lambda: resolve(session([("Gloria", "I lied to her last week.")])),
    ]
    for case in cases:
        with pytest.raises(InputError) as err:
            case()
        assert "lied" not in str(err.value) and "daughter" not in str(err.value)


def test_session_name_starts_the_message_for_multi_session_files():
    t = Transcript(**{**session().__dict__, "session": "Kathy"})
    with pytest.raises(InputError, match=r"^session.txt \[Kathy\]: "):
        resolve(t, therapist="Nobody")


def test_end_to_end_options_through_read_all():
    [t] = read_all(SAMPLES / "named.txt", therapist="marcus")
    assert roles_of(t) == {"Ellen Hart": Role.CLIENT, "Marcus Reyes": Role.THERAPIST}
    assert not t.warnings
    with pytest.raises(InputError, match="named.txt: no speaker called 'Dr. Hart'; speakers in the file: Ellen Hart, Marcus Reyes"):
        read_all(SAMPLES / "named.txt", therapist="Dr. Hart")


def test_therapist_option_on_the_rogers_volume(shared_data):
    sessions = read_all(shared_data / "rogers" / "raw_transcripts.txt", therapist="Rogers")
    assert all(t.therapist.name == "Carl Rogers" for t in sessions)
