"""Plotly charts for the HTML report, as HTML fragments without plotly.js.

The page includes plotly.js once (see html.py); every fragment here only calls
it. The config keeps the chart offline: no "send to cloud" or Chart Studio
link, no MathJax, and no map traces, which are the only parts of plotly.js
that would fetch anything.
"""

from __future__ import annotations

import math
import textwrap
from html import escape

import plotly.graph_objects as go

from candor.model import CODE_LABELS, SELF_INVOLVING_CODES, SessionReport
from candor.report._common import CODE_COLOURS, clock, flag_label, shorten

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
SI_CODES = SELF_INVOLVING_CODES
# A shape per code as well as a colour, so codes stay apart in grey print and
# for readers who cannot tell the hues apart.
SYMBOLS = {
    "fact": "circle",
    "feeling": "diamond",
    "insight": "square",
    "strategy": "triangle-up",
    "immediacy": "pentagon",
    "vulnerability": "star",
}

CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showTips": False,
    "typesetMath": False,
    "scrollZoom": False,
    "responsive": True,
    "displayModeBar": "hover",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "candor-timeline", "scale": 2},
}


def _x_positions(r: SessionReport) -> dict[int, float]:
    """Minutes into the session when the transcript has times, else the turn number.

    A turn without a time (a reader may miss one) sits at the last time before it.
    """
    if not r.transcript.has_times:
        return {t.index: float(t.index) for t in r.transcript.turns}
    out, last = {}, 0.0
    for t in r.transcript.turns:
        last = t.start if t.start is not None else last
        out[t.index] = last / 60
    return out


def _hover(turn: int, start: float | None, code: str, flags: set[str], texts: list[str]) -> str:
    # Plotly reads hover text as a small HTML subset: the quote is escaped like
    # any other transcript text.
    head = f"<b>Turn {turn}</b>" + (f" · {clock(start)}" if start is not None else "")
    label = " · ".join([CODE_LABELS.get(code, code)] + [flag_label(f) for f in sorted(flags)])
    quotes = [
        "<br>".join(escape(line) for line in textwrap.wrap(f"“{shorten(t, 110)}”", 56)) for t in texts[:2]
    ]
    return "<br>".join([head, escape(label), *quotes])


def timeline_figure(r: SessionReport, anchor: str) -> go.Figure:
    """One marker per (turn, code) of the session's self-involving sentences.

    `anchor` prefixes turn ids in the page, so a click can jump to the turn.
    """
    xs = _x_positions(r)
    groups: dict[tuple[int, str], dict] = {}
    for f in r.findings:
        g = groups.setdefault((f.turn, f.code), {"start": f.start, "flags": set(), "texts": []})
        g["flags"].update(f.flags)
        g["texts"].append(f.text)
    fig = go.Figure()
    for code in SI_CODES:
        points = [(turn, g) for (turn, c), g in groups.items() if c == code]
        if not points:
            continue
        fig.add_trace(
            go.Scatter(
                x=[xs.get(turn, turn) for turn, _ in points],
                y=[CODE_LABELS[code]] * len(points),
                mode="markers",
                name=CODE_LABELS[code],
                marker={
                    "color": CODE_COLOURS[code],
                    "symbol": SYMBOLS[code],
                    "size": 18 if SYMBOLS[code] == "triangle-up" else 15,  # a triangle reads smaller
                    "line": {"color": "#ffffff", "width": 1.5},
                },
                hovertext=[_hover(turn, g["start"], code, g["flags"], g["texts"]) for turn, g in points],
                hoverinfo="text",
                customdata=[f"#{anchor}-t{turn}" for turn, _ in points],
            )
        )
    timed = r.transcript.has_times
    last = max(xs.values(), default=1.0)
    x_range = [0, max(1, math.ceil(last + 0.5))] if timed else [0.5, last + 0.5]
    fig.update_layout(
        template="none",
        height=250,
        margin={"l": 104, "r": 16, "t": 8, "b": 44},
        font={"family": FONT, "size": 13, "color": "#1f2328"},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        showlegend=False,
        hovermode="closest",
        hoverlabel={"bgcolor": "#ffffff", "font": {"family": FONT, "size": 13, "color": "#1f2328"}},
        xaxis={
            "title": {"text": "minutes into the session" if timed else "turn", "font": {"size": 12}},
            "range": x_range,
            "gridcolor": "#eaeef2",
            "zeroline": False,
            "linecolor": "#8c959f",
            "showline": True,
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [CODE_LABELS[c] for c in reversed(SI_CODES)],
            "range": [-0.6, len(SI_CODES) - 0.4],
            "fixedrange": True,
            "gridcolor": "#eaeef2",
            "zeroline": False,
        },
    )
    if not groups:
        fig.add_annotation(
            text="No self-involving moments in this session",
            x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
            font={"size": 14, "color": "#57606a"},
        )  # fmt: skip
    return fig


def timeline_html(r: SessionReport, anchor: str) -> str:
    return timeline_figure(r, anchor).to_html(
        full_html=False,
        include_plotlyjs=False,
        include_mathjax=False,
        config=CONFIG,
        div_id=f"{anchor}-timeline-chart",  # fixed ids keep the page byte-identical between runs
    )
