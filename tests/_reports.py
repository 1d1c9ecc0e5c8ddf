"""Hand-built report objects for the renderer tests.

The dialogue is invented but written the way sessions go: a timed video-call
session (WebVTT) where a same-boat remark lands badly and is repaired, and an
untimed typed-up session with an unprofessional aside. Between them they use
every CODEBOOK code, every flag and every tip status, with evidence.
The codes are the ones a careful human coder would give; nothing here runs
the detector, so renderer tests do not depend on it.
"""

from __future__ import annotations

from candor.model import (
    TIPS,
    Analysis,
    CodedTurn,
    Evidence,
    Role,
    Sentence,
    SessionReport,
    Speaker,
    Stats,
    Status,
    TipResult,
    Transcript,
    Turn,
)

THERAPIST = "Dr. Maya Lee"

# (speaker, start seconds or None, sentences). A therapist sentence is
# (text, code, flags, confidence); a client turn is its plain text.
SESSION_ONE = [
    ("T", 4.0, [("Hi Sam, come on in.", "none", (), 0.99),
                ("How has the week been since we last met?", "none", (), 0.99)]),
    ("C", 13.0, "Honestly, not great. My mum got her scan results on Tuesday and the cancer has spread. They're talking about “managing it” now, not treating it. I haven't really slept since, and I keep picking up my phone to ring her and then putting it down again."),
    ("T", 39.0, [("That's a lot to carry, and I'm so sorry.", "none", (), 0.93),
                 ("What have these last few nights been like?", "none", (), 0.99)]),
    ("C", 49.0, "I lie there going through everything. Appointments, who drives her to the hospital, money, whether I should give up the flat and move back home. My brother lives two hours away and he just says let him know what I decide. Then it's four in the morning and I've decided nothing."),
    ("T", 80.4, [("I know exactly how you feel, I went through the same thing with my father.", "fact", ("same_boat",), 0.91),
                 ("What got me through was taking it one day at a time.", "strategy", (), 0.84)]),
    ("C", 105.0, "Right. I guess. It's not really the same though, my mum's only fifty-eight."),
    ("T", 122.3, [("You're right, it isn't the same, and I'm sorry, I put that badly.", "vulnerability", ("returns_focus",), 0.88),
                  ("Your situation is your own.", "none", (), 0.97),
                  ("What worries you most right now?", "none", (), 0.99)]),
    ("C", 150.8, "That I'll get it wrong. That I'll be at work when something happens and I won't get there in time. I have this picture of my phone buzzing in a meeting and me seeing it an hour later."),
    ("T", 185.0, [("That fear of not being there when it matters sounds enormous.", "none", (), 0.95),
                  ("I notice I feel quite protective of you as you describe it.", "immediacy", ("returns_focus",), 0.86),
                  ("What do you make of that fear?", "none", (), 0.99)]),
    ("C", 220.1, "I think it's because of my dad. I wasn't there when he died. I was on a train, somewhere past Doncaster, and my mum rang and I could hear from her voice before she said anything. I've never really told anyone that part."),
    ("T", 255.6, [("I didn't know that, Sam.", "none", (), 0.9),
                  ("I'm feeling really moved as you say that.", "immediacy", (), 0.93),
                  ("Take whatever time you need.", "none", (), 0.98)]),
    ("C", 302.0, "It's fine. It was eight years ago. I just don't talk about it much."),
    ("T", 340.7, [("It sounds like it's very present right now, with your mum's news.", "none", (), 0.96),
                  ("When my own mother was in hospital I was frightened too; minds do that to all of us.", "feeling", ("shared_humanity", "returns_focus"), 0.79),
                  ("How has the fear been showing up at work?", "none", (), 0.99)]),
    ("C", 390.4, "At work I'm checking my phone every five minutes. I read the same email three times and still don't know what it says. My manager's noticed; she asked if everything was all right at home."),
    ("T", 430.0, [("What did your manager say?", "none", (), 0.99)]),
    ("C", 445.9, "She was kind about it, actually. She said I could take some leave if I needed it."),
    ("T", 485.2, [("Something I learned after a hard year of my own is that accepting help felt like failing, until it didn't.", "insight", ("returns_focus",), 0.74),
                  ("I wonder how it would feel for you to take her up on it.", "none", (), 0.92)]),
    ("C", 530.6, "Like giving up, probably. Like admitting it's really happening. But maybe that's just pride. My dad never took a day off in his life and I think I've sort of made that a rule without noticing."),
    ("T", 570.0, [("Maybe pride, maybe something that has kept you going.", "none", (), 0.95),
                  ("Shall we look at what a week of leave could look like?", "none", (), 0.99)]),
    ("C", 610.3, "Yeah. Okay. I'd like that. I've never planned time off for something like this."),
    ("T", 1402.5, [("We're nearly out of time.", "none", (), 0.99),
                   ("I'll send you the sleep diary we talked about.", "none", (), 0.99),
                   ("I look forward to next week, honestly; I've valued working with you today.", "immediacy", (), 0.81)]),
    ("C", 1441.0, "Thanks. Same time next week?"),
]

