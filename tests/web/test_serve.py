"""`candor serve`: opens the store, says where it is and how to add the first user, serves on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx


def test_candor_serve_starts_and_explains_the_first_user(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "clinic.db"
    server = subprocess.Popen(
        [sys.executable, "-m", "candor.cli", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/signin", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "candor serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "Sign in" in r.text
        assert "Secure" not in r.headers["set-cookie"]  # plain http on 127.0.0.1
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"Database: {db}" in err
    assert f"Key file: {tmp_path / 'clinic.key'} (new, mode 0600)" in err
    assert f"candor users add NAME --role admin --db {db}" in err
    assert f"Candor is running at http://127.0.0.1:{port}/" in err
    assert (tmp_path / "clinic.key").stat().st_mode & 0o777 == 0o600
