"""The pre-disclosure check as a form: the same check as `candor check`, optionally kept in the journal.

The statement travels only in POST bodies, never in a URL: addresses end up
in browser history and server logs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

import candor
from candor.check import ANSWERS, CheckResult
from candor.model import TIPS
from candor.store import PermissionDenied
from candor.web.schemas import CheckForm, CheckIn
from candor.web.security import Forbidden, Login, need

router = APIRouter()
CLINICAL = need("clinician", "supervisor")
QUESTIONS = {
    "for_client": "Is it for the client, rather than for your own comfort?",
    "fits_goals": "Does it serve the clinical goals?",
}
VERDICTS = {
    "share": "It looks like a disclosure made for the client.",
    "reconsider": "Worth rewording before you share it.",
    "hold": "Hold it for now.",
}


def run(body: CheckIn) -> CheckResult:
    return candor.check(body.statement, body.for_client, body.fits_goals, goal=body.goal or None,
                        client_said=body.client_said or None)  # fmt: skip


def save(request: Request, login: Login, result: CheckResult, why: str = "") -> int:
    if login.user.role != "clinician":
        raise Forbidden("Only clinicians keep a journal.")
    tips = [t for t in TIPS if any(r.tip == t for r in result.reasons)]
    entry = request.app.state.store.journal.add(
        login.user, result.statement, why=why, tips=tips, check=result.to_dict()
    )
    return entry.id


def _values(statement: str, for_client: str, fits_goals: str, goal: str, client_said: str) -> dict[str, Any]:
    return {"statement": statement, "for_client": for_client, "fits_goals": fits_goals, "goal": goal,
            "client_said": client_said}  # fmt: skip


@router.get("/check", include_in_schema=False)
def check_form(request: Request, login: Login = Depends(CLINICAL)):
    return request.app.state.pages.render(
        request, "check.html", values=_values("", "", "", "", ""), result=None, coded=[], questions=QUESTIONS,
        answers=ANSWERS, verdicts=VERDICTS,
    )  # fmt: skip


@router.get("/api/check", response_model=CheckForm, tags=["check"], summary="The check's questions and answers")
def check_info(login: Login = Depends(CLINICAL)) -> dict:
    return {"questions": QUESTIONS, "answers": list(ANSWERS)}


@router.post("/check", include_in_schema=False)
def check_page(
    request: Request,
    statement: str = Form("", max_length=5000),
    for_client: str = Form("unsure"),
    fits_goals: str = Form("unsure"),
    goal: str = Form("", max_length=1000),
    client_said: str = Form("", max_length=5000),
    login: Login = Depends(CLINICAL),
):
    values = _values(statement, for_client, fits_goals, goal, client_said)
    result = candor.check(statement, for_client, fits_goals, goal=goal or None, client_said=client_said or None)
    coded = [s for s in result.sentences if s.code != "none" or s.flags]
    return request.app.state.pages.render(
        request, "check.html", values=values, result=result, coded=coded, questions=QUESTIONS, answers=ANSWERS,
        verdicts=VERDICTS,
    )  # fmt: skip


@router.post("/check/save", include_in_schema=False)
def save_page(
    request: Request,
    statement: str = Form(..., max_length=5000),
    for_client: str = Form(...),
    fits_goals: str = Form(...),
    goal: str = Form("", max_length=1000),
    client_said: str = Form("", max_length=5000),
    why: str = Form("", max_length=10000),
    login: Login = Depends(need("clinician")),
):
    result = candor.check(statement, for_client, fits_goals, goal=goal or None, client_said=client_said or None)
    save(request, login, result, why)
    return RedirectResponse("/journal?done=saved", status_code=303)


@router.post("/api/check", tags=["check"], summary="Run the check (and optionally save it to my journal)",
             responses={200: {"description": "The check (schema candor.check/1) and the journal entry id if saved"}})  # fmt: skip
def check_api(request: Request, body: CheckIn, login: Login = Depends(CLINICAL)) -> dict:
    result = run(body)
    entry = None
    if body.save:
        try:
            entry = save(request, login, result)
        except PermissionDenied:
            raise Forbidden("Only clinicians keep a journal.") from None
    return {"check": result.to_dict(), "journal_entry": entry}