SESSION_TWO = [
    ("T", None, [("Good to see you, Jordan.", "none", (), 0.98),
                 ("Where would you like to start today?", "none", (), 0.99)]),
    ("C", None, "Work, I suppose. The new team lead keeps rewriting my reports in front of everyone. Not privately, on the shared screen in the Monday meeting, while I'm sitting there. Nobody says anything, they just look at their laptops."),
    ("T", None, [("I hear you saying it feels humiliating as much as annoying.", "none", (), 0.94)]),
    ("C", None, "Yes. And then I go home and snap at my partner over nothing, the dishes or the heating, which isn't fair on her. She's started asking how the meeting went before I've taken my coat off, like she's checking the weather."),
    ("T", None, [("Before this work I spent six years in corporate finance, so offices like that are familiar ground.", "fact", ("returns_focus",), 0.9),
                 ("What happens in you right before you snap?", "none", (), 0.99)]),
    ("C", None, "I get this heat in my chest. Like I have to defend myself."),
    ("T", None, [("When I notice that heat myself, I step outside for five minutes before I say anything.", "strategy", ("returns_focus",), 0.87),
                 ("Would something like that be possible for you?", "none", (), 0.98)]),
    ("C", None, "Maybe. Do you think I should just quit?"),
    ("T", None, [("I honestly don't know the answer to that.", "vulnerability", (), 0.83),
                 ("It's a big decision and you know your situation far better than I do.", "none", (), 0.9)]),
    ("C", None, "My partner thinks I should. She says I've been unhappy there for a year. But I've been there eight years and I'm good at it, or I was. I don't know either."),
    ("T", None, [("Honestly my week has been hell too, I needed a drink by Wednesday.", "feeling", ("unprofessional", "returns_focus"), 0.77),
                 ("Anyway, let's come back to you.", "none", (), 0.97)]),
    ("C", None, "Ha. Okay. Well, I suppose the other thing is money."),
    ("T", None, [("Let's look at money properly next time.", "none", (), 0.98),
                 ("I'll bring the budgeting worksheet.", "none", (), 0.99)]),
]


def _coded(script, client: str) -> tuple[Transcript, tuple[CodedTurn, ...]]:
    turns, coded = [], []
    for i, (who, start, body) in enumerate(script, start=1):
        speaker = THERAPIST if who == "T" else client
        if who == "T":
            sentences = tuple(Sentence(text, code, flags, conf) for text, code, flags, conf in body)
            text = " ".join(s.text for s in sentences)
        else:
            sentences, text = (), body
        end = None if start is None else start + 2.5 + len(text.split()) * 0.4
        turn = Turn(i, speaker, text, start, end)
        turns.append(turn)
        coded.append(CodedTurn(turn, Role.THERAPIST if who == "T" else Role.CLIENT, sentences))
    speakers = (Speaker(THERAPIST, Role.THERAPIST), Speaker(client, Role.CLIENT))
    return Transcript("", speakers, tuple(turns)), tuple(coded)


def _stats(sessions: list[tuple[CodedTurn, ...]]) -> Stats:
    """Counted the way `assess` documents it; the renderers only display these."""
    therapist = [ct for turns in sessions for ct in turns if ct.role is Role.THERAPIST]
    words: dict[str, int] = {}
    for turns in sessions:
        for ct in turns:
            words[ct.turn.speaker] = words.get(ct.turn.speaker, 0) + len(ct.turn.text.split())
    total = sum(words.values())
    si_turns = sum(ct.self_involving for ct in therapist)
    return Stats(
        sessions=len(sessions),
        therapist_turns=len(therapist),
        therapist_sentences=sum(len(ct.sentences) for ct in therapist),
        self_involving=sum(s.self_involving for ct in therapist for s in ct.sentences),
        self_involving_turns=si_turns,
        self_involving_share=si_turns / len(therapist),
        disclosure_turns=sum(
            any(s.code in {"fact", "feeling", "insight", "strategy"} for s in ct.sentences) for ct in therapist
        ),
        talk_share={name: n / total for name, n in words.items()},
    )


