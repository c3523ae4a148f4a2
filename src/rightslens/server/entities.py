"""Routes on entities: people, organizations and places resolved across every report."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from rightslens import api
from rightslens.errors import NotFoundError
from rightslens.ingest.countries import country_code
from rightslens.model import EntitySummary, Mention
from rightslens.server.cite import with_citers
from rightslens.server.errors import ERROR_RESPONSES
from rightslens.server.params import Limit, Offset, StoreDep, UnknownValueError, checked
from rightslens.server.schemas import EntityDetail, EntityPage
from rightslens.store import SQLStore
from rightslens.store.facts import RESOLVED_TYPES

router = APIRouter(prefix="/entities", tags=["entities"], responses=ERROR_RESPONSES)

EntityType = Literal[RESOLVED_TYPES]  # type: ignore[valid-type]


def entity_record(entity: EntitySummary) -> dict[str, Any]:
    return {
        **{name: getattr(entity, name) for name in EntitySummary.__dataclass_fields__},
        "url": f"/api/entities/{entity.id}",
    }


@router.get("", response_model=EntityPage)
def entities(
    store: StoreDep,
    entity_type: Annotated[EntityType | None, Query(alias="type")] = None,
    name: Annotated[
        str | None, Query(description="Only entities whose name or a variant contains this.")
    ] = None,
    country: Annotated[
        str | None,
        Query(
            description="Only entities of this country (ISO code or name): its places and "
            "national institutions."
        ),
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities, those in the most reports first. National institutions ("Supreme Court")
    and places are resolved within their country, which each record names."""
    code = checked("country", country_code, country) if country else None
    found = api.select_entities(store, entity_type, name, code)
    return {
        "total": len(found),
        "limit": limit,
        "offset": offset,
        "items": [entity_record(e) for e in found[offset : offset + limit]],
    }


@router.get("/{entity_id}", response_model=EntityDetail)
def entity(
    store: StoreDep,
    entity_id: Annotated[int, Path(ge=1, description="An entity id from /api/entities.")],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One entity: its mentions counted year by year, and a page of the mentions with citations."""
    try:
        found, mentions = api.entity(store, entity_id)
    except NotFoundError:
        raise UnknownValueError("entity_id", f"no entity {entity_id} (see /api/entities)") from None
    return {
        **entity_record(found),
        "timeline": api.entity_years(mentions),
        "mention_page": {
            "total": len(mentions),
            "limit": limit,
            "offset": offset,
            "items": _mention_records(store, mentions[offset : offset + limit]),
        },
    }


def _mention_records(store: SQLStore, mentions: list[Mention]) -> list[dict[str, Any]]:
    """Mentions as records, each fact cited in its report (each report read once)."""
    records = []
    for mention, citer in with_citers(store, mentions):
        to_record = citer.fact_record if citer else api.fact_record
        records.append(
            {
                "document": mention.document,
                "year": mention.year,
                "section": mention.section,
                "fact": to_record(mention.fact),
                "events": [to_record(event) for event in mention.events],
            }
        )
    return records
