"""The export route: a table of the store as CSV or JSON Lines, streamed report by report."""

import io
import itertools
from collections.abc import Iterable, Iterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse

from rightslens.find.export import TABLES, Filters, export_rows, write_table
from rightslens.ingest.countries import country_code
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import StoreDep, YearsQuery, checked, year_range

router = APIRouter(tags=["export"], responses=ERROR_RESPONSES)

Table = Literal[tuple(TABLES)]  # type: ignore[valid-type]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson"}
ROWS_PER_CHUNK = 500


@router.get(
    "/export/{table}",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def export(
    store: StoreDep,
    table: Annotated[Table, Path(description="The table (see `rightslens export --columns`).")],
    fmt: Annotated[Literal["csv", "jsonl"], Query(alias="format")] = "csv",
    country: Annotated[
        list[str] | None, Query(description="Only reports on these countries (codes or names).")
    ] = None,
    years: YearsQuery = None,
    publisher: Annotated[list[str] | None, Query(description="Only these publishers.")] = None,
    fact_type: Annotated[
        list[str] | None,
        Query(alias="type", description="facts: only these fact types; entities: this type."),
    ] = None,
    all_versions: Annotated[bool, Query(description="Old versions of reports too.")] = False,
    content: Annotated[
        bool, Query(description="documents: include text, offsets, paragraphs and the source.")
    ] = False,
) -> StreamingResponse:
    """Export a table of the store, with the same stable columns as `rightslens export`."""
    filters = export_filters(table, country, years, publisher, fact_type, all_versions)
    rows = export_rows(store, table, filters, content)  # checks filters before streaming
    return StreamingResponse(
        table_chunks(rows, table, fmt, content),
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'inline; filename="{table}.{fmt}"'},
    )


def export_filters(
    table: str,
    country: list[str] | None,
    years: str | None,
    publisher: list[str] | None,
    fact_type: list[str] | None,
    all_versions: bool,
) -> Filters:
    """An export request's filters, as `rightslens export` builds them; a bad country or
    year range is an error naming its parameter (the web UI's downloads share this)."""
    types = tuple(fact_type or ())
    return Filters(
        countries=tuple(checked("country", country_code, c) for c in country or ()),
        years=year_range(years),
        publishers=tuple(publisher or ()),
        fact_types=types if table == "facts" else (),
        entity_type=types[0] if table == "entities" and types else None,
        all_versions=all_versions,
    )


def table_chunks(
    rows: Iterable[dict[str, Any]], table: str, fmt: str, content: bool
) -> Iterator[str]:
    """The file in pieces of a few hundred rows, so memory stays flat; one CSV header."""
    rows = iter(rows)
    first = True
    while True:
        batch = list(itertools.islice(rows, ROWS_PER_CHUNK))
        if not batch and not first:
            return
        buffer = io.StringIO()
        write_table(batch, table, fmt, buffer, content)
        text = buffer.getvalue()
        if fmt == "csv" and not first:
            text = text.split("\n", 1)[1]  # column names are plain words: one header line
        first = False
        yield text
        if len(batch) < ROWS_PER_CHUNK:
            return
