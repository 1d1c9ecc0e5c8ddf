"""The web app: `create_app(store)` gives a FastAPI app over one store. No globals.

Every page is server-rendered and works with JavaScript off (charts and the
transcript filter need it); every page has a JSON twin under /api/,
described by /openapi.json. The interactive docs pages are off: they load
their scripts from a CDN, and this app makes no request to any other origin.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.routing import BaseRoute

from candor import __version__
from candor.assess.settings import DEFAULT, Settings
from candor.web import errors
from candor.web.pages import Pages
from candor.web.routes import admin, assets, auth, check, journal, review, sessions, upload
from candor.web.headers import BodyLimit, SecurityHeaders
from candor.web.security import SignInLimiter
from candor.web.serial import for_web
from candor.web.uploads import MAX_UPLOAD_BYTES, PendingUploads

DESCRIPTION = """Candor's local web app, as JSON. Sign in with `POST /api/signin`
(the answer sets an HttpOnly cookie and carries a CSRF token); send the token
back as the `X-CSRF-Token` header on every POST and DELETE. Every HTML page of
the app has its twin here."""

ROUTERS = (auth, assets, sessions, upload, review, journal, check, admin)


def create_app(
    store,
    *,
    secure_cookies: bool = False,
    settings: Settings = DEFAULT,
    limiter: SignInLimiter | None = None,
) -> FastAPI:
    """The app over `store` (a `candor.store.Store`).

    `secure_cookies` adds the Secure flag to the sign-in cookie: on for any
    server reached over HTTPS, off for 127.0.0.1 (browsers do not send Secure
    cookies over plain http).
    """
    app = FastAPI(
        title="Candor",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        form_limits={"max_files": 1, "max_fields": 200},
    )
    app.state.store = for_web(store)
    app.state.pages = Pages()
    app.state.limiter = limiter or SignInLimiter()
    app.state.pending = PendingUploads()
    app.state.secure_cookies = secure_cookies
    app.state.settings = settings
    for module in ROUTERS:
        app.include_router(module.router)
    # Bounded bodies: a transcript and the form around it. Added first, so it runs inside SecurityHeaders.
    app.add_middleware(BodyLimit, max_bytes=MAX_UPLOAD_BYTES + 1_000_000)
    app.add_middleware(SecurityHeaders)
    errors.install(app)
    _require_rules(app)
    return app


def app_routes(app: FastAPI) -> list[BaseRoute]:
    """Every route of the app, with included routers flattened (FastAPI keeps them nested)."""
    return [context.original_route for context in iter_route_contexts(app.routes)]


def route_rule(route: APIRoute) -> tuple[str, ...] | None:
    """The roles a route admits ('public' for anyone), from its `need`/`public` dependency."""
    for dep in route.dependant.dependencies:
        rule = getattr(dep.call, "candor_rule", None)
        if rule is not None:
            return rule
    return None


def _require_rules(app: FastAPI) -> None:
    """Refuse to build an app with a route that has no authorisation rule."""
    for route in app_routes(app):
        if isinstance(route, APIRoute):
            if route_rule(route) is None:
                raise RuntimeError(f"route {route.path} has no authorisation rule; add need(...) or public()")
        elif getattr(route, "path", "") not in ("/openapi.json",):
            raise RuntimeError(f"route {getattr(route, 'path', route)!r} is not an APIRoute with a rule")
