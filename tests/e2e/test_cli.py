"""The `candor` command run as a user runs it: exit codes, messages, files written."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_transcript

SESSION = """
[00:00:05] Therapist: Good morning. What would you like to focus on today?
[00:00:12] Client: My sister. We haven't spoken since the funeral and it's eating me up.
[00:00:25] Therapist: It sounds like the silence weighs on you. What happened at the funeral?
[00:00:33] Client: She said I never visited Dad. It wasn't fair.
[00:00:41] Therapist: I have a sister too, and I know how hard those fights can be. What would you want her to understand?
[00:00:55] Client: That I was scared. Hospitals terrify me.
[00:01:03] Therapist: Scared, not uncaring. I'm feeling really moved as you say that.
[00:01:10] Client: Thank you. I haven't said that to anyone.
[00:01:18] Therapist: What would it be like to tell her that you were scared?
[00:01:25] Client: Terrifying. But maybe freeing.
"""


def candor_cli(*args, cwd=None, input=None):
    return subprocess.run(
        [sys.executable, "-m", "candor.cli", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, input=input, timeout=120,
    )


@pytest.fixture
def session_file(tmp_path):
    return write_transcript(tmp_path, SESSION)


def test_demo_writes_the_report_and_prints_the_summary(tmp_path):
    r = candor_cli("demo", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    report = tmp_path / "candor-demo-report.html"
    assert report.exists() and report.stat().st_size > 100_000
    for title in ("Be genuine", "Drop the expert role", "Be mindful of the reasons", "Don't make it all about the client"):
        assert title in r.stdout
    assert str(report) in r.stdout


def test_analyze_prints_tips_and_moments(session_file):
    r = candor_cli("analyze", session_file)
    assert r.returncode == 0, r.stderr
    assert "Be genuine" in r.stdout
    assert "I have a sister too" in r.stdout and "I'm feeling really moved" in r.stdout


def test_analyze_json_is_one_object_with_the_schema(session_file, tmp_path):
    other = write_transcript(tmp_path, SESSION.replace("Good morning.", "Hello again."), "second.txt")
    r = candor_cli("analyze", session_file, other, "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "candor.report/1"
    assert len(doc["sessions"]) == 2 and set(doc["overall"]) >= {"tips", "stats"}
    s = doc["sessions"][0]
    assert set(s["tips"]) == {"genuine", "expert_role", "intention", "balance"}
    turn5 = next(t for t in s["turns"] if t["index"] == 5)
    assert turn5["role"] == "therapist" and "fact" in turn5["codes"] and turn5["start"] == 41
    assert doc["overall"]["stats"]["sessions"] == 2


def test_analyze_writes_html_and_csv(session_file, tmp_path):
    html, table = tmp_path / "r.html", tmp_path / "r.csv"
    r = candor_cli("analyze", session_file, "--html", html, "--csv", table)
    assert r.returncode == 0, r.stderr
    assert "<html" in html.read_text(encoding="utf-8")
    rows = list(csv.DictReader(table.open(encoding="utf-8")))
    assert rows and all(row["code"] for row in rows)
    assert any(row["code"] == "immediacy" for row in rows)


def test_settings_on_the_command_line(session_file):
    r = candor_cli("analyze", session_file, "--set", "nonsense=3")
    assert r.returncode == 2 and "unknown setting 'nonsense'" in r.stderr


def test_check_verdicts_and_prompting():
    r = candor_cli("check", "I know exactly how you feel.", "--for-client", "yes", "--fits-goals", "yes")
    assert r.returncode == 0 and "RECONSIDER" in r.stdout and "A way to say it" in r.stdout
    asked = candor_cli("check", "I grew up on a farm too.", input="yes\nunsure\n")
    assert asked.returncode == 0 and "HOLD" in asked.stdout
    assert "clinical goals" in asked.stderr  # the question was asked
    unanswered = candor_cli("check", "I grew up on a farm too.", input="")
    assert unanswered.returncode == 2 and "--for-client" in unanswered.stderr
    as_json = candor_cli("check", "I've been there.", "--for-client", "yes", "--fits-goals", "no", "--json")
    assert json.loads(as_json.stdout)["verdict"] == "hold"


def test_formats_lists_every_reader():
    r = candor_cli("formats")
    assert r.returncode == 0
    for name in ("text", "otter", "published", "vtt", "srt", "docx", "csv", "json", "convokit"):
        assert name in r.stdout


def test_help_fits_a_screen_and_has_an_example():
    for verb in ("analyze", "check", "demo", "formats"):
        r = candor_cli(verb, "--help")
        assert r.returncode == 0 and "Example:" in r.stdout
        assert len(r.stdout.splitlines()) <= 40


# --- bad input: one line, exit 2, nothing written ---------------------------------

def _bad_inputs(tmp_path: Path, shared: Path) -> dict[str, tuple[list, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    unknown = tmp_path / "notes.txt"
    unknown.write_text("Shopping list\neggs, milk, bread\nremember the dentist on Friday\n")
    monologue = write_transcript(tmp_path, "Therapist: Hello.\nTherapist: Let's begin.\nTherapist: How are you?", "mono.txt")
    two = write_transcript(tmp_path, SESSION, "two.txt")
    table = tmp_path / "export.csv"
    table.write_text("when,who,notes\n1,A,x\n2,B,y\n")
    big = write_transcript(tmp_path, SESSION, "big.txt")
    garbled = tmp_path / "garbled.txt"
    garbled.write_bytes("Therapist: Hello there.\nClient: Hi.\n".encode("utf-32-le"))
    return {
        "empty": ([empty], "empty"),
        "image": ([image], "PNG image"),
        "unknown format": ([unknown], "does not recognise"),
        "one speaker": ([monologue], "only one speaker"),
        "no such therapist": ([two, "--therapist", "Dr. Nobody"], "--therapist"),
        "missing columns": ([table], "column"),
        "too large": ([big, "--max-size", "0.0001"], "limit"),
        "wrong encoding": ([garbled], "encoding"),
        "missing file": ([tmp_path / "nope.vtt"], "no such file"),
        "ambiguous speakers": ([write_transcript(tmp_path, "Anna: Hi Ben.\nBen: Hi Anna.\nAnna: Nice day.\nBen: It is.", "tie.txt")], "--therapist"),
    }


@pytest.mark.parametrize("case", [
    "empty", "image", "unknown format", "one speaker", "no such therapist", "missing columns",
    "too large", "wrong encoding", "missing file", "ambiguous speakers",
])
def test_bad_input_gets_one_clear_line_and_exit_2(case, tmp_path, shared_data):
    args, expected = _bad_inputs(tmp_path, shared_data)[case]
    out = tmp_path / "out" / "report.html"
    out.parent.mkdir()
    r = candor_cli("analyze", *args, "--html", out, "--csv", out.with_suffix(".csv"))
    assert r.returncode == 2, (case, r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("candor: error:"), r.stderr
    assert expected.lower() in lines[0].lower()
    assert "Traceback" not in r.stderr and r.stdout == ""
    assert list(out.parent.iterdir()) == []  # nothing half-written


def test_error_messages_never_quote_the_transcript(tmp_path):
    secret = "Client: I never told anyone about the overdose in 2019."
    f = write_transcript(tmp_path, "Therapist: Hello.\n" + secret, "s.txt")
    r = candor_cli("analyze", f, "--therapist", "Dr. Nobody")
    assert r.returncode == 2 and "overdose" not in r.stderr


def test_output_into_a_missing_folder_is_refused_before_any_work(session_file, tmp_path):
    r = candor_cli("analyze", session_file, "--html", tmp_path / "no" / "such" / "r.html")
    assert r.returncode == 2 and "does not exist" in r.stderr


def test_internal_errors_exit_1_and_show_a_traceback_only_with_debug(session_file, monkeypatch, capsys):
    """A bug inside Candor (simulated here) must not spill its message, which may hold transcript text."""
    import candor
    from candor.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("Client: I never told anyone about the overdose")

    monkeypatch.setattr(candor, "analyze_all", broken)
    assert main(["analyze", str(session_file)]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError)" in err and "--debug" in err
    assert "Traceback" not in err and "overdose" not in err
    assert main(["analyze", str(session_file), "--debug"]) == 1
    assert "Traceback" in capsys.readouterr().err
