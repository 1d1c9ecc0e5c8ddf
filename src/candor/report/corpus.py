"""The corpus report (`summary.html` of a batch run): one self-contained page.

It takes the batch `sessions` and `errors` tables as DataFrames and returns
the page as a string; writing it is the caller's job. Like the single-session
report it works offline (plotly.js inlined once, the same CSP), prints, and
says every number in text as well as in a chart. The tables hold no
transcript text and the page never shows any: only counts, therapist names
and file names, all escaped. Its size does not grow with the corpus: charts
get bins and counts (corpus_data), tables are capped.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from candor.assess.settings import DEFAULT, Settings
from candor.model import CODE_LABELS, FLAGS, TIP_TITLES, TIPS, Status
from candor.report import corpus_charts as charts
from candor.report import corpus_html as ui
from candor.report._common import STATUS_SYMBOLS, STATUS_WORDS, flag_label, shorten
from candor.report.corpus_charts import TOP_THERAPISTS
from candor.report.corpus_data import MOMENT_BINS, SI_CODES, STATUSES, Corpus, pct, summarise

TABLE_ROWS = 200  # therapists and errors listed in full up to this many; the rest are counted
FLAG_MEANINGS = {
    "same_boat": "claims the same experience or complete understanding",
    "shared_humanity": "normalises through what all minds share",
    "unprofessional": "leaves the professional frame",
    "returns_focus": "turns back to the client after the self-involving sentence",
}
ERROR_HEAD = ["Source", "Session", "Kind", "Reason"]
ERROR_KINDS = {
    "unreadable": "the file could not be read as a transcript",
    "roles": "Candor could not tell who the therapist is",
    "internal": "Candor failed on it (a bug: please report it)",
}


def render_corpus_html(
    sessions: pd.DataFrame,
    errors: pd.DataFrame,
    settings: Settings = DEFAULT,
    title: str = "Candor corpus report",
    run: dict[str, Any] | None = None,
) -> str:
    c = summarise(sessions, errors, settings, limit=TABLE_ROWS)
    parts = [_head(title, c), _glance(c)]
    if c.headline.sessions:
        parts += [_shares(c, settings), _therapists(c, settings), _tips(c), _codes(c), _moments(c)]
    else:
        parts.append(
            '<section class="block" id="no-sessions"><h2>No sessions to summarise</h2>'
            '<p class="plain-message">None of the inputs gave a session Candor could read, so there is nothing '
            "to chart. The inputs that could not be read are listed below with the reason.</p></section>"
        )
    parts.append(_errors(c))
    if run:
        parts.append(f'<section class="block" id="run"><h2>About this run</h2>{ui.run_facts(run)}</section>')
    return ui.page(title, "\n".join(parts), with_charts=c.headline.sessions > 0)


# --- sections -------------------------------------------------------------------


def _head(title: str, c: Corpus) -> str:
    h = c.headline
    sub = (f"{ui.plural(h.sessions, 'session')} from {ui.plural(h.sources, 'file')} · "
           f"{ui.plural(h.therapists, 'therapist')}")  # fmt: skip
    links = [("glance", "At a glance")]
    if h.sessions:
        links += [("shares", "Share per session"), ("therapists", "Per therapist"), ("tips", "Tips"),
                  ("codes", "Codes and flags"), ("moments", "Moments per session")]  # fmt: skip
    links.append(("errors", "Not read"))
    toc = "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in links)
    return (
        f'<header class="page-head"><h1>{escape(title)}</h1><p class="sub">{escape(sub)}</p>'
        f'<nav aria-label="Sections"><ul class="toc">{toc}</ul></nav></header>'
    )


def _glance(c: Corpus) -> str:
    h = c.headline
    median = pct(h.median_share) if h.median_share is not None else "–"
    facts = ui.facts([
        ("Sessions", ui.count(h.sessions)),
        ("Therapists", ui.count(h.therapists)),
        ("Therapist turns", ui.count(h.therapist_turns)),
        ("Therapist sentences", ui.count(h.therapist_sentences)),
        ("Self-involving sentences", ui.count(h.self_involving_sentences)),
        ("Turns with a self-involving statement",
         f"{ui.count(h.self_involving_turns)} ({pct(h.self_involving_turns / h.therapist_turns)} of therapist turns)"
         if h.therapist_turns else ui.count(h.self_involving_turns)),
        ("Median self-involving share per session", median),
        ("Inputs that could not be read", ui.count(h.errors)),
    ])  # fmt: skip
    notes = []
    if h.guessed_roles:
        notes.append(f"In {ui.plural(h.guessed_roles, 'session')} Candor was less than sure which speaker is "
                     "the therapist.")  # fmt: skip
    if h.no_therapist:
        notes.append(f"In {ui.plural(h.no_therapist, 'session')} no speaker was identified as the therapist.")
    if h.with_warnings:
        notes.append(f"{ui.plural(h.with_warnings, 'session')} came with a reader's warning (see the warnings column).")
    notice = '<div class="notice">' + "".join(f"<p>{escape(n)}</p>" for n in notes) + "</div>" if notes else ""
    return ui.section("glance", "At a glance", facts + notice)


def _shares(c: Corpus, settings: Settings) -> str:
    b = c.shares
    short = (
        f"<p>{ui.plural(b.too_short, 'session')} with fewer than {settings.min_therapist_turns} therapist turns "
        f"{'is' if b.too_short == 1 else 'are'} left out: too little talk to judge a share (the balance tip marks "
        f"{'it' if b.too_short == 1 else 'them'} {STATUS_WORDS[Status.NOT_APPLICABLE]}).</p>"
        if b.too_short else ""
    )  # fmt: skip
    if not b.judged:
        return ui.section("shares", "Self-involving share per session",
                          f'<p class="plain-message">No session has {settings.min_therapist_turns} or more therapist '
                          f"turns, so no share is shown.</p>{short}")  # fmt: skip
    rows = [
        ["No self-involving turn (0%)", ui.of(b.zero, b.judged)],
        [f"Within the band (over 0%, up to {pct(settings.band_high)})", ui.of(b.in_band - b.zero, b.judged)],
        [f"{STATUS_SYMBOLS[Status.ATTENTION]} {STATUS_WORDS[Status.ATTENTION]}: above the band (over "
         f"{pct(settings.band_high)}, up to {pct(settings.band_risk)})", ui.of(b.attention, b.judged)],
        [f"{STATUS_SYMBOLS[Status.RISK]} {STATUS_WORDS[Status.RISK]}: over {pct(settings.band_risk)}",
         ui.of(b.risk, b.judged)],
    ]  # fmt: skip
    text = (
        f"<p>Each bar counts sessions by the share of their therapist turns that hold at least one self-involving "
        f"sentence; the grey bar left of 0% is sessions with none. {escape(ui.band_sentence(settings))}</p>"
        f"<p>Across {ui.plural(b.judged, 'session')}: median share {pct(b.median)}, 90th percentile {pct(b.p90)}, "
        f"highest {pct(b.highest)}.</p>{short}"
    )
    table = ui.table("zones", ["Sessions", "Number (share)"], [[escape(a), escape(n)] for a, n in rows])
    return ui.section("shares", "Self-involving share per session",
                      ui.chart(charts.share_figure(b, settings), "shares-chart", "candor-share-per-session")
                      + text + table)  # fmt: skip


def _therapists(c: Corpus, settings: Settings) -> str:
    t = c.therapists
    if not t.total:
        return ui.section("therapists", "Per therapist",
                          '<p class="plain-message">No session has an identified therapist.</p>')  # fmt: skip
    drawn = [r for r in t.rows if r.share is not None][:TOP_THERAPISTS]
    if drawn:
        which = (f"the {TOP_THERAPISTS} with the most sessions (of {ui.count(t.total)} therapists)"
                 if len(drawn) == TOP_THERAPISTS and t.total > TOP_THERAPISTS else "every therapist")  # fmt: skip
        chart = ui.chart(charts.therapist_figure(t.rows, settings), "therapists-chart", "candor-share-per-therapist")
        intro = (
            f"<p>Each bar is one therapist's self-involving turns as a share of all their therapist turns, across "
            f"their sessions; the chart shows {which}. Therapists with fewer than "
            f"{settings.min_therapist_turns} therapist turns in all are not drawn. "
            f"{escape(ui.band_sentence(settings))}</p>"
        )
    else:
        chart, intro = "", (f'<p class="plain-message">No therapist has {settings.min_therapist_turns} or more '
                            "therapist turns, so no share is drawn.</p>")  # fmt: skip
    notes = ["Therapists are grouped by the name in the transcripts: a generic label such as “Therapist” "
             "puts different people together."]  # fmt: skip
    if t.absent:
        notes.append(f"{ui.plural(t.absent, 'therapist')} with {settings.absence_sessions} or more sessions "
                     f"{'has' if t.absent == 1 else 'have'} no self-involving statement at all. One session without "
                     "any is normal; none over many may leave the client meeting a role rather than a person "
                     "(a reflective prompt, not a fault).")  # fmt: skip
    if t.unnamed_sessions:
        notes.append(f"{ui.plural(t.unnamed_sessions, 'session')} without an identified therapist "
                     f"{'is' if t.unnamed_sessions == 1 else 'are'} not counted here.")  # fmt: skip
    if t.total > len(t.rows):
        notes.append(f"The table lists the {ui.count(len(t.rows))} therapists with the most sessions; "
                     f"{ui.count(t.total - len(t.rows))} more are left off (the sessions table has them all).")  # fmt: skip
    head = ["Therapist", "Sessions", "Therapist turns", "Self-involving turns", "Share",
            *[escape(TIP_TITLES[k]) for k in TIPS]]  # fmt: skip
    rows = [
        [escape(r.name), ui.count(r.sessions), ui.count(r.therapist_turns), ui.count(r.self_involving_turns),
         pct(r.share) if r.share is not None else "–", *[ui.status_counts(r.tips[k]) for k in TIPS]]
        for r in t.rows
    ]  # fmt: skip
    legend = ("<p class=\"chart-note\">Tip columns count the therapist's sessions by status: "
              + ", ".join(escape(f"{STATUS_SYMBOLS[s]} {STATUS_WORDS[s]}") for s in Status) + ".</p>")  # fmt: skip
    table = ui.table("therapist-table", head, rows, numeric=range(1, 5))
    body = chart + intro + "".join(f"<p>{escape(n)}</p>" for n in notes) + legend
    return ui.section("therapists", "Per therapist", body + f'<div class="table-scroll">{table}</div>')


def _tips(c: Corpus) -> str:
    head = ["Tip", *[escape(f"{STATUS_SYMBOLS[s]} {STATUS_WORDS[s]}") for s in Status]]
    rows = [[escape(TIP_TITLES[k]), *[ui.of(c.tips[k][s], c.headline.sessions) for s in STATUSES]] for k in TIPS]
    text = ("<p>How many sessions each of the four tips found OK, worth attention, at risk, or could not judge "
            "(not applicable: nothing in the session the tip applies to).</p>")  # fmt: skip
    return ui.section("tips", "Tip statuses",
                      ui.chart(charts.tips_figure(c.tips), "tips-chart", "candor-tip-statuses") + text
                      + ui.table("tip-table", head, rows))  # fmt: skip


def _codes(c: Corpus) -> str:
    h, n = c.headline, ui.count
    code_rows = [[f'<span class="label code code-{k}">{CODE_LABELS[k]}</span>', n(c.codes[k][0]), n(c.codes[k][1])]
                 for k in SI_CODES]  # fmt: skip
    flag_rows = [[f'<span class="label flag">{escape(flag_label(f))}</span> '
                  f'<span class="muted">{escape(FLAG_MEANINGS[f])}</span>', n(c.flags[f][0]), n(c.flags[f][1])]
                 for f in FLAGS]  # fmt: skip
    head = ["Sentences", "Sessions with any"]
    proper = sum(c.codes[k][0] for k in ("fact", "feeling", "insight", "strategy"))
    text = (
        f"<p>Self-involving sentences by code: {n(h.self_involving_sentences)} of {n(h.therapist_sentences)} "
        f"therapist sentences, {n(proper)} of them disclosure proper (fact, feeling, insight, strategy). The other "
        f"{n(h.therapist_sentences - h.self_involving_sentences)} reveal nothing personal (code none) and are not "
        "drawn.</p>"
    )
    codes = _chart_or_message(charts.codes_figure(c.codes), "codes-chart", "candor-codes",
                              any(v[0] for v in c.codes.values()), "No self-involving sentence in these sessions.")
    flags = _chart_or_message(charts.flags_figure(c.flags), "flags-chart", "candor-flags",
                              any(v[0] for v in c.flags.values()), "No flagged sentence in these sessions.")
    body = (
        f'<div class="pair"><div><h3>Codes</h3>{codes}</div><div><h3>Flags</h3>{flags}</div></div>'
        f'{text}{ui.table("code-table", ["Code", *head], code_rows)}'
        "<p>Flags mark sentences on top of their code; a sentence can carry several.</p>"
        f'{ui.table("flag-table", ["Flag", *head], flag_rows)}'
    )
    return ui.section("codes", "Codes and flags", body)


def _chart_or_message(fig, div_id: str, filename: str, drawn: bool, message: str) -> str:
    return ui.chart(fig, div_id, filename) if drawn else f'<p class="plain-message">{escape(message)}</p>'


def _moments(c: Corpus) -> str:
    m, total = c.moments, c.headline.sessions
    groups = [("none", m[0]), ("1", m[1]), ("2", m[2]), ("3 to 5", sum(m[3:6])), ("6 or more", sum(m[6:]))]
    most = max([k for k, n in enumerate(m) if n] + [0])
    most_text = f"{MOMENT_BINS} or more" if most == MOMENT_BINS else ui.count(most)
    text = (
        "<p>Sessions by how many of their therapist turns hold a self-involving statement: "
        + ", ".join(f"{label} in {ui.of(n, total)}" for label, n in groups)
        + f". The most in one session: {most_text}.</p>"
    )
    return ui.section("moments", "Moments per session",
                      ui.chart(charts.moments_figure(m), "moments-chart", "candor-moments-per-session") + text)  # fmt: skip


def _errors(c: Corpus) -> str:
    n = c.headline.errors
    if not n:
        return ui.section("errors", "Inputs that could not be read", "<p>Every input was read.</p>")
    kinds = ", ".join(f"{escape(k)} {ui.count(v)}" for k, v in c.error_kinds.items())
    meaning = "".join(
        f"<li><strong>{escape(k)}</strong>: {escape(ERROR_KINDS[k])}</li>" for k in c.error_kinds if k in ERROR_KINDS
    )
    rows = [[escape(src), escape(ses) or "–", escape(kind), escape(shorten(reason, 300))]
            for src, ses, kind, reason in c.errors]  # fmt: skip
    capped = (f"<p>Showing the first {ui.count(len(c.errors))} of {ui.count(n)}; the errors table has them all.</p>"
              if n > len(c.errors) else "")  # fmt: skip
    body = (
        f"<p>{ui.plural(n, 'input')} (a file, or one session inside a file) could not be read and "
        f"{'is' if n == 1 else 'are'} left out of everything above. By kind: {kinds}.</p>"
        f'<ul class="kinds">{meaning}</ul>{capped}'
        f'<div class="table-scroll">{ui.table("error-table", ERROR_HEAD, rows, numeric=range(0))}</div>'
    )
    return ui.section("errors", "Inputs that could not be read", body)
