"""Who is asking: a session cookie (the web UI) or an API token (``Authorization: Bearer``).

Every route states the role it needs with ``Reader``, ``Editor`` or ``Admin``.
A store served with ``public=True`` is read-only and open: no login, and
anything that would write is refused. Unsafe requests authenticated by the
session cookie must carry the session's CSRF token (form field ``csrf_token``
or header ``X-CSRF-Token``); token-authenticated API calls carry no cookie and
need none.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

from rightslens import accounts
from rightslens.accounts import AuthError
from rightslens.model import Role, User

SESSION_COOKIE = "rightslens_session"
SESSION_ID = "sid"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Unauthorized(AuthError):
    """No valid session or token: log in first (401)."""


class Forbidden(AuthError):
    """Logged in, but the role is too low, or the store is published read-only (403)."""


def install_sessions(app: FastAPI, secret: str, secure_cookies: bool) -> None:
    """Signed session cookies: HttpOnly, SameSite=Lax, and Secure when served over HTTPS."""
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret,
        session_cookie=SESSION_COOKIE,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        same_site="lax",
        https_only=secure_cookies,
    )


def is_public(request: Request) -> bool:
    return bool(request.app.state.public)


def log_in(request: Request, user: User) -> None:
    """A new session in the store, its id in the cookie, and a new CSRF token."""
    request.session.clear()
    request.session[SESSION_ID] = accounts.start_session(request.app.state.store, user)
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    """End the session in the store too, so a copy of the cookie is worth nothing."""
    session_id = request.session.get(SESSION_ID)
    if isinstance(session_id, str):
        accounts.end_session(request.app.state.store, session_id)
    request.session.clear()


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (forms embed it)."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


def current_user(request: Request) -> User | None:
    """The user a request comes from, or None; a bad token is an error, not anonymity."""
    if hasattr(request.state, "user"):  # asked once per request, answered from then on
        return request.state.user
    header = request.headers.get("authorization", "")
    user: User | None = None
    if header.lower().startswith("bearer "):
        request.state.via_token = True
        try:
            user = accounts.user_for_token(request.app.state.store, header[7:])
        except AuthError as error:
            raise Unauthorized(str(error)) from None
    elif "session" in request.scope and isinstance(request.session.get(SESSION_ID), str):
        user = accounts.user_for_session(request.app.state.store, request.session[SESSION_ID])
    request.state.user = user
    return user


async def check_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS or getattr(request.state, "via_token", False):
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD) if "session" in request.scope else None
    if not expected or not isinstance(sent, str) or not hmac.compare_digest(sent, expected):
        raise Forbidden("missing or stale CSRF token: reload the page and try again")


def requires(role: Role):
    """A dependency that yields the user when they have ``role``; readers may be anonymous on
    a public store, where nothing above reading is allowed."""

    async def dependency(request: Request) -> User | None:
        user = current_user(request)
        if is_public(request):
            if role != "reader" or request.method not in SAFE_METHODS:
                raise Forbidden("this store is published read-only")
            return user
        if user is None:
            raise Unauthorized("log in first, or send an API token as 'Authorization: Bearer'")
        if not user.can(role):
            raise Forbidden(f"this needs the {role} role; {user.name} is a {user.role}")
        await check_csrf(request)
        return user

    return dependency


Reader = Annotated[User | None, Depends(requires("reader"))]
Editor = Annotated[User, Depends(requires("editor"))]
Admin = Annotated[User, Depends(requires("admin"))]
