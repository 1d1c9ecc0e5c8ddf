"""The web's charts: the session timeline is the HTML report's figure, and a stored report reads back whole."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

import candor
from candor.report import charts
from candor.report.json import session_to_dict
from candor.web import figures
from candor.web.rebuild import report_from_dict
from tests.web.conftest import SAMPLES


def reports():
    example = candor.analyze(candor.example())
    untimed = candor.analyze(candor.read(SAMPLES / "text" / "numbered.txt"))
    quiet = candor.analyze(candor.read(SAMPLES / "text" / "named.txt", therapist="Ellen Hart"))
    no_times = replace(example.transcript, turns=tuple(replace(t, start=None, end=None) for t in example.transcript.turns))
    return [example, untimed, quiet, candor.analyze(no_times)]


@pytest.mark.parametrize("report", reports(), ids=["example", "untimed", "no moments", "times removed"])
def test_the_web_timeline_is_the_reports_figure(report):
    from_plotly = json.loads(charts.timeline_figure(report, "s1").to_json())
    ours = figures.timeline(report, "s1")
    assert ours["config"] == charts.CONFIG
    assert {"data": ours["data"], "layout": ours["layout"]} == from_plotly


@pytest.mark.parametrize("report", reports(), ids=["example", "untimed", "no moments", "times removed"])
def test_a_stored_report_rebuilds_to_the_same_json(report):
    stored = json.loads(json.dumps(session_to_dict(report)))
    assert session_to_dict(report_from_dict(stored)) == stored
