"""Uploading transcripts: every common format, the speaker picker, and the pseudonym."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import candor
from tests.conftest import SHARED_DATA
from tests.web.conftest import SAMPLES, alert_text, hidden_csrf

FORMATS = [
    "text/therapist_client.txt",
    "text/tc_timestamps.txt",
    "text/named_times.txt",
    "text/numbered.txt",
    "text/otter_export.txt",
    "structured/zoom.vtt",
    "structured/teams.vtt",
    "structured/dialogue.srt",
    "structured/whisper_diarized.srt",
    "structured/session.csv",
    "structured/session.tsv",
    "structured/sessions.csv",
    "structured/whisper.json",
    "structured/whisperx.json",
    "structured/transcribe.json",
    "chat_elan/session.cha",
    "chat_elan/session.eaf",
]


def upload(visitor, path: Path, pseudonym: str = "Client X", name: str | None = None, day: str = "2026-03-02",
           replace: bool = True):  # fmt: skip
    return visitor.api(
        "POST", "/api/uploads", files={"file": (name or path.name, path.read_bytes())},
        data={"pseudonym": pseudonym, "session_date": day, "replace_name": "true" if replace else "false"},
    )  # fmt: skip


def stored_ids(visitor, path: Path, replace: bool = True) -> tuple[list[int], str | None]:
    """Upload, pick the therapist when asked (Candor's guess, else the first speaker); the ids and the pick."""
    r = upload(visitor, path, replace=replace)
    picked = None
    if r.status_code == 202:
        choice = r.json()
        picked = choice["guess"] or choice["speakers"][0]
        r = visitor.api("POST", f"/api/uploads/{choice['token']}", json={"therapist": picked})
    assert r.status_code == 201, (path.name, r.status_code, r.text[:300])
    return r.json()["sessions"], picked


@pytest.mark.parametrize("sample", FORMATS)
def test_each_common_format_uploads_and_reads_back(world, sample):
    path = SAMPLES / sample
    v = world.visitor(world.maya)
    ids, picked = stored_ids(v, path)
    expected = candor.read_all(path, therapist=picked)
    assert len(ids) == len(expected)
    for sid, t in zip(ids, expected):
        stored = v.get(f"/api/sessions/{sid}").json()
        assert len(stored["report"]["turns"]) == len(t.turns)
        assert stored["session"]["format"] == t.format
        assert stored["report"]["speakers"][0]["role"] in ("therapist", "client", "other")
        page = v.get(f"/sessions/{sid}")
        assert page.status_code == 200 and page.text.count('class="tip-card') == 4


def test_a_word_document_uploads(world):
    docx = SHARED_DATA / "formats" / "teams_docx" / "sample_transcript.docx"
    if not docx.exists():
        pytest.fail(f"real test data missing: {docx}")
    ids, _ = stored_ids(world.visitor(world.maya), docx)
    assert ids


def test_the_therapist_is_picked_before_anything_is_analysed(world):
    v = world.visitor(world.maya)
    named = SAMPLES / "text" / "named.txt"  # "Ellen Hart" and "Marcus Reyes": no label says who is who
    before = len(world.store.sessions.list(world.maya))
    page = v.get("/upload")
    r = v.form("/upload", {"pseudonym": "Client M", "session_date": "2026-03-03", "csrf": hidden_csrf(page.text)},
               files={"file": ("named.txt", named.read_bytes())})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith("/upload/")
    picker = v.get(r.headers["location"])
    assert picker.status_code == 200 and "Who is the therapist?" in picker.text
    assert 'value="Ellen Hart" required checked' in picker.text  # Candor's guess, marked for checking
    assert 'value="Marcus Reyes"' in picker.text
    assert len(world.store.sessions.list(world.maya)) == before  # nothing stored yet
    # Another clinician cannot see or finish this upload.
    ben = world.visitor(world.ben)
    assert ben.get(r.headers["location"]).status_code == 404
    assert ben.form(r.headers["location"], {"therapist": "Ellen Hart"}).status_code == 404
    # A name that is not a speaker is refused; the real pick stores the session.
    assert v.form(r.headers["location"], {"therapist": "Somebody Else"}).status_code == 400
    done = v.form(r.headers["location"], {"therapist": "Marcus Reyes"})
    assert done.status_code == 303 and done.headers["location"].startswith("/sessions/")
    sid = int(done.headers["location"].split("/")[2].split("?")[0])
    report = v.get(f"/api/sessions/{sid}").json()
    roles = {s["name"]: s["role"] for s in report["report"]["speakers"]}
    assert roles == {"Marcus Reyes": "therapist", "Ellen Hart": "client"}  # the form left replace_name unticked
    assert report["session"]["session_date"] == "2026-03-03"
    assert report["session"]["client_pseudonym"] == "Client M"
    assert v.get(r.headers["location"]).status_code == 404  # the pending upload is gone


def test_labels_that_cannot_be_told_apart_always_ask(world):
    v = world.visitor(world.maya)
    r = upload(v, SAMPLES / "structured" / "teams.vtt")
    assert r.status_code == 202
    body = r.json()
    assert body["needs_speaker"] and set(body["speakers"]) == {"Priya Natarajan", "Jordan Blake"}
    assert v.get(f"/api/uploads/{body['token']}").json() == body


def test_the_pseudonym_replaces_the_clients_name_everywhere(world):
    v = world.visitor(world.maya)
    named = SAMPLES / "text" / "named.txt"
    assert "Marcus" in named.read_text() and "Reyes" in named.read_text()
    r = upload(v, named, pseudonym="Client R", name="marcus-reyes session.txt")
    assert r.status_code == 202
    r = v.api("POST", f"/api/uploads/{r.json()['token']}", json={"therapist": "Ellen Hart"})
    sid = r.json()["sessions"][0]
    stored = v.get(f"/api/sessions/{sid}").json()
    text = json.dumps(stored, ensure_ascii=False)
    assert "Marcus" not in text and "Reyes" not in text
    assert "marcus" not in text.lower() and "reyes" not in text.lower()
    assert stored["session"]["client_pseudonym"] == "Client R"
    assert {s["name"] for s in stored["report"]["speakers"]} == {"Ellen Hart", "Client R"}
    assert "Morning, Client R." in stored["report"]["turns"][0]["text"]  # said aloud, replaced too
    page = v.get(f"/sessions/{sid}").text
    assert "Marcus" not in page and "Reyes" not in page
    listing = v.get("/sessions").text
    assert "Client R" in listing and "Marcus" not in listing


def test_a_pseudonym_is_required_and_the_name_kept_when_asked(world):
    v = world.visitor(world.maya)
    named = SAMPLES / "text" / "named.txt"
    r = v.api("POST", "/api/uploads", files={"file": ("named.txt", named.read_bytes())}, data={"pseudonym": "  "})
    assert r.status_code == 400 and "pseudonym" in r.json()["detail"]
    r = v.api("POST", "/api/uploads", files={"file": ("named.txt", named.read_bytes())})
    assert r.status_code == 422
    page = v.get("/upload")
    assert 'name="pseudonym" maxlength="100" required' in page.text and 'name="replace_name" value="yes" checked' in page.text
    ids, _ = stored_ids(v, SAMPLES / "text" / "tc_timestamps.txt", replace=False)
    stored = v.get(f"/api/sessions/{ids[0]}").json()
    assert stored["session"]["client_pseudonym"] == "Client X"
    assert {s["name"] for s in stored["report"]["speakers"]} == {"T", "C"}


def test_a_pseudonym_never_touches_role_labels_or_ordinary_words(world):
    v = world.visitor(world.maya)
    ids, _ = stored_ids(v, SAMPLES / "text" / "numbered.txt", replace=False)  # speakers "T" and "C"
    r = upload(v, SAMPLES / "text" / "numbered.txt", pseudonym="Client N")
    sid = r.json()["sessions"][0]
    plain = v.get(f"/api/sessions/{ids[0]}").json()["report"]["turns"]
    renamed = v.get(f"/api/sessions/{sid}").json()["report"]
    assert {s["name"] for s in renamed["speakers"]} == {"T", "Client N"}
    assert [t["text"] for t in renamed["turns"]] == [t["text"] for t in plain]


def test_unreadable_uploads_say_why_without_quoting(world):
    v = world.visitor(world.maya)
    page = v.get("/upload")
    for name, data in (("empty.txt", b""), ("notes.txt", b"just some words without speakers\n" * 3),
                       ("one.json", (SAMPLES / "structured" / "whisper_plain.json").read_bytes())):  # fmt: skip
        r = v.form("/upload", {"csrf": hidden_csrf(page.text), "pseudonym": "Client U"}, files={"file": (name, data)})
        assert r.status_code == 400, name
        assert "just some words" not in r.text
        assert "pseudonym" not in alert_text(r.text)  # the file's problem, not the form's
    r = v.api("POST", "/api/uploads", files={"file": ("x.txt", b"")}, data={"pseudonym": "Client U"})
    assert r.status_code == 400 and "empty" in r.json()["detail"]
    assert world.store.sessions.list(world.maya)[0].id == world.maya_other_client  # nothing new stored


def test_upload_errors_give_advice_for_the_browser_not_the_command_line(world):
    v = world.visitor(world.maya)
    page = v.get("/upload")
    table = b"who,said,when\nTherapist,How are you today?,1\nClient,Tired of all of it,2\n"
    r = v.form("/upload", {"csrf": hidden_csrf(page.text), "pseudonym": "Client U"}, files={"file": ("export.csv", table)})
    assert r.status_code == 400
    alert = alert_text(r.text)
    assert "no text column" in alert and "text and speaker" in alert
    assert "--" not in alert and "Tired of all" not in alert
    r = v.form("/upload", {"csrf": hidden_csrf(page.text), "pseudonym": "Client U"},
               files={"file": ("scan.pdf", b"%PDF-1.7\n" + bytes(range(200)))})
    alert = alert_text(r.text)
    assert r.status_code == 400 and "--" not in alert and "candor formats" not in alert