def _tips(results: dict[str, tuple[Status, str, list[tuple[int, str]]]]) -> dict[str, TipResult]:
    return {
        tip: TipResult(tip, status, summary, tuple(Evidence(n, text) for n, text in evidence))
        for tip, (status, summary, evidence) in ((t, results[t]) for t in TIPS)
    }


def session_one() -> SessionReport:
    t, coded = _coded(SESSION_ONE, "Sam")
    t = Transcript(
        source="2024-05-14-sam.vtt", speakers=t.speakers, turns=t.turns, format="vtt", role_confidence=1.0
    )
    tips = _tips({
        "genuine": (
            Status.RISK,
            "In turn 5 the therapist claimed to know exactly how the client felt, just after the client "
            "spoke of a parent's cancer spreading. The client pushed back in turn 6. A shared-humanity "
            "remark later in the session (turn 13) is the genuine alternative.",
            [(5, "I know exactly how you feel, I went through the same thing with my father."),
             (13, "When my own mother was in hospital I was frightened too; minds do that to all of us.")],
        ),
        "expert_role": (
            Status.OK,
            "The therapist named a mistake and repaired it, and twice said how the client's story affected "
            "them. Nothing left the professional frame.",
            [(7, "You're right, it isn't the same, and I'm sorry, I put that badly."),
             (9, "I notice I feel quite protective of you as you describe it.")],
        ),
        "intention": (
            Status.ATTENTION,
            "Most disclosures were brief and turned back to the client. The one in turn 5 did not, and "
            "the client answered by correcting the therapist rather than going on with their own story; "
            "it was repaired in turn 7.",
            [(5, "What got me through was taking it one day at a time."),
             (7, "You're right, it isn't the same, and I'm sorry, I put that badly.")],
        ),
        "balance": (
            Status.OK,
            "Self-involving statements came in 7 of 11 therapist turns, most of them immediacy and repair; "
            "the client did most of the talking.",
            [],
        ),
    })
    return SessionReport(t, coded, tips, _stats([coded]))


def session_two() -> SessionReport:
    t, coded = _coded(SESSION_TWO, "Jordan")
    t = Transcript(
        source="lee-caseload.txt",
        speakers=t.speakers,
        turns=t.turns,
        session="session-07",
        format="text",
        role_confidence=0.82,
        warnings=("No timestamps in this file: the timeline uses turn numbers.",),
    )
    tips = _tips({
        "genuine": (
            Status.OK,
            "No same-boat statements. The disclosures offered the therapist's own experience as their own.",
            [(5, "Before this work I spent six years in corporate finance, so offices like that are familiar ground.")],
        ),
        "expert_role": (
            Status.ATTENTION,
            "Admitting not knowing in turn 9 kept the therapist human, but turn 11 mentions needing a drink, "
            "which leaves the professional frame.",
            [(9, "I honestly don't know the answer to that."),
             (11, "Honestly my week has been hell too, I needed a drink by Wednesday.")],
        ),
        "intention": (
            Status.OK,
            "Each disclosure was short and turned straight back to the client, who went on with their own work.",
            [(7, "When I notice that heat myself, I step outside for five minutes before I say anything.")],
        ),
        "balance": (
            Status.NOT_APPLICABLE,
            "Balance is judged across sessions; one session on its own says little.",
            [],
        ),
    })
    return SessionReport(t, coded, tips, _stats([coded]))


def sample_analysis() -> Analysis:
    one, two = session_one(), session_two()
    tips = _tips({
        "genuine": (
            Status.RISK,
            "One same-boat statement across 2 sessions, made just after the client spoke of a parent's "
            "serious illness.",
            [(5, "I know exactly how you feel, I went through the same thing with my father.")],
        ),
        "expert_role": (
            Status.ATTENTION,
            "Vulnerability and immediacy appear in both sessions; one aside about drinking crossed the "
            "professional line.",
            [(11, "Honestly my week has been hell too, I needed a drink by Wednesday.")],
        ),
        "intention": (
            Status.ATTENTION,
            "Most disclosures returned the focus to the client; one did not and needed repair.",
            [(5, "What got me through was taking it one day at a time.")],
        ),
        "balance": (
            Status.NOT_APPLICABLE,
            "Fewer than five sessions of this therapist: too few to judge the balance across sessions.",
            [],
        ),
    })
    return Analysis((one, two), tips, _stats([one.turns, two.turns]))
