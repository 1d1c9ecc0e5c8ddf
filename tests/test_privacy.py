"""Transcripts are health information: reading, analysing and rendering never touch the network."""

from __future__ import annotations

import io

from rich.console import Console

import candor
from candor.report import render_terminal, to_csv_string


def _render_everything(analysis):
    analysis.to_html()
    analysis.to_json()
    to_csv_string(analysis)
    render_terminal(analysis, Console(file=io.StringIO(), width=100))


def test_example_pipeline_makes_no_network_request(no_network):
    _render_everything(candor.analyze_all([candor.example()]))


def test_real_files_of_every_format_make_no_network_request(no_network, shared_data):
    files = [
        shared_data / "annomi" / "AnnoMI-simple.csv",
        shared_data / "rogers" / "raw_transcripts.txt",
        *sorted((shared_data / "formats").glob("*/*.vtt")),
        *sorted((shared_data / "formats").glob("*/*.srt")),
        *sorted((shared_data / "formats").glob("*/*.docx")),
        *sorted((shared_data / "formats").glob("whisperx_json/*.json")),
    ]
    read = 0
    for f in files:
        try:
            transcripts = candor.read_all(f)
        except candor.InputError:
            continue  # a file this test cannot use (one speaker, say) is the readers' tests' business
        _render_everything(candor.analyze_all(transcripts[:5]))
        read += 1
    assert read >= 6


def test_the_network_guard_itself_works(no_network):
    import socket

    import pytest

    with pytest.raises(AssertionError):
        socket.create_connection(("127.0.0.1", 9))
