"""Sessions: the list, one session's report, trends across sessions, and deleting.

A clinician sees their own sessions; a supervisor those of the clinicians
assigned to them (the store enforces both). Only the clinician who owns a
session may delete it, or every session of one client.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from markupsafe import Markup
from pydantic import BaseModel

from candor.errors import CandorError
from candor.model import Role, Status
from candor.report._common import clock, ordered_tips, percent, role_note, session_length
from candor.report.transcript_html import moments_table, transcript
from candor.store import NotFound
from candor.web import figures
from candor.web.rebuild import report_from_dict
from candor.web.schemas import Done, Report, SessionList, Trends, plain, user_out
from candor.web.security import Login, need

router = APIRouter()
CLINICAL = ("clinician", "supervisor")
ANCHOR = "s1"  # the report's turn ids (s1-t5) and the filter script expect a session anchor


class ClientDelete(BaseModel):
    client: str


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _clinician_id(value: str | None) -> int | None:
    value = _blank(value)
    if value is None:
        return None
    if not value.isdigit():
        raise CandorError("the clinician filter takes a clinician's number")
    return int(value)


def clinicians(request: Request, login: Login) -> list:
    """Whose sessions this user may see: a supervisor's supervisees, or the clinician alone."""
    if login.user.role == "supervisor":
        return request.app.state.store.users.supervisees(login.user)
    return [login.user]


def session_list(request: Request, login: Login, client: str | None, status: str | None,
                 clinician: str | None) -> dict[str, Any]:  # fmt: skip
    client, status = _blank(client), _blank(status)
    if status is not None and status not in {s.value for s in Status}:
        raise CandorError("the status filter takes ok, attention, risk or not_applicable")
    store = request.app.state.store
    rows = store.sessions.list(login.user, clinician_id=_clinician_id(clinician), client=client, status=status)
    return {"sessions": rows, "clinicians": clinicians(request, login)}


@router.get("/sessions", include_in_schema=False)
def sessions_page(request: Request, client: str | None = None, status: str | None = None,
                  clinician: str | None = None, login: Login = Depends(need(*CLINICAL))):  # fmt: skip
    data = session_list(request, login, client, status, clinician)
    everyone = request.app.state.store.sessions.list(login.user) if (client or status or clinician) else data["sessions"]
    return request.app.state.pages.render(
        request, "sessions.html", **data, clients=sorted({s.client_pseudonym for s in everyone}),
        filters={"client": client or "", "status": status or "", "clinician": clinician or ""},
    )  # fmt: skip


@router.get("/api/sessions", response_model=SessionList, tags=["sessions"], summary="The sessions list")
def sessions_api(request: Request, client: str | None = None, status: str | None = None,
                 clinician: str | None = None, login: Login = Depends(need(*CLINICAL))) -> dict:  # fmt: skip
    data = session_list(request, login, client, status, clinician)
    return {"sessions": [plain(s) for s in data["sessions"]], "clinicians": [user_out(u) for u in data["clinicians"]]}


def _facts(summary: Any, r: Any) -> list[tuple[str, str]]:
    t = r.transcript
    pairs = [
        ("Date", summary.day.isoformat()),
        ("Client", summary.client_pseudonym),
        ("Therapist", t.therapist.name if t.therapist else "not identified"),
        ("Turns", f"{len(t.turns)} ({r.stats.therapist_turns} therapist)"),
    ]
    if t.has_times:
        pairs.append(("Length", clock(session_length(t))))
    pairs += [("Self-involving sentences", str(len(r.findings))), ("Format", t.format or "unknown")]
    return pairs


def _talk(r: Any) -> list[dict[str, Any]]:
    roles = {s.name: (s.role or Role.OTHER) for s in r.transcript.speakers}
    shares = sorted(r.stats.talk_share.items(), key=lambda kv: (roles.get(kv[0]) is not Role.THERAPIST, -kv[1]))
    out, x = [], 0.0
    for i, (name, share) in enumerate(shares):
        out.append({"name": name, "role": roles.get(name, Role.OTHER).value, "share": share, "x": x * 100,
                    "width": share * 100, "css": f"talk-{min(i, 3)}", "percent": percent(share)})  # fmt: skip
        x += share
    return out


