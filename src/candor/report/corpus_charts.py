"""Plotly charts for the corpus report, built from aggregates only.

Each figure gets bins and counts from corpus_data, never one point per
session, so its size is fixed however large the corpus. Fragments carry no
plotly.js (the page includes it once) and use fixed div ids, so the same
tables give the same bytes. Names and file names reach plotly's text, which
reads a small HTML subset, so they are escaped like everywhere else.
"""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from candor.assess.settings import Settings
from candor.model import CODE_LABELS, FLAGS, TIP_TITLES, TIPS, Status
from candor.report._common import CODE_COLOURS, STATUS_WORDS, flag_label, shorten
from candor.report.charts import CONFIG, FONT
from candor.report.corpus_data import SI_CODES, STATUSES, ShareBins, TherapistRow, pct

INK, MUTED, GRID = "#1f2328", "#57606a", "#eaeef2"
BAR = "#0072B2"
NONE_BAR = "#8C8C8C"
# Status colours as in report.css, and a fill pattern each, so they part in grey print too.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "ok": ("#1a7f37", ""),
    "attention": ("#bf8700", "/"),
    "risk": ("#cf222e", "x"),
    "not_applicable": ("#b5bcc4", "."),
}
ZONES = {"band": "#1a7f37", "attention": "#bf8700", "risk": "#cf222e"}
TOP_THERAPISTS = 30


def _layout(fig: go.Figure, height: int, **extra) -> None:
    fig.update_layout(**{
        "template": "none",
        "height": height,
        "margin": {"l": 72, "r": 20, "t": 12, "b": 48},
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "showlegend": False,
        "hovermode": "closest",
        "hoverlabel": {"bgcolor": "#ffffff", "font": {"family": FONT, "size": 13, "color": INK}},
        **extra,
    })  # fmt: skip


def _axis(title: str, **extra) -> dict:
    return {"title": {"text": title, "font": {"size": 12}}, "gridcolor": GRID, "zeroline": False,
            "linecolor": "#8c959f", "showline": True, "fixedrange": True, **extra}  # fmt: skip


def _counts_axis(title: str, most: int) -> dict:
    """Whole numbers only: no 0.5 sessions on the scale when the counts are small."""
    extra = {"dtick": 1} if most <= 5 else {}
    return _axis(title, rangemode="tozero", tickformat=",d", **extra)


def _band(fig: go.Figure, settings: Settings, start: float, end: float) -> None:
    """The reference band, then attention and risk, shaded along the x axis (percent)."""
    zones = [
        ("band", start, settings.band_high * 100, f"reference band (up to {pct(settings.band_high)})"),
        ("attention", settings.band_high * 100, settings.band_risk * 100, "attention"),
        ("risk", settings.band_risk * 100, end, "risk"),
    ]
    for zone, x0, x1, label in zones:
        if x1 <= x0:
            continue
        fig.add_vrect(x0=x0, x1=x1, fillcolor=ZONES[zone], opacity=0.1, line_width=0, layer="below")
        fig.add_annotation(
            text=label, x=(x0 + x1) / 2, y=1, xref="x", yref="paper", yanchor="bottom", showarrow=False,
            font={"size": 12, "color": ZONES[zone]},
        )  # fmt: skip


def share_figure(bins: ShareBins, settings: Settings) -> go.Figure:
    w = bins.width
    edges = [(k * w, (k + 1) * w) for k in range(len(bins.counts))]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        x=[-w / 2], y=[bins.zero], width=[w], marker={"color": NONE_BAR, "line": {"color": "#fff", "width": 1}},
        hovertext=[f"0% (no self-involving turn): {bins.zero:,} sessions"], hoverinfo="text",
    ))  # fmt: skip
    fig.add_trace(go.Bar(
        x=[(a + b) / 2 for a, b in edges], y=list(bins.counts), width=w,
        marker={"color": BAR, "line": {"color": "#fff", "width": 1}},
        hovertext=[f"over {a}% up to {b}%: {n:,} sessions" for (a, b), n in zip(edges, bins.counts)],
        hoverinfo="text",
    ))  # fmt: skip
    end = len(bins.counts) * w
    _band(fig, settings, -w if settings.band_low <= 0 else settings.band_low * 100, end)
    _layout(fig, 320, bargap=0, margin={"l": 72, "r": 20, "t": 30, "b": 48},
            xaxis=_axis("self-involving share of therapist turns, per session", range=[-w, end], ticksuffix="%"),
            yaxis=_counts_axis("sessions", max([bins.zero, *bins.counts])))  # fmt: skip
    return fig


