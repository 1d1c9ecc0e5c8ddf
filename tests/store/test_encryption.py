"""Transcripts, reports, comments and journal entries are encrypted at rest under the key file."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import text

from candor.errors import CandorError
from candor.store import Store
from tests.store.conftest import SECRET, everything_stored

JOURNAL = "Told the client about the Quillamore lighthouse; she went quiet."
COMMENT = "Discuss the Quillamore story in supervision on Thursday."


def _fill(store, people, report):
    session_id = store.sessions.add(people.maya, report, "Client L")
    moment = next(m for m in store.reviews.queue(people.sue) if m.text == SECRET)
    store.reviews.add(people.sue, session_id, moment.turn, moment.sentence, "confirm", comment=COMMENT)
    store.journal.add(people.maya, JOURNAL, tips=["genuine"])
    return session_id


def test_no_row_holds_transcript_report_comment_or_journal_text(store, people, secret_report):
    session_id = _fill(store, people, secret_report)
    assert store.sessions.get(people.maya, session_id).report["source"] == "lighthouse.txt"
    stored = everything_stored(store)
    for needle in (SECRET, "Quillamore", "lonely", "lighthouse.txt", "alone"):
        assert not any(needle.encode() in value for value in stored), needle
    assert any(b"Client L" in value for value in stored)  # the pseudonym is plain, for filtering


def test_the_files_on_disk_hold_no_text(store, people, secret_report, store_url, request):
    _fill(store, people, secret_report)
    if store.path is not None:
        files = [p for p in store.path.parent.iterdir() if p.name.startswith(store.path.name)]
    else:  # PostgreSQL: flush everything to the data files, then read the data folder and its WAL
        server = request.getfixturevalue("postgres_server")
        with server.connect() as conn:
            conn.execute("CHECKPOINT")
        files = [p for folder in ("base", "pg_wal") for p in (server.data / folder).rglob("*") if p.is_file()]
    assert files
    for path in files:
        raw = path.read_bytes()
        assert b"Quillamore" not in raw and SECRET.encode() not in raw, path


def test_the_key_file_is_created_once_with_mode_0600(store, tmp_path, store_url):
    assert store.key_created and store.key_file == tmp_path / "candor.key"
    assert stat.S_IMODE(store.key_file.stat().st_mode) == 0o600
    before = store.key_file.read_bytes()
    store.close()
    with Store.open(store_url, key_file=tmp_path / "candor.key") as again:
        assert not again.key_created
    assert store.key_file.read_bytes() == before


def test_the_sqlite_file_and_default_folder_are_private(tmp_path, monkeypatch):
    monkeypatch.setattr("candor.store.db.data_dir", lambda: tmp_path / "data" / "candor")
    with Store.open() as store:
        assert store.path == tmp_path / "data" / "candor" / "candor.db"
        assert store.key_file == tmp_path / "data" / "candor" / "candor.key"
        assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


def test_a_wrong_key_is_refused_clearly(store, people, secret_report, store_url, tmp_path):
    store.sessions.add(people.maya, secret_report, "Client L")
    store.close()
    other = tmp_path / "other"
    other.mkdir()
    with Store.open(str(other / "x.db"), key_file=other / "x.key"):
        pass  # makes another, valid key
    with pytest.raises(CandorError, match="does not belong to this database") as err:
        Store.open(store_url, key_file=other / "x.key")
    assert str(other / "x.key") in str(err.value)


def test_a_missing_key_is_refused_not_replaced(store, people, store_url, tmp_path):
    store.close()
    with pytest.raises(CandorError, match="key file is not at") as err:
        Store.open(store_url, key_file=tmp_path / "nowhere.key")
    assert "--key-file" in str(err.value)
    assert not (tmp_path / "nowhere.key").exists()


def test_a_key_file_other_users_can_read_is_refused(store, store_url, tmp_path):
    store.close()
    os.chmod(tmp_path / "candor.key", 0o644)
    with pytest.raises(CandorError, match="chmod 600"):
        Store.open(store_url, key_file=tmp_path / "candor.key")


def test_a_file_that_is_not_a_key_is_refused(store_url, tmp_path):
    bogus = tmp_path / "bogus.key"
    bogus.write_text("hello\n")
    os.chmod(bogus, 0o600)
    with pytest.raises(CandorError, match="not a Candor key file"):
        Store.open(store_url, key_file=bogus)


def test_a_value_moved_to_another_column_does_not_decrypt(store, people, secret_report):
    session_id = store.sessions.add(people.maya, secret_report, "Client L")
    entry = store.journal.add(people.maya, JOURNAL)
    with store.engine.begin() as conn:
        blob = conn.execute(text("SELECT report FROM sessions WHERE id = :i"), {"i": session_id}).scalar_one()
        conn.execute(text("UPDATE journal_entries SET content = :b WHERE id = :i"), {"b": blob, "i": entry.id})
    with pytest.raises(CandorError, match="cannot be decrypted"):
        store.journal.list(people.maya)
