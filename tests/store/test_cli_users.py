"""`candor users add|assign|list|password` against SQLite and PostgreSQL, as an admin types them."""

from __future__ import annotations

import io
import stat
import sys

import pytest

from candor.cli import main
from candor.store import Store


@pytest.fixture
def candor(store_url, tmp_path, monkeypatch, capsys):
    key = tmp_path / "candor.key"

    def run(*args: str, stdin: str = ""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(["users", *args, "--db", store_url, "--key-file", str(key)])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.key = key
    return run


def test_add_assign_and_list(candor, store_url):
    code, out, err = candor("add", "maya", "--role", "clinician", "--password-stdin", stdin="correct horse battery\n")
    assert code == 0 and "Added clinician 'maya'." in out
    assert f"Key file: {candor.key} (new, mode 0600)" in err and "Database:" in err
    assert stat.S_IMODE(candor.key.stat().st_mode) == 0o600
    assert candor("add", "sue", "--role", "supervisor", "--password-stdin", stdin="another good one\n")[0] == 0
    code, out, err = candor("assign", "sue", "maya")
    assert code == 0 and "'sue' now supervises 'maya'." in out and "(new" not in err
    code, out, _ = candor("list")
    assert code == 0
    assert out.splitlines() == ["maya  clinician   supervised by sue", "sue   supervisor"]
    with Store.open(store_url, key_file=candor.key) as store:
        assert store.users.verify("maya", "correct horse battery").role == "clinician"


def test_an_empty_database_says_how_to_begin(candor):
    code, out, _ = candor("list")
    assert code == 0 and "candor users add NAME --role admin" in out


def test_mistakes_are_one_line_and_exit_2(candor):
    assert candor("add", "eve", "--role", "owner", "--password-stdin", stdin="a fine password\n")[2].count("\n") == 1
    code, _, err = candor("add", "eve", "--role", "owner", "--password-stdin", stdin="a fine password\n")
    assert code == 2 and "unknown role 'owner'" in err
    code, _, err = candor("add", "eve", "--role", "admin", "--password-stdin", stdin="short\n")
    assert code == 2 and "at least 8 characters" in err
    code, _, err = candor("add", "eve", "--role", "admin", stdin="")  # no terminal to ask on
    assert code == 2 and "--password-stdin" in err
    code, _, err = candor("assign", "sue", "maya")
    assert code == 2 and "no user named 'sue'" in err and "candor users add 'sue' --role supervisor" in err
    candor("add", "eve", "--role", "admin", "--password-stdin", stdin="a fine password\n")
    code, _, err = candor("add", "EVE", "--role", "admin", "--password-stdin", stdin="a fine password\n")
    assert code == 2 and "already a user named" in err


def test_password_resets_a_forgotten_password(candor, store_url):
    candor("add", "maya", "--role", "clinician", "--password-stdin", stdin="correct horse battery\n")
    code, out, _ = candor("password", "maya", "--password-stdin", stdin="a new long password\n")
    assert code == 0 and "Password set for 'maya'." in out
    with Store.open(store_url, key_file=candor.key) as store:
        assert store.users.verify("maya", "a new long password")


def test_a_wrong_key_file_is_one_clear_line(candor, tmp_path):
    candor("add", "maya", "--role", "clinician", "--password-stdin", stdin="correct horse battery\n")
    candor.key.write_text(candor.key.read_text().replace("candor-key-1:", "candor-key-1:AAAA")[:-5] + "\n")
    code, _, err = candor("list")
    assert code == 2 and err.startswith("candor: error:") and err.count("\n") == 1