@router.get("/sessions/{session_id}", include_in_schema=False)
def report_page(request: Request, session_id: int, login: Login = Depends(need(*CLINICAL))):
    stored = request.app.state.store.sessions.get(login.user, session_id)
    r = report_from_dict(stored.report)
    notes = list(r.transcript.warnings)
    if role_note(r.transcript):
        notes.insert(0, role_note(r.transcript))
    return request.app.state.pages.render(
        request, "session.html", summary=stored.summary, r=r, anchor=ANCHOR, facts=_facts(stored.summary, r),
        notes=notes, tips=ordered_tips(r.tips), talk=_talk(r),
        timeline=figures.timeline(r, ANCHOR),
        moments=Markup(moments_table(r, ANCHOR)), transcript=Markup(transcript(r, ANCHOR)),
        timed=r.transcript.has_times,
    )  # fmt: skip


@router.get("/api/sessions/{session_id}", response_model=Report, tags=["sessions"], summary="One session's report")
def report_api(request: Request, session_id: int, login: Login = Depends(need(*CLINICAL))) -> dict:
    stored = request.app.state.store.sessions.get(login.user, session_id)
    return {"session": plain(stored.summary), "report": stored.report}


@router.post("/sessions/{session_id}/delete", include_in_schema=False)
def delete_page(request: Request, session_id: int, confirm: str = Form(""),
                login: Login = Depends(need("clinician"))):  # fmt: skip
    if confirm != "yes":
        raise CandorError("tick the box to confirm that the session should be deleted for good")
    request.app.state.store.sessions.delete(login.user, session_id)
    return RedirectResponse("/sessions?done=deleted", status_code=303)


@router.delete("/api/sessions/{session_id}", response_model=Done, tags=["sessions"], summary="Delete a session for good")
def delete_api(request: Request, session_id: int, login: Login = Depends(need("clinician"))) -> dict:
    request.app.state.store.sessions.delete(login.user, session_id)
    return {"ok": True, "deleted": 1}


@router.post("/sessions/delete-client", include_in_schema=False)
def delete_client_page(request: Request, client: str = Form(...), confirm: str = Form(""),
                       login: Login = Depends(need("clinician"))):  # fmt: skip
    if confirm != "yes":
        raise CandorError("tick the box to confirm that every session of this client should be deleted for good")
    request.app.state.store.sessions.delete_client(login.user, client)
    return RedirectResponse("/sessions?done=client-deleted", status_code=303)


@router.post("/api/clients/delete", response_model=Done, tags=["sessions"], summary="Delete every session of one client")
def delete_client_api(request: Request, body: ClientDelete, login: Login = Depends(need("clinician"))) -> dict:
    deleted = request.app.state.store.sessions.delete_client(login.user, body.client)
    return {"ok": True, "deleted": deleted}


def trends(request: Request, login: Login, clinician: str | None) -> dict[str, Any]:
    store, settings = request.app.state.store, request.app.state.settings
    options = clinicians(request, login)
    wanted = _clinician_id(clinician)
    if login.user.role == "clinician":
        target = login.user if wanted in (None, login.user.id) else None
    else:
        target = next((u for u in options if wanted in (None, u.id)), None)
    if target is None and wanted is not None:
        raise NotFound("no such clinician among yours")
    rows = sorted(store.sessions.trends(login.user, target.id), key=lambda s: (s.day, s.id)) if target else []
    return {"clinician": target, "clinicians": options, "sessions": rows,
            "band": {"low": settings.band_low, "high": settings.band_high}}  # fmt: skip


def _points(rows: list) -> list[dict[str, Any]]:
    return [
        {"date": s.day.isoformat(), "share": s.self_involving_share, "statuses": s.statuses,
         "label": f"{s.day.isoformat()} · {s.client_pseudonym}"}  # fmt: skip
        for s in rows
    ]


@router.get("/trends", include_in_schema=False)
def trends_page(request: Request, clinician: str | None = None, login: Login = Depends(need(*CLINICAL))):
    data = trends(request, login, clinician)
    points = _points(data["sessions"])
    charts = {}
    if points:
        charts = {
            "share": figures.share_over_time(points, request.app.state.settings),
            "tips": figures.tips_over_time(points),
        }
    return request.app.state.pages.render(request, "trends.html", **data, charts=charts)


@router.get("/api/trends", response_model=Trends, tags=["sessions"], summary="One clinician's sessions over time")
def trends_api(request: Request, clinician: str | None = None, login: Login = Depends(need(*CLINICAL))) -> dict:
    data = trends(request, login, clinician)
    if data["clinician"] is None:
        raise CandorError("choose a clinician: ?clinician=ID (see the clinicians listed in /api/sessions)")
    return {
        "clinician": user_out(data["clinician"]),
        "band": data["band"],
        "sessions": [plain(s) for s in data["sessions"]],
        "clinicians": [user_out(u) for u in data["clinicians"]],
    }
