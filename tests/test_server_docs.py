"""The OpenAPI page works offline: every asset it loads is served by the app itself."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rightslens.server import create_app
from rightslens.server.docs import install_docs


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("docs") / "empty.db"
    with TestClient(create_app(str(db))) as http:
        yield http


def _asset_urls(page: str) -> list[str]:
    """Every URL the page loads: script, stylesheet and icon links, and the OpenAPI document."""
    return re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page)


def test_docs_page_references_only_local_urls(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and "swagger" in page.text.lower()
    urls = _asset_urls(page.text)
    assert any(u.endswith("swagger-ui-bundle.js") for u in urls), urls
    assert "/api/openapi.json" in urls
    assert "http://" not in page.text and "https://" not in page.text
    for url in urls:
        assert url.startswith("/"), f"the docs page loads {url} from elsewhere"
        assert not url.startswith("//"), url


def test_docs_assets_are_served(client):
    urls = _asset_urls(client.get("/api/docs").text)
    script = next(u for u in urls if u.endswith(".js"))
    response = client.get(script)
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert "SwaggerUIBundle" in response.text
    stylesheet = next(u for u in urls if u.endswith(".css"))
    assert client.get(stylesheet).status_code == 200


def test_docs_openapi_document_is_3_1_which_the_bundled_ui_renders(client):
    # Swagger UI 4 cannot render OpenAPI 3.1: the bundle served must be version 5.
    assert client.get("/api/openapi.json").json()["openapi"].startswith("3.1")
    script = next(u for u in _asset_urls(client.get("/api/docs").text) if u.endswith(".js"))
    assert re.search(r'"5\.\d+\.\d+"', client.get(script).text)


def test_install_docs_serves_any_app_under_its_root_path():
    app = FastAPI(docs_url=None, openapi_url="/api/openapi.json")
    install_docs(app)
    with TestClient(app, root_path="/mounted") as http:
        page = http.get("/api/docs").text
    assert "/mounted/api/docs/static/swagger-ui-bundle.js" in page
    assert "/mounted/api/openapi.json" in page
