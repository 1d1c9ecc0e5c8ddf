"""`candor users ...`: accounts for the web app, managed on the machine that holds the database.

Whoever can run this against the database (and read its key file) acts as
its local admin; each change is in the audit log as "command line".
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from candor.errors import CandorError

# The store (SQLAlchemy, Alembic, Argon2) is imported only when a `users` verb runs,
# so every other `candor` command starts as fast as before.
ROLES_HELP = "clinician, supervisor or admin"

users_app = typer.Typer(
    help="Accounts for the web app: add users, assign supervisors, list them.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)

_out = Console(highlight=False, soft_wrap=True)
_err = Console(stderr=True, highlight=False, soft_wrap=True)

_DB = typer.Option(None, "--db", metavar="URL", help="Database: a SQLite file or postgresql://user@host/db (default: your data folder).")
_KEY = typer.Option(None, "--key-file", metavar="PATH", help="Encryption key file (default: beside the SQLite file).")


def open_store(db: Optional[str], key_file: Optional[Path]):
    """Open the store and say where it is, and whether a new key file was just made."""
    from candor.store import Store

    store = Store.open(db, key_file)
    _err.print(f"Database: {store.path or store.url}", markup=False)
    if store.key_created:
        _err.print(
            f"Key file: {store.key_file} (new, mode 0600). Back it up with the database: "
            "without it nothing stored can be read.",
            markup=False,
        )
    else:
        _err.print(f"Key file: {store.key_file}", markup=False)
    return store


def _password(from_stdin: bool) -> str:
    from candor.store import MIN_PASSWORD

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CandorError("no password on standard input; pipe it in, e.g. printf '%s\\n' \"$PW\" | candor users add ...")
        return password
    if not sys.stdin.isatty():
        raise CandorError("standard input is not a terminal; pipe the password in with --password-stdin")
    try:
        return typer.prompt(f"Password (at least {MIN_PASSWORD} characters)", hide_input=True,
                            confirmation_prompt=True, err=True)
    except (typer.Abort, EOFError):
        raise CandorError("no password was given; type it when asked, or pipe it in with --password-stdin") from None


def _local_admin():
    from candor.store import LOCAL_ADMIN

    return LOCAL_ADMIN


@users_app.command(epilog="Example:  candor users add maya --role clinician")
def add(
    name: str = typer.Argument(..., help="The user's sign-in name."),
    role: str = typer.Option(..., "--role", help=f"The user's role: {ROLES_HELP}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin."),
    db: Optional[str] = _DB,
    key_file: Optional[Path] = _KEY,
) -> None:
    """Add a user (asks for the password twice, hidden)."""
    from candor.store.users import check_name, check_role

    name, role = check_name(name), check_role(role)
    with open_store(db, key_file) as store:
        if store.users.by_name(name) is not None:
            raise CandorError(f"there is already a user named '{name}'; see 'candor users list'")
        user = store.users.add(name, role, _password(password_stdin))
    _out.print(f"Added {user.role} '{user.name}'.", markup=False)


@users_app.command(epilog="Example:  candor users assign sue maya")
def assign(
    supervisor: str = typer.Argument(..., help="A supervisor's name."),
    clinician: str = typer.Argument(..., help="A clinician's name."),
    db: Optional[str] = _DB,
    key_file: Optional[Path] = _KEY,
) -> None:
    """Let a supervisor see a clinician's sessions and review them."""
    with open_store(db, key_file) as store:
        store.users.assign(supervisor, clinician)
    _out.print(f"'{supervisor}' now supervises '{clinician}'.", markup=False)


@users_app.command(epilog="Example:  candor users unassign sue maya")
def unassign(
    supervisor: str = typer.Argument(..., help="A supervisor's name."),
    clinician: str = typer.Argument(..., help="A clinician's name."),
    db: Optional[str] = _DB,
    key_file: Optional[Path] = _KEY,
) -> None:
    """Stop a supervisor seeing a clinician's sessions."""
    with open_store(db, key_file) as store:
        store.users.unassign(supervisor, clinician)
    _out.print(f"'{supervisor}' no longer supervises '{clinician}'.", markup=False)


@users_app.command(epilog="Example:  candor users password maya")
def password(
    name: str = typer.Argument(..., help="The user's name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from the first line of stdin."),
    db: Optional[str] = _DB,
    key_file: Optional[Path] = _KEY,
) -> None:
    """Set a user's password (they are signed out everywhere)."""
    with open_store(db, key_file) as store:
        user = store.users.by_name(name)
        if user is None:
            raise CandorError(f"no user named '{name}'; see 'candor users list'")
        store.users.set_password(_local_admin(), user.id, _password(password_stdin))
    _out.print(f"Password set for '{user.name}'.", markup=False)


@users_app.command(name="list", epilog="Example:  candor users list --db postgresql://candor@localhost/candor")
def list_users(db: Optional[str] = _DB, key_file: Optional[Path] = _KEY) -> None:
    """List users, their roles and who supervises whom."""
    with open_store(db, key_file) as store:
        users = store.users.list(_local_admin())
        pairs = store.users.assignments(_local_admin())
    if not users:
        _out.print("No users yet. Create the first admin with: candor users add NAME --role admin", markup=False)
        return
    supervisors: dict[int, list[str]] = {}
    for sup, cli in pairs:
        supervisors.setdefault(cli.id, []).append(sup.name)
    width = max(len(u.name) for u in users)
    for u in users:
        line = f"{u.name:<{width}}  {u.role:<10}"
        if not u.active:
            line += "  (inactive)"
        if u.id in supervisors:
            line += f"  supervised by {', '.join(supervisors[u.id])}"
        _out.print(line.rstrip(), markup=False)
