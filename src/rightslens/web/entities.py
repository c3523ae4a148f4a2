"""Entity pages: the people, organizations and places resolved across reports, and one of them
through the years (a timeline, every mention in its sentence, the events of that sentence)."""

from __future__ import annotations

from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from rightslens import api
from rightslens.errors import RightslensError
from rightslens.ingest.countries import country_name
from rightslens.model import Mention
from rightslens.server.auth import Reader
from rightslens.server.cite import with_citers
from rightslens.store import SQLStore
from rightslens.store.facts import RESOLVED_TYPES
from rightslens.web.render import render
from rightslens.web.search import country_choices, marked

router = APIRouter(include_in_schema=False)

ENTITIES_PER_PAGE = 50
MENTIONS_PER_PAGE = 100


def _pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


@router.get("/entities")
def entities_page(
    request: Request,
    _user: Reader,
    type: str = "",
    q: str = "",
    country: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    store = request.app.state.store
    if type and type not in RESOLVED_TYPES:
        raise RightslensError(
            f"unknown entity type {type!r}: use one of {', '.join(RESOLVED_TYPES)}"
        )
    found = api.select_entities(store, type or None, q, country or None)
    start = (page - 1) * ENTITIES_PER_PAGE
    countries = country_choices(d.country for d in api.documents(store))
    context = {
        "entities": found[start : start + ENTITIES_PER_PAGE],
        "total": len(found),
        "first": start + 1,
        "page": page,
        "last_page": _pages(len(found), ENTITIES_PER_PAGE),
        "params": {"type": type, "q": q, "country": country},
        "types": RESOLVED_TYPES,
        "countries": countries,
        "country_names": dict(countries),
    }
    return render(request, "entities.html", context)


@router.get("/entities/{entity_id}")
def entity_page(
    request: Request,
    _user: Reader,
    entity_id: Annotated[int, Path(ge=1)],
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    store = request.app.state.store
    entity, mentions = api.entity(store, entity_id)
    years = api.entity_years(mentions)
    start = (page - 1) * MENTIONS_PER_PAGE
    shown = cited_mentions(store, mentions[start : start + MENTIONS_PER_PAGE])
    context = {
        "entity": entity,
        "country": getattr(entity, "country", None),
        "country_name": country_name,
        "years": years,
        "most": max((y["mentions"] for y in years), default=1),
        "by_year": [(year, list(group)) for year, group in groupby(shown, lambda m: m["year"])],
        "total": len(mentions),
        "first": start + 1,
        "page": page,
        "last_page": _pages(len(mentions), MENTIONS_PER_PAGE),
    }
    return render(request, "entity.html", context)


def cited_mentions(store: SQLStore, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Each mention with where it stands (report id, heading, paragraph) and its sentence
    with the mention's words marked; each report read once."""
    shown = []
    for mention, citer in with_citers(store, mentions):
        fact, sentence = mention.fact, mention.fact.sentence
        within = (fact.quote.start - sentence.start, fact.quote.end - sentence.start)
        shown.append(
            {
                "year": mention.year,
                "document": mention.document,
                "document_id": citer.summary.id if citer else None,
                "cite": citer(fact.quote.start) if citer else None,
                "section": mention.section,
                "sentence": marked(sentence.text, [within], f"fact fact-{fact.type}"),
                "events": mention.events,
            }
        )
    return shown
