"""Headless Chromium for the browser tests: Debian's, never one Playwright downloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Without the background-networking flags Chromium keeps trying to reach the internet.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    # `make test` installs Debian's chromium; a missing browser is a broken setup, not a reason to skip.
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium: run `make chromium` (make test does)")
    from playwright import sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
