"""Sign in and out, page and API.

The login cookie is HttpOnly and SameSite=Strict (Secure when the app is
served over HTTPS). The sign-in form has its own CSRF token (a cookie and a
hidden field that must match) because there is no login yet to tie one to.
Failed sign-ins are limited per name and address.
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from candor.web.errors import error_response, safe_next
from candor.web.schemas import Done, Me, SignIn, user_out
from candor.web.security import (
    LOGIN_COOKIE,
    LOGIN_HOURS,
    ROLES,
    SIGNIN_COOKIE,
    CsrfFailed,
    Login,
    need,
    new_token,
    public,
    same_origin,
)

router = APIRouter()

LIMITED = "Too many failed sign-ins for this name from this computer. Wait {minutes} and try again, or ask your administrator to reset the password."
WRONG = "That name and password do not match an active account."


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _home(role: str) -> str:
    return {"admin": "/admin", "supervisor": "/review"}.get(role, "/sessions")


def _set_login(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        LOGIN_COOKIE, token, max_age=LOGIN_HOURS * 3600, path="/", httponly=True, samesite="strict",
        secure=request.app.state.secure_cookies,
    )  # fmt: skip


def _attempt(request: Request, name: str, password: str):
    """(user, None) on success, else (None, (status, message))."""
    store, limiter, address = request.app.state.store, request.app.state.limiter, _address(request)
    wait = limiter.wait(name, address)
    if wait:
        minutes = "a minute" if wait <= 60 else f"{(wait + 59) // 60} minutes"
        return None, (429, LIMITED.format(minutes=minutes), wait)
    user = store.users.verify(name, password)
    if user is None or not user.active:
        limiter.failed(name, address)
        return None, (401, WRONG, 0)
    limiter.succeeded(name, address)
    return user, None  # the store audits the sign-in when the login is created


@router.get("/", include_in_schema=False)
def home(login: Login = Depends(need(*ROLES))) -> RedirectResponse:
    return RedirectResponse(_home(login.user.role), status_code=303)


@router.get("/signin", include_in_schema=False)
def signin_page(request: Request, next: str = "/", login: Login | None = Depends(public())) -> Response:
    if login:
        return RedirectResponse(safe_next(next) if next != "/" else _home(login.user.role), status_code=303)
    token = request.cookies.get(SIGNIN_COOKIE) or new_token()
    response = request.app.state.pages.render(request, "signin.html", form_token=token, next=safe_next(next))
    response.set_cookie(SIGNIN_COOKIE, token, path="/signin", httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies)  # fmt: skip
    return response


@router.post("/signin", include_in_schema=False)
def signin(
    request: Request,
    name: str = Form("", max_length=200),
    password: str = Form("", max_length=1000),
    csrf: str = Form(""),
    next: str = Form("/"),
    _: Login | None = Depends(public()),
) -> Response:
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not (same_origin(request) and csrf and expected and hmac.compare_digest(csrf, expected)):
        return error_response(request, 403, CsrfFailed.message)
    user, problem = _attempt(request, name, password)
    if problem:
        status, message, wait = problem
        response = request.app.state.pages.render(
            request, "signin.html", status_code=status, error=message, form_token=expected, next=safe_next(next),
            name=name,
        )  # fmt: skip
        if wait:
            response.headers["retry-after"] = str(wait)
        return response
    token, _csrf = request.app.state.store.logins.create(user, hours=LOGIN_HOURS)
    target = safe_next(next)
    response = RedirectResponse(_home(user.role) if target == "/" else target, status_code=303)
    _set_login(request, response, token)
    response.delete_cookie(SIGNIN_COOKIE, path="/signin", httponly=True, samesite="strict")
    return response


@router.post("/signout", include_in_schema=False)
def signout(request: Request, login: Login = Depends(need(*ROLES))) -> RedirectResponse:
    request.app.state.store.logins.delete(login.token)  # audited by the store
    response = RedirectResponse("/signin?done=signed-out", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/", httponly=True, samesite="strict")
    return response


@router.get("/api/me", response_model=Me, tags=["sign in"], summary="Who is signed in (twin of the sign-in page)")
def me(login: Login = Depends(need(*ROLES))) -> dict:
    return {"user": user_out(login.user), "csrf": login.csrf}


@router.post(
    "/api/signin", response_model=Me, tags=["sign in"], summary="Sign in; sets the login cookie",
    responses={401: {"description": "Wrong name or password"}, 429: {"description": "Too many failed sign-ins"}},
)  # fmt: skip
def api_signin(request: Request, body: SignIn, _: Login | None = Depends(public())) -> Response:
    # A JSON body cannot be sent from another site's form without a CORS preflight, which this app never grants.
    if not request.headers.get("content-type", "").startswith("application/json") or not same_origin(request):
        return JSONResponse({"detail": CsrfFailed.message}, status_code=403)
    user, problem = _attempt(request, body.name, body.password)
    if problem:
        status, message, wait = problem
        return JSONResponse({"detail": message}, status_code=status, headers={"retry-after": str(wait)} if wait else None)
    token, csrf = request.app.state.store.logins.create(user, hours=LOGIN_HOURS)
    response = JSONResponse({"user": user_out(user), "csrf": csrf})
    _set_login(request, response, token)
    return response


@router.post("/api/signout", response_model=Done, tags=["sign in"], summary="Sign out")
def api_signout(request: Request, login: Login = Depends(need(*ROLES))) -> Response:
    request.app.state.store.logins.delete(login.token)
    response = JSONResponse({"ok": True, "deleted": None})
    response.delete_cookie(LOGIN_COOKIE, path="/", httponly=True, samesite="strict")
    return response
