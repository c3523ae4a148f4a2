"""Logging in and out, one's own account and API tokens, and (for admins) the users."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from rightslens import accounts
from rightslens.accounts import AuthError, TooManyLogins
from rightslens.errors import RightslensError
from rightslens.model import ROLES, User
from rightslens.server.auth import Admin, Reader, check_csrf, client_address, log_in, log_out
from rightslens.store import accounts as stored
from rightslens.web.render import redirect, render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL an attacker could send people to
    (browsers read ``/\\host`` as ``//host``)."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and target.isprintable()
    ):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "error": None})


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    await check_csrf(request)
    try:
        user = accounts.authenticate(
            request.app.state.store, name, password, client_address(request)
        )
    except AuthError as error:
        context = {"next": _safe_next(next), "error": str(error), "name": name}
        status = 429 if isinstance(error, TooManyLogins) else 401
        return render(request, "login.html", context, status=status)
    log_in(request, user)
    return redirect(_safe_next(next))


@router.post("/logout")
def logout(request: Request, _user: Reader) -> Response:
    log_out(request)
    return redirect("/login")


def _account(request: Request, user: User | None, status: int = 200, **shown: Any) -> Response:
    """The account page with the user's tokens (none on a public store) and what a form post
    has to say."""
    tokens = stored.list_tokens(request.app.state.store, user.id) if user else []
    return render(request, "account.html", {"tokens": tokens, **shown}, status)


def _users(request: Request, status: int = 200, **shown: Any) -> Response:
    """The users page (for admins) and what a form post has to say."""
    users = stored.list_users(request.app.state.store)
    return render(request, "users.html", {"users": users, "roles": ROLES, **shown}, status)


@router.get("/account")
def account_page(request: Request, user: Reader) -> Response:
    return _account(request, user)


@router.post("/account/password")
def change_password(
    request: Request,
    user: Reader,
    current: Annotated[str, Form()],
    new: Annotated[str, Form()],
) -> Response:
    store = request.app.state.store
    try:
        accounts.authenticate(store, user.name, current, client_address(request))
        accounts.set_password(store, user.name, new)
    except RightslensError as error:
        return _account(request, user, 400, error=str(error))
    # The new password ended every session of this user; this browser goes on in a new one.
    log_in(request, user)
    return _account(request, user, message="Password changed. Your other sessions have ended.")


@router.post("/account/tokens")
def make_token(request: Request, user: Reader, label: Annotated[str, Form()] = "") -> Response:
    token = accounts.new_token(request.app.state.store, user.name, label)
    # Shown once on this page, never stored: only its hash is kept.
    return _account(request, user, new_token=token)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, user: Reader, token_id: int) -> Response:
    stored.revoke_token(request.app.state.store, user.id, token_id)
    return redirect("/account")


@router.get("/users")
def users_page(request: Request, _admin: Admin) -> Response:
    return _users(request)


@router.post("/users")
def add_user(
    request: Request,
    _admin: Admin,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()] = "reader",
) -> Response:
    try:
        accounts.create_user(request.app.state.store, name, password, role)
    except RightslensError as error:
        return _users(request, 400, error=str(error))
    return redirect("/users")


@router.post("/users/{name}/role")
def change_role(
    request: Request, admin: Admin, name: str, role: Annotated[str, Form()]
) -> Response:
    if name == admin.name and role != "admin":
        raise RightslensError("an admin cannot lower their own role (ask another admin)")
    accounts.set_role(request.app.state.store, name, role)
    return redirect("/users")


@router.post("/users/{name}/delete")
def delete_user(request: Request, admin: Admin, name: str) -> Response:
    if name == admin.name:
        raise RightslensError("an admin cannot delete themselves")
    stored.delete_user(request.app.state.store, name)
    return redirect("/users")
