"""Trends: counts per year for one country (events by type, an entity's mentions, a topic's
paragraphs) as a Chart.js chart over the same numbers as an accessible table.

The chart reads its data from a JSON block (``tojson`` escapes ``<``, ``>`` and ``&``, so
no value can close the script element); the table under it is what a browser without
JavaScript, or a screen reader, gets.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from rightslens import api
from rightslens.errors import NotFoundError, RightslensError
from rightslens.extract.event_rules import TRIGGERS
from rightslens.find.plot import series
from rightslens.find.trend import Trend
from rightslens.ingest.countries import country_code, country_name
from rightslens.segment.topics import topic_descriptions
from rightslens.server.auth import Reader
from rightslens.store import SQLStore
from rightslens.web.render import render

router = APIRouter(include_in_schema=False)


def given(value: str | None) -> str | None:
    """A form field as typed, or None when left empty (GET forms send empty fields)."""
    return (value.strip() or None) if value else None


def trend_query(
    country: str | None = None,
    event_type: str | None = None,
    entity: str | None = None,
    section: str | None = None,
) -> dict[str, str | None]:
    """The trend the page or its download is asked for: its form fields, empty ones None."""
    return {
        "country": given(country),
        "event_type": given(event_type),
        "entity": given(entity),
        "section": given(section),
    }


TrendQuery = Annotated[dict[str, str | None], Depends(trend_query)]


def stored_countries(store: SQLStore) -> list[tuple[str, str, int]]:
    """(code, name, number of reports) of every country with a stored report, most first."""
    counts = Counter(d.country for d in api.documents(store) if d.country)
    return [
        (code, country_name(code), count)
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


@cache
def topic_choices() -> tuple[tuple[str, str], ...]:
    """(taxonomy id, label indented by its depth) for topic selects: the taxonomy is package
    data, so it is read once."""
    return tuple(
        (topic_id, "\u2003" * (level - 1) + f"{topic_id} · {about}")
        for topic_id, level, about in topic_descriptions()
    )


def trend_of(
    store: SQLStore,
    country: str | None,
    event_type: str | None,
    entity: str | None,
    section: str | None,
) -> Trend:
    """The trend a page or download asks for; the country with most reports by default."""
    if country is None:
        countries = stored_countries(store)
        if not countries:
            raise NotFoundError("no report is stored yet: upload one in the library")
        country = countries[0][0]
    return api.trend(store, country_code(country), event_type, entity, section)


def trend_table(trend: Trend) -> tuple[list[str], list[list[Any]]]:
    """The counts as a header and rows: a row per year (and publisher when counting every
    event type); None where that year has no report."""
    by_publisher = any(row.publisher for row in trend.rows)
    header = ["year", *(["publisher"] if by_publisher else []), *trend.columns]
    rows = [
        [
            row.year,
            *([row.publisher] if by_publisher else []),
            *(row.values[column] for column in trend.columns),
        ]
        for row in trend.rows
    ]
    return header, rows


def chart_data(trend: Trend) -> dict[str, Any]:
    """What static/trends.js draws: years as labels, a line per series (null: no report)."""
    years = sorted({row.year for row in trend.rows})
    lines = []
    for label, line_years, counts in series(trend):
        by_year = dict(zip(line_years, counts, strict=True))
        points = [by_year.get(year) for year in years]
        lines.append({"label": label, "data": [None if n is None else int(n) for n in points]})
    return {"title": trend.title, "measure": trend.measure, "labels": years, "datasets": lines}


@router.get("/trends")
def trends_page(request: Request, _user: Reader, query: TrendQuery) -> Response:
    store = request.app.state.store
    context: dict[str, Any] = {
        "query": query,
        "countries": stored_countries(store),
        "event_types": sorted(TRIGGERS),
        "topics": topic_choices(),
        "trend": None,
        "error": None,
    }
    status = 200
    try:
        found = trend_of(store, **query)
    except RightslensError as error:
        # The form stays, with what was typed, so a mistyped entity is fixed in place.
        status = 404 if isinstance(error, NotFoundError) else 400
        context["error"] = str(error)
        context["data"] = {"filters": query, "labels": [], "datasets": []}
    else:
        query["country"] = found.country
        header, rows = trend_table(found)
        context.update(trend=found, header=header, rows=rows)
        context["data"] = {**chart_data(found), "filters": {**query, **found.filters}}
    return render(request, "trends.html", context, status)
