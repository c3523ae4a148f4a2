"""The library page and uploads (web form and REST), against a real server on a copy of the
sample store (uploads write to it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from rightslens import accounts, api
from rightslens.server import create_app
from tests.conftest import CORPUS, needs_corpus
from tests.web import client_fixture, copy_store, csrf_of, ensure_user, serving

SAMPLE_KEYS = ("usdos/KZ/2012", "usdos/KZ/2017", "usdos/KZ/2019", "usdos/KZ/2023")
# Small real chapters: ingesting one with extraction takes a few seconds.
SMALL_REPORT = CORPUS / "hrw" / "tajikistan-2000.html"
OTHER_SMALL_REPORT = CORPUS / "hrw" / "turkmenistan-2000.html"


@pytest.fixture(scope="module")
def store(sample_store, tmp_path_factory):
    """A copy of the sample store that uploads may change."""
    target = tmp_path_factory.mktemp("library") / "library.db"
    with api.open_store(str(copy_store(sample_store.url, target))) as opened:
        ensure_user(opened, "editor", "editor")
        ensure_user(opened, "reader", "reader")
        yield opened


@pytest.fixture(scope="module")
def url(store) -> Iterator[str]:
    with serving(create_app(store)) as base:
        yield base


editor = client_fixture("editor", url="url")
reader = client_fixture("reader", url="url")


def _upload(client: httpx.Client, name: str, data: bytes, **fields: str) -> httpx.Response:
    token = csrf_of(client.get("/").text)
    return client.post(
        "/upload", data={"csrf_token": token, **fields}, files={"file": (name, data)}
    )


def _keys(store) -> list[tuple[str, int]]:
    return [(d.key, d.version) for d in api.documents(store, all_versions=True)]


def test_web_library_lists_the_samples_by_country_and_year(reader, store):
    page = reader.get("/")
    assert page.status_code == 200
    assert len(page.content) < 1_000_000
    assert "<h2" in page.text and "Kazakhstan" in page.text
    for summary in api.documents(store):
        if summary.key in SAMPLE_KEYS:
            assert f'href="/reports/{summary.id}"' in page.text
            assert f"{summary.words:,}" in page.text
    years = [int(y) for y in re.findall(r'<th scope="rowgroup"[^>]*>(\d{4})</th>', page.text)]
    assert {2012, 2017, 2019, 2023} <= set(years)
    assert years.index(2023) < years.index(2012), "newest year first"


def test_web_library_filters_by_publisher_and_country(reader, store):
    ids = {d.key: d.id for d in api.documents(store)}
    page = reader.get("/", params={"publisher": "usdos", "country": "kz"})
    assert page.status_code == 200
    assert f'href="/reports/{ids["usdos/KZ/2023"]}"' in page.text
    if "hrw/KZ/2012" in ids:
        assert f'href="/reports/{ids["hrw/KZ/2012"]}"' not in page.text
    nothing = reader.get("/", params={"country": "FR"})
    assert "No reports match these filters" in nothing.text


def test_web_library_needs_login_and_shows_upload_form_to_editors_only(url, reader, editor):
    with httpx.Client(base_url=url, timeout=60) as anonymous:
        response = anonymous.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    assert 'action="/upload"' not in reader.get("/").text
    page = editor.get("/").text
    assert 'action="/upload"' in page and 'enctype="multipart/form-data"' in page
    assert "<progress" in page and "/static/upload.js" in page
    assert editor.get("/static/upload.js").status_code == 200


@needs_corpus
def test_web_library_upload_as_editor_lands_in_the_library(editor, store):
    response = _upload(editor, SMALL_REPORT.name, SMALL_REPORT.read_bytes())
    assert response.status_code == 200, response.text[:2000]
    assert "added" in response.text and "hrw/TJ/2000" in response.text
    stored = {d.key: d for d in api.documents(store)}["hrw/TJ/2000"]
    assert stored.path.endswith(SMALL_REPORT.name)
    assert f'href="/reports/{stored.id}"' in response.text
    assert f'href="/reports/{stored.id}"' in editor.get("/").text
    assert "Tajikistan" in editor.get("/").text
    again = _upload(editor, SMALL_REPORT.name, SMALL_REPORT.read_bytes())
    assert again.status_code == 200 and "unchanged" in again.text
    assert [key for key, _ in _keys(store)].count("hrw/TJ/2000") == 1


def test_web_library_upload_as_reader_is_refused(reader, store):
    before = _keys(store)
    response = _upload(reader, "report.txt", b"Some report text.")
    assert response.status_code == 403
    assert "editor role" in response.text
    assert _keys(store) == before


def test_web_library_upload_without_csrf_token_is_refused(editor, store):
    before = _keys(store)
    response = editor.post("/upload", files={"file": ("report.txt", b"Some report text.")})
    assert response.status_code == 403 and "CSRF" in response.text
    assert _keys(store) == before


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("scan.pdf", b"\x00\x01\x02binary junk\xff" * 200, "PDF"),
        ("program.exe", b"MZ\x90\x00", "not a report file"),
    ],
)
def test_web_library_bad_upload_names_the_file_and_stores_nothing(
    editor, store, name, data, problem
):
    before = _keys(store)
    response = _upload(editor, name, data)
    assert response.status_code == 400
    assert "Upload failed" in response.text
    assert name in response.text and problem in response.text
    assert _keys(store) == before


def test_web_library_upload_refuses_a_bad_override(editor, store):
    before = _keys(store)
    response = _upload(editor, "report.txt", b"Some report text.", country="ZZ")
    assert response.status_code == 400 and "unknown country" in response.text
    assert _keys(store) == before


@needs_corpus
def test_web_library_api_upload_with_a_token(url, store):
    editor_token = accounts.new_token(store, "editor", "test")
    reader_token = accounts.new_token(store, "reader", "test")
    files = {"file": (OTHER_SMALL_REPORT.name, OTHER_SMALL_REPORT.read_bytes())}
    with httpx.Client(base_url=url, timeout=120) as client:
        refused = client.post(
            "/api/documents", headers={"Authorization": f"Bearer {reader_token}"}, files=files
        )
        assert refused.status_code == 403 and "editor" in refused.json()["error"]
        response = client.post(
            "/api/documents",
            headers={"Authorization": f"Bearer {editor_token}"},
            files=files,
            data={"year": "2000"},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["file"] == OTHER_SMALL_REPORT.name and body["error"] is None
        [stored] = body["documents"]
        assert stored["outcome"] == "added" and stored["key"] == "hrw/TM/2000"
        listed = client.get(
            "/api/documents", headers={"Authorization": f"Bearer {editor_token}"}
        ).json()
        assert "hrw/TM/2000" in {row["key"] for row in listed}
        bad = client.post(
            "/api/documents",
            headers={"Authorization": f"Bearer {editor_token}"},
            files={"file": ("empty.md", b"")},
        )
        assert bad.status_code == 400
        assert bad.json()["parameter"] == "file" and "empty.md" in bad.json()["error"]
