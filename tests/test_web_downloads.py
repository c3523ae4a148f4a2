"""Downloads: the export tables as the CLI writes them, Parquet, and briefs as attachments."""

from __future__ import annotations

import io

import httpx
import pytest

from rightslens import api
from rightslens.find.export import TABLES, Filters, columns
from tests.web import sample_site

base_url, client = sample_site("export-reader")


def test_web_downloads_export_page_offers_every_table_and_a_brief(client):
    page = client.get("/export")
    assert page.status_code == 200
    for table in TABLES:
        assert f'formaction="/export/{table}"' in page.text
    assert 'action="/brief"' in page.text
    assert '<a href="/export" aria-current="page">Export</a>' in page.text


def test_web_downloads_events_csv_is_what_the_cli_writes(client, sample_store):
    response = client.get(
        "/export/events", params={"format": "csv", "country": "KZ", "years": "2019", "type": ""}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="rightslens-events-KZ-2019.csv"'
    )
    rows = list(api.export_rows(sample_store, "events", Filters(("KZ",), (2019, 2019)), False))
    expected = io.StringIO()
    api.write_table(rows, "events", "csv", expected, False)
    assert response.text.splitlines()[0] == ",".join(columns("events"))
    assert response.text == expected.getvalue()
    assert len(rows) > 10


def test_web_downloads_parquet_is_valid_parquet(client, sample_store):
    polars = pytest.importorskip("polars")
    response = client.get("/export/sections", params={"format": "parquet", "country": "KZ"})
    assert response.status_code == 200
    assert "rightslens-sections-KZ.parquet" in response.headers["content-disposition"]
    frame = polars.read_parquet(io.BytesIO(response.content))
    assert frame.columns == columns("sections", content=False)
    assert frame.height == len(list(api.export_rows(sample_store, "sections", Filters(("KZ",)))))


def test_web_downloads_refuse_unknown_tables_and_formats(client):
    assert client.get("/export/people").status_code == 404
    assert client.get("/export/events", params={"format": "xlsx"}).status_code == 400
    assert client.get("/export/events", params={"years": "2023-2012"}).status_code == 400


def test_web_downloads_need_a_login(base_url):
    with httpx.Client(base_url=base_url, timeout=30) as anonymous:
        response = anonymous.get("/export/events", follow_redirects=False)
    assert response.status_code == 303


def test_web_downloads_markdown_brief_quotes_with_citations(client):
    response = client.get(
        "/brief",
        params={"country": "KZ", "topic": "journalists", "years": "2023", "format": "md"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="rightslens-brief-KZ-journalists-2023.md"'
    )
    quotes = [line for line in response.text.splitlines() if line.startswith("> ")]
    assert quotes, "the brief quotes no passage"
    citations = [line for line in quotes if line.startswith("> — usdos/KZ/2023")]
    assert citations and all("¶" in line for line in citations)


def test_web_downloads_docx_brief_opens_in_python_docx(client):
    docx = pytest.importorskip("docx")
    response = client.get(
        "/brief",
        params={"country": "Kazakhstan", "topic": "journalists", "years": "2023", "format": "docx"},
    )
    assert response.status_code == 200
    assert response.headers["content-disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    styles = {paragraph.style.name for paragraph in document.paragraphs}
    assert "Quote" in styles
    assert any("usdos/KZ/2023" in paragraph.text for paragraph in document.paragraphs)
