"""`candor serve`: the local web app on this computer.

The web stack (FastAPI, uvicorn, the store) is imported only when the verb
runs, so the other `candor` commands start as fast as before.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from candor.cli_users import _DB, _KEY, open_store

_err = Console(stderr=True, highlight=False, soft_wrap=True)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; the default is reachable from this computer only."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="Port to listen on."),
    db: Optional[str] = _DB,
    key_file: Optional[Path] = _KEY,
    secure_cookies: Optional[bool] = typer.Option(
        None, "--secure-cookies/--no-secure-cookies",
        help="Mark the sign-in cookie Secure (HTTPS only). Default: off on 127.0.0.1, on for any other address.",
    ),
) -> None:
    """Run the web app: upload sessions, read reports, review, journal, check. Stop it with Ctrl+C."""
    import logging

    import uvicorn

    from candor.web import create_app
    from candor.web.errors import NoExceptionText

    store = open_store(db, key_file)
    if store.users.count() == 0:
        where = "".join(f" {flag} {shlex.quote(str(v))}" for flag, v in (("--db", db), ("--key-file", key_file)) if v)
        _err.print(
            "No users yet. Create the first one, an admin, in another terminal; the admin then adds the others "
            f"in the web app:\n  candor users add NAME --role admin{where}",
            markup=False,
        )
    loopback = host in LOOPBACK
    secure = (not loopback) if secure_cookies is None else secure_cookies
    if not loopback:
        _err.print(
            f"Listening on {host}: other computers can reach this app. Serve it behind HTTPS "
            "(the sign-in cookie is Secure, so plain http sign-ins will not stick).",
            markup=False,
        )
    shown = f"[{host}]" if ":" in host else host
    _err.print(f"Candor is running at http://{shown}:{port}/  (Ctrl+C stops it)", markup=False)
    try:
        # No access log: addresses carry search words and filters, which can be clinical text.
        config = uvicorn.Config(create_app(store, secure_cookies=secure), host=host, port=port,
                                log_level="warning", access_log=False, server_header=False)  # fmt: skip
        logging.getLogger("uvicorn.error").addFilter(NoExceptionText())  # after Config has set up logging
        uvicorn.Server(config).run()
    finally:
        store.close()
