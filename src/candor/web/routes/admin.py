"""Admin: users, roles, who supervises whom, and the audit log. Admins never read sessions or journals."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from candor.errors import CandorError
from candor.store import NotFound
from candor.web.schemas import AdminPage, Assignment, AuditOut, ChangeUser, Done, NewUser, UserOut, plain, user_out
from candor.web.security import ROLES, Login, need

router = APIRouter()
ADMIN = need("admin")


def overview(request: Request, login: Login) -> dict:
    users = request.app.state.store.users
    return {"users": users.list(login.user), "assignments": users.assignments(login.user)}


def _user(request: Request, login: Login, user_id: int):
    found = next((u for u in request.app.state.store.users.list(login.user) if u.id == user_id), None)
    if found is None:
        raise NotFound("no such user")
    return found


def change(request: Request, login: Login, user_id: int, body: ChangeUser) -> None:
    users = request.app.state.store.users
    _user(request, login, user_id)
    if body.role is not None:
        users.set_role(login.user, user_id, body.role)
    if body.active is not None:
        if user_id == login.user.id and not body.active:
            raise CandorError("you cannot deactivate yourself; ask another admin")
        users.set_active(login.user, user_id, body.active)
    if body.password is not None:
        users.set_password(login.user, user_id, body.password)


@router.get("/admin", include_in_schema=False)
def admin_page(request: Request, login: Login = Depends(ADMIN)):
    data = overview(request, login)
    return request.app.state.pages.render(request, "admin.html", **data, roles=ROLES)


@router.get("/api/admin", response_model=AdminPage, tags=["admin"], summary="Users and assignments")
def admin_api(request: Request, login: Login = Depends(ADMIN)) -> dict:
    data = overview(request, login)
    return {
        "users": [user_out(u) for u in data["users"]],
        "assignments": [{"supervisor": s.name, "clinician": c.name} for s, c in data["assignments"]],
    }


@router.post("/admin/users", include_in_schema=False)
def add_page(request: Request, name: str = Form(..., max_length=200), role: str = Form(...),
             password: str = Form(..., max_length=1000), login: Login = Depends(ADMIN)):  # fmt: skip
    request.app.state.store.users.add(name, role, password, actor=login.user)
    return RedirectResponse("/admin?done=user-added", status_code=303)


@router.post("/api/admin/users", response_model=UserOut, status_code=201, tags=["admin"], summary="Add a user")
def add_api(request: Request, body: NewUser, login: Login = Depends(ADMIN)) -> dict:
    return user_out(request.app.state.store.users.add(body.name, body.role, body.password, actor=login.user))


@router.post("/admin/users/{user_id}", include_in_schema=False)
def change_page(
    request: Request,
    user_id: int,
    role: str = Form(""),
    active: str = Form(""),
    password: str = Form("", max_length=1000),
    login: Login = Depends(ADMIN),
):
    if role and role not in ROLES:
        raise CandorError(f"a role is one of {', '.join(ROLES)}")
    body = ChangeUser(
        role=role or None, active={"yes": True, "no": False}.get(active), password=password or None
    )
    change(request, login, user_id, body)
    return RedirectResponse("/admin?done=user-changed", status_code=303)


@router.post("/api/admin/users/{user_id}", response_model=UserOut, tags=["admin"],
             summary="Change a user's role, active state or password")  # fmt: skip
def change_api(request: Request, user_id: int, body: ChangeUser, login: Login = Depends(ADMIN)) -> dict:
    change(request, login, user_id, body)
    return user_out(_user(request, login, user_id))


@router.post("/admin/assignments", include_in_schema=False)
def assign_page(request: Request, supervisor: str = Form(...), clinician: str = Form(...),
                remove: str = Form(""), login: Login = Depends(ADMIN)):  # fmt: skip
    users = request.app.state.store.users
    if remove == "yes":
        users.unassign(supervisor, clinician, actor=login.user)
        return RedirectResponse("/admin?done=unassigned", status_code=303)
    users.assign(supervisor, clinician, actor=login.user)
    return RedirectResponse("/admin?done=assigned", status_code=303)


@router.post("/api/admin/assignments", response_model=Done, tags=["admin"], summary="Assign a clinician to a supervisor")
def assign_api(request: Request, body: Assignment, login: Login = Depends(ADMIN)) -> dict:
    request.app.state.store.users.assign(body.supervisor, body.clinician, actor=login.user)
    return {"ok": True}


@router.delete("/api/admin/assignments", response_model=Done, tags=["admin"], summary="Remove an assignment")
def unassign_api(request: Request, supervisor: str, clinician: str, login: Login = Depends(ADMIN)) -> dict:
    request.app.state.store.users.unassign(supervisor, clinician, actor=login.user)
    return {"ok": True}


@router.get("/admin/audit", include_in_schema=False)
def audit_page(request: Request, login: Login = Depends(ADMIN)):
    entries = request.app.state.store.audit.list(login.user, limit=500)
    return request.app.state.pages.render(request, "audit.html", entries=entries)


@router.get("/api/admin/audit", response_model=list[AuditOut], tags=["admin"], summary="The audit log, newest first")
def audit_api(request: Request, limit: int = 200, login: Login = Depends(ADMIN)) -> list:
    return [plain(e) for e in request.app.state.store.audit.list(login.user, limit=max(1, min(limit, 5000)))]
