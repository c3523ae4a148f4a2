"""Downloads: the five export tables (CSV, JSON Lines, Parquet), a brief (Markdown, HTML,
DOCX), and what the trends and compare pages show (CSV, JSON).

The tables come from the same functions as ``rightslens export`` and the REST API's export
route (its filters and streaming are shared); every file is sent as an attachment with a
name saying what it holds.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.responses import Response

from rightslens import api
from rightslens.errors import NotFoundError, RightslensError
from rightslens.find.brief import BRIEF_FORMATS
from rightslens.find.compare import comparison_record
from rightslens.find.export import FORMATS, TABLES
from rightslens.ingest.countries import country_code
from rightslens.model import FACT_CLASSES
from rightslens.server.auth import Reader
from rightslens.server.export import MEDIA_TYPES, export_filters, table_chunks
from rightslens.server.params import checked, year_range
from rightslens.store import SQLStore
from rightslens.web.compare import CompareQuery, comparison_of
from rightslens.web.files import attachment, file_name, send_file, written
from rightslens.web.render import render
from rightslens.web.trends import (
    TrendQuery,
    given,
    stored_countries,
    topic_choices,
    trend_of,
    trend_table,
)

router = APIRouter(include_in_schema=False)

PARQUET_TYPE = "application/vnd.apache.parquet"
BRIEF_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
Listed = Annotated[list[str] | None, Query()]


def _span(years: tuple[int, int] | None) -> str | None:
    """A year range as a file name says it: 2019, or 2017-2023."""
    if years is None:
        return None
    return str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"


def _filled(values: list[str] | None) -> list[str]:
    """A repeatable form field without its empty choices ("all")."""
    return [value.strip() for value in values or () if value and value.strip()]


@router.get("/export")
def export_page(request: Request, _user: Reader) -> Response:
    store = request.app.state.store
    reports = api.documents(store)
    context = {
        "tables": TABLES,
        "formats": FORMATS,
        "brief_formats": BRIEF_FORMATS,
        "countries": stored_countries(store),
        "publishers": sorted({d.publisher for d in reports}),
        "years": sorted({d.year for d in reports if d.year is not None}),
        "fact_types": tuple(FACT_CLASSES),
        "topics": topic_choices(),
    }
    return render(request, "export.html", context)


@router.get("/export/{table}")
def export_table(
    request: Request,
    _user: Reader,
    table: str,
    fmt: Annotated[str, Query(alias="format")] = "csv",
    country: Listed = None,
    years: str | None = None,
    publisher: Listed = None,
    fact_type: Annotated[list[str] | None, Query(alias="type")] = None,
    all_versions: bool = False,
    content: bool = False,
) -> Response:
    """A table as a file, with the filters of ``rightslens export``."""
    if table not in TABLES:
        raise NotFoundError(f"no table {table!r}: the tables are {', '.join(TABLES)}")
    if fmt not in FORMATS:
        raise RightslensError(f"format: use one of {', '.join(FORMATS)}")
    store: SQLStore = request.app.state.store
    countries, publishers, types = _filled(country), _filled(publisher), _filled(fact_type)
    filters = export_filters(table, countries, given(years), publishers, types, all_versions)
    rows = api.export_rows(store, table, filters, content)
    name = file_name(
        table,
        *filters.countries,
        _span(filters.years),
        *filters.publishers,
        *types,
        suffix=fmt,
    )
    if fmt != "parquet":
        chunks = table_chunks(rows, table, fmt, content)
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=attachment(name))
    # Parquet is written whole to a file (its footer indexes the columns), then sent.
    data = written(lambda path: api.write_table(rows, table, "parquet", path, content), name)
    return send_file(data, PARQUET_TYPE, name)


@router.get("/brief")
def brief_file(
    request: Request,
    _user: Reader,
    country: str,
    topic: str,
    years: str | None = None,
    fmt: Annotated[str, Query(alias="format")] = "md",
    publisher: Listed = None,
) -> Response:
    """A country-of-origin brief as ``rightslens brief`` writes it; every stored year of the
    country when no years are given."""
    if fmt not in BRIEF_FORMATS:
        raise RightslensError(f"format: use one of {', '.join(BRIEF_FORMATS)}")
    if not topic.strip():
        raise RightslensError("topic: give a taxonomy id (s2.expression) or words")
    store: SQLStore = request.app.state.store
    code = checked("country", country_code, country)
    span = year_range(given(years)) or _stored_years(store, code)
    made = api.build_brief(store, code, topic, span, tuple(_filled(publisher)))
    name = file_name("brief", code, topic, _span(span), suffix=fmt)
    data = written(lambda path: api.write_brief(made, path, fmt), name)
    return send_file(data, BRIEF_TYPES[fmt], name)


def _stored_years(store: SQLStore, code: str) -> tuple[int, int]:
    years = [d.year for d in api.documents(store, country=code) if d.year is not None]
    if not years:
        raise NotFoundError(f"country: no stored report on {code}")
    return min(years), max(years)


@router.get("/trends/download")
def trend_csv(request: Request, _user: Reader, query: TrendQuery) -> Response:
    """The trends page's table as CSV (an empty cell: no report that year)."""
    found = trend_of(request.app.state.store, **query)
    header, rows = trend_table(found)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    asked = (query["event_type"], query["entity"], query["section"])
    name = file_name("trend", found.country, *asked, suffix="csv")
    return send_file(buffer.getvalue(), MEDIA_TYPES["csv"], name)


@router.get("/compare/download")
def comparison_json(request: Request, _user: Reader, asked: CompareQuery) -> Response:
    """The compare page's comparison as JSON (``rightslens compare --json``)."""
    comparison = comparison_of(request.app.state.store, **asked)
    text = json.dumps(comparison_record(comparison), ensure_ascii=False, indent=2)
    key_a, key_b = comparison.a.key, comparison.b.key
    name = file_name("compare", key_a, key_b, asked["section"], suffix="json")
    return send_file(text, "application/json", name)