def therapist_figure(rows: tuple[TherapistRow, ...], settings: Settings) -> go.Figure:
    """Therapist-level share (their self-involving turns / their therapist turns), most sessions at the top."""
    shown = [r for r in rows if r.share is not None][:TOP_THERAPISTS]
    ys = list(range(len(shown)))
    fig = go.Figure(go.Bar(
        x=[round(r.share * 100, 2) for r in shown], y=ys, orientation="h", marker={"color": BAR},
        text=[f"{pct(r.share)} · {r.sessions:,} sessions" for r in shown], textposition="outside", cliponaxis=False,
        hovertext=[f"{escape(r.name)}<br>{r.self_involving_turns:,} of {r.therapist_turns:,} therapist turns "
                   f"({pct(r.share)}) in {r.sessions:,} sessions" for r in shown],
        hoverinfo="text",
    ))  # fmt: skip
    end = min(105.0, max([r.share * 100 for r in shown] + [settings.band_risk * 100]) * 1.25)
    _band(fig, settings, settings.band_low * 100, end)
    _layout(fig, 70 + 26 * max(len(shown), 3), bargap=0.25, margin={"l": 180, "r": 20, "t": 30, "b": 48},
            xaxis=_axis("self-involving share of therapist turns, across the therapist's sessions",
                        range=[0, end], ticksuffix="%"),
            yaxis=_axis("", tickvals=ys, ticktext=[escape(shorten(r.name, 26)) for r in shown],
                        range=[len(shown) - 0.5, -0.5], showgrid=False))  # fmt: skip
    return fig


def tips_figure(tips: dict[str, dict[str, int]]) -> go.Figure:
    fig = go.Figure()
    titles = [TIP_TITLES[t] for t in TIPS]
    for status in STATUSES:
        colour, pattern = STATUS_STYLE[status]
        counts = [tips[t][status] for t in TIPS]
        word = STATUS_WORDS[Status(status)]
        fig.add_trace(go.Bar(
            x=counts, y=titles, orientation="h", name=word,
            marker={"color": colour, "pattern": {"shape": pattern, "fillmode": "overlay", "fgcolor": "#ffffff",
                                                  "solidity": 0.3},
                    "line": {"color": "#ffffff", "width": 1}},
            text=[f"{n:,}" if n else "" for n in counts], textposition="inside", insidetextanchor="middle",
            hovertext=[f"{title}: {n:,} sessions {word}" for title, n in zip(titles, counts)], hoverinfo="text",
        ))  # fmt: skip
    _layout(fig, 280, barmode="stack", showlegend=True, margin={"l": 230, "r": 20, "t": 12, "b": 48},
            legend={"orientation": "h", "y": -0.22, "x": 0, "traceorder": "normal"},
            xaxis=_counts_axis("sessions", max(sum(tips[t].values()) for t in TIPS)),
            yaxis=_axis("", categoryorder="array", categoryarray=list(reversed(titles)), showgrid=False))  # fmt: skip
    return fig


def _count_bars(labels: list[str], counts: list[int], colours: list[str], what: str) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=counts, y=labels, orientation="h", marker={"color": colours}, text=[f"{n:,}" for n in counts],
        textposition="outside", cliponaxis=False, hovertext=[f"{lab}: {n:,} {what}" for lab, n in zip(labels, counts)],
        hoverinfo="text",
    ))  # fmt: skip
    _layout(fig, 70 + 34 * len(labels), margin={"l": 120, "r": 40, "t": 12, "b": 48},
            xaxis=_counts_axis(what, max(counts)),
            yaxis=_axis("", categoryorder="array", categoryarray=list(reversed(labels)), showgrid=False))  # fmt: skip
    return fig


def codes_figure(codes: dict[str, tuple[int, int]]) -> go.Figure:
    return _count_bars([CODE_LABELS[c] for c in SI_CODES], [codes[c][0] for c in SI_CODES],
                       [CODE_COLOURS[c] for c in SI_CODES], "sentences")  # fmt: skip


def flags_figure(flags: dict[str, tuple[int, int]]) -> go.Figure:
    return _count_bars([flag_label(f) for f in FLAGS], [flags[f][0] for f in FLAGS], ["#3d4f63"] * len(FLAGS),
                       "sentences")  # fmt: skip


def moments_figure(moments: tuple[int, ...]) -> go.Figure:
    """Sessions by their number of self-involving turns; empty bins past the largest number are left off."""
    cap = len(moments) - 1
    used = max([k for k, n in enumerate(moments) if n] + [0])
    moments = moments[: max(used, 5) + 1]
    last = len(moments) - 1
    labels = [str(k) for k in range(len(moments))]
    if last == cap:
        labels[-1] = f"{cap}+"
    fig = go.Figure(go.Bar(
        x=labels, y=list(moments), marker={"color": [NONE_BAR] + [BAR] * last},
        hovertext=[f"{lab} self-involving turns: {n:,} sessions" for lab, n in zip(labels, moments)],
        hoverinfo="text",
    ))  # fmt: skip
    _layout(fig, 280, bargap=0.15,
            xaxis=_axis("self-involving turns in the session", type="category"),
            yaxis=_counts_axis("sessions", max(moments)))  # fmt: skip
    return fig


def to_html(fig: go.Figure, div_id: str, filename: str) -> str:
    config = {**CONFIG, "toImageButtonOptions": {**CONFIG["toImageButtonOptions"], "filename": filename}}
    return fig.to_html(
        full_html=False, include_plotlyjs=False, include_mathjax=False, config=config,
        div_id=div_id,  # fixed ids keep the page byte-identical between runs
    )  # fmt: skip
