"""Upload a transcript: read it, pick the therapist when the labels do not say, analyse, store.

Only clinicians upload: a session belongs to the clinician who held it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse

import candor
from candor.errors import CandorError
from candor.formats import readers
from candor.store import NotFound, PermissionDenied
from candor.web.errors import for_the_web
from candor.web.schemas import NeedsSpeaker, PickSpeaker, UploadForm, Uploaded
from candor.web.security import Login, need
from candor.web.uploads import MAX_UPLOAD_BYTES, Pending, SpeakerChoice, pseudonymise, read_upload

router = APIRouter()
CLINICIAN = need("clinician")


def _date(value: str | None) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CandorError("the session date must be a date like 2026-03-14") from None


def _data(file: UploadFile) -> bytes:
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise CandorError(f"the file is over {MAX_UPLOAD_BYTES // 1_000_000} MB; check it is a transcript")
    return data


def _save(request: Request, login: Login, transcripts: list, pseudonym: str, replace_name: bool,
          day: date | None) -> list[int]:  # fmt: skip
    store, settings = request.app.state.store, request.app.state.settings
    ids = []
    for t in transcripts:
        if replace_name:
            t = pseudonymise(t, pseudonym)
        ids.append(store.sessions.add(login.user, candor.analyze(t, settings), pseudonym, day))
    return ids


def _pseudonym(value: str) -> str:
    # The sessions list and its filters show it, unencrypted: it must not be the client's name from the file.
    value = " ".join((value or "").split())
    if not value:
        raise CandorError("give the client a pseudonym (for example Client A); it stands for them in lists and filters")
    return value


def receive(request: Request, login: Login, file: UploadFile, pseudonym: str, replace_name: bool,
            day: str) -> list[int] | Pending:  # fmt: skip
    """Stored session ids, or the pending upload whose therapist must be picked first."""
    pseudonym, when = _pseudonym(pseudonym), _date(day)
    data = _data(file)
    result = read_upload(file.filename or "", data, None)
    if isinstance(result, SpeakerChoice):
        return request.app.state.pending.put(
            login.user.id, file.filename or "", data, pseudonym, replace_name, when, result
        )
    return _save(request, login, result, pseudonym, replace_name, when)


def pick(request: Request, login: Login, token: str, therapist: str) -> list[int]:
    pending = request.app.state.pending
    p = pending.get(login.user.id, token)
    if p is None:
        raise NotFound("no such upload")
    if therapist not in p.choice.speakers:
        raise CandorError("pick one of the speakers listed")
    transcripts = read_upload(p.filename, p.data, therapist)
    ids = _save(request, login, transcripts, p.pseudonym, p.replace_name, p.session_date)
    pending.drop(token)
    return ids


def _after(ids: list[int]) -> RedirectResponse:
    target = f"/sessions/{ids[0]}?done=uploaded" if len(ids) == 1 else "/sessions?done=uploaded"
    return RedirectResponse(target, status_code=303)


def _formats() -> list[dict[str, Any]]:
    return [{"name": r.name, "description": r.description, "extensions": list(r.extensions)} for r in readers()]


@router.get("/upload", include_in_schema=False)
def upload_form(request: Request, login: Login = Depends(CLINICIAN)):
    return request.app.state.pages.render(
        request, "upload.html", formats=_formats(), today=date.today().isoformat(), values={"replace_name": True}
    )


@router.get("/api/upload", response_model=UploadForm, tags=["upload"], summary="What the upload accepts")
def upload_info(login: Login = Depends(CLINICIAN)) -> dict:
    return {"formats": _formats(), "max_bytes": MAX_UPLOAD_BYTES}


@router.post("/upload", include_in_schema=False)
def upload(request: Request, file: UploadFile = File(...), session_date: str = Form(""),
           pseudonym: str = Form("", max_length=100), replace_name: str = Form(""),
           login: Login = Depends(CLINICIAN)):  # fmt: skip
    try:
        result = receive(request, login, file, pseudonym, replace_name == "yes", session_date)
    except CandorError as e:
        if isinstance(e, (NotFound, PermissionDenied)):
            raise
        return request.app.state.pages.render(
            request, "upload.html", status_code=400, error=for_the_web(str(e)), formats=_formats(),
            today=date.today().isoformat(),
            values={"pseudonym": pseudonym, "session_date": session_date, "replace_name": replace_name == "yes"},
        )  # fmt: skip
    if isinstance(result, Pending):
        return RedirectResponse(f"/upload/{result.token}", status_code=303)
    return _after(result)


def _choice(p: Pending) -> dict[str, Any]:
    return {"needs_speaker": True, "token": p.token, "speakers": list(p.choice.speakers), "guess": p.choice.guess}


@router.post(
    "/api/uploads", tags=["upload"], status_code=201, response_model=Uploaded,
    summary="Upload a transcript (multipart: file, pseudonym, replace_name, session_date)",
    responses={202: {"model": NeedsSpeaker, "description": "Pick the therapist: POST to /api/uploads/{token}"}},
)  # fmt: skip
def upload_api(request: Request, file: UploadFile = File(...), pseudonym: str = Form(..., max_length=100),
               replace_name: bool = Form(True), session_date: str = Form(""),
               login: Login = Depends(CLINICIAN)):  # fmt: skip
    result = receive(request, login, file, pseudonym, replace_name, session_date)
    if isinstance(result, Pending):
        return JSONResponse(_choice(result), status_code=202)
    return {"sessions": result}


@router.get("/upload/{token}", include_in_schema=False)
def speaker_form(request: Request, token: str, login: Login = Depends(CLINICIAN)):
    p = request.app.state.pending.get(login.user.id, token)
    if p is None:
        raise NotFound("no such upload")
    return request.app.state.pages.render(request, "speakers.html", pending=p)


@router.get("/api/uploads/{token}", response_model=NeedsSpeaker, tags=["upload"], summary="An upload waiting for the therapist")
def speaker_info(request: Request, token: str, login: Login = Depends(CLINICIAN)) -> dict:
    p = request.app.state.pending.get(login.user.id, token)
    if p is None:
        raise NotFound("no such upload")
    return _choice(p)


@router.post("/upload/{token}", include_in_schema=False)
def speaker_pick(request: Request, token: str, therapist: str = Form(...), login: Login = Depends(CLINICIAN)):
    return _after(pick(request, login, token, therapist))


@router.post("/api/uploads/{token}", response_model=Uploaded, status_code=201, tags=["upload"], summary="Pick the therapist")
def speaker_pick_api(request: Request, token: str, body: PickSpeaker, login: Login = Depends(CLINICIAN)) -> dict:
    return {"sessions": pick(request, login, token, body.therapist)}
