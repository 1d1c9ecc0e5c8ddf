"""`candor batch`: a corpus coded into tables the same way every time, however it is run or interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from candor.batch.tables import TABLES, part_files
from tests.batch.conftest import CANDOR, batch, part_bytes, tables

ANNOMI_SESSIONS = 40
PARTS = 23  # 46 inputs at two files per part


def done_parts(out: Path) -> int:
    return len(part_files(out, "errors"))


def test_a_corpus_becomes_linked_tables(reference, corpus):
    t = tables(reference)
    sessions, turns, sentences, errors = (t[n].to_pandas() for n in TABLES)
    # Every AnnoMI file is one session; the other samples add theirs.
    annomi = sessions[sessions["source"].str.startswith("annomi/")]
    assert len(annomi) == ANNOMI_SESSIONS
    assert (annomi["therapist"] == "therapist").all()
    # The ids link the tables, and every count in sessions is the count of its rows.
    assert sessions["session_id"].is_unique and turns["turn_id"].is_unique and sentences["sentence_id"].is_unique
    by_id = sessions.set_index("session_id")
    assert by_id["turns"].to_dict() == turns.groupby("session_id").size().to_dict()
    therapist = turns[turns["role"] == "therapist"]
    assert by_id["therapist_turns"].to_dict() == therapist.groupby("session_id").size().to_dict()
    assert set(sentences["turn_id"]) <= set(therapist["turn_id"])
    assert sessions["self_involving_sentences"].sum() == sentences["self_involving"].sum() > 0
    # A self-involving turn has a self-involving sentence, and says which codes.
    si_turns = set(sentences.loc[sentences["self_involving"], "turn_id"])
    assert si_turns == set(turns.loc[turns["self_involving"], "turn_id"])
    assert all(len(c) > 0 for c in turns.loc[turns["self_involving"], "codes"])
    assert set(sessions["tip_balance"]) <= {"ok", "attention", "risk", "not_applicable"}
    # The same turn coded by `candor analyze` has the same codes.
    some = sessions[sessions["source"] == "annomi/session-000.csv"].iloc[0]
    import candor

    report = candor.analyze(candor.read(corpus / "annomi" / "session-000.csv"))
    expected = [list(ct.codes) for ct in report.turns]
    got = turns[turns["session_id"] == some["session_id"]].sort_values("turn")["codes"].map(list).tolist()
    assert got == expected


def test_unreadable_files_are_recorded_and_the_run_goes_on(reference):
    errors = tables(reference)["errors"].to_pandas().set_index("source")
    assert sorted(errors.index) == ["other/damaged.docx", "other/empty.vtt", "other/sample_transcript.docx"]
    assert "empty" in errors.loc["other/empty.vtt", "reason"]
    assert "damaged.docx" in errors.loc["other/damaged.docx", "reason"]
    assert errors.loc["other/damaged.docx", "kind"] == errors.loc["other/empty.vtt", "kind"] == "unreadable"
    # Three speakers and no labels: Candor will not guess, and says how to name the therapist.
    assert errors.loc["other/sample_transcript.docx", "kind"] == "roles"
    assert "--roles" in errors.loc["other/sample_transcript.docx", "reason"]
    # A README in the corpus folder is a note, not a session: neither coded nor an error.
    sessions = tables(reference)["sessions"].to_pandas()
    assert not sessions["source"].str.endswith(".md").any()
    run = json.loads((reference / "run.json").read_text())
    assert run["complete"] and run["counts"]["errors"] == 3 and run["parts"] == PARTS


def test_one_worker_and_a_two_worker_cluster_give_identical_tables(reference, corpus, dask_cluster, tmp_path):
    cluster, client = dask_cluster
    out = tmp_path / "coded"
    done = batch("annomi", "other", "--out", str(out), "--scheduler", cluster.scheduler_address,
                 "--files-per-part", "2", cwd=corpus)
    assert done.returncode == 0, done.stderr
    assert "2 workers" in done.stdout
    assert part_bytes(out) == part_bytes(reference)  # byte for byte, part by part
    assert (out / "summary.html").read_bytes() == (reference / "summary.html").read_bytes()


def test_a_killed_worker_loses_nothing(reference, corpus, dask_cluster, tmp_path):
    cluster, client = dask_cluster
    out = tmp_path / "coded"
    run = subprocess.Popen(
        [*CANDOR, "batch", "annomi", "other", "--out", str(out), "--scheduler", cluster.scheduler_address,
         "--files-per-part", "2"],
        cwd=corpus, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and run.poll() is None:
        if done_parts(out) >= 2:
            victim = next(iter(client.run(os.getpid).values()))
            os.kill(victim, signal.SIGKILL)  # as the out-of-memory killer would
            killed_at = done_parts(out)
        time.sleep(0.01)
    assert victim is not None, "the run ended before a worker could be killed"
    assert killed_at < PARTS
    stdout, stderr = run.communicate(timeout=300)
    if run.returncode != 0:  # Dask gave up on the part: the user resumes
        resumed = batch("annomi", "other", "--out", str(out), "--scheduler", cluster.scheduler_address,
                        "--files-per-part", "2", "--resume", cwd=corpus)
        assert resumed.returncode == 0, resumed.stderr
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
    assert victim not in client.run(os.getpid).values()
    assert part_bytes(out) == part_bytes(reference)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_an_interrupted_run_resumes_to_the_same_tables(how, reference, corpus, tmp_path):
    out = tmp_path / "coded"
    args = ["annomi", "other", "--out", str(out), "--workers", "2", "--files-per-part", "2"]
    run = subprocess.Popen([*CANDOR, "batch", *args], cwd=corpus, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while done_parts(out) < 3 and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.01)
    if how == signal.SIGKILL:
        os.killpg(run.pid, signal.SIGKILL)  # the whole run, workers included
    else:
        run.send_signal(signal.SIGINT)
    stdout, stderr = run.communicate(timeout=120)
    interrupted_at = done_parts(out)
    assert 3 <= interrupted_at < PARTS, f"not interrupted partway (exit {run.returncode}): {stdout} {stderr}"
    assert not json.loads((out / "run.json").read_text()).get("complete")
    if how == signal.SIGINT:
        assert run.returncode == 130
        assert "--resume" in stderr and "Traceback" not in stderr
    # What is there is whole: every part file reads.
    for name in TABLES:
        for p in part_files(out, name):
            pq.read_table(p)

    # Without --resume the folder is refused and left as it is.
    again = batch(*args, cwd=corpus)
    assert again.returncode == 2 and "--resume" in again.stderr
    assert done_parts(out) >= interrupted_at

    resumed = batch(*args, "--resume", cwd=corpus)
    assert resumed.returncode == 0, resumed.stderr
    assert "Resumed:" in resumed.stdout
    assert part_bytes(out) == part_bytes(reference)
    assert not list(out.rglob(".*.tmp"))


def test_csv_copies_hold_the_same_rows(corpus, tmp_path):
    out = tmp_path / "coded"
    done = batch("annomi/*.csv", "--out", str(out), "--workers", "1", "--csv", cwd=corpus)
    assert done.returncode == 0, done.stderr
    assert "40/40 files" in done.stderr  # the progress bar's last state
    assert "Coded 40 sessions" in done.stdout
    for name in TABLES:
        csv = pd.read_csv(out / f"{name}.csv", keep_default_na=False)
        parquet = pq.read_table(out / name).to_pandas()
        assert len(csv) == len(parquet), name
        assert list(csv.columns) == list(parquet.columns), name
    turns = pd.read_csv(out / "turns.csv", keep_default_na=False)
    parquet = pq.read_table(out / "turns").to_pandas()
    # Codes and flags, lists in Parquet, are ;-separated in a CSV cell.
    assert turns["codes"].tolist() == [";".join(c) for c in parquet["codes"]]
    assert (turns["codes"] != "").sum() == parquet["self_involving"].sum() > 0
    assert turns["text"].tolist() == parquet["text"].tolist()
    assert pd.read_csv(out / "sessions.csv")["source"].str.startswith("annomi/session-").all()


def test_a_roles_file_names_the_therapist_per_file_and_session(shared_data, tmp_path):
    vtt = shared_data / "formats" / "zoom_vtt" / "transcript.vtt"
    speakers = sorted({line.split(":")[0] for line in vtt.read_text(encoding="utf-8").splitlines()
                       if ":" in line and "-->" not in line and not line.startswith("WEBVTT")})
    # The first speaker is named as the therapist for one file; the other file keeps the guess.
    (tmp_path / "a.vtt").write_bytes(vtt.read_bytes())
    (tmp_path / "b.vtt").write_bytes(vtt.read_bytes())
    roles = tmp_path / "roles.csv"
    roles.write_text(f"file,therapist\na.vtt,{speakers[0]}\nmissing.vtt,Dr Nobody\n", encoding="utf-8")
    out = tmp_path / "coded"
    done = batch(str(tmp_path / "a.vtt"), str(tmp_path / "b.vtt"), "--out", str(out), "--roles", str(roles),
                 "--workers", "1")
    assert done.returncode == 0, done.stderr
    sessions = pq.read_table(out / "sessions").to_pandas().set_index("source")
    assert sessions.loc[str(tmp_path / "a.vtt"), "therapist"] == speakers[0]
    assert sessions.loc[str(tmp_path / "a.vtt"), "role_confidence"] == 1.0
    assert "missing.vtt" in done.stderr and "matched no session" in done.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["nowhere/"], "no such file or folder"),
        (["annomi/*.xyz"], "matches no file"),
        (["annomi", "--resume"], "no batch run here to resume"),
        (["annomi", "--format", "pdf"], "unknown format 'pdf'"),
        (["annomi", "--roles", "roles.csv"], "no such file"),
        (["annomi", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "do not go together"),
        (["annomi", "--scheduler", "tcp://127.0.0.1:1"], "cannot reach the Dask scheduler"),
        (["annomi", "--scheduler", "http://127.0.0.1:1"], "not a Dask scheduler address"),
        (["annomi", "--max-size", "0"], "--max-size"),
    ],
)
def test_mistakes_get_one_line_and_exit_2(args, says, corpus, tmp_path):
    done = batch(*args, "--out", str(tmp_path / "coded"), cwd=corpus)
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "coded").exists()


def test_a_folder_in_use_is_never_overwritten(corpus, tmp_path):
    out = tmp_path / "coded"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    done = batch("annomi/session-001.csv", "--out", str(out), "--workers", "1", cwd=corpus)
    assert done.returncode == 2 and "not an empty folder" in done.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_a_file_changed_since_the_interrupted_run_is_not_mixed_in(corpus, tmp_path):
    import shutil

    for name in ("session-001.csv", "session-002.csv"):
        shutil.copy(corpus / "annomi" / name, tmp_path / name)
    out = tmp_path / "coded"
    args = [str(tmp_path / "session-001.csv"), str(tmp_path / "session-002.csv"), "--out", str(out), "--workers", "1"]
    assert batch(*args).returncode == 0
    edited = tmp_path / "session-002.csv"
    os.utime(edited, (edited.stat().st_atime, edited.stat().st_mtime + 60))  # re-exported, same size
    done = batch(*args, "--resume")
    assert done.returncode == 2 and "the inputs differ" in done.stderr


def test_a_damaged_run_record_is_refused_on_resume(corpus, tmp_path):
    out = tmp_path / "coded"
    out.mkdir()
    (out / "run.json").write_text("[1, 2]")
    done = batch("annomi", "--out", str(out), "--workers", "1", "--resume", cwd=corpus)
    assert done.returncode == 2 and "damaged" in done.stderr and "Traceback" not in done.stderr


def test_a_worker_with_another_candor_writes_nothing(corpus, tmp_path):
    from candor.batch.work import Job, process_part, worker_versions
    from candor.errors import CandorError

    item = str(corpus / "annomi" / "session-001.csv")
    mine = worker_versions()
    with pytest.raises(CandorError, match="install the same version everywhere"):
        process_part(str(tmp_path), 0, [(item, item)], Job(), {**mine, "candor": "9.9.9"})
    assert not list(tmp_path.iterdir())
    process_part(str(tmp_path), 0, [(item, item)], Job(), mine)
    assert all(part_files(tmp_path, name) for name in TABLES)


def test_a_folder_that_cannot_take_the_tables_is_one_line(corpus, tmp_path):
    from candor.batch.work import Job, process_part
    from candor.errors import CandorError

    (tmp_path / "turns").write_text("not a folder")  # as a full disk or a lost mount would fail the write
    item = str(corpus / "annomi" / "session-001.csv")
    with pytest.raises(CandorError, match="cannot write the tables .* --resume"):
        process_part(str(tmp_path), 0, [(item, item)], Job())


def test_resuming_with_other_inputs_is_refused(reference, corpus, tmp_path):
    import shutil

    out = tmp_path / "coded"
    shutil.copytree(reference, out)
    done = batch("annomi", "--out", str(out), "--workers", "1", "--files-per-part", "2", "--resume", cwd=corpus)
    assert done.returncode == 2 and "the inputs differ" in done.stderr
    assert part_bytes(out) == part_bytes(reference)


def test_local_workers_listen_on_loopback_only():
    """Local workers talk to each other over loopback; nothing on the machine's network interfaces."""
    from distributed.comm.utils import get_tcp_server_addresses

    from candor.batch.run import _Cluster

    cluster = _Cluster(2, None)
    try:
        info = cluster.client.scheduler_info(n_workers=-1)
        addresses = [info["address"], *info["workers"], *(w["nanny"] for w in info["workers"].values())]
        assert len(info["workers"]) == 2
        assert all(a.startswith("tcp://127.0.0.1:") for a in addresses), addresses

        def http_hosts(dask_scheduler=None, dask_worker=None):
            server = (dask_scheduler or dask_worker).http_server
            return sorted({a[0] for a in get_tcp_server_addresses(server)})

        assert cluster.client.run_on_scheduler(http_hosts) == ["127.0.0.1"]
        assert set(map(tuple, cluster.client.run(http_hosts).values())) == {("127.0.0.1",)}
    finally:
        cluster.close()
