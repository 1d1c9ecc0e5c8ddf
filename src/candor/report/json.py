"""The JSON report, schema `candor.report/1` (documented in docs/output.md).

Keys are built in a fixed order and never sorted, so the same analysis
always gives byte-identical JSON that diffs cleanly between runs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from candor.model import Analysis, CodedTurn, Role, SessionReport, TipResult
from candor.atomic import write_atomic
from candor.report._common import ordered_tips

SCHEMA = "candor.report/1"


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _tips(tips: dict[str, TipResult]) -> dict[str, Any]:
    return {
        t.tip: {
            "title": t.title,
            "status": t.status.value,
            "summary": t.summary,
            "evidence": [{"turn": e.turn, "text": e.text} for e in t.evidence],
        }
        for t in ordered_tips(tips)
    }


def _turn(ct: CodedTurn) -> dict[str, Any]:
    # Only therapist turns are coded; a client turn keeps empty lists so every
    # turn has the same shape for whoever reads the file.
    coded = ct.role is Role.THERAPIST
    return {
        "index": ct.turn.index,
        "speaker": ct.turn.speaker,
        "role": ct.role.value,
        "start": _seconds(ct.turn.start),
        "end": _seconds(ct.turn.end),
        "text": ct.turn.text,
        "codes": list(ct.codes) if coded else [],
        "flags": list(ct.flags) if coded else [],
        "sentences": [
            {
                "text": s.text,
                "code": s.code,
                "flags": list(s.flags),
                "confidence": round(s.confidence, 3),
            }
            for s in (ct.sentences if coded else ())
        ],
    }


def session_to_dict(r: SessionReport) -> dict[str, Any]:
    t = r.transcript
    return {
        "source": t.source,
        "session": t.session,
        "format": t.format,
        "role_confidence": round(t.role_confidence, 3),
        "warnings": list(t.warnings),
        "speakers": [{"name": s.name, "role": (s.role or Role.OTHER).value} for s in t.speakers],
        "turns": [_turn(ct) for ct in r.turns],
        "tips": _tips(r.tips),
        "stats": r.stats.to_dict(),
    }


def analysis_to_dict(a: Analysis) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "sessions": [session_to_dict(r) for r in a.sessions],
        "overall": {"tips": _tips(a.tips), "stats": a.stats.to_dict()},
    }


def dumps(a: Analysis, indent: int | None = 2) -> str:
    # ensure_ascii off: transcripts in any language stay readable in the file.
    return json.dumps(analysis_to_dict(a), indent=indent, ensure_ascii=False)


def write_json(a: Analysis, path: str | os.PathLike[str]) -> Path:
    """Write the JSON report atomically (see `write_atomic`)."""
    return write_atomic(path, dumps(a) + "\n")
