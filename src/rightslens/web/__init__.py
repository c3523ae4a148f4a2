"""The web UI: server-rendered pages over the same library functions as the CLI and the API.

One module a page family (library, reader, search, entities, compare, trends,
review, account); templates in ``templates/``, CSS, a little JavaScript and the
chart library in ``static/`` (served from the package: no CDN).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from rightslens.server.errors import install_error_handlers
from rightslens.web import (
    account,
    compare,
    downloads,
    entities,
    library,
    reader,
    review,
    search,
    trends,
)
from rightslens.web.render import HERE, error_page

PAGES = (account, library, reader, review, search, entities, compare, trends, downloads)


def install_web(app: FastAPI) -> None:
    """Mount the pages at ``/`` and their assets at ``/static``."""
    install_error_handlers(app, html=error_page)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in PAGES:
        app.include_router(module.router)
