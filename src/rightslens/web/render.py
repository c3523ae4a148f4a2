"""Pages from Jinja2 templates: autoescaped (report text is untrusted), with what every page
shows (the user, the CSRF token for its forms, the navigation) filled in once here."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import RedirectResponse, Response

from rightslens import __version__
from rightslens.accounts import AuthError
from rightslens.server.auth import csrf_token, current_user, is_public

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.autoescape = True
templates.env.globals["version"] = __version__
templates.env.filters["urlencode_params"] = lambda params: urlencode(
    {k: v for k, v in params.items() if v not in (None, "")}, doseq=True
)

# (path, label, role needed); the header shows the ones the user may open.
NAVIGATION = (
    ("/", "Library", "reader"),
    ("/search", "Search", "reader"),
    ("/entities", "Entities", "reader"),
    ("/compare", "Compare", "reader"),
    ("/trends", "Trends", "reader"),
    ("/export", "Export", "reader"),
    ("/review", "Review", "editor"),
    ("/users", "Users", "admin"),
)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """A page: ``template`` with ``context`` plus the user, CSRF token and navigation; a
    bad API token (this may be the page of its error) shows the page as to anyone."""
    try:
        user = current_user(request)
    except AuthError:
        user = None
    public = is_public(request)
    shared = {
        "user": user,
        "public": public,
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "navigation": [
            (path, label)
            for path, label, role in NAVIGATION
            if role == "reader" or (user is not None and not public and user.can(role))
        ],
        "path": request.url.path,
    }
    return templates.TemplateResponse(
        request, template, {**shared, **(context or {})}, status_code=status
    )


def error_page(request: Request, status: int, message: str) -> Response:
    """Errors outside ``/api`` as pages; no login sends the browser to the login page."""
    if status == 401:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return render(request, "error.html", {"status": status, "message": message}, status)


def redirect(url: str) -> RedirectResponse:
    """After a form post: see the result with a GET (so a reload does not post again)."""
    return RedirectResponse(url, status_code=303)
