"""The private journal: what I shared, why, what the client did next, what I learned.

Only its author ever reads it: no supervisor or admin route touches it, and
the store refuses anyone but the clinician who wrote an entry.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from candor.errors import CandorError
from candor.model import TIPS
from candor.web.schemas import Done, JournalIn, JournalOut, plain
from candor.web.security import Login, need

router = APIRouter()
AUTHOR = need("clinician")


def entries(request: Request, login: Login, q: str | None, tip: str | None) -> list:
    tip = tip.strip() if tip and tip.strip() else None
    if tip is not None and tip not in TIPS:
        raise CandorError(f"the tip filter takes one of {', '.join(TIPS)}")
    return request.app.state.store.journal.list(login.user, query=(q or "").strip() or None, tip=tip)


@router.get("/journal", include_in_schema=False)
def journal_page(request: Request, q: str | None = None, tip: str | None = None, login: Login = Depends(AUTHOR)):
    found = entries(request, login, q, tip)
    return request.app.state.pages.render(
        request, "journal.html", entries=found, q=q or "", tip=tip or "", values={}
    )


@router.get("/api/journal", response_model=list[JournalOut], tags=["journal"], summary="My journal (search: q, tip)")
def journal_api(request: Request, q: str | None = None, tip: str | None = None, login: Login = Depends(AUTHOR)) -> list:
    return [plain(e) for e in entries(request, login, q, tip)]


def _add(request: Request, login: Login, body: JournalIn):
    return request.app.state.store.journal.add(
        login.user, body.shared, why=body.why, client_next=body.client_next, learned=body.learned, tips=body.tips
    )


@router.post("/journal", include_in_schema=False)
def write_page(
    request: Request,
    shared: str = Form("", max_length=10000),
    why: str = Form("", max_length=10000),
    client_next: str = Form("", max_length=10000),
    learned: str = Form("", max_length=10000),
    tips: list[str] = Form([]),
    login: Login = Depends(AUTHOR),
):
    values = {"shared": shared, "why": why, "client_next": client_next, "learned": learned, "tips": tips}
    if not shared.strip():
        return request.app.state.pages.render(
            request, "journal.html", status_code=400, error="Write what you shared: an entry needs it.",
            entries=entries(request, login, None, None), q="", tip="", values=values,
        )  # fmt: skip
    _add(request, login, JournalIn(**values))
    return RedirectResponse("/journal?done=saved", status_code=303)


@router.post("/api/journal", response_model=JournalOut, status_code=201, tags=["journal"], summary="Write an entry")
def write_api(request: Request, body: JournalIn, login: Login = Depends(AUTHOR)) -> dict:
    return plain(_add(request, login, body))


@router.post("/journal/{entry_id}/delete", include_in_schema=False)
def delete_page(request: Request, entry_id: int, login: Login = Depends(AUTHOR)):
    request.app.state.store.journal.delete(login.user, entry_id)
    return RedirectResponse("/journal?done=entry-deleted", status_code=303)


@router.delete("/api/journal/{entry_id}", response_model=Done, tags=["journal"], summary="Delete an entry")
def delete_api(request: Request, entry_id: int, login: Login = Depends(AUTHOR)) -> dict:
    request.app.state.store.journal.delete(login.user, entry_id)
    return {"ok": True, "deleted": 1}


def _download(text: str, kind: str, media: str) -> Response:
    name = f"candor-journal-{date.today().isoformat()}.{kind}"
    return Response(text, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


@router.get("/api/journal/export.md", tags=["journal"], summary="My journal as Markdown", response_class=Response,
            responses={200: {"content": {"text/markdown": {}}}})  # fmt: skip
def export_markdown(request: Request, login: Login = Depends(AUTHOR)) -> Response:
    return _download(request.app.state.store.journal.export_markdown(login.user), "md", "text/markdown; charset=utf-8")


@router.get("/api/journal/export.csv", tags=["journal"], summary="My journal as CSV", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}})  # fmt: skip
def export_csv(request: Request, login: Login = Depends(AUTHOR)) -> Response:
    return _download(request.app.state.store.journal.export_csv(login.user), "csv", "text/csv; charset=utf-8")
