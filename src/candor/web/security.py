"""Who may open what, and the browser-side defences around it.

Every route of the app declares a rule with `need(...)` or `public()`;
`create_app` refuses to start when one does not, so a new route cannot ship
without a decision about who may use it. The store checks ownership again
underneath (PermissionDenied / NotFound): the web layer is the first fence,
not the only one.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Callable

from fastapi import Request
from starlette.concurrency import run_in_threadpool

LOGIN_COOKIE = "candor_login"
SIGNIN_COOKIE = "candor_signin"  # the sign-in form's CSRF token, before there is a login
LOGIN_HOURS = 12
ROLES = ("clinician", "supervisor", "admin")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Login:
    """The signed-in user of a request, with the CSRF token of their login."""

    user: Any  # candor.store.User
    csrf: str
    token: str


class SignInRequired(Exception):
    """No valid login: a page redirects to the sign-in form, the API answers 401."""


class Forbidden(Exception):
    def __init__(self, message: str = "This page is not part of your role.") -> None:
        super().__init__(message)
        self.message = message


class CsrfFailed(Exception):
    message = "The form was out of date or came from another site. Reload the page and try again."


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def same_origin(request: Request) -> bool:
    """A state change from another site is refused even before the token is looked at.

    Browsers say where a request comes from in Sec-Fetch-Site; "same-site"
    (another port on this host) is refused too. With Referrer-Policy
    no-referrer, Chromium sends `Origin: null` on same-origin form posts, so
    a null origin proves nothing either way and the CSRF token decides.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin in (None, "null"):
        return True
    # The host only: behind a TLS proxy the app may see http while the browser says https.
    return origin.partition("://")[2] == request.headers.get("host", "")


async def sent_token(request: Request) -> str:
    """The CSRF token a request carries: a header for the API, a hidden field for forms."""
    if is_api(request):
        return request.headers.get("x-csrf-token", "")
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf")
        return value if isinstance(value, str) else ""
    return ""


async def check_csrf(request: Request, expected: str) -> None:
    token = await sent_token(request)
    if not (same_origin(request) and token and expected and hmac.compare_digest(token, expected)):
        raise CsrfFailed()


async def current_login(request: Request) -> Login | None:
    token = request.cookies.get(LOGIN_COOKIE)
    if not token:
        return None
    found = await run_in_threadpool(request.app.state.store.logins.get, token)
    if not found:
        return None
    user, csrf = found
    if not getattr(user, "active", True):
        return None
    return Login(user, csrf, token)


def need(*roles: str) -> Callable:
    """A route's rule: signed in, one of `roles`, and a valid CSRF token on any state change."""
    unknown = set(roles) - set(ROLES)
    if unknown or not roles:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    async def rule(request: Request) -> Login:
        login = await current_login(request)
        request.state.login = login
        if login is None:
            raise SignInRequired()
        if login.user.role not in roles:
            raise Forbidden()
        if request.method not in SAFE_METHODS:
            await check_csrf(request, login.csrf)
        return login

    rule.candor_rule = tuple(roles)  # read by create_app and the route test
    return rule


def public(lookup: bool = True) -> Callable:
    """A route anyone may open: the sign-in form, static files.

    Pages look the login up for their header; static files (`lookup=False`) need no database at all.
    """

    async def rule(request: Request) -> Login | None:
        login = await current_login(request) if lookup else None
        request.state.login = login
        return login

    rule.candor_rule = ("public",)
    return rule


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SignInLimiter:
    """At most `failures` failed sign-ins per name and address within `window` seconds.

    Counted in memory: a restart forgets, which costs an attacker a restart
    they cannot cause from the network. Keyed on the name as typed, so
    guessing at names that do not exist is limited just the same.
    """

    def __init__(self, failures: int = 5, window: float = 300.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.failures, self.window, self.clock = failures, window, clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._seen.get(key, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def wait(self, name: str, address: str) -> int:
        """Seconds until this name may try again from this address; 0 when it may now."""
        key, now = (name.strip().casefold(), address), self.clock()
        with self._lock:
            times = self._recent(key, now)
            if len(times) < self.failures:
                return 0
            return max(1, int(self.window - (now - times[0])) + 1)

    def failed(self, name: str, address: str) -> None:
        key, now = (name.strip().casefold(), address), self.clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget the stale entries of a name-guessing run
                for k in [k for k, v in self._seen.items() if not self._recent(k, now)]:
                    del self._seen[k]
            times = self._recent(key, now)
            times.append(now)
            self._seen[key] = times

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._seen.pop((name.strip().casefold(), address), None)
