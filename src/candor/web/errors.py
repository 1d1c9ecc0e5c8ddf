"""Errors as the user sees them: a calm page, or JSON under /api. Never transcript text.

Messages here are fixed sentences. The store's and the readers' messages are
shown only where they are known to name files and speakers, not what was
said; anything unexpected becomes a generic 500 without its message.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from candor.errors import CandorError
from candor.store import NotFound, PermissionDenied
from candor.web.headers import HEADERS, BodyTooLarge, too_large_message
from candor.web.security import CsrfFailed, Forbidden, SignInRequired, is_api
from candor.web.uploads import MAX_UPLOAD_BYTES

log = logging.getLogger("candor.web")

NOT_FOUND = "There is nothing here, or it is not yours to open."
DENIED = "Your role does not allow this."
INTERNAL = (
    "Something went wrong inside Candor. Nothing you entered is shown or logged here; "
    "try again, and if it keeps happening, tell your administrator the time it happened."
)


def error_response(request: Request, status: int, message: str, title: str = "") -> Response:
    if is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    titles = {400: "That did not work", 401: "Please sign in", 403: "Not allowed", 404: "Not found",
              413: "File too large", 429: "Too many attempts", 500: "Something went wrong"}  # fmt: skip
    return request.app.state.pages.render(
        request, "error.html", status_code=status, title=title or titles.get(status, "Error"), message=message
    )


_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9/_.~%?=&+-]*")


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another one.

    Browsers drop tabs and newlines and read a backslash as a slash, so
    "/\t/evil.example" would be "//evil.example": only plain path characters pass.
    """
    if target and _LOCAL_PATH.fullmatch(target):
        return target
    return "/"


class NoExceptionText(logging.Filter):
    """For the server's log: an error's type, never its message or traceback (either could quote a transcript)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "unknown"
            record.msg, record.args = "internal error (%s); details are not logged", (kind,)
            record.exc_info, record.exc_text = None, None
        return True


# The readers' advice names command-line options ("--column text=NAME"); on an
# upload page there are none, so the advice is said the way a browser user acts on it.
_WEB_ADVICE = (
    ("--column", "give the columns the names Candor looks for (text and speaker, optionally session and "
                 "start) and upload the file again"),
    ("--max-size", "split the transcript or upload a smaller export"),
    ("--format", "upload a text, WebVTT, SRT, Word, CSV, JSON, CHAT or ELAN transcript"),
    ("candor formats", "upload a text, WebVTT, SRT, Word, CSV, JSON, CHAT or ELAN transcript"),
)


def for_the_web(message: str) -> str:
    """A reader's one-line error with command-line advice replaced by what to do in the browser."""
    what, sep, advice = message.partition("; ")
    for option, instead in _WEB_ADVICE:
        if sep and option in advice:
            return f"{what}; {instead}"
    return message


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in(request: Request, exc: SignInRequired) -> Response:
        if is_api(request):
            return JSONResponse({"detail": "Sign in first."}, status_code=401)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = "/signin" if request.method != "GET" or here == "/" else f"/signin?next={quote(here, safe='/')}"
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(BodyTooLarge)
    async def too_large(request: Request, exc: BodyTooLarge) -> Response:
        return error_response(request, 413, too_large_message(MAX_UPLOAD_BYTES + 1_000_000))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(CsrfFailed)
    async def csrf(request: Request, exc: CsrfFailed) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(PermissionDenied)
    async def denied(request: Request, exc: PermissionDenied) -> Response:
        return error_response(request, 403, DENIED)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, NOT_FOUND)

    @app.exception_handler(CandorError)
    async def user_error(request: Request, exc: CandorError) -> Response:
        return error_response(request, 400, for_the_web(str(exc)))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = NOT_FOUND if exc.status_code == 404 else str(exc.detail)
        response = error_response(request, exc.status_code, message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's default answer echoes the input back: here only where and what, never the values.
        problems = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in exc.errors()]
        if is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        fields = sorted({str(p["loc"][-1]) for p in problems if p["loc"]})
        return error_response(request, 400, "Some fields were missing or not valid: " + ", ".join(fields) + ".")

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        # Only the type: an exception's message could quote a transcript.
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        try:
            response = error_response(request, 500, INTERNAL)
        except Exception:  # the error page itself failed: plain text
            response = Response(INTERNAL, status_code=500, media_type="text/plain")
        # This handler runs outside the middleware stack: add the headers here.
        for name, value in HEADERS.items():
            response.headers[name] = value
        response.headers["cache-control"] = "no-store"
        return response
