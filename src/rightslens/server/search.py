"""The search route: passages that answer a query, best first, each with its citation."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from rightslens.find.query import parse
from rightslens.find.search import SearchHit, make_filters, search
from rightslens.ingest.countries import country_code
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import ParameterError, StoreDep, YearsQuery, checked, year_range

router = APIRouter(tags=["search"], responses=ERROR_RESPONSES)


class SearchOut(BaseModel):
    """The hits of one query; ``highlights`` are offsets of matched words within ``text``."""

    query: str
    hits: list[SearchHit]


@router.get("/search", response_model=SearchOut)
def search_passages(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            description='Words, "phrases", AND/OR/NOT, -word, prefix*.',
            examples=['"death in custody" OR tortur*'],
        ),
    ],
    country: Annotated[str | None, Query(description="A country code or name.")] = None,
    years: YearsQuery = None,
    publisher: Annotated[str | None, Query(description="usdos, hrw or amnesty.")] = None,
    section: Annotated[
        str | None, Query(description="Only this topic (a taxonomy id) and its subtopics.")
    ] = None,
    entity: Annotated[
        str | None, Query(description="Only paragraphs that mention this person, group or place.")
    ] = None,
    event_type: Annotated[
        str | None, Query(description="Only paragraphs holding an event of this type.")
    ] = None,
    all_versions: Annotated[bool, Query(description="Older versions of reports too.")] = False,
    semantic: Annotated[
        bool, Query(description='Blend in ranking by meaning (needs "rightslens[semantic]").')
    ] = False,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many passages.")] = 10,
) -> dict:
    """Passages that answer a query, best first (BM25, optionally fused with meaning).

    A query whose syntax is broken (an unclosed quote) is read as its bare words.
    """
    if not semantic and parse(q) is None:
        raise ParameterError("q", f"{q!r} holds no word to search for")
    filters = make_filters(
        store,
        country=checked("country", country_code, country) if country else None,
        years=year_range(years),
        publisher=publisher,
        section=section,
        entity=entity,
        event_type=event_type,
        all_versions=all_versions,
    )
    return {"query": q, "hits": search(store, q, filters, limit=limit, semantic=semantic)}
