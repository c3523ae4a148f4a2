"""The OpenAPI page, served whole by the app itself so that it works offline.

FastAPI's own page loads Swagger UI from a CDN and is blank without internet.
The ``fastapi-offline`` package ships Swagger UI 5 (which renders the OpenAPI
3.1 documents FastAPI writes; the older bundle in ``swagger-ui-bundle`` does
not); its files are mounted under ``/api/docs/static`` and the page points there.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import Request

DOCS_PATH = "/api/docs"


def install_docs(app: FastAPI, path: str = DOCS_PATH) -> None:
    """Serve the Swagger UI page for ``app.openapi_url`` at ``path``, its assets under
    ``path/static`` (create the app with ``docs_url=None``)."""
    static = f"{path}/static"
    assets = files("fastapi_offline") / "static"
    app.mount(static, StaticFiles(directory=str(assets)), name="docs-static")
    redirect = f"{path}/oauth2-redirect"

    async def swagger_page(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} API",
            oauth2_redirect_url=f"{root}{redirect}",
            swagger_js_url=f"{root}{static}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{static}/swagger-ui.css",
            swagger_favicon_url=f"{root}{static}/favicon.png",
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    app.add_api_route(path, swagger_page, methods=["GET"], include_in_schema=False)
    app.add_api_route(redirect, oauth2_redirect, methods=["GET"], include_in_schema=False)
