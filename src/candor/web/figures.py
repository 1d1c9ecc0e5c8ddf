"""Chart data for the web pages: plotly figures as plain JSON.

The CSP allows no inline script, so a page carries each figure in a
`<script type="application/json">` block (data, never run) and
/static/charts.js draws it with the locally served plotly.js. The session
timeline is the report package's own figure, built as plain data; the trend charts are here.
"""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from typing import Any, Sequence

import plotly.graph_objects as go

from candor.assess.settings import Settings
from candor.model import CODE_LABELS, TIP_TITLES, TIPS, SessionReport, Status
from candor.report import charts
from candor.report._common import CODE_COLOURS, STATUS_WORDS, percent

STATUS_STYLE = {  # colour and shape: a status reads without colour too
    "ok": ("#1a7f37", "circle"),
    "attention": ("#bf8700", "diamond"),
    "risk": ("#cf222e", "x"),
    "not_applicable": ("#8c959f", "circle-open"),
}


def _plain(fig: go.Figure) -> dict[str, Any]:
    """The figure as JSON-ready dicts and lists (plotly's own encoder handles numpy and dates)."""
    out = json.loads(fig.to_json())
    out["config"] = charts.CONFIG
    return out


def timeline(r: SessionReport, anchor: str) -> dict[str, Any]:
    """The report's session timeline (`charts.timeline_figure`), built as plain data.

    Building it through plotly's figure objects validates every property and
    took 13 of a report page's 20 ms; this builds the same figure from the
    report's own pieces (positions, hover text, symbols, colours, config), and
    tests/web/test_figures.py proves the two identical.
    """
    xs = charts._x_positions(r)
    groups: dict[tuple[int, str], dict[str, Any]] = {}
    for f in r.findings:
        g = groups.setdefault((f.turn, f.code), {"start": f.start, "flags": set(), "texts": []})
        g["flags"].update(f.flags)
        g["texts"].append(f.text)
    data = []
    for code in charts.SI_CODES:
        points = [(turn, g) for (turn, c), g in groups.items() if c == code]
        if not points:
            continue
        data.append({
            "type": "scatter",
            "x": [xs.get(turn, turn) for turn, _ in points],
            "y": [CODE_LABELS[code]] * len(points),
            "mode": "markers",
            "name": CODE_LABELS[code],
            "marker": {
                "color": CODE_COLOURS[code],
                "symbol": charts.SYMBOLS[code],
                "size": 18 if charts.SYMBOLS[code] == "triangle-up" else 15,  # a triangle reads smaller
                "line": {"color": "#ffffff", "width": 1.5},
            },
            "hovertext": [charts._hover(turn, g["start"], code, g["flags"], g["texts"]) for turn, g in points],
            "hoverinfo": "text",
            "customdata": [f"#{anchor}-t{turn}" for turn, _ in points],
        })  # fmt: skip
    timed = r.transcript.has_times
    last = max(xs.values(), default=1.0)
    font = {"family": charts.FONT, "size": 13, "color": "#1f2328"}
    layout: dict[str, Any] = {
        "template": {"data": {"scatter": [{"type": "scatter"}]}},  # plotly's "none" template, as it serialises
        "height": 250,
        "margin": {"l": 104, "r": 16, "t": 8, "b": 44},
        "font": font,
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "#ffffff", "font": font},
        "xaxis": {
            "title": {"text": "minutes into the session" if timed else "turn", "font": {"size": 12}},
            "range": [0, max(1, math.ceil(last + 0.5))] if timed else [0.5, last + 0.5],
            "gridcolor": "#eaeef2",
            "zeroline": False,
            "linecolor": "#8c959f",
            "showline": True,
        },
        "yaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [CODE_LABELS[c] for c in reversed(charts.SI_CODES)],
            "range": [-0.6, len(charts.SI_CODES) - 0.4],
            "fixedrange": True,
            "gridcolor": "#eaeef2",
            "zeroline": False,
        },
    }
    if not groups:
        layout["annotations"] = [{
            "text": "No self-involving moments in this session", "x": 0.5, "y": 0.5, "xref": "paper",
            "yref": "paper", "showarrow": False, "font": {"size": 14, "color": "#57606a"},
        }]  # fmt: skip
    return {"data": data, "layout": layout, "config": charts.CONFIG}


