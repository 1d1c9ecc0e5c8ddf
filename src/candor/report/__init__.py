"""Renderers: they show an `Analysis`, they never compute findings or statuses."""

from candor.report.csv import to_csv_string, write_csv
from candor.report.html import render_html, write_html
from candor.report.json import analysis_to_dict, dumps, session_to_dict, write_json
from candor.report.terminal import render_terminal

__all__ = [
    "analysis_to_dict",
    "dumps",
    "render_html",
    "render_terminal",
    "session_to_dict",
    "to_csv_string",
    "write_csv",
    "write_html",
    "write_json",
]
