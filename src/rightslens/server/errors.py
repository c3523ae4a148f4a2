"""Errors as JSON: ``{"error": message, "parameter": name}`` with a 4xx status, never a bare 500.

NotFoundError -> 404, any other RightslensError -> 400, a parameter FastAPI cannot
parse -> 422; each message says which parameter is at fault and what it should be.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from rightslens.errors import NotFoundError, RightslensError
from rightslens.server.schemas import ErrorOut

log = logging.getLogger("rightslens.server")

# What routes declare, so the OpenAPI page shows the error schema instead of FastAPI's.
ERROR_RESPONSES: dict[int | str, dict] = {
    400: {"model": ErrorOut, "description": "A parameter that makes no sense."},
    404: {"model": ErrorOut, "description": "No such document, topic or entity."},
    422: {"model": ErrorOut, "description": "A parameter of the wrong type or out of range."},
}


def error_response(status: int, message: str, parameter: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "parameter": parameter}, status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFoundError)
    async def not_found(_request: Request, error: NotFoundError) -> JSONResponse:
        return error_response(404, str(error), getattr(error, "parameter", None))

    @app.exception_handler(RightslensError)
    async def bad_request(_request: Request, error: RightslensError) -> JSONResponse:
        return error_response(400, str(error), getattr(error, "parameter", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        names = [_parameter(problem.get("loc", ())) for problem in problems]
        message = "; ".join(
            f"{name}: {problem.get('msg', 'invalid')}"
            for name, problem in zip(names, problems, strict=True)
        )
        return error_response(422, message or "invalid request", names[0] if names else None)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        message = str(error.detail)
        if error.status_code == 404:
            message = f"no route {request.url.path} (see /api/docs)"
        elif error.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}: the API reads only"
        return error_response(error.status_code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception) -> JSONResponse:
        log.exception("error serving %s", request.url)
        return error_response(500, f"internal error ({type(error).__name__}); see the server log")


def _parameter(location: tuple | list) -> str:
    """``("query", "limit")`` -> ``"limit"``; a path of a body field keeps its dots."""
    parts = [str(part) for part in location if part not in ("query", "path", "body", "header")]
    return ".".join(parts) or "request"