def _date_range(points: Sequence[dict[str, Any]]) -> list[str]:
    """The dates with room either side; one session (or one day) would otherwise zoom to milliseconds."""
    days = sorted(date.fromisoformat(p["date"]) for p in points)
    pad = max(timedelta(days=4), (days[-1] - days[0]) / 12)
    return [(days[0] - pad).isoformat(), (days[-1] + pad).isoformat()]


def _layout(fig: go.Figure, height: int, ytitle: str, points: Sequence[dict[str, Any]]) -> None:
    fig.update_layout(
        template="none",
        height=height,
        margin={"l": 236, "r": 16, "t": 10, "b": 44},
        font={"family": charts.FONT, "size": 13, "color": "#1f2328"},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hovermode="closest",
        hoverlabel={"bgcolor": "#ffffff", "font": {"family": charts.FONT, "size": 13, "color": "#1f2328"}},
        legend={"orientation": "h", "y": -0.25},
        xaxis={"title": {"text": "session date", "font": {"size": 12}}, "gridcolor": "#eaeef2", "type": "date",
               "range": _date_range(points), "tickformat": "%-d %b %Y"},
        yaxis={"title": {"text": ytitle, "font": {"size": 12}}, "gridcolor": "#eaeef2", "zeroline": False},
    )


def share_over_time(points: Sequence[dict[str, Any]], settings: Settings) -> dict[str, Any]:
    """Self-involving share per session (points: date, share, label), the reference band shaded."""
    fig = go.Figure()
    fig.add_hrect(
        y0=settings.band_low * 100,
        y1=settings.band_high * 100,
        fillcolor="#1a7f37",
        opacity=0.12,
        line_width=0,
        layer="below",
    )
    fig.add_trace(
        go.Scatter(
            x=[p["date"] for p in points],
            y=[round(p["share"] * 100, 1) for p in points],
            mode="lines+markers",
            name="self-involving share",
            line={"color": "#0072B2", "width": 2},
            marker={"size": 10, "color": "#0072B2"},
            hovertext=[f"{p['label']}<br>{percent(p['share'])} of therapist turns" for p in points],
            hoverinfo="text",
            showlegend=False,
        )
    )
    top = max([p["share"] * 100 for p in points] + [settings.band_high * 100]) * 1.15
    _layout(fig, 300, "% of therapist turns", points)
    top = max(5.0, top)
    # A little below 0, so the 0% label clears the first date label.
    fig.update_layout(margin={"l": 64}, yaxis={"range": [-top * 0.05, top], "ticksuffix": "%"})
    fig.add_annotation(
        text=f"reference band {percent(settings.band_low)}–{percent(settings.band_high)}",
        xref="paper", x=1, y=settings.band_high * 100, yanchor="bottom", xanchor="right",
        showarrow=False, font={"size": 12, "color": "#116329"},
    )  # fmt: skip
    return _plain(fig)


def tips_over_time(points: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Each tip's status per session (points: date, statuses, label): one row per tip."""
    fig = go.Figure()
    for status in Status:
        colour, symbol = STATUS_STYLE[status.value]
        xs, ys, hover = [], [], []
        for p in points:
            for tip in TIPS:
                if p["statuses"].get(tip) == status.value:
                    xs.append(p["date"])
                    ys.append(TIP_TITLES[tip])
                    hover.append(f"{p['label']}<br>{TIP_TITLES[tip]}: {STATUS_WORDS[status]}")
        if xs:
            fig.add_trace(
                go.Scatter(
                    x=xs, y=ys, mode="markers", name=STATUS_WORDS[status], hovertext=hover, hoverinfo="text",
                    marker={"color": colour, "symbol": symbol, "size": 14, "line": {"color": colour, "width": 2}},
                )
            )  # fmt: skip
    _layout(fig, 280, "", points)
    fig.update_layout(
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [TIP_TITLES[t] for t in reversed(TIPS)],
            "range": [-0.6, len(TIPS) - 0.4],
            "fixedrange": True,
        }
    )
    return _plain(fig)
