"""Candor: find, name and weigh therapist self-disclosure, privately, on your own machine.

    import candor
    t = candor.read("session.vtt", therapist="Dr. Lee")
    r = candor.analyze(t)
    r.findings, r.tips, r.to_json(), r.to_html()
    candor.check("I know exactly how you feel", for_client="yes", fits_goals="unsure")
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from candor.api import analyze, analyze_all
from candor.assess.settings import Settings
from candor.check import CheckResult, check
from candor.errors import CandorError, InputError
from candor.formats import ReadOptions, read, read_all
from candor.model import Analysis, Finding, Role, SessionReport, Speaker, TipResult, Transcript, Turn

try:
    from importlib.metadata import version as _version

    __version__ = _version("candor")
except Exception:  # running from a source tree without installing
    __version__ = "0.0.0"

EXAMPLE = "example_session.txt"


def example_path() -> Path:
    """The bundled example session (an invented transcript)."""
    return Path(str(files("candor") / "data" / EXAMPLE))


def example() -> Transcript:
    """The bundled example session, read."""
    return read(example_path())


__all__ = [
    "Analysis", "CandorError", "CheckResult", "Finding", "InputError", "ReadOptions", "Role",
    "SessionReport", "Settings", "Speaker", "TipResult", "Transcript", "Turn",
    "analyze", "analyze_all", "check", "example", "example_path", "read", "read_all",
]
