"""The transcript part of the HTML report: every turn, its labels, and the filter bar.

All transcript text is untrusted and goes through `escape`. Each turn carries
the classes the filter bar matches on (`is-si`, `has-<code>`,
`has-flag-<flag>`), so the inline script needs no data of its own.
"""

from __future__ import annotations

from html import escape

from candor.model import CODE_LABELS, CODES, FLAGS, CodedTurn, Role, Sentence, SessionReport
from candor.report._common import clock, flag_label


def _turn_classes(ct: CodedTurn) -> str:
    classes = ["turn", f"role-{ct.role.value}"]
    if ct.self_involving:
        classes.append("is-si")
    classes += [f"has-{c}" for c in ct.codes]
    classes += [f"has-flag-{f}" for f in ct.flags]
    return escape(" ".join(classes))  # codes are ours, but an attribute is no place to trust that


def _sentence(s: Sentence) -> str:
    if not s.self_involving:
        return escape(s.text)
    code = CODE_LABELS.get(s.code, s.code)
    css = escape(s.code)
    labels = f'<span class="label code code-{css}">{escape(code)}</span>' + "".join(
        f'<span class="label flag">{escape(flag_label(f))}</span>' for f in s.flags
    )
    title = escape(f"{code}, confidence {s.confidence:.2f}")
    return f'<mark class="si code-{css}" title="{title}">{escape(s.text)}</mark>{labels}'


def _turn(ct: CodedTurn, role_name: str, anchor: str) -> str:
    t = ct.turn
    tid = f"{anchor}-t{t.index}"
    if ct.role is Role.THERAPIST and ct.sentences:
        body = " ".join(_sentence(s) for s in ct.sentences)
    else:
        body = escape(t.text)
    time = f'<span class="time">{clock(t.start)}</span>' if t.start is not None else ""
    return (
        f'<li class="{_turn_classes(ct)}" id="{tid}">'
        f'<div class="turn-meta"><a class="turn-no" href="#{tid}" aria-label="Turn {t.index}">{t.index}</a>{time}</div>'
        f'<div><div class="who">{escape(t.speaker)} <span class="role">· {role_name}</span></div>'
        f'<p class="turn-text">{body}</p></div></li>'
    )


def _chip(name: str, value: str, label: str, count: int, checked: bool = False, css: str = "") -> str:
    return (
        f'<label class="chip {css}"><input type="radio" name="{name}" value="{value}"'
        f'{" checked" if checked else ""}><span>{escape(label)} <small>{count}</small></span></label>'
    )


def filter_bar(r: SessionReport, anchor: str) -> str:
    """Hidden until the script shows it: without JavaScript it could do nothing."""
    turns = r.turns
    name = f"{anchor}-filter"
    chips = [
        _chip(name, "turn", "All turns", len(turns), checked=True),
        _chip(name, "is-si", "Self-involving only", sum(ct.self_involving for ct in turns)),
    ]
    for code in CODES:
        n = sum(code in ct.codes for ct in turns)
        if n:
            chips.append(_chip(name, f"has-{code}", CODE_LABELS[code], n, css=f"code-{code}"))
    flags = [(f, sum(f in ct.flags for ct in turns)) for f in FLAGS]
    if any(n for _, n in flags):
        chips.append('<span class="filter-sep" aria-hidden="true"></span>')
    chips += [_chip(name, f"has-flag-{f}", flag_label(f), n, css="flag") for f, n in flags if n]
    return (
        f'<div class="filter-bar" role="group" aria-label="Show turns" data-turns="{anchor}-turns" hidden>'
        f'<span class="filter-title">Show</span>{"".join(chips)}'
        f'<output class="filter-count" aria-live="polite"></output></div>'
    )


def transcript(r: SessionReport, anchor: str) -> str:
    role_names = {s.name: (s.role or Role.OTHER).value for s in r.transcript.speakers}
    items = "".join(_turn(ct, role_names.get(ct.turn.speaker, ct.role.value), anchor) for ct in r.turns)
    return filter_bar(r, anchor) + f'<ol class="turns" id="{anchor}-turns">{items}</ol>'


def moments_table(r: SessionReport, anchor: str) -> str:
    """The timeline's content as a table, shown when JavaScript is off."""
    if not r.findings:
        return '<p class="muted">No self-involving moments in this session.</p>'
    rows = "".join(
        f'<tr><td><a href="#{anchor}-t{f.turn}">Turn {f.turn}</a></td><td>{clock(f.start)}</td>'
        f"<td>{escape(' · '.join([CODE_LABELS.get(f.code, f.code)] + [flag_label(x) for x in f.flags]))}</td>"
        f"<td><q>{escape(f.text)}</q></td></tr>"
        for f in r.findings
    )
    return (
        '<table class="moments"><thead><tr><th>Turn</th><th>Time</th><th>Code</th><th>Sentence</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )
