"""The app factory: one store per app, the API under ``/api``, its OpenAPI page at ``/api/docs``.

``/`` is left to the web UI; for now it answers with a pointer to the API.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from rightslens import __version__, api
from rightslens.server import compare, documents, entities, export, search
from rightslens.server.errors import install_error_handlers
from rightslens.store import SQLStore

API_PREFIX = "/api"
DESCRIPTION = """\
Country human rights reports as structured, evidence-linked data, read-only.

Name a report by `PUBLISHER/COUNTRY/YEAR` (`/api/documents/usdos/KZ/2023`) or by its id.
Every fact carries the words that support it, offsets into the report's clean text
(`.../text`) and a citation (topic heading, paragraph number). Errors are JSON:
`{"error": "...", "parameter": "..."}` with a 4xx status.
"""


def create_app(db: str | SQLStore) -> FastAPI:
    """The REST API over one store: a SQLite file, a database URL, or an open ``SQLStore``.

    A store opened here is closed when the app shuts down; one passed in stays the
    caller's to close.
    """
    owned = not isinstance(db, SQLStore)
    store = api.open_store(db) if owned else db

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="rightslens",
        version=__version__,
        description=DESCRIPTION,
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=lifespan,
    )
    app.state.store = store
    install_error_handlers(app)

    routes = APIRouter(prefix=API_PREFIX)
    routes.add_api_route("", _index, methods=["GET"], tags=["about"])
    for module in (documents, entities, search, compare, export):
        routes.include_router(module.router)
    app.include_router(routes)
    app.add_api_route("/", _root, methods=["GET"], include_in_schema=False)
    return app


def _root() -> dict[str, Any]:
    return {"name": "rightslens", "version": __version__, "api": API_PREFIX, "docs": "/api/docs"}


def _index() -> dict[str, str]:
    """Where each part of the API is."""
    return {
        "documents": f"{API_PREFIX}/documents",
        "entities": f"{API_PREFIX}/entities",
        "search": f"{API_PREFIX}/search?q=",
        "compare": f"{API_PREFIX}/compare?a=&b=",
        "trend": f"{API_PREFIX}/trend?country=",
        "brief": f"{API_PREFIX}/brief?country=&topic=&years=",
        "export": f"{API_PREFIX}/export/{{table}}?format=csv",
        "docs": f"{API_PREFIX}/docs",
        "openapi": f"{API_PREFIX}/openapi.json",
    }
