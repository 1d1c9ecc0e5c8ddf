"""Rendering pages: one Jinja environment, the signed-in user and CSRF token in every page.

Autoescaping is on for every template: transcript text, names and journal
entries are untrusted and reach the page only escaped.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from candor import __version__
from candor.model import CODE_LABELS, CODES, FLAGS, TIP_TITLES, TIPS, Status
from candor.report._common import STATUS_SYMBOLS, STATUS_WORDS, flag_label, percent
from candor.web.static_files import plotly_style_guards

# Short notes a redirect may carry (?done=...): fixed words, never user text in a URL.
NOTES = {
    "uploaded": "The session was analysed and saved.",
    "deleted": "The session was deleted for good.",
    "client-deleted": "Every session of that client was deleted for good.",
    "reviewed": "Your review was saved.",
    "saved": "Saved to your journal.",
    "entry-deleted": "The journal entry was deleted.",
    "user-added": "The user was added.",
    "user-changed": "The user was changed.",
    "assigned": "The assignment was saved.",
    "unassigned": "The assignment was removed.",
    "signed-out": "You are signed out.",
}


_STATUS_VALUES = frozenset(s.value for s in Status)


def _status_label(value: str) -> str:
    try:
        s = Status(value)
    except ValueError:
        return value
    return f"{STATUS_SYMBOLS[s]} {STATUS_WORDS[s]}"


def _badge(value: str) -> Markup:
    """A status badge; a filter, not a macro: the sessions list draws four per row."""
    css = value if value in _STATUS_VALUES else "not_applicable"
    return Markup('<span class="badge status-{}">{}</span>').format(css, _status_label(value))


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("candor.web", "templates"),
        auto_reload=False,  # templates are package data: no file checks on every page
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        CODES=CODES,
        CODE_LABELS=CODE_LABELS,
        FLAGS=FLAGS,
        TIPS=TIPS,
        TIP_TITLES=TIP_TITLES,
        STATUSES=[s.value for s in Status],
        version=__version__,
    )
    env.globals["plotly_style_guards"] = plotly_style_guards
    env.filters.update(status_label=_status_label, badge=_badge, flag_label=flag_label, percent=percent)
    return env


class Pages:
    def __init__(self) -> None:
        self.env = make_environment()

    def render(self, request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        login = getattr(request.state, "login", None)
        done = request.query_params.get("done")
        context.setdefault("error", None)
        html = self.env.get_template(template).render(
            request=request,
            user=login.user if login else None,
            csrf=login.csrf if login else "",
            note=NOTES.get(done or ""),
            path=request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)
