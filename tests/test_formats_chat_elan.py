"""The research-tool readers: TalkBank CHAT (.cha) and ELAN (.eaf).

Samples in tests/samples/chat_elan are invented therapy sessions shaped like
CLAN and ELAN files; the real files in /work/shared/data/formats (CHILDES,
AphasiaBank test data, TEI-CORPO conversions, a file authored in ELAN) are
read too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import candor
from candor.errors import InputError
from candor.formats import ReadOptions, choose, load, read_all
from candor.formats import chat, elan
from candor.model import Role, Transcript

SAMPLES = Path(__file__).parent / "samples" / "chat_elan"

# What must never reach a turn: dependent tiers, CHAT codes, media bullets.
_LEFTOVER = re.compile(
    r"%(?:mor|gra|pho|mod|com)|&[-=+~*]|\b(?:xxx|yyy|www)\b|\[[^\]]*\]|\{[^}]*\}|[<>\x15]|\+\.\.\.|\(\.\)|\b\d+_\d+\b"
)


def read_with(reader, path: Path) -> Transcript:
    """One reader on its own, before role resolution (for files with no therapist)."""
    [t] = reader.READER.read(load(path), ReadOptions())
    return t


def speakers(t: Transcript) -> list[str]:
    return [s.name for s in t.speakers]


def assert_plain(t: Transcript) -> None:
    for turn in t.turns:
        assert not _LEFTOVER.search(turn.text), (turn.index, turn.text)
        assert turn.text.strip() == turn.text and "  " not in turn.text


def assert_user_error(err: pytest.ExceptionInfo, file_name: str, *, not_quoting: tuple[str, ...]) -> str:
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"{file_name}:"), message
    for text in not_quoting:
        assert text not in message
    return message


# --- CHAT: invented therapy session ----------------------------------------------------------------


def test_chat_session_reads_end_to_end_with_roles_from_participants():
    [t] = read_all(SAMPLES / "session.cha")
    assert t.format == "chat"
    assert speakers(t) == ["Therapist", "Client"]
    assert t.therapist.name == "Therapist" and t.role_of("Client") is Role.CLIENT
    assert t.role_confidence == 1.0 and not t.warnings
    assert [turn.speaker for turn in t.turns] == ["Therapist", "Client"] * 4
    assert t.turns[0].text == "How has the week been since we last met?"
    assert (t.turns[0].start, t.turns[0].end) == (2.14, 5.87)
    # Three client utterances, one turn: fillers kept as said, pauses and the retraced repeat's brackets gone.
    client = t.turns[1]
    assert client.text == (
        "Honestly kind of rough. I had another uh panic attack on Tuesday right before the team meeting. "
        "And I sat in my car for twenty minutes twenty minutes before I could go in."
    )
    assert (client.start, client.end) == (7.01, 19.25)
    # A main tier wrapped onto a tab-indented line; &=sighs and xxx dropped; +... is trailing off.
    assert t.turns[3].text == (
        "That everyone would see I can't cope and that my manager would decide I'm not up to the job "
        "and maybe she'd be right..."
    )
    assert t.turns[5].text == "Really? I never thought someone like you would. It helps to hear that actually."
    assert t.turns[-1].text == "My chest got tight and there was this whoosh in my ears."
    assert_plain(t)


def test_chat_session_disclosure_is_found():
    [t] = read_all(SAMPLES / "session.cha")
    findings = candor.analyze(t).findings
    assert findings
    assert any("panic attacks before presentations" in f.text for f in findings)
    assert all(t.turns[f.turn - 1].speaker == "Therapist" for f in findings)


# --- CHAT: real files ------------------------------------------------------------------------------


def test_aphasiabank_style_inv_par(shared_data):
    path = shared_data / "formats" / "chat_cha" / "eng_clinical_aphasia.cha"
    [t] = read_all(path)
    assert speakers(t) == ["Investigator", "Participant"]
    assert t.therapist.name == "Investigator" and t.role_of("Participant") is Role.CLIENT
    assert len(t.turns) == 5
    assert t.turns[0].text == "Can you tell me what you see in the picture?"
    assert t.turns[1].text == "Well there's a um... The boy is reaching for the cookie jar."
    # <the girl> [//]: the retraced words were said, the code is not.
    assert t.turns[3].text.startswith("And the the girl the woman is washing dishes. The water is running...")
    assert not t.has_times
    assert_plain(t)


def test_childes_mandarin_interview_with_bullets_and_wrapped_tiers(shared_data):
    path = shared_data / "formats" / "chat_cha" / "064.cha"
    [t] = read_all(path)
    # @Participants lists CHI first, but EXP speaks first.
    assert speakers(t) == ["Investigator", "Target Child"]
    assert t.therapist.name == "Investigator" and t.role_of("Target Child") is Role.CLIENT
    assert len(t.turns) == 99
    first = t.turns[0]
    assert first.text.startswith("我们 啊 姐 姐 要 问 你 说 你 记不记得 一些 事情, 好不好?")
    assert (first.start, first.end) == (0.0, 11.53)
    assert t.turns[1].speaker == "Target Child" and t.turns[1].text == "打 打针 的 啊."
    assert all(turn.start is not None for turn in t.turns)
    # %mor and %gra run over several tab-indented lines; none of it is speech.
    assert not any("|" in turn.text or "=" in turn.text for turn in t.turns)
    assert_plain(t)


def test_childes_mother_and_child_need_the_therapist_named(shared_data):
    path = shared_data / "formats" / "chat_cha" / "short.cha"
    t = read_with(chat, path)
    # Named participant shows by name, an unnamed one by its role word; neither role is a therapy role.
    assert speakers(t) == ["Lily", "Mother"]
    assert [s.role for s in t.speakers] == [None, None]
    assert [turn.text for turn in t.turns] == ["I did.", "You did?", "I did find.", "Okay."]
    assert [(turn.start, turn.end) for turn in t.turns] == [(0.835, 3.665), (3.665, 4.345), (4.345, 6.883), (6.883, 7.688)]
    assert_plain(t)
    [named] = read_all(path, therapist="Mother")
    assert named.therapist.name == "Mother" and named.role_of("Lily") is Role.CLIENT
    assert named.role_confidence == 1.0


def test_chat_bare_time_marks_read_like_bullets(shared_data, tmp_path):
    # Some converters drop the \x15 bullet characters and leave `835_3665` at the line end.
    bare = tmp_path / "bare.cha"
    bare.write_bytes((shared_data / "formats" / "chat_cha" / "short.cha").read_bytes().replace(b"\x15", b""))
    assert read_with(chat, bare).turns == read_with(chat, shared_data / "formats" / "chat_cha" / "short.cha").turns


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("I (.) I [/] I was goin(g) home@s:eng , you know ?", "I I I was going home, you know?"),
        ("+^ &=laughs it was &+fr funny +//.", "it was funny."),
        ("I want 0to go ye:s „ right ?", "I want go yes, right?"),
        ("&*PAR:mhm ice_cream (1.5) please +/?", "ice cream please?"),
        ("xxx [=! cries] .", ""),
    ],
)
def test_chat_codes_become_plain_words(said, plain):
    assert chat.speech(said) == plain


def test_chat_participants_without_names_and_shared_roles(tmp_path):
    path = tmp_path / "group.cha"
    path.write_text(
        "@UTF8\n@Begin\n@Participants:\tTHE Rosa_Diaz Clinician, CL1 Client, CL2 Client, ENV Environment\n"
        "*THE:\twho would like to start ?\n*CL1:\tI can .\n*CL2:\tgo ahead .\n*ENV:\t&=door_slams .\n"
        "*ENV:\tphone ringing .\n@End\n",
        encoding="utf-8",
    )
    t = read_with(chat, path)
    assert speakers(t) == ["Rosa Diaz", "Client (CL1)", "Client (CL2)", "Environment"]
    assert [s.role for s in t.speakers] == [Role.THERAPIST, Role.CLIENT, Role.CLIENT, Role.OTHER]


# --- ELAN: invented therapy session ----------------------------------------------------------------


def test_elan_session_reads_end_to_end(no_network):
    [t] = read_all(SAMPLES / "session.eaf")
    assert t.format == "elan"
    # Names from PARTICIPANT, roles from the tier ids Therapist and Client.
    assert speakers(t) == ["Dana Whitfield", "Sam Ortiz"]
    assert t.therapist.name == "Dana Whitfield" and t.role_of("Sam Ortiz") is Role.CLIENT
    assert t.role_confidence == 1.0 and not t.warnings
    assert [turn.speaker for turn in t.turns] == ["Dana Whitfield", "Sam Ortiz"] * 3
    assert t.turns[0].text == "Last time you mentioned your brother's wedding. How did it go?"
    assert (t.turns[0].start, t.turns[0].end) == (1.2, 5.4)
    # The client's back-to-back annotations stay one turn though the therapist's "Mhm." starts with the second.
    assert t.turns[3].text == (
        "Yeah. My mum kept introducing me as the one who moved away. "
        "Like that's all I am to them now. I didn't even stay for the dancing."
    )
    assert t.turns[4].text.startswith("Mhm. When my brother got married, I felt left out of my own family too.")
    # The child tier of notes is not speech.
    assert not any("supervisor" in turn.text or "returns focus" in turn.text for turn in t.turns)
    assert_plain(t)


def test_elan_session_disclosure_is_found():
    [t] = read_all(SAMPLES / "session.eaf")
    findings = candor.analyze(t).findings
    assert any("I felt left out of my own family too" in f.text for f in findings)
    assert all(t.turns[f.turn - 1].speaker == "Dana Whitfield" for f in findings)


def _eaf(slots: str, tiers: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">'
        f'<HEADER TIME_UNITS="milliseconds"/><TIME_ORDER>{slots}</TIME_ORDER>{tiers}</ANNOTATION_DOCUMENT>'
    )


def _tier(tier_id: str, *annotations: tuple[str, str, str], participant: str = "") -> str:
    body = "".join(
        f'<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="{tier_id}{i}" TIME_SLOT_REF1="{a}" TIME_SLOT_REF2="{b}">'
        f"<ANNOTATION_VALUE>{value}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>"
        for i, (a, b, value) in enumerate(annotations)
    )
    who = f' PARTICIPANT="{participant}"' if participant else ""
    return f'<TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="{tier_id}"{who}>{body}</TIER>'


def test_elan_untimed_slots_are_interpolated_and_number_tiers_skipped(tmp_path):
    slots = (
        '<TIME_SLOT TIME_SLOT_ID="t0"/><TIME_SLOT TIME_SLOT_ID="t1" TIME_VALUE="1000"/>'
        '<TIME_SLOT TIME_SLOT_ID="t2"/><TIME_SLOT TIME_SLOT_ID="t3"/><TIME_SLOT TIME_SLOT_ID="t4" TIME_VALUE="4000"/>'
    )
    tiers = (
        _tier("T", ("t1", "t2", "What brings you in?")) + _tier("C", ("t3", "t4", "My sleep.")) +
        _tier("pauses", ("t0", "t1", "0.850"), participant="Dr Lee")
    )
    path = tmp_path / "untimed.eaf"
    path.write_text(_eaf(slots, tiers), encoding="utf-8")
    t = read_with(elan, path)
    assert speakers(t) == ["T", "C"]  # the numbers-only tier is not a speaker, though it names one
    assert [(turn.start, turn.end) for turn in t.turns] == [(1.0, 2.0), (3.0, 4.0)]
    assert [s.role for s in t.speakers] == [Role.THERAPIST, Role.CLIENT]


# --- ELAN: real files ------------------------------------------------------------------------------


def test_elan_converted_from_chat_matches_the_chat_file(shared_data):
    t = read_with(elan, shared_data / "formats" / "elan_eaf" / "short.eaf")
    # CHI has PARTICIPANT="Lily"; MOT has none, so its tier id names it. The *-mor/-pho child tiers are skipped.
    assert speakers(t) == ["Lily", "MOT"]
    same = read_with(chat, shared_data / "formats" / "chat_cha" / "short.cha")
    assert [(u.text, u.start, u.end) for u in t.turns] == [(u.text, u.start, u.end) for u in same.turns]
    assert_plain(t)
    [named] = read_all(shared_data / "formats" / "elan_eaf" / "short.eaf", therapist="MOT")
    assert named.therapist.name == "MOT" and named.role_of("Lily") is Role.CLIENT


def test_elan_tei_corpo_conversation_in_time_order(shared_data):
    t = read_with(elan, shared_data / "formats" / "elan_eaf" / "test.eaf")
    assert speakers(t) == ["L1", "L2"]
    assert len(t.turns) == 110
    assert t.turns[0].text == "salut ça va" and (t.turns[0].start, t.turns[0].end) == (0.0, 0.692)
    assert t.turns[1].text == "Ça va et toi?"
    # L2's "passer écoute" shares its start with L1's laugh: the sentence L2 was in stays whole.
    assert t.turns[5].speaker == "L2" and "on a pas vu le temps passer écoute" in t.turns[5].text
    starts = [turn.start for turn in t.turns]
    assert starts == sorted(starts)
    assert_plain(t)
    [named] = read_all(shared_data / "formats" / "elan_eaf" / "test.eaf", therapist="L2")
    assert named.therapist.name == "L2" and named.role_confidence == 1.0


def test_elan_file_authored_in_elan(shared_data):
    path = shared_data / "formats" / "elan_eaf" / "DOC_FR_2020_CHOIX_5.eaf"
    t = read_with(elan, path)
    # The empty `default` tier and the `SD` tier of silence durations are not speakers.
    assert speakers(t) == ["Mélanie", "Eloise", "Rou"]
    assert len(t.turns) == 18
    assert t.turns[0].speaker == "Mélanie" and t.turns[0].text.startswith("alors moi moi j'ai choisi euh")
    assert (t.turns[0].start, t.turns[0].end) == (2.75, 102.79)
    assert not any(re.fullmatch(r"[\d.]+", turn.text) for turn in t.turns)
    assert_plain(t)
    # Three people and no role words: Candor asks rather than guesses.
    with pytest.raises(InputError, match="pass --therapist NAME"):
        read_all(path)
    [named] = read_all(path, therapist="Mélanie")
    assert named.therapist.name == "Mélanie" and named.role_of("Eloise") is Role.CLIENT


# --- ELAN: bad input -------------------------------------------------------------------------------


def test_broken_elan_xml_is_a_one_line_error(tmp_path):
    path = tmp_path / "broken.eaf"
    good = (SAMPLES / "session.eaf").read_text(encoding="utf-8")
    path.write_text(good.replace("</ANNOTATION_VALUE>", "", 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_all(path)
    message = assert_user_error(err, "broken.eaf", not_quoting=("brother's wedding", "ANNOTATION_VALUE"))
    assert "not a valid ELAN file (broken XML" in message and "export it again from ELAN" in message


def test_elan_with_entities_is_refused_before_parsing(tmp_path, no_network):
    path = tmp_path / "laughs.eaf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE ANNOTATION_DOCUMENT [\n <!ENTITY lol "I feel so alone">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY ext SYSTEM "http://example.com/secret">\n]>\n'
        '<ANNOTATION_DOCUMENT><TIME_ORDER/><TIER TIER_ID="T"><ANNOTATION><ALIGNABLE_ANNOTATION>'
        "<ANNOTATION_VALUE>&lol2;&ext;</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>"
        "</ANNOTATION_DOCUMENT>\n",
        encoding="utf-8",
    )
    assert choose(load(path)).name == "elan"
    with pytest.raises(InputError) as err:
        read_all(path)
    message = assert_user_error(err, "laughs.eaf", not_quoting=("I feel so alone", "lol", "example.com"))
    assert "DOCTYPE" in message


def test_xml_that_is_not_elan_is_refused(tmp_path):
    path = tmp_path / "other.eaf"
    path.write_text('<?xml version="1.0"?><ANNOTATION_DOCUMENTS><x>I feel so alone</x></ANNOTATION_DOCUMENTS>')
    with pytest.raises(InputError) as err:
        elan.READER.read(load(path), ReadOptions())
    assert "not an ELAN document" in assert_user_error(err, "other.eaf", not_quoting=("I feel so alone",))


# --- Choosing the reader ---------------------------------------------------------------------------


def _real(shared_data: Path, folder: str) -> list[Path]:
    return sorted(p for p in (shared_data / "formats" / folder).iterdir() if p.suffix != ".md")


def test_choose_picks_chat_and_elan(shared_data):
    for path in [SAMPLES / "session.cha", *_real(shared_data, "chat_cha")]:
        assert choose(load(path)).name == "chat", path.name
    for path in [SAMPLES / "session.eaf", *_real(shared_data, "elan_eaf")]:
        assert choose(load(path)).name == "elan", path.name


def test_other_formats_are_not_taken_for_chat_or_elan(shared_data):
    samples = Path(__file__).parent / "samples"
    others = [p for p in samples.rglob("*") if p.is_file() and SAMPLES not in p.parents]
    others += [samples / "structured" / "convokit_corpus"]
    others += [
        p for p in (shared_data / "formats").rglob("*") if p.is_file() and p.parent.name not in ("chat_cha", "elan_eaf")
    ]
    assert len(others) > 30
    for path in others:
        src = load(path)
        assert chat.READER.sniff(src) == 0, path.name
        assert elan.READER.sniff(src) == 0, path.name
