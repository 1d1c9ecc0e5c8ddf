"""The public Python API: read, analyze, check. The CLI and the web app call these."""

from __future__ import annotations

from typing import Iterable

from candor.assess import Settings, assess_session, overall
from candor.assess.settings import DEFAULT
from candor.detect import Detector, code_transcript
from candor.model import Analysis, SessionReport, Transcript


def analyze(
    transcript: Transcript, settings: Settings = DEFAULT, detector: Detector | None = None
) -> SessionReport:
    """Code every therapist sentence of one session and weigh the four tips.

    >>> import candor
    >>> r = candor.analyze(candor.example())
    >>> sorted(r.tips)
    ['balance', 'expert_role', 'genuine', 'intention']
    """
    return assess_session(transcript, code_transcript(transcript, detector), settings)


def analyze_all(
    transcripts: Iterable[Transcript], settings: Settings = DEFAULT, detector: Detector | None = None
) -> Analysis:
    """Several sessions: each one's report, plus the tips and statistics across them."""
    return overall([analyze(t, settings, detector) for t in transcripts], settings)
