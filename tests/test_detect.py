"""The detector on the CODEBOOK's own examples, its usual false alarms and real therapist speech."""

from __future__ import annotations

import csv
import json

import pytest

from candor.detect import code_transcript, code_turn
from candor.detect.sentences import split_sentences
import candor


def codes(text: str, prev: str | None = None) -> list[str]:
    return [s.code for s in code_turn(text, prev)]


@pytest.mark.parametrize("code, text", [
    ("fact", "I have two teenagers myself."),
    ("fact", "I trained in Chicago."),
    ("fact", "On weekends I go fishing."),
    ("feeling", "When my father died I was angry for a long time."),
    ("insight", "What I figured out after my move was that I felt guilty leaving my sister."),
    ("strategy", "When I get like that, I go for a walk before I answer any email."),
    ("immediacy", "I'm feeling really moved as you say that."),
    ("immediacy", "I notice I feel protective of you."),
    ("immediacy", "Something you just said touched a nerve in me; give me a second."),
    ("vulnerability", "I was wrong about that last week."),
    ("vulnerability", "I honestly don't know the answer."),
    ("vulnerability", "I'm sorry, I put that badly."),
])
def test_codebook_examples_get_their_code(code, text):
    assert code in codes(text)


def test_borderline_rule_courtesy_versus_relationship():
    assert codes("I'm glad you came.") == ["none"]
    assert "immediacy" in codes("I look forward to our Mondays, honestly; I enjoy working with you.")


@pytest.mark.parametrize("text", [
    "I hear you saying it's been lonely.",
    "I wonder what that was like for you.",
    "I think part of you is angry at him.",
    "I'll send you the form.",
    "I'm going to stop the recording.",
    "My job today is to share information, not to tell you what to do.",
    "Can I share something I've noticed?",
    "I see.",
    "Thank you, I appreciate that.",
    "I can imagine that was terrifying.",
    # real-speech shapes from motivational interviewing sessions
    "So I'm hearing there are some things you really like about smoking.",
    "As your provider, I'm a little concerned about your health.",
    "Hello, Kaylie, I'm Lori, the pharmacist here.",
    "I get it. I get it.",
    "I really appreciate you talking to me about this today.",
])
def test_usual_false_alarms_are_none(text):
    assert set(codes(text)) == {"none"}


@pytest.mark.parametrize("text", ["I've been there.", "I know exactly how you feel.",
                                  "We're all in the same boat.", "Everybody goes through this."])
def test_same_boat_claims_are_flagged(text):
    s = code_turn(text)[0]
    assert "same_boat" in s.flags and s.self_involving


@pytest.mark.parametrize("text", ["I know how you feel.", "I know how you're feeling, and it's awful.",
                                  "I know what you're going through."])
def test_everyday_claims_of_knowing_the_clients_feelings_are_same_boat(text):
    assert "same_boat" in code_turn(text)[0].flags


@pytest.mark.parametrize("text", [
    "I went through the exact same thing with my brother.", "I felt exactly like that when my father died.",
    "I lost my job last year too, so I totally understand.", "Oh, I know that feeling.",
    "I was just as scared as you before my operation.", "I've been right where you are.",
])
def test_claims_of_the_very_same_experience_are_same_boat(text):
    s = code_turn(text)[0]
    assert "same_boat" in s.flags and s.self_involving


@pytest.mark.parametrize("text", ["Worrying at night is just what minds do.", "Anyone would feel shaken after that.",
                                  "It's a very human reaction.", "Our bodies are wired to react before we think."])
def test_normalising_through_what_minds_and_bodies_do_is_shared_humanity(text):
    s = code_turn(text)[0]
    assert s.flags == ("shared_humanity",) and s.code == "none"


@pytest.mark.parametrize("text", [
    "I smoked a fair bit of pot at your age.", "I was so hungover on Sunday I missed church.",
    "My kids are driving me insane this month.", "I'm so sick of my commute, honestly.",
    "My supervisor is an idiot about rotas.", "Screw him, honestly.",
])
def test_leaving_the_professional_frame_is_unprofessional(text):
    assert "unprofessional" in code_turn(text)[0].flags


