"""Supervisor review: the self-involving moments of supervisees' sessions, and the verdicts on them.

Reviews export as gold JSON Lines, the format of ../shared/data/gold/, so a
clinic can retrain with `candor train` and measure with `candor evaluate`.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from candor.errors import CandorError

from candor.web.schemas import MomentOut, ReviewIn, ReviewOut, plain
from candor.web.security import Login, need

router = APIRouter()
SUPERVISOR = need("supervisor")


def _add(request: Request, login: Login, body: ReviewIn):
    code = body.code if body.action == "recode" else None
    flags = body.flags if body.action == "recode" else ()
    return request.app.state.store.reviews.add(
        login.user, body.session_id, body.turn, body.sentence, body.action, code=code, flags=flags, comment=body.comment
    )


@router.get("/review", include_in_schema=False)
def queue_page(request: Request, show: str = "pending", login: Login = Depends(SUPERVISOR)):
    moments = request.app.state.store.reviews.queue(login.user, pending_only=show != "all")
    return request.app.state.pages.render(request, "review.html", moments=moments, show=show)


@router.get("/api/review", response_model=list[MomentOut], tags=["review"], summary="The review queue")
def queue_api(request: Request, show: str = "pending", login: Login = Depends(SUPERVISOR)) -> list:
    return [plain(m) for m in request.app.state.store.reviews.queue(login.user, pending_only=show != "all")]


@router.post("/review", include_in_schema=False)
def review_page(
    request: Request,
    session_id: int = Form(...),
    turn: int = Form(...),
    sentence: int = Form(...),
    action: str = Form(...),
    code: str = Form(""),
    flags: list[str] = Form([]),
    comment: str = Form("", max_length=5000),
    show: str = Form("pending"),
    login: Login = Depends(SUPERVISOR),
):
    try:
        body = ReviewIn(session_id=session_id, turn=turn, sentence=sentence, action=action,
                        code=code or None, flags=flags, comment=comment)  # fmt: skip
    except ValidationError:
        raise CandorError("choose confirm, recode or dismiss; a recode needs a code") from None
    _add(request, login, body)
    return RedirectResponse(f"/review?done=reviewed&show={'all' if show == 'all' else 'pending'}", status_code=303)


@router.post("/api/reviews", response_model=ReviewOut, status_code=201, tags=["review"], summary="Review one moment")
def review_api(request: Request, body: ReviewIn, login: Login = Depends(SUPERVISOR)) -> dict:
    return plain(_add(request, login, body))


@router.get(
    "/api/review/gold.jsonl", tags=["review"], summary="Reviews as gold JSON Lines (for candor evaluate / train)",
    response_class=Response, responses={200: {"content": {"application/x-ndjson": {}}}},
)  # fmt: skip
def export_gold(request: Request, login: Login = Depends(SUPERVISOR)) -> Response:
    text = request.app.state.store.reviews.export_gold(login.user)
    name = f"candor-reviews-{date.today().isoformat()}.jsonl"
    return Response(text, media_type="application/x-ndjson",
                    headers={"content-disposition": f'attachment; filename="{name}"'})  # fmt: skip
