"""Errors as JSON: ``{"error": message, "parameter": name}`` with a 4xx status, never a bare 500.

NotFoundError -> 404, any other RightslensError -> 400, a parameter FastAPI cannot
parse -> 422, no login -> 401, a role too low -> 403; each message says which
parameter is at fault and what it should be. Outside ``/api`` the web UI may
render the same errors as pages (``html``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from rightslens.errors import NotFoundError, RightslensError
from rightslens.server.auth import Forbidden, Unauthorized
from rightslens.server.schemas import ErrorOut

API_PREFIX = "/api"
# Renders an error as a page of the web UI: (request, status, message) -> response.
HtmlErrors = Callable[[Request, int, str], Response]

log = logging.getLogger("rightslens.server")

# What routes declare, so the OpenAPI page shows the error schema instead of FastAPI's.
ERROR_RESPONSES: dict[int | str, dict] = {
    400: {"model": ErrorOut, "description": "A parameter that makes no sense."},
    404: {"model": ErrorOut, "description": "No such document, topic or entity."},
    422: {"model": ErrorOut, "description": "A parameter of the wrong type or out of range."},
    401: {"model": ErrorOut, "description": "No session or API token."},
    403: {"model": ErrorOut, "description": "A role too low, or a read-only store."},
}


def error_response(status: int, message: str, parameter: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "parameter": parameter}, status_code=status)


def install_error_handlers(app: FastAPI, html: HtmlErrors | None = None) -> None:
    def respond(
        request: Request, status: int, message: str, parameter: str | None = None
    ) -> Response:
        if html is not None and not request.url.path.startswith(API_PREFIX):
            return html(request, status, message)
        return error_response(status, message, parameter)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, error: Unauthorized) -> Response:
        return respond(request, 401, str(error))

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return respond(request, 403, str(error))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: NotFoundError) -> Response:
        return respond(request, 404, str(error), getattr(error, "parameter", None))

    @app.exception_handler(RightslensError)
    async def bad_request(request: Request, error: RightslensError) -> Response:
        return respond(request, 400, str(error), getattr(error, "parameter", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        problems = error.errors()
        names = [_parameter(problem.get("loc", ())) for problem in problems]
        message = "; ".join(
            f"{name}: {problem.get('msg', 'invalid')}"
            for name, problem in zip(names, problems, strict=True)
        )
        return respond(request, 422, message or "invalid request", names[0] if names else None)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        message = str(error.detail)
        if error.status_code == 404:
            message = f"no route {request.url.path} (see /api/docs)"
        elif error.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}"
        return respond(request, error.status_code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> Response:
        log.exception("error serving %s", request.url)
        return respond(request, 500, f"internal error ({type(error).__name__}); see the server log")


def _parameter(location: tuple | list) -> str:
    """``("query", "limit")`` -> ``"limit"``; a path of a body field keeps its dots."""
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"
