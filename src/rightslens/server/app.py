"""The app factory: one store per app, the web UI at ``/``, the API under ``/api`` with its
OpenAPI page at ``/api/docs``; both behind the same accounts (``server.auth``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from rightslens import __version__, api
from rightslens.server import compare, documents, entities, export, facts, search, upload
from rightslens.server.auth import install_sessions, requires
from rightslens.server.docs import install_docs
from rightslens.server.errors import API_PREFIX, install_error_handlers
from rightslens.store import SQLStore
from rightslens.store.accounts import session_secret

DESCRIPTION = """\
Country human rights reports as structured, evidence-linked data.

Send an API token as `Authorization: Bearer TOKEN` (make one with
`rightslens users token NAME`, or on the web UI's account page); a store served
with `--public` needs none and is read-only.

Name a report by `PUBLISHER/COUNTRY/YEAR` (`/api/documents/usdos/KZ/2023`) or by its id.
Every fact carries the words that support it, offsets into the report's clean text
(`.../text`) and a citation (topic heading, paragraph number). Errors are JSON:
`{"error": "...", "parameter": "..."}` with a 4xx status.
"""


def create_app(
    db: str | SQLStore, *, public: bool = False, secure_cookies: bool = False, web: bool = True
) -> FastAPI:
    """The web UI and REST API over one store: a SQLite file, a database URL, or an open
    ``SQLStore``.

    ``public`` publishes the store read-only with no login; ``secure_cookies`` marks the
    session cookie Secure (serve over HTTPS then); ``web=False`` serves the API alone.
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
        docs_url=None,  # served offline by install_docs
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=lifespan,
    )
    install_docs(app)
    app.state.store = store
    app.state.public = public
    install_sessions(app, session_secret(store), secure_cookies)

    routes = APIRouter(prefix=API_PREFIX, dependencies=[Depends(requires("reader"))])
    routes.add_api_route("", _index, methods=["GET"], tags=["about"])
    for module in (documents, upload, entities, search, compare, export, facts):
        routes.include_router(module.router)
    app.include_router(routes)
    if web:
        from rightslens.web import install_web

        install_web(app)
    else:
        install_error_handlers(app)
    return app


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


# What ``app_from_environment`` reads: ``rightslens serve --workers N`` starts N processes,
# and each builds its own app (and opens its own connection to the store) from these.
ENV_DB, ENV_PUBLIC, ENV_SECURE = "RIGHTSLENS_DB", "RIGHTSLENS_PUBLIC", "RIGHTSLENS_SECURE_COOKIES"


def app_from_environment() -> FastAPI:
    """The app of one server worker process, configured by environment variables."""
    import os

    return create_app(
        os.environ[ENV_DB],
        public=os.environ.get(ENV_PUBLIC) == "1",
        secure_cookies=os.environ.get(ENV_SECURE) == "1",
    )
