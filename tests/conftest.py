"""Fixtures every test module can use."""

from __future__ import annotations

from pathlib import Path

import pytest

# The real transcripts and data sets beside the repository (/work/shared/data).
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared real-data folder. Missing data fails the test loudly; it never skips."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real test data not found at {SHARED_DATA}; the tests need /work/shared/data beside the repo")
    return SHARED_DATA


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test on any attempt to open a network connection or resolve a host."""
    import socket

    def refuse(*args, **kwargs):
        raise NetworkUsed("Candor tried to use the network")

    for name in ("connect", "connect_ex", "sendto", "bind"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield


REPO = Path(__file__).resolve().parents[1]


def write_transcript(tmp_path: Path, text: str, name: str = "session.txt") -> Path:
    """A transcript file as a clinician would save it (UTF-8 text)."""
    p = tmp_path / name
    p.write_text(text.strip() + "\n", encoding="utf-8")
    return p