@pytest.mark.parametrize("text", ["I know you drank wine last night.", "I'd like to hear how much weed you smoke.",
                                  "I wonder if you smoke when you're stressed.", "Is your boss driving you crazy?",
                                  "I had my flu shots last week.", "I drink a lot of coke when I'm tired."])
def test_asking_about_the_clients_use_is_not_unprofessional(text):
    assert "unprofessional" not in code_turn(text)[0].flags


@pytest.mark.parametrize("text", ["I know the feeling you describe is hard for you.", "Does anyone else live with you?",
                                  "I wonder if anyone would be able to drive you.", "Let's find a time that works for all of us.",
                                  "I get it.", "I've felt nervous before a move too.", "Everyone is different."])
def test_look_alikes_of_the_new_flag_forms_raise_no_flag(text):
    assert code_turn(text)[0].flags == ()


@pytest.mark.parametrize("text", ["I know how you feel about your mother.",
                                  "I'm not saying I know how you feel.", "I don't know how you feel."])
def test_knowing_a_view_or_denying_the_claim_is_not_same_boat(text):
    assert "same_boat" not in code_turn(text)[0].flags


def test_similar_experience_of_ones_own_is_not_same_boat():
    s = code_turn("I've felt nervous before big changes too.")[0]
    assert s.code == "feeling" and "same_boat" not in s.flags


def test_shared_humanity_and_unprofessional_flags():
    assert "shared_humanity" in code_turn("It's very human to want the pain to stop.")[0].flags
    s = code_turn("Honestly my week was hell, I needed a drink.")[0]
    assert "unprofessional" in s.flags and s.self_involving


# Real sessions hand back in plainer ways than "What about you?" (our AnnoMI and Rogers dev halves).
@pytest.mark.parametrize("turn", [
    "Huh, I didn't know that. Oh, what about the support groups?",
    "I'm honestly not sure. Is that what you were hoping to hear from me?",
    "That means a lot to me. You were really looking after yourself back then.",
    "I'm sorry we're running late. Let's think about some things that you enjoy doing.",
    "I realize I've been doing most of the talking. I wonder what this is like for you.",
])
def test_returns_focus_in_the_plain_forms_of_real_sessions(turn):
    first = code_turn(turn)[0]
    assert first.self_involving and "returns_focus" in first.flags


@pytest.mark.parametrize("turn", [
    "Oh, that I'm not sure of. Can I get back to you this afternoon with the answer?",
    "I didn't know that. Let me find the leaflet. It's in the top drawer.",
    "I've never heard of that band. I love how you said that.",
])
def test_procedure_or_a_reaction_after_the_disclosure_does_not_return_the_focus(turn):
    first = code_turn(turn)[0]
    assert first.self_involving and "returns_focus" not in first.flags


def test_returns_focus_marks_the_disclosure_that_hands_back():
    out = code_turn("When I get like that, I go for a walk before I answer any email. What might help you?")
    assert out[0].code == "strategy" and "returns_focus" in out[0].flags
    assert "returns_focus" not in code_turn("When I get like that, I go for a walk.")[0].flags


def test_first_person_reflection_of_the_client_is_none():
    client = "I lost my brother when I was nineteen and honestly I never got over it."
    reflection = "I lost my brother when I was nineteen, and I never got over it."
    # Reflected in the client's own voice right after they said it.
    assert set(codes(reflection, prev=client)) == {"none"}
    # The same words after an unrelated client turn are the therapist's own.
    assert "fact" in codes(reflection, prev="Work has been busy lately.")


def test_quoted_speech_is_not_the_therapists_voice():
    assert set(codes('You told yourself, "I have two kids and no time."')) == {"none"}


def test_sentence_splitter_keeps_titles_and_splits_turns():
    assert split_sentences("I'm Dr. Rogers, you must be Gloria. Is that right? Yes.") == [
        "I'm Dr. Rogers, you must be Gloria.", "Is that right?", "Yes."]


def test_sentence_splitter_ends_sentences_on_contractions_and_no():
    assert split_sentences("No, I don't. I think so. I said no. Then J. Smith came.") == [
        "No, I don't.", "I think so.", "I said no.", "Then J. Smith came."]


def test_code_transcript_codes_only_therapist_turns():
    t = candor.example()
    coded = code_transcript(t)
    assert all(ct.sentences == () for ct in coded if ct.role.value != "therapist")
    assert all(ct.sentences for ct in coded if ct.role.value == "therapist")


