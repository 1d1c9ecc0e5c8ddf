"""Headers and limits every response and request passes through, as ASGI middleware.

SecurityHeaders is the outermost of the app's own middleware, so errors,
redirects, refusals and static files all carry the headers. BodyLimit sits
inside it: an oversized request is refused with the headers too.
"""

from __future__ import annotations

from typing import Any, Callable

from starlette.datastructures import MutableHeaders

# No inline script or style anywhere: every script and stylesheet is a file
# under /static, and nothing may come from or go to another origin.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, errors and static files included.

    Pages and API answers hold health information, so nothing but /static is cached.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope.get("path", "").startswith("/static/")

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyTooLarge(Exception):
    """A request body over the app's limit (a transcript and the form around it)."""


class BodyLimit:
    """ASGI middleware: refuse bodies over `max_bytes`, by their Content-Length or while they arrive.

    Inside SecurityHeaders, so the refusal carries the headers too (FastAPI's own
    limit answers outside every user middleware).
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await too_large(scope, receive, send, self.max_bytes)
            return
        seen = 0

        async def limited() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        await self.app(scope, limited, send)


def too_large_message(max_bytes: int) -> str:
    return f"That is more than {max_bytes // 1_000_000} MB. A transcript is far smaller; check the file."


async def too_large(scope: dict, receive: Callable, send: Callable, max_bytes: int) -> None:
    from starlette.responses import JSONResponse, PlainTextResponse

    message = too_large_message(max_bytes)
    if scope.get("path", "").startswith("/api/"):
        response = JSONResponse({"detail": message}, status_code=413)
    else:
        response = PlainTextResponse(message, status_code=413)
    await response(scope, receive, send)