def test_keeps_precision_on_real_therapist_speech(shared_data):
    """The issue's floor on hand-coded AnnoMI turns: precision >= 0.70, recall >= 0.60."""
    texts = {}
    with open(shared_data / "annomi" / "AnnoMI-simple.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            texts[f"annomi-{r['transcript_id']}-{r['utterance_id']}"] = r["utterance_text"]
    tp = fp = fn = 0
    for line in (shared_data / "gold" / "annomi_dev.jsonl").read_text().splitlines():
        g = json.loads(line)
        pred = any(s.self_involving for s in code_turn(texts[g["id"]]))
        true = bool(g["codes"])
        tp += pred and true
        fp += pred and not true
        fn += true and not pred
    assert tp + fn == 16
    assert tp / (tp + fp) >= 0.70
    assert tp / (tp + fn) >= 0.60


# The small, everyday self-involvement of real sessions (invented sentences in the
# shapes our second AnnoMI check found missed: data/annomi_check/README.md).
@pytest.mark.parametrize("code, text", [
    ("vulnerability", "Oh, and I'm sorry, that came out wrong."),
    ("vulnerability", "I'm sorry we're running a bit late this morning."),
    ("vulnerability", "I didn't mean to assume you'd want that."),
    ("vulnerability", "Forgive me for that."),
    ("vulnerability", "It's a, um, I can't remember what it's called."),
    ("vulnerability", "I don't even know where you'd buy one of those."),
    ("vulnerability", "I don't know much about how parole works."),
    ("vulnerability", "I haven't kept up to date on that research, honestly."),
    ("vulnerability", "I'm not familiar with that app."),
    ("vulnerability", "I-I didn't know that."),
    ("fact", "I've never heard of that band."),
    ("fact", "I've always wanted to learn to sail."),
    ("feeling", "That really shocked me when I found out."),
    ("feeling", "I couldn't believe it."),
    ("immediacy", "I'm honestly a bit taken aback by that."),
    ("immediacy", "I love how you put that."),
    ("strategy", "That's what I do."),
    ("immediacy", "I know it's been a lot, and like I said, I really care about you."),
    ("immediacy", "I really value you as part of this team."),
    ("immediacy", "My sense is we'll be able to work pretty well together."),
])
def test_everyday_self_involvement_of_real_sessions(code, text):
    assert code in codes(text)


@pytest.mark.parametrize("text", [
    "I don't know, what do you think?",
    "I'm not surprised you feel that way.",
    "I love that you're thinking about this.",
    "I'm so sorry to hear that.",
    "I'll have to look that up and get back to you.",
    "You know, it really worries me.",  # professional concern, as the shared gold codes it
])
def test_look_alikes_of_everyday_self_involvement_are_none(text):
    assert set(codes(text)) == {"none"}


# The quiet self-involvement of person-centred therapy (invented sentences in the shapes
# our Rogers check found missed in its dev half: data/rogers_check/README.md).
@pytest.mark.parametrize("code, text", [
    ("immediacy", "I'm just telling you, it's OK with me if you're angry in here."),
    ("immediacy", "What you just said means a lot to me."),
    ("immediacy", "That carries a great deal of meaning for me."),
    ("immediacy", "I've been thinking about what you told me last time."),
    ("immediacy", "I realize I've been doing most of the talking."),
    ("vulnerability", "I wish I could give you an easy answer."),
    ("vulnerability", "Honestly, I'm not keeping anything back from you."),
    ("vulnerability", "I really don't know where we'll get to today."),
    ("vulnerability", "Maybe I said that a bit too strongly."),
    ("immediacy", "But I do care."),
])
def test_person_centred_self_involvement(code, text):
    assert code in codes(text)


@pytest.mark.parametrize("text", [
    "That's okay with me.",  # agreeing to a time, as our AnnoMI check set codes it
    "It's okay with me if you want to bring your wife next time.",
    "I wish you could see how far you've come.",
    "Is that what you're saying, that it means a lot to you?",
    "I notice you've been quiet since we started.",
    "I'm impressed with the fact that the clinic finally opened.",
    "I do care about your blood pressure, so let's take it again.",
])
def test_look_alikes_of_person_centred_self_involvement_are_none(text):
    assert set(codes(text)) == {"none"}


@pytest.mark.parametrize("text", [
    "It's so hard to decide something like that on your own, isn't it?",
    "Life is risky, for all of us.",
    "None of us get that as often as we'd like.",
])
def test_normalising_what_living_is_like_is_shared_humanity(text):
    s = code_turn(text)[0]
    assert s.code == "none" and "shared_humanity" in s.flags


def test_stuck_in_life_is_not_a_claim_about_life():
    assert "shared_humanity" not in code_turn("Being stuck in life is difficult.")[0].flags


def test_normalising_what_everyone_feels_is_shared_humanity():
    s = code_turn("It's normal to feel nervous before surgery.")[0]
    assert s.code == "none" and "shared_humanity" in s.flags


# More forms of claiming the client's experience and of normalising, written from our train
# split's examples (data/handcoded); the sentences here are new.
@pytest.mark.parametrize("text", [
    "Every new dad feels this way, I sure did.", "We've all had a landlord like that.",
    "I've had that same argument with my sister.", "I know that dread, I've felt it too.",
    "I was just as furious after my own car accident.", "Believe me, we're all in that boat.",
    "I've been through a breakup too, so I completely understand.",
])
def test_universalising_or_claiming_the_very_same_experience_is_same_boat(text):
    s = code_turn(text)[0]
    assert "same_boat" in s.flags and s.self_involving


@pytest.mark.parametrize("text", [
    "You have every right to feel that way.", "Every time I feel that way I go for a walk.",
    "All your friends feel that way?", "Everyone is different.", "I was just as surprised as my brother was.",
])
def test_look_alikes_of_universalising_are_not_same_boat(text):
    assert "same_boat" not in code_turn(text)[0].flags


@pytest.mark.parametrize("text", [
    "It's only natural to want answers after a loss.", "Grief doesn't follow a schedule, for anyone.",
    "That would be hard for anyone to hear.", "Everybody's mind gets foggy when they're exhausted.",
    "Brains just aren't built to do two things at once.", "Minds wander, that's fine.",
])
def test_more_normalising_through_what_minds_share_is_shared_humanity(text):
    s = code_turn(text)[0]
    assert s.code == "none" and s.flags == ("shared_humanity",)


@pytest.mark.parametrize("text", [
    "You remember your dreams more than most people do.", "Our brains need sleep.",
    "It's been hard for everyone at the clinic this month.", "Let's look at what your mind does when you're anxious.",
    "I wrote a book called A Handbook for Being Human.",
])
def test_look_alikes_of_normalising_raise_no_shared_humanity(text):
    assert "shared_humanity" not in code_turn(text)[0].flags


# Everyday self-involvement in plain grammar (trained-11), written from sentences we invented to probe
# trained-10; the sentences here are new and are not training examples.
@pytest.mark.parametrize("text, code", [
    ("I should have asked how your mom's surgery went before anything else.", "vulnerability"),
    ("Sorry, I think I rushed you on that one.", "vulnerability"),
    ("I wasn't really paying attention just then, say that again?", "vulnerability"),
    ("When I'm anxious, I usually go for a run before work.", "strategy"),
    ("When I quit vaping, I carried mints everywhere.", "strategy"),
    ("Starting a new job was terrifying for me.", "feeling"),
    ("I used to get so nervous on planes.", "feeling"),
    ("I've never been to Mexico City, I'd love to go.", "fact"),
    ("I find myself feeling a little tender toward you right now.", "immediacy"),
])
def test_everyday_self_involvement_is_found(text, code):
    assert code_turn(text)[0].code == code


@pytest.mark.parametrize("text, prev", [
    ("When you're anxious, you go for a run?", "Running is the only thing that calms me down."),
    ("So starting the new job was terrifying for you.", "Honestly, the new job scared me to death."),
    ("I should have known better.", "I keep telling myself I should have known better."),
    ("I'm proud of you for going back.", "I went back to the meetings on Tuesday."),
    ("I wonder if you used to get nervous on planes too.", "My dad was always scared of flying."),
])
def test_look_alikes_of_everyday_self_involvement_are_none(text, prev):
    assert code_turn(text, prev)[0].code == "none"
